"""Read and validate survey exports into tidy tables.

An import runs in two steps so that other export formats can plug in:

1. A :class:`SurveyFormat` turns the raw bytes into a :class:`CanonicalTable`: every cell
   as text, the source row of each record, and the columns renamed to the canonical names
   of ``SURVEY.md`` (``kommun``, ``betyg_<area_id>``, ``prio_1`` …). Only the canonical CSV
   (comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252) is implemented;
   Google Forms CSV and Microsoft Forms XLSX readers are registered in :data:`FORMATS`
   the same way.
2. :func:`validate` checks the canonical text table cell by cell and builds the tidy
   tables of a :class:`Survey`.

Every problem is collected in one pass; an import with any error raises one
:class:`~linnedata.errors.InputError` carrying all errors and warnings.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

import pandas as pd

from linnedata import formats, i18n, mapping
from linnedata.errors import InputError, Problem
from linnedata.mapping import (  # canonical columns: one definition, in mapping.py
    PRIO_COLUMNS,
    RATING_PREFIX,
    SINGLE_COLUMNS,
    MappingDecision,
    MappingProfile,
    ProfileStore,
)
from linnedata.region import MunicipalityResolver, default_region, default_resolver
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.text import normalize, strip_diacritics

CANONICAL_CSV = "canonical-csv"
MAX_BYTES = 25_000_000
LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def canonical_columns(area_ids: Sequence[str]) -> list[str]:
    """The canonical CSV's columns in the questionnaire's order, with one rating per area.

    >>> canonical_columns(["integration"])[:4]
    ['kommun', 'inskickad', 'roll', 'betyg_integration']
    """
    return [*SINGLE_COLUMNS[:3], *(RATING_PREFIX + a for a in area_ids), *SINGLE_COLUMNS[3:]]


def _answers(kind: str) -> dict[str, tuple[str, ...]]:
    """Allowed answers of a single-choice question, from ``data/import_alias.toml``."""
    return mapping.default_aliases().answers[kind]


# Allowed answers: canonical value → accepted spellings (compared without case/diacritics).
ROLES = _answers("roll")
SEMINAR = _answers("seminarieintresse")
COFINANCING = _answers("medfinansiering")
CHOICES = {"roll": ROLES, "seminarieintresse": SEMINAR, "medfinansiering": COFINANCING}

_RATING = re.compile(r"(?P<n>\d+)(?:[.,]0+)?(?:\s*[-–—:)]\s*\D.*|\s+[^\d\s.,].*)?")
_ISO_TIME = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,6})\d*)?)?"
    r"(?:\s*(?P<ampm>AM|PM|fm|em|f\.m\.|e\.m\.))?)?"
    r"\s*(?P<tz>Z|UTC|GMT|CES?T|[+-]\d{2}:?\d{2}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?P<rest>(?:[ T,].*)?)"
)
_TEXT_TIME = re.compile(
    r"(?P<d>\d{1,2})\.?\s+(?P<mon>[^\W\d_]+)\.?\s+(?P<y>\d{4})"
    r"(?:,?\s+(?:kl\.?\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?)?"
)
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "maj": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_ROUND = re.compile(r"[\w][\w .\-/]{0,39}")


# --- messages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A message fragment rendered in the reader's language (e.g. the ``forslag`` text)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Alternatives:
    """Names joined as "A, B eller C" ("A, B or C" in English)."""

    names: tuple[str, ...]


def _render(value: Any, lang: str) -> Any:
    """Render a message parameter in ``lang``."""
    if isinstance(value, Phrase):
        return i18n.t(value.key, lang, **{k: _render(v, lang) for k, v in value.params.items()})
    if isinstance(value, Alternatives):
        names = list(value.names)
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {i18n.t('eller', lang)} {names[-1]}"
    if isinstance(value, float):
        return i18n.fmt_number(value, 1, lang)
    return value


class SurveyProblem(Problem):
    """A :class:`Problem` whose parameters may be :class:`Phrase` or :class:`Alternatives`.

    They are rendered in the language the message is asked for, so that a suggestion
    reads "menade du Växjö?" in Swedish and "did you mean Växjö?" in English.
    """

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``, with the row, column, value and parameters filled in."""
        params = {k: _render(v, lang) for k, v in self.params.items()}
        return i18n.t(self.code, lang, row=self.row, column=self.column, value=self.value, **params)


def _problem(
    key: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    /,
    **params: Any,
) -> SurveyProblem:
    """A problem with the message ``key``; ``params`` may hold :class:`Phrase`s."""
    return SurveyProblem(row=row, column=column, value=value, code=key, params=params)


def _suggestion(names: Iterable[str]) -> Phrase | str:
    """The " – menade du …?" fragment, or "." ending the sentence when there is none."""
    names = tuple(names)
    return Phrase("forslag", {"names": Alternatives(names)}) if names else "."


def _in_file_order(problems: list[Problem], headers: dict[str, str]) -> list[Problem]:
    """Problems sorted by row, and within a data row by the column's place in the file."""
    places = {header: place for place, header in enumerate(headers.values())}

    def key(problem: Problem) -> tuple[int, int]:
        if problem.row is None or problem.row <= 1:
            return (problem.row or 0, 0)
        return (problem.row, places.get(problem.column or "", -1))

    return sorted(problems, key=key)


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Survey:
    """One imported round of the survey, as tidy tables.

    Attributes:
        round: the round's label, e.g. ``"2024"``.
        responses: one row per respondent (duplicates removed): ``respondent`` (1..n),
            ``kalla_rad`` (row in the source file, header = row 1), ``kommun_kod``
            ("0780"), ``inskickad`` (datetime64[ns] or NaT), ``roll``, ``prio_1``,
            ``prio_2``, ``prio_3`` (area ids), ``seminarieintresse``, ``medfinansiering``
            (text or <NA>) and ``utmaning_fritext`` ("" when blank).
        ratings: ``respondent, area_id, betyg`` (Int64, <NA> when blank): one row per
            respondent and area of the taxonomy, in taxonomy order.
        forms: ``respondent, form_id``: one row per chosen form of collaboration.
        warnings: problems that did not stop the import.
        source_format: the format the file was read as, e.g. ``"canonical-csv"``.
        file_name: the uploaded file's name.
        sheet: the workbook sheet read (XLSX only).
        header_row: the header's row as a spreadsheet shows it.
        encoding: the text encoding (text files only).
        separator: the separator (text files only).
        mapping: how every column of the file was read.
        profile: the name of the saved mapping profile applied, if any.
        redactions: e-mail addresses and phone numbers removed from the free text.
    """

    round: str
    responses: pd.DataFrame
    ratings: pd.DataFrame
    forms: pd.DataFrame
    warnings: tuple[Problem, ...]
    source_format: str
    file_name: str
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None
    separator: str | None = None
    mapping: tuple[MappingDecision, ...] = ()
    profile: str | None = None
    redactions: int = 0


