"""Removing personal data from free text and from a kept raw file (the store's last line of defence).

Kept as it was when the store became a package; the survey pipeline's one redactor and raw-file
scrubber replace this module (issue 10), so keep its interface small: :func:`redact`,
:func:`scrub_raw`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from linnedata.survey import decode_text, default_aliases, key

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Swedish or international phone number: +46 70-123 45 67, 070-123 45 67, 0470 - 70 80 00.
_PHONE = re.compile(
    r"(?<![\w\-:./+])(?:\+\d{1,3}[\s-]?(?:\(0\)\s?)?|0)\d{1,4}(?:[\s-]?\d{2,4}){2,4}(?![\d:.,]\d)"
)


def _phone(match: re.Match[str]) -> str:
    """A match with 8–13 digits is a phone number; dates and amounts are left alone."""
    digits = sum(c.isdigit() for c in match.group(0))
    return "[telefon]" if 8 <= digits <= 13 else match.group(0)


def redact(text: str) -> str:
    """Remove e-mail addresses and phone numbers from free text.

    >>> redact("Ring 070-123 45 67 eller skriv till anna.svensson@vaxjo.se!")
    'Ring [telefon] eller skriv till [e-post]!'
    """
    return _PHONE.sub(_phone, _EMAIL.sub("[e-post]", text))


def scrub_raw(data: bytes) -> bytes | None:
    """The uploaded file with its personal-data columns emptied, to keep in the store.

    CSV (any separator the reader accepts) is rewritten as UTF-8; XLSX with openpyxl. In
    every other cell e-mail addresses and phone numbers are removed.

    Returns:
        The scrubbed bytes, or None when the file cannot be read as either.
    """
    if data.startswith(b"PK\x03\x04"):
        return _scrub_xlsx(data)
    text = decode_text(data)
    if text is None:
        return None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        return None
    personal = _personal_columns(records[:HEADER_SEARCH_ROWS])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    for number, record in enumerate(records):
        if number < HEADER_SEARCH_ROWS and _is_header(record):
            writer.writerow(record)
        else:
            writer.writerow(["" if i in personal else redact(c) for i, c in enumerate(record)])
    return out.getvalue().encode("utf-8")


# The reader looks for the header among a file's first rows (title rows may come first).
HEADER_SEARCH_ROWS = 20


def _is_personal(header: object) -> bool:
    return isinstance(header, str) and key(header) in default_aliases().personal


def _is_header(record: Sequence[object]) -> bool:
    return any(_is_personal(cell) for cell in record)


def _personal_columns(rows: Sequence[Sequence[object]]) -> set[int]:
    """Positions (0-based) of columns whose header, in any of ``rows``, names personal data."""
    return {i for row in rows for i, cell in enumerate(row) if _is_personal(cell)}


def _scrub_xlsx(data: bytes) -> bytes | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data))
    except Exception:  # any unreadable workbook (zip, XML, openpyxl errors): keep no copy
        return None
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows()]
        head = [[c.value for c in r] for r in rows[:HEADER_SEARCH_ROWS]]
        personal = _personal_columns(head)
        for number, row in enumerate(rows):
            if number < HEADER_SEARCH_ROWS and _is_header(head[number]):
                continue
            for position, c in enumerate(row):
                if position in personal:
                    c.value = None
                elif isinstance(c.value, str):
                    c.value = redact(c.value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
