"""The follow-up record of joint projects in the store (schema version 8).

A project is one row of ``projects`` and its lists (areas, municipalities with their
co-financing, researchers, links), plus one ``project_history`` row per change: who, when,
the status before and after and ``{field: [before, after]}``. The history is the record's
versions: a project's state at any change can be read back from it.

The rules of what a record may hold and how its status may move live in
:mod:`linnedata.followup.rules`; this module only reads and writes rows, inside the caller's
transaction (so a refused change writes nothing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata.store.schema import (
    now,
    project_areas_table,
    project_history_table,
    project_links_table,
    project_municipalities_table,
    project_researchers_table,
    projects_table,
)

_SCALARS = {  # record field → column of ``projects``
    "title": "title",
    "form_id": "form_id",
    "status": "status",
    "funder": "funder",
    "applied": "applied",
    "granted": "granted",
    "start": "start_date",
    "end": "end_date",
    "notes": "notes",
    "round_label": "round_label",
}
_LISTS = {  # record field → (table, column)
    "areas": (project_areas_table, "area_id"),
    "researchers": (project_researchers_table, "name"),
    "links": (project_links_table, "url"),
}
_PARTS = (
    project_areas_table,
    project_municipalities_table,
    project_researchers_table,
    project_links_table,
)


def revision(conn: Connection) -> int:
    """A number that changes with every change to any project (0 when there is none)."""
    return int(conn.execute(sa.select(sa.func.max(project_history_table.c.id))).scalar() or 0)


def insert(
    conn: Connection, record: dict[str, Any], changes: dict[str, list[Any]], *, user: str
) -> int:
    """Write a checked new record and its first history row; the new id."""
    values = {column: record[field] for field, column in _SCALARS.items()}
    result = conn.execute(
        projects_table.insert().values(**values, created_at=now(), created_by=user)
    )
    pid = int(result.inserted_primary_key[0])
    _write_parts(conn, pid, record)
    _history(conn, pid, user, "created", None, record["status"], changes)
    return pid


def update(
    conn: Connection,
    pid: int,
    change: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, list[Any]]]],
    *,
    user: str,
) -> dict[str, Any] | None:
    """Apply ``change`` to project ``pid`` and keep the history; None when there is no such
    project. ``change`` takes the current record and returns the new one and its differences
    (it raises to refuse; the row is locked meanwhile, so two changes never interleave)."""
    locked = sa.select(projects_table.c.id).where(projects_table.c.id == pid)
    if conn.dialect.name == "postgresql":
        locked = locked.with_for_update()
    if conn.execute(locked).scalar() is None:
        return None
    current = load(conn, pid)[0]
    new, differences = change(current)
    if not differences:
        return new
    values = {column: new[field] for field, column in _SCALARS.items()}
    conn.execute(projects_table.update().where(projects_table.c.id == pid).values(**values))
    for table in _PARTS:
        conn.execute(table.delete().where(table.c.project_id == pid))
    _write_parts(conn, pid, new)
    _history(conn, pid, user, "changed", current["status"], new["status"], differences)
    return new


def _write_parts(conn: Connection, pid: int, record: dict[str, Any]) -> None:
    for field, (table, column) in _LISTS.items():
        rows = [
            {"project_id": pid, "seq": seq, column: value}
            for seq, value in enumerate(record[field], start=1)
        ]
        if rows:
            conn.execute(table.insert(), rows)
    rows = [
        {
            "project_id": pid,
            "seq": seq,
            "kommun_kod": code,
            "cofinancing": record["cofinancing"].get(code),
        }
        for seq, code in enumerate(record["municipalities"], start=1)
    ]
    conn.execute(project_municipalities_table.insert(), rows)


def _history(
    conn: Connection,
    pid: int,
    user: str,
    action: str,
    before: str | None,
    after: str,
    changes: dict[str, list[Any]],
) -> None:
    conn.execute(
        project_history_table.insert().values(
            project_id=pid,
            at=now(),
            by=user,
            action=action,
            status_from=before,
            status_to=after,
            changes=json.dumps(changes, ensure_ascii=False),
        )
    )


def load(conn: Connection, pid: int | None = None) -> list[dict[str, Any]]:
    """Every project (or the one with id ``pid``) as records with ``id``, ``created_at``,
    ``created_by`` and ``history`` (oldest first), by id."""
    query = sa.select(projects_table).order_by(projects_table.c.id)
    if pid is not None:
        query = query.where(projects_table.c.id == pid)
    records = {
        row.id: {
            "id": row.id,
            **{field: getattr(row, column) for field, column in _SCALARS.items()},
            "created_at": row.created_at,
            "created_by": row.created_by,
            "areas": [],
            "researchers": [],
            "links": [],
            "municipalities": [],
            "cofinancing": {},
            "history": [],
        }
        for row in conn.execute(query).all()
    }
    _read_parts(conn, records)
    _read_history(conn, records)
    out = []
    for record in records.values():
        for field in ("areas", "researchers", "links", "municipalities"):
            record[field] = tuple(record[field])
        out.append(record)
    return out


def _read_parts(conn: Connection, records: dict[int, dict[str, Any]]) -> None:
    for field, (table, column) in _LISTS.items():
        query = sa.select(table).order_by(table.c.project_id, table.c.seq)
        for row in conn.execute(query).all():
            if row.project_id in records:
                records[row.project_id][field].append(getattr(row, column))
    table = project_municipalities_table
    for row in conn.execute(sa.select(table).order_by(table.c.project_id, table.c.seq)).all():
        record = records.get(row.project_id)
        if record is not None:
            record["municipalities"].append(row.kommun_kod)
            if row.cofinancing is not None:
                record["cofinancing"][row.kommun_kod] = int(row.cofinancing)


def _read_history(conn: Connection, records: dict[int, dict[str, Any]]) -> None:
    table = project_history_table
    for row in conn.execute(sa.select(table).order_by(table.c.id)).all():
        record = records.get(row.project_id)
        if record is not None:
            record["history"].append(
                {
                    "at": row.at,
                    "by": row.by,
                    "action": row.action,
                    "status_from": row.status_from,
                    "status_to": row.status_to,
                    "changes": json.loads(row.changes),
                }
            )
