"""Column mapping: which header of an export answers which question, and saved profiles.

Every header gets a :class:`MappingDecision` saying what it was read as and why, so that a
data steward can see (and correct) every guess. Headers are compared case-, diacritics-,
whitespace- and Unicode-normalisation-insensitively against

* the canonical column names of ``SURVEY.md`` (``kommun``, ``betyg_integration`` …),
* the aliases in ``data/import_alias.toml`` (question texts in Swedish and English, the
  columns Google Forms and Microsoft Forms add),
* the area labels of the taxonomy, alone (a rating column called "Integration") or as a
  grid question ``Question [Area]`` (Google Forms) / ``Question.Area`` (Microsoft Forms).

A corrected mapping is saved as a :class:`MappingProfile` in a :class:`ProfileStore` and
found again for the next file with the same headers.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from linnedata.paths import DATA_DIR
from linnedata.taxonomy import Taxonomy
from linnedata.text import strip_diacritics

ALIAS_FILE = DATA_DIR / "import_alias.toml"
PROFILE_DIR = DATA_DIR.parent / "var" / "mapping_profiles"

IGNORE = ""  # target of a column that is not read
PERSONAL = "personuppgift"  # target of a column of personal data (dropped, hashed)
RATING_PREFIX = "betyg_"
PRIO_COLUMNS = ("prio_1", "prio_2", "prio_3")
SINGLE_COLUMNS = (
    "kommun",
    "inskickad",
    "roll",
    *PRIO_COLUMNS,
    "samverkansformer",
    "seminarieintresse",
    "medfinansiering",
    "utmaning_fritext",
)

# The text key naming each reason of a decision (the mapping table's "why").
REASON_KEYS = {
    "kanonisk": "grund_kanonisk",
    "alias": "grund_alias",
    "omrade": "grund_omrade",
    "rutnat": "grund_rutnat",
    "nyckelord": "grund_nyckelord",
    "metadata": "grund_metadata",
    "personuppgift": "grund_personuppgift",
    "okand": "grund_okand",
    "tom": "grund_tom",
    "profil": "grund_profil",
    "anvandare": "grund_anvandare",
    "innehall": "grund_innehall",
    "kryssrutnat": "grund_kryssrutnat",
    "rangordning": "grund_rangordning_prio",
    "alternativ": "grund_alternativ",
    "rutnat_tvetydigt": "grund_rutnat_tvetydigt",
    "verktygstid": "grund_verktygstid",
}

_GRID_BRACKET = re.compile(r"^(?P<q>.*?)\s*\[(?P<item>[^\[\]]+)\]\s*$")
# ``Question - Row``; Qualtrics' legacy export writes ``Question?-Row`` (no spaces)
_GRID_TAIL = re.compile(r"^(?P<q>.+?)\s*(?:\.|:| - | – | — |(?<=\?)-)\s*(?P<item>[^.:]+?)\s*$")


def key(text: str) -> str:
    """A header or answer as compared: no case, diacritics, BOM or ``-``/``_``/space runs.

    >>> key(" Prio-1 "), key("Tidstämpel"), key("betyg_Näringslivsutveckling")
    ('prio_1', 'tidstampel', 'betyg_naringslivsutveckling')
    """
    text = strip_diacritics(str(text).replace("\ufeff", "").replace("\u00a0", " "))
    return re.sub(r"[\s\-_]+", "_", text).strip("_")


def words(text: str) -> list[str]:
    """The words of a header as compared: letters and digits, no case or diacritics.

    >>> words("Näst viktigaste området?")
    ['nast', 'viktigaste', 'omradet']
    """
    return re.findall(r"[^\W_]+", strip_diacritics(str(text)))


@dataclass(frozen=True)
class Aliases:
    """The contents of ``data/import_alias.toml``, keyed by :func:`key`.

    Attributes:
        columns: header key → canonical column.
        metadata: header keys of survey-tool metadata (read past).
        personal: header keys of personal data (dropped).
        submitted: header keys of the survey tools' own time of submission, the one to
            prefer first (``[inskickad_verktyg]``).
        unfinished: a tool's header key → the cells (:func:`key`, lower case) saying a
            response was not finished (``[ofullstandiga]``).
        answers: ``{"roll"|"seminarieintresse"|"medfinansiering"|"omrade"|"form":
            {canonical value: (spellings …)}}``.
    """

    columns: dict[str, str]
    metadata: frozenset[str]
    personal: frozenset[str]
    answers: dict[str, dict[str, tuple[str, ...]]]
    keywords: tuple[tuple[str, frozenset[str]], ...] = ()
    submitted: tuple[str, ...] = ()
    unfinished: dict[str, frozenset[str]] = field(default_factory=dict)
    month_first: frozenset[str] = frozenset()

    def guesses(self, header: str) -> list[str]:
        """The columns a header's words suggest (``keywords``), most likely first."""
        found = set(words(header))
        out: list[str] = []
        for target, needed in self.keywords:
            if needed <= found and target not in out:
                out.append(target)
        return out

    def __post_init__(self) -> None:
        # spelling key → canonical value, per kind (the first value listed wins a tie):
        # :meth:`answer` runs for every cell of a file, so the spellings are keyed once
        index = {
            kind: {k: value for value, spellings in reversed(table.items())
                   for k in map(key, spellings)}
            for kind, table in self.answers.items()
        }  # fmt: skip
        object.__setattr__(self, "_index", index)

    def answer(self, kind: str, text: str) -> str | None:
        """The canonical value an alias answer stands for; None when none does."""
        return self._index.get(kind, {}).get(key(text))  # type: ignore[attr-defined]


