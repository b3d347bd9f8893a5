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

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from linnedata import i18n
from linnedata.errors import InputError, Problem
from linnedata.region import MunicipalityResolver, default_region, default_resolver
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.text import normalize, strip_diacritics

CANONICAL_CSV = "canonical-csv"
MAX_BYTES = 25_000_000
LOCAL_TIME = ZoneInfo("Europe/Stockholm")

# Canonical columns other than the ratings (``betyg_<area_id>``).
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
RATING_PREFIX = "betyg_"


def canonical_columns(area_ids: Sequence[str]) -> list[str]:
    """The canonical CSV's columns in the questionnaire's order, with one rating per area.

    >>> canonical_columns(["integration"])[:4]
    ['kommun', 'inskickad', 'roll', 'betyg_integration']
    """
    return [*SINGLE_COLUMNS[:3], *(RATING_PREFIX + a for a in area_ids), *SINGLE_COLUMNS[3:]]


# Header (normalised, spaces/hyphens as "_") → dropped because it holds personal data.
PERSONAL_HEADERS = frozenset(
    {
        "namn",
        "name",
        "fullstandigt_namn",
        "epost",
        "e_post",
        "email",
        "e_mail",
        "mejl",
        "mail",
        "e_postadress",
        "telefon",
        "telefonnummer",
        "tel",
        "mobil",
        "mobilnummer",
        "phone",
        "phone_number",
    }
)

# Allowed answers: canonical value → accepted spellings (compared without case/diacritics).
ROLES: dict[str, tuple[str, ...]] = {
    "kommundirektör": ("kommundirektör", "municipal director", "chief executive"),
    "förvaltningschef": ("förvaltningschef", "head of department"),
    "förtroendevald": ("förtroendevald", "politiker", "elected official", "politician"),
    "tjänsteperson": ("tjänsteperson", "tjänsteman", "civil servant", "official"),
    "annan": ("annan", "annat", "other"),
}
SEMINAR: dict[str, tuple[str, ...]] = {
    "ja": ("ja", "yes"),
    "nej": ("nej", "no"),
    "kanske": ("kanske", "maybe"),
}
COFINANCING: dict[str, tuple[str, ...]] = {
    "ja": ("ja", "yes"),
    "nej": ("nej", "no"),
    "vet ej": ("vet ej", "vet inte", "don't know", "dont know", "do not know"),
}
CHOICES = {"roll": ROLES, "seminarieintresse": SEMINAR, "medfinansiering": COFINANCING}

