"""Saved mapping profiles: the ``ProfileStore`` the import uses (see ``linnedata.survey``)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata.store.schema import mapping_profiles_table, now
from linnedata.survey import MappingProfile


def list_profiles(conn: Connection) -> list[MappingProfile]:
    """Every saved mapping profile, by name."""
    rows = conn.execute(
        sa.select(mapping_profiles_table).order_by(mapping_profiles_table.c.name)
    ).all()
    return [
        MappingProfile(r.name, tuple(json.loads(r.signature)), json.loads(r.mapping)) for r in rows
    ]


def save_profile(conn: Connection, profile: MappingProfile) -> None:
    """Save (or replace) the profile of that name, inside ``conn``'s transaction."""
    table = mapping_profiles_table
    conn.execute(table.delete().where(table.c.name == profile.name))
    conn.execute(
        table.insert().values(
            name=profile.name,
            signature=json.dumps(list(profile.headers), ensure_ascii=False),
            mapping=json.dumps(dict(profile.columns), ensure_ascii=False),
            saved_at=now(),
        )
    )
