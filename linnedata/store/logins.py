"""The password throttle's turns in the store, shared by every process that uses it.

One row per session and per address that has tried in the last ``WINDOW`` seconds, and one
row (``EVERYONE``) for the turn all of them share. Sessions and addresses are opaque keys
the app makes (keyed hashes, never an address itself); rows are removed once their window
has passed, so the table holds a few minutes of throttle state and nothing else. The column
``wrong`` holds the key's count (:class:`linnedata.throttle.Turn`).
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
    values = [dict(client=c, wrong=0, next_at=0.0, last_at=0.0) for c in dict.fromkeys(clients)]
    conn.execute(dialect.insert(table).values(values).on_conflict_do_nothing())


def take(conn: Connection, session: str, address: str, now: float) -> throttle.Decision:
    """Inside ``conn``'s write transaction: the turn of ``session``'s attempt from ``address``
    at ``now`` (see :func:`linnedata.throttle.take`); the rows are updated when it is compared."""
    conn.execute(
        table.delete().where(
            table.c.client != throttle.EVERYONE, table.c.last_at < now - throttle.WINDOW
        )
    )
    keys = (session, address, throttle.EVERYONE)
    _ensure_rows(conn, *keys)
    # Locked in one order (by key) so that two takers never wait for each other crosswise.
    query = sa.select(table).where(table.c.client.in_(keys)).order_by(table.c.client)
    rows = {r.client: r for r in conn.execute(query.with_for_update())}  # PostgreSQL: row locks
    turns = [throttle.Turn(rows[k].wrong, rows[k].next_at, rows[k].last_at) for k in keys]
    decision = throttle.take(*turns, now)
    if decision.compared:
        for key, turn in zip(
            keys, (decision.session, decision.address, decision.everyone), strict=True
        ):
            conn.execute(
                table.update()
                .where(table.c.client == key)
                .values(wrong=turn.wrong, next_at=turn.next_at, last_at=turn.last_at)
            )
    return decision


def clear(conn: Connection, session: str) -> None:
    """A right password: forget ``session``'s attempts."""
    conn.execute(table.delete().where(table.c.client == session))
