"""From a file's bytes to a grid of text cells: signatures, encodings, separators, sheets.

Nothing here interprets the survey; it only turns whatever a survey tool or a spreadsheet
program saved into rows of text cells numbered as a spreadsheet shows them, and names every
problem on the way. :mod:`linnedata.survey` maps the grid's columns to the questionnaire.

Containers recognised by their first bytes, never by the file name alone:

* **zip** (``PK\\x03\\x04``): an XLSX workbook. Checked *before* any XML is parsed: a total
  uncompressed size over :data:`MAX_UNCOMPRESSED` or a compression ratio over
  :data:`MAX_RATIO` is refused (zip bomb), then the members a workbook must have.
  openpyxl parses the XML through ``defusedxml`` (installed; see :func:`xml_is_defused`).
* **OLE** (``\\xd0\\xcf\\x11\\xe0``): a password-protected XLSX (it holds an
  ``EncryptedPackage`` stream) or a legacy ``.xls`` workbook; each is refused with its own
  message.
* anything else is **text**, decoded in this fixed order: UTF-8 with BOM, UTF-16 with BOM
  (Excel's "Unicode text"), UTF-8, Windows-1252. Latin-1 is never tried: it accepts every
  byte and would turn a wrong guess into silently garbled names.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from linnedata.errors import Problem

MAX_UNCOMPRESSED = 100_000_000
MAX_RATIO = 100
RATIO_FLOOR = 1_000_000  # the ratio check applies once a workbook unpacks to more than this
MAX_CELL = 10_000
SEPARATORS = (",", ";", "\t")
ENCODING_ORDER = ("utf-8-sig", "utf-16", "utf-8", "cp1252")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_EXCEL_SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Grid:
    """A file as rows of text cells.

    Attributes:
        records: the rows, each a list of cell texts ("" for blank).
        rows: the row number of each record as a spreadsheet shows it (first row = 1);
            a quoted cell with line breaks is still one row.
        container: ``"text"`` or ``"xlsx"``.
        encoding: the text encoding used (text only).
        separator: the separator (text only), e.g. ``";"``.
        sheet: the sheet read (xlsx only).
        sheets: every sheet of the workbook that has content.
        errors: problems that stop the import.
        warnings: problems that do not.
        formula_cells: ``(row, column number, formula)`` of formulas without a cached value.
    """

    records: list[list[str]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    container: str = "text"
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    formula_cells: list[tuple[int, int, str]] = field(default_factory=list)


def _p(code: str, row: int | None = None, column: str | None = None, value: Any = None, **params):
    from linnedata.survey import SurveyProblem  # the message renderer lives there

    return SurveyProblem(row=row, column=column, value=value, code=code, params=params)


def _cell_phrase(key: str, column: str | None, value: str | None) -> Any:
    """The fragment naming a cell in a row's message; "" when the cell is not known."""
    from linnedata.survey import Phrase

    if column is None or value is None:
        return ""
    return Phrase(key, {"column": column, "value": value})


def xml_is_defused() -> bool:
    """True when openpyxl parses workbook XML through ``defusedxml``."""
    import openpyxl.xml

    return bool(openpyxl.xml.DEFUSEDXML)


# --- signatures ------------------------------------------------------------------------------


def container_of(data: bytes) -> str:
    """``"zip"``, ``"ole"`` or ``"text"`` from the file's first bytes."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if data.startswith(_OLE):
        return "ole"
    return "text"


def ole_problem(data: bytes) -> Problem:
    """The message for an OLE compound file: encrypted workbook or legacy .xls."""
    if _ENCRYPTED in data:
        return _p("fil_xlsx_losenord")
    return _p("fil_xls")


def check_zip(data: bytes) -> tuple[zipfile.ZipFile | None, Problem | None]:
    """Open a zip and check it is a workbook that unpacks to a sane size; parses no XML.

    Reads only the zip's central directory, so a zip bomb is refused in milliseconds.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        return None, _p("fil_xlsx_trasig", detail=str(exc) or type(exc).__name__)
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        return None, _p(
            "fil_zipbomb",
            size=round(total / 1e6, 1),
            ratio=round(total / max(packed, 1)),
            limit=MAX_UNCOMPRESSED // 1_000_000,
            max_ratio=MAX_RATIO,
        )
    names = {m.filename for m in members}
    if any(m.flag_bits & 0x1 for m in members):
        return None, _p("fil_xlsx_losenord")
    liar = next((m for m in members if not _unpacks_as_declared(data, m)), None)
    if liar is not None:
        return None, _p("fil_xlsx_trasig", detail=liar.filename)
    if "xl/workbook.xml" not in names:
        kind = (
            "docx"
            if "word/document.xml" in names
            else "pptx"
            if "ppt/presentation.xml" in names
            else "zip"
        )
        return None, _p("fil_zip_inte_xlsx", kind=kind)
    return archive, None


