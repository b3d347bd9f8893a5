"""An import killed with SIGKILL in the middle of its transaction leaves the store as it was.

A subprocess runs ``python -m linnedata import`` on a large file (20 000 responses). The
store's test hook ``LINNEDATA_IMPORT_CHECKPOINT`` makes it touch a file once the responses
are written, i.e. inside the transaction with ratings and forms still to come; the test then
kills it with SIGKILL and checks that every table holds exactly what it held before and that
the database passes its integrity checks (SQLite: ``PRAGMA integrity_check`` and
``foreign_key_check``). Runs against SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from linnedata import demo
from linnedata.store import CHECKPOINT_VARIABLE, Store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"


def large_export(path: Path, responses: int = 20_000) -> Path:
    """The 2024 demo's rows repeated, each made distinct by its free text."""
    text = (DEMO / "enkat_2024.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    free_text = rows[0].index("utmaning_fritext")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for n in range(responses):
        row = list(rows[1 + n % (len(rows) - 1)])
        row[free_text] = f"{row[free_text]} ({n})"
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_killed_import_leaves_the_store_exactly_as_before(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    store.publish(demo.load_demo()["2023"], (DEMO / "enkat_2023.csv").read_bytes(), user="before")
    before = store.snapshot()
    marker = tmp_path / "mid-transaction"
    env = {**os.environ, CHECKPOINT_VARIABLE: str(marker)}
    command = [sys.executable, "-m", "linnedata", "import", str(large_export(tmp_path / "big.csv"))]
    process = subprocess.Popen(
        [*command, "--round", "2030", "--db", db_url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the import never reached its transaction"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL  # killed, not finished

    after = Store(db_url)
    assert after.integrity_problems() == []
    assert after.snapshot() == before
    assert after.labels() == ["2023"]
    # Nothing is left locked: the next import goes through.
    after.publish(demo.load_demo()["2024"], (DEMO / "enkat_2024.csv").read_bytes(), user="next")
    assert after.labels() == ["2023", "2024"]
    assert after.integrity_problems() == []
