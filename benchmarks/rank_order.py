"""What reading a rank-order grid as the priorities costs (issue 20 §2): the pass over the
answer records of 100,000 rows, every one of 14 areas given a place (Qualtrics' rank order).

Run: ``.venv/bin/python -m benchmarks.rank_order``. Prints the CPU seconds of three runs and
the load average; not asserted in tests (the machine varies).
"""

from __future__ import annotations

import os
import random
import time

from linnedata.errors import Problems
from linnedata.survey.rank_grid import ranked_priorities

ROWS = 100_000
AREAS = 14


def main() -> None:
    shuffle = random.Random(20).sample
    areas = {position: f"Område {position}" for position in range(AREAS)}
    header = [f"Rangordna områdena - Område {position}" for position in range(AREAS)]
    body = []
    for n in range(ROWS):
        order = shuffle(range(AREAS), AREAS)
        body.append(([str(order.index(a) + 1) for a in range(AREAS)], n + 4))
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for _ in range(3):
        found = Problems()
        start = time.process_time()
        ranked = ranked_priorities(body, header, areas, found)
        spent = time.process_time() - start
        print(f"{ROWS} rows x {AREAS} areas, {len(ranked)} read, {len(found.errors)} errors: "
              f"{spent:.3f} s CPU")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
