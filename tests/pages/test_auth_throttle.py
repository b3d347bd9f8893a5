"""Password guessing is throttled per address and for everyone, across processes (the turns
are in the store); the steward still gets in at once."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from linnedata import throttle
from linnedata.store import Store
from linnedata.store.schema import login_turns_table
from ui import auth

PASSWORD = "rätt häst batteri häftklammer"


class Clock:
    """A monotonic clock that sleeping advances (so the waits can be read exactly)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A store of this test's own, so its turns start empty."""
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setattr(auth, "_memory", throttle.MemoryTurns())
    return url


def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waits of 0,02 – 0,08 s instead of 1 – 8 s, so real sleeps stay short."""
    monkeypatch.setattr(throttle, "BASE_DELAY", 0.02)
    monkeypatch.setattr(throttle, "MAX_DELAY", 0.08)
    monkeypatch.setattr(throttle, "GLOBAL_SPACING", 0.01)


def test_wrong_passwords_from_one_address_wait_longer_and_longer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(auth.time, "time", clock.time)
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
    monkeypatch.setattr(auth.time, "time", clock.time)
    monkeypatch.setattr(auth.time, "sleep", clock.sleep)
    start = clock.now
    for round_ in range(3):
        for n in range(10):
            assert not auth.check_password(f"gissning {round_}", f"10.1.0.{n}")
    # first guess per address free, then every guess waits for the process-wide turn
    assert clock.now - start >= 19 * throttle.GLOBAL_SPACING


def test_parallel_sessions_take_turns_and_the_steward_gets_in_at_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """20 wrong passwords from 10 parallel sessions of one address take at least the sum of
    the documented waits; the steward, from her own address, logs in at once meanwhile."""
    fast(monkeypatch)
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
    documented = sum(throttle.delay(n) for n in range(1, 20))  # 0,02 + 0,04 + 0,08 × 17
    assert took >= documented * 0.99
    logged = [r.getMessage() for r in caplog.records if r.name == "linnedata.auth"]
    # The steward was compared at once (no turn to wait for); her call's time is the store's
    # write only, well under one attacker's first wait even on a loaded machine.
    assert any(
        "succeeded from 198.51.100.4 (attempt 1 in 900 s, waited 0.0 s)" in m for m in logged
    )
    assert steward_took < 1.0
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


GUESSER = """
import sys, time
from linnedata import throttle
throttle.BASE_DELAY, throttle.MAX_DELAY, throttle.GLOBAL_SPACING = 0.2, 0.2, 0.01
from ui import auth
print("ready", flush=True)
sys.stdin.readline()  # both processes begin together, once both have imported
begun = time.time()
answers = [auth.check_password(f"gissning {k}", "192.0.2.7") for k in range(5)]
print(sum(answers), begun, time.time())
"""


def test_processes_sharing_a_store_share_the_turns(fresh_throttle: str) -> None:
    """Two processes (two replicas behind the proxy) guessing from one address take turns:
    10 wrong passwords take at least the 9 documented waits, as they would in one process."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    Store(fresh_throttle)  # made before, so the two do not race to create the tables
    env = {
        "LINNEDATA_DB_URL": fresh_throttle,
        "LINNEDATA_ADMIN_PASSWORD": PASSWORD,
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(root),
    }
    children = [
        subprocess.Popen(
            [sys.executable, "-c", GUESSER],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:  # "go" to both before waiting for either
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=120) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in outputs]
    right, begun, ended = zip(*(map(float, out.split()) for out, _ in outputs), strict=True)
    assert right == (0, 0)
    assert max(begun) < min(ended)  # they guessed at the same time
    # Apart, each would be done after its own 4 waits (0,8 s); together they take 9 turns.
    assert max(ended) - min(begun) >= 9 * 0.2 * 0.99
    with Store(fresh_throttle).engine.connect() as conn:
        counts = conn.execute(sa.select(login_turns_table.c.wrong)).scalars().all()
    assert sorted(counts) == [0, 10]  # everyone's row, and the address's 10 in one row


def test_the_store_holds_no_address(fresh_throttle: str) -> None:
    fast_clock = Clock()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth.time, "time", fast_clock.time)
        patch.setattr(auth.time, "sleep", fast_clock.sleep)
        for _ in range(3):
            assert not auth.check_password("x", "203.0.113.77")
    store = Store(fresh_throttle)
    with store.engine.connect() as conn:
        rows = conn.execute(login_turns_table.select()).all()
    assert {r.wrong for r in rows if r.client != throttle.EVERYONE} == {3}
    assert not any("203.0.113" in str(value) for row in rows for value in row)
    assert all(len(r.client) == 32 or r.client == throttle.EVERYONE for r in rows)
    assert fast_clock.waits == [0.0, 1.0, 2.0]


def test_an_unreachable_store_still_throttles_in_the_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LINNEDATA_DB_URL", "sqlite:////proc/no-such-folder/store.sqlite")
    clock = Clock()
    monkeypatch.setattr(auth.time, "time", clock.time)
    monkeypatch.setattr(auth.time, "sleep", clock.sleep)
    caplog.set_level(logging.WARNING, logger="linnedata.auth")
    assert [auth.check_password("x", "10.0.0.1") for _ in range(3)] == [False] * 3
    assert clock.waits == [0.0, 1.0, 2.0]
    assert auth.check_password(PASSWORD, "10.0.0.2")  # the steward still gets in
    assert any("kept in this process only" in r.getMessage() for r in caplog.records)
