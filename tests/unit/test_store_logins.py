"""The password throttle's turns in the store, on SQLite and PostgreSQL: the same turns as the
in-memory keeper, whole under concurrent takers, and nothing kept past the window."""

from __future__ import annotations

import threading

import pytest

from linnedata import throttle
from linnedata.store import Store
from linnedata.store.schema import login_turns_table


def test_the_store_gives_the_turns_the_rule_gives(db_url: str) -> None:
    store, memory = Store(db_url), throttle.MemoryTurns()
    arrivals = [100.0, 100.0, 100.5, 101.0, 103.0, 103.0, 200.0]
    for session, now in zip("aabaabb", arrivals, strict=True):
        assert store.take_login_turn(session, "x", now) == memory.take(session, "x", now)
    store.clear_login_turns("a")
    memory.clear("a")
    assert store.take_login_turn("a", "x", 201.0) == memory.take("a", "x", 201.0)
    assert memory.take("a", "x", 201.0).compared is False  # its next turn is 1 s later


def test_concurrent_takers_get_distinct_turns_and_the_rest_are_refused(db_url: str) -> None:
    store = Store(db_url)
    decisions: list[throttle.Decision] = []

    def take(n: int) -> None:
        decisions.append(store.take_login_turn(f"s{n}", f"a{n % 3}", 1000.0))

    threads = [threading.Thread(target=take, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(decisions) == 24
    compared = sorted(d.at for d in decisions if d.compared)
    room = int(throttle.MAX_WAIT / throttle.GLOBAL_SPACING) + 1  # 21: 0 … 5 s
    assert compared == pytest.approx([1000.0 + throttle.GLOBAL_SPACING * k for k in range(room)])
    refused = [d for d in decisions if not d.compared]
    assert len(refused) == 24 - room
    assert all(d.retry_in(1000.0) == 6 for d in refused)


def test_rows_are_forgotten_after_the_window(db_url: str) -> None:
    store = Store(db_url)
    store.take_login_turn("old", "old-address", 0.0)
    store.take_login_turn("new", "new-address", throttle.WINDOW + 1)
    with store.engine.connect() as conn:
        clients = set(conn.execute(login_turns_table.select()).scalars())
    assert clients == {"new", "new-address", throttle.EVERYONE}
