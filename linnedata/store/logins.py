"""The password throttle's turns in the store, shared by every process that uses it.

One row per client that has guessed wrong in the last ``WINDOW`` seconds, and one row
(``EVERYONE``) for the turn all of them share. The client is an opaque key the app makes
(a keyed hash of the address, never the address itself); rows are removed once their window
has passed, so the table holds a few minutes of throttle state and nothing else.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from linnedata import throttle
from linnedata.store.schema import login_turns_table as table


def _ensure_rows(conn: Connection, *clients: str) -> None:
    """Insert missing rows; processes doing so at once do not collide (ON CONFLICT DO NOTHING)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    values = [dict(client=c, wrong=0, next_at=0.0, last_at=0.0) for c in clients]
    conn.execute(dialect.insert(table).values(values).on_conflict_do_nothing())


def take(conn: Connection, client: str, now: float) -> tuple[float, int]:
    """Inside ``conn``'s write transaction: when ``client``'s attempt at ``now`` is compared,
    and how many attempts it has pending (see :func:`linnedata.throttle.take`)."""
    conn.execute(
        table.delete().where(
            table.c.client != throttle.EVERYONE, table.c.last_at < now - throttle.WINDOW
        )
    )
    _ensure_rows(conn, client, throttle.EVERYONE)
    query = sa.select(table).where(table.c.client.in_([client, throttle.EVERYONE]))
    rows = {r.client: r for r in conn.execute(query.with_for_update())}  # PostgreSQL: row locks
    mine = rows[client]
    at, turn, everyone = throttle.take(
        throttle.Turn(mine.wrong, mine.next_at, mine.last_at), rows[throttle.EVERYONE].next_at, now
    )
    conn.execute(
        table.update()
        .where(table.c.client == client)
        .values(wrong=turn.wrong, next_at=turn.next_at, last_at=turn.last_at)
    )
    conn.execute(table.update().where(table.c.client == throttle.EVERYONE).values(next_at=everyone))
    return at, turn.wrong


def clear(conn: Connection, client: str) -> None:
    """A right password: forget ``client``'s wrong attempts."""
    conn.execute(table.delete().where(table.c.client == client))
