"""Rows in and out of the store: a read survey as table rows, stored rows as a Survey again,
the record of an uploaded file (its checksum, size and what was read: never its bytes) and
the import log entry."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata import rounds
from linnedata.errors import Problem
from linnedata.store.schema import (
    forms_table,
    import_log_table,
    now,
    ratings_table,
    raw_files_table,
    responses_table,
    rounds_table,
)
from linnedata.survey import Survey
from linnedata.survey.privacy import redacted as redact
from linnedata.taxonomy import default_taxonomy

_CHUNK = 5_000


def sha256(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes:
        round_label: the round published.
        action: ``"publish"`` or ``"replace"``.
        responses: respondents stored.
        municipalities: municipalities among them.
        sha256: the file's checksum.
    """

    round_label: str
    action: str
    responses: int
    municipalities: int
    sha256: str


def insert_round(
    conn: Connection,
    survey: Survey,
    digest: str,
    user: str,
    checkpoint: Callable[[], None] | None = None,
) -> ImportResult:
    """Insert one read survey as a round with its responses, ratings and forms.

    The rows go column by column to the driver's ``executemany`` in chunks
    (:func:`insert_columns`): 100,000 responses are 1.5 million rating rows, and
    SQLAlchemy's per-row parameter handling would cost more than reading the file.
    ``checkpoint`` (a test hook) is called once the responses are written, mid-transaction.
    """
    responses = survey.responses
    municipalities = int(responses["kommun_kod"].dropna().nunique())
    round_id = conn.execute(
        rounds_table.insert().values(
            label=survey.round,
            published_at=now(),
            published_by=user,
            file_name=redact(survey.file_name)[:255],
            file_sha256=digest,
            source_format=survey.source_format,
            n_responses=len(responses),
            n_municipalities=municipalities,
        )
    ).inserted_primary_key[0]
    n = len(responses)
    # the free text is the redactor's already (linnedata.survey.validation): once per cell
    columns: dict[str, Any] = {name: responses[name] for name in responses.columns}
    columns["utmaning_fritext"] = responses["utmaning_fritext"].fillna("")
    insert_columns(conn, responses_table, {"round_id": round_id, **columns}, n)
    if checkpoint is not None:
        checkpoint()
    for frame, table, value in ((survey.ratings, ratings_table, "area_id"),
                                (survey.forms, forms_table, "form_id")):  # fmt: skip
        rated = None  # only rated areas: a blank is "no answer" (SURVEY.md)
        if value == "area_id":
            rated = frame["betyg"].notna().to_numpy()
        seq = _places(frame["respondent"], rated)  # the place in taxonomy order
        frame = frame if rated is None else frame[rated]
        columns = {"round_id": round_id, "respondent": frame["respondent"], "seq": seq}
        columns[value] = frame[value]
        if value == "area_id":
            columns["betyg"] = frame["betyg"]
        insert_columns(conn, table, columns, len(frame))
    return ImportResult(survey.round, "publish", n, municipalities, digest)


def _places(respondents: pd.Series, kept: np.ndarray | None = None) -> pd.Series:
    """The place of each row among its respondent's rows (0, 1, …, as
    ``groupby().cumcount()``), of the rows ``kept`` (a mask) only; without grouping when
    the rows come respondent by respondent, as the reader gives them.

    >>> _places(pd.Series([1, 1, 1, 2, 2, 3])).tolist(), _places(pd.Series([2, 1, 2])).tolist()
    ([0, 1, 2, 0, 1, 0], [0, 0, 1])
    >>> _places(pd.Series([1, 1, 1, 2]), np.array([False, True, True, True])).tolist()
    [1, 2, 0]
    """
    at = np.arange(len(respondents)) if kept is None else np.flatnonzero(kept)
    if respondents.is_monotonic_increasing:
        values = respondents.to_numpy()
        places = at - np.searchsorted(values, values[at], side="left")
    else:
        places = respondents.groupby(respondents).cumcount().to_numpy()[at]
    return pd.Series(places, copy=False)


