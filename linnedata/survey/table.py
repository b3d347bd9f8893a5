"""The columns stage: from a file's bytes to a canonical text table (no cell parsed yet).

:func:`read_table` runs bytes → grid → header → columns: the container is recognised
(:mod:`~linnedata.survey.source`), the grid read (:mod:`~linnedata.survey.text_grid`,
:mod:`~linnedata.survey.xlsx_grid`), the header found and mapped
(:mod:`~linnedata.survey.header`), and every answer row's used cells kept under their
canonical names. :class:`ReadInfo` records every decision, for the report, the mapping
editor and the scrubber of the kept file (:mod:`~linnedata.survey.privacy`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from linnedata.errors import Problems
from linnedata.places.region import default_resolver
from linnedata.survey import columns as mapping
from linnedata.survey.columns import MappingDecision
from linnedata.survey.content import (
    checkbox_grids,
    is_municipality,
    municipality_column,
    personal_by_content,
)
from linnedata.survey.grid import Grid, clean_cell, column_letter
from linnedata.survey.header import (
    FORMATS,
    ODS,
    XLSX,
    find_header,
    format_name,
    header_problems,
    presumed_header,
)
from linnedata.survey.model import CanonicalTable, ReadInfo
from linnedata.survey.ods_grid import is_ods, read_ods
from linnedata.survey.options import ReadOptions
from linnedata.survey.per_option import option_columns
from linnedata.survey.rank_grid import add_priorities, rank_columns, ranked_priorities
from linnedata.survey.rows import IDENTITY, answer_rows, split_ranking
from linnedata.survey.shapes import (
    DATE_ORDER,
    by_id,
    coded_answers,
    coded_anywhere,
    coded_headers,
    header_stack,
    restack,
    restacked,
)
from linnedata.survey.source import container_of, ole_problem, unwrap_zip
from linnedata.survey.text_grid import read_text
from linnedata.survey.unfinished import (
    leave_out_unfinished,
    submission_date_order,
    submission_time,
    submission_zone,
)
from linnedata.survey.xlsx_grid import read_xlsx
from linnedata.taxonomy import default_taxonomy

_EMPTY = pd.DataFrame({"kalla_rad": pd.Series([], dtype="int64")})


class _Refused(Exception):
    """Reading stops here; the collector holds why."""


class _Mapper:
    """The column mapping of a header row: automatic, a profile's, or the steward's."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.taxonomy = options.taxonomy or default_taxonomy()
        self.aliases = mapping.default_aliases()
        self.by_content: dict[int, str] = {}  # position → target, from the column's cells

    def decide(self, record: list[str]) -> tuple[list[MappingDecision], str | None]:
        decisions, profile = self._decide(record)
        return submission_time(decisions, self.aliases), profile

    def _decide(self, record: list[str]) -> tuple[list[MappingDecision], str | None]:
        record = [clean_cell(c)[0] for c in record]
        decisions = [
            MappingDecision(d.position, d.header, self.by_content[d.position], "innehall")
            if d.position in self.by_content and not d.target
            else d
            for d in mapping.auto_map(record, self.taxonomy, self.aliases)
        ]
        if self.options.mapping:
            return mapping.override(decisions, self.options.mapping, "anvandare"), None
        profile = self.profile(record)
        if profile is not None:
            return mapping.override(decisions, profile.columns, "profil"), profile.name
        return decisions, None

    def profile(self, record: list[str]):
        """The saved profile for these headers, if any."""
        profiles = self.options.profiles
        return profiles.find_for([clean_cell(c)[0] for c in record]) if profiles else None

    def values(self, record: list[str]) -> dict[str, int]:
        """The value mapping that applies: the saved profile's (also when the steward
        changed a column), with the steward's own values over it."""
        profile = self.profile(record)
        return {**(profile.values if profile is not None else {}), **self.options.values}

    def decisions(self, record: list[str]) -> list[MappingDecision]:
        return self.decide(record)[0]


