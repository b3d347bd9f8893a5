"""Rating answers written as a label that is not on the scale, counted once per label.

Microsoft Forms and hand-made sheets write a Likert answer as its text. The scale's own
labels are read by :func:`~linnedata.survey.cells.parse_rating`; any other label (``Mycket
stor utmaning``) is one entry of a :class:`LabelTally`: how often, on which rows, and the
number the steward gave it in the value mapping (a mapping profile's ``values``). A file
with labels nobody mapped gets **one** error listing each distinct label once (not one
error per cell), and the Data page's value-mapping editor lists the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from linnedata.errors import Phrase, Problem, problem
from linnedata.survey.cells import rating_key

SHOWN_ROWS = 5  # rows named per label in the message and the editor
SHOWN_LABELS = 20  # labels named in the one message; the rest are counted


@dataclass
class LabelUse:
    """One distinct label in the rating columns.

    Attributes:
        label: the label as first written (stray spaces trimmed).
        count: how many cells hold it.
        cells: every ``(row, column header)`` that holds it, in file order (rows as a
            spreadsheet shows them).
        column: the header of the first column it was found in.
        value: the number the steward mapped it to; None while it is unknown.
    """

    label: str
    count: int = 0
    cells: list[tuple[int, str]] = field(default_factory=list)
    column: str = ""
    value: int | None = None

    @property
    def rows(self) -> list[int]:
        """The rows that hold it, each once, in file order."""
        return list(dict.fromkeys(row for row, _ in self.cells))

    def first_rows(self) -> str:
        """``"2, 3, 4, 5, 6 …"``: the first rows, and an ellipsis when there are more."""
        shown = ", ".join(str(r) for r in self.rows[:SHOWN_ROWS])
        return shown + (" …" if len(self.rows) > SHOWN_ROWS else "")

    def as_dict(self) -> dict[str, object]:
        return {"label": self.label, "count": self.count, "rows": self.rows[:SHOWN_ROWS],
                "column": self.column, "value": self.value}  # fmt: skip


def is_label(text: str) -> bool:
    """True for a cell that is words only (no digit): a label, known or not.

    >>> is_label("Mycket stor utmaning"), is_label("4 - 5"), is_label(" ")
    (True, False, False)
    """
    return bool(text.strip()) and not any(c.isdigit() for c in text)


class LabelTally:
    """The labels of one file's rating columns that are not the scale's own.

    Args:
        values: the steward's value mapping (label → number), compared as the scale is.
    """

    def __init__(self, values: dict[str, int] | None = None) -> None:
        self.values = {rating_key(label): int(n) for label, n in (values or {}).items()}
        self.uses: dict[str, LabelUse] = {}

    def note(self, text: str, row: int, column: str) -> None:
        """One cell holding a label that is mapped by hand or unknown."""
        k = rating_key(text)
        use = self.uses.setdefault(k, LabelUse(text.strip(), column=column))
        use.value = self.values.get(k)
        use.count += 1
        use.cells.append((row, column))

    def is_mapped(self, text: str) -> bool:
        return rating_key(text) in self.values

    def unknown(self) -> list[LabelUse]:
        """The labels nobody mapped, in the order they first appear."""
        return [u for u in self.uses.values() if u.value is None]

    def problem(self) -> Problem | None:
        """The one error naming every unknown label once, or None when there is none."""
        unknown = self.unknown()
        if not unknown:
            return None
        first = unknown[0]
        listed = tuple(
            Phrase(
                "betyg_etikett_en" if u.count == 1 else "betyg_etikett_flera",
                {"value": u.label, "count": u.count, "rows": u.first_rows()},
            )
            for u in unknown[:SHOWN_LABELS]
        )
        more = len(unknown) - len(listed)
        rest = Phrase("betyg_etiketter_fler", {"count": more}) if more else ""
        return problem(
            "betyg_etiketter_okanda",
            first.rows[0],
            first.column,
            first.label,
            count=len(unknown),
            labels=listed,
            more=rest,
        )


__all__ = ["LabelTally", "LabelUse", "is_label"]