def _plain_column(values: pd.Series) -> list[Any]:
    """A column as plain Python values for the driver (NA/NaT → None; times naive UTC)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return [None if v is pd.NaT else v for v in values.dt.to_pydatetime()]  # at once
    if not values.hasnans and values.dtype.kind in "iub":
        return values.tolist()
    return values.to_numpy(dtype=object, na_value=None).tolist()


def insert_columns(conn: Connection, table: sa.Table, columns: dict[str, Any], length: int) -> None:
    """Insert ``length`` rows given as columns (name → a Series, a list, or one value for
    every row), a chunk at a time: only one chunk's rows are ever plain Python values, and
    each column's type processes its values as SQLAlchemy would per row (a time for
    SQLite). SQLite gets many rows per statement (``VALUES (…), (…), …``: twice as fast
    as a statement per row); PostgreSQL a ``COPY`` (:func:`_copied`), else the driver's
    ``executemany``."""
    names = list(columns)
    dialect = conn.dialect
    processes = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    together = dialect.name == "sqlite"
    per_statement = max(1, min(_CHUNK, _max_parameters(dialect) // len(names)))
    for start in range(0, length, per_statement if together else _CHUNK):
        stop = min(start + (per_statement if together else _CHUNK), length)
        chunk = []
        for name, process in zip(names, processes, strict=True):
            values = _chunk_of(columns[name], start, stop)
            chunk.append(values if process is None else list(map(process, values)))
        if together:  # the rows' values one after the other, flattened in C
            flat = tuple(itertools.chain.from_iterable(zip(*chunk, strict=True)))
            conn.exec_driver_sql(_insert_sql(dialect, table.name, tuple(names), stop - start), flat)
            continue
        rows = list(zip(*chunk, strict=True))
        if not _copied(conn, table.name, names, rows):
            conn.exec_driver_sql(_insert_sql(dialect, table.name, tuple(names), 1), rows)


def _copied(conn: Connection, table: str, names: list[str], rows: list[tuple[Any, ...]]) -> bool:
    """PostgreSQL through psycopg 3: the rows sent with ``COPY … FROM STDIN`` in the
    transaction's own connection (a statement per row costs ten times more); False when
    the driver has no ``copy``."""
    raw = conn.connection.driver_connection
    cursor = raw.cursor() if raw is not None else None
    if cursor is None or not hasattr(cursor, "copy"):
        return False
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    with cursor, cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return True


@functools.lru_cache(maxsize=32)  # a full chunk and the last one, per table
def _insert_sql(dialect: Any, table: str, names: tuple[str, ...], rows: int) -> str:
    """``INSERT INTO table (names) VALUES (…), (…)`` for ``rows`` rows, in the driver's
    parameter style."""
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    one = f"({', '.join([mark] * len(names))})"
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES {', '.join([one] * rows)}"
    )


def _max_parameters(dialect: Any) -> int:
    """The parameters one statement may hold: SQLite's limit (999 before 3.32), else
    PostgreSQL's 65,535."""
    if dialect.name == "sqlite":
        import sqlite3

        return 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999
    return 65_535


def _chunk_of(column: Any, start: int, stop: int) -> list[Any]:
    """Rows ``start:stop`` of a column as plain Python values."""
    if isinstance(column, pd.Series):
        return _plain_column(column.iloc[start:stop])
    if isinstance(column, list):
        return column[start:stop]
    return [column] * (stop - start)


def keep_raw(
    conn: Connection, data: bytes, digest: str, file_name: str, kept: dict[str, Any] | None
) -> None:
    """Record an uploaded file once per checksum: its SHA-256, size, name (redacted) and
    ``kept``, what the import read of it (``linnedata.importing.kept_record``: the mapped
    columns, the dropped ones counted). No byte of the file itself is kept."""
    query = sa.select(raw_files_table.c.sha256).where(raw_files_table.c.sha256 == digest)
    if conn.execute(query).first() is None:
        conn.execute(
            raw_files_table.insert().values(
                sha256=digest,
                file_name=redact(file_name)[:255],
                size=len(data),
                first_seen=now(),
                mapping=None if kept is None else json.dumps(kept, ensure_ascii=False),
            )
        )


def log(
    conn: Connection,
    *,
    user: str,
    action: str,
    round_label: str | None,
    file_name: str | None,
    digest: str | None,
    source_format: str | None = None,
    responses: int | None = None,
    municipalities: int | None = None,
    errors: Sequence[Problem] = (),
    warnings: Sequence[Problem] = (),
    message: str | None = None,
) -> int:
    """Add one entry to the import log (free text redacted); returns its id."""
    return conn.execute(
        import_log_table.insert().values(
            at=now(),
            user=user[:200],
            action=action,
            round_label=round_label[: rounds.MAX_LENGTH] if round_label else None,
            file_name=redact(file_name or "")[:255] or None,
            sha256=digest,
            source_format=source_format,
            n_responses=responses,
            n_municipalities=municipalities,
            n_errors=len(errors),
            n_warnings=len(warnings),
            warnings=json.dumps(
                [
                    {
                        "row": p.row,
                        "column": None if p.column is None else redact(p.column),
                        "message": redact(p.message("sv")),
                    }
                    for p in warnings
                ],
                ensure_ascii=False,
            ),
            message=redact(message) if message else None,
        )
    ).inserted_primary_key[0]


