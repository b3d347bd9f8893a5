"""Every user-facing text, in Swedish (default) and English, and number formatting.

The texts live in ``data/texts/*.toml`` (one file per part of the app, merged): one table
per key with ``sv`` and ``en``; values may hold ``{placeholders}`` filled by :func:`t`.
"""

from __future__ import annotations

import math
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from linnedata.paths import DATA_DIR

LANGUAGES = ("sv", "en")
DEFAULT_LANG = "sv"
TEXTS_DIR = DATA_DIR / "texts"


@cache
def load_texts(folder: Path = TEXTS_DIR) -> dict[str, dict[str, str]]:
    """Load and merge the translation files; check every key has both languages, once.

    Raises:
        ValueError: a key lacks a language, has an empty text or is in two files.
    """
    table: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            part = tomllib.load(handle)
        twice = sorted(set(part) & set(table))
        if twice:
            raise ValueError(f"{path}: keys already defined in another file: {twice}")
        table.update(part)
    missing = [
        f"{key}.{lang}" for key, texts in table.items() for lang in LANGUAGES if not texts.get(lang)
    ]
    if missing:
        raise ValueError(f"{folder}: missing or empty texts: {missing}")
    return table


def t(key: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in.

    Numbers in ``params`` should be formatted by the caller (:func:`fmt_number`).

    Raises:
        KeyError: ``key`` is not in the table (a bug: every text must be there).
    """
    texts = load_texts()[key]
    template = texts.get(lang) or texts[DEFAULT_LANG]
    return template.format(**params) if params else template


def county_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A county's name (SCB's Swedish, "Kronobergs län") the way the language writes it:
    in English SCB's form, the genitive s and "län" dropped, "County" added.

    >>> county_name("Kronobergs län", "en"), county_name("Dalarnas län", "en")
    ('Kronoberg County', 'Dalarna County')
    >>> county_name("Kalmar län", "en"), county_name("Kalmar län", "sv")
    ('Kalmar County', 'Kalmar län')
    """
    if lang != "en" or not name.endswith(" län"):
        return name
    return name.removesuffix(" län").removesuffix("s") + " County"


def fmt_number(value: float | None, decimals: int = 1, lang: str = DEFAULT_LANG) -> str:
    """Format a number the way the language writes it; missing values become "–".

    >>> fmt_number(3.456, 2), fmt_number(3.456, 2, "en"), fmt_number(12345.6, 0)
    ('3,46', '3.46', '12\u00a0346')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u00a0").replace(".", ",")


def fmt_percent(share: float | None, lang: str = DEFAULT_LANG) -> str:
    """Format a 0–1 share as a whole percentage ("67 %" in Swedish, "67%" in English)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{share * 100:.0f}\u00a0%" if lang != "en" else f"{share * 100:.0f}%"


def fmt_day(day: date, lang: str = DEFAULT_LANG, *, year: bool = False) -> str:
    """A day the way the language writes it in a chart, with the month's short name.

    >>> fmt_day(date(2025, 5, 31)), fmt_day(date(2025, 5, 31), "en")
    ('31 maj', 'May 31')
    >>> fmt_day(date(2025, 10, 7), year=True), fmt_day(date(2025, 10, 7), "en", year=True)
    ('7 okt 2025', 'Oct 7, 2025')
    """
    month = t("manader_kort", lang).split()[day.month - 1]
    if lang == "en":
        return f"{month} {day.day}, {day.year}" if year else f"{month} {day.day}"
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"
