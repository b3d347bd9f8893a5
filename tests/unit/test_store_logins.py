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
    arrivals = [100.0, 100.0, 100.5, 103.0, 103.0, 200.0]
    for client, now in zip("aabaab", arrivals, strict=True):
        assert store.take_login_turn(client, now) == memory.take(client, now)
    store.clear_login_turns("a")
    memory.clear("a")
    assert store.take_login_turn("a", 201.0) == memory.take("a", 201.0) == (201.0, 1)


def test_concurrent_takers_get_distinct_turns(db_url: str) -> None:
    store = Store(db_url)
    store.take_login_turn("c", 1000.0)  # one wrong attempt: the next 16 take turns
    turns: list[float] = []

    def take() -> None:
        turns.append(store.take_login_turn("c", 1000.0)[0])

    threads = [threading.Thread(target=take) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(turns) == 16
    expected = [1001.0]  # 1, 2, 4, 8, 8 … seconds apart
    for n in range(2, 17):
        expected.append(expected[-1] + throttle.delay(n))
    assert sorted(turns) == pytest.approx(expected)


def test_rows_are_forgotten_after_the_window(db_url: str) -> None:
    store = Store(db_url)
    store.take_login_turn("old", 0.0)
    store.take_login_turn("new", throttle.WINDOW + 1)
    with store.engine.connect() as conn:
        clients = set(conn.execute(login_turns_table.select()).scalars())
    assert clients == {"new", throttle.EVERYONE}
