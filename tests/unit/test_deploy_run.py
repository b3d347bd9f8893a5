"""``make run`` (deploy/run.py): the app is warmed before its address is announced, and a
SIGTERM stops it. A real ``streamlit run`` on a free loopback port."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request

from deploy.cluster import ROOT, free_port

READY = "Instrumentpanelen är klar"


def test_make_run_announces_the_app_only_after_every_page_has_run_once() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.run", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        said = []
        for line in process.stdout:  # bounded: the warm-up has its own time limit
            said.append(line)
            if READY in line or process.poll() is not None:
                break
        assert any("Uppvärmd på" in line for line in said), said
        assert READY in said[-1], said
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0