def delete_round_rows(conn: Connection, round_id: int) -> None:
    """Delete a round's responses, ratings and forms (not the round row itself)."""
    for table in (ratings_table, forms_table, responses_table):
        conn.execute(table.delete().where(table.c.round_id == round_id))


def plain(value: Any) -> Any:
    """A pandas cell as a plain Python value for the driver (NA/NaT → None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):  # submission times are stored as naive UTC
        if value.tzinfo is not None:
            value = value.tz_convert("UTC").tz_localize(None)
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


RESPONSE_TEXT = (
    "kommun_kod",
    "roll",
    "prio_1",
    "prio_2",
    "prio_3",
    "seminarieintresse",
    "medfinansiering",
)


def frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """A result's rows as a frame, built column by column.

    ``pd.DataFrame(rows)`` asks every SQLAlchemy Row for attributes it answers by raising
    and catching an exception: 10 of the 21 s of loading a 200,000-response round.
    """
    if not rows:  # pandas' own empty frame (its columns' dtypes), as callers had before
        return pd.DataFrame(rows, columns=columns)
    values = list(zip(*rows, strict=True))
    return pd.DataFrame(dict(zip(columns, values, strict=True)), columns=columns)


def survey_from_rows(conn: Connection, found: Any) -> Survey:
    """The Survey of one stored round, with the reader's column order and dtypes."""
    round_id = found.id
    rows = conn.execute(
        sa.select(*[c for c in responses_table.c if c.name != "round_id"])
        .where(responses_table.c.round_id == round_id)
        .order_by(responses_table.c.respondent)
    ).all()
    columns = [c.name for c in responses_table.c if c.name != "round_id"]
    responses = frame(rows, columns)
    responses = responses.astype(
        {
            "respondent": "int64",
            "kalla_rad": "int64",
            **{c: "string" for c in (*RESPONSE_TEXT, "utmaning_fritext")},
        }
    )
    stored = pd.to_datetime(responses["inskickad"]).astype("datetime64[ns]")
    responses["inskickad"] = stored.dt.tz_localize("UTC")  # stored as naive UTC (schema 5)
    responses = responses[
        ["respondent", "kalla_rad", "kommun_kod", "inskickad", "roll", "prio_1", "prio_2", "prio_3",
         "seminarieintresse", "medfinansiering", "utmaning_fritext"]
    ]  # fmt: skip
    ratings = _ratings_of(conn, round_id, responses["respondent"])
    forms = frame(
        conn.execute(
            sa.select(forms_table.c.respondent, forms_table.c.form_id)
            .where(forms_table.c.round_id == round_id)
            .order_by(forms_table.c.respondent, forms_table.c.seq)
        ).all(),
        ["respondent", "form_id"],
    ).astype({"respondent": "int64", "form_id": "string"})
    return Survey(
        round=found.label,
        responses=responses,
        ratings=ratings,
        forms=forms,
        warnings=(),
        source_format=found.source_format,
        file_name=found.file_name,
    )


def _ratings_of(conn: Connection, round_id: int, respondents: pd.Series) -> pd.DataFrame:
    """A round's ratings as the reader returns them: one row per respondent and taxonomy
    area, in taxonomy order, ``betyg`` <NA> where blank.

    The store keeps only rated areas (a blank is "no answer", SURVEY.md), ``seq`` being
    the area's place in taxonomy order; the blanks are put back here. No schema upgrade:
    a store written before this kept its blank rows, and they load as the same blanks.
    An area stored but no longer in the taxonomy is kept, after the taxonomy's areas.
    """
    stored = frame(
        conn.execute(
            sa.select(ratings_table.c.respondent, ratings_table.c.area_id, ratings_table.c.betyg)
            .where(ratings_table.c.round_id == round_id)
            .order_by(ratings_table.c.seq, ratings_table.c.respondent)
        ).all(),
        ["respondent", "area_id", "betyg"],
    )
    areas = default_taxonomy().area_ids
    known = set(areas)
    areas += [a for a in stored["area_id"].unique().tolist() if a not in known]
    every = pd.MultiIndex.from_product(
        [respondents.tolist(), areas], names=["respondent", "area_id"]
    )
    betyg = stored.set_index(["respondent", "area_id"])["betyg"].reindex(every)
    return betyg.reset_index().astype(
        {"respondent": "int64", "area_id": "string", "betyg": "Int64"}
    )
