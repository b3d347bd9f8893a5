"""What a reading-room search costs at its worst (issue 21): the capped query over many answers.

    .venv/bin/python -m benchmarks.search_cost [--answers 200 20000] [--repeats 5]

For each size: a corpus of answers of 5–60 words from a 2,000-word vocabulary (seeded);
timed (best of ``--repeats``, wall clock): the 30,000-word query (refused by the cap), the
first capped query (builds the index), and the worst capped query afterwards (MAX_QUERY_WORDS
of the most common words, so the postings are the longest).
"""

from __future__ import annotations

import argparse
import os
import random
import time

import pandas as pd

from linnedata.competence import search


def _corpus(count: int, seed: int = 21) -> pd.DataFrame:
    rng = random.Random(seed)
    vocabulary = [f"ord{n}" for n in range(2_000)] + ["bostad", "skola", "brist"] * 50
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(5, 60))) for _ in range(count)]
    return pd.DataFrame(
        {
            "omgang": "2024",
            "kommun_kod": "0780",
            "roll": "annan",
            "prio_1": "bostadsplanering",
            "prio_2": None,
            "prio_3": None,
            "utmaning_fritext": texts,
        }
    ).astype(object)


def _best(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, nargs="+", default=[200, 20_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}")
    huge = " ".join(["bostad"] * 30_000)
    worst = " ".join(["bostad", "skola", "brist"] + [f"ord{n}" for n in range(9)])
    for count in args.answers:
        answers = _corpus(count)

        def refused(answers: pd.DataFrame = answers) -> None:
            try:
                search.search(answers, huge)
            except search.QueryTooLongError:
                return
            raise AssertionError("the cap did not refuse")

        search.key.cache_clear()
        started = time.perf_counter()
        search.search(answers, "bostad")
        first = time.perf_counter() - started
        capped = _best(lambda answers=answers: search.search(answers, worst), args.repeats)
        print(
            f"{count:>7} answers: 30,000-word query refused in {_best(refused, args.repeats):.4f} s;"
            f" first query (index) {first:.3f} s; worst capped query {capped:.4f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