def read_table(
    data: bytes, options: ReadOptions | None = None, **given: Any
) -> tuple[CanonicalTable, ReadInfo]:
    """Read an export of any supported format into a canonical text table.

    Args:
        data: the file's bytes.
        options: how to read it.
        **given: or the same as keyword arguments (``mapping_override`` is the old name
            of ``mapping``).

    Returns:
        The table (errors inside, never raised) and how the file was read.
    """
    if "mapping_override" in given:
        given["mapping"] = given.pop("mapping_override")
    options = options or ReadOptions.of(**given)
    info, found = ReadInfo(), Problems()
    try:
        with _bulk():
            grid = _grid(data, options, info, found)
            grid, options = _one_header(grid, options, info)
            return _table(grid, options, info, found), info
    except _Refused:
        return CanonicalTable(_EMPTY, {}, tuple(found.errors), tuple(found.warnings)), info


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Python's cycle collector paused while a file's rows are made: a list per record and
    a tuple per answer row (they hold no cycle; each is freed when its last reference
    goes), and every collection would walk all of them again (a tenth of an import's CPU
    at 100,000 rows). It runs again after, unless it was paused before."""
    paused = not gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not paused:
            gc.enable()


def _grid(data: bytes, options: ReadOptions, info: ReadInfo, found: Problems) -> Grid:
    """Bytes → grid: the container recognised, a zip's one file taken out, the cells read."""
    forced = FORMATS.get(options.format)
    if options.format != "auto" and forced is None:
        found.error("format_okant", None, None, options.format, formats=", ".join(FORMATS))
        raise _Refused
    if not data.strip():
        found.error("fil_tom")
        raise _Refused
    ods = is_ods(data)  # a zip of several files, but one spreadsheet
    data, info.member, trouble = (data, None, None) if ods else unwrap_zip(data)
    if trouble is not None:
        found.errors.append(trouble)
        raise _Refused
    info.data = data
    container = container_of(data)
    if container != "text":  # a workbook, also when it is refused before it is read
        info.container, info.source_format = "xlsx", forced.name if forced else XLSX
        info.source_format = ODS if ods and not forced else info.source_format
    if container == "ole":
        found.errors.append(ole_problem(data))
        raise _Refused
    if forced is not None and (container == "zip") != (forced.container == "xlsx"):
        found.error("format_passar_ej", None, None, None, format=forced.name)
        raise _Refused
    grid = _read_grid(data, container, options, found)
    info.container, info.encoding, info.separator = grid.container, grid.encoding, grid.separator
    info.sheet, info.sheets = grid.sheet, grid.sheets
    found.warnings.extend(grid.warnings)
    if grid.errors:
        found.errors.extend(grid.errors)
        raise _Refused
    if not any(any(c.strip() for c in r) for r in grid.records):
        found.error("fil_tom")
        raise _Refused
    return grid


def _one_header(grid: Grid, options: ReadOptions, info: ReadInfo) -> tuple[Grid, ReadOptions]:
    """A survey tool's header rows as one header (:mod:`~linnedata.survey.shapes`), unless
    the steward gave a header row outside them; a mapping may name Qualtrics' ids."""
    stack = header_stack(grid.records)
    if stack is None:
        return grid, options
    wanted = options.header_row
    rows = grid.rows[stack.first : stack.last + 1]
    if wanted is not None and wanted not in rows:
        return grid, options
    info.tool = stack.tool
    grid = restack(grid, stack)
    header_row = None if wanted is None else grid.rows[stack.first]
    return grid, options.but(mapping=by_id(options.mapping, stack), header_row=header_row)


def _read_grid(data: bytes, container: str, options: ReadOptions, found: Problems) -> Grid:
    if container == "zip":
        return read_ods(data, options.sheet) if is_ods(data) else read_xlsx(data, options.sheet)
    forced = FORMATS.get(options.format)
    name = options.file_name or ""
    if Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        found.warn("fil_xlsx_ar_text", None, None, name)
    mapper = _Mapper(options)

    def accept(records: list[list[str]]) -> bool:
        records = restacked(records)
        rows = list(range(1, len(records) + 1))
        found_at = find_header(records, rows, options.header_row, mapper.decisions, _is_answer)
        return found_at is not None

    return read_text(
        data,
        accept,
        encodings=forced.encodings if forced else None,
        separators=forced.separators if forced else None,
    )


