"""Boundaries simplified for a map (geo.map_shapes) and the SVG path encoding (svgmap._path):
all of Sweden gets lighter without a gap, an overlap, a lost border or a county border off
the municipal borders."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pytest
import shapely

from linnedata.graphics import svgmap
from linnedata.places import geo
from linnedata.places.region import default_region


@cache
def sweden() -> tuple:
    raw = geo.load_municipalities()
    municipalities, counties = geo.map_shapes(raw["kommun_kod"].tolist())
    return raw, municipalities, counties


def test_all_of_sweden_keeps_half_the_vertices_and_the_shipped_region_nearly_all() -> None:
    raw, municipalities, counties = sweden()
    before = shapely.get_num_coordinates(raw.geometry.values).sum()
    after = shapely.get_num_coordinates(municipalities.geometry.values).sum()
    assert 0.4 * before < after < 0.6 * before  # 9 748 → about 5 000
    region = default_region()["kommun_kod"].tolist()
    shipped, _ = geo.map_shapes(region)
    kept = shapely.get_num_coordinates(shipped.geometry.values).sum()
    assert kept > 0.97 * shapely.get_num_coordinates(geo.load_municipalities(region).geometry).sum()
    assert list(municipalities.columns) == ["kommun_kod", "kommun", "lan_kod", "geometry"]
    assert list(counties["lan_kod"]) == sorted(raw["lan_kod"].unique())
    assert shapely.is_valid(municipalities.geometry.values).all()
    assert shapely.is_valid(counties.geometry.values).all()


def test_every_border_and_corner_still_meets_and_nothing_overlaps() -> None:
    _, municipalities, _ = sweden()
    shape = dict(zip(municipalities["kommun_kod"], municipalities.geometry, strict=True))
    pairs = geo.neighbour_table()
    pairs = pairs[pairs["kommun_kod"] < pairs["granne_kod"]]
    borders = pairs[pairs["typ"] == geo.BORDER]
    assert len(borders) == 691
    lost = [
        (a, b)
        for a, b in zip(borders["kommun_kod"], borders["granne_kod"], strict=True)
        if shapely.intersection(shape[a].boundary, shape[b].boundary).length == 0
    ]
    assert lost == []  # Orust–Uddevalla meet on a small island: it is kept
    corners = pairs[pairs["typ"] == geo.CORNER]
    assert all(
        shape[a].intersects(shape[b])
        for a, b in zip(corners["kommun_kod"], corners["granne_kod"], strict=True)
    )
    geoms = np.asarray(municipalities.geometry.values)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    assert shapely.area(shapely.intersection(geoms[left[keep]], geoms[right[keep]])).max() == 0


def test_no_gap_opens_between_neighbours_and_county_borders_lie_on_municipal_ones() -> None:
    raw, municipalities, counties = sweden()

    def holes(geometries) -> list:
        union = shapely.union_all(np.asarray(geometries))
        return [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]

    lakes = shapely.union_all(holes(raw.geometry.values))
    assert [h.area for h in holes(municipalities.geometry.values) if not h.intersects(lakes)] == []
    municipal = shapely.union_all(shapely.boundary(np.asarray(municipalities.geometry.values)))
    county = shapely.union_all(np.asarray(counties.boundary.values))
    assert shapely.difference(county, municipal.buffer(1e-7)).length == 0


def test_a_tiny_island_goes_but_one_on_a_shared_border_and_a_hole_holding_a_neighbour_stay() -> (
    None
):
    mainland = shapely.Polygon(
        [(0, 0), (10, 0), (10, 10), (0, 10)], [[(4, 4), (6, 4), (6, 6), (4, 6)]]
    )
    islet = shapely.box(20, 20, 20.1, 20.1)
    on_border = shapely.box(10, 5, 10.1, 5.1)  # touches the neighbour below
    neighbour = shapely.box(10.1, 0, 15, 10)
    enclave = shapely.box(4, 4, 6, 6)  # fills the mainland's hole
    result = geo._without_slivers(
        np.array([shapely.MultiPolygon([mainland, islet, on_border]), neighbour, enclave]), 5.0
    )
    parts = shapely.get_parts(result[0])
    assert len(parts) == 2
    assert not any(p.equals(islet) for p in parts)
    assert len(shapely.get_parts(result[0])[0].interiors) == 1  # the enclave's hole stays


def test_map_shapes_refuses_what_load_municipalities_refuses() -> None:
    with pytest.raises(ValueError, match="9999"):
        geo.map_shapes(["0780", "9999"])
    with pytest.raises(TypeError):
        geo.map_shapes("0780")


def _absolute(d: str) -> list[list[tuple[int, int]]]:
    """The rings of a path made of M…l…Z commands, as absolute points."""
    rings = []
    for start, steps in re.findall(r"M(-?\d+ -?\d+)(?:l([- \d]*))?Z?", d):
        x, y = map(int, start.split())
        ring = [(x, y)]
        numbers = [int(n) for n in re.findall(r"-?\d+", steps or "")]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_a_path_is_its_rounded_points_as_relative_steps() -> None:
    square = shapely.Polygon([(0.2, 0.4), (10.6, 0.4), (10.6, -9.5), (0.2, -9.5)])
    d = svgmap._path(square, scale=1.0, left=0.0, top=0.0)
    assert d.startswith("M0 0l")
    assert d.endswith("Z")
    assert d.count("M") == 1
    exterior = [tuple(int(v) for v in np.rint([x, -y])) for x, y in square.exterior.coords]
    assert _absolute(d) == [exterior[:-1]]  # the closing step is the "Z"
