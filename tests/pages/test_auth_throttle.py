"""Password guessing is throttled per session, per address and for everyone, across processes
(the turns are in the store); every attempt takes the shared turn; the steward still gets in
within seconds while ten sessions guess from her own address; a right password is never
answered sooner than a wrong one."""

from __future__ import annotations

import itertools
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
    """A clock that sleeping advances (so the waits can be read exactly)."""

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


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(auth.time, "time", fake.time)
    monkeypatch.setattr(auth.time, "sleep", fake.sleep)
    return fake


def test_a_sessions_next_attempt_comes_later_and_later_and_a_sooner_one_is_not_compared(
    clock: Clock,
) -> None:
    def attempt(given: str) -> bool | int:
        try:
            return auth.check_password(given, "10.0.0.1", session="s")
        except auth.TooManyAttempts as busy:
            return busy.seconds

    assert attempt("x") is False
    # Sooner than its turn: refused with the seconds to wait, whatever the password.
    assert attempt("y") == 1
    assert attempt(PASSWORD) == 1  # the password was not looked at: no oracle
    for waited, expected in [(1, 2), (2, 4), (4, 8), (8, 16), (16, 30), (30, 30)]:
        clock.now += waited
        assert attempt("z") is False
        assert attempt("z") == expected
    clock.now += 30
    assert attempt(PASSWORD) is True  # at its turn, and a right one clears the session
    assert attempt("x") is False
    # The shared turns were free all along, but for the last: 0,25 s after the one before.
    assert clock.waits == [0.0] * 8 + [throttle.GLOBAL_SPACING]


def test_every_attempt_first_ones_included_takes_everyones_turn(clock: Clock) -> None:
    """20 fresh sessions from 20 (forged) addresses: each waits for the one before it."""
    start = clock.now
    for n in range(20):
        assert not auth.check_password(f"gissning {n}", f"10.1.0.{n}", session=f"s{n}")
    assert clock.waits == [0.0] + [throttle.GLOBAL_SPACING] * 19
    assert clock.now - start == pytest.approx(19 * throttle.GLOBAL_SPACING)


def test_a_right_password_waits_exactly_as_long_as_a_wrong_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same queue, once with a wrong and once with the right password at position 6:
    the same wait, so "no quick answer" tells an attacker nothing."""
    waits = []
    for given in ("fel", PASSWORD):
        clock = Clock()
        monkeypatch.setattr(auth.time, "time", clock.time)
        monkeypatch.setattr(auth.time, "sleep", clock.waits.append)
        monkeypatch.setattr(auth, "_turns", _memory_turns(throttle.MemoryTurns()))
        for n in range(5):  # five attempts at the same moment fill the queue
            auth.check_password("x", "192.0.2.7", session=f"q{n}")
        assert auth.check_password(given, "192.0.2.7", session="steward") is (given == PASSWORD)
        waits.append(clock.waits[-1])
    assert waits[0] == pytest.approx(5 * throttle.GLOBAL_SPACING)
    assert waits[1] == waits[0]


def _memory_turns(memory: throttle.MemoryTurns):
    def turns(action: str, keys: tuple[str, str], *args: float):
        return memory.take(*keys, *args) if action == "take" else memory.clear(keys[0])

    return turns


def test_a_full_queue_answers_try_again_without_comparing(
    monkeypatch: pytest.MonkeyPatch, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    """More attempts at one moment than MAX_WAIT holds: the rest are refused at once with the
    seconds to wait, and nothing is compared for them (right or wrong)."""
    caplog.set_level(logging.INFO, logger="linnedata.auth")
    room = int(throttle.MAX_WAIT / throttle.GLOBAL_SPACING) + 1
    monkeypatch.setattr(auth.time, "sleep", clock.waits.append)  # all arrive at one moment
    outcomes: list[bool | int] = []
    for n in range(room + 3):
        try:
            outcomes.append(auth.check_password(PASSWORD, f"10.2.0.{n}", session=f"s{n}"))
        except auth.TooManyAttempts as busy:
            outcomes.append(busy.seconds)
    assert outcomes[:room] == [True] * room
    assert outcomes[room:] == [int(throttle.MAX_WAIT) + 1] * 3
    logged = [r.getMessage() for r in caplog.records if r.name == "linnedata.auth"]
    assert sum("busy, try again in" in m for m in logged) == 3


def test_ten_sessions_guessing_on_loopback_do_not_keep_the_steward_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The real rule, real time: ten sessions on the steward's own address guess as fast as
    they are let (retrying at once when told to wait); the steward, opening her own session
    two seconds in, gets in within a few seconds (the rule's worst case is 2,5 s)."""
    caplog.set_level(logging.INFO, logger="linnedata.auth")
    answers: list[bool] = []
    stop = threading.Event()

    def attacker(n: int) -> None:
        while not stop.is_set():
            try:
                answers.append(auth.check_password(f"gissning {n}", "127.0.0.1", session=f"a{n}"))
            except auth.TooManyAttempts:
                time.sleep(0.05)

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2.0)
        started = time.monotonic()
        refused = 0
        while True:
            try:
                assert auth.check_password(PASSWORD, "127.0.0.1", session="steward")
                break
            except auth.TooManyAttempts as busy:
                refused += 1
                time.sleep(busy.seconds)
        took = time.monotonic() - started
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert took < 5.0, (took, refused)
    assert answers
    assert not any(answers)
    ran = time.monotonic() - started + 2.0
    logged = [r.getMessage() for r in caplog.records if r.name == "linnedata.auth"]
    failed = sum("failed from 127.0.0.1" in m for m in logged)
    assert failed == len(answers)
    # Each session got at most its turns (0, 1, 3, 7 s …) and all together at most one per
    # GLOBAL_SPACING: far fewer than the thousands of tries they sent.
    assert failed <= min(10 * 5, ran / throttle.GLOBAL_SPACING + 1)
    assert sum("refused from 127.0.0.1" in m for m in logged) > failed
    assert not any("gissning" in m or PASSWORD in m for m in logged)


