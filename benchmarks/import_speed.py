"""How fast the import refuses a zip bomb and a shared-strings bomb and reads real-sized exports,
and what an import at scale costs next to ``pandas.read_csv`` of the same file.

Run: ``.venv/bin/python -m benchmarks.import_speed`` (everything) or
``.venv/bin/python -m benchmarks.import_speed --scale [ROWS …]`` (the import at scale only:
100,000 responses; 185,000, a file just under the 25 MB bound; 500,000, refused by it). Prints one line per measurement; the figures
are quoted in the README, not asserted in tests (the machine varies).

At scale, each step runs in its own process (``python -m linnedata import`` as a steward
runs it), started by a small wrapper process that reports its one child's CPU seconds and
peak resident memory (``resource.getrusage(RUSAGE_CHILDREN)``): ``read_csv`` (the
process, and the call alone), ``validate`` and ``import`` of the same file, side by side
in one run, with the load average before and after. The targets (issue 20 §3): ``import``
of 100,000 responses in at most 8× the CPU of the ``read_csv`` process, peak ≤ 400 MB.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from linnedata.errors import InputError
from linnedata.survey import read_survey
from tests.unit.survey_files import (
    ANSWERS,
    Answer,
    canonical_csv,
    excel_csv,
    google_forms_csv,
    microsoft_forms_xlsx,
    shared_strings_bomb,
)


def zip_bomb(size: int = 300_000_000) -> bytes:
    """A workbook-looking zip whose one sheet unpacks to ``size`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 1_000_000
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def many_answers(n: int, seed: int = 1) -> list[Answer]:
    """``n`` answers varied from the sample ones (different times and ratings)."""
    rng = random.Random(seed)
    answers = []
    for i in range(n):
        base = ANSWERS[i % len(ANSWERS)]
        ratings = {a: rng.choice([None, 1, 2, 3, 4, 5]) for a in base.ratings}
        answers.append(
            Answer(
                base.municipality,
                base.code,
                base.time + timedelta(minutes=i),
                base.role,
                ratings,
                base.prios,
                base.forms,
                base.seminar,
                base.cofinancing,
                base.text,
            )
        )
    return answers


def timed(label: str, data: bytes, repeat: int = 3, **options: object) -> None:
    best = float("inf")
    outcome = ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            survey = read_survey(data, round_label="2024", **options)  # type: ignore[arg-type]
            outcome = f"{len(survey.responses)} responses"
        except InputError as error:
            outcome = f"refused: {error.errors[0].code}"
        best = min(best, time.perf_counter() - start)
    print(f"{label:<38} {len(data) / 1e6:7.2f} MB  {best * 1000:8.1f} ms  {outcome}")


SCALE_SIZES = [100_000, 185_000, 500_000]  # 185,000: 24.7 MB, just under the 25 MB bound

READ_CSV = """
import sys, time
import pandas as pd
start = time.process_time()
pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
print(f"{time.process_time() - start:.3f}")
"""


def measured(command: list[str]) -> dict[str, object]:
    """Run ``command`` in a wrapper process; its CPU seconds, peak memory, exit code and
    first output line (the wrapper has one child, so RUSAGE_CHILDREN is that child's)."""
    wrapper = [sys.executable, "-m", "benchmarks.import_speed", "--child", "--", *command]
    done = subprocess.run(wrapper, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(command: list[str]) -> None:
    """The wrapper's side of :func:`measured`."""
    done = subprocess.run(command, capture_output=True, text=True)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    said = (done.stdout.strip() or done.stderr.strip()).splitlines()
    print(json.dumps({
        "cpu": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "code": done.returncode,
        "said": said[0][:90] if said else "",
        "last": said[-1][:90] if said else "",
    }))  # fmt: skip


def narrow_csv(n: int) -> bytes:
    """``n`` responses of three columns (municipality, time, one rating): a tool's raw export
    of every partial response, many rows within the 25 MB bound."""
    names = ("Växjö", "Kalmar", "Ljungby")
    start = datetime(2024, 1, 1)
    rows = (
        f"{names[i % 3]},{start + timedelta(seconds=37 * i):%Y-%m-%d %H:%M:%S},{i % 6 or ''}"
        for i in range(n)
    )
    return "\n".join(["kommun,inskickad,betyg_integration", *rows, ""]).encode()


def scale(sizes: list[int]) -> None:
    """``read_csv`` vs ``validate`` vs ``import`` of canonical CSVs of ``sizes`` responses,
    and of a narrow CSV of 500,000 (within the 25 MB bound, beyond the 200,000 rows)."""
    load = os.getloadavg()
    print(f"import at scale, {datetime.now():%Y-%m-%d %H:%M}, load average {load[0]:.2f}")
    python = [sys.executable]
    files = [(f"{n:,} responses, canonical CSV", lambda n=n: canonical_csv(many_answers(n)))
             for n in sizes]  # fmt: skip
    files.append(("500,000 responses, narrow CSV (3 columns)", lambda: narrow_csv(500_000)))
    with tempfile.TemporaryDirectory() as folder:
        for n, (label, made) in enumerate(files):
            path = Path(folder) / f"svar_{n}.csv"
            path.write_bytes(made())
            size = path.stat().st_size / 1e6
            read = measured([*python, "-c", READ_CSV, str(path)])
            check = measured([*python, "-m", "linnedata", "validate", str(path), "--round", "2024"])
            store = f"sqlite:///{folder}/store_{n}.sqlite"
            done = measured([*python, "-m", "linnedata", "import", str(path), "--round", "2024",
                             "--db", store])  # fmt: skip
            print(f"{label}, {size:.1f} MB")
            print(f"  read_csv   {read['cpu']:6.2f} s CPU (the call alone {read['said']} s), "
                  f"peak {read['peak_mb']} MB")  # fmt: skip
            for step, got in (("validate", check), ("import", done)):
                ratio = float(got["cpu"]) / max(float(read["cpu"]), 0.01)  # type: ignore[arg-type]
                print(f"  {step:<10} {got['cpu']:6.2f} s CPU ({ratio:.1f}× read_csv's process), "
                      f"peak {got['peak_mb']} MB, exit {got['code']}: {got['last']}")  # fmt: skip
    after = os.getloadavg()
    print(f"load average after: {after[0]:.2f}")


def main() -> None:
    if "--child" in sys.argv:
        child(sys.argv[sys.argv.index("--") + 1 :])
        return
    if "--scale" in sys.argv:
        sizes = [int(a) for a in sys.argv[sys.argv.index("--scale") + 1 :]]
        scale(sizes or SCALE_SIZES)
        return
    print(f"import benchmark, {datetime.now():%Y-%m-%d %H:%M}")
    bomb = zip_bomb()
    timed("zip bomb (300 MB of zeros)", bomb, file_name="bomb.xlsx")
    big = zip_bomb(1_000_000_000)
    timed("zip bomb (1 GB of zeros)", big, file_name="bomb.xlsx")
    strings = shared_strings_bomb()  # one 20 kB string in 600,000 cells
    timed("shared strings bomb (12 G characters)", strings, file_name="bomb.xlsx")
    fewer = shared_strings_bomb(150_000, 1_000)  # rows within the bound, text beyond it
    timed("shared strings bomb (150 M characters)", fewer, file_name="bomb.xlsx")
    answers = many_answers(5000)
    timed("canonical CSV, 5000 rows", canonical_csv(answers))
    timed("Excel-Swedish CSV cp1252, 5000 rows", excel_csv(answers))
    timed("Google Forms CSV, 5000 rows", google_forms_csv(answers))
    timed("Microsoft Forms XLSX, 5000 rows", microsoft_forms_xlsx(answers), repeat=1)
    timed("Microsoft Forms XLSX, 500 rows", microsoft_forms_xlsx(answers[:500]))
    scale(SCALE_SIZES)


if __name__ == "__main__":
    main()