# --- step 1: formats ------------------------------------------------------------------------


@dataclass(frozen=True)
class CanonicalTable:
    """A survey export as text cells under canonical column names.

    Attributes:
        cells: one row per non-empty record; a ``kalla_rad`` column (int, the record's row
            as a spreadsheet shows it, header = 1) and one text column per canonical
            column found (``kommun``, ``betyg_integration`` …). Blank cells are "".
        headers: canonical column → the header as it reads in the file (for messages).
        errors: problems found while reading that stop the import.
        warnings: problems found while reading that do not.
    """

    cells: pd.DataFrame
    headers: dict[str, str]
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def decode_text(data: bytes) -> str | None:
    """Decode a text export in the documented order (see :mod:`linnedata.formats`).

    Returns:
        The text, or None when no encoding fits.

    >>> decode_text("Växjö".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbfa;b")
    ('Växjö', 'a;b')
    """
    decoded = formats.decode(data)
    return None if decoded is None else decoded[0]


@dataclass(frozen=True)
class SurveyFormat:
    """A survey export format: which container, encodings and separators it may have.

    Attributes:
        name: e.g. ``"google-forms-csv"``.
        container: ``"text"`` or ``"xlsx"``.
        encodings: the text encodings it may use (None: any of the documented order).
        separators: the separators it may use (None: any).
    """

    name: str
    container: str
    encodings: tuple[str, ...] | None = None
    separators: tuple[str, ...] | None = None


GOOGLE_FORMS = "google-forms-csv"
MICROSOFT_FORMS = "microsoft-forms-xlsx"
EXCEL_CSV = "excel-csv"
UNICODE_TEXT = "unicode-text"
XLSX = "xlsx"

# Every format ``--format`` may name; "auto" detects the format.
FORMATS: dict[str, SurveyFormat] = {
    CANONICAL_CSV: SurveyFormat(CANONICAL_CSV, "text"),
    GOOGLE_FORMS: SurveyFormat(GOOGLE_FORMS, "text", ("utf-8", "utf-8-sig"), (",",)),
    EXCEL_CSV: SurveyFormat(EXCEL_CSV, "text", ("cp1252", "utf-8-sig", "utf-8"), (";",)),
    UNICODE_TEXT: SurveyFormat(UNICODE_TEXT, "text", ("utf-16", "utf-16-le"), ("\t",)),
    MICROSOFT_FORMS: SurveyFormat(MICROSOFT_FORMS, "xlsx"),
    XLSX: SurveyFormat(XLSX, "xlsx"),
}
FORMAT_CHOICES = ("auto", *FORMATS)
_MS_FORMS_KEYS = frozenset({"id", "starttid", "start_time"})
_GOOGLE_KEYS = frozenset({"tidstampel", "timestamp"})
_HEADER_SEARCH = 20  # rows searched for the header when it is not the first


@dataclass
class ReadInfo:
    """How a file was read: what the detection line and the mapping table show.

    Attributes:
        source_format: the format's name (:data:`FORMATS`).
        container: ``"text"`` or ``"xlsx"``.
        encoding, separator: for text files.
        sheet: the sheet read; sheets: every sheet with content.
        header_row: the header's row as a spreadsheet shows it (0 when not found).
        decisions: the column mapping, one decision per header.
        profile: the name of the saved profile applied, if any.
        redactions: e-mail addresses and phone numbers removed from free text.
    """

    source_format: str = CANONICAL_CSV
    container: str = "text"
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int = 0
    decisions: list[MappingDecision] = field(default_factory=list)
    profile: str | None = None
    redactions: int = 0


def _find_header(
    records: list[list[str]],
    rows: list[int],
    header_row: int | None,
    decide: Callable[[list[str]], list[MappingDecision]],
) -> int | None:
    """Index of the header record: the given row, else the first that maps ``kommun``."""
    if header_row is not None:
        return next((i for i, r in enumerate(rows) if r == header_row), None)
    for index, record in enumerate(records[:_HEADER_SEARCH]):
        if any(cell.strip() for cell in record) and any(
            d.target == "kommun" for d in decide(record)
        ):
            return index
    return None


def _format_name(info: ReadInfo, decisions: list[MappingDecision]) -> str:
    keys = {mapping.key(d.header) for d in decisions}
    if info.container == "xlsx":
        return MICROSOFT_FORMS if keys & _MS_FORMS_KEYS else XLSX
    if (info.encoding or "").startswith("utf-16") and info.separator == "\t":
        return UNICODE_TEXT
    first = mapping.key(decisions[0].header) if decisions else ""
    if first in _GOOGLE_KEYS or any("[" in d.header and d.reason == "rutnat" for d in decisions):
        return GOOGLE_FORMS
    if info.separator == ";":
        return EXCEL_CSV
    return CANONICAL_CSV


