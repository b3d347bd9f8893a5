"""The answer rows of a grid below its header: used cells kept, ragged and empty rows and
rows of totals reported, a respondent's identity hashed from the personal columns.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from linnedata.errors import Phrase, Problem, Problems, problem
from linnedata.survey.columns import PRIO_COLUMNS
from linnedata.survey.content import is_total
from linnedata.survey.grid import MAX_CELL, Grid, clean_cell, column_letter
from linnedata.survey.per_option import chosen
from linnedata.text import normalize

IDENTITY = "_identitet"


def answer_rows(
    body: list[tuple[list[str], int]],
    header: list[str],
    used: dict[int, str],
    personal: tuple[int, ...],
    grid: Grid,
    found: Problems,
    joined: dict[int, list[int]] | None = None,
    per_option: dict[int, list[tuple[int, str]]] | None = None,
) -> list[dict[str, Any]]:
    """One dict of used cells per answer row; ragged and empty rows reported, rows of
    totals (``Total``, ``Summa``, ``Riket`` in the municipality column) dropped with one
    warning naming them.

    Args:
        body: the records below the header and their rows.
        header: the header's cells.
        used: position → canonical name of every column read.
        personal: positions of the personal columns (hashed into the identity, dropped).
        grid: the grid (container, formulas without a value).
        found: the collector.
        joined: a used position → further positions whose filled cells are read with it,
            joined by ``;`` (a checkbox grid's columns, read as one list of forms).
        per_option: a used position → ``(position, form id)`` of the forms question's
            columns, one per option (:mod:`~linnedata.survey.per_option`).
    """
    # One loop over the rows, each check a few lines: split up, the pieces would hand the
    # same eight values around (about 50 lines without the docstring).
    salt = secrets.token_bytes(16)
    width = len(header)
    unnamed = {i: False for i, h in enumerate(header) if not h.strip() and i not in used}
    shown = {p: header[p].strip() for p in range(width)}
    formula_at: dict[int, list[tuple[int, str]]] = {}
    for r, c, f in grid.formula_cells:
        formula_at.setdefault(r, []).append((c, f))
    out_rows: list[dict[str, Any]] = []
    municipality = next((p for p, name in used.items() if name == "kommun"), None)
    totals: list[tuple[int, str]] = []
    for record, row in body:
        if not any(cell.strip() for cell in record):
            found.warn("rad_tom", row)
            continue
        total = municipality is not None and municipality < len(record)
        if total and is_total(record[municipality]):  # type: ignore[index]
            totals.append((row, record[municipality].strip()))  # type: ignore[index]
            continue
        extra = record[width:]
        if grid.container == "text" and (len(record) < width or any(c.strip() for c in extra)):
            found.errors.append(_ragged(record, row, header, width))
            continue
        record = record + [""] * (width - len(record))
        for position, reported in unnamed.items():
            if not reported and record[position].strip():
                unnamed[position] = True
                found.warn("kolumn_utan_rubrik", row, None, record[position], position=position + 1)
        cells: dict[str, Any] = {"kalla_rad": row}
        for position, name in used.items():
            text = record[position]
            if joined and position in joined:  # a checkbox grid: its filled cells as one list
                together = [position, *joined[position]]
                text = ";".join(record[p] for p in together if record[p].strip())
            if per_option and position in per_option:
                text = chosen(record, per_option[position])
            cells[name] = _cell(text, row, shown[position], found)
        for c, formula in formula_at.get(row, ()):
            if c - 1 in used:
                found.warn("cell_formel_utan_varde", row, shown[c - 1], formula)
        if personal:
            identity = "\x1f".join(normalize(record[p]) for p in personal)
            cells[IDENTITY] = hashlib.sha256(salt + identity.encode("utf-8")).hexdigest()
        out_rows.append(cells)
    if totals:
        _totals_warning(totals, shown[municipality] or column_letter(municipality), found)
    return out_rows


def _totals_warning(totals: list[tuple[int, str]], column: str, found: Problems) -> None:
    """One warning naming the rows of totals dropped (the first 20)."""
    listed = ", ".join(f"{row} ('{preview(text, 30)}')" for row, text in totals[:20])
    more = "" if len(totals) <= 20 else " …"
    found.warn("rad_summa", totals[0][0], column, totals[0][1], rows=listed + more)


def _cell(raw: str, row: int, column: str, found: Problems) -> str:
    """One used cell, cleaned of control characters and cut to the longest cell kept."""
    text, had_control, cut = clean_cell(raw)
    if had_control:
        found.warn("cell_styrtecken", row, column, preview(text))
    if cut:
        found.warn("cell_for_lang", row, column, preview(text), length=len(raw), limit=MAX_CELL)
    return text


def split_ranking(used, out_rows, headers, header_row: int, found: Problems) -> None:
    """Microsoft Forms exports a ranking question as one column, "A;B;C;…" best first."""
    targets = set(used.values())
    ranking = (
        "prio_1" in targets
        and not targets & {"prio_2", "prio_3"}
        and any(";" in str(r.get("prio_1", "")).strip(" ;") for r in out_rows)
    )
    if not ranking:
        return
    for cells in out_rows:
        ranked = [part.strip() for part in cells.get("prio_1", "").split(";") if part.strip()]
        for rank, name in enumerate(PRIO_COLUMNS):
            cells[name] = ranked[rank] if rank < len(ranked) else ""
    for name in PRIO_COLUMNS[1:]:
        headers[name] = headers["prio_1"]
    found.warn("prio_rangordning", header_row, headers["prio_1"], None)


def _ragged(record: list[str], row: int, header: list[str], width: int) -> Problem:
    """A row with more or fewer fields than the header, naming the cell where it goes wrong."""
    if len(record) > width:  # the first value beyond the last header
        place = next(i for i in range(width, len(record)) if record[i].strip())
        column, value = column_letter(place), preview(record[place].strip())
        where = Phrase("rad_ojamn_extra", {"column": column, "value": value})
    else:  # the first header without a value, and the row's last value
        column = header[len(record)].strip() or column_letter(len(record))
        value = preview(next((c.strip() for c in reversed(record) if c.strip()), ""))
        where = Phrase("rad_ojamn_kort", {"column": column, "value": value})
    return problem("rad_ojamn", row, column, value, found=len(record), expected=width, where=where)


def preview(text: str, limit: int = 60) -> str:
    """The start of a long cell, for a message."""
    return text if len(text) <= limit else text[:limit] + "…"


__all__ = ["IDENTITY", "answer_rows", "preview", "split_ranking"]
