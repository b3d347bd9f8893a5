"""Downloads: tables as CSV that Excel opens right and that cannot smuggle formulas."""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Numbers are left alone (a negative number is not a formula).

    >>> neutralise("=SUM(A1:A9)"), neutralise("-3"), neutralise(-3), neutralise("Växjö")
    ("'=SUM(A1:A9)", "'-3", -3, 'Växjö')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame, header_lines: list[str] | None = None) -> bytes:
    """The table as UTF-8 CSV with BOM (so Excel shows å/ä/ö), formula-safe.

    Args:
        table: what to export.
        header_lines: lines written first, each as a one-cell row (source, round, measure).

    Returns:
        The file's bytes.
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    lines = "".join(f'"{line.replace(chr(34), chr(34) * 2)}"\n' for line in header_lines or [])
    return ("\ufeff" + lines + safe.to_csv(index=False, lineterminator="\n")).encode("utf-8")
