"""The cells stage: one cell's text → its value (rating, time, choice, forms).

Every parser raises ``ValueError`` for a cell it cannot read; the validation stage turns
that into a problem naming the cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from linnedata.survey.columns import default_aliases, key
from linnedata.taxonomy import Taxonomy
from linnedata.text import strip_diacritics

LOCAL_TIME = ZoneInfo("Europe/Stockholm")
YEARS = (1900, 2199)  # the years a submission time may lie in (in UTC and Swedish time alike)


def _answers(kind: str) -> dict[str, tuple[str, ...]]:
    """Allowed answers of a single-choice question, from ``data/import_alias.toml``."""
    return default_aliases().answers[kind]


# Allowed answers: canonical value → accepted spellings (compared without case/diacritics).
ROLES = _answers("roll")
SEMINAR = _answers("seminarieintresse")
COFINANCING = _answers("medfinansiering")
CHOICES = {"roll": ROLES, "seminarieintresse": SEMINAR, "medfinansiering": COFINANCING}

_NUMBER = re.compile(r"(?P<n>\d+)(?:[.,]0+)?")
_NUMBERED_LABEL = re.compile(r"(?P<n>\d)\s*(?:[-–—:.)]\s*|\s)(?P<label>[^\W\d_][^\d]*)")
_ISO_TIME = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,6})\d*)?)?"
    r"(?:\s*(?P<ampm>AM|PM|fm|em|f\.m\.|e\.m\.))?)?"
    r"\s*(?P<tz>Z|UTC|GMT|CES?T|[+-]\d{2}:?\d{2}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_APPS_SCRIPT = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+(?P<y>\d{4})\s+"
    r"(?P<t>\d{1,2}:\d{2}(?::\d{2})?)\s+(?P<tz>GMT[+-]\d{4})(?:\s*\([^()]*\))?"
)
_SERIAL = re.compile(r"[2-7]\d{4}(?:[.,]\d+)?")
EXCEL_EPOCH = datetime(1899, 12, 30)
_DAY_MONTH = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?P<rest>(?:[ T,].*)?)"
)
_TEXT_TIME = re.compile(
    r"(?P<d>\d{1,2})\.?\s+(?P<mon>[^\W\d_]+)\.?\s+(?P<y>\d{4})"
    r"(?:,?\s+(?:kl\.?\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?)?"
)
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "maj": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def rating_labels(extra: dict[str, int] | None = None) -> dict[str, int]:
    """Every label of the rating scale as compared (:func:`key`) → its value.

    ``extra`` holds the steward's own labels (a mapping profile's value mapping).
    """
    labels = {
        key(spelling): int(value)
        for value, spellings in default_aliases().answers.get("betyg", {}).items()
        for spelling in spellings
    }
    labels.update({key(label): int(value) for label, value in (extra or {}).items()})
    return labels


def rating_key(text: str) -> str:
    """A rating cell as the scale's labels are compared (:func:`key`, stray spaces and dots
    trimmed)."""
    return key(text.replace("\u00a0", " ").replace("\u202f", " ")).strip("_.")


def parse_rating(cell: str, labels: dict[str, int] | None = None) -> int | None:
    """A rating cell → 1–5; None when blank.

    One value only: ``N``, ``N,0``, ``N.0``, a scale label (:func:`rating_labels`, any case,
    stray non-breaking spaces) or a number followed by words without a digit (``4 - Ganska
    angeläget``, ``4 - Ganska``) that are not another value's label.

    Raises:
        ValueError: the cell is not exactly one value on the scale (``4 - 5``, ``3 eller 4``,
            ``4,5``, ``5 -2``).

    >>> [parse_rating(c) for c in ["4", "4.0", "4,0", "4 - Ganska angeläget", " 4 ", ""]]
    [4, 4, 4, 4, 4, None]
    """
    text = cell.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not text:
        return None
    labels = rating_labels() if labels is None else labels
    number = _NUMBER.fullmatch(text)
    if number:
        value = int(number["n"])
    elif rating_key(text) in labels:
        value = labels[rating_key(text)]
    else:
        match = _NUMBERED_LABEL.fullmatch(text)
        # a number and words without a digit ("4 - Ganska"): one value, unless the words
        # are the label of another value ("4 - Mycket angeläget")
        said = labels.get(rating_key(match["label"])) if match else None
        if match is None or said not in (None, int(match["n"])):
            raise ValueError(cell)
        value = int(match["n"])
    if not 1 <= value <= 5:
        raise ValueError(cell)
    return value


_ZONE_WRITTEN = re.compile(r"(?:\bZ|UTC|GMT|\bCES?T|[+-]\d{2}:?\d{2})(?:\s*\([^()]*\))?$", re.I)


def zone_written(cell: str) -> bool:
    """True when a time cell says its zone (``Z``, ``CET``, ``GMT-0500``, ``+02:00`` …)."""
    return bool(_ZONE_WRITTEN.search(cell.strip()))


def day_month_order(cells: Iterable[str]) -> str | None:
    """``"dmy"`` or ``"mdy"`` when a column's ``d/m/yyyy`` dates tell which; else None.

    >>> day_month_order(["1/10/2024", "13/10/2024"]), day_month_order(["10/13/2024"])
    ('dmy', 'mdy')
    """
    found = [m for m in (_DAY_MONTH.fullmatch(c.strip()) for c in cells) if m and m["sep"] == "/"]
    day_first = any(int(m["a"]) > 12 for m in found)
    month_first = any(int(m["b"]) > 12 for m in found)
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return None


def is_ambiguous_date(cell: str) -> bool:
    """True for ``1/10/2024``: 1 October or 10 January."""
    m = _DAY_MONTH.fullmatch(cell.strip())
    return bool(m) and m["sep"] == "/" and int(m["a"]) <= 12 and int(m["b"]) <= 12


def parse_timestamp(
    cell: str, order: str | None = None, zone: ZoneInfo = LOCAL_TIME
) -> datetime | None:
    """A submission time → an aware UTC time; None when blank.

    Accepts ISO dates and times (``2024-10-01``, ``2024-10-01 14:03``,
    ``2024-10-01T14:03:00``, ``2024/10/01 2:03:07 PM GMT+2``, Swedish Forms'
    ``2022/03/22 8:53:03 fm CET`` (``12:20:58 fm`` is 00:20), Sheets' ``2023-09-29 14.54.27``,
    with an optional ``Z``, zone or UTC offset), Apps Script's
    ``Mon Sep 08 2025 13:58:23 GMT-0500 (Central Daylight Time)``, Excel date serials
    (``45567.5``), ``1 okt 2024 14:03``, ``1.10.2024`` (day first) and ``d/m/yyyy`` or
    ``m/d/yyyy`` when the day is over 12 or ``order`` (``"dmy"``/``"mdy"``, see
    :func:`day_month_order`) tells. A written zone is honoured; a time without one is
    Swedish time (:data:`LOCAL_TIME`, summer time by the date, from zoneinfo; or ``zone``,
    when the column's header names it: Typeform's ``Submit Date (UTC)``): a time in the
    hour skipped in March (02:30) is read with the offset before the change (as 03:30
    summer time, 01:30 UTC), a time in the hour that comes twice in October as its first
    occurrence (summer time). A time outside the years :data:`YEARS` (``9999-12-31 23:59``,
    ``0001-01-01 00:30``) is no submission time: a ValueError (the row's error), never an
    overflow.

    Raises:
        ValueError: the cell cannot be read as a time (or it is ambiguous).

    >>> parse_timestamp("2024/10/01 14:03"), parse_timestamp("1 jan 2024")
    (datetime.datetime(2024, 10, 1, 12, 3, tzinfo=datetime.timezone.utc), \
datetime.datetime(2023, 12, 31, 23, 0, tzinfo=datetime.timezone.utc))
    """
    text = cell.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not text:
        return None
    try:
        moment = _moment(text, order)
    except OverflowError:  # an Excel serial or offset beyond any calendar
        moment = None
    if moment is None or not YEARS[0] <= moment.year <= YEARS[1]:
        raise ValueError(cell)
    return to_utc(moment, zone)


_PLAIN_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2} (?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
_PLAIN_YEARS = (1971, 2099)  # Swedish time's rules in zoneinfo and pandas alike


def plain_times(cells: Sequence[str], zone: ZoneInfo = LOCAL_TIME) -> tuple[np.ndarray, np.ndarray]:
    """The cells written ``YYYY-MM-DD HH:MM:SS`` (no zone: Swedish time, or ``zone``) read at once, as
    :func:`parse_timestamp` reads each one (the same hour skipped in March and the same
    hour that comes twice in October), for a column of 100,000 distinct times.

    Returns:
        Each cell's time in UTC (naive ``datetime64[ns]``, NaT where not read) and which
        cells were read: one in another form, a date that does not exist, or a year
        outside 1971–2099 is left to :func:`parse_timestamp` (and its error).

    >>> utc, read = plain_times(["2024-10-01 14:03:07", "2024-02-30 10:00:00", "1/10/2024"])
    >>> str(utc[0]), read.tolist()
    ('2024-10-01T12:03:07.000000000', [True, False, False])
    """
    texts = pd.Series(np.asarray(cells, dtype=object), dtype=object)
    plain = texts.str.fullmatch(_PLAIN_TIME).fillna(False).to_numpy(dtype=bool)
    naive = pd.to_datetime(texts.where(plain), format="%Y-%m-%d %H:%M:%S", errors="coerce")
    years = naive.dt.year.to_numpy(dtype=float, na_value=np.nan)
    read = plain & (years >= _PLAIN_YEARS[0]) & (years <= _PLAIN_YEARS[1])
    local = naive.where(read).dt.tz_localize(
        zone, ambiguous=np.ones(len(naive), dtype=bool), nonexistent=timedelta(hours=1)
    )  # the first of a repeated hour (summer time); a skipped one with the offset before
    utc = local.dt.tz_convert("UTC").dt.tz_localize(None)
    return utc.to_numpy(dtype="datetime64[ns]"), read


def to_utc(moment: datetime, zone: ZoneInfo = LOCAL_TIME) -> datetime:
    """An aware time in UTC; a naive one is Swedish time (DST by the date, zoneinfo), or
    ``zone``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _moment(text: str, order: str | None) -> datetime | None:
    """The time a cell writes (naive when it writes no zone); None when it is none."""
    script = _APPS_SCRIPT.fullmatch(text)
    if script:  # Apps Script: "Mon Sep 08 2025 13:58:23 GMT-0500 (Central Daylight Time)"
        month = _MONTHS.get(script["mon"].lower()[:3])
        if month is None:
            return None
        text = f"{script['y']}-{month:02d}-{int(script['d']):02d} {script['t']} {script['tz']}"
    if _SERIAL.fullmatch(text):  # an Excel date serial (days since 1899-12-30), as text
        days = float(text.replace(",", "."))
        return (EXCEL_EPOCH + timedelta(days=days)).replace(microsecond=0)
    iso = _ISO_TIME.fullmatch(text)
    if iso:
        return _iso_moment(iso)
    loose = _DAY_MONTH.fullmatch(text)
    if loose:
        return _day_month_moment(loose, order)
    spelled = _TEXT_TIME.fullmatch(text)
    month = _MONTHS.get(strip_diacritics(spelled["mon"])[:3]) if spelled else None
    if spelled is None or month is None:
        return None
    hour, minute, second = (int(spelled[k] or 0) for k in ("H", "M", "S"))
    return datetime(int(spelled["y"]), month, int(spelled["d"]), hour, minute, second)


def _iso_moment(iso: re.Match[str]) -> datetime | None:
    """``2024-10-01 2:03:07 em CET`` and the like; aware when a zone is written."""
    fraction = (iso["f"] or "0").ljust(6, "0")
    hour = int(iso["H"] or 0)
    meridiem = (iso["ampm"] or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in ("pm", "em") else 0)
    date_and_time = (int(iso["y"]), int(iso["m"]), int(iso["d"]), hour, int(iso["M"] or 0))
    moment = datetime(*date_and_time, int(iso["S"] or 0), int(fraction))
    zone = (iso["tz"] or "").upper()
    return moment.replace(tzinfo=_offset(zone)) if zone else moment


def _day_month_moment(loose: re.Match[str], order: str | None) -> datetime | None:
    """``1.10.2024``, ``13/10/2024``, ``10/13/2024``; ``1/10/2024`` only with ``order``."""
    a, b = int(loose["a"]), int(loose["b"])
    if loose["sep"] == "." or a > 12:
        wanted = "dmy"
    elif b > 12:
        wanted = "mdy"
    elif order is None:
        return None
    else:
        wanted = order
    if order not in (None, wanted) and loose["sep"] == "/":
        return None
    day, month = (a, b) if wanted == "dmy" else (b, a)
    rest = loose["rest"].strip(" ,T")
    iso = _ISO_TIME.fullmatch(f"{loose['y']}-{month:02d}-{day:02d}" + (f" {rest}" if rest else ""))
    return None if iso is None else _iso_moment(iso)


def _offset(zone: str) -> timezone:
    if zone in ("Z", "UTC", "GMT"):
        return UTC
    if zone in ("CET", "CEST"):
        return timezone(timedelta(hours=1 if zone == "CET" else 2))
    zone = zone.removeprefix("GMT").removeprefix("UTC")
    if ":" not in zone and len(zone) <= 3:  # GMT+2
        zone = f"{zone[0]}{zone[1:].zfill(2)}00"
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _choice_key(text: str) -> str:
    return strip_diacritics(text.replace("’", "'").replace("´", "'"))


def parse_choice(cell: str, allowed: dict[str, tuple[str, ...]]) -> str | None:
    """A single-choice cell → its canonical value; None when blank.

    Raises:
        ValueError: the cell is none of the allowed answers.

    >>> parse_choice(" JA ", SEMINAR), parse_choice("Don’t know", COFINANCING)
    ('ja', 'vet ej')
    """
    if not cell.strip():
        return None
    key = _choice_key(cell)
    for value, spellings in allowed.items():
        if any(key == _choice_key(spelling) for spelling in spellings):
            return value
    raise ValueError(cell)


def split_forms(cell: str, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """A multi-select cell → (form ids in order, each once; the parts not recognised).

    Parts are separated by ``;`` (a trailing ``;`` is fine); a part that is not a form is
    split again on ``,`` (Google Forms joins answers with ", ").

    >>> from linnedata.taxonomy import default_taxonomy
    >>> split_forms("Forskning; workshop;Forskning;", default_taxonomy())
    (['forskning', 'workshop'], [])
    """
    found: list[str] = []
    unknown: list[str] = []
    for part in cell.split(";"):
        if not part.strip():
            continue
        whole = taxonomy.resolve("form", part) or default_aliases().answer("form", part)
        pieces = [part] if whole else part.split(",")
        for piece in pieces:
            if not piece.strip():
                continue
            form = taxonomy.resolve("form", piece) or default_aliases().answer("form", piece)
            if form is None:
                unknown.append(piece.strip())
            elif form not in found:
                found.append(form)
    return found, unknown


__all__ = [
    "CHOICES",
    "LOCAL_TIME",
    "day_month_order",
    "is_ambiguous_date",
    "parse_choice",
    "parse_rating",
    "parse_timestamp",
    "rating_key",
    "rating_labels",
    "split_forms",
    "to_utc",
    "zone_written",
]
