"""ui.cache.RoundCache: the key, least-recently-used eviction, one computation per key."""

from __future__ import annotations

import threading
import time

import pytest

from ui.cache import RoundCache


def test_the_key_leaves_out_underscore_arguments_and_keeps_the_rest() -> None:
    calls: list[tuple[str, ...]] = []

    def view(key: tuple[str, int], _data: object, *choice: str) -> tuple[str, ...]:
        calls.append(choice)
        return choice

    cached = RoundCache(view, max_entries=8)
    assert cached(("db", 1), object(), "2024", "area") == ("2024", "area")
    assert cached(("db", 1), object(), "2024", "area") == ("2024", "area")  # other _data
    assert cached(("db", 1), object(), "2024", "theme") == ("2024", "theme")
    assert cached(("db", 2), object(), "2024", "area") == ("2024", "area")  # new revision
    assert calls == [("2024", "area"), ("2024", "theme"), ("2024", "area")]


def test_the_least_recently_used_value_goes_first_and_clear_forgets_all() -> None:
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    cached = RoundCache(square, max_entries=2)
    cached(1), cached(2), cached(1), cached(3)  # 2 is the least recently used
    assert len(cached) == 2
    cached(1)
    cached(2)
    assert calls == [1, 2, 3, 2]
    cached.clear()
    assert len(cached) == 0
    cached(1)
    assert calls[-1] == 1


def test_sessions_asking_at_once_share_one_computation() -> None:
    calls: list[str] = []

    def slow(label: str) -> str:
        calls.append(label)
        time.sleep(0.05)
        return label.upper()

    cached = RoundCache(slow, max_entries=4)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cached("a"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["A"] * 8
    assert calls == ["a"]


def test_an_exception_is_not_kept() -> None:
    attempts: list[int] = []

    def flaky(n: int) -> int:
        attempts.append(n)
        if len(attempts) == 1:
            raise ValueError("first time")
        return n

    cached = RoundCache(flaky, max_entries=4)
    with pytest.raises(ValueError, match="first time"):
        cached(5)
    assert cached(5) == 5
    assert attempts == [5, 5]
