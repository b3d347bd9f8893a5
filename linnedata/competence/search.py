"""Swedish full-text search over the free-text answers (already redacted at import).

- Nothing redaction removed can be found: the answers are run through the one redactor
  once more when the table is built (a round stored by an older version may predate a
  rule), and the placeholders (``[telefon]`` …) are no words: a query cannot list the
  answers that held a phone number, and the frequent words never count them.

- A text is split into words (letters and digits); a word's **key** is the word
  case-folded and without diacritics, then stemmed with Snowball's Swedish stemmer until
  it stops changing (so "bostäder" → "bostader" → "bostad" → "bost" and "Bostad" →
  "bost": they match; "Växjö" matches "vaxjo").
- A query matches a text when every query word's key is among the text's word keys.
- A hit is shown as plain text with each matching word between :data:`MARK` brackets,
  e.g. "brist på »bostäder« för unga" — never as HTML or Markdown.
- A query is capped (:data:`MAX_QUERY_CHARS` characters, :data:`MAX_QUERY_WORDS` words):
  a longer one is refused with :class:`QueryTooLongError`, which says the limits. Its cost
  is then bounded by an inverted index (word key → answers) built once per answers table
  (:func:`index`, a few kept) and by the word-key cache's size (:data:`KEY_CACHE_SIZE`).
- The most frequent words per area count each answer once per word key (shown as the
  most common spelling), stop words (``data/stoppord_sv.txt``) and words under 3 letters
  left out; phrases are two consecutive such words.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd
import snowballstemmer

from linnedata.errors import TranslatableError
from linnedata.paths import DATA_DIR
from linnedata.survey import Survey
from linnedata.survey.privacy import MARKS, redacted
from linnedata.text import normalize, strip_diacritics

STOP_WORDS_FILE = DATA_DIR / "stoppord_sv.txt"
MARK = ("»", "«")
_WORD = re.compile(r"[^\W_]+")
HIT_COLUMNS = ["omgang", "kommun_kod", "roll", "prio_1", "prio_2", "prio_3", "traff"]
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
KEY_CACHE_SIZE = 100_000  # word keys remembered (a few MB), least recently used dropped
INDEXES_KEPT = 4  # answers tables whose index is kept


class QueryTooLongError(TranslatableError):
    """A search query over :data:`MAX_QUERY_CHARS` characters or :data:`MAX_QUERY_WORDS` words."""

    def __init__(self, chars: int, words: int) -> None:
        super().__init__(
            "sok_for_lang",
            chars=chars,
            words=words,
            max_chars=MAX_QUERY_CHARS,
            max_words=MAX_QUERY_WORDS,
        )


def check_query(query: str) -> None:
    """Refuse a query longer than the caps.

    Raises:
        QueryTooLongError: too many characters or words (the message says the limits).
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLongError(len(query), len(words(query[: MAX_QUERY_CHARS * 4])))
    count = len(words(query))
    if count > MAX_QUERY_WORDS:
        raise QueryTooLongError(len(query), count)


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("swedish")


@cache
def stop_words() -> frozenset[str]:
    """The stop words, normalised (the data file, comments left out)."""
    lines = STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(w) for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=KEY_CACHE_SIZE)
def key(word: str) -> str:
    """The search key of one word.

    >>> key("bostäder") == key("Bostad") == key("BOSTADEN")
    True
    >>> key("Växjö") == key("vaxjo")
    True
    """
    stem = strip_diacritics(word)
    for _ in range(3):
        nxt = _stemmer().stemWord(stem)
        if nxt == stem:
            break
        stem = nxt
    return stem


_PLACEHOLDER = re.compile("|".join(re.escape(m) for m in MARKS))


def words(text: str) -> list[re.Match[str]]:
    """The words of ``text`` with their positions; a redaction's placeholder is no word.

    >>> [m.group() for m in words("Ring [telefon] om e-post")]
    ['Ring', 'om', 'e', 'post']
    """
    if "[" not in text:
        return list(_WORD.finditer(text))
    hidden = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)  # positions kept
    return list(_WORD.finditer(hidden))


def matches(text: str, query: str) -> bool:
    """True when every word of ``query`` is, in some form, a word of ``text``."""
    check_query(query)
    wanted = {key(m.group()) for m in words(query)}
    return bool(wanted) and wanted <= {key(m.group()) for m in words(text)}


@dataclass(frozen=True)
class Index:
    """Word key → the positions (in the answers table) of the answers that use it."""

    postings: dict[str, frozenset[int]]

    def matching(self, query: str) -> list[int]:
        """The positions of the answers holding every word of ``query``, in order."""
        wanted = {key(m.group()) for m in words(query)}
        if not wanted:
            return []
        found = None
        for word_key in sorted(wanted, key=lambda k: len(self.postings.get(k, ()))):
            hits = self.postings.get(word_key, frozenset())
            found = hits if found is None else found & hits
            if not found:
                return []
        return sorted(found or ())


_indexes: OrderedDict[int, tuple[weakref.ref, Index]] = OrderedDict()
_indexes_lock = threading.Lock()


