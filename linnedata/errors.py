"""The project's own errors: every problem is collected and reported at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linnedata import i18n


@dataclass(frozen=True)
class Problem:
    """One problem in a user's input.

    Attributes:
        row: the row as the user sees it in the source file (header is row 1), or None
            when the problem concerns the whole file.
        column: the column header as it stands in the file, or None.
        value: the offending cell's text, or None.
        code: key of the message in the translation table (``data/texts.toml``).
        params: values filled into the message.
    """

    row: int | None
    column: str | None
    value: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``, with the row, column and value filled in."""
        return i18n.t(
            self.code, lang, row=self.row, column=self.column, value=self.value, **self.params
        )

    def as_dict(self, lang: str = "sv") -> dict[str, Any]:
        """``{row, column, value, message}`` for JSON and tables."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }

    def __str__(self) -> str:  # pragma: no cover - convenience for logs
        return self.message()


class LinnedataError(Exception):
    """Base of every error this package raises on purpose."""


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


def problems_as_records(problems: list[Problem], lang: str = "sv") -> list[dict[str, Any]]:
    """Problems as plain dicts, e.g. for ``json.dumps`` or a DataFrame."""
    return [p.as_dict(lang) for p in problems]


__all__ = ["InputError", "LinnedataError", "Problem", "SchemaError", "problems_as_records"]
