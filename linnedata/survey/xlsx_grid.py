"""The grid stage for workbooks: one sheet of an XLSX as text cells."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import Any

from linnedata.errors import problem as _p
from linnedata.survey.grid import Grid
from linnedata.survey.source import check_zip


def cell_text(value: Any) -> str:
    """An XLSX cell value as the text a person sees (numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if value.time() != time()
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, sheet: str | None = None) -> Grid:
    """Read one sheet of a workbook as text cells, after :func:`check_zip`.

    Args:
        data: the bytes.
        sheet: the sheet to read; when None and the workbook has several sheets with
            content, the grid carries the error ``blad_valj`` listing them.
    """
    import openpyxl

    grid = Grid(container="xlsx")
    archive, problem = check_zip(data)
    if problem is not None or archive is None:
        grid.errors.append(problem or _p("fil_xlsx_trasig", detail="zip"))
        return grid
    try:  # any read or parse failure means a corrupt workbook
        sheets_xml = [
            archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        ]
        has_formulas = any(b"<f>" in xml or b"<f " in xml for xml in sheets_xml)
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        grid.errors.append(_p("fil_xlsx_trasig", detail=type(exc).__name__))
        return grid
    with_content = [ws.title for ws in book.worksheets if ws.max_row > 1 or ws["A1"].value]
    grid.sheets = tuple(with_content or book.sheetnames)
    if sheet is None:
        if len(with_content) > 1:
            grid.errors.append(_p("blad_valj", sheets=", ".join(f"'{s}'" for s in with_content)))
            return grid
        sheet = (with_content or book.sheetnames)[0]
    elif sheet not in book.sheetnames:
        grid.errors.append(
            _p(
                "blad_saknas",
                None,
                None,
                sheet,
                sheets=", ".join(f"'{s}'" for s in book.sheetnames),
            )
        )
        return grid
    grid.sheet = sheet
    ws = book[sheet]
    width = ws.max_column
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True), 1):
        cells = [cell_text(v) for v in row] + [""] * (width - len(row))
        grid.records.append(cells)
        grid.rows.append(r)
    # formatting alone makes a sheet look larger than its content: drop the empty margin
    while grid.records and not any(c.strip() for c in grid.records[-1]):
        grid.records.pop()
        grid.rows.pop()
    used = max((i + 1 for rec in grid.records for i, c in enumerate(rec) if c.strip()), default=0)
    grid.records = [rec[:used] for rec in grid.records]
    if has_formulas:
        try:
            formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)[sheet]
        except Exception as exc:  # read once already: should not happen
            grid.errors.append(_p("fil_xlsx_trasig", detail=type(exc).__name__))
            return grid
        for row in formulas.iter_rows():
            for c in row:
                formula = isinstance(c.value, str) and c.value.startswith("=")
                if formula and not grid.records[c.row - 1][c.column - 1]:
                    grid.formula_cells.append((c.row, c.column, str(c.value)))
    return grid
