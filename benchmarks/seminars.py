"""How long a whole seminar plan takes: ``python -m benchmarks.seminars``.

Times the three steps the Seminarier page runs for a choice — topics and groups (one exact
integer program) and researcher matching (another) — on the shipped region and on an
all-Sweden-sized synthetic instance (290 municipalities, 15 areas, 20 seminars, 21
counties, 40 researchers). Preferences are read once per round and level (the page
caches them), so they are timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from benchmarks import synthetic
from linnedata import seminars
from linnedata.competence import registry as competence_list
from linnedata.demo import load_demo
from linnedata.figures.ranks import LEVELS
from linnedata.places.region import default_region
from linnedata.seminars import staffing

REGION_TARGET = 1.0
SWEDEN_TARGET = 2.0


def timed(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and worst wall time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def region_plans(repeats: int) -> list[tuple[str, float, float]]:
    """The shipped region: every round and level, the page's default settings."""
    people = competence_list.demo_researchers()
    rows = []
    for round_label, survey in sorted(load_demo().items()):
        for level in LEVELS:
            start = time.perf_counter()
            prefs = seminars.preferences(survey, level, default_region())
            read = time.perf_counter() - start
            settings = seminars.Settings(4, 3, 8 if level == "area" else 12)

            def plan(prefs=prefs, settings=settings) -> None:
                result = seminars.plan_seminars(prefs, settings)
                staffing.match_researchers(result, prefs, people)

            median, worst = timed(plan, repeats)
            rows.append((f"region {round_label} {level} (preferences {read:.3f} s)", median, worst))
    return rows


def sweden_plans(repeats: int) -> list[tuple[str, float, float]]:
    """290 municipalities, 15 areas, 20 seminars of 3–20, with and without a county cap."""
    rows = []
    for cap in (None, 4):
        for seed in (0, 1, 2):
            prefs = synthetic.synthetic_preferences(290, 15, counties=21, seed=seed)
            people = synthetic.synthetic_researchers(40, list(prefs.topics), seed=seed)
            settings = seminars.Settings(20, 3, 20, county_cap=cap)

            def plan(prefs=prefs, people=people, settings=settings) -> None:
                result = seminars.plan_seminars(prefs, settings)
                staffing.match_researchers(result, prefs, people)

            median, worst = timed(plan, repeats)
            rows.append((f"Sweden seed {seed}, county cap {cap or '-'}", median, worst))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.seminars", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    region = region_plans(args.repeats)
    sweden = sweden_plans(max(1, args.repeats // 2))
    print(f"{'whole plan (topics, groups, researchers)':<58} {'median':>8} {'worst':>8}")
    for name, median, worst in [*region, *sweden]:
        print(f"{name:<58} {median:>7.3f}s {worst:>7.3f}s")
    region_worst = max(r[2] for r in region)
    sweden_worst = max(r[2] for r in sweden)
    print(
        f"region worst {region_worst:.3f} s (target < {REGION_TARGET} s); "
        f"all-Sweden worst {sweden_worst:.3f} s (target < {SWEDEN_TARGET} s)"
    )
    return 0 if region_worst < REGION_TARGET and sweden_worst < SWEDEN_TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
