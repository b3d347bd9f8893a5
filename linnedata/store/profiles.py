"""Saved mapping profiles: the ``ProfileStore`` the import uses (see ``linnedata.survey``)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata.store.schema import mapping_profiles_table, now
from linnedata.survey import MappingProfile
from linnedata.survey.profiles import profile_values

# The key, inside the stored mapping, of the value mapping (rating label → number); no
# header is an empty string, so it cannot collide with a column.
_VALUES = ""


def _profile(name: str, signature: str, stored: str) -> MappingProfile:
    columns = json.loads(stored)
    values = profile_values(columns.pop(_VALUES, None) or {})
    return MappingProfile(name, tuple(json.loads(signature)), columns, values)


def list_profiles(conn: Connection) -> list[MappingProfile]:
    """Every saved mapping profile, by name."""
    rows = conn.execute(
        sa.select(mapping_profiles_table).order_by(mapping_profiles_table.c.name)
    ).all()
    return [_profile(r.name, r.signature, r.mapping) for r in rows]


def save_profile(conn: Connection, profile: MappingProfile) -> None:
    """Save (or replace) the profile of that name, inside ``conn``'s transaction."""
    table = mapping_profiles_table
    conn.execute(table.delete().where(table.c.name == profile.name))
    conn.execute(
        table.insert().values(
            name=profile.name,
            signature=json.dumps(list(profile.headers), ensure_ascii=False),
            mapping=json.dumps(
                {**profile.columns, **({_VALUES: profile.values} if profile.values else {})},
                ensure_ascii=False,
            ),
            saved_at=now(),
        )
    )
