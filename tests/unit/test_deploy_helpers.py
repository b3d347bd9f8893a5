"""The process helpers ``make run`` and ``make cluster`` share (deploy/cluster.py): waiting
for something to come up, and stopping a process for certain."""

from __future__ import annotations

import ast
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import cluster
from deploy.cluster import ROOT, ClusterError, stop_process, wait_until


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )


def test_wait_until_returns_once_the_check_holds() -> None:
    answers = iter([False, False, True])
    wait_until(lambda: next(answers), "the thing", None, None, timeout=30)
    assert next(answers, "done") == "done"  # asked exactly three times


def test_wait_until_stops_at_once_when_the_process_exits_and_quotes_its_log(
    tmp_path: Path,
) -> None:
    log = tmp_path / "app.log"
    log.write_text("early lines\n" + "x" * 4000 + "\nAddress already in use\n", encoding="utf-8")
    process = _python("raise SystemExit(3)")
    process.wait()
    with pytest.raises(ClusterError) as failed:
        wait_until(lambda: False, "the app on 127.0.0.1:1", process, log, timeout=60)
    message = str(failed.value)
    assert message.startswith("the app on 127.0.0.1:1 did not start:")
    assert message.endswith("Address already in use\n")
    assert "early lines" not in message  # only the log's tail


def test_wait_until_gives_up_after_its_timeout() -> None:
    with pytest.raises(ClusterError, match="nginx did not start"):
        wait_until(lambda: False, "nginx", None, None, timeout=0.3)


def test_stop_process_ends_a_running_process_with_its_signal() -> None:
    process = _python("import time; print('up', flush=True); time.sleep(60)")
    assert process.stdout.readline().strip() == "up"
    stop_process(process, timeout=30)
    assert process.returncode == -signal.SIGTERM


def test_stop_process_kills_a_process_that_ignores_the_signal() -> None:
    process = _python(
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('up', flush=True); time.sleep(60)"
    )
    assert process.stdout.readline().strip() == "up"
    stop_process(process, timeout=0.5)
    assert process.returncode == -signal.SIGKILL


def test_stop_process_leaves_a_finished_process_alone() -> None:
    process = _python("raise SystemExit(0)")
    process.wait()
    stop_process(process)
    assert process.returncode == 0


def test_make_run_uses_only_the_public_helpers_of_the_cluster() -> None:
    tree = ast.parse((ROOT / "deploy" / "run.py").read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "deploy.cluster"
        for alias in node.names
    ]
    assert {"wait_until", "stop_process"} <= set(imported)
    assert not [name for name in imported if name.startswith("_")]
    assert not hasattr(cluster, "_wait")
    assert not hasattr(cluster, "_stop")
