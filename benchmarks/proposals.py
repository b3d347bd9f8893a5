"""How long the joint-project proposals take: ``python -m benchmarks.proposals``.

On the demo round (38 municipalities) and on a generated round of all 290 municipalities
(the demo generator over the national list), with the shipped competence list: the median of
``--repeats`` runs of eligibility + find_proposals, and how many proposals there are.
"""

from __future__ import annotations

import argparse
import statistics
import time

from linnedata.competence import projects
from linnedata.competence.registry import demo_researchers
from linnedata.demo import demo_files, load_demo
from linnedata.places.region import national_municipalities
from linnedata.survey import read_survey


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    national = national_municipalities()[["kommun_kod", "kommun"]]
    names = dict(national.itertuples(index=False))
    rounds = {
        "demo 2024 (38)": load_demo()["2024"],
        "all Sweden (290)": read_survey(
            demo_files(national)["2024"], round_label="2024", allow_outside_region=True
        ),
    }
    registry = demo_researchers()
    print("round                 proposals  median (ms)")
    for label, survey in rounds.items():
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            found = projects.find_proposals(projects.eligibility(survey), registry, names)
            times.append(time.perf_counter() - start)
        print(f"{label:<21} {len(found):>9}  {statistics.median(times) * 1000:>11.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
