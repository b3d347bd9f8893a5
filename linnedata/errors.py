"""The project's own errors and messages: every problem is collected and reported at once.

One translatable-message base, :class:`Translatable` (a text key and its parameters,
rendered in the reader's language), under every message this package shows: a
:class:`Problem` in a user's file, and every error raised on purpose
(:class:`TranslatableError`: the store's errors and the seminar plan's ``PlanInfeasible``
derive from it).
Parameters may be :class:`Phrase` (a fragment in the same language) or
:class:`Alternatives` ("A, B eller C").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from linnedata import i18n

# A report lists at most this many problems per column and rule; the rest are counted.
REPORT_CAP = 100


@dataclass(frozen=True)
class Phrase:
    """A message fragment rendered in the reader's language (e.g. the ``forslag`` text)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Alternatives:
    """Names joined as "A, B eller C" ("A, B or C" in English)."""

    names: tuple[str, ...]


def render(value: Any, lang: str) -> Any:
    """A message parameter in ``lang``: phrases translated, numbers with a decimal comma.

    >>> render(200_000, "sv"), render(200_000, "en"), render(2024, "sv"), render(2.5, "sv")
    ('200\xa0000', '200,000', 2024, '2,5')
    """
    if isinstance(value, Phrase):
        return i18n.t(value.key, lang, **{k: render(v, lang) for k, v in value.params.items()})
    if isinstance(value, Alternatives):
        names = list(value.names)
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {i18n.t('eller', lang)} {names[-1]}"
    if isinstance(value, float):
        return i18n.fmt_number(value, 1, lang)
    if isinstance(value, int) and abs(value) >= 10_000:  # a limit or a count: "200 000"
        return i18n.fmt_number(value, 0, lang)  # (years and codes are shorter, kept as written)
    if isinstance(value, tuple) and value and all(isinstance(v, Phrase) for v in value):
        return "; ".join(str(render(v, lang)) for v in value)  # a listing, e.g. unknown labels
    return value


class Translatable:
    """The base of every message: ``code`` (a key in ``data/texts``) and ``params``."""

    code: str
    params: dict[str, Any]

    def _fields(self) -> dict[str, Any]:
        """Values filled into the message besides ``params`` (a problem's row …)."""
        return {}

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``, with its parameters rendered in that language."""
        params = {k: render(v, lang) for k, v in self.params.items()}
        return i18n.t(self.code, lang, **self._fields(), **params)


@dataclass(frozen=True)
class Problem(Translatable):
    """One problem in a user's input.

    Attributes:
        row: the row as the user sees it in the source file (header is row 1), or None
            when the problem concerns the whole file.
        column: the column header as it stands in the file, or None.
        value: the offending cell's text, or None.
        code: key of the message in the translation table (``data/texts/*.toml``).
        params: values filled into the message (may hold :class:`Phrase`s).
    """

    row: int | None
    column: str | None
    value: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def _fields(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value}

    def as_dict(self, lang: str = "sv") -> dict[str, Any]:
        """``{row, column, value, message}`` for JSON and tables (row a whole number)."""
        return {
            "row": None if self.row is None else int(self.row),
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }

    def __str__(self) -> str:  # pragma: no cover - convenience for logs
        return self.message()


# The name the survey reader used before the base moved here.
SurveyProblem = Problem


def problem(
    code: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    /,
    **params: Any,
) -> Problem:
    """A problem with the message ``code``; ``params`` may hold :class:`Phrase`s."""
    return Problem(row=row, column=column, value=value, code=code, params=params)


@dataclass
class Problems:
    """The one problem collector: errors stop an import, warnings do not."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, code: str, row=None, column=None, value=None, /, **params: Any) -> None:
        self.errors.append(problem(code, row, column, value, **params))

    def warn(self, code: str, row=None, column=None, value=None, /, **params: Any) -> None:
        self.warnings.append(problem(code, row, column, value, **params))

    def extend(self, other: Problems) -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)


def capped(problems: list[Problem], cap: int = REPORT_CAP) -> tuple[list[Problem], int]:
    """The first ``cap`` problems per column and rule, and how many were left off.

    >>> listed, left = capped([problem("x", r, "A") for r in range(5)], cap=2)
    >>> [p.row for p in listed], left
    ([0, 1], 3)
    """
    seen: Counter[tuple[str | None, str]] = Counter()
    listed: list[Problem] = []
    for p in problems:
        seen[(p.column, p.code)] += 1
        if seen[(p.column, p.code)] <= cap:
            listed.append(p)
    return listed, len(problems) - len(listed)


class LinnedataError(Exception):
    """Base of every error this package raises on purpose."""


class TranslatableError(Translatable, LinnedataError):
    """An error the user can act on, with a translatable message.

    Attributes:
        code: the message key in ``data/texts``.
        params: values filled into the message.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))


class SchemaError(LinnedataError):
    """A shipped or user-edited data file does not have the expected shape."""

    def __init__(self, path: object, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


class InputError(LinnedataError):
    """A user's file cannot be imported; carries every problem found.

    Attributes:
        errors: problems that stop the import.
        warnings: problems that do not.
    """

    def __init__(self, errors: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.errors = list(errors)
        self.warnings = list(warnings or [])
        first = self.errors[0].message("en") if self.errors else "invalid input"
        super().__init__(f"{len(self.errors)} problem(s); first: {first}")


def problem_table(problems: list[Problem], lang: str = "sv") -> pd.DataFrame:
    """Problems as the table every page shows: Row, Column, Value, What to do (in ``lang``).

    A whole-file problem has no row, column or value: those cells are blank; a row is a
    whole number (``"7"``), never ``nan`` or ``7.0``.
    """
    listed = [p.as_dict(lang) for p in problems]
    text = lambda v: "" if v is None else str(v)  # noqa: E731
    # built as text column by column: a frame of rows with and without a number would turn
    # them into floats first (nan, 7.0)
    table = pd.DataFrame(
        {
            name: pd.Series([text(d[name]) for d in listed], dtype=object)
            for name in ("row", "column", "value", "message")
        }
    )
    return table.rename(
        columns={
            "row": i18n.t("rapport_rad", lang),
            "column": i18n.t("rapport_kolumn", lang),
            "value": i18n.t("rapport_varde", lang),
            "message": i18n.t("rapport_meddelande", lang),
        }
    )


def problems_as_records(problems: list[Problem], lang: str = "sv") -> list[dict[str, Any]]:
    """Problems as plain dicts, e.g. for ``json.dumps`` or a DataFrame."""
    return [p.as_dict(lang) for p in problems]


__all__ = [
    "REPORT_CAP",
    "Alternatives",
    "InputError",
    "LinnedataError",
    "Phrase",
    "Problem",
    "Problems",
    "SchemaError",
    "SurveyProblem",
    "Translatable",
    "TranslatableError",
    "capped",
    "problem",
    "problem_table",
    "problems_as_records",
    "render",
]
