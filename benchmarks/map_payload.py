"""The Karta page's map payload for a region, a county and all of Sweden, before and after
the boundaries are simplified for the map (``linnedata.places.geo.map_shapes``).

    .venv/bin/python -m benchmarks.map_payload            # shipped region, Skåne, all 290
    .venv/bin/python -m benchmarks.map_payload --all-views   # also the largest of every view

Each region runs in a process of its own (``LINNEDATA_REGION_FILE``): the default view's
markup in bytes, drawn on the simplified boundaries and on SCB's boundaries as loaded
(``geo.load_municipalities``/``load_counties``), the vertices of each, and the time
``map_shapes`` takes (once per process). Target: all of Sweden ≤ 250 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT

TARGET = 250_000
DEFAULT_VIEW = ("2024", "theme", "hallbarhet", "medelbetyg", "sv")


def _write_region(path: Path, codes: list[str]) -> Path:
    from linnedata.places import geo
    from linnedata.places.region import national_municipalities

    names = dict(national_municipalities().itertuples(index=False))
    counties = dict(geo.load_counties()[["lan_kod", "lan"]].itertuples(index=False))
    lines = ["kommun_kod,kommun,lan_kod,lan"]
    lines += [f"{c},{names[c]},{c[:2]},{counties[c[:2]]}" for c in codes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(all_views: bool) -> dict:
    """The figures for the configured region (run inside the region's own process)."""
    import shapely

    from linnedata.figures import measures
    from linnedata.places import geo
    from ui import data

    codes = data.region()["kommun_kod"].tolist()
    started = time.perf_counter()
    simple, _ = geo.map_shapes(codes)
    seconds = time.perf_counter() - started
    result = {
        "municipalities": len(codes),
        "map_shapes_s": round(seconds, 3),
        "vertices_raw": int(
            shapely.get_num_coordinates(geo.load_municipalities(codes).geometry).sum()
        ),
        "vertices_map": int(shapely.get_num_coordinates(simple.geometry).sum()),
        "default_bytes": len(data.map_view(*DEFAULT_VIEW).svg.encode()),
    }
    if all_views:
        sizes = [
            len(data.map_view(r, level, item, measure, "sv").svg.encode())
            for r in data.rounds()
            for level in data.LEVELS
            for item in data.items(level, "sv")
            for measure in measures.MEASURES
        ]
        result["largest_bytes"], result["views"] = max(sizes), len(sizes)
    # The same view on the boundaries as loaded (no simplification), for comparison.
    geo.map_shapes = lambda c: (
        geo.load_municipalities(c),
        geo.load_counties(sorted({code[:2] for code in c})),
    )
    data.geography.clear()
    data.invalidate()
    result["unsimplified_bytes"] = len(data.map_view(*DEFAULT_VIEW).svg.encode())
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure each region in its own process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all-views", action="store_true", help="also the largest view")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.all_views)))
        return 0
    from linnedata.places.region import national_municipalities

    codes = national_municipalities()["kommun_kod"].tolist()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        regions = {
            "shipped region": None,
            "Skåne (12)": _write_region(Path(folder) / "skane.csv", [c for c in codes if c[:2] == "12"]),
            "all of Sweden": _write_region(Path(folder) / "sverige.csv", codes),
        }  # fmt: skip
        for name, path in regions.items():
            env = {**os.environ}
            env.pop("LINNEDATA_REGION_FILE", None)
            if path:
                env["LINNEDATA_REGION_FILE"] = str(path)
            command = [sys.executable, "-m", "benchmarks.map_payload", "--one"]
            command += ["--all-views"] if args.all_views else []
            out = subprocess.run(
                command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
            )
            rows.append((name, json.loads(out.stdout.strip().splitlines()[-1])))
    print(f"default view {'/'.join(DEFAULT_VIEW)}; target for all of Sweden ≤ {TARGET:,} B")
    print(
        f"{'region':<16}{'kommuner':>9}{'vertices':>16}{'unsimplified B':>16}{'map B':>10}"
        f"{'largest B':>11}{'map_shapes s':>14}"
    )
    for name, r in rows:
        print(
            f"{name:<16}{r['municipalities']:>9}{r['vertices_raw']:>8}→{r['vertices_map']:<7}"
            f"{r['unsimplified_bytes']:>16,}{r['default_bytes']:>10,}"
            f"{r.get('largest_bytes', 0):>11,}{r['map_shapes_s']:>14.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