def _header_index(
    grid: Grid, mapper: _Mapper, options: ReadOptions, info: ReadInfo, found: Problems
) -> int:
    """The header record's index; refused (with the presumed header's mapping shown) if none.

    When no header names the municipality, the presumed header (the first filled row, or
    the one given) is kept and the column whose cells are municipalities is looked for:
    without a header (an SCB sheet's empty first cell over ``0780 Växjö``) it is read as
    the municipality, with a warning; under a header that says something else (``Ort``,
    ``Organisation``) it is proposed, and the steward chooses it.
    """
    records, rows, wanted = grid.records, grid.rows, options.header_row
    index = find_header(records, rows, wanted, mapper.decisions, is_answer=_is_answer)
    if index is not None:
        return index
    if wanted is not None and wanted not in rows:
        found.error("rubrikrad_saknas", None, None, str(wanted), last=rows[-1])
        raise _Refused
    presumed = rows.index(wanted) if wanted is not None else presumed_header(records)
    body = list(zip(records[presumed + 1 :], rows[presumed + 1 :], strict=True))
    decisions = personal_by_content(mapper.decisions(records[presumed]), body)
    match = municipality_column(decisions, body, default_resolver())
    if match is not None and match.decision.reason == "tom":
        position = match.decision.position
        mapper.by_content[position] = "kommun"
        row = next(r for record, r in body if record[position].strip() == match.example)
        found.warn("kommun_efter_innehall", row, column_letter(position), match.example)
        return presumed
    # the presumed header's mapping is still shown, so that the user can map a column to
    # kommun or give the header row
    info.header_row = rows[presumed]
    decided, info.profile = mapper.decide(records[presumed])
    info.decisions = personal_by_content(decided, body)
    # the kept copy of the refused file empties the personal columns under this header too
    info.personal = tuple(d.position for d in info.decisions if d.target == mapping.PERSONAL)
    _name_format(info, options)
    if match is not None:
        header = match.decision.header
        info.proposed = {"kommun": header}
        found.error(
            "kommun_foreslagen",
            info.header_row,
            header,
            match.example,
            hits=match.hits,
            filled=match.filled,
        )
        raise _Refused
    coded = coded_anywhere(info.tool, records[presumed], body, info.header_row)
    if coded is not None:  # LimeSurvey's codes: one error naming the export setting
        found.errors.append(coded)
        raise _Refused
    shown = ", ".join(f"'{h.strip()}'" for h in records[presumed] if h.strip())
    found.error("kolumn_saknas", info.header_row, None, None, expected="kommun", found=shown)
    raise _Refused


def _is_answer(text: str) -> bool:
    """True for a municipality cell no header holds: a municipality's name ("Växjö kommun"
    under a header "Ort" is an answer, though its words look like a header's)."""
    return is_municipality(text.strip(), default_resolver())


def _name_format(info: ReadInfo, options: ReadOptions) -> None:
    forced = FORMATS.get(options.format)
    info.source_format = (
        forced.name
        if forced
        else format_name(info.container, info.encoding, info.separator, info.decisions, info.tool)
    )


