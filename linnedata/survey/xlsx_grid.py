"""The grid stage for workbooks: one sheet of an XLSX as text cells."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time
from typing import Any

from linnedata.errors import Problem
from linnedata.errors import problem as _p
from linnedata.survey.grid import MAX_ROWS, MAX_SHEET_CELLS, MAX_TEXT, Grid
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
        too_big = _too_big(archive, sheets_xml)
        if too_big is not None:  # before openpyxl builds a cell object for each of them
            grid.errors.append(too_big)
            return grid
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
    if not _fill(grid, book[sheet]):
        return grid
    if has_formulas:
        _formulas_without_values(grid, data, sheet)
    return grid


def _formulas_without_values(grid: Grid, data: bytes, sheet: str) -> None:
    """The sheet's formulas whose cell holds no saved value, into ``grid.formula_cells``."""
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)[sheet]
    except Exception as exc:  # read once already: should not happen
        grid.errors.append(_p("fil_xlsx_trasig", detail=type(exc).__name__))
        return
    for row in formulas.iter_rows():
        for c in row:
            formula = isinstance(c.value, str) and c.value.startswith("=")
            if formula and not _at(grid.records, c.row, c.column):
                grid.formula_cells.append((c.row, c.column, str(c.value)))


# Bounds of a sheet read: by the cells it really holds, never by its stated dimensions
# (one cell at XFD1048576 states 17 billion) nor by cells × string size (shared strings).


_SHARED_ITEM = re.compile(rb"<si\b.*?</si>", re.S)
_TEXT = re.compile(rb"<t\b[^>]*>([^<]*)</t>")  # a string's text (its bytes: ≥ its characters)
_SHARED_REF = re.compile(rb'<c\b[^>]*\bt="s"[^>]*>\s*<v>(\d+)</v>')


def _too_big(archive: Any, sheets_xml: list[bytes]) -> Problem | None:
    """The refusal of a sheet beyond the bounds, told from its XML without parsing it: its
    ``<row>`` and ``<c>`` elements counted, and its text summed from the shared strings
    each cell refers to (a shared-strings bomb: one 20 kB string in 600,000 cells is 12
    billion characters in 3 MB). A regular expression over at most
    :data:`~linnedata.survey.source.MAX_UNCOMPRESSED` bytes: well under a second."""
    try:
        shared = archive.read("xl/sharedStrings.xml")
    except KeyError:
        shared = b""
    lengths = [sum(map(len, _TEXT.findall(item))) for item in _SHARED_ITEM.findall(shared)]
    for xml in sheets_xml:
        rows, cells = xml.count(b"<row"), xml.count(b"<c ") + xml.count(b"<c>")
        size = sum(lengths[int(i)] for i in _SHARED_REF.findall(xml) if int(i) < len(lengths))
        if rows > MAX_ROWS or cells > MAX_SHEET_CELLS or size > MAX_TEXT:
            return _p("fil_blad_for_stort_xml", rows=rows, cells=cells, size=round(size / 1e6, 1))
    return None


def _fill(grid: Grid, ws: Any) -> bool:
    """The sheet's cells into ``grid``, within the bounds; False (with the error) if beyond."""
    filled = {
        key: text
        for key, cell in ws._cells.items()  # the cells present in the file, no others
        if (text := cell_text(cell.value)).strip()
    }
    if not filled:
        return True
    rows = max(r for r, _ in filled)
    columns = max(c for _, c in filled)
    size = sum(len(text) for text in filled.values())
    if rows > MAX_ROWS or rows * columns > MAX_SHEET_CELLS or size > MAX_TEXT:
        grid.errors.append(
            _p("fil_blad_for_stort", rows=rows, columns=columns, size=round(size / 1e6, 1))
        )
        return False
    grid.records = [[""] * columns for _ in range(rows)]
    for (r, c), text in filled.items():
        grid.records[r - 1][c - 1] = text
    grid.rows = list(range(1, rows + 1))
    return True


def _at(records: list[list[str]], row: int, column: int) -> str:
    """The cell's text, "" beyond the grid (a formula without a value in a trailing row)."""
    if row > len(records) or column > len(records[row - 1]):
        return ""
    return records[row - 1][column - 1]
