"""The survey reader's public entry points: inspect, read and report on one export.

The stages, one module each: bytes (:mod:`~linnedata.survey.source`) → grid
(:mod:`~linnedata.survey.text_grid`, :mod:`~linnedata.survey.xlsx_grid`) → header
(:mod:`~linnedata.survey.header`) → columns (:mod:`~linnedata.survey.columns`,
:mod:`~linnedata.survey.table`) → cells (:mod:`~linnedata.survey.cells`) → validation
(:mod:`~linnedata.survey.validation`) → privacy (:mod:`~linnedata.survey.privacy`).
Every choice a caller may make is one :class:`~linnedata.survey.options.ReadOptions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from linnedata import rounds
from linnedata.errors import InputError, Problem, problem
from linnedata.survey.model import Inspection, Survey
from linnedata.survey.options import MAX_BYTES, ReadOptions
from linnedata.survey.profiles import bad_values
from linnedata.survey.table import CanonicalTable, ReadInfo, read_table
from linnedata.survey.validation import validate


def round_from_file_name(name: str) -> str:
    """The round a file name suggests (``linnedata.rounds.suggest``): its first year
    (19xx/20xx), else its stem made valid, else "".

    >>> round_from_file_name("enkat_2024_v2.csv"), round_from_file_name("svar hösten.csv")
    ('2024', 'svar hösten')
    """
    return rounds.suggest(name)


Source = Path | str | bytes | bytearray | BinaryIO


def _load(source: Source, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem of an oversized or unreadable file.

    The size is checked before the whole file is read (a path's size on disk; a file
    object is read at most ``max_bytes + 1`` bytes).
    """
    too_big = lambda size: problem(  # noqa: E731
        "fil_for_stor", size=round(size / 1e6, 1), limit=round(max_bytes / 1e6, 1)
    )
    if isinstance(source, bytes | bytearray):
        if len(source) > max_bytes:
            return None, [too_big(len(source))]
        return bytes(source), []
    if hasattr(source, "read"):
        try:
            data = source.read(max_bytes + 1)  # type: ignore[union-attr]
        except OSError as exc:
            return None, [problem("fil_trasig", detail=exc.strerror or str(exc))]
        if len(data) > max_bytes:
            return None, [too_big(len(data))]
        return bytes(data), []
    try:
        size = Path(source).stat().st_size  # type: ignore[arg-type]
    except OSError as exc:
        return None, [problem("fil_trasig", detail=exc.strerror or str(exc))]
    if size > max_bytes:
        return None, [too_big(size)]
    try:
        return Path(source).read_bytes(), []  # type: ignore[arg-type]
    except OSError as exc:
        return None, [problem("fil_trasig", detail=exc.strerror or str(exc))]


def _source_name(source: Source, file_name: str | None) -> str:
    if file_name is not None:
        return file_name
    if isinstance(source, bytes | bytearray):
        return ""
    if hasattr(source, "read"):
        return Path(str(getattr(source, "name", ""))).name
    return Path(source).name  # type: ignore[arg-type]


def inspect(source: Source, options: ReadOptions, round_label: str | None = None) -> Inspection:
    """Read, map and validate with ``options``; never raises for bad input."""
    name = _source_name(source, options.file_name or None)
    options = options.but(file_name=name)
    errors: list[Problem] = []
    wrong = None if round_label is None else rounds.problem(rounds.normalise(round_label))
    if wrong is not None:  # the one round-label rule: linnedata.rounds
        shown = round_label if len(round_label) <= 60 else round_label[:60] + "…"
        errors.append(problem(wrong, None, None, shown, length=len(round_label), max=40))
    data, problems = _load(source, options.max_bytes)
    info = ReadInfo()
    if data is None:
        empty = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})
        table = CanonicalTable(empty, {}, tuple(problems))
    else:
        table, info = read_table(data, options)
    values = info.values or options.values
    refused = bad_values(values)
    if refused:  # a hand-edited profile's 9: refused by name, never published as a rating
        values = {k: v for k, v in values.items() if k not in refused}
        errors += _value_problems(refused, info, options)
    outcome = validate(
        table,
        taxonomy=options.taxonomy,
        allow_outside_region=options.allow_outside_region,
        values=values,
    )
    outcome.errors[:0] = errors
    rows_with_errors = any(p.row is not None and p.row > 1 for p in outcome.errors)
    if table.headers and table.cells.empty and not rows_with_errors:
        outcome.errors.append(problem("fil_inga_rader"))
    info.redactions = outcome.redactions
    return Inspection(info, outcome, name, options)


