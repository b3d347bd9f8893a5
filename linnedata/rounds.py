"""The one rule for a survey round's label: normalise, validate, suggest, compare, sort.

Used by the store (which refuses what this module refuses), the CLI and the Data page.

- :func:`normalise`: NFKC (full-width ``２０２４`` is ``2024``), whitespace collapsed, stripped.
- :func:`problem`: why a label is refused (``None`` when it is valid): at most
  :data:`MAX_LENGTH` characters; a letter or digit first, then letters, digits, spaces and
  ``. - / _``.
- :func:`suggest`: a valid label from a file name (its year, else its cleaned stem), or ``""``.
- :func:`is_year`: ``1900``–``2099``, the labels the pages expect.
- :func:`newest_first`: years newest first, then the other labels alphabetically.
- :func:`lookalike`: an existing label that differs only in case, width or spacing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePath

MAX_LENGTH = 40  # the store's column is VARCHAR(40)
_VALID = re.compile(r"[^\W_][\w .\-/]*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NOT_ALLOWED = re.compile(r"[^\w .\-/]+")
_SPACES = re.compile(r"[ \t]+")


def normalise(label: str) -> str:
    """The label as stored: NFKC, runs of spaces and tabs as one space, no whitespace at
    either end (a line break inside stays, and :func:`problem` refuses it).

    >>> normalise("  ２０２４ ") , normalise("höst   2025")
    ('2024', 'höst 2025')
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", label)).strip()


def problem(label: str) -> str | None:
    """Why ``label`` (already normalised) is not a valid round label, as a message key of
    ``data/texts``; ``None`` when it is valid.

    >>> problem("2024"), problem("svar (1)"), problem("x" * 41)
    (None, 'omgang_ogiltig', 'omgang_for_lang')
    """
    if len(label) > MAX_LENGTH:
        return "omgang_for_lang"
    return None if _VALID.fullmatch(label) else "omgang_ogiltig"


def is_valid(label: str) -> bool:
    """Whether ``label`` is a round label as the store keeps it (normalised and valid)."""
    return label == normalise(label) and problem(label) is None


def suggest(file_name: str) -> str:
    """A valid label for a file: the first year in its name, else its stem cleaned (characters
    such as ``(`` become spaces, cut to :data:`MAX_LENGTH`), else ``""``.

    >>> suggest("enkat_2024_v2.csv"), suggest("svar (1).csv"), suggest("((.csv")
    ('2024', 'svar 1', '')
    """
    name = normalise(PurePath(file_name).name)
    found = _YEAR_IN_NAME.search(name)
    if found:
        return found.group(0)
    stem = normalise(_NOT_ALLOWED.sub(" ", PurePath(name).stem))
    stem = re.sub(r"^[\W_]+", "", stem)[:MAX_LENGTH].strip()
    return stem if stem and problem(stem) is None else ""


def is_year(label: str) -> bool:
    """Whether the label is a year (1900–2099)."""
    return _YEAR.fullmatch(label) is not None


def _order(label: str) -> tuple[int, int, str]:
    if is_year(label):
        return (0, -int(label), label)
    return (1, 0, label.casefold())


def newest_first(labels: Iterable[str]) -> list[str]:
    """Round labels in the order every page and command lists them.

    >>> newest_first(["2023", "empty", "2025", "Höst"])
    ['2025', '2023', 'empty', 'Höst']
    """
    return sorted(labels, key=_order)


def _compare_key(label: str) -> str:
    return normalise(label).casefold().replace(" ", "")


def lookalike(label: str, existing: Iterable[str]) -> str | None:
    """An existing label that looks like ``label`` but is not it (``２０２４`` and ``2024``,
    ``Höst`` and ``höst``), else None.

    >>> lookalike("Höst 2025", ["höst 2025", "2024"]), lookalike("2024", ["2024"])
    ('höst 2025', None)
    """
    wanted = _compare_key(label)
    return next((e for e in existing if e != label and _compare_key(e) == wanted), None)
