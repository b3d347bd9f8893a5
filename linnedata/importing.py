"""The one import use case: check for a duplicate file → read → refuse and log, or publish and log.

Both ``python -m linnedata import`` and the Data page run these steps, so that the log
records what the steward saw: a refusal is logged from the very inspection the steward was
shown (the same options and mapping), never from a second read with default options; a
duplicate upload is logged; and nothing personal reaches the store. The store is handed
the kept copy already scrubbed with the reader's own decisions
(:func:`~linnedata.survey.privacy.scrub_raw`) and problems whose cell values are left out
(:func:`log_safe`), so a refused file's municipality cell holding a name and personnummer
never reaches the import log.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from linnedata.errors import Phrase, Problem
from linnedata.store import DuplicateFileError, sha256
from linnedata.survey import Inspection, ReadOptions, Survey, inspect, survey_of
from linnedata.survey.privacy import redacted, scrub_raw

# What a logged problem shows instead of the cell's value.
VALUE_LEFT_OUT = "…"


def _safe(value: Any) -> Any:
    if isinstance(value, Phrase):
        params = {k: VALUE_LEFT_OUT if k == "value" else _safe(v) for k, v in value.params.items()}
        return Phrase(value.key, params)
    if isinstance(value, tuple):
        return tuple(_safe(v) for v in value)
    if isinstance(value, str):
        return redacted(value)
    return value


def log_safe(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    """Problems for the import log: no cell value, every text redacted.

    The row, the column and the rule stay, so the log still says what was wrong where.
    """
    return [
        dataclasses.replace(
            p,
            column=None if p.column is None else redacted(p.column),
            value=None if p.value is None else VALUE_LEFT_OUT,
            params={k: _safe(v) for k, v in p.params.items()},
        )
        for p in problems
    ]


def kept_copy(found: Inspection) -> bytes | None:
    """The copy of the file the store keeps: scrubbed with the reader's own decisions.

    The cells an error names are emptied too (a whole row when the cell is not known):
    what a survey tool did not put there may be anything, a respondent's name too.
    """
    if not found.info.data:
        return None
    positions = {d.header: d.position for d in found.info.decisions}
    blank: dict[int, set[int] | None] = {}
    named = [(p.row, p.column) for p in found.outcome.errors]
    for use in found.outcome.rating_labels:  # one error names them all: every cell of them
        named += use.cells if use.value is None else []
    for row, column in named:
        if row is None or row <= found.info.header_row:
            continue
        place = positions.get(column or "")
        cells = blank.setdefault(row, set())
        if place is None or cells is None:
            blank[row] = None
        else:
            cells.add(place)
    return scrub_raw(found.info.data, found.info, blank)


def duplicate_of(store: Any, data: bytes, file_name: str) -> DuplicateFileError | None:
    """The duplicate refusal when this file (same SHA-256) is already published; else None."""
    already = store.round_of_file(sha256(data))
    return None if already is None else DuplicateFileError(already, file_name)


def log_duplicate(
    store: Any, data: bytes, duplicate: DuplicateFileError, *, user: str, round_label: str | None
) -> None:
    """Log a duplicate upload as refused (the file itself is kept already)."""
    store.record_refused(
        data,
        file_name=duplicate.params["file"],
        user=user,
        round_label=round_label,
        message=duplicate.message("sv"),
        kept=None,
    )


def check_duplicate(
    store: Any, data: bytes, *, file_name: str, user: str, round_label: str | None
) -> DuplicateFileError | None:
    """The duplicate refusal, logged, when this file is already published; else None."""
    duplicate = duplicate_of(store, data, file_name)
    if duplicate is not None:
        log_duplicate(store, data, duplicate, user=user, round_label=round_label)
    return duplicate


def read(data: bytes, options: ReadOptions, round_label: str | None) -> Inspection:
    """Read, map and validate the file as the steward asked (never raises for bad input)."""
    return inspect(data, options, round_label)


def refuse(store: Any, data: bytes, found: Inspection, *, user: str, round_label: str) -> None:
    """Log the refusal of the inspection the steward saw, and keep its scrubbed copy."""
    store.record_refused(
        data,
        file_name=found.file_name,
        user=user,
        round_label=round_label,
        source_format=found.info.source_format,
        errors=log_safe(found.outcome.errors),
        warnings=log_safe(found.outcome.warnings),
        kept=kept_copy(found),
    )


def publish(
    store: Any, data: bytes, found: Inspection, *, user: str, round_label: str, replace: bool
) -> Any:
    """Publish an inspection without errors as a round (the store logs it).

    Raises:
        InputError: the inspection has errors.
        StoreError: the store refused (it logs that itself).
    """
    survey = survey_of(found, round_label)
    survey = _with_safe_warnings(survey)
    return store.publish(survey, data, user=user, replace=replace, kept=kept_copy(found))


def _with_safe_warnings(survey: Survey) -> Survey:
    return dataclasses.replace(survey, warnings=tuple(log_safe(survey.warnings)))


@dataclass(frozen=True)
class Outcome:
    """What :func:`run` did.

    Attributes:
        status: ``"published"``, ``"refused"`` (errors in the file) or ``"duplicate"``.
        found: the inspection (None for a duplicate).
        result: the store's :class:`~linnedata.store.ImportResult` when published.
        duplicate: the duplicate refusal.
    """

    status: str
    found: Inspection | None = None
    result: Any = None
    duplicate: DuplicateFileError | None = None


def run(
    store: Any,
    data: bytes,
    options: ReadOptions,
    *,
    round_label: str,
    user: str,
    replace: bool = False,
) -> Outcome:
    """Every step at once (the CLI): duplicate check, read, then refuse or publish.

    Raises:
        StoreError: the store refused to publish (already logged).
    """
    duplicate = check_duplicate(
        store, data, file_name=options.file_name, user=user, round_label=round_label
    )
    if duplicate is not None:
        return Outcome("duplicate", duplicate=duplicate)
    found = read(data, options, round_label)
    if found.outcome.errors:
        refuse(store, data, found, user=user, round_label=round_label)
        return Outcome("refused", found)
    result = publish(store, data, found, user=user, round_label=round_label, replace=replace)
    return Outcome("published", found, result)


__all__ = [
    "Outcome",
    "check_duplicate",
    "duplicate_of",
    "kept_copy",
    "log_duplicate",
    "log_safe",
    "publish",
    "read",
    "refuse",
    "run",
]