_RATING = re.compile(r"(?P<n>\d+)(?:[.,]0+)?(?:\s*[-–—:)]\s*\D.*|\s+[^\d\s.,].*)?")
_ISO_TIME = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,6})\d*)?)?)?"
    r"\s*(?P<tz>Z|UTC|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
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
_SEPARATORS = (",", ";", "\t")
_EXCEL_SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)


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
    """

    round: str
    responses: pd.DataFrame
    ratings: pd.DataFrame
    forms: pd.DataFrame
    warnings: tuple[Problem, ...]
    source_format: str
    file_name: str


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


@dataclass(frozen=True)
class SurveyFormat:
    """A survey export format: how to recognise it and how to read it.

    Attributes:
        name: e.g. ``"canonical-csv"``.
        detect: True when the bytes look like this format.
        read: raw bytes → canonical text table; never raises for bad input.
    """

    name: str
    detect: Callable[[bytes], bool]
    read: Callable[[bytes], CanonicalTable]


def decode_text(data: bytes) -> str | None:
    """Decode a text export: UTF-8 with BOM, UTF-8, then Windows-1252 (never Latin-1).

    A UTF-16 file with a byte order mark (Excel's "Unicode text") is decoded too.

    Returns:
        The text, or None when no encoding fits or the text holds NUL characters.

    >>> decode_text("Växjö".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbfa;b")
    ('Växjö', 'a;b')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text.lstrip("\ufeff")
    return None


def header_key(header: str) -> str:
    """A header compared case-, whitespace- and NFC-insensitively ("Prio 1" → "prio_1")."""
    return re.sub(r"[\s\-]+", "_", normalize(header.replace("\ufeff", "")))


def map_headers(
    headers: list[str], taxonomy: Taxonomy
) -> tuple[dict[int, str], list[Problem], list[Problem]]:
    """Map the file's headers to canonical column names.

    Args:
        headers: the header row as read.
        taxonomy: gives the areas of the ``betyg_<area_id>`` columns; the area part may
            also be the area's Swedish or English label.

    Returns:
        ``{column position: canonical name}``, the errors (duplicate columns, ratings of
        an unknown area) and the warnings (personal data and unknown columns, dropped).
    """
    mapping: dict[int, str] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, str] = {}
    for position, header in enumerate(headers):
        shown = header.strip()
        key = header_key(header)
        if not key:
            continue  # a column without a header: checked by the caller for data
        canonical: str | None = None
        if key in SINGLE_COLUMNS:
            canonical = key
        elif key in PERSONAL_HEADERS:
            warnings.append(_problem("kolumn_personuppgift", 1, shown, None))
        elif key.startswith(RATING_PREFIX):
            area_text = shown[len(RATING_PREFIX) :].replace("_", " ")
            area = taxonomy.resolve("area", area_text) or taxonomy.resolve(
                "area", key[len(RATING_PREFIX) :]
            )
            if area is None:
                errors.append(
                    _problem(
                        "kolumn_betyg_okand",
                        1,
                        shown,
                        area_text,
                        suggestion=_suggestion(taxonomy.suggest("area", area_text)),
                    )
                )
            else:
                canonical = RATING_PREFIX + area
        else:
            warnings.append(_problem("kolumn_okand", 1, shown, None))
        name = canonical or f"?{key}"
        if name in seen:
            errors.append(_problem("kolumn_dubblett", 1, shown, None, first=seen[name]))
            continue
        seen[name] = shown
        if canonical is not None:
            mapping[position] = canonical
    return mapping, errors, warnings


class _QuoteError(Exception):
    """A quote that does not close, or a character after a closing quote."""

    def __init__(self, row: int, detail: str) -> None:
        self.row = row
        self.detail = detail
        super().__init__(f"row {row}: {detail}")


def _split_records(text: str, separator: str) -> list[list[str]]:
    """Parse CSV text into records; a quoted cell may hold line breaks.

    Raises:
        _QuoteError: with the row (counted in records, first = 1) where the quoting breaks;
            an unclosed quote would otherwise swallow the rest of the file silently.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise _QuoteError(len(records) + 1, str(exc)) from exc
    return records


def _separator_candidates(header_line: str) -> list[str]:
    """Separators ordered by how often they occur outside quotes in the header line."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: outside.count(sep) for sep in _SEPARATORS}
    return sorted(_SEPARATORS, key=lambda sep: -counts[sep])


def read_canonical_csv(data: bytes, taxonomy: Taxonomy | None = None) -> CanonicalTable:
    """Read the canonical CSV of ``SURVEY.md`` into a canonical text table.

    The separator (``,``, ``;`` or tab) is sniffed from the header line and confirmed by the
    ``kommun`` column coming out; an Excel ``sep=;`` first line is honoured. Rows are
    numbered as a spreadsheet shows them: the header is row 1 and a quoted cell with line
    breaks is still one row.

    Args:
        data: the file's bytes.
        taxonomy: the taxonomy; the shipped one by default.

    Returns:
        The table; whole-file problems (empty, undecodable, no ``kommun`` column) come back
        as errors with an empty table.
    """
    taxonomy = taxonomy or default_taxonomy()
    empty = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})
    text = decode_text(data)
    if text is None:
        return CanonicalTable(empty, {}, (_problem("fil_kodning"),))
    separators = list(_SEPARATORS)
    excel_sep = _EXCEL_SEP_LINE.match(text)
    if excel_sep and excel_sep.group(1) in _SEPARATORS:
        text = text[excel_sep.end() :]
        separators = [excel_sep.group(1)]
    if not text.strip():
        return CanonicalTable(empty, {}, (_problem("fil_tom"),))
    header_line = text.lstrip("\r\n").splitlines()[0]
    attempts: list[tuple[list[list[str]], int, dict[int, str], list[Problem], list[Problem]]] = []
    broken: list[_QuoteError] = []
    for separator in (s for s in _separator_candidates(header_line) if s in separators):
        try:
            records = _split_records(text, separator)
        except _QuoteError as exc:
            broken.append(exc)
            continue
        blank_before = 0
        while blank_before < len(records) and not any(
            cell.strip() for cell in records[blank_before]
        ):
            blank_before += 1  # blank lines above the header are rows in a spreadsheet
        records = records[blank_before:]
        if not records:
            return CanonicalTable(empty, {}, (_problem("fil_tom"),))
        mapping, errors, warnings = map_headers(records[0], taxonomy)
        attempts.append((records, blank_before, mapping, errors, warnings))
        if "kommun" in mapping.values():
            break
    if broken and (not attempts or "kommun" not in attempts[-1][2].values()):
        first = broken[0]
        return CanonicalTable(
            empty, {}, (_problem("rad_citattecken", first.row, None, None, detail=first.detail),)
        )
    records, blank_before, mapping, errors, warnings = attempts[-1]
    if "kommun" not in mapping.values():
        records, blank_before, mapping, errors, warnings = max(
            attempts, key=lambda attempt: len(attempt[0][0])
        )
        found = ", ".join(f"'{h.strip()}'" for h in records[0] if h.strip())
        errors = [*errors, _problem("kolumn_saknas", 1, None, None, expected="kommun", found=found)]
        return CanonicalTable(empty, {}, tuple(errors), tuple(warnings))

    header = records[0]
    width = len(header)
    unnamed = {i: False for i, h in enumerate(header) if not h.strip()}
    rows: list[dict[str, Any]] = []
    for offset, record in enumerate(records[1:]):
        row = blank_before + offset + 2
        if not any(cell.strip() for cell in record):
            warnings.append(_problem("rad_tom", row))
            continue
        extra = record[width:]
        if len(record) < width or any(cell.strip() for cell in extra):
            errors.append(_problem("rad_ojamn", row, None, None, found=len(record), expected=width))
            continue
        for position, reported in unnamed.items():
            if not reported and record[position].strip():
                unnamed[position] = True
                warnings.append(
                    _problem(
                        "kolumn_utan_rubrik", row, None, record[position], position=position + 1
                    )
                )
        cells: dict[str, Any] = {"kalla_rad": row}
        cells.update({name: record[position] for position, name in mapping.items()})
        rows.append(cells)
    columns = ["kalla_rad", *mapping.values()]
    cells_frame = pd.DataFrame(rows, columns=columns).astype(
        {"kalla_rad": "int64", **{c: "string" for c in mapping.values()}}
    )
    headers = {name: header[position].strip() for position, name in mapping.items()}
    return CanonicalTable(cells_frame, headers, tuple(errors), tuple(warnings))


