"""Reading the small shipped CSV files with a schema check."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from linnedata.errors import SchemaError


def read_checked_csv(  # noqa: C901 - one pass that collects every problem of the file; split, the checks would be threaded through three functions
    path: Path,
    patterns: dict[str, str],
    unique: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a UTF-8 CSV whose cells are all text and check it against a schema.

    Every cell is read as text (``"0780"`` stays ``"0780"``). Every problem is collected
    and raised once.

    Args:
        path: the CSV file.
        patterns: column name → regular expression every cell of the column must match
            in full. The file must have exactly these columns, in any order.
        unique: columns whose values must not repeat.

    Returns:
        The table with the columns in the order of ``patterns``.

    Raises:
        SchemaError: listing every missing/extra column, non-matching cell and duplicate.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    problems: list[str] = []
    missing = [c for c in patterns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in patterns]
    if missing:
        problems.append(f"missing column(s) {missing}")
    if extra:
        problems.append(f"unexpected column(s) {extra}")
    if problems:
        raise SchemaError(path, problems)
    for column, pattern in patterns.items():
        regex = re.compile(pattern)
        for index, value in frame[column].items():
            if not regex.fullmatch(value):
                problems.append(
                    f"row {index + 2}, column {column}: {value!r} does not match {pattern}"
                )
    for column in unique:
        repeated = frame[column][frame[column].duplicated(keep=False)]
        for value, rows in repeated.groupby(repeated).groups.items():
            listed = " and ".join(str(index + 2) for index in rows)
            problems.append(f"rows {listed}, column {column}: {value!r} occurs more than once")
    if frame.empty:
        problems.append("no rows")
    if problems:
        raise SchemaError(path, problems)
    return frame[list(patterns)].reset_index(drop=True)
