"""An import killed with SIGKILL in the middle of its transaction leaves the store as it was.

A subprocess reads and publishes a large file (20 000 responses) as the CLI's import does. The
store's test hook (``Store(url, checkpoint=…)``) makes it touch a file once the responses
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
from linnedata.store import Store
from linnedata.store.testing import integrity_problems, snapshot

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


# Publish argv[1] as round 2030 into the store at argv[2]; touch argv[3] mid-transaction.
IMPORT_WITH_CHECKPOINT = """
import sys
from pathlib import Path
from linnedata.store import Store
from linnedata.survey import read_survey
data = Path(sys.argv[1]).read_bytes()
survey = read_survey(data, round_label="2030", file_name="big.csv")
marker = Path(sys.argv[3])
store = Store(sys.argv[2], checkpoint=lambda: marker.write_text("responses written"))
store.publish(survey, data, user="killed")
"""


def test_a_killed_import_leaves_the_store_exactly_as_before(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    store.publish(demo.load_demo()["2023"], (DEMO / "enkat_2023.csv").read_bytes(), user="before")
    before = snapshot(store)
    marker = tmp_path / "mid-transaction"
    big = large_export(tmp_path / "big.csv")
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_WITH_CHECKPOINT, str(big), db_url, str(marker)],
        cwd=ROOT,
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
    assert integrity_problems(after) == []
    assert snapshot(after) == before
    assert after.labels() == ["2023"]
    # Nothing is left locked: the next import goes through.
    after.publish(demo.load_demo()["2024"], (DEMO / "enkat_2024.csv").read_bytes(), user="next")
    assert after.labels() == ["2024", "2023"]
    assert integrity_problems(after) == []