def _unpacks_as_declared(data: bytes, member: zipfile.ZipInfo) -> bool:
    """True when a member unpacks to no more than the size its directory entry declares.

    A zip whose directory understates a member's size passes the size check above, and
    zipfile (hence openpyxl) would inflate the whole member in one call before cutting it
    to the declared size: seconds and gigabytes for a few hundred kB. Inflating here in
    1 MB steps stops one step past the declared size, whatever the member really holds.
    Excel stores members deflated or plain; any other method is refused.
    """
    if member.compress_type == zipfile.ZIP_STORED:
        return member.compress_size == member.file_size
    if member.compress_type != zipfile.ZIP_DEFLATED:
        return False
    local = data[member.header_offset : member.header_offset + 30]
    if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
        return False
    start = member.header_offset + 30 + int.from_bytes(local[26:28], "little")
    start += int.from_bytes(local[28:30], "little")
    pending = data[start : start + member.compress_size]
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        while pending and not inflate.eof:
            produced += len(inflate.decompress(pending, 1 << 20))
            if produced > member.file_size:
                return False
            pending = inflate.unconsumed_tail
    except zlib.error:
        return False
    return produced == member.file_size


# --- text ------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str] | None:
    """The text and the encoding, tried in :data:`ENCODING_ORDER`; None when none fits.

    >>> decode("Växjö".encode("cp1252")), decode(b"\\xef\\xbb\\xbfa;b")
    (('Växjö', 'cp1252'), ('a;b', 'utf-8-sig'))
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif _looks_like_utf16_without_bom(data):
        candidates = ("utf-16-le",)
    else:
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    sample = data[:2000]
    return len(sample) >= 8 and sample[1::2].count(0) > 0.8 * (len(sample) // 2)


class QuoteError(Exception):
    """A quote that does not close, or a character after a closing quote."""

    def __init__(
        self, row: int, detail: str, column: str | None = None, value: str | None = None
    ) -> None:
        self.row = row
        self.detail = detail
        self.column = column  # the header (or column letter) of the cell whose quote breaks
        self.value = value  # that cell's text from its quote (start of it)
        super().__init__(f"row {row}: {detail}")


def broken_quote(line: str, separator: str) -> tuple[int, str] | None:
    """``(cell place, cell text)`` of the cell whose quoting breaks on one physical line:
    a quote that does not close before the line ends, or a character after a closing quote.

    >>> broken_quote('Växjö,"öppnas men', ","), broken_quote('a,"b"c,d', ",")
    ((1, '"öppnas men'), (1, '"b"c'))
    """
    line = line.rstrip("\r\n")
    place, start, i, quoted, closed = 0, 0, 0, False, False
    while i < len(line):
        char = line[i]
        if quoted:
            if char == '"' and line[i + 1 : i + 2] == '"':
                i += 1
            elif char == '"':
                quoted, closed = False, True
        elif char == separator:
            place, start, closed = place + 1, i + 1, False
        elif closed:
            return place, line[start:].split(separator)[0]
        elif char == '"' and i == start:
            quoted = True
        i += 1
    return (place, line[start:].split(separator)[0]) if quoted else None


def split_records(text: str, separator: str) -> list[list[str]]:
    """CSV text → records; a quoted cell may hold line breaks.

    Raises:
        QuoteError: at the record (first = 1) where the quoting breaks; an unclosed quote
            would otherwise swallow the rest of the file silently.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[list[str]] = []
    lines_read = 0
    try:
        for record in reader:
            records.append(record)
            lines_read = reader.line_num
    except csv.Error as exc:
        lines = io.StringIO(text, newline="").readlines()
        where = next(
            (
                found
                for line in lines[lines_read:]
                if (found := broken_quote(line, separator)) is not None
            ),
            None,
        )
        column = value = None
        if where is not None:
            header = next((r for r in records if any(c.strip() for c in r)), [])
            named = where[0] < len(header) and header[where[0]].strip()
            column = header[where[0]].strip() if named else column_letter(where[0])
            value = where[1] if len(where[1]) <= 60 else where[1][:60] + "…"
        raise QuoteError(len(records) + 1, str(exc), column, value) from exc
    return records


