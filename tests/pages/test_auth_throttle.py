"""Password guessing is throttled per address and process-wide; the steward still gets in."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from ui import auth

PASSWORD = "rätt häst batteri häftklammer"


class Clock:
    """A monotonic clock that sleeping advances (so the waits can be read exactly)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setattr(auth, "_attempts", {})
    monkeypatch.setattr(auth, "_next_turn", {})
    monkeypatch.setattr(auth, "_global_turn", [0.0])


def test_wrong_passwords_from_one_address_wait_longer_and_longer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(auth.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(auth.time, "sleep", clock.sleep)
    guesses = ["", "rätt", PASSWORD[:-1], PASSWORD + " ", "x", "y"]
    assert [auth.check_password(p, "10.0.0.1") for p in guesses] == [False] * 6
    assert clock.waits == [0.0, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert auth.check_password(PASSWORD, "10.0.0.9")  # another address: at once
    assert clock.waits[-1] == 0.0
    assert auth.check_password(PASSWORD, "10.0.0.1")  # the attacked address: at its turn
    assert not auth.check_password("x", "10.0.0.1")  # and a right one clears it
    assert clock.waits[-1] == 0.0
    monkeypatch.delenv("LINNEDATA_ADMIN_PASSWORD")
    assert not auth.check_password("", "10.0.0.5")  # no password configured: nothing matches


def test_many_addresses_share_one_process_wide_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(auth.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(auth.time, "sleep", clock.sleep)
    start = clock.now
    for round_ in range(3):
        for n in range(10):
            assert not auth.check_password(f"gissning {round_}", f"10.1.0.{n}")
    # first guess per address free, then every guess waits for the process-wide turn
    assert clock.now - start >= 19 * auth.GLOBAL_SPACING


def test_parallel_sessions_take_turns_and_the_steward_gets_in_at_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """20 wrong passwords from 10 parallel sessions of one address take at least the sum of
    the documented waits; the steward, from her own address, logs in at once meanwhile."""
    monkeypatch.setattr(auth, "BASE_DELAY", 0.02)
    monkeypatch.setattr(auth, "MAX_DELAY", 0.08)
    monkeypatch.setattr(auth, "GLOBAL_SPACING", 0.01)
    answers: list[bool] = []

    def attacker(n: int) -> None:
        for k in range(2):
            answers.append(auth.check_password(f"gissning {n}-{k}", "192.0.2.7"))

    caplog.set_level(logging.INFO, logger="linnedata.auth")
    started = time.monotonic()
    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    steward_started = time.monotonic()
    assert auth.check_password(PASSWORD, "198.51.100.4")
    steward_took = time.monotonic() - steward_started
    for thread in threads:
        thread.join(timeout=30)
    took = time.monotonic() - started
    assert answers == [False] * 20
    documented = sum(auth.delay(n) for n in range(1, 20))  # 0,02 + 0,04 + 0,08 × 17
    assert took >= documented * 0.99
    assert steward_took < 0.05
    logged = [r.getMessage() for r in caplog.records if r.name == "linnedata.auth"]
    assert sum("failed from 192.0.2.7" in m for m in logged) == 20
    assert any("succeeded from 198.51.100.4" in m for m in logged)
    assert not any("gissning" in m or PASSWORD in m for m in logged)


def test_forwarded_for_counts_only_behind_a_configured_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Context:
        def __init__(self) -> None:
            self.ip_address = "127.0.0.1"
            self.headers = {"X-Forwarded-For": "203.0.113.5, 10.9.9.9"}

    monkeypatch.setattr(auth.st, "context", Context())
    monkeypatch.delenv(auth.PROXY_VARIABLE, raising=False)
    assert auth.client_address() == "127.0.0.1"
    monkeypatch.setenv(auth.PROXY_VARIABLE, "127.0.0.1")
    assert auth.client_address() == "10.9.9.9"