def load_aliases(path: Path = ALIAS_FILE) -> Aliases:
    """Load the aliases file."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    columns = {
        key(alias): column for column, aliases in raw["kolumner"].items() for alias in aliases
    }
    answers = {
        kind: {value: tuple(spellings) for value, spellings in table.items()}
        for kind, table in raw.get("svar", {}).items()
    }
    keywords = tuple(
        (target, frozenset(w for word in group for w in words(word)))
        for target, groups in raw.get("nyckelord", {}).items()
        for group in groups
    )
    return Aliases(
        keywords=keywords,
        columns=columns,
        metadata=frozenset(key(h) for h in raw["metadata"]["headers"]),
        personal=frozenset(key(h) for h in raw["personuppgifter"]["headers"]),
        answers=answers,
        submitted=tuple(key(h) for h in raw.get("inskickad_verktyg", {}).get("headers", ())),
        month_first=frozenset(
            key(h) for h in raw.get("inskickad_verktyg", {}).get("manad_forst", ())
        ),
        unfinished={
            key(h): frozenset(key(c).lower() for c in cells)
            for h, cells in raw.get("ofullstandiga", {}).items()
        },
    )


@cache
def default_aliases() -> Aliases:
    """The shipped aliases, loaded once per process."""
    return load_aliases()


@dataclass(frozen=True)
class MappingDecision:
    """How one column of the file is read.

    Attributes:
        position: the column's place in the file (0 = first).
        header: the header as it reads in the file.
        target: the canonical column (``kommun``, ``betyg_integration`` …), :data:`PERSONAL`
            or :data:`IGNORE` ("" — not read).
        reason: why: ``kanonisk``, ``alias``, ``omrade`` (an area label), ``rutnat`` (a
            grid question), ``metadata``, ``personuppgift``, ``okand``, ``tom`` (no
            header), ``nyckelord`` (a guess from the header's words), ``innehall`` (its
            cells: municipalities under an empty header), ``profil`` or ``anvandare``
            (set by hand).
    """

    position: int
    header: str
    target: str
    reason: str


def _target_of(text: str, taxonomy: Taxonomy, aliases: Aliases) -> tuple[str, str] | None:
    k = key(text)
    if not k:
        return None
    if k in SINGLE_COLUMNS:
        return k, "kanonisk"
    if k.startswith(RATING_PREFIX):
        area = taxonomy.resolve("area", text.strip()[len(RATING_PREFIX) :].replace("_", " "))
        area = area or taxonomy.resolve("area", k[len(RATING_PREFIX) :].replace("_", " "))
        if area:
            return RATING_PREFIX + area, "kanonisk"
    if k in aliases.personal:
        return PERSONAL, "personuppgift"
    if k in aliases.metadata:
        return IGNORE, "metadata"
    if k in aliases.columns:
        return aliases.columns[k], "alias"
    area = taxonomy.resolve("area", text) or aliases.answer("omrade", text)
    if area:
        return RATING_PREFIX + area, "omrade"
    return None


def grid_question(header: str) -> str | None:
    """The question of a grid column (``Question [Row]``, ``Question.Row``), else None.

    >>> grid_question("Hur angeläget är …? [Integration]"), grid_question("Kommun")
    ('Hur angeläget är …?', None)
    """
    for pattern in (_GRID_BRACKET, _GRID_TAIL):
        match = pattern.match(header.strip())
        if match:
            return match["q"]
    return None


def decide(header: str, position: int, taxonomy: Taxonomy, aliases: Aliases) -> MappingDecision:
    """The automatic decision for one header."""
    shown = header.strip()
    if not key(shown):
        return MappingDecision(position, shown, IGNORE, "tom")
    found = _target_of(shown, taxonomy, aliases)
    if found:
        return MappingDecision(position, shown, *found)
    grid = _grid_decision(shown, position, taxonomy, aliases)
    if grid is not None:
        return grid
    if not key(shown).startswith(RATING_PREFIX):
        guessed = aliases.guesses(shown)
        if guessed:
            return MappingDecision(position, shown, guessed[0], "nyckelord")
    return MappingDecision(position, shown, IGNORE, "okand")


def _grid_decision(
    shown: str, position: int, taxonomy: Taxonomy, aliases: Aliases
) -> MappingDecision | None:
    """A grid column (``Question [Row]``, ``Question - Row``) read as its row's target; a
    ranking question's row per area (its question's words guess ``prio_1``: "Rangordna",
    "Rank") holds a place, never a rating: not read as a column (reason ``rangordning``),
    its places are read as the priorities (:mod:`~linnedata.survey.rank_grid`)."""
    found = _grid_match(shown, taxonomy, aliases)
    if found is None:
        return None
    question, _, target = found
    if target.startswith(RATING_PREFIX) and "prio_1" in aliases.guesses(question):
        return MappingDecision(position, shown, IGNORE, "rangordning")
    return MappingDecision(position, shown, target, "rutnat")


def _grid_match(shown: str, taxonomy: Taxonomy, aliases: Aliases) -> tuple[str, str, str] | None:
    """The question, the row's text and the row's target of a grid column, else None."""
    for pattern in (_GRID_BRACKET, _GRID_TAIL):
        match = pattern.match(shown)
        if match:
            item = _target_of(match["item"], taxonomy, aliases)
            if item and item[0] not in (IGNORE, PERSONAL):
                return match["q"], match["item"], item[0]
    return None


def ranked_area(header: str, taxonomy: Taxonomy, aliases: Aliases) -> str:
    """The area's text of a ranking question's column (reason ``rangordning``).

    >>> from linnedata.taxonomy import load_taxonomy
    >>> ranked_area("Rangordna - Integration", load_taxonomy(), default_aliases())
    'Integration'
    """
    found = _grid_match(header.strip(), taxonomy, aliases)
    return found[1] if found else ""


def auto_map(
    headers: Sequence[str], taxonomy: Taxonomy, aliases: Aliases | None = None
) -> list[MappingDecision]:
    """A decision for every header, in file order.

    A guess from the header's words (reason ``nyckelord``) never takes a column that
    another header names outright, nor one an earlier guess took: it stays unknown.
    """
    aliases = aliases or default_aliases()
    decisions = [decide(h, i, taxonomy, aliases) for i, h in enumerate(headers)]
    taken = {d.target for d in decisions if d.reason != "nyckelord" and d.target}
    out = []
    for d in decisions:
        if d.reason == "nyckelord":
            free = [t for t in aliases.guesses(d.header) if t not in taken]
            d = MappingDecision(
                d.position, d.header, *((free[0], "nyckelord") if free else (IGNORE, "okand"))
            )
            taken.add(d.target)
        out.append(d)
    return out


def targets(taxonomy: Taxonomy) -> list[str]:
    """Every target a column can be mapped to, for a selection list (``""`` = not read)."""
    return [
        IGNORE,
        *SINGLE_COLUMNS[:3],
        *(RATING_PREFIX + a for a in taxonomy.area_ids),
        *SINGLE_COLUMNS[3:],
        PERSONAL,
    ]


def override(
    decisions: list[MappingDecision], columns: dict[str, str], reason: str
) -> list[MappingDecision]:
    """Decisions with the headers named in ``columns`` (header → target) set by hand.

    Headers are matched as :func:`key` compares them; a header not in ``columns`` keeps
    its automatic decision.
    """
    wanted = {key(h): t for h, t in columns.items()}
    out = []
    for d in decisions:
        k = key(d.header)
        if k and k in wanted and (wanted[k] != d.target or reason == "profil"):
            out.append(MappingDecision(d.position, d.header, wanted[k], reason))
        else:
            out.append(d)
    return out


__all__ = [
    "IGNORE",
    "PERSONAL",
    "REASON_KEYS",
    "Aliases",
    "MappingDecision",
    "auto_map",
    "default_aliases",
    "grid_question",
    "key",
    "load_aliases",
    "override",
    "ranked_area",
    "targets",
]
