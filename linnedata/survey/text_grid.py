"""The grid stage for text exports: separators, quoting and records."""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Callable, Iterator

from linnedata.errors import Phrase
from linnedata.errors import problem as _p
from linnedata.survey.grid import _CONTROL, MAX_ROWS, Grid, column_letter
from linnedata.survey.source import decode_lines

SEPARATORS = (",", ";", "\t")
MAX_COLUMNS = 2_000  # more columns than any questionnaire: refused before any is mapped
# csv's own limit (128 kB) would report a long free-text cell as broken quoting; the cell is
# cut to MAX_CELL later, with a warning
csv.field_size_limit(50_000_000)
_EXCEL_SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)
# a character that is neither white space nor one of grid._CONTROL's (no copy of the text)
_CONTENT = re.compile(r"[^\s" + _CONTROL.pattern[1:])


def _cell_phrase(key: str, column: str | None, value: str | None) -> Phrase | str:
    """The fragment naming a cell in a row's message; "" when the cell is not known."""
    if column is None or value is None:
        return ""
    return Phrase(key, {"column": column, "value": value})


class TooManyRows(Exception):
    """More records than a sheet may have (:data:`~linnedata.survey.grid.MAX_ROWS`)."""


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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def physical_lines(text: str) -> Iterator[str]:
    """The lines of a text with their endings (``\\r\\n``, ``\\r`` or ``\\n``), as
    ``io.StringIO(text, newline="")`` gives them, without its copy of the whole text.

    >>> list(physical_lines("a\\r\\nb\\rc\\nd"))
    ['a\\r\\n', 'b\\r', 'c\\n', 'd']
    """
    return (m.group(0) for m in _LINE.finditer(text))


def split_records(text: str, separator: str, ends: list[int] | None = None) -> list[list[str]]:
    """CSV text → records; a quoted cell may hold line breaks. ``ends`` (when given) gets
    the number of physical lines read after each record.

    Raises:
        QuoteError: at the record (first = 1) where the quoting breaks; an unclosed quote
            would otherwise swallow the rest of the file silently.
        TooManyRows: past :data:`~linnedata.survey.grid.MAX_ROWS` records (a 23 MB file of
            one short column holds 3 million), before any more is read.
    """
    reader = csv.reader(physical_lines(text), delimiter=separator, strict=True)
    records: list[list[str]] = []
    lines_read = 0
    same: dict[str, str] = {}  # one string object per distinct cell text: "Växjö" once
    try:
        for record in reader:
            records.append([same.setdefault(c, c) for c in record])
            if len(records) > MAX_ROWS:
                raise TooManyRows
            lines_read = reader.line_num
            if ends is not None:
                ends.append(lines_read)
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
    decoded = decode_lines(data)
    if decoded is None or (encodings is not None and decoded[1] not in encodings):
        grid.errors.append(_p("fil_kodning"))
        return grid
    text, grid.encoding, other_lines = decoded
    allowed = list(separators or SEPARATORS)
    excel_sep = _EXCEL_SEP_LINE.match(text)
    if excel_sep and excel_sep.group(1) in SEPARATORS:
        text = text[excel_sep.end() :]  # Excel hides the sep= line: the header is still row 1
        allowed = [excel_sep.group(1)]
    if not _CONTENT.search(text):  # only control characters and white space
        grid.errors.append(_p("fil_tom"))
        return grid
    chosen = _split(text, allowed, accept, grid)
    if chosen is None:
        return grid
    separator, records = chosen
    # Excel saves rows it once formatted as ";;;;" after the answers: as in a workbook, an
    # empty margin at the end is no row of answers (an empty row between answers is reported)
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    grid.separator = separator
    grid.records = records
    grid.rows = [i + 1 for i in range(len(records))]
    if other_lines:
        _mixed_warning(grid, text, separator, other_lines, offset=1 if excel_sep else 0)
    return grid


def _mixed_warning(
    grid: Grid, text: str, separator: str, lines: tuple[int, ...], offset: int
) -> None:
    """One warning naming the rows (as a spreadsheet shows them) that were Windows-1252."""
    ends: list[int] = []
    split_records(text, separator, ends)
    at = sorted({bisect.bisect_left(ends, line + 1 - offset) for line in lines})
    rows = [grid.rows[i] for i in at if i < len(grid.rows)]
    if not rows:
        return
    first = grid.records[at[0]]
    place = next((i for i, c in enumerate(first) if any(ord(ch) > 127 for ch in c)), 0)
    value = first[place] if place < len(first) else ""
    shown = ", ".join(map(str, rows[:20])) + (" …" if len(rows) > 20 else "")
    grid.warnings.append(
        _p("fil_blandad_kodning", rows[0], column_letter(place), value[:60], rows=shown)
    )


def _split(
    text: str, allowed: list[str], accept: Callable[[list[list[str]]], bool], grid: Grid
) -> tuple[str, list[list[str]]] | None:
    """The separator and records: the first accepted split, else the widest that split
    without a quoting error; None (with the error on ``grid``) when none did.

    A quoting error is reported only when the likeliest separator (the most frequent
    outside quotes) breaks and no split is accepted: a fully quoted ``,`` file read with
    ``;`` breaks at every closing quote, and that is no unclosed quote of the file.
    """
    # the separators counted over the first lines, not the first alone: a title row such
    # as "Svar, hösten 2025" above a ";" file must not make "," the first guess
    first_lines = "\n".join([line for line in text[:200_000].splitlines() if line.strip()][:20])
    attempts: list[tuple[str, list[list[str]]]] = []
    broken: list[QuoteError] = []
    for separator in (s for s in separator_candidates(first_lines) if s in allowed):
        try:
            records = split_records(text, separator)
        except TooManyRows:  # whatever the separator: the rows are the file's lines
            grid.errors.append(_p("fil_for_manga_rader", limit=MAX_ROWS))
            return None
        except QuoteError as exc:
            if not attempts:  # the likeliest separator so far breaks the quoting
                broken.append(exc)
            continue
        widest = max((len(r) for r in records[:50]), default=0)
        if widest > MAX_COLUMNS:
            grid.errors.append(_p("fil_for_manga_kolumner", count=widest, limit=MAX_COLUMNS))
            return None
        if accept(records):
            return separator, records
        attempts.append((separator, records))
    if attempts and not broken:
        return max(attempts, key=lambda a: max((len(r) for r in a[1][:20]), default=0))
    if broken:
        first = broken[0]
        grid.errors.append(
            _p(
                "rad_citattecken",
                first.row,
                first.column,
                first.value,
                detail=first.detail,
                where=_cell_phrase("rad_citattecken_cell", first.column, first.value),
            )
        )
    else:
        grid.errors.append(_p("fil_kodning"))
    return None
