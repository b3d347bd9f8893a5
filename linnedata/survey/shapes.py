"""Survey tools that write their header over several rows, or code their answers.

* **Qualtrics**: question ids (``StartDate``, ``Q1``, ``Q3_1`` …), the question texts, and
  (since 2016) a row of ``{"ImportId":"QID1"}``; the legacy export has the first two.
  The texts are the header (a matrix column reads ``Question - Row``); the id row and
  the ImportId row are header rows, never answers; ``--column Q1=kommun`` names a column by
  its id too.
* **SurveyMonkey** "expanded": the question text over the first column of each question,
  and the option or row labels below (``Response``, ``Open-Ended Response``, an area's
  name). One header: the question alone over ``Response``, else ``Question [label]``.
* **LimeSurvey**: one row; a header may start with its question code
  (``Q2[SQ001]. Question [Row]``): the code is left out.

A file whose choice answers are codes (Qualtrics' numeric values, LimeSurvey's answer
codes ``AO01``) gets one error naming the export setting that writes the answers' text;
so does a LimeSurvey export headed by question codes (``betyg[SQ001]``) alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from linnedata.errors import Phrase, Problem, problem
from linnedata.survey.columns import RATING_PREFIX, MappingDecision, key
from linnedata.survey.grid import Grid

QUALTRICS, SURVEYMONKEY, LIMESURVEY, TYPEFORM = (
    "qualtrics",
    "surveymonkey",
    "limesurvey",
    "typeform",
)

_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:', re.I)
_QUALTRICS_ID = re.compile(r"^(?:Q|QID)\d+(?:_\d+)*(?:_TEXT)?$|^V\d+$", re.I)
_QUALTRICS_META = frozenset({"responseid", "startdate", "enddate", "recordeddate", "ipaddress"})
_MONKEY_META = frozenset({"respondent_id", "collector_id"})
_MONKEY_PLAIN = frozenset({"response", "open_ended_response", "svar", "oppet_svar"})
# LimeSurvey's own columns, as codes, as English or as Swedish texts
_LIME_META = (
    frozenset({"submitdate", "lastpage", "startlanguage"}),
    frozenset({"date_submitted", "last_page", "start_language"}),
    frozenset({"datum_skickat", "senaste_sida", "startsprak"}),
)
_TYPEFORM_META = frozenset({"network_id", "submit_date_(utc)", "start_date_(utc)"})
_LIME_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:\[[A-Za-z0-9_]+\])*\.\s+(?=\S)")
DATE_ORDER = {SURVEYMONKEY: "mdy"}  # SurveyMonkey writes 03/04/2025 09:12:05 AM (US)
SEARCHED = 5  # rows looked at for a stack of header rows


@dataclass(frozen=True)
class Stack:
    """Header rows read as one header.

    Attributes:
        tool: the survey tool (:data:`QUALTRICS`, :data:`SURVEYMONKEY` …), "" when none.
        first, last: the indexes of the first and last header record.
        header: the one header.
        ids: another name of each column (Qualtrics' ``Q1``), "" when it has none.
    """

    tool: str
    first: int
    last: int
    header: list[str]
    ids: list[str]


def _keys(record: list[str]) -> set[str]:
    return {key(c).lower() for c in record if c.strip()}


def _filled(record: list[str]) -> int:
    return sum(1 for c in record if c.strip())


def header_stack(records: list[list[str]]) -> Stack | None:
    """The header rows of a Qualtrics or SurveyMonkey export as one header; else None."""
    for index, record in enumerate(records[:SEARCHED]):
        if not _filled(record):
            continue
        # the first filled row is the header, or the first of a tool's header rows
        return _single(record, index) or _qualtrics(records, index) or _surveymonkey(records, index)
    return None


def _qualtrics(records: list[list[str]], index: int) -> Stack | None:
    ids = records[index]
    coded = sum(1 for c in ids if _QUALTRICS_ID.match(c.strip()))
    texts = records[index + 1] if index + 1 < len(records) else []
    # the legacy exporter names its metadata in the second row, over ids V1…V10
    if coded < 1 or not texts or not (_keys(ids) | _keys(texts)) & _QUALTRICS_META:
        return None
    after = records[index + 2] if index + 2 < len(records) else []
    import_ids = sum(1 for c in after if _IMPORT_ID.match(c))
    last = index + 2 if import_ids * 2 >= max(_filled(after), 1) and import_ids else index + 1
    width = max(len(ids), len(texts))
    ids = ids + [""] * (width - len(ids))
    header = [
        t if t.strip() else i for t, i in zip(texts + [""] * (width - len(texts)), ids, strict=True)
    ]
    return Stack(QUALTRICS, index, last, header, ids)


def _surveymonkey(records: list[list[str]], index: int) -> Stack | None:
    top = records[index]
    labels = records[index + 1] if index + 1 < len(records) else []
    # both ids, or one (the other translated: "Insamlar-ID") over a row of "Svar"/"Response"
    plain = any(key(c).lower() in _MONKEY_PLAIN for c in labels)
    if not labels or not (_keys(top) >= _MONKEY_META or (_keys(top) & _MONKEY_META and plain)):
        return None
    own = [p for p, c in enumerate(top) if key(c).lower() in _MONKEY_META]
    if any(p < len(labels) and labels[p].strip() for p in own):
        return None  # a respondent below its own columns: one header row, not two
    width = max(len(top), len(labels))
    header, question = [], ""
    for place in range(width):
        over = top[place].strip() if place < len(top) else ""
        label = labels[place].strip() if place < len(labels) else ""
        question = over or question
        if over and (not label or key(label).lower() in _MONKEY_PLAIN):
            header.append(over)
        elif label and key(label).lower() in _MONKEY_PLAIN:
            header.append(question)
        elif label:
            header.append(f"{question} [{label}]" if question else label)
        else:
            header.append(over)
    return Stack(SURVEYMONKEY, index, index + 1, header, [""] * width)


def _single(record: list[str], index: int) -> Stack | None:
    """A one-row header of LimeSurvey (codes before texts left out) or Typeform."""
    keys = _keys(record)
    if any(len(keys & meta) >= 2 for meta in _LIME_META):  # two of its own columns
        header = [_LIME_CODE.sub("", c) for c in record]
        return Stack(LIMESURVEY, index, index, header, list(record))
    if keys & _TYPEFORM_META and record and record[0].strip() == "#":
        return Stack(TYPEFORM, index, index, list(record), [""] * len(record))
    return None


def restack(grid: Grid, stack: Stack | None) -> Grid:
    """The grid with its header rows as one header record (row: the last header row's)."""
    if stack is None or (stack.first == stack.last and stack.header == grid.records[stack.first]):
        return grid
    records = [*grid.records[: stack.first], stack.header, *grid.records[stack.last + 1 :]]
    rows = [*grid.rows[: stack.first], grid.rows[stack.last], *grid.rows[stack.last + 1 :]]
    return replace(grid, records=records, rows=rows)


def restacked(records: list[list[str]]) -> list[list[str]]:
    """The records with a tool's header rows as one (for choosing the separator)."""
    stack = header_stack(records)
    if stack is None:
        return records
    return [*records[: stack.first], stack.header, *records[stack.last + 1 :]]


def by_id(mapping: dict[str, str] | None, stack: Stack | None) -> dict[str, str] | None:
    """A steward's mapping with Qualtrics ids (``Q1=kommun``) named by the column's text."""
    if not mapping or stack is None or not any(stack.ids):
        return mapping
    texts = {key(i): h for i, h in zip(stack.ids, stack.header, strict=True) if i.strip()}
    return {texts.get(key(h), h): t for h, t in mapping.items()}


# --- coded answers ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}$")
_ANSWER_CODE = re.compile(r"^(?:A|AO|SQ)\d{1,4}$|^-oth-$", re.I)
_CHOICE_TARGETS = (
    "kommun",
    "roll",
    "seminarieintresse",
    "medfinansiering",
    "prio_1",
    "prio_2",
    "prio_3",
)
FIX_KEYS = {QUALTRICS: "kodat_qualtrics", LIMESURVEY: "kodat_limesurvey"}


def coded_answers(
    tool: str, decisions: list[MappingDecision], body: list[tuple[list[str], int]], row: int
) -> Problem | None:
    """One error when the answers are codes, not text: a choice column of numbers only
    (Qualtrics' "numeric values"), or answer codes (``AO01``, LimeSurvey's "answer codes")
    in a choice or rating column; None otherwise. Ratings 1–5 are no codes.
    """
    for d in decisions:
        choice = d.target in _CHOICE_TARGETS
        rating = d.target.startswith(RATING_PREFIX)
        if not (choice or rating):
            continue
        cells = [r[d.position].strip() for r, _ in body[:200] if d.position < len(r)]
        cells = [c for c in cells if c]
        if not cells:
            continue
        codes = all(_ANSWER_CODE.match(c) for c in cells)
        numbers = choice and all(_NUMBER.match(c) for c in cells)
        if numbers and d.target == "kommun":  # 780 is Växjö; Qualtrics' 1…290 are choices
            numbers = tool == QUALTRICS and not _all_in_region(cells)
        if codes or numbers:
            first = next(r for r, _ in body if d.position < len(r) and r[d.position].strip())
            at = next(n for r, n in body if r is first)
            fix = Phrase(FIX_KEYS.get(tool, "kodat_annat"), {})
            value = first[d.position].strip()
            return problem("svar_kodade", at, d.header, value, fix=fix, header_row=row)
    return None


def _all_in_region(cells: list[str]) -> bool:
    """True when every number is a municipality code of the region (a lost leading zero)."""
    from linnedata.places.region import default_region, default_resolver

    region = set(default_region()["kommun_kod"])
    resolver = default_resolver()
    return all(resolver.resolve(c).code in region for c in dict.fromkeys(cells))


_SUBQUESTION_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*\[[A-Za-z0-9_]+\]$")


def coded_headers(tool: str, decisions: list[MappingDecision], row: int) -> Problem | None:
    """One error when LimeSurvey's question codes are the headings (``betyg[SQ001]``) and
    no column is read as ratings: only the question texts say which area a row is."""
    if tool != LIMESURVEY or any(d.target.startswith(RATING_PREFIX) for d in decisions):
        return None
    coded = [d.header for d in decisions if not d.target and _SUBQUESTION_CODE.match(d.header)]
    return problem("rubriker_kodade", row, coded[0], None) if len(coded) >= 2 else None


def coded_anywhere(
    tool: str, header: list[str], body: list[tuple[list[str], int]], row: int
) -> Problem | None:
    """One error when no header could be read and two or more columns hold answer codes
    only (LimeSurvey's question and answer codes: ``Q1`` over ``AO03``); else None."""
    if not tool:
        return None
    coded = [
        d
        for d in (MappingDecision(p, h, RATING_PREFIX, "") for p, h in enumerate(header))
        if (cells := [r[d.position].strip() for r, _ in body[:200] if d.position < len(r)])
        and any(cells)
        and all(_ANSWER_CODE.match(c) for c in cells if c)
    ]
    return coded_answers(tool, coded, body, row) if len(coded) >= 2 else None


__all__ = [
    "LIMESURVEY",
    "QUALTRICS",
    "SURVEYMONKEY",
    "TYPEFORM",
    "Stack",
    "by_id",
    "coded_answers",
    "coded_anywhere",
    "coded_headers",
    "header_stack",
    "restack",
    "restacked",
]
