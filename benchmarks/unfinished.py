"""What leaving out unfinished responses costs (issue 20): the pass over the answer records
of a Qualtrics-shaped file of 100,000 rows, one in ten with ``Finished`` = ``False``.

Run: ``.venv/bin/python -m benchmarks.unfinished``. Prints the CPU seconds of three runs and
the load average; not asserted in tests (the machine varies).
"""

from __future__ import annotations

import os
import time

from linnedata.errors import Problems
from linnedata.survey.columns import default_aliases
from linnedata.survey.unfinished import leave_out_unfinished

ROWS = 100_000


def main() -> None:
    aliases = default_aliases()
    header = ["StartDate", "Finished", "RecordedDate", "Q1", "Q2", *(f"Q3_{i}" for i in range(20))]
    body = [
        (["2024-03-05 10:00:00", "False" if n % 10 == 0 else "True",
          f"2024-03-05 10:{n % 60:02d}:00", "Växjö", "Kommundirektör", *["4"] * 20], n + 4)
        for n in range(ROWS)
    ]  # fmt: skip
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for _ in range(3):
        start = time.process_time()
        kept, unfinished = leave_out_unfinished(body, header, aliases, Problems())
        spent = time.process_time() - start
        print(f"{ROWS} rows, {unfinished} unfinished left out, {len(kept)} kept: {spent:.3f} s CPU")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
