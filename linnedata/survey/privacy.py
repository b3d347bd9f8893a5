"""The privacy stage: the one redactor, and what an import keeps of a file (an allow-list).

**What is kept of an imported file** (``docs/notes-privacy.md``): no raw bytes at all. The
store keeps the canonical table (the columns of the contract, each cell validated; free
text through :func:`redact`), the mapping of the columns it read (:func:`kept_columns`),
the original's SHA-256 and size. Every other column — survey-tool metadata (IP address,
respondent and response ids, tokens, recipient names, location), personal columns and
columns nobody mapped — is dropped, and the validation report names the dropped headers
(:func:`dropped_columns`), never their values. A refused file keeps its checksum, size and
the log entry (values left out) only.

**The one redactor** (:func:`redact`) is the second line of defence, by content, for every
kept text cell: e-mail addresses (also ``namn(at)kommun.se``) → ``[e-post]``; personnummer
and samordningsnummer (``-``, ``+``, a space or nothing between date and number, 10 or 12
digits; a valid date, and with a space or nothing also a valid Luhn check digit) →
``[personnummer]``; phone numbers in any common Swedish or international writing (also a
bare ``0701234567``) → ``[telefon]``; IPv4 and IPv6 addresses → ``[ip-adress]``; UUIDs and
long random tokens (16+ letters and digits, mixed) → ``[id]``. A cell with no digit and
nothing like ``@`` is returned after one quick search, so redaction costs next to nothing
for ordinary text.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linnedata.survey.columns import MappingDecision

EMAIL_MARK, PHONE_MARK, PNR_MARK = "[e-post]", "[telefon]", "[personnummer]"
IP_MARK, ID_MARK = "[ip-adress]", "[id]"
MARKS = (EMAIL_MARK, PHONE_MARK, PNR_MARK, IP_MARK, ID_MARK)

# Nothing below can match a text without a digit, "@" or a bracketed "at": one search
# tells the ordinary cell apart (most free text), the patterns run on the rest only.
_MAYBE = re.compile(r"[0-9@]|[\(\[\{]\s?(?:at|snabela|a)\s?[\)\]\}]", re.I)

_AT = r"(?:@|\s?[\(\[\{]\s?(?:at|snabela|a)\s?[\)\]\}]\s?)"
_DOT = r"(?:\.|\s?[\(\[\{]\s?(?:dot|punkt)\s?[\)\]\}]\s?)"
_EMAIL = re.compile(rf"[\w.+\-]+{_AT}[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}[A-Za-z]{{2,}}", re.I)
_UUID = re.compile(r"(?<![\w-])[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![\w-])", re.I)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)")
# hex groups and colons (two at least), checked by the ipaddress module: 12:30:45 is a time
_IPV6 = re.compile(r"(?<![\w:])(?=[0-9a-f.]*:[0-9a-f.]*:)[0-9a-f:.]{2,45}(?:%\w+)?(?![\w:])", re.I)
# a date (YYMMDD, 12 digits with the century) and four digits, joined by -, +, a space or
# nothing; the date and check digit are checked in _pnr
_PNR = re.compile(r"(?<![\d\-+])(?:(?:19|20)(?=\d{6}[-+ ]?\d{4}(?!\d)))?\d{6}[-+ ]?\d{4}(?!\d)")
# A prefix (0…, +46, 0046, (08)) and groups of digits, joined by nothing, one space, or a
# dash or dot with at most one space on either side: 070-123 45 67, 0470 - 70 80 00,
# 070.123.45.67, 0701234567.
_GAP = r"(?:\s?[\-–.]\s?|\s)"
# Not inside a word or number: no letter, digit, "-", "+" or "," just before, and no ":",
# "." or "/" after a digit (12:07…, 1.07…, 2023/0123); "tel:0701234567" is a number.
_PHONE = re.compile(
    r"(?<![\w\-+,])(?<!\d[:./])(?:\+\d{1,3}(?:\s?\(0\))?|00\d{2}|\(0\d{1,3}\)|0\d{1,3})"
    rf"{_GAP}?\d+(?:{_GAP}\d+){{0,5}}(?!\d)"
)
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}")
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9_]{16,}(?![\w-])")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a personnummer's ten digits (YYMMDDNNNC).

    >>> luhn_ok("8112289874"), luhn_ok("8112289875")
    (True, False)
    """
    total = 0
    for i, d in enumerate(int(c) for c in digits):
        product = d * (2 - i % 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _date_ok(month: int, day: int) -> bool:
    """A date a personnummer may hold (a samordningsnummer adds 60 to the day)."""
    day = day - 60 if day > 60 else day
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]


def _pnr(match: re.Match[str]) -> str:
    """A personnummer or samordningsnummer when its date is one; with a space or nothing
    between date and number (a phone number, an amount or an id may read so) also its Luhn
    check digit. A bare ``07…`` of ten digits is left to the phone rule."""
    text = match.group(0)
    digits = text.replace("-", "").replace("+", "").replace(" ", "")
    ten = digits[-10:]
    if not _date_ok(int(ten[2:4]), int(ten[4:6])):
        return text
    written = "-" in text or "+" in text
    if not written and (not luhn_ok(ten) or (len(digits) == 10 and text.startswith("07"))):
        return text
    return PNR_MARK


