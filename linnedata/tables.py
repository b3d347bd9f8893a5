"""Reading the small shipped CSV files with a schema check."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from linnedata.errors import SchemaError


def read_checked_csv(
    path: Path,
    patterns: dict[str, str],
    unique: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Read a UTF-8 CSV whose cells are all text and check it against a schema.

    A file that cannot be read, is not UTF-8 (say saved as Windows-1252) or is not CSV is a
    :class:`SchemaError` too, naming the row and the value (see :func:`read_text`).

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
    frame = _frame(path)
    missing = [c for c in patterns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in patterns]
    problems = [f"missing column(s) {missing}"] if missing else []
    problems += [f"unexpected column(s) {extra}"] if extra else []
    if problems:
        raise SchemaError(path, problems)
    problems = _cell_problems(frame, patterns, unique)
    if problems:
        raise SchemaError(path, problems)
    return frame[list(patterns)].reset_index(drop=True)


def _frame(path: Path) -> pd.DataFrame:
    """The CSV at ``path``, every cell as text (see :func:`read_text` for the bytes)."""
    text = read_text(path)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise SchemaError(path, [f"cannot be read as CSV: {str(error).strip()[:200]}"]) from error


def _cell_problems(
    frame: pd.DataFrame, patterns: dict[str, str], unique: tuple[str, ...]
) -> list[str]:
    """Cells not matching their column's pattern, repeated values, no rows (row numbers as
    in the file: the header is row 1)."""
    problems = []
    for column, pattern in patterns.items():
        regex = re.compile(pattern)
        problems += [
            f"row {index + 2}, column {column}: {value!r} does not match {pattern}"
            for index, value in frame[column].items()
            if not regex.fullmatch(value)
        ]
    for column in unique:
        repeated = frame[column][frame[column].duplicated(keep=False)]
        for value, rows in repeated.groupby(repeated).groups.items():
            listed = " and ".join(str(index + 2) for index in rows)
            problems.append(f"rows {listed}, column {column}: {value!r} occurs more than once")
    if frame.empty:
        problems.append("no rows")
    return problems


def read_text(path: Path) -> str:
    """The text of an organiser-edited file, UTF-8 (a BOM is dropped).

    Raises:
        SchemaError: the file cannot be read, or a byte is not UTF-8: the message names the
            row and the value as Windows-1252 would show it, and says to save as UTF-8.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(path, [f"cannot be read ({error.strerror or error})"]) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = raw.rfind(b"\n", 0, error.start) + 1
        end = raw.find(b"\n", error.start)
        line = raw[start : end if end >= 0 else len(raw)].rstrip(b"\r")
        row = raw[: error.start].count(b"\n") + 1
        shown = line.decode("cp1252", errors="replace")
        shown = shown if len(shown) <= 120 else shown[:119] + "…"
        raise SchemaError(
            path,
            [
                f"row {row}: {shown!r} is not UTF-8 (the file seems saved as Windows-1252/ANSI); "
                "save it as UTF-8 (in Excel: 'CSV UTF-8'; in Notepad: encoding UTF-8)"
            ],
        ) from error
