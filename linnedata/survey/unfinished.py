"""The survey tools' own columns the contract reads: when a response was sent, and whether
it was finished at all.

* **Time of submission**: Qualtrics ``RecordedDate``/``EndDate``, SurveyMonkey ``End
  Date``, LimeSurvey ``submitdate``, Typeform ``Submit Date (UTC)`` are read as
  ``inskickad`` when no other column is (:func:`submission_time`); the start time, the
  duration and the rest stay metadata, dropped.
* **Unfinished responses**: a Qualtrics row with ``Finished`` = ``False``, a LimeSurvey row
  with no submission date, a Typeform row whose ``Response Type`` is ``partial`` is left
  out with one warning naming its rows and the column that says so; the steward may keep
  them (``ReadOptions.keep_unfinished``) — with a warning too (:func:`leave_out_unfinished`).

Which column and which cells mean what is one table in ``data/import_alias.toml``
(``[inskickad_verktyg]``, ``[ofullstandiga]``), loaded with the aliases.
"""

from __future__ import annotations

import re

from linnedata.errors import Problems
from linnedata.survey.columns import IGNORE, Aliases, MappingDecision, key

SUBMITTED = "inskickad"
SHOWN_ROWS = 10  # rows named in the warning before "…"
_UNREAD = ("metadata", "okand")
_UTC_HEADER = re.compile(r"\((?:UTC|GMT)\)", re.I)


def submission_time(decisions: list[MappingDecision], aliases: Aliases) -> list[MappingDecision]:
    """The decisions with the survey tool's own time of submission read as ``inskickad``
    (the first of ``[inskickad_verktyg]`` the header has) when no column is read as it."""
    if any(d.target == SUBMITTED for d in decisions):
        return decisions
    unread = {
        key(d.header): d
        for d in reversed(decisions)
        if d.target == IGNORE and d.reason in _UNREAD  # never one the steward left out
    }
    chosen = next((unread[k] for k in aliases.submitted if k in unread), None)
    if chosen is None:
        return decisions
    read = MappingDecision(chosen.position, chosen.header, SUBMITTED, "verktygstid")
    return [read if d is chosen else d for d in decisions]


def submission_date_order(decisions: list[MappingDecision], aliases: Aliases) -> str | None:
    """``"mdy"`` when the time of submission is a tool's column written month first
    (SurveyMonkey's ``End Date``), else None (the order is found from the dates)."""
    for d in decisions:
        if d.target == SUBMITTED and d.reason == "verktygstid":
            return "mdy" if key(d.header) in aliases.month_first else None
    return None


def submission_zone(decisions: list[MappingDecision]) -> str | None:
    """``"UTC"`` when the header of the time of submission says its times are UTC
    (Typeform's ``Submit Date (UTC)``); None (Swedish time) otherwise."""
    sent = next((d.header for d in decisions if d.target == SUBMITTED), "")
    return "UTC" if _UTC_HEADER.search(sent) else None


def unfinished_columns(header: list[str], aliases: Aliases) -> list[tuple[int, frozenset[str]]]:
    """The position of each column that may say a response was not finished, and the cells
    (:func:`key`, lower case) saying so. (Qualtrics' ``Status`` reads "Response Type" too:
    Typeform's column, whose cells Qualtrics never writes.)"""
    found = ((p, aliases.unfinished.get(key(text))) for p, text in enumerate(header))
    return [(p, marks) for p, marks in found if marks is not None]


def _flagged(body: list[tuple[list[str], int]], position: int, marks: frozenset[str]) -> list[int]:
    """The indexes of the filled records whose cell at ``position`` is one of ``marks``
    (each distinct cell compared once: a file of 100,000 rows has a few)."""
    said: dict[str, bool] = {}
    out = []
    for at, (record, _) in enumerate(body):
        cell = record[position] if position < len(record) else ""
        hit = said.get(cell)
        if hit is None:
            hit = said[cell] = key(cell).lower() in marks
        if hit and any(c.strip() for c in record):
            out.append(at)
    return out


def leave_out_unfinished(
    body: list[tuple[list[str], int]],
    header: list[str],
    aliases: Aliases,
    found: Problems,
    *,
    keep: bool = False,
) -> tuple[list[tuple[list[str], int]], int]:
    """The answer records without the unfinished responses (all of them when ``keep``),
    and how many there were; one warning naming their rows and the column (the first that
    marks any), either way. An empty record is no response (reported where empty rows are)."""
    position, flagged = 0, []
    for position, marks in unfinished_columns(header, aliases):
        flagged = _flagged(body, position, marks)
        if flagged:
            break
    if not flagged:
        return body, 0
    rows = [body[at][1] for at in flagged]
    shown = ", ".join(map(str, rows[:SHOWN_ROWS])) + (" …" if len(rows) > SHOWN_ROWS else "")
    code = "ofullstandiga_medtagna" if keep else "ofullstandiga_utelamnade"
    found.warn(code, rows[0], header[position].strip(), None, count=len(rows), rows=shown)
    if keep:
        return body, len(rows)
    left_out = set(flagged)
    return [b for at, b in enumerate(body) if at not in left_out], len(rows)


__all__ = [
    "leave_out_unfinished",
    "submission_date_order",
    "submission_time",
    "submission_zone",
    "unfinished_columns",
]