def _value_problems(
    refused: dict[str, object], info: ReadInfo, options: ReadOptions
) -> list[Problem]:
    """One error per label mapped off the scale, naming the profile that holds it (the one
    applied, else the saved one with that label and value, else the steward's own)."""
    saved = options.profiles.list_profiles() if options.profiles is not None else []
    out = []
    for label, value in refused.items():
        name = info.profile or next(
            (p.name for p in saved if label in p.values and p.values[label] == value), None
        )
        code = "profil_varde_utanfor" if name else "varde_utanfor_skala"
        out.append(problem(code, None, None, str(value), profile=name or "", label=label))
    return out


def inspect_survey(
    source: Source, *, round_label: str | None = None, options: ReadOptions | None = None, **given
) -> Inspection:
    """Read, map and validate; never raises for bad input (see :func:`read_survey`).

    ``given`` are :class:`ReadOptions` fields as keyword arguments (``mapping`` may be a
    saved :class:`~linnedata.survey.profiles.MappingProfile`).
    """
    return inspect(source, options or ReadOptions.of(**given), round_label)


def read_survey(
    source: Source, *, round_label: str, options: ReadOptions | None = None, **given
) -> Survey:
    """Read and validate one survey export of any supported format.

    Args:
        source: the file, as a path, its bytes or a binary file object.
        round_label: the round, e.g. ``"2024"`` (see :func:`round_from_file_name`).
        options: how to read it (:class:`ReadOptions`).
        **given: or its fields as keyword arguments: ``file_name``, ``format``, ``sheet``, ``header_row``, ``mapping``,
            ``profiles``, ``allow_outside_region``, ``max_bytes`` (25 MB by default).

    Returns:
        The survey's tidy tables, the warnings and how the file was read.

    Raises:
        InputError: with every error and warning when the file cannot be imported.
    """
    found = inspect_survey(source, round_label=round_label, options=options, **given)
    return survey_of(found, round_label)


def survey_of(found: Inspection, round_label: str) -> Survey:
    """The :class:`Survey` of an inspection without errors.

    Raises:
        InputError: the inspection has errors.
    """
    outcome, info = found.outcome, found.info
    if outcome.errors:
        raise InputError(outcome.errors, outcome.warnings)
    return Survey(
        round=round_label.strip(),
        responses=outcome.responses,
        ratings=outcome.ratings,
        forms=outcome.forms,
        warnings=tuple(outcome.warnings),
        source_format=info.source_format,
        file_name=found.file_name,
        sheet=info.sheet,
        header_row=info.header_row or 1,
        encoding=info.encoding,
        separator=info.separator,
        mapping=tuple(info.decisions),
        profile=info.profile,
        redactions=info.redactions,
    )


def validation_report(
    source: Source,
    *,
    round_label: str = "",
    lang: str = "sv",
    options: ReadOptions | None = None,
    **given: Any,
) -> dict[str, Any]:
    """Check a survey export without importing it; never raises for bad input.

    Returns:
        See :func:`~linnedata.survey.report.report_of`.
    """
    from linnedata.survey.report import report_of

    found = inspect_survey(source, round_label=round_label or None, options=options, **given)
    return report_of(found, lang)


__all__ = [
    "MAX_BYTES",
    "Inspection",
    "Source",
    "Survey",
    "inspect",
    "inspect_survey",
    "read_survey",
    "round_from_file_name",
    "survey_of",
    "validation_report",
]
