"""One value for every choice a reader of a survey export may make: :class:`ReadOptions`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from linnedata.survey.profiles import MappingProfile, ProfileStore
from linnedata.taxonomy import Taxonomy

MAX_BYTES = 25_000_000


@dataclass(frozen=True)
class ReadOptions:
    """How to read one export: what the steward chose (or nothing, to detect everything).

    Attributes:
        file_name: the uploaded file's name (a ``.xlsx`` name on a text file is reported).
        format: ``"auto"`` or a name from :data:`~linnedata.survey.header.FORMATS`.
        sheet: the workbook sheet to read (asked for when there are several).
        header_row: the header's row as a spreadsheet shows it; found when None.
        mapping: header → target set by hand (see :mod:`linnedata.survey.columns`).
        values: rating label → the number it stands for, set by hand.
        profiles: a store whose profile for these headers applies when ``mapping`` is None.
        allow_outside_region: a municipality outside the region is a warning, not an error.
        keep_unfinished: count the responses a survey tool marks as never finished (left
            out by default, with a warning; :mod:`~linnedata.survey.unfinished`).
        max_bytes: files larger than this are refused.
        taxonomy: the taxonomy; the shipped one when None.
    """

    file_name: str = ""
    format: str = "auto"
    sheet: str | None = None
    header_row: int | None = None
    mapping: dict[str, str] | None = None
    values: dict[str, int] = field(default_factory=dict)
    profiles: ProfileStore | None = None
    allow_outside_region: bool = False
    keep_unfinished: bool = False
    max_bytes: int = MAX_BYTES
    taxonomy: Taxonomy | None = None

    @classmethod
    def of(
        cls, mapping: MappingProfile | dict[str, str] | None = None, **given: Any
    ) -> ReadOptions:
        """Options from keyword arguments; ``mapping`` may be a saved profile."""
        if isinstance(mapping, MappingProfile):
            given.setdefault("values", dict(mapping.values))
            mapping = dict(mapping.columns)
        given = {k: v for k, v in given.items() if v is not None or k in ("sheet", "header_row")}
        return cls(mapping=None if mapping is None else dict(mapping), **given)

    def but(self, **changes: Any) -> ReadOptions:
        """These options with ``changes``."""
        return replace(self, **changes)


__all__ = ["MAX_BYTES", "ReadOptions"]
