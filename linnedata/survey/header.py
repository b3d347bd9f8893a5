"""The header stage: which row is the header, what format the file is, what the mapping says.

The header is the given row, else the first of the file's first rows whose mapping finds
the municipality column. :func:`header_problems` names what is wrong with a mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linnedata.errors import Phrase, Problems
from linnedata.survey.columns import (
    PERSONAL,
    PRIO_COLUMNS,
    RATING_PREFIX,
    MappingDecision,
    key,
    targets,
)
from linnedata.survey.privacy import looks_personal
from linnedata.survey.source import MIXED
from linnedata.taxonomy import Taxonomy

HEADER_SEARCH = 20  # rows searched for the header when it is not the first


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


CANONICAL_CSV = "canonical-csv"
GOOGLE_FORMS = "google-forms-csv"
MICROSOFT_FORMS = "microsoft-forms-xlsx"
EXCEL_CSV = "excel-csv"
UNICODE_TEXT = "unicode-text"
XLSX = "xlsx"
ODS = "ods"
QUALTRICS_CSV = "qualtrics-csv"
SURVEYMONKEY_CSV = "surveymonkey-csv"
LIMESURVEY = "limesurvey"
TYPEFORM_CSV = "typeform-csv"

# Every format ``--format`` may name; "auto" detects the format.
FORMATS: dict[str, SurveyFormat] = {
    CANONICAL_CSV: SurveyFormat(CANONICAL_CSV, "text"),
    GOOGLE_FORMS: SurveyFormat(GOOGLE_FORMS, "text", ("utf-8", "utf-8-sig"), (",",)),
    EXCEL_CSV: SurveyFormat(EXCEL_CSV, "text", ("cp1252", "utf-8-sig", "utf-8", MIXED), (";",)),
    UNICODE_TEXT: SurveyFormat(UNICODE_TEXT, "text", ("utf-16", "utf-16-le", "utf-16-be"), ("\t",)),
    MICROSOFT_FORMS: SurveyFormat(MICROSOFT_FORMS, "xlsx"),
    XLSX: SurveyFormat(XLSX, "xlsx"),
    ODS: SurveyFormat(ODS, "xlsx"),
    QUALTRICS_CSV: SurveyFormat(QUALTRICS_CSV, "text"),
    SURVEYMONKEY_CSV: SurveyFormat(SURVEYMONKEY_CSV, "text"),
    LIMESURVEY: SurveyFormat(LIMESURVEY, "text"),
    TYPEFORM_CSV: SurveyFormat(TYPEFORM_CSV, "text"),
}
FORMAT_CHOICES = ("auto", *FORMATS)
# The text naming each format in the detection line.
FORMAT_TEXT_KEYS = {
    CANONICAL_CSV: "format_canonical_csv",
    GOOGLE_FORMS: "format_google_forms_csv",
    MICROSOFT_FORMS: "format_microsoft_forms_xlsx",
    EXCEL_CSV: "format_excel_csv",
    UNICODE_TEXT: "format_unicode_text",
    XLSX: "format_xlsx",
    ODS: "format_ods",
    QUALTRICS_CSV: "format_qualtrics",
    SURVEYMONKEY_CSV: "format_surveymonkey",
    LIMESURVEY: "format_limesurvey",
    TYPEFORM_CSV: "format_typeform",
}
_TOOL_FORMATS = {
    "qualtrics": QUALTRICS_CSV,
    "surveymonkey": SURVEYMONKEY_CSV,
    "limesurvey": LIMESURVEY,
    "typeform": TYPEFORM_CSV,
}
_MS_FORMS_KEYS = frozenset({"id", "starttid", "start_time"})
_GOOGLE_KEYS = frozenset({"tidstampel", "timestamp"})


def find_header(
    records: list[list[str]],
    rows: list[int],
    header_row: int | None,
    decide: Callable[[list[str]], list[MappingDecision]],
    is_answer: Callable[[str], bool] | None = None,
) -> int | None:
    """Index of the header record: the given row, else the first that maps ``kommun``.

    Never an answer row: a row is no header when a row above it is as wide as half of it
    or more (title rows above a header hold a cell or two; the header above an answer row
    is as wide as it), nor when a cell of it is an answer: the cell mapped to ``kommun``
    is one by ``is_answer`` (a municipality's name), or any cell is an e-mail address, a
    phone number or a personnummer.
    """
    if header_row is not None:
        return next((i for i, r in enumerate(rows) if r == header_row), None)
    widest_above = 0
    for index, record in enumerate(records[:HEADER_SEARCH]):
        filled = sum(1 for cell in record if cell.strip())
        if not filled:
            continue
        if widest_above >= max(3, filled / 2):
            return None  # the first wide row was the header, and it names no kommun
        decisions = decide(record)
        named = [record[d.position] for d in decisions if d.target == "kommun"]
        answer = (is_answer is not None and any(is_answer(c) for c in named)) or any(
            looks_personal([c]) for c in record
        )
        if named and not answer and not _group_row(decisions, filled, records[index + 1 :]):
            return index
        widest_above = max(widest_above, filled)
    return None


def _group_row(decisions: list[MappingDecision], filled: int, below: list[list[str]]) -> bool:
    """True for a row of group headings over the header (``Om dig``, a rating question's
    text merged over its areas): it names the municipality only by a keyword guess and the
    next filled row is more than twice as wide."""
    if any(d.target == "kommun" and d.reason != "nyckelord" for d in decisions):
        return False
    wider = (sum(1 for cell in record if cell.strip()) for record in below[:HEADER_SEARCH])
    return next((n for n in wider if n), 0) > 2 * filled


def presumed_header(records: list[list[str]]) -> int:
    """The index of the row taken for the header when none names the municipality: the
    first of the first rows that is at least half as wide as the widest of them (title
    rows above a header hold a cell or two).

    >>> title, header = ["Tabell 1"], ["", "betyg_integration", "betyg_bostader"]
    >>> presumed_header([title, [], header, ["0780 Växjö", "4", "3"]])
    2
    """
    filled = [sum(1 for c in r if c.strip()) for r in records[:HEADER_SEARCH]]
    widest = max(filled, default=0)
    return next(i for i, n in enumerate(filled) if n and n * 2 >= widest)


def format_name(
    container: str, encoding: str | None, separator: str | None, decisions, tool: str = ""
) -> str:
    """The format a file was read as, from its container, its headers and the survey tool
    whose shape was recognised (:mod:`~linnedata.survey.shapes`)."""
    keys = {key(d.header) for d in decisions}
    if container == "ods":
        return ODS
    if tool in _TOOL_FORMATS and (container == "text" or tool == "limesurvey"):
        return _TOOL_FORMATS[tool]
    if container == "xlsx":
        return MICROSOFT_FORMS if keys & _MS_FORMS_KEYS else XLSX
    if (encoding or "").startswith("utf-16") and separator == "\t":
        return UNICODE_TEXT
    first = key(decisions[0].header) if decisions else ""
    if first in _GOOGLE_KEYS or any("[" in d.header and d.reason == "rutnat" for d in decisions):
        return GOOGLE_FORMS
    if separator == ";":
        return EXCEL_CSV
    return CANONICAL_CSV


def suggestion(names) -> Phrase | str:
    """The " – menade du …?" fragment, or "." ending the sentence when there is none."""
    from linnedata.errors import Alternatives

    names = tuple(names)
    return Phrase("forslag", {"names": Alternatives(names)}) if names else "."


def header_problems(
    decisions: list[MappingDecision], taxonomy: Taxonomy, found: Problems, row: int = 1
) -> None:
    """The problems of a column mapping: duplicates, unknown rating areas, dropped columns."""
    valid = set(targets(taxonomy))
    seen: dict[str, str] = {}
    for d in decisions:
        k = key(d.header)
        if not k:
            continue
        if d.target == PERSONAL:
            found.warn("kolumn_personuppgift", row, d.header, None)
            continue
        if d.target and d.target not in valid:
            found.error("mappning_ogiltig", row, d.header, d.target)
            continue
        if not d.target:  # two unread columns may share a header (two "Kommentar" questions)
            _dropped(d, k, taxonomy, found, row)
            continue
        if d.target in seen and d.reason not in ("kryssrutnat", "alternativ"):  # read as one
            found.error("kolumn_dubblett", row, d.header, None, first=seen[d.target])
            continue
        seen[d.target] = d.header
    _no_ratings(decisions, found, row)
    _rank_grid(decisions, found, row)


def _rank_grid(decisions: list[MappingDecision], found: Problems, row: int) -> None:
    """A ranking question with a column per area (Qualtrics' rank order: the place of each
    area) is read as the priorities (:mod:`~linnedata.survey.rank_grid`), said once; with
    priority columns besides, the file is refused, once."""
    ranked = [d.header for d in decisions if d.reason == "rangordning"]
    if not ranked:
        return
    prio = [d.header for d in decisions if d.target in PRIO_COLUMNS]
    if prio:
        found.error("rangordning_konflikt", row, ranked[0], None, prio=prio[0],
                    count=len(ranked))  # fmt: skip
    else:
        found.warn("rangordning_last", row, ranked[0], None, count=len(ranked))


def _no_ratings(decisions: list[MappingDecision], found: Problems, row: int) -> None:
    """One warning when no column is read as ratings but some are not recognised (a
    matrix exported in one column, a rating question per area): the round would have none."""
    unread = sum(1 for d in decisions if d.reason == "okand" and key(d.header))
    if unread and not any(d.target.startswith(RATING_PREFIX) for d in decisions):
        found.warn("betyg_inga", row, None, None, unread=unread)


def _dropped(d: MappingDecision, k: str, taxonomy: Taxonomy, found: Problems, row: int) -> None:
    """The problem of a column that is not read."""
    if d.reason == "okand" and k.startswith(RATING_PREFIX):
        area_text = d.header.strip()[len(RATING_PREFIX) :].replace("_", " ")
        hint = suggestion(taxonomy.suggest("area", area_text))
        found.error("kolumn_betyg_okand", row, d.header, area_text, suggestion=hint)
    elif d.reason == "okand":
        found.warn("kolumn_okand", row, d.header, None)
    elif d.reason == "anvandare":
        found.warn("kolumn_ignorerad", row, d.header, None)


__all__ = [
    "CANONICAL_CSV",
    "FORMATS",
    "FORMAT_CHOICES",
    "FORMAT_TEXT_KEYS",
    "SurveyFormat",
    "find_header",
    "format_name",
    "header_problems",
    "presumed_header",
]