def _phone(match: re.Match[str]) -> str:
    """A match with 8–13 digits is a phone number; time ranges and amounts are left alone."""
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    if not 8 <= digits <= 13 or _TIME_RANGE.fullmatch(text):
        return text
    return PHONE_MARK


def _ipv6(match: re.Match[str]) -> str:
    text = match.group(0)
    try:
        ipaddress.IPv6Address(text.split("%", 1)[0])
    except ValueError:
        return text
    return IP_MARK


def _token(match: re.Match[str]) -> str:
    """A long run of letters and digits is an id when it is all digits or mixes them (three
    changes between letter and digit at least): ``R_1abcDEFghiJKL2m``, a 32-hex token;
    a word with a year (``Digitaliseringsplan2025``) is no id."""
    text = match.group(0)
    if text.isdigit():
        return ID_MARK
    kinds = [c.isdigit() for c in text if c.isalnum()]
    changes = sum(1 for a, b in itertools.pairwise(kinds) if a != b)
    return ID_MARK if changes >= 3 else text


_DIGIT = re.compile(r"\d")

# (pattern, replacement, a cheap test that must hold for the pattern to find anything)
_RULES = (
    (_EMAIL, EMAIL_MARK, lambda t: "@" in t or "(" in t or "[" in t or "{" in t),
    (_UUID, ID_MARK, lambda t: t.count("-") >= 4),
    (_IPV6, _ipv6, lambda t: t.count(":") >= 2),
    (_IPV4, IP_MARK, lambda t: t.count(".") >= 3),
    (_PNR, _pnr, lambda t: _DIGIT.search(t) is not None),
    (_PHONE, _phone, lambda t: _DIGIT.search(t) is not None),
    (_TOKEN, _token, lambda t: len(t) >= 16 and _DIGIT.search(t) is not None),
)


def redact(text: str) -> tuple[str, int]:
    """Free text with personal data replaced by its placeholder (:data:`MARKS`); how many.

    >>> redact("Ring 070-123 45 67 eller mejla a.b(at)kommun.se, pnr 811228-9874")
    ('Ring [telefon] eller mejla [e-post], pnr [personnummer]', 3)
    >>> redact("Från 192.168.1.20, mobil 0701234567, pnr 811228 9874")
    ('Från [ip-adress], mobil [telefon], pnr [personnummer]', 3)
    """
    if not _MAYBE.search(text):
        return text, 0
    before = sum(text.count(mark) for mark in MARKS) if "[" in text else 0
    for pattern, replacement, possible in _RULES:
        if possible(text):
            text = pattern.sub(replacement, text)
    after = sum(text.count(mark) for mark in MARKS) if "[" in text else 0
    return text, after - before


def redacted(text: str) -> str:
    """:func:`redact`'s text alone (for logs and messages)."""
    return redact(text)[0]


def redact_all(texts: Iterable[str]) -> tuple[list[str], list[int]]:
    """:func:`redact` over a column's cells, once each: the texts and each cell's count."""
    out: list[str] = []
    counts: list[int] = []
    for text in texts:
        cleaned, found = redact(text)
        out.append(cleaned)
        counts.append(found)
    return out, counts


def looks_personal(cells: list[str]) -> bool:
    """True when most non-blank cells hold personal data the redactor finds."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    hits = sum(1 for c in filled if redact(c)[1])
    return hits * 2 > len(filled)


# --- what an import keeps of a file ------------------------------------------------------------


@dataclass(frozen=True)
class DroppedColumn:
    """A column of the file that nothing of is kept.

    Attributes:
        column: its header (redacted), or its letter when it has none.
        reason: ``"personuppgift"`` (personal data by header or content), ``"metadata"``
            (a survey tool's own column) or ``"ej_mappad"`` (no question of the contract).
    """

    column: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"column": self.column, "reason": self.reason}


def _is_kept(decision: MappingDecision, targets: Sequence[str]) -> bool:
    from linnedata.survey.columns import PERSONAL

    return bool(decision.target) and decision.target != PERSONAL and decision.target in targets


def kept_columns(decisions: Sequence[MappingDecision], targets: Sequence[str]) -> dict[str, str]:
    """Header (redacted) → contract column of every column read: what the store keeps."""
    return {redacted(d.header.strip()): d.target for d in decisions if _is_kept(d, targets)}


def dropped_columns(
    decisions: Sequence[MappingDecision], targets: Sequence[str]
) -> list[DroppedColumn]:
    """Every column not read, by header (redacted) and why; the allow-list's complement. A
    ranking grid's columns are read as the priorities (:mod:`~linnedata.survey.rank_grid`)."""
    from linnedata.survey.columns import PERSONAL
    from linnedata.survey.grid import column_letter

    out = []
    for d in decisions:
        if _is_kept(d, targets) or d.reason == "rangordning":
            continue
        header = d.header.strip()
        if d.target == PERSONAL or d.reason == "personuppgift":
            reason = "personuppgift"
        elif d.reason == "metadata":
            reason = "metadata"
        else:
            reason = "ej_mappad"
        out.append(DroppedColumn(redacted(header) or column_letter(d.position), reason))
    return out


__all__ = [
    "EMAIL_MARK",
    "ID_MARK",
    "IP_MARK",
    "MARKS",
    "PHONE_MARK",
    "PNR_MARK",
    "DroppedColumn",
    "dropped_columns",
    "kept_columns",
    "looks_personal",
    "luhn_ok",
    "redact",
    "redact_all",
    "redacted",
]