def separator_candidates(header_line: str) -> list[str]:
    """Separators ordered by how often they occur outside quotes in a line."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: outside.count(sep) for sep in SEPARATORS}
    return sorted(SEPARATORS, key=lambda sep: -counts[sep])


def read_text(
    data: bytes,
    accept: Callable[[list[list[str]]], bool],
    *,
    encodings: tuple[str, ...] | None = None,
    separators: tuple[str, ...] | None = None,
) -> Grid:
    """Decode and split a text export, sniffing the separator.

    Args:
        data: the bytes.
        accept: True when the records came out right (the required columns are there);
            the first separator giving accepted records wins, so a ``;`` file is never
            read with ``,`` as one garbage column.
        encodings: only these encodings (a named format); :data:`ENCODING_ORDER` otherwise.
        separators: only these separators (a named format).
    """
    grid = Grid(container="text")
    decoded = decode(data)
    if decoded is None or (encodings is not None and decoded[1] not in encodings):
        grid.errors.append(_p("fil_kodning"))
        return grid
    text, grid.encoding = decoded
    allowed = list(separators or SEPARATORS)
    skipped = 0
    excel_sep = _EXCEL_SEP_LINE.match(text)
    if excel_sep and excel_sep.group(1) in SEPARATORS:
        text = text[excel_sep.end() :]
        allowed = [excel_sep.group(1)]
        skipped = 0  # Excel hides the sep= line: the header is still row 1
    if not _CONTROL.sub("", text).strip():
        grid.errors.append(_p("fil_tom"))
        return grid
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    attempts: list[tuple[str, list[list[str]]]] = []
    broken: list[QuoteError] = []
    for separator in (s for s in separator_candidates(first_line) if s in allowed):
        try:
            records = split_records(text, separator)
        except QuoteError as exc:
            broken.append(exc)
            continue
        attempts.append((separator, records))
        if accept(records):
            break
    else:
        if broken:
            first = broken[0]
            grid.errors.append(
                _p(
                    "rad_citattecken",
                    first.row + skipped,
                    first.column,
                    first.value,
                    detail=first.detail,
                    where=_cell_phrase("rad_citattecken_cell", first.column, first.value),
                )
            )
            return grid
    if not attempts:
        grid.errors.append(_p("fil_kodning"))
        return grid
    separator, records = attempts[-1]
    if not accept(records):
        separator, records = max(
            attempts, key=lambda a: max((len(r) for r in a[1][:20]), default=0)
        )
    # Excel saves rows it once formatted as ";;;;" after the answers: as in a workbook, an
    # empty margin at the end is no row of answers (an empty row between answers is reported)
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    grid.separator = separator
    grid.records = records
    grid.rows = [skipped + i + 1 for i in range(len(records))]
    return grid


def column_letter(place: int) -> str:
    """A column's letters as a spreadsheet shows them (0 → ``A``, 26 → ``AA``).

    >>> column_letter(0), column_letter(26)
    ('A', 'AA')
    """
    letters = ""
    place += 1
    while place:
        place, rest = divmod(place - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- xlsx ------------------------------------------------------------------------------------


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


def clean_cell(text: str) -> tuple[str, bool, bool]:
    """``(cleaned, had control characters, was cut)``: NUL and other control characters
    removed (tab and line breaks kept), cut to :data:`MAX_CELL` characters.

    >>> clean_cell("a\\x00b\\x07")
    ('ab', True, False)
    """
    cleaned = _CONTROL.sub("", text)
    had_control = cleaned != text
    cut = len(cleaned) > MAX_CELL
    return (cleaned[:MAX_CELL] if cut else cleaned), had_control, cut


__all__ = [
    "ENCODING_ORDER",
    "MAX_CELL",
    "Grid",
    "QuoteError",
    "check_zip",
    "clean_cell",
    "container_of",
    "decode",
    "ole_problem",
    "read_text",
    "read_xlsx",
    "split_records",
    "xml_is_defused",
]