def read_table(
    data: bytes,
    *,
    file_name: str = "",
    format: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
    mapping_override: dict[str, str] | None = None,
    profiles: ProfileStore | None = None,
    taxonomy: Taxonomy | None = None,
) -> tuple[CanonicalTable, ReadInfo]:
    """Read an export of any supported format into a canonical text table.

    Args:
        data: the file's bytes.
        file_name: the file's name (a ``.xlsx`` name on a text file is reported).
        format: ``"auto"`` or a name from :data:`FORMATS`.
        sheet: the workbook sheet to read (asked for when there are several).
        header_row: the header's row as a spreadsheet shows it; found when None.
        mapping_override: header → target (see :mod:`linnedata.mapping`) set by hand.
        profiles: a store whose profile for these headers is applied when no override is
            given.
        taxonomy: the taxonomy; the shipped one by default.

    Returns:
        The table (errors inside, never raised) and how the file was read.
    """
    taxonomy = taxonomy or default_taxonomy()
    aliases = mapping.default_aliases()
    info = ReadInfo()
    empty = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})

    def refused(
        *problems: Problem, warnings: tuple[Problem, ...] = ()
    ) -> tuple[CanonicalTable, ReadInfo]:
        return CanonicalTable(empty, {}, tuple(problems), warnings), info

    if format != "auto" and format not in FORMATS:
        return refused(_problem("format_okant", None, None, format, formats=", ".join(FORMATS)))
    forced = FORMATS.get(format)
    warnings: list[Problem] = []
    container = formats.container_of(data)
    if container != "text":  # a workbook, also when it is refused before it is read
        info.container, info.source_format = "xlsx", forced.name if forced else XLSX
    if not data.strip():
        return refused(_problem("fil_tom"))
    if container == "ole":
        return refused(formats.ole_problem(data))
    if forced is not None and (container == "zip") != (forced.container == "xlsx"):
        return refused(_problem("format_passar_ej", None, None, None, format=forced.name))

    def decide(record: list[str]) -> list[MappingDecision]:
        return decide_with_profile(record)[0]

    def decide_with_profile(record: list[str]) -> tuple[list[MappingDecision], str | None]:
        record = [formats.clean_cell(c)[0] for c in record]
        decisions = mapping.auto_map(record, taxonomy, aliases)
        if mapping_override:
            return mapping.override(decisions, mapping_override, "anvandare"), None
        profile = profiles.find_for(record) if profiles is not None else None
        if profile is not None:
            return mapping.override(decisions, profile.columns, "profil"), profile.name
        return decisions, None

    if container == "zip":
        grid = formats.read_xlsx(data, sheet)
    else:
        if Path(file_name).suffix.lower() in (".xlsx", ".xlsm"):
            warnings.append(_problem("fil_xlsx_ar_text", None, None, file_name))
        grid = formats.read_text(
            data,
            lambda records: (
                _find_header(records, list(range(1, len(records) + 1)), header_row, decide)
                is not None
            ),
            encodings=forced.encodings if forced else None,
            separators=forced.separators if forced else None,
        )
    info.container = grid.container
    info.encoding, info.separator = grid.encoding, grid.separator
    info.sheet, info.sheets = grid.sheet, grid.sheets
    if grid.errors:
        return refused(*grid.errors, warnings=tuple(warnings))
    records, rows = grid.records, grid.rows
    if not any(any(c.strip() for c in r) for r in records):
        return refused(_problem("fil_tom"))
    index = _find_header(records, rows, header_row, decide)
    if index is None:
        if header_row is not None and header_row not in rows:
            return refused(_problem("rubrikrad_saknas", None, None, str(header_row), last=rows[-1]))
        # no kommun column: the presumed header's mapping is still shown, so that the user
        # can map a column to kommun or give the header row
        presumed = (
            rows.index(header_row)
            if header_row is not None
            else next(i for i, r in enumerate(records) if any(c.strip() for c in r))
        )
        info.header_row = rows[presumed]
        info.decisions, info.profile = decide_with_profile(records[presumed])
        info.source_format = forced.name if forced else _format_name(info, info.decisions)
        found = ", ".join(f"'{h.strip()}'" for h in records[presumed] if h.strip())
        return refused(
            _problem("kolumn_saknas", info.header_row, None, None, expected="kommun", found=found),
            warnings=tuple(warnings),
        )
    header = [formats.clean_cell(h)[0] for h in records[index]]
    info.header_row = rows[index]
    for raw, clean in zip(records[index], header, strict=True):
        if raw != clean:
            warnings.append(_problem("cell_styrtecken", info.header_row, clean.strip(), clean))
    titles = [rows[i] for i in range(index) if any(c.strip() for c in records[i])]
    if titles:
        warnings.append(
            _problem(
                "rubrikrad_inte_forst",
                info.header_row,
                None,
                None,
                skipped=", ".join(str(r) for r in titles),
            )
        )
    decisions, info.profile = decide_with_profile(header)
    info.decisions = decisions
    info.source_format = forced.name if forced else _format_name(info, decisions)

    errors: list[Problem] = []
    header_problems(decisions, taxonomy, errors, warnings, info.header_row)
    targets = {d.position: d.target for d in decisions}
    valid_targets = set(mapping.targets(taxonomy))
    used = {
        position: target
        for position, target in targets.items()
        if target and target != mapping.PERSONAL and target in valid_targets
    }
    seen_target: dict[str, str] = {}
    for position in sorted(used):
        target = used[position]
        if target in seen_target:
            used.pop(position)
        else:
            seen_target[target] = header[position]
    personal = [p for p, t in targets.items() if t == mapping.PERSONAL]
    salt = secrets.token_bytes(16)
    width = len(header)
    is_text = grid.container == "text"
    unnamed = {i: False for i, h in enumerate(header) if not h.strip()}
    shown_header = {p: header[p].strip() for p in range(width)}
    formula_at = {(r, c): f for r, c, f in grid.formula_cells}
    out_rows: list[dict[str, Any]] = []
    for record, row in zip(records[index + 1 :], rows[index + 1 :], strict=True):
        if not any(cell.strip() for cell in record):
            warnings.append(_problem("rad_tom", row))
            continue
        extra = record[width:]
        if is_text and (len(record) < width or any(cell.strip() for cell in extra)):
            errors.append(_ragged(record, row, header, width))
            continue
        record = record + [""] * (width - len(record))
        for position, reported in unnamed.items():
            if not reported and record[position].strip():
                unnamed[position] = True
                warnings.append(
                    _problem(
                        "kolumn_utan_rubrik", row, None, record[position], position=position + 1
                    )
                )
        cells: dict[str, Any] = {"kalla_rad": row}
        for position, name in used.items():
            text, had_control, cut = formats.clean_cell(record[position])
            column = shown_header[position]
            if had_control:
                warnings.append(_problem("cell_styrtecken", row, column, _preview(text)))
            if cut:
                warnings.append(
                    _problem(
                        "cell_for_lang",
                        row,
                        column,
                        _preview(text),
                        length=len(record[position]),
                        limit=formats.MAX_CELL,
                    )
                )
            cells[name] = text
        for (r, c), formula in formula_at.items():
            if r == row and c - 1 in used:
                warnings.append(
                    _problem("cell_formel_utan_varde", row, shown_header[c - 1], formula)
                )
        if personal:
            identity = "\x1f".join(normalize(record[p]) for p in personal)
            cells[IDENTITY] = hashlib.sha256(salt + identity.encode("utf-8")).hexdigest()
        out_rows.append(cells)
    headers = {name: shown_header[position] for position, name in used.items()}
    if _is_ranking(used, out_rows):
        # Microsoft Forms exports a ranking question as one column, "A;B;C;…" best first
        for cells in out_rows:
            ranked = [part.strip() for part in cells.get("prio_1", "").split(";") if part.strip()]
            for rank, name in enumerate(PRIO_COLUMNS):
                cells[name] = ranked[rank] if rank < len(ranked) else ""
        for name in PRIO_COLUMNS[1:]:
            headers[name] = headers["prio_1"]
        warnings.append(_problem("prio_rangordning", info.header_row, headers["prio_1"], None))
    names = list(dict.fromkeys([*used.values(), *(c for r in out_rows[:1] for c in r)]))
    columns = ["kalla_rad", *(n for n in names if n not in ("kalla_rad", IDENTITY))]
    columns += [IDENTITY] if personal else []
    frame = pd.DataFrame(out_rows, columns=columns).astype(
        {"kalla_rad": "int64", **{c: "string" for c in columns[1:]}}
    )
    return CanonicalTable(frame, headers, tuple(errors), tuple(warnings)), info


