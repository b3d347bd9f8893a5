"""The questionnaire through the cluster: two replicas and nginx sharing one PostgreSQL
(deploy/cluster.py), driven over Streamlit's own WebSocket protocol as a browser does.

- a link answered on one replica is tracked, and resumed, on the other;
- ``kill -9`` of the replica that acknowledged answers loses none of them;
- a PostgreSQL restart (immediate, like a crash) loses nothing acknowledged, and a send
  during the outage is never acknowledged without being stored.

A missing nginx or PostgreSQL fails in CI (``CI=true``) and skips only locally.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.questionnaire_load import _ids, _run, _states
from deploy.cluster import Cluster, _pg, cluster
from deploy.packages import install_command, nginx_binary, postgres_bin
from linnedata import questionnaire
from linnedata.store import Store

pytestmark = pytest.mark.browser
ROUND = "2026"


def _require(what: str, present: bool, command: str) -> None:
    if present:
        return
    message = f"{what} is missing: {command}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must run the cluster test)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[Cluster, Path, list[str]]]:
    _require("nginx", nginx_binary() is not None, install_command(["nginx"]))
    _require("PostgreSQL", postgres_bin() is not None, install_command(["postgresql"]))
    # PostgreSQL's own user must reach its folder: not under pytest's private tmp (0700)
    state = Path(tempfile.mkdtemp(prefix="linnedata-enkat-"))
    env = {"LINNEDATA_ENKAT_MIN_SECONDS": "0"}
    try:
        with cluster(replicas=2, state=state, env=env) as up:
            store = Store(up.db_url)
            questionnaire.open_round(store, ROUND, user="test")
            links = questionnaire.issue_links(store, ROUND)
            query = [urllib.parse.urlsplit(u).query for u in links["url"]]
            yield up, state, [urllib.parse.parse_qs(q)["t"][0] for q in query]
    finally:
        shutil.rmtree(state, ignore_errors=True)


async def _answer(base: str, token: str, seed: int) -> tuple[bool, str | None]:
    """Open the form on ``base`` and send it; (acknowledged, the resume code shown)."""
    import websockets

    query = urllib.parse.urlencode({"t": token})
    stream = base.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], origin=base,
                                  max_size=None, ping_interval=None) as ws:  # fmt: skip
        elements, problem, _ = await asyncio.wait_for(_run(ws, query), 90)
        assert problem == "", problem
        elements, problem, thanked = await asyncio.wait_for(
            _run(ws, query, _states(_ids(elements), random.Random(seed))), 90
        )
    codes = [e.code.code_text for e in elements if e.WhichOneof("type") == "code"]
    return thanked and not problem, (codes[0].strip() if codes else None)


async def _resumed(base: str, token: str, code: str) -> list[str]:
    """The info messages of the form opened on ``base`` with a resume code."""
    import websockets

    query = urllib.parse.urlencode({"t": token, "k": code})
    stream = base.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], origin=base,
                                  max_size=None, ping_interval=None) as ws:  # fmt: skip
        elements, problem, _ = await asyncio.wait_for(_run(ws, query), 90)
    assert problem == "", problem
    return [e.alert.body for e in elements if e.WhichOneof("type") == "alert"]


def _submitted(up: Cluster, code: str) -> int:
    tracked = Store(up.db_url).questionnaire.tracking(ROUND).set_index("kommun_kod")
    return int(tracked.loc[code, "submitted"])


def _code_of(up: Cluster, token: str) -> str:
    return Store(up.db_url).questionnaire.link(_digest(token)).kommun_kod


def _digest(token: str) -> str:
    from linnedata.questionnaire import tokens

    return tokens.digest(token)


def test_a_link_answered_on_one_replica_is_tracked_and_resumed_on_the_other(running):
    up, _, tokens = running
    first, second = up.replicas
    ok, code = asyncio.run(_answer(first.url, tokens[0], 1))
    assert ok
    assert code
    assert _submitted(up, _code_of(up, tokens[0])) == 1
    shown = asyncio.run(_resumed(second.url, tokens[0], code))
    assert any(m.startswith("Ditt sparade svar är ifyllt") for m in shown), shown


def test_kill_9_of_the_replica_loses_nothing_it_acknowledged(running):
    up, _, tokens = running
    victim = up.replicas[0]
    mine = tokens[1:9]
    before = {_code_of(up, t): _submitted(up, _code_of(up, t)) for t in mine}

    async def send_and_kill() -> list[tuple[str, bool]]:
        async def one(number: int, token: str) -> tuple[str, bool]:
            try:
                ok, _ = await _answer(victim.url, token, number)
            except Exception:
                ok = False
            if ok and victim.process.poll() is None:
                victim.process.send_signal(signal.SIGKILL)  # right after the first ack
            return token, ok

        return await asyncio.gather(*(one(n, t) for n, t in enumerate(mine)))

    results = asyncio.run(send_and_kill())
    victim.process.wait(timeout=30)
    acknowledged = [t for t, ok in results if ok]
    assert acknowledged, "at least one answer was acknowledged before the kill"
    for token in acknowledged:
        code = _code_of(up, token)
        assert _submitted(up, code) == before[code] + 1, code
    assert up.supervise_once() == [victim]
    victim.wait_healthy()
    ok, _ = asyncio.run(_answer(victim.url, tokens[9], 99))
    assert ok


def test_a_postgresql_restart_loses_nothing_acknowledged(running):
    up, state, tokens = running
    replica = up.replicas[1]
    token = tokens[10]
    code = _code_of(up, token)
    ok, _ = asyncio.run(_answer(replica.url, token, 5))
    assert ok
    data = state / "postgres" / "data"
    log = state / "postgres" / "server.log"  # the server's output: not our pipe
    restart = _pg(
        postgres_bin(), "pg_ctl", "-D", data, "-l", log, "-m", "immediate", "-w", "restart"
    )
    assert restart.returncode == 0, restart.stderr
    assert _submitted(up, code) == 1  # the acknowledged answer survived the crash
    ok_after, _ = asyncio.run(_answer(replica.url, token, 6))
    assert _submitted(up, code) == 1 + int(ok_after)  # acknowledged ⇔ stored


def test_no_token_reaches_the_proxys_log(running):
    up, state, tokens = running
    import urllib.request

    with urllib.request.urlopen(f"{up.url}/enkat?t={tokens[20]}", timeout=30) as answer:
        assert answer.status == 200
    logged = (state / "nginx" / "access.log").read_text(errors="replace")
    assert "/enkat" in logged
    assert not any(token in logged for token in tokens)
