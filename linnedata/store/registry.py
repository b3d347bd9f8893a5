"""The competence registry in the store: every save is a new version (who, when, what).

A version holds the whole list as the steward saved it (only the columns the list gives;
the person cells ``forskare`` and ``forskningsmiljo`` through the one redactor, also when
the steward typed them into the table); the current registry is the newest version. ``changes`` records, per researcher, whether
the row was added, removed or changed and which fields changed.
"""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata.store.schema import now, registry_rows_table, registry_versions_table
from linnedata.survey.privacy import redacted

_TUPLES = ("omraden", "samverkansformer", "publikt")
_COMPARED = (
    "forskningsmiljo",
    "omraden",
    "samverkansformer",
    "kapacitet",
    "profil",
    "aktiv",
    "publikt",
)
COLUMNS = [
    "forskare",
    "forskningsmiljo",
    "omraden",
    "kapacitet",
    "kalla_rad",
    "samverkansformer",
    "profil",
    "aktiv",
    "publikt",
]
"""The competence list's columns, as the reader (``linnedata.competence.registry``) returns
them and the registry stores them."""

VERSION_COLUMNS = ["version", "saved_at", "saved_by", "action", "file_name", "n_rows", "changes"]


def current_id(conn: Connection) -> int:
    """The newest version's id (0 when the registry was never saved)."""
    return int(conn.execute(sa.select(sa.func.max(registry_versions_table.c.id))).scalar() or 0)


def load(conn: Connection, version: int | None = None) -> pd.DataFrame:
    """The registry of ``version`` (default: the newest), in the read_researchers columns."""
    version = version or current_id(conn)
    table = registry_rows_table
    rows = conn.execute(
        sa.select(table).where(table.c.version_id == version).order_by(table.c.seq)
    ).all()
    records = []
    for r in rows:
        record = {c: getattr(r, c) for c in COLUMNS if c != "kalla_rad"}
        for column in _TUPLES:
            record[column] = tuple(p for p in str(record[column]).split(";") if p)
        record["aktiv"] = bool(record["aktiv"])
        record["kapacitet"] = int(record["kapacitet"])
        record["kalla_rad"] = int(r.seq) + 1
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS)


def changes(before: pd.DataFrame, after: pd.DataFrame) -> list[dict[str, object]]:
    """Per researcher: ``{forskare, change: added|removed|changed, fields}``, by name."""
    old = {r["forskare"]: r for r in before.to_dict("records")}
    new = {r["forskare"]: r for r in after.to_dict("records")}
    out: list[dict[str, object]] = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            out.append({"forskare": name, "change": "added", "fields": []})
        elif name not in new:
            out.append({"forskare": name, "change": "removed", "fields": []})
        else:
            fields = [c for c in _COMPARED if old[name][c] != new[name][c]]
            if fields:
                out.append({"forskare": name, "change": "changed", "fields": fields})
    return out


def save(
    conn: Connection, registry: pd.DataFrame, *, user: str, action: str, file_name: str | None
) -> int:
    """Write ``registry`` as a new version inside ``conn``'s transaction; its id (its
    person cells redacted before they are compared, logged or stored)."""
    registry = registry.copy()
    for column in ("forskare", "forskningsmiljo"):
        registry[column] = [redacted(str(v or "")) for v in registry[column]]
    diff = changes(load(conn), registry)
    result = conn.execute(
        registry_versions_table.insert().values(
            saved_at=now(),
            saved_by=user,
            action=action,
            file_name=file_name,
            n_rows=len(registry),
            changes=json.dumps(diff, ensure_ascii=False),
        )
    )
    version = int(result.inserted_primary_key[0])
    rows = [
        {
            "version_id": version,
            "seq": seq,
            "forskare": str(r["forskare"]),
            "forskningsmiljo": str(r["forskningsmiljo"] or ""),
            "omraden": ";".join(r["omraden"]),
            "samverkansformer": ";".join(r["samverkansformer"]),
            "kapacitet": int(r["kapacitet"]),
            "profil": str(r["profil"] or ""),
            "aktiv": bool(r["aktiv"]),
            "publikt": ";".join(r["publikt"]),
        }
        for seq, r in enumerate(registry.to_dict("records"), start=1)
    ]
    if rows:
        conn.execute(registry_rows_table.insert(), rows)
    return version


def versions(conn: Connection) -> pd.DataFrame:
    """Every saved version, newest first (``changes`` as the JSON list)."""
    table = registry_versions_table
    rows = conn.execute(sa.select(table).order_by(table.c.id.desc())).all()
    return pd.DataFrame(
        [
            (
                r.id,
                r.saved_at,
                r.saved_by,
                r.action,
                r.file_name or "",
                r.n_rows,
                json.loads(r.changes),
            )
            for r in rows
        ],
        columns=VERSION_COLUMNS,
    )