def index(answers: pd.DataFrame) -> Index:
    """The inverted index of ``answers``' texts, built once per table (the last
    :data:`INDEXES_KEPT` tables' indexes are kept while the tables live)."""
    with _indexes_lock:
        kept = _indexes.get(id(answers))
        if kept is not None and kept[0]() is answers:
            _indexes.move_to_end(id(answers))
            return kept[1]
    postings: dict[str, set[int]] = {}
    for position, text in enumerate(answers["utmaning_fritext"]):
        for word_key in {key(m.group()) for m in words(str(text))}:
            postings.setdefault(word_key, set()).add(position)
    built = Index({k: frozenset(v) for k, v in postings.items()})
    with _indexes_lock:
        _indexes[id(answers)] = (weakref.ref(answers), built)
        while len(_indexes) > INDEXES_KEPT:
            _indexes.popitem(last=False)
    return built


def highlight(text: str, query: str) -> str:
    """``text`` with the words matching ``query`` between :data:`MARK` (plain text).

    >>> highlight("Brist på bostäder för unga.", "bostad")
    'Brist på »bostäder« för unga.'
    """
    wanted = {key(m.group()) for m in words(query)}
    out, last = [], 0
    for m in words(text):
        if key(m.group()) in wanted:
            out += [text[last : m.start()], MARK[0], m.group(), MARK[1]]
            last = m.end()
    return "".join([*out, text[last:]])


def answers_table(surveys: dict[str, Survey]) -> pd.DataFrame:
    """Every non-empty free-text answer of the rounds, with what the filters need.

    Returns:
        ``omgang, kommun_kod, roll, prio_1, prio_2, prio_3, utmaning_fritext``.
    """
    parts = []
    for label, survey in surveys.items():
        table = survey.responses[
            ["kommun_kod", "roll", "prio_1", "prio_2", "prio_3", "utmaning_fritext"]
        ].copy()
        table["utmaning_fritext"] = [redacted(str(t)) for t in table["utmaning_fritext"].fillna("")]
        table.insert(0, "omgang", label)
        parts.append(table.loc[table["utmaning_fritext"].fillna("").str.strip() != ""])
    columns = ["omgang", "kommun_kod", "roll", "prio_1", "prio_2", "prio_3", "utmaning_fritext"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns].astype(object)


def search(
    answers: pd.DataFrame,
    query: str = "",
    *,
    round_label: str | None = None,
    municipality: str | None = None,
    area: str | None = None,
    role: str | None = None,
) -> pd.DataFrame:
    """The answers that match ``query`` and the filters, each with the hit highlighted.

    Args:
        answers: from :func:`answers_table`.
        query: words to find in any form ("" = every answer), within the caps.
        round_label: only this round.
        municipality: only this SCB code.
        area: only answers with this area id among their three priorities.
        role: only this respondent role.

    Returns:
        ``omgang, kommun_kod, roll, prio_1, prio_2, prio_3, traff`` (the answer as plain
        text with matches marked), in the answers' order.

    Raises:
        QueryTooLongError: ``query`` is over :data:`MAX_QUERY_CHARS` characters or
            :data:`MAX_QUERY_WORDS` words.
    """
    check_query(query)
    table = answers
    if query.strip():
        table = table.iloc[index(answers).matching(query)]
    if round_label:
        table = table.loc[table["omgang"] == round_label]
    if municipality:
        table = table.loc[table["kommun_kod"] == municipality]
    if role:
        table = table.loc[table["roll"] == role]
    if area:
        table = table.loc[(table[["prio_1", "prio_2", "prio_3"]] == area).any(axis=1)]
    out = table.drop(columns="utmaning_fritext").copy()
    out["traff"] = [highlight(x, query) for x in table["utmaning_fritext"]]
    return out[HIT_COLUMNS].reset_index(drop=True)


def frequent_words(texts: Iterable[str], top: int = 10) -> pd.DataFrame:
    """The most frequent words and two-word phrases (see the module docstring).

    Returns:
        ``ord, antal`` (answers using it), most frequent first, ties alphabetically.
    """
    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    stops = stop_words()
    for text in texts:
        kept = [m.group() for m in words(text)]
        kept = [w for w in kept if len(w) >= 3 and normalize(w) not in stops]
        seen: set[str] = set()
        for i, word in enumerate(kept):
            grams = [(key(word), normalize(word))]
            if i + 1 < len(kept) and key(kept[i + 1]) != key(word):
                pair = f"{normalize(word)} {normalize(kept[i + 1])}"
                grams.append((f"{key(word)} {key(kept[i + 1])}", pair))
            for gram_key, shown in grams:
                spelling.setdefault(gram_key, Counter())[shown] += 1
                if gram_key not in seen:
                    seen.add(gram_key)
                    counts[gram_key] += 1
    rows = [
        {"ord": spelling[k].most_common(1)[0][0], "antal": n} for k, n in counts.items() if n >= 1
    ]
    table = pd.DataFrame(rows, columns=["ord", "antal"])
    return (
        table.sort_values(["antal", "ord"], ascending=[False, True])
        .head(top)
        .reset_index(drop=True)
    )


def frequent_by_area(answers: pd.DataFrame, labels: dict[str, str], top: int = 5) -> pd.DataFrame:
    """:func:`frequent_words` per area (the answers that have the area among their priorities).

    Returns:
        ``omrade, ord, antal``, areas in ``labels`` order; areas without answers left out.
    """
    parts = []
    for area_id, label in labels.items():
        chosen = answers.loc[(answers[["prio_1", "prio_2", "prio_3"]] == area_id).any(axis=1)]
        table = frequent_words(chosen["utmaning_fritext"], top)
        if len(table):
            table.insert(0, "omrade", label)
            parts.append(table)
    if not parts:
        return pd.DataFrame(columns=["omrade", "ord", "antal"])
    return pd.concat(parts, ignore_index=True)
