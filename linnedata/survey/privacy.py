"""The privacy stage: one redactor of free text and one scrubber of the kept raw file.

:func:`redact` replaces e-mail addresses (also ``namn(at)kommun.se``), phone numbers in any
common Swedish or international writing and personnummer/samordningsnummer by ``[e-post]``,
``[telefon]`` and ``[personnummer]``. :func:`looks_personal` tells whether a cell is
mostly such data (a column of it is personal whatever its header says).

:func:`scrub_raw` rewrites the uploaded file for keeping with the reader's own decisions
(:class:`~linnedata.survey.table.ReadInfo`: encoding, separator, sheet, header row and
personal columns), never a second guess: personal columns emptied below the header, every
other text cell redacted, and a workbook's document properties and comments removed.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linnedata.survey.table import ReadInfo

EMAIL_MARK, PHONE_MARK, PNR_MARK = "[e-post]", "[telefon]", "[personnummer]"

_AT = r"(?:@|\s?[\(\[\{]\s?(?:at|snabela|a)\s?[\)\]\}]\s?)"
_DOT = r"(?:\.|\s?[\(\[\{]\s?(?:dot|punkt)\s?[\)\]\}]\s?)"
_EMAIL = re.compile(rf"[\w.+\-]+{_AT}[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}[A-Za-z]{{2,}}", re.I)
# 12 digits (with century) with or without a separator, 10 digits with one; the day may be
# 61–91 (samordningsnummer).
_PNR = re.compile(
    r"(?<![\d\-+])(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])[-+ ]?\d{4}"
    r"|\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])[-+]\d{4})(?![\d])"
)
# A prefix (0…, +46, 0046, (08)) and groups of digits joined by one space, or by a dash or
# dot with at most one space on either side: 070-123 45 67, 0470 - 70 80 00, 070.123.45.67.
_GAP = r"(?:\s?[\-–.]\s?|\s)"
_PHONE = re.compile(
    r"(?<![\w\-:./+,])(?:\+\d{1,3}(?:\s?\(0\))?|00\d{2}|\(0\d{1,3}\)|0\d{1,3})"
    rf"{_GAP}?\d{{1,4}}(?:{_GAP}\d{{1,4}}){{1,5}}(?!\d)"
)
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}")


def _phone(match: re.Match[str]) -> str:
    """A match with 8–13 digits is a phone number; time ranges and amounts are left alone."""
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    if not 8 <= digits <= 13 or _TIME_RANGE.fullmatch(text):
        return text
    return PHONE_MARK


def redact(text: str) -> tuple[str, int]:
    """Free text with e-mail addresses, personnummer and phone numbers replaced; how many.

    >>> redact("Ring 070-123 45 67 eller mejla a.b(at)kommun.se, pnr 800101-1234")
    ('Ring [telefon] eller mejla [e-post], pnr [personnummer]', 3)
    """
    text, emails = _EMAIL.subn(EMAIL_MARK, text)
    text, numbers = _PNR.subn(PNR_MARK, text)
    before = text.count(PHONE_MARK)
    text = _PHONE.sub(_phone, text)
    return text, emails + numbers + text.count(PHONE_MARK) - before


def redacted(text: str) -> str:
    """:func:`redact`'s text alone (for logs and messages)."""
    return redact(text)[0]


def looks_personal(cells: list[str]) -> bool:
    """True when most non-blank cells hold an e-mail address, phone number or personnummer."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    hits = sum(1 for c in filled if redact(c)[1])
    return hits * 2 > len(filled)


# --- the kept raw file -------------------------------------------------------------------------


def scrub_raw(
    data: bytes, info: ReadInfo, blank: dict[int, set[int] | None] | None = None
) -> bytes | None:
    """The file as read, for keeping: personal columns emptied, other text redacted.

    Args:
        data: the bytes the reader read (a zip's member already taken out).
        info: how the reader read them.
        blank: row → positions of further cells to empty (None: the whole row), e.g. the
            cells a refused file's errors name: what a survey tool did not put there may be
            anything, a name too.

    Returns:
        The scrubbed bytes (a text file as UTF-8 with the reader's separator; a workbook
        without document properties or comments), or None when no copy may be kept.
    """
    if info.container == "xlsx":
        return _scrub_xlsx(data, info, blank or {})
    from linnedata.survey.source import decode_lines

    decoded = decode_lines(data)  # as the reader decoded it, a mixed file line by line
    if decoded is None or info.separator is None:
        return None
    text = decoded[0]
    if re.match(r"sep=.\r?\n", text, re.IGNORECASE):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=info.separator))
    except csv.Error:
        return None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=info.separator, lineterminator="\n")
    for row, record in enumerate(records, 1):
        writer.writerow(_scrub_record(record, row, info, blank or {}))
    return out.getvalue().encode("utf-8")


def _emptied(row: int, position: int, info: ReadInfo, blank: dict[int, set[int] | None]) -> bool:
    """True for a cell the kept copy leaves empty: a personal column's, or one ``blank`` names."""
    if row in blank and (blank[row] is None or position in blank[row]):  # type: ignore[operator]
        return True
    return bool(info.header_row) and row > info.header_row and position in info.personal


def _scrub_record(
    record: list[str], row: int, info: ReadInfo, blank: dict[int, set[int] | None]
) -> list[str]:
    return ["" if _emptied(row, i, info, blank) else redacted(c) for i, c in enumerate(record)]


def _scrub_xlsx(data: bytes, info: ReadInfo, blank: dict[int, set[int] | None]) -> bytes | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data))
    except Exception:  # any unreadable workbook (zip, XML, openpyxl errors): keep no copy
        return None
    for name in ("creator", "lastModifiedBy", "title", "subject", "description", "keywords"):
        setattr(book.properties, name, None)
    if hasattr(book, "custom_doc_props"):
        from openpyxl.packaging.custom import CustomPropertyList

        book.custom_doc_props = CustomPropertyList()
    for sheet in book.worksheets:
        read = sheet.title == info.sheet
        for row in sheet.iter_rows():
            for cell in row:
                cell.comment = None
                if read and _emptied(cell.row, cell.column - 1, info, blank):
                    cell.value = None
                    continue
                if isinstance(cell.value, str):
                    cell.value = redacted(cell.value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["looks_personal", "redact", "redacted", "scrub_raw"]