def _looks_like_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def _read_unsupported_xlsx(data: bytes) -> CanonicalTable:
    empty = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})
    return CanonicalTable(empty, {}, (_problem("fil_format_stods_ej"),))


# Formats tried in order; the first whose ``detect`` accepts the bytes reads them.
FORMATS: dict[str, SurveyFormat] = {
    "xlsx": SurveyFormat("xlsx", _looks_like_zip, _read_unsupported_xlsx),
    CANONICAL_CSV: SurveyFormat(CANONICAL_CSV, lambda data: True, read_canonical_csv),
}


def detect_format(data: bytes) -> SurveyFormat:
    """The first registered format that recognises ``data`` (canonical CSV otherwise)."""
    for survey_format in FORMATS.values():
        if survey_format.detect(data):
            return survey_format
    return FORMATS[CANONICAL_CSV]


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


def parse_timestamp(cell: str) -> datetime | None:
    """A submission time → naive local (Stockholm) time; None when blank.

    Accepts ISO dates and times (``2024-10-01``, ``2024-10-01 14:03``,
    ``2024-10-01T14:03:00``, ``2024/10/01 14:03``, with an optional ``Z`` or UTC offset,
    converted to Swedish time) and ``1 okt 2024 14:03``.

    Raises:
        ValueError: the cell cannot be read as a time.

    >>> parse_timestamp("2024/10/01 14:03"), parse_timestamp("1 okt 2024")
    (datetime.datetime(2024, 10, 1, 14, 3), datetime.datetime(2024, 10, 1, 0, 0))
    """
    text = cell.strip()
    if not text:
        return None
    iso = _ISO_TIME.fullmatch(text)
    if iso:
        fraction = (iso["f"] or "0").ljust(6, "0")
        moment = datetime(
            int(iso["y"]),
            int(iso["m"]),
            int(iso["d"]),
            int(iso["H"] or 0),
            int(iso["M"] or 0),
            int(iso["S"] or 0),
            int(fraction),
        )
        zone = (iso["tz"] or "").upper()
        if zone:
            moment = moment.replace(tzinfo=_offset(zone)).astimezone(LOCAL_TIME)
            moment = moment.replace(tzinfo=None)
        return moment
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
    if zone in ("Z", "UTC"):
        return UTC
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
        pieces = [part] if taxonomy.resolve("form", part) else part.split(",")
        for piece in pieces:
            if not piece.strip():
                continue
            form = taxonomy.resolve("form", piece)
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
        record["inskickad"], ok = parsed("inskickad", cell("inskickad"), parse_timestamp)
        if not ok:
            bad("datum_ogiltigt", "inskickad", cell("inskickad"))
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
            area, _ = parsed("area", text, lambda text: taxonomy.resolve("area", text))
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
        record["utmaning_fritext"] = cell("utmaning_fritext").strip()

        rating_list = [ratings.get(area) for area in area_ids]
        key = (
            *(record[c] for c in ("kommun_kod", "inskickad", "roll", *PRIO_COLUMNS)),
            record["seminarieintresse"],
            record["medfinansiering"],
            record["utmaning_fritext"],
            tuple(rating_list),
            tuple(sorted(forms)),
        )
        if code is not None and key in first_of:
            warnings.append(_problem("svar_dubblett", row, None, None, first=first_of[key]))
            continue
        first_of.setdefault(key, row)
        records.append(record)
        rating_rows.append(rating_list)
        form_rows.append(list(forms))
    return ValidationResult(
        *_tables(records, rating_rows, form_rows, area_ids),
        errors=_in_file_order(errors, headers),
        warnings=_in_file_order(warnings, headers),
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
    if found.problem == "kommun_forvaxlingsbar":
        warnings.append(
            _problem(
                "kommun_forvaxlingsbar",
                row,
                column,
                text,
                name=name,
                code=found.code,
                candidates=Alternatives(tuple(found.candidates)),
            )
        )
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


def _load(source: Path | bytes, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem of an oversized or unreadable file."""
    if isinstance(source, bytes | bytearray):
        size = len(source)
    else:
        try:
            size = Path(source).stat().st_size
        except OSError as exc:
            return None, [_problem("fil_trasig", detail=exc.strerror or str(exc))]
    if size > max_bytes:
        return None, [_problem("fil_for_stor", size=size / 1e6, limit=max_bytes / 1e6)]
    if isinstance(source, bytes | bytearray):
        return bytes(source), []
    try:
        return Path(source).read_bytes(), []
    except OSError as exc:
        return None, [_problem("fil_trasig", detail=exc.strerror or str(exc))]


def _run(
    source: Path | bytes,
    round_label: str | None,
    allow_outside_region: bool,
    max_bytes: int,
) -> tuple[str, ValidationResult]:
    """Read, map and validate; the format's name and the outcome. Never raises for bad input."""
    errors: list[Problem] = []
    if round_label is not None and not _ROUND.fullmatch(round_label.strip()):
        errors.append(_problem("omgang_ogiltig", None, None, round_label))
    data, problems = _load(source, max_bytes)
    survey_format = FORMATS[CANONICAL_CSV]
    if data is None:
        empty = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})
        table = CanonicalTable(empty, {}, tuple(problems))
    else:
        survey_format = detect_format(data)
        table = survey_format.read(data)
    outcome = validate(table, allow_outside_region=allow_outside_region)
    outcome.errors[:0] = errors
    rows_with_errors = any(p.row is not None and p.row > 1 for p in outcome.errors)
    if table.headers and table.cells.empty and not rows_with_errors:
        outcome.errors.append(_problem("fil_inga_rader"))
    return survey_format.name, outcome


