"""The answer rows of a grid below its header: used cells kept, ragged and empty rows and
rows of totals reported, a respondent's identity hashed from the personal columns.
"""

from __future__ import annotations

import hashlib
import operator
import secrets
from typing import Any

import numpy as np
import pandas as pd

from linnedata.errors import Phrase, Problem, Problems, problem
from linnedata.survey.columns import PRIO_COLUMNS
from linnedata.survey.content import is_total
from linnedata.survey.grid import MAX_CELL, Grid, clean_cell, column_letter, needs_cleaning
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
) -> dict[str, list[Any]]:
    """The used cells of the answer rows, column by column; ragged and empty rows reported,
    rows of totals (``Total``, ``Summa``, ``Riket`` in the municipality column) dropped
    with one warning naming them.

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

    Returns:
        ``{"kalla_rad": [row, …], name: [text, …], …}`` (and :data:`IDENTITY` when there
        are personal columns): one value per answer row kept, in file order; a column
        whose texts repeat is a ``pd.Categorical`` of them (:func:`_take`).
    """
    shown = {p: header[p].strip() for p in range(len(header))}
    kept, rows = _answer_records(body, header, used, grid, found)
    columns: dict[str, list[Any]] = {"kalla_rad": rows}
    for position, name in used.items():
        if joined and position in joined:  # a checkbox grid: its filled cells as one list
            together = [position, *joined[position]]
            texts = [";".join(r[p] for p in together if r[p].strip()) for r in kept]
        elif per_option and position in per_option:
            texts = [chosen(r, per_option[position]) for r in kept]
        else:  # one column at a time: never every column's cells at once besides the rows
            texts = list(map(operator.itemgetter(position), kept))
        columns[name] = _clean_column(texts, rows, shown[position], found)
    _formula_warnings(grid, rows, used, shown, found)
    if personal:
        salt = secrets.token_bytes(16)
        columns[IDENTITY] = [
            hashlib.sha256(
                salt + "\x1f".join(normalize(r[p]) for p in personal).encode("utf-8")
            ).hexdigest()
            for r in kept
        ]
    return columns


def _answer_records(body, header, used, grid: Grid, found: Problems):
    """The records read as answers (padded to the header's width) and their rows: empty
    rows, rows of totals and (text files) ragged rows left out and reported."""
    width = len(header)
    unnamed = {i: False for i, h in enumerate(header) if not h.strip() and i not in used}
    municipality = next((p for p, name in used.items() if name == "kommun"), None)
    totals: list[tuple[int, str]] = []
    total_of: dict[str, bool] = {}  # is_total once per distinct municipality text
    kept: list[list[str]] = []
    rows: list[int] = []
    for record, row in body:
        if not "".join(record).strip():  # every cell blank (one join, no loop per cell)
            found.warn("rad_tom", row)
            continue
        if municipality is not None and municipality < len(record):
            text = record[municipality]
            if text not in total_of:
                total_of[text] = is_total(text)
            if total_of[text]:
                totals.append((row, text.strip()))
                continue
        if grid.container == "text" and (
            len(record) < width or any(c.strip() for c in record[width:])
        ):
            found.errors.append(_ragged(record, row, header, width))
            continue
        if len(record) < width:
            record = record + [""] * (width - len(record))
        if unnamed:
            _unnamed_filled(record, row, unnamed, found)
        kept.append(record)
        rows.append(row)
    if totals:
        column = header[municipality].strip() or column_letter(municipality)  # type: ignore[index]
        _totals_warning(totals, column, found)
    return kept, rows


def _unnamed_filled(record: list[str], row: int, unnamed: dict[int, bool], found) -> None:
    """The first filled cell of each column without a header, reported once."""
    for position, reported in unnamed.items():
        if not reported and record[position].strip():
            unnamed[position] = True
            found.warn("kolumn_utan_rubrik", row, None, record[position], position=position + 1)


def _clean_column(
    texts: list[str], rows: list[int], column: str, found: Problems
) -> list[str] | pd.Categorical:
    """A used column's cells cleaned of control characters and cut to the longest cell
    kept (once per distinct text), each such cell reported (:func:`_take`)."""
    if not texts:
        return []
    codes, uniques = pd.factorize(np.asarray(texts, dtype=object))
    if not needs_cleaning(uniques.tolist()):  # every text as it is
        return _take(uniques.tolist(), codes)
    cleaned = [clean_cell(t) for t in uniques]
    for at in np.nonzero(np.asarray([c[1] or c[2] for c in cleaned], dtype=bool)[codes])[0]:
        text, had_control, cut = cleaned[codes[at]]
        if had_control:
            found.warn("cell_styrtecken", rows[at], column, preview(text))
        if cut:
            found.warn("cell_for_lang", rows[at], column, preview(text), length=len(texts[at]),
                       limit=MAX_CELL)  # fmt: skip
    return _take([c[0] for c in cleaned], codes)


def _take(texts: list[str], codes: np.ndarray) -> list[str] | pd.Categorical:
    """Each cell's text (``texts[code]``): categorical when the texts repeat (a
    municipality, a rating, a choice: one small code a cell and each text once), else a list.

    >>> _take(["Växjö"], np.zeros(3, dtype=np.intp)).tolist()
    ['Växjö', 'Växjö', 'Växjö']
    """
    if len(texts) == len(codes):  # every text its own, in order
        return texts
    if len(texts) <= len(codes) // 2 and len(set(texts)) == len(texts):
        return pd.Categorical.from_codes(codes, categories=texts)
    values = np.empty(len(texts), dtype=object)
    values[:] = texts
    return values[codes].tolist()


def _formula_warnings(grid: Grid, rows: list[int], used, shown, found: Problems) -> None:
    """A used cell holding a formula without a saved value (a workbook's), per cell."""
    if not grid.formula_cells:
        return
    kept = set(rows)
    for r, c, formula in sorted(grid.formula_cells, key=lambda f: f[0]):
        if r in kept and c - 1 in used:
            found.warn("cell_formel_utan_varde", r, shown[c - 1], formula)


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


def split_ranking(used, columns: dict[str, list[Any]], headers, header_row: int, found) -> None:
    """Microsoft Forms exports a ranking question as one column, "A;B;C;…" best first."""
    targets = set(used.values())
    ranking = (
        "prio_1" in targets
        and not targets & {"prio_2", "prio_3"}
        and any(";" in str(t).strip(" ;") for t in columns["prio_1"])
    )
    if not ranking:
        return
    ranked = [[part.strip() for part in t.split(";") if part.strip()] for t in columns["prio_1"]]
    for rank, name in enumerate(PRIO_COLUMNS):
        columns[name] = [r[rank] if rank < len(r) else "" for r in ranked]
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
