"""The Karta page's map as PNG (the download), all of Sweden: seconds per image, warm.

    .venv/bin/python -m benchmarks.map_png [--repeats 5]

Builds the default map view for all 290 municipalities (a region file of its own, in a
process of its own, as ``benchmarks.map_payload`` does), makes the standalone SVG once,
then draws the PNG ``--repeats`` times both ways in alternation: as before issue 23 (2000 px
across, i.e. 2000 × 4824 for the tall country) and as now (the longer side 2000 px). Prints
the medians and ``map-png: X s warm (target ≤ 0.5 s), before Y s …``, wall and
process CPU time (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT

TARGET = 0.5


def measure(repeats: int) -> dict[str, float]:
    """In the all-Sweden process: the medians, seconds."""
    from benchmarks.map_payload import DEFAULT_VIEW
    from linnedata.reports import mapfile
    from ui import data

    view = data.map_view(*DEFAULT_VIEW)
    file = mapfile.standalone_svg(view.svg, view.heading)
    mapfile.png_bytes(file)  # warm: the first image of a process
    times: dict[str, list[float]] = {"before": [], "now": [], "before_cpu": [], "now_cpu": []}
    for _ in range(repeats):
        for way, width in (("before", 2000), ("now", None)):
            started, cpu = time.perf_counter(), time.process_time()
            mapfile.png_bytes(file, width=width)
            times[way].append(time.perf_counter() - started)
            times[f"{way}_cpu"].append(time.process_time() - cpu)
    return {way: statistics.median(values) for way, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    """Measure in a process with the all-Sweden region; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.repeats)))
        return 0
    from benchmarks.map_payload import _write_region
    from linnedata.places.region import national_municipalities

    with tempfile.TemporaryDirectory() as folder:
        region = _write_region(
            Path(folder) / "sverige.csv", national_municipalities()["kommun_kod"].tolist()
        )
        env = {**os.environ, "LINNEDATA_REGION_FILE": str(region)}
        command = [sys.executable, "-m", "benchmarks.map_png", "--one", "--repeats"]
        out = subprocess.run(
            [*command, str(args.repeats)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"map-png: {result['now']:.2f} s warm (target ≤ {TARGET} s), before "
        f"{result['before']:.2f} s (ratio {result['now'] / result['before']:.2f}); CPU "
        f"{result['now_cpu']:.2f} s, before {result['before_cpu']:.2f} s; load {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