def test_a_crowd_of_new_sessions_from_one_address_is_slowed_by_its_address() -> None:
    """An attacker who opens a new session for every guess: the address's spacing grows
    with its sessions (0,25 s for up to 10, doubling per 10 more, at most 8 s)."""
    memory = throttle.MemoryTurns()
    now, ats = 0.0, []
    for n in range(70):
        decision = memory.take(f"s{n}", "a", now)
        while not decision.compared:
            now = decision.at
            decision = memory.take(f"s{n}", "a", now)
        ats.append(decision.at)
        now = decision.at
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(ats)]
    assert gaps[:10] == [0.25] * 10
    assert gaps[10:20] == [0.5] * 10
    assert gaps[-5:] == [8.0] * 5
    assert [throttle.address_spacing(n) for n in (1, 10, 11, 20, 21, 51, 500)] == [
        0.25, 0.25, 0.5, 0.5, 1.0, 8.0, 8.0,
    ]  # fmt: skip


GUESSER = """
import sys, time
from linnedata import throttle
throttle.GLOBAL_SPACING = throttle.ADDRESS_SPACING = 0.2
from ui import auth
tag = sys.argv[1]
print("ready", flush=True)
sys.stdin.readline()  # both processes begin together, once both have imported
begun = time.time()
answers = [auth.check_password("gissning", "192.0.2.7", session=f"{tag}{k}") for k in range(5)]
print(sum(answers), begun, time.time())
"""


def test_processes_sharing_a_store_share_the_turns(fresh_throttle: str) -> None:
    """Two processes (two replicas behind the proxy) guessing from one address with a new
    session each time take turns: 10 attempts take at least 9 shared turns, as they would in
    one process (apart, each would be done after 4)."""
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
            [sys.executable, "-c", GUESSER, tag],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
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
    assert max(ended) - min(begun) >= 9 * 0.2 * 0.99
    with Store(fresh_throttle).engine.connect() as conn:
        rows = conn.execute(sa.select(login_turns_table)).all()
    everyone = next(r for r in rows if r.client == throttle.EVERYONE)
    assert everyone.wrong == 10
    assert sorted(r.wrong for r in rows if r.client != throttle.EVERYONE) == [1] * 10 + [10]


def test_the_store_holds_no_address(fresh_throttle: str, clock: Clock) -> None:
    for n in range(3):
        assert not auth.check_password("x", "203.0.113.77", session=f"s{n}")
    store = Store(fresh_throttle)
    with store.engine.connect() as conn:
        rows = conn.execute(login_turns_table.select()).all()
    assert len(rows) == 5  # three sessions, the address, everyone
    assert not any("203.0.113" in str(value) for row in rows for value in row)
    assert all(len(r.client) == 32 or r.client == throttle.EVERYONE for r in rows)


def test_an_unreachable_store_still_throttles_in_the_process(
    monkeypatch: pytest.MonkeyPatch, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LINNEDATA_DB_URL", "sqlite:////proc/no-such-folder/store.sqlite")
    caplog.set_level(logging.WARNING, logger="linnedata.auth")
    assert not auth.check_password("x", "10.0.0.1", session="s")
    with pytest.raises(auth.TooManyAttempts):
        auth.check_password("y", "10.0.0.1", session="s")
    assert [auth.check_password("x", "10.0.0.1", session=f"t{n}") for n in range(3)] == [False] * 3
    assert clock.waits == [0.0, 0.25, 0.25, 0.25]
    assert auth.check_password(PASSWORD, "10.0.0.2", session="steward")  # still gets in
    assert any("kept in this process only" in r.getMessage() for r in caplog.records)
