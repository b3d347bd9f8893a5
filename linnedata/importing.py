"""The one import use case: check for a duplicate file → read → refuse and log, or publish and log.

Both ``python -m linnedata import`` and the Data page run these steps, so that the log
records what the steward saw: a refusal is logged from the very inspection the steward was
shown (the same options and mapping), never from a second read with default options; a
duplicate upload is logged; and nothing personal reaches the store. No byte of the file
is kept: the store is handed what was read of it (:func:`kept_record`: the mapped columns,
the dropped ones counted) and problems whose cell values are left out (:func:`log_safe`),
so a refused file's municipality cell holding a name and personnummer never reaches the
import log, and nothing after a refusal reads the file again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from linnedata.errors import Phrase, Problem
from linnedata.store import DuplicateFileError, sha256
from linnedata.survey import Inspection, ReadOptions, Survey, inspect, survey_of
from linnedata.survey.columns import targets
from linnedata.survey.privacy import dropped_columns, kept_columns, redacted
from linnedata.taxonomy import default_taxonomy

# What a logged problem shows instead of the cell's value.
VALUE_LEFT_OUT = "…"
# Message parameters that never hold text from the file (the program's own words, names
# from the reference data, the steward's choices); any other text with a letter in it — a
# presumed header, a sheet or member name, a preview of cells — is left out of the log.
SAFE_PARAMS = frozenset(
    {"allowed", "area", "code", "encoding", "expected", "format", "formats", "kind", "name",
     "profile", "separator", "suggestion", "target", "zone"}
)  # fmt: skip


def _safe(value: Any, name: str = "") -> Any:
    if name == "value":
        return VALUE_LEFT_OUT
    if isinstance(value, Phrase):
        return Phrase(value.key, {k: _safe(v, k) for k, v in value.params.items()})
    if isinstance(value, tuple):
        return tuple(_safe(v, name) for v in value)
    if isinstance(value, str):
        if name not in SAFE_PARAMS and any(c.isalpha() for c in value):
            return VALUE_LEFT_OUT
        return redacted(value)
    return value


def log_safe(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    """Problems for the import log: no cell value, no other text from the file (only the
    parameters of :data:`SAFE_PARAMS` and numbers), every text redacted.

    The row, the column and the rule stay, so the log still says what was wrong where.

    >>> from linnedata.errors import problem
    >>> found = "'Ingegerd Lindqvist', 'Växjö'"  # an answer row taken for the header
    >>> missing = problem("kolumn_saknas", 1, None, None, expected="kommun", found=found)
    >>> logged = log_safe([missing])[0].message("sv")
    >>> "Ingegerd" in logged, "'kommun'" in logged
    (False, True)
    """
    return [
        dataclasses.replace(
            p,
            column=None if p.column is None else redacted(p.column),
            value=None if p.value is None else VALUE_LEFT_OUT,
            params={k: _safe(v, k) for k, v in p.params.items()},
        )
        for p in problems
    ]


def kept_record(found: Inspection) -> dict[str, Any]:
    """What the store records of a read file besides its checksum and size: the columns
    read (header, redacted → contract column) and how many were dropped, by reason.

    >>> from linnedata.survey import ReadOptions
    >>> data = b"kommun;IPAddress;Progress;betyg_integration\\nKalmar;10.0.0.1;100;4\\n"
    >>> kept_record(read(data, ReadOptions(), "2025"))["dropped"]
    {'personuppgift': 1, 'metadata': 1}
    """
    valid = targets((found.options and found.options.taxonomy) or default_taxonomy())
    dropped: dict[str, int] = {}
    for column in dropped_columns(found.info.decisions, valid):
        dropped[column.reason] = dropped.get(column.reason, 0) + 1
    return {"columns": kept_columns(found.info.decisions, valid), "dropped": dropped}


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
    """Log the refusal of the inspection the steward saw (the file's checksum and size, no
    byte of it; nothing is read again)."""
    store.record_refused(
        data,
        file_name=found.file_name,
        user=user,
        round_label=round_label,
        source_format=found.info.source_format,
        errors=log_safe(found.outcome.errors),
        warnings=log_safe(found.outcome.warnings),
        kept=kept_record(found),
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
    return store.publish(survey, data, user=user, replace=replace, kept=kept_record(found))


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
    "kept_record",
    "log_duplicate",
    "log_safe",
    "publish",
    "read",
    "refuse",
    "run",
]
