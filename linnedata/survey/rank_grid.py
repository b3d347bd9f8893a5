"""A ranking question with one column per area (Qualtrics' rank order, SurveyMonkey's
ranking): each cell is the area's place. Places 1, 2 and 3 are read as ``prio_1…3`` (the
area's text), later places are left out; the columns are never read as ratings
(:func:`~linnedata.survey.columns.decide`, reason ``rangordning``).

A respondent who gives two areas one place, or a place that is not a whole number from 1,
gets an error naming the cell; blank places are fine (fewer than three priorities).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from linnedata.errors import Problems
from linnedata.survey.columns import PRIO_COLUMNS, MappingDecision, ranked_area
from linnedata.survey.rows import preview

# a whole number, as a text file or a workbook's number cell writes it ("2", "2.0", "2,0")
_PLACE = re.compile(r"^\s*(\d{1,4})(?:[.,]0+)?\s*$")


def rank_columns(decisions: list[MappingDecision], taxonomy, aliases) -> dict[int, str]:
    """Position → the area's text of every ranking column."""
    return {
        d.position: ranked_area(d.header, taxonomy, aliases)
        for d in decisions
        if d.reason == "rangordning"
    }


def ranked_priorities(
    body: list[tuple[list[str], int]],
    header: list[str],
    areas: dict[int, str],
    found: Problems,
) -> dict[int, list[str]]:
    """Row → its three priorities (the area's text, "" for a place no area has)."""
    out: dict[int, list[str]] = {}
    names = {position: header[position].strip() for position in areas}
    for record, row in body:
        prios = ["", "", ""]
        taken: dict[int, int] = {}
        for position, area in areas.items():
            text = record[position].strip() if position < len(record) else ""
            place = _place(text, row, names[position], found)
            if place is None:
                continue
            if place in taken:
                found.error("rangordning_samma_plats", row, names[position], preview(text),
                            first=names[taken[place]])  # fmt: skip
                continue
            taken[place] = position
            if place <= len(PRIO_COLUMNS):
                prios[place - 1] = area
        out[row] = prios
    return out


def _place(text: str, row: int, column: str, found: Problems) -> int | None:
    """The place a cell holds; None for a blank cell or (with an error) a bad one."""
    if not text:
        return None
    place = _whole(text)
    if not place:
        found.error("rangordning_plats", row, column, preview(text))
        return None
    return place


@functools.lru_cache(maxsize=256)
def _whole(text: str) -> int:
    """The whole number from 1 a cell holds, else 0 (once per distinct text: a ranking's
    cells repeat a few places).

    >>> _whole("2"), _whole("2.0"), _whole("2,5"), _whole("0")
    (2, 2, 0, 0)
    """
    match = _PLACE.match(text)
    return int(match[1]) if match else 0


def add_priorities(
    cells: dict[str, list[Any]],
    headers: dict[str, str],
    ranked: dict[int, list[str]],
    first_header: str,
) -> None:
    """The priorities as the columns ``prio_1…3`` of the answer rows kept (by their row)."""
    rows = cells["kalla_rad"]
    for rank, name in enumerate(PRIO_COLUMNS):
        cells[name] = [ranked.get(r, ["", "", ""])[rank] for r in rows]
        headers[name] = first_header


__all__ = ["add_priorities", "rank_columns", "ranked_priorities"]
