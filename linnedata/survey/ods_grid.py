"""The grid stage for OpenDocument spreadsheets (LibreOffice's ``.ods``): one sheet as text.

Read by pandas with odfpy, after the same guards as a workbook: the zip's sizes
(:func:`~linnedata.survey.source.zip_bomb`), no DTD or entity in ``content.xml`` and at
most :data:`MAX_CONTENT` bytes of it, and the grid pandas would build counted from the XML
first: a row or cell repeated a million times (``table:number-rows-repeated``,
``table:number-columns-repeated``) or a run of a billion spaces (``text:s text:c``) is
refused before odfpy parses anything. The bounds are the workbook's
(:data:`~linnedata.survey.grid.MAX_ROWS` …).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from linnedata.errors import Problem
from linnedata.errors import problem as _p
from linnedata.survey.grid import MAX_ROWS, MAX_SHEET_CELLS, MAX_TEXT, Grid
from linnedata.survey.source import _bomb, _unpacks_as_declared
from linnedata.survey.xlsx_grid import cell_text

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_CONTENT = 40_000_000  # bytes of content.xml (odfpy holds its whole tree in memory)

_TABLE = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"')
_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)/?>", re.S)
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_SPACES = re.compile(rb'<text:s\b[^>]*?text:c="(\d+)"')
_FILLED = re.compile(rb"office:value-type=|office:value=")


def is_ods(data: bytes) -> bool:
    """True for an OpenDocument spreadsheet: a zip whose ``mimetype`` member says so."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("mimetype")
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False
    return info.file_size < 100 and archive.read(info).strip() == ODS_MIMETYPE


@dataclass
class Extent:
    """What pandas would build of one sheet: rows, the widest row, characters of spaces."""

    name: str
    rows: int = 0
    columns: int = 0
    spaces: int = 0


def extents(content: bytes) -> list[Extent]:
    """Each sheet's extent as pandas' ODF reader builds it, counted from the XML."""
    found: list[Extent] = []
    starts = list(_TABLE.finditer(content))
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(content)
        sheet = Extent(start[1].decode("utf-8", "replace"))
        pending = 0  # empty rows: built only when a filled row follows
        for row in _ROW.finditer(content, start.end(), end):
            repeat = _repeat(_ROWS_REPEATED, row[1])
            width = _width(row[2] or b"")
            if width == 0:
                pending += repeat
                continue
            sheet.rows += pending + repeat
            sheet.columns = max(sheet.columns, width)
            pending = 0
            sheet.spaces += repeat * sum(int(n) for n in _SPACES.findall(row[2] or b""))
        found.append(sheet)
    return found


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    match = pattern.search(attributes)
    return int(match[1]) if match else 1


def _width(cells: bytes) -> int:
    """The cells a row builds: up to the end of its last filled cell."""
    width = filled_to = 0
    for cell in _CELL.finditer(cells):
        width += _repeat(_COLUMNS_REPEATED, cell[1])
        if _FILLED.search(cell[1]):
            filled_to = width
    return filled_to


def _checked_content(data: bytes) -> tuple[bytes | None, Problem | None]:
    """``content.xml`` of a spreadsheet within the bounds, or the problem."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        bomb = _bomb(members)
        if bomb is not None:
            return None, bomb
        content = archive.getinfo("content.xml")
        if any(m.flag_bits & 0x1 for m in members) or b"encryption-data" in archive.read(
            "META-INF/manifest.xml"
        ):
            return None, _p("fil_xlsx_losenord")
        if content.file_size > MAX_CONTENT or not _unpacks_as_declared(data, content):
            size = round(content.file_size / 1e6, 1)
            return None, _p("fil_blad_for_stort_xml", rows="?", cells="?", size=size)
        xml = archive.read(content)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        return None, _p("fil_xlsx_trasig", detail=str(exc) or type(exc).__name__)
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        return None, _p("fil_xlsx_trasig", detail="DTD")
    return xml, None


def read_ods(data: bytes, sheet: str | None = None) -> Grid:
    """Read one sheet of an OpenDocument spreadsheet as text cells, within the bounds.

    Args:
        data: the bytes.
        sheet: the sheet to read; when None and several sheets have content, the grid
            carries the error ``blad_valj`` listing them.
    """
    grid = Grid(container="ods")
    xml, trouble = _checked_content(data)
    if trouble is not None or xml is None:
        grid.errors.append(trouble or _p("fil_xlsx_trasig", detail="content.xml"))
        return grid
    sheets = extents(xml)
    for s in sheets:
        if s.rows > MAX_ROWS or s.rows * s.columns > MAX_SHEET_CELLS or s.spaces > MAX_TEXT:
            cells = s.rows * s.columns
            grid.errors.append(
                _p(
                    "fil_blad_for_stort_xml",
                    rows=s.rows,
                    cells=cells,
                    size=round(s.spaces / 1e6, 1),
                )
            )
            return grid
    with_content = [s.name for s in sheets if s.rows]
    grid.sheets = tuple(with_content or [s.name for s in sheets])
    if sheet is None and len(with_content) > 1:
        grid.errors.append(_p("blad_valj", sheets=", ".join(f"'{s}'" for s in with_content)))
        return grid
    if sheet is not None and sheet not in [s.name for s in sheets]:
        listed = ", ".join(f"'{s.name}'" for s in sheets)
        grid.errors.append(_p("blad_saknas", None, None, sheet, sheets=listed))
        return grid
    grid.sheet = sheet or (grid.sheets[0] if grid.sheets else None)
    return _fill(grid, data)


def _fill(grid: Grid, data: bytes) -> Grid:
    import pandas as pd

    try:
        frame = pd.read_excel(
            io.BytesIO(data), engine="odf", sheet_name=grid.sheet, header=None, dtype=object,
            keep_default_na=False, na_filter=False,
        )  # fmt: skip
    except Exception as exc:  # odfpy's and pandas' errors alike: a damaged file
        grid.errors.append(_p("fil_xlsx_trasig", detail=type(exc).__name__))
        return grid
    grid.records = [
        ["" if v != v else cell_text(v) for v in row]  # NaN: a #N/A cell
        for row in frame.itertuples(index=False)
    ]
    grid.rows = list(range(1, len(grid.records) + 1))
    return grid


__all__ = ["MAX_CONTENT", "extents", "is_ods", "read_ods"]
