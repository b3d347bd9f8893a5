"""The grid stage's result: a file as rows of text cells, numbered as a spreadsheet shows them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linnedata.errors import Problem

MAX_CELL = 10_000
# A sheet's bounds, checked before it is parsed (a workbook, a .ods, a CSV inside a zip):
MAX_ROWS = 200_000
MAX_SHEET_CELLS = 5_000_000  # rows × columns of the grid built
MAX_TEXT = 50_000_000  # characters in all cells together
# control characters, and the invisible BOM, zero-width space and word joiner (a BOM pasted
# into a cell: "\ufeff0765" must read as 0765)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b\u2060]")


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


def clean_cell(text: str) -> tuple[str, bool, bool]:
    """``(cleaned, had control characters, was cut)``: NUL and other control characters
    removed, and the invisible BOM, zero-width space and word joiner (tab and line breaks kept), cut to :data:`MAX_CELL` characters.

    >>> clean_cell("a\\x00b\\x07")
    ('ab', True, False)
    """
    cleaned = _CONTROL.sub("", text)
    had_control = cleaned != text
    cut = len(cleaned) > MAX_CELL
    return (cleaned[:MAX_CELL] if cut else cleaned), had_control, cut


def needs_cleaning(texts: list[str]) -> bool:
    """True when :func:`clean_cell` would change one of ``texts``: one search over them
    all, not one per text.

    >>> needs_cleaning(["Växjö", "a\\tb"]), needs_cleaning(["Växjö", "a\\x00b"])
    (False, True)
    """
    too_long = max(map(len, texts), default=0) > MAX_CELL
    return too_long or _CONTROL.search("".join(texts)) is not None


__all__ = ["MAX_CELL", "Grid", "clean_cell", "column_letter", "needs_cleaning"]