def _ragged(record: list[str], row: int, header: list[str], width: int) -> Problem:
    """A row with more or fewer fields than the header, naming the cell where it goes wrong."""
    column = value = None
    if len(record) > width:  # the first value beyond the last header
        place = next(i for i in range(width, len(record)) if record[i].strip())
        column, value = formats.column_letter(place), _preview(record[place].strip())
        where = Phrase("rad_ojamn_extra", {"column": column, "value": value})
    else:  # the first header without a value, and the row's last value
        column = header[len(record)].strip() or formats.column_letter(len(record))
        value = _preview(next((c.strip() for c in reversed(record) if c.strip()), ""))
        where = Phrase("rad_ojamn_kort", {"column": column, "value": value})
    return _problem("rad_ojamn", row, column, value, found=len(record), expected=width, where=where)


def _is_ranking(used: dict[int, str], rows: list[dict[str, Any]]) -> bool:
    """True when the only priority column holds ";"-separated lists (a ranking)."""
    targets = set(used.values())
    return (
        "prio_1" in targets
        and not targets & {"prio_2", "prio_3"}
        and any(";" in str(r.get("prio_1", "")).strip(" ;") for r in rows)
    )


IDENTITY = "_identitet"


def _preview(text: str, limit: int = 60) -> str:
    """The start of a long cell, for a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def header_problems(
    decisions: list[MappingDecision],
    taxonomy: Taxonomy,
    errors: list[Problem],
    warnings: list[Problem],
    row: int = 1,
) -> None:
    """The problems of a column mapping: duplicates, unknown rating areas, dropped columns."""
    valid = set(mapping.targets(taxonomy))
    seen: dict[str, str] = {}
    for d in decisions:
        k = mapping.key(d.header)
        if not k:
            continue
        if d.target == mapping.PERSONAL:
            warnings.append(_problem("kolumn_personuppgift", row, d.header, None))
            continue
        if d.target and d.target not in valid:
            errors.append(_problem("mappning_ogiltig", row, d.header, d.target))
            continue
        if not d.target:
            if d.reason == "okand" and k.startswith(RATING_PREFIX):
                area_text = d.header.strip()[len(RATING_PREFIX) :].replace("_", " ")
                errors.append(
                    _problem(
                        "kolumn_betyg_okand",
                        row,
                        d.header,
                        area_text,
                        suggestion=_suggestion(taxonomy.suggest("area", area_text)),
                    )
                )
            elif d.reason == "okand":
                warnings.append(_problem("kolumn_okand", row, d.header, None))
            elif d.reason == "anvandare":
                warnings.append(_problem("kolumn_ignorerad", row, d.header, None))
        name = d.target or f"?{k}"
        if name in seen:
            errors.append(_problem("kolumn_dubblett", row, d.header, None, first=seen[name]))
            continue
        if d.target or d.reason == "okand":
            seen[name] = d.header


def read_canonical_csv(data: bytes, taxonomy: Taxonomy | None = None) -> CanonicalTable:
    """Read a CSV export into a canonical text table (see :func:`read_table`)."""
    return read_table(data, taxonomy=taxonomy)[0]


# --- step 2: cell parsers -------------------------------------------------------------------


def parse_rating(cell: str) -> int | None:
    """A rating cell → 1–5; None when blank.

    Raises:
        ValueError: the cell is not a whole number from 1 to 5.

    >>> [parse_rating(c) for c in ["4", "4.0", "4,0", "4 - Ganska angeläget", " 4 ", ""]]
    [4, 4, 4, 4, 4, None]
    """
    text = cell.strip()
    if not text:
        return None
    match = _RATING.fullmatch(text)
    if match is None or not 1 <= int(match["n"]) <= 5:
        raise ValueError(cell)
    return int(match["n"])


def day_month_order(cells: Iterable[str]) -> str | None:
    """``"dmy"`` or ``"mdy"`` when a column's ``d/m/yyyy`` dates tell which; else None.

    >>> day_month_order(["1/10/2024", "13/10/2024"]), day_month_order(["10/13/2024"])
    ('dmy', 'mdy')
    """
    found = [m for m in (_DAY_MONTH.fullmatch(c.strip()) for c in cells) if m and m["sep"] == "/"]
    day_first = any(int(m["a"]) > 12 for m in found)
    month_first = any(int(m["b"]) > 12 for m in found)
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return None


def is_ambiguous_date(cell: str) -> bool:
    """True for ``1/10/2024``: 1 October or 10 January."""
    m = _DAY_MONTH.fullmatch(cell.strip())
    return bool(m) and m["sep"] == "/" and int(m["a"]) <= 12 and int(m["b"]) <= 12


def parse_timestamp(cell: str, order: str | None = None) -> datetime | None:
    """A submission time → naive local (Stockholm) time; None when blank.

    Accepts ISO dates and times (``2024-10-01``, ``2024-10-01 14:03``,
    ``2024-10-01T14:03:00``, ``2024/10/01 2:03:07 PM GMT+2``, with an optional ``Z``,
    zone or UTC offset, converted to Swedish time), ``1 okt 2024 14:03``, ``1.10.2024``
    (day first) and ``d/m/yyyy`` or ``m/d/yyyy`` when the day is over 12 or ``order``
    (``"dmy"``/``"mdy"``, see :func:`day_month_order`) tells.

    Raises:
        ValueError: the cell cannot be read as a time (or it is ambiguous).

    >>> parse_timestamp("2024/10/01 14:03"), parse_timestamp("1 okt 2024")
    (datetime.datetime(2024, 10, 1, 14, 3), datetime.datetime(2024, 10, 1, 0, 0))
    """
    text = cell.strip()
    if not text:
        return None
    iso = _ISO_TIME.fullmatch(text)
    if iso:
        fraction = (iso["f"] or "0").ljust(6, "0")
        hour = int(iso["H"] or 0)
        meridiem = (iso["ampm"] or "").lower().replace(".", "")
        if meridiem:
            if not 1 <= hour <= 12:
                raise ValueError(cell)
            hour = hour % 12 + (12 if meridiem in ("pm", "em") else 0)
        moment = datetime(
            int(iso["y"]),
            int(iso["m"]),
            int(iso["d"]),
            hour,
            int(iso["M"] or 0),
            int(iso["S"] or 0),
            int(fraction),
        )
        zone = (iso["tz"] or "").upper()
        if zone:
            moment = moment.replace(tzinfo=_offset(zone)).astimezone(LOCAL_TIME)
            moment = moment.replace(tzinfo=None)
        return moment
    loose = _DAY_MONTH.fullmatch(text)
    if loose:
        a, b = int(loose["a"]), int(loose["b"])
        if loose["sep"] == "." or a > 12:
            wanted = "dmy"
        elif b > 12:
            wanted = "mdy"
        elif order is None:
            raise ValueError(cell)
        else:
            wanted = order
        if order not in (None, wanted) and loose["sep"] == "/":
            raise ValueError(cell)
        day, month = (a, b) if wanted == "dmy" else (b, a)
        rest = loose["rest"].strip(" ,T")
        return parse_timestamp(f"{loose['y']}-{month:02d}-{day:02d}" + (f" {rest}" if rest else ""))
    spelled = _TEXT_TIME.fullmatch(text)
    if spelled:
        month = _MONTHS.get(strip_diacritics(spelled["mon"])[:3])
        if month is not None:
            return datetime(
                int(spelled["y"]),
                month,
                int(spelled["d"]),
                int(spelled["H"] or 0),
                int(spelled["M"] or 0),
                int(spelled["S"] or 0),
            )
    raise ValueError(cell)


def _offset(zone: str) -> timezone:
    if zone in ("Z", "UTC", "GMT"):
        return UTC
    if zone in ("CET", "CEST"):
        return timezone(timedelta(hours=1 if zone == "CET" else 2))
    zone = zone.removeprefix("GMT").removeprefix("UTC")
    if ":" not in zone and len(zone) <= 3:  # GMT+2
        zone = f"{zone[0]}{zone[1:].zfill(2)}00"
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _choice_key(text: str) -> str:
    return strip_diacritics(text.replace("’", "'").replace("´", "'"))


def parse_choice(cell: str, allowed: dict[str, tuple[str, ...]]) -> str | None:
    """A single-choice cell → its canonical value; None when blank.

    Raises:
        ValueError: the cell is none of the allowed answers.

    >>> parse_choice(" JA ", SEMINAR), parse_choice("Don’t know", COFINANCING)
    ('ja', 'vet ej')
    """
    if not cell.strip():
        return None
    key = _choice_key(cell)
    for value, spellings in allowed.items():
        if any(key == _choice_key(spelling) for spelling in spellings):
            return value
    raise ValueError(cell)


def split_forms(cell: str, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """A multi-select cell → (form ids in order, each once; the parts not recognised).

    Parts are separated by ``;`` (a trailing ``;`` is fine); a part that is not a form is
    split again on ``,`` (Google Forms joins answers with ", ").

    >>> split_forms("Forskning; workshop;Forskning;", default_taxonomy())
    (['forskning', 'workshop'], [])
    """
    found: list[str] = []
    unknown: list[str] = []
    for part in cell.split(";"):
        if not part.strip():
            continue
        whole = taxonomy.resolve("form", part) or mapping.default_aliases().answer("form", part)
        pieces = [part] if whole else part.split(",")
        for piece in pieces:
            if not piece.strip():
                continue
            form = taxonomy.resolve("form", piece) or mapping.default_aliases().answer(
                "form", piece
            )
            if form is None:
                unknown.append(piece.strip())
            elif form not in found:
                found.append(form)
    return found, unknown


# --- step 2: validation ---------------------------------------------------------------------


@dataclass
class ValidationResult:
    """What validation found; tables are built even when there are errors (for reports)."""

    responses: pd.DataFrame
    ratings: pd.DataFrame
    forms: pd.DataFrame
    errors: list[Problem]
    warnings: list[Problem]
    redactions: int = 0


_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)[\s\-]?\(?\d{1,4}\)?(?:[\s\-]?\d){5,9}(?!\d)")


def redact(text: str) -> tuple[str, int]:
    """Free text with e-mail addresses and Swedish phone numbers replaced; how many.

    >>> redact("Ring 070-123 45 67 eller mejla a.b@kommun.se före 2024")
    ('Ring [telefon borttaget] eller mejla [e-post borttagen] före 2024', 2)
    """
    text, emails = _EMAIL.subn("[e-post borttagen]", text)
    text, phones = _PHONE.subn("[telefon borttaget]", text)
    return text, emails + phones


def validate(
    table: CanonicalTable,
    *,
    taxonomy: Taxonomy | None = None,
    resolver: MunicipalityResolver | None = None,
    region_codes: frozenset[str] | None = None,
    allow_outside_region: bool = False,
) -> ValidationResult:
    """Check a canonical text table cell by cell and build the tidy tables.

    Args:
        table: the canonical text table from a :class:`SurveyFormat`.
        taxonomy: the taxonomy; the shipped one by default.
        resolver: resolves municipality cells; the whole country by default.
        region_codes: the region's municipality codes; the shipped region by default.
        allow_outside_region: a municipality outside the region is a warning, not an error.

    Returns:
        The tables, every error and every warning (the table's own included).
    """
    taxonomy = taxonomy or default_taxonomy()
    resolver = resolver or default_resolver()
    if region_codes is None:
        region_codes = frozenset(default_region()["kommun_kod"])
    errors: list[Problem] = list(table.errors)
    warnings: list[Problem] = list(table.warnings)
    headers = table.headers
    rating_columns = [c for c in table.cells.columns if c.startswith(RATING_PREFIX)]
    municipalities: dict[str, Any] = {}

    records: list[dict[str, Any]] = []
    rating_rows: list[list[int | None]] = []
    form_rows: list[list[str]] = []
    first_of: dict[tuple[Any, ...], int] = {}
    area_ids = taxonomy.area_ids
    columns = {
        name: ["" if v is None or v is pd.NA else str(v) for v in table.cells[name].tolist()]
        for name in table.cells.columns
        if name != "kalla_rad"
    }
    memo: dict[tuple[str, str], tuple[Any, bool]] = {}
    redacted_rows: list[int] = []
    redactions = 0
    date_order = day_month_order(columns.get("inskickad", []))
    aliases = mapping.default_aliases()

    def area_of(text: str) -> str | None:
        return taxonomy.resolve("area", text) or aliases.answer("omrade", text)

    def parsed(kind: str, text: str, parse: Callable[[str], Any]) -> tuple[Any, bool]:
        """``parse(text)`` and whether it succeeded, computed once per distinct cell."""
        key = (kind, text)
        if key not in memo:
            try:
                memo[key] = (parse(text), True)
            except ValueError:
                memo[key] = (None, False)
        return memo[key]

    for index, row in enumerate(table.cells["kalla_rad"].tolist()):
        row = int(row)

        def cell(name: str, index: int = index) -> str:
            return columns[name][index] if name in columns else ""

        def bad(code: str, name: str, value: str, row: int = row, **params: Any) -> None:
            errors.append(_problem(code, row, headers.get(name, name), value, **params))

        code = _municipality(
            cell("kommun"),
            row,
            headers.get("kommun", "kommun"),
            resolver,
            region_codes,
            allow_outside_region,
            errors,
            warnings,
            municipalities,
        )
        record: dict[str, Any] = {"kalla_rad": row, "kommun_kod": code}
        record["inskickad"], ok = parsed(
            "inskickad", cell("inskickad"), lambda text: parse_timestamp(text, date_order)
        )
        if not ok:
            ambiguous = date_order is None and is_ambiguous_date(cell("inskickad"))
            bad(
                "datum_tvetydigt" if ambiguous else "datum_ogiltigt", "inskickad", cell("inskickad")
            )
        for name, allowed in CHOICES.items():
            record[name], ok = parsed(
                name, cell(name), lambda text, a=allowed: parse_choice(text, a)
            )
            if not ok:
                bad("val_okant", name, cell(name), allowed=Alternatives(tuple(allowed)))
        chosen: dict[str, str] = {}
        for name in PRIO_COLUMNS:
            text = cell(name)
            record[name] = None
            if not text.strip():
                continue
            area, _ = parsed("area", text, area_of)
            if area is None:
                bad(
                    "omrade_okant",
                    name,
                    text,
                    suggestion=_suggestion(taxonomy.suggest("area", text)),
                )
            elif area in chosen:
                bad("prio_upprepad", name, text, first=chosen[area])
            else:
                chosen[area] = headers.get(name, name)
                record[name] = area
        ratings: dict[str, int | None] = {}
        for name in rating_columns:
            ratings[name[len(RATING_PREFIX) :]], ok = parsed("betyg", cell(name), parse_rating)
            if not ok:
                bad("betyg_ogiltigt", name, cell(name))
        (forms, unknown), _ = parsed(
            "samverkansformer", cell("samverkansformer"), lambda text: split_forms(text, taxonomy)
        )
        for part in unknown:
            bad(
                "form_okand",
                "samverkansformer",
                part,
                suggestion=_suggestion(taxonomy.suggest("form", part)),
            )
        free_text, found = redact(cell("utmaning_fritext").strip())
        record["utmaning_fritext"] = free_text
        if found:
            redacted_rows.append(row)
            redactions += found

        rating_list = [ratings.get(area) for area in area_ids]
        key = (
            *(record[c] for c in ("kommun_kod", "inskickad", "roll", *PRIO_COLUMNS)),
            record["seminarieintresse"],
            record["medfinansiering"],
            record["utmaning_fritext"],
            tuple(rating_list),
            tuple(sorted(forms)),
            cell(IDENTITY),
        )
        if code is not None and key in first_of:
            warnings.append(_problem("svar_dubblett", row, None, None, first=first_of[key]))
            continue
        first_of.setdefault(key, row)
        records.append(record)
        rating_rows.append(rating_list)
        form_rows.append(list(forms))
    if redactions:
        warnings.append(
            _problem(
                "fritext_redigerad",
                None,
                headers.get("utmaning_fritext", "utmaning_fritext"),
                None,
                count=redactions,
                rows=", ".join(str(r) for r in redacted_rows),
            )
        )
    return ValidationResult(
        *_tables(records, rating_rows, form_rows, area_ids),
        errors=_in_file_order(errors, headers),
        warnings=_in_file_order(warnings, headers),
        redactions=redactions,
    )


def _municipality(
    text: str,
    row: int,
    column: str,
    resolver: MunicipalityResolver,
    region_codes: frozenset[str],
    allow_outside_region: bool,
    errors: list[Problem],
    warnings: list[Problem],
    cache: dict[str, Any],
) -> str | None:
    """Resolve one municipality cell, adding its problems; the code or None."""
    if not text.strip():
        errors.append(_problem("kommun_saknas", row, column, text))
        return None
    if text not in cache:
        cache[text] = resolver.resolve(text)
    found = cache[text]
    if found.code is None:
        if found.problem == "kommun_tvetydig":
            problem = _problem(
                "kommun_tvetydig",
                row,
                column,
                text,
                candidates=Alternatives(tuple(found.candidates)),
            )
        else:
            problem = _problem(
                "kommun_okand", row, column, text, suggestion=_suggestion(found.candidates)
            )
        errors.append(problem)
        return None
    name = resolver.name(found.code)
    if found.code not in region_codes:
        if allow_outside_region:
            warnings.append(
                _problem("kommun_utanfor_tillaten", row, column, text, name=name, code=found.code)
            )
        else:
            errors.append(_problem("kommun_utanfor", row, column, text, name=name, code=found.code))
    return found.code


def _tables(
    records: list[dict[str, Any]],
    rating_rows: list[list[int | None]],
    form_rows: list[list[str]],
    area_ids: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The responses, ratings and forms tables with their documented dtypes."""
    respondents = list(range(1, len(records) + 1))
    text = "string"
    responses = pd.DataFrame(
        {
            "respondent": pd.Series(respondents, dtype="int64"),
            "kalla_rad": pd.Series([r["kalla_rad"] for r in records], dtype="int64"),
            "kommun_kod": pd.Series([r["kommun_kod"] for r in records], dtype=text),
            "inskickad": pd.Series(
                [pd.NaT if r["inskickad"] is None else r["inskickad"] for r in records],
                dtype="datetime64[ns]",
            ),
            **{
                name: pd.Series([r[name] for r in records], dtype=text)
                for name in ("roll", *PRIO_COLUMNS, "seminarieintresse", "medfinansiering")
            },
            "utmaning_fritext": pd.Series([r["utmaning_fritext"] for r in records], dtype=text),
        }
    )
    ratings = pd.DataFrame(
        {
            "respondent": pd.Series([r for r in respondents for _ in area_ids], dtype="int64"),
            "area_id": pd.Series(area_ids * len(records), dtype=text),
            "betyg": pd.Series(
                [pd.NA if v is None else v for values in rating_rows for v in values],
                dtype="Int64",
            ),
        }
    )
    forms = pd.DataFrame(
        {
            "respondent": pd.Series(
                [r for r, chosen in zip(respondents, form_rows, strict=True) for _ in chosen],
                dtype="int64",
            ),
            "form_id": pd.Series([f for chosen in form_rows for f in chosen], dtype=text),
        }
    )
    return responses, ratings, forms


# --- the public entry points ----------------------------------------------------------------


def round_from_file_name(name: str) -> str:
    """The round a file name suggests: its first year (19xx/20xx), else its stem.

    >>> round_from_file_name("enkat_2024_v2.csv"), round_from_file_name("svar hösten.csv")
    ('2024', 'svar hösten')
    """
    found = _YEAR.search(Path(name).name)
    return found.group(0) if found else Path(name).stem


Source = Path | str | bytes | bytearray | BinaryIO


def _load(source: Source, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem of an oversized or unreadable file.

    The size is checked before the whole file is read (a path's size on disk; a file
    object is read at most ``max_bytes + 1`` bytes).
    """
    too_big = lambda size: _problem(  # noqa: E731
        "fil_for_stor", size=round(size / 1e6, 1), limit=round(max_bytes / 1e6, 1)
    )
    if isinstance(source, bytes | bytearray):
        if len(source) > max_bytes:
            return None, [too_big(len(source))]
        return bytes(source), []
    if hasattr(source, "read"):
        try:
            data = source.read(max_bytes + 1)  # type: ignore[union-attr]
        except OSError as exc:
            return None, [_problem("fil_trasig", detail=exc.strerror or str(exc))]
        if len(data) > max_bytes:
            return None, [too_big(len(data))]
        return bytes(data), []
    try:
        size = Path(source).stat().st_size  # type: ignore[arg-type]
    except OSError as exc:
        return None, [_problem("fil_trasig", detail=exc.strerror or str(exc))]
    if size > max_bytes:
        return None, [too_big(size)]
    try:
        return Path(source).read_bytes(), []  # type: ignore[arg-type]
    except OSError as exc:
        return None, [_problem("fil_trasig", detail=exc.strerror or str(exc))]


def _source_name(source: Source, file_name: str | None) -> str:
    if file_name is not None:
        return file_name
    if isinstance(source, bytes | bytearray):
        return ""
    if hasattr(source, "read"):
        return Path(str(getattr(source, "name", ""))).name
    return Path(source).name  # type: ignore[arg-type]


@dataclass
class Inspection:
    """Everything an import found: the outcome of validation and how the file was read."""

    info: ReadInfo
    outcome: ValidationResult
    file_name: str


def _mapping_columns(
    mapping_arg: MappingProfile | dict[str, str] | None,
) -> dict[str, str] | None:
    if mapping_arg is None:
        return None
    if isinstance(mapping_arg, MappingProfile):
        return dict(mapping_arg.columns)
    return dict(mapping_arg)


def inspect_survey(
    source: Source,
    *,
    round_label: str | None = None,
    file_name: str | None = None,
    format: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: MappingProfile | dict[str, str] | None = None,
    profiles: ProfileStore | None = None,
    allow_outside_region: bool = False,
    max_bytes: int = MAX_BYTES,
) -> Inspection:
    """Read, map and validate; never raises for bad input (see :func:`read_survey`)."""
    name = _source_name(source, file_name)
    errors: list[Problem] = []
    if round_label is not None and not _ROUND.fullmatch(round_label.strip()):
        errors.append(_problem("omgang_ogiltig", None, None, round_label))
    data, problems = _load(source, max_bytes)
    info = ReadInfo()
    if data is None:
        empty = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})
        table = CanonicalTable(empty, {}, tuple(problems))
    else:
        table, info = read_table(
            data,
            file_name=name,
            format=format,
            sheet=sheet,
            header_row=header_row,
            mapping_override=_mapping_columns(mapping),
            profiles=profiles,
        )
    outcome = validate(table, allow_outside_region=allow_outside_region)
    outcome.errors[:0] = errors
    rows_with_errors = any(p.row is not None and p.row > 1 for p in outcome.errors)
    if table.headers and table.cells.empty and not rows_with_errors:
        outcome.errors.append(_problem("fil_inga_rader"))
    info.redactions = outcome.redactions
    return Inspection(info, outcome, name)


def read_survey(
    source: Source,
    *,
    round_label: str,
    file_name: str | None = None,
    format: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: MappingProfile | dict[str, str] | None = None,
    profiles: ProfileStore | None = None,
    allow_outside_region: bool = False,
    max_bytes: int = MAX_BYTES,
) -> Survey:
    """Read and validate one survey export of any supported format.

    Args:
        source: the file, as a path, its bytes or a binary file object.
        round_label: the round, e.g. ``"2024"`` (see :func:`round_from_file_name`).
        file_name: the uploaded file's name; the path's name by default.
        format: ``"auto"`` (detect) or a name from :data:`FORMATS`.
        sheet: the workbook sheet to read; needed when a workbook has several.
        header_row: the header's row as a spreadsheet shows it; found when None.
        mapping: a :class:`~linnedata.mapping.MappingProfile` or ``{header: target}``
            overriding the automatic column mapping.
        profiles: a profile store; its profile for these headers is applied when
            ``mapping`` is None.
        allow_outside_region: accept municipalities outside the region, with a warning.
        max_bytes: files larger than this are refused (25 MB by default).

    Returns:
        The survey's tidy tables, the warnings and how the file was read.

    Raises:
        InputError: with every error and warning when the file cannot be imported.
    """
    found = inspect_survey(
        source,
        round_label=round_label,
        file_name=file_name,
        format=format,
        sheet=sheet,
        header_row=header_row,
        mapping=mapping,
        profiles=profiles,
        allow_outside_region=allow_outside_region,
        max_bytes=max_bytes,
    )
    return survey_of(found, round_label)


def survey_of(found: Inspection, round_label: str) -> Survey:
    """The :class:`Survey` of an inspection without errors.

    Raises:
        InputError: the inspection has errors.
    """
    outcome, info = found.outcome, found.info
    if outcome.errors:
        raise InputError(outcome.errors, outcome.warnings)
    return Survey(
        round=round_label.strip(),
        responses=outcome.responses,
        ratings=outcome.ratings,
        forms=outcome.forms,
        warnings=tuple(outcome.warnings),
        source_format=info.source_format,
        file_name=found.file_name,
        sheet=info.sheet,
        header_row=info.header_row or 1,
        encoding=info.encoding,
        separator=info.separator,
        mapping=tuple(info.decisions),
        profile=info.profile,
        redactions=info.redactions,
    )


def report_of(found: Inspection, lang: str = "sv") -> dict[str, Any]:
    """The JSON-ready validation report of an inspection."""
    outcome, info = found.outcome, found.info
    codes = outcome.responses["kommun_kod"].dropna()
    return {
        "ok": not outcome.errors,
        "file_name": found.file_name,
        "source_format": info.source_format,
        "detected": detection_line(info, lang),
        "sheet": info.sheet,
        "sheets": list(info.sheets),
        "header_row": info.header_row,
        "encoding": info.encoding,
        "separator": info.separator,
        "profile": info.profile,
        "mapping": [
            {"column": d.header, "target": d.target, "reason": d.reason} for d in info.decisions
        ],
        "responses": len(outcome.responses),
        "municipalities": int(codes.nunique()),
        "redactions": info.redactions,
        "errors": [p.as_dict(lang) for p in outcome.errors],
        "warnings": [p.as_dict(lang) for p in outcome.warnings],
    }


def detection_line(info: ReadInfo, lang: str = "sv") -> str:
    """ "Läst som Microsoft Forms, blad 'Sheet1'." and the like."""
    name = i18n.t(FORMAT_TEXT_KEYS[info.source_format], lang)
    parts = [i18n.t("inlast_som", lang, format=name)]
    if info.sheet:
        parts.append(i18n.t("inlast_blad", lang, sheet=info.sheet))
    if info.encoding:
        encoding = (
            i18n.t("kodning_utf8_bom", lang)
            if info.encoding == "utf-8-sig"
            else _ENCODING_NAMES.get(info.encoding, info.encoding)
        )
        parts.append(i18n.t("inlast_kodning", lang, encoding=encoding))
    if info.separator:
        parts.append(i18n.t("inlast_avgransare", lang, separator=_SEPARATOR_NAMES[info.separator]))
    if info.header_row > 1:
        parts.append(i18n.t("inlast_rubrikrad", lang, row=info.header_row))
    if info.profile:
        parts.append(i18n.t("inlast_profil", lang, profile=info.profile))
    return ", ".join(parts) + "."


# The text naming each format in the detection line.
FORMAT_TEXT_KEYS = {
    CANONICAL_CSV: "format_canonical_csv",
    GOOGLE_FORMS: "format_google_forms_csv",
    MICROSOFT_FORMS: "format_microsoft_forms_xlsx",
    EXCEL_CSV: "format_excel_csv",
    UNICODE_TEXT: "format_unicode_text",
    XLSX: "format_xlsx",
}
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "cp1252": "Windows-1252",
}
_SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab"}


def validation_report(
    source: Source,
    *,
    round_label: str = "",
    file_name: str | None = None,
    lang: str = "sv",
    format: str = "auto",
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: MappingProfile | dict[str, str] | None = None,
    profiles: ProfileStore | None = None,
    allow_outside_region: bool = False,
    max_bytes: int = MAX_BYTES,
) -> dict[str, Any]:
    """Check a survey export without importing it; never raises for bad input.

    Returns:
        ``{"ok", "file_name", "source_format", "detected", "sheet", "sheets",
        "header_row", "encoding", "separator", "profile", "mapping", "responses",
        "municipalities", "redactions", "errors", "warnings"}``; errors and warnings as
        ``{row, column, value, message}``. ``responses`` counts the readable,
        non-duplicate answer rows.
    """
    found = inspect_survey(
        source,
        round_label=round_label or None,
        file_name=file_name,
        format=format,
        sheet=sheet,
        header_row=header_row,
        mapping=mapping,
        profiles=profiles,
        allow_outside_region=allow_outside_region,
        max_bytes=max_bytes,
    )
    return report_of(found, lang)


__all__ = [
    "CANONICAL_CSV",
    "FORMATS",
    "CanonicalTable",
    "Inspection",
    "ReadInfo",
    "Survey",
    "SurveyFormat",
    "SurveyProblem",
    "ValidationResult",
    "decode_text",
    "detection_line",
    "inspect_survey",
    "parse_choice",
    "parse_rating",
    "parse_timestamp",
    "read_canonical_csv",
    "read_survey",
    "read_table",
    "redact",
    "report_of",
    "round_from_file_name",
    "split_forms",
    "survey_of",
    "validate",
    "validation_report",
]