def _table(grid: Grid, options: ReadOptions, info: ReadInfo, found: Problems) -> CanonicalTable:
    """Header → columns → the canonical text table."""
    mapper = _Mapper(options)
    index = _header_index(grid, mapper, options, info, found)
    records, rows = grid.records, grid.rows
    header = [clean_cell(h)[0] for h in records[index]]
    info.header_row = rows[index]
    for raw, clean in zip(records[index], header, strict=True):
        if raw != clean:
            found.warn("cell_styrtecken", info.header_row, clean.strip(), clean)
    titles = [rows[i] for i in range(index) if any(c.strip() for c in records[i])]
    if titles:
        skipped = ", ".join(str(r) for r in titles)
        found.warn("rubrikrad_inte_forst", info.header_row, None, None, skipped=skipped)
    decisions, info.profile = mapper.decide(header)
    info.values = mapper.values(header)
    body = list(zip(records[index + 1 :], rows[index + 1 :], strict=True))
    body, info.unfinished = leave_out_unfinished(
        body, header, mapper.aliases, found, keep=options.keep_unfinished
    )
    decisions = personal_by_content(decisions, body)
    decisions = checkbox_grids(decisions, body, mapper.taxonomy, found, info.header_row)
    info.decisions, per_option = option_columns(
        decisions, body, mapper.taxonomy, found, info.header_row
    )
    _name_format(info, options)
    coded = coded_answers(info.tool, info.decisions, body, info.header_row) or coded_headers(
        info.tool, info.decisions, info.header_row
    )
    if coded is not None:  # one error naming the export setting, not one per cell
        info.personal = tuple(d.position for d in info.decisions if d.target == mapping.PERSONAL)
        found.errors.append(coded)
        raise _Refused
    errors = Problems()
    header_problems(info.decisions, mapper.taxonomy, errors, info.header_row)
    found.extend(errors)
    used = _used_columns(info.decisions, header, mapper)
    joined = _joined_columns(info.decisions, used)
    info.personal = tuple(d.position for d in info.decisions if d.target == mapping.PERSONAL)
    ranked = _ranked(info.decisions, used, body, header, mapper, found)
    cells = answer_rows(body, header, used, info.personal, grid, found, joined, per_option)
    body.clear()  # the records are read: their memory is free before the table is built
    grid.records.clear()
    headers = {name: header[position].strip() for position, name in used.items()}
    split_ranking(used, cells, headers, info.header_row, found)
    if ranked is not None:
        add_priorities(cells, headers, *ranked)
    return CanonicalTable(
        _frame(used, cells, bool(info.personal)),
        headers,
        tuple(found.errors),
        tuple(found.warnings),
        date_order=DATE_ORDER.get(info.tool)
        or submission_date_order(info.decisions, mapper.aliases),
        zone=submission_zone(info.decisions),
    )


def _ranked(decisions, used, body, header, mapper: _Mapper, found: Problems):
    """The priorities of a ranking grid (a column per area holding its place) and its first
    column's header; None without one, or with priority columns besides (refused)."""
    areas = rank_columns(decisions, mapper.taxonomy, mapper.aliases)
    if not areas or set(used.values()) & set(mapping.PRIO_COLUMNS):
        return None
    first = header[min(areas)].strip()
    return ranked_priorities(body, header, areas, found), first


def _used_columns(decisions: list[MappingDecision], header: list[str], mapper: _Mapper):
    """Position → canonical name of every column read (the first of a duplicate target)."""
    valid = set(mapping.targets(mapper.taxonomy))
    used: dict[int, str] = {}
    for d in sorted(decisions, key=lambda d: d.position):
        usable = d.target and d.target != mapping.PERSONAL and d.target in valid
        if usable and d.target not in used.values():
            used[d.position] = d.target
    return used


def _joined_columns(decisions: list[MappingDecision], used: dict[int, str]) -> dict[int, list[int]]:
    """A checkbox grid's first column (the one used) → its other columns, read with it."""
    grid = [d.position for d in decisions if d.reason == "kryssrutnat"]
    first = next((p for p in grid if p in used), None)
    return {} if first is None else {first: [p for p in grid if p != first]}


def _frame(used: dict[int, str], cells: dict[str, list[Any]], personal: bool) -> pd.DataFrame:
    """The cells as a frame, each column made at once and its list let go as soon as it is
    made (:func:`_text_column`)."""
    names = list(dict.fromkeys([*used.values(), *cells]))
    columns = ["kalla_rad", *(n for n in names if n not in ("kalla_rad", IDENTITY))]
    columns += [IDENTITY] if personal else []
    made = {"kalla_rad": pd.Series(cells.pop("kalla_rad", []), dtype="int64")}
    for name in columns[1:]:
        made[name] = _text_column(cells.pop(name, []))
    return pd.DataFrame(made, columns=columns, copy=False)


def _text_column(texts: list[str] | pd.Categorical) -> pd.Series:
    """A column of cell texts: categorical as :func:`~linnedata.survey.rows.answer_rows`
    made it when its texts repeat, else ``string``.

    >>> _text_column(["a", "b"]).dtype
    <StringDtype(na_value=<NA>)>
    """
    if isinstance(texts, pd.Categorical):
        return pd.Series(texts, copy=False)
    return pd.Series(texts, dtype="string")


def read_canonical_csv(data: bytes, taxonomy=None) -> CanonicalTable:
    """Read a CSV export into a canonical text table (see :func:`read_table`)."""
    return read_table(data, ReadOptions(taxonomy=taxonomy))[0]


__all__ = ["IDENTITY", "CanonicalTable", "ReadInfo", "read_canonical_csv", "read_table"]
