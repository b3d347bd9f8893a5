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

import io
import re
import zipfile
import zlib

from linnedata.errors import Problem
from linnedata.errors import problem as _p

MAX_UNCOMPRESSED = 100_000_000
MAX_RATIO = 100
RATIO_FLOOR = 1_000_000  # the ratio check applies once a workbook unpacks to more than this
ENCODING_ORDER = ("utf-8-sig", "utf-16", "utf-8", "cp1252")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def xml_is_defused() -> bool:
    """True when openpyxl parses workbook XML through ``defusedxml``."""
    import openpyxl.xml

    return bool(openpyxl.xml.DEFUSEDXML)


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
    bomb = _bomb(members)
    if bomb is not None:
        return None, bomb
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


def _bomb(members: list[zipfile.ZipInfo]) -> Problem | None:
    """The zip-bomb problem of an archive that unpacks too large or too well; else None."""
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        return _p(
            "fil_zipbomb",
            size=round(total / 1e6, 1),
            ratio=round(total / max(packed, 1)),
            limit=MAX_UNCOMPRESSED // 1_000_000,
            max_ratio=MAX_RATIO,
        )
    return None


_INNER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


def unwrap_zip(data: bytes) -> tuple[bytes, str | None, Problem | None]:
    """Google Forms' ``.csv.zip``: ``(the one CSV or XLSX inside, its name, None)``.

    A workbook, or anything that is not a zip, comes back as it is. A zip holding anything
    but exactly one CSV or XLSX file is refused; the size guards of a workbook apply first,
    and the member is inflated in steps that stop past its declared size.
    """
    if container_of(data) != "zip":
        return data, None, None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return data, None, None  # the workbook reader names the damage
    office = ("xl/", "word/", "ppt/", "[Content_Types].xml")
    if any(m.filename.startswith(office) for m in members):
        return data, None, None  # a workbook, or another Office file the reader names
    files = [
        m
        for m in members
        if not m.is_dir()
        and not m.filename.startswith("__MACOSX/")
        and not m.filename.rsplit("/", 1)[-1].startswith(".")
    ]
    bomb = _bomb(members)
    if bomb is not None:
        return data, None, bomb
    inner = [m for m in files if m.filename.lower().endswith(_INNER_SUFFIXES)]
    if len(files) != 1 or len(inner) != 1:
        names = ", ".join(f"'{m.filename}'" for m in files[:10]) or "–"
        return data, None, _p("fil_zip_innehall", None, None, None, names=names, count=len(files))
    member = inner[0]
    if member.flag_bits & 0x1:
        return data, None, _p("fil_xlsx_losenord")
    if not _unpacks_as_declared(data, member):
        return data, None, _p("fil_xlsx_trasig", detail=member.filename)
    too_big = None if member.filename.lower().endswith(".xlsx") else _text_too_big(archive, member)
    if too_big is not None:
        return data, None, too_big
    return archive.read(member), member.filename, None


def _text_too_big(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Problem | None:
    """The refusal of a text file in a zip beyond a sheet's bounds (characters, rows, cells:
    :data:`~linnedata.survey.grid.MAX_TEXT` …), told before it is parsed: its size from
    the directory (checked against the data already), its lines counted in 1 MB steps."""
    from linnedata.survey.grid import MAX_ROWS, MAX_SHEET_CELLS, MAX_TEXT

    rows = columns = 0
    if member.file_size <= MAX_TEXT:
        with archive.open(member) as stream:
            first = stream.read(1 << 16)
            head = first.split(b"\n", 1)[0]
            columns = max(head.count(s) for s in (b",", b";", b"\t")) + 1
            chunk = first
            while chunk:
                rows += max(chunk.count(b"\n"), chunk.count(b"\r"))
                if rows > MAX_ROWS or rows * columns > MAX_SHEET_CELLS:
                    break
                chunk = stream.read(1 << 20)
    if member.file_size > MAX_TEXT or rows > MAX_ROWS or rows * columns > MAX_SHEET_CELLS:
        return _p(
            "fil_zip_for_stor",
            None,
            None,
            member.filename,
            size=round(member.file_size / 1e6, 1),
            limit=MAX_TEXT // 1_000_000,
            max_rows=MAX_ROWS,
            max_cells=MAX_SHEET_CELLS,
        )
    return None


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


MIXED = "utf-8+cp1252"  # a text file mostly UTF-8 with some lines saved as Windows-1252
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_lines(data: bytes) -> tuple[str, str, tuple[int, ...]] | None:
    """:func:`decode`, and the physical lines (0 = first) that were not UTF-8.

    A file that is not UTF-8 as a whole, but has lines that are UTF-8 with its multi-byte
    letters (``ä`` as ``C3 A4``), was pasted together from two programs: each line is read
    in its own encoding, UTF-8 where it is and Windows-1252 where it is not (``ä`` as
    ``E4``), so that neither half becomes ``VÃ¤xjÃ¶``; the encoding is :data:`MIXED` and
    the Windows-1252 lines are named. A file with no UTF-8 line of letters beyond ASCII is
    Windows-1252 (:func:`decode`).

    >>> decode_lines("Växjö;1\\n".encode() + "Kalmar å;2".encode("cp1252"))
    ('Växjö;1\\nKalmar å;2', 'utf-8+cp1252', (1,))
    """
    decoded = decode(data)
    if decoded is None or decoded[1] != "cp1252" or not _UTF8_MULTIBYTE.search(data):
        return None if decoded is None else (*decoded, ())
    lines: list[str] = []
    other: list[int] = []
    utf8_letters = False
    for number, line in enumerate(data.split(b"\n")):
        try:
            lines.append(line.decode("utf-8"))
            utf8_letters = utf8_letters or not line.isascii()
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
            other.append(number)
    if not utf8_letters:
        return (*decoded, ())
    return "\n".join(lines).lstrip("\ufeff"), MIXED, tuple(other)


def decode(data: bytes) -> tuple[str, str] | None:
    """The text and the encoding, tried in :data:`ENCODING_ORDER`; None when none fits.

    >>> decode("Växjö".encode("cp1252")), decode(b"\\xef\\xbb\\xbfa;b")
    (('Växjö', 'cp1252'), ('a;b', 'utf-8-sig'))
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif _looks_like_utf16_without_bom(data, 1):
        candidates = ("utf-16-le",)
    elif _looks_like_utf16_without_bom(data, 0):
        candidates = ("utf-16-be",)
    else:
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_utf16_without_bom(data: bytes, zero_at: int) -> bool:
    """True when most bytes at even (``zero_at`` 0: big-endian) or odd places are NUL."""
    sample = data[:2000]
    return len(sample) >= 8 and sample[zero_at::2].count(0) > 0.8 * (len(sample) // 2)


def decode_text(data: bytes) -> str | None:
    """Decode a text export in the documented order; None when no encoding fits.

    >>> decode_text("Växjö".encode("cp1252")), decode_text(b"\\xef\\xbb\\xbfa;b")
    ('Växjö', 'a;b')
    """
    decoded = decode(data)
    return None if decoded is None else decoded[0]