def read_survey(
    source: Path | bytes,
    *,
    round_label: str,
    file_name: str | None = None,
    allow_outside_region: bool = False,
    max_bytes: int = MAX_BYTES,
) -> Survey:
    """Read and validate one survey export.

    Args:
        source: the file, as a path or its bytes.
        round_label: the round, e.g. ``"2024"`` (see :func:`round_from_file_name`).
        file_name: the uploaded file's name; the path's name by default.
        allow_outside_region: accept municipalities outside the region, with a warning.
        max_bytes: files larger than this are refused.

    Returns:
        The survey's tidy tables and the warnings.

    Raises:
        InputError: with every error and warning when the file cannot be imported.
    """
    format_name, outcome = _run(source, round_label, allow_outside_region, max_bytes)
    if outcome.errors:
        raise InputError(outcome.errors, outcome.warnings)
    if file_name is None:
        file_name = "" if isinstance(source, bytes | bytearray) else Path(source).name
    return Survey(
        round=round_label.strip(),
        responses=outcome.responses,
        ratings=outcome.ratings,
        forms=outcome.forms,
        warnings=tuple(outcome.warnings),
        source_format=format_name,
        file_name=file_name,
    )


def validation_report(
    source: Path | bytes,
    *,
    round_label: str = "",
    file_name: str | None = None,
    lang: str = "sv",
    allow_outside_region: bool = False,
    max_bytes: int = MAX_BYTES,
) -> dict[str, Any]:
    """Check a survey export without importing it; never raises for bad input.

    Args:
        source: the file, as a path or its bytes.
        round_label: the round; not checked when "".
        file_name: the uploaded file's name (reported back).
        lang: the language of the messages.
        allow_outside_region: accept municipalities outside the region, with a warning.
        max_bytes: files larger than this are refused.

    Returns:
        ``{"ok", "file_name", "source_format", "responses", "municipalities", "errors",
        "warnings"}``; errors and warnings as ``{row, column, value, message}``.
        ``responses`` counts the readable, non-duplicate answer rows.
    """
    format_name, outcome = _run(source, round_label or None, allow_outside_region, max_bytes)
    if file_name is None:
        file_name = "" if isinstance(source, bytes | bytearray) else Path(source).name
    codes = outcome.responses["kommun_kod"].dropna()
    return {
        "ok": not outcome.errors,
        "file_name": file_name,
        "source_format": format_name,
        "responses": len(outcome.responses),
        "municipalities": int(codes.nunique()),
        "errors": [p.as_dict(lang) for p in outcome.errors],
        "warnings": [p.as_dict(lang) for p in outcome.warnings],
    }


__all__ = [
    "CANONICAL_CSV",
    "FORMATS",
    "CanonicalTable",
    "Survey",
    "SurveyFormat",
    "SurveyProblem",
    "ValidationResult",
    "decode_text",
    "detect_format",
    "map_headers",
    "parse_choice",
    "parse_rating",
    "parse_timestamp",
    "read_canonical_csv",
    "read_survey",
    "round_from_file_name",
    "split_forms",
    "validate",
    "validation_report",
]
