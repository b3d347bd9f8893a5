"""Columns recognised by what they hold, not by their header.

A survey tool's header says what the question was; when it says nothing the reader knows
(``Ort``, ``Organisation``, an empty first cell over ``0780 Växjö``), the answers can still
tell: a column whose cells are municipalities is the municipality column, a column whose
cells are mostly e-mail addresses, phone numbers or personnummer is personal data.
Only cells below the header are looked at, at most :data:`SAMPLE_ROWS` of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linnedata.errors import Problems
from linnedata.places.region import MunicipalityResolver
from linnedata.survey import columns as mapping
from linnedata.survey.cells import parse_rating, split_forms
from linnedata.survey.columns import MappingDecision, grid_question
from linnedata.survey.privacy import looks_personal
from linnedata.taxonomy import Taxonomy

SAMPLE_ROWS = 200  # answer rows looked at per column
SAMPLE_VALUES = 20  # distinct values resolved per column (resolving an unknown one is slow)
MUNICIPALITY_SHARE = 0.8  # share of a column's filled cells that must be municipalities
_UNREAD = ("okand", "tom", "metadata")  # decisions a column's content may overrule

_LEADING_CODE = re.compile(r"^\d+\s+")

Body = list[tuple[list[str], int]]  # (record, row as a spreadsheet shows it) below the header


def cells_of(body: Body, position: int) -> list[str]:
    """The filled cells of one column in the sampled rows, stripped."""
    return [
        r[position].strip()
        for r, _ in body[:SAMPLE_ROWS]
        if position < len(r) and r[position].strip()
    ]


def is_total(text: str) -> bool:
    """True for a municipality cell of a row of totals (``Total``, ``Summa``, ``00 Riket`` …,
    listed in ``data/import_alias.toml`` as ``[svar.summarad]``).

    >>> is_total("Totalt"), is_total("00 Riket"), is_total("Växjö")
    (True, True, False)
    """
    text = _LEADING_CODE.sub("", text.strip())
    return bool(text) and mapping.default_aliases().answer("summarad", text) is not None


def personal_by_content(decisions: list[MappingDecision], body: Body) -> list[MappingDecision]:
    """A column not read whose cells are mostly e-mail, phone or personnummer is personal."""
    out = []
    for d in decisions:
        if not d.target and d.reason in _UNREAD and looks_personal(cells_of(body, d.position)):
            d = MappingDecision(d.position, d.header, mapping.PERSONAL, "personuppgift")
        out.append(d)
    return out


@dataclass(frozen=True)
class ContentMatch:
    """A column whose cells say what it is.

    Attributes:
        decision: the column's decision by its header (not read).
        example: one of its cells that resolved (for the message).
        hits: how many of its sampled filled cells are municipalities.
        filled: how many sampled cells are filled.
    """

    decision: MappingDecision
    example: str
    hits: int
    filled: int


def is_municipality(text: str, resolver: MunicipalityResolver) -> bool:
    """True when a cell names one municipality by name (a bare number is no name: an ID
    column of 114, 115 … must not read as Upplands Väsby).

    >>> from linnedata.places.region import default_resolver
    >>> [is_municipality(t, default_resolver()) for t in ("0780 Växjö", "Växjö kommun", "114")]
    [True, True, False]
    """
    if len(text) > 60 or not any(c.isalpha() for c in text) or "@" in text:
        return False
    return resolver.resolve(text).code is not None


def municipality_column(
    decisions: list[MappingDecision], body: Body, resolver: MunicipalityResolver
) -> ContentMatch | None:
    """The column not read (unknown or empty header) whose cells are municipalities; the
    one with the largest share when several are, the first on a tie; None when none is."""
    best: ContentMatch | None = None
    for d in decisions:
        if d.target or d.reason not in _UNREAD:
            continue
        match = _municipalities_in(d, cells_of(body, d.position), resolver)
        if match and (best is None or match.hits * best.filled > best.hits * match.filled):
            best = match
    return best


def _municipalities_in(
    d: MappingDecision, cells: list[str], resolver: MunicipalityResolver
) -> ContentMatch | None:
    """The match of one column, or None: most distinct values tried must resolve."""
    cells = [c for c in cells if not is_total(c)]  # an SCB sheet's Total/Riket rows
    if not cells:
        return None
    known: dict[str, bool] = {}
    for text in dict.fromkeys(cells):
        if len(known) >= SAMPLE_VALUES:
            break
        known[text] = is_municipality(text, resolver)
        misses = sum(not ok for ok in known.values())
        if misses > 2 and misses * MUNICIPALITY_SHARE > len(known) * (1 - MUNICIPALITY_SHARE):
            return None  # clearly not municipalities: stop resolving
    tried = [c for c in cells if c in known]
    hits = sum(known[c] for c in tried)
    if hits < MUNICIPALITY_SHARE * len(tried):
        return None
    example = next(c for c in tried if known[c])
    return ContentMatch(d, example, hits, len(tried))


# --- checkbox grids -----------------------------------------------------------------------------

FORMS = "samverkansformer"


def _kind(cell: str, taxonomy: Taxonomy) -> str:
    """``"forms"`` (every part a collaboration form), ``"rating"`` or ``"other"``."""
    forms, unknown = split_forms(cell, taxonomy)
    if forms and not unknown:
        return "forms"
    try:
        parse_rating(cell)
    except ValueError:
        return "other"
    return "rating"


def checkbox_grids(
    decisions: list[MappingDecision], body: Body, taxonomy: Taxonomy, found: Problems, row: int
) -> list[MappingDecision]:
    """Grid questions read as ratings whose answers are lists of collaboration forms are a
    checkbox grid (Google Forms' "Kryssrutenät"): its columns are read together as the
    forms (reason ``kryssrutnat``). A grid whose columns hold forms and ratings both, or
    forms when another column holds them too, is ambiguous: one error, and its columns
    are not read until the steward maps them.

    Only automatic decisions (a grid's ``[Row]`` or an area label) are looked at; a column
    the steward or a profile mapped stays as mapped.
    """
    groups: dict[str, list[MappingDecision]] = {}
    for d in decisions:
        if d.reason in ("rutnat", "omrade") and d.target.startswith(mapping.RATING_PREFIX):
            groups.setdefault(grid_question(d.header) or d.header, []).append(d)
    other_forms = next((d.header for d in decisions if d.target == FORMS), None)
    change: dict[int, MappingDecision] = {}
    for question, members in groups.items():
        kinds: dict[str, tuple[int, str, str]] = {}  # kind → (row, header, cell) first seen
        for d in members:
            for record, r in body[:SAMPLE_ROWS]:
                cell = record[d.position].strip() if d.position < len(record) else ""
                if cell:
                    kinds.setdefault(_kind(cell, taxonomy), (r, d.header, cell))
        if "forms" not in kinds:
            continue
        if "rating" in kinds or other_forms is not None:
            _ambiguous(question, kinds, other_forms, found, row)
            target, reason = mapping.IGNORE, "rutnat_tvetydigt"
        else:
            target, reason = FORMS, "kryssrutnat"
            found.warn("kryssrutnat_former", row, members[0].header, question, count=len(members))
        for d in members:
            change[d.position] = MappingDecision(d.position, d.header, target, reason)
    return [change.get(d.position, d) for d in decisions]


def _ambiguous(question, kinds, other_forms, found: Problems, row: int) -> None:
    at, header, cell = kinds["forms"]
    if other_forms is not None:
        found.error("kryssrutnat_och_kolumn", row, header, cell, question=question,
                    other=other_forms)  # fmt: skip
        return
    rating_at, rating_header, rating = kinds["rating"]
    found.error(
        "rutnat_tvetydigt",
        at,
        header,
        cell,
        question=question,
        rating=rating,
        rating_row=rating_at,
        rating_column=rating_header,
    )


__all__ = [
    "ContentMatch",
    "cells_of",
    "checkbox_grids",
    "is_municipality",
    "is_total",
    "municipality_column",
    "personal_by_content",
]
