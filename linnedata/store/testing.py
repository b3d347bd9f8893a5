"""Test instruments: look inside a store to prove what it holds (not used by the app).

:func:`integrity_problems` checks the structure, :func:`snapshot` takes every row (to compare
before and after a fault), :func:`text_values` yields every text cell (the privacy scan) and
:func:`file_record` reads what is recorded of an upload.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from linnedata.store.api import Store
from linnedata.store.schema import (
    forms_table,
    metadata,
    ratings_table,
    raw_files_table,
    responses_table,
    rounds_table,
)


def file_record(store: Store, digest: str) -> dict[str, Any] | None:
    """What is recorded of an uploaded file (name, size, what was read: never its bytes),
    or None when it was never recorded."""
    with store.engine.connect() as conn:
        query = sa.select(raw_files_table).where(raw_files_table.c.sha256 == digest)
        row = conn.execute(query).first()
    if row is None:
        return None
    record = dict(row._mapping)
    record["mapping"] = None if record["mapping"] is None else json.loads(record["mapping"])
    return record


def integrity_problems(store: Store) -> list[str]:
    """What is wrong with the database's structure; empty when it is sound.

    SQLite: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``. Every dialect:
    rows whose round is missing, and rounds whose stored counts disagree with their rows.
    """
    problems: list[str] = []
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            checked = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if checked != ["ok"]:
                problems += checked
            problems += [str(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        for table in (responses_table, ratings_table, forms_table):
            orphans = conn.execute(
                sa.select(sa.func.count())
                .select_from(table)
                .where(~table.c.round_id.in_(sa.select(rounds_table.c.id)))
            ).scalar()
            if orphans:
                problems.append(f"{table.name}: {orphans} rows without a round")
        counts = conn.execute(
            sa.select(
                rounds_table.c.label,
                rounds_table.c.n_responses,
                sa.func.count(responses_table.c.respondent),
            )
            .select_from(rounds_table.outerjoin(responses_table))
            .group_by(rounds_table.c.id, rounds_table.c.label, rounds_table.c.n_responses)
        ).all()
        problems += [
            f"round {label}: {stored} responses recorded, {found} stored"
            for label, stored, found in counts
            if stored != found
        ]
    return problems


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: to compare the whole store before and after."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(sa.select(table)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def text_values(store: Store) -> Iterable[tuple[str, str, str]]:
    """``(table, column, value)`` of every text and binary cell (binary decoded leniently)."""
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [
                c for c in table.c if isinstance(c.type, sa.String | sa.Text | sa.LargeBinary)
            ]
            if not columns:
                continue
            for row in conn.execute(sa.select(*columns)).all():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = _binary_text(value)
                    if value is not None:
                        yield table.name, column.name, str(value)


def _binary_text(value: bytes) -> str:
    """A kept file's text: an XLSX's cells, else the bytes decoded."""
    if value.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(value), read_only=True)
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return value.decode("utf-8", errors="replace")
