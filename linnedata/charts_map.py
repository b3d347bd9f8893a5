"""The choropleth map of the region: an offline plotly figure and its click selection.

The figure draws the municipalities from their own GeoJSON on a geo subplot with the base
map switched off, so it needs no map tiles. plotly.js still requests an (unused) base-map
TopoJSON for such a subplot; :data:`PLOTLY_MAP_CONFIG` points it at the empty one the app
serves from ``static/`` (see :func:`linnedata.geo.write_base_topojson`), so the map draws
with no internet.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from linnedata.geo import border_lines, geojson

PLOTLY_MAP_CONFIG: dict[str, Any] = {
    "topojsonURL": "/app/static/",
    "displaylogo": False,
    "scrollZoom": False,
}
"""Pass as ``st.plotly_chart(fig, config=PLOTLY_MAP_CONFIG)``: base map from the app's
own static folder (needs ``server.enableStaticServing``), no plotly logo, and page
scrolling that does not zoom the map."""

MISSING_COLOUR = "#c8c8c8"
"""Neutral grey for municipalities without a value."""

BORDER_COLOUR = "#303030"
"""County borders: dark enough to read over every colour of the scale."""

UIREVISION = "linnedata-karta"
"""Constant ``uirevision``: zoom and pan survive Streamlit reruns."""

_UNSELECTED_OPACITY = 0.55
"""After a click the other municipalities fade, but stay readable."""

_VALUE_COLUMNS = ("kommun_kod", "kommun", "value", "n")


def _hover_text(label: str) -> str:
    """``label`` made safe inside a plotly hovertemplate (no ``%{`` placeholders)."""
    return str(label).replace("%{", "%%{")


def choropleth_figure(
    values: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
    *,
    value_label: str,
    missing_label: str,
    hover_n_label: str,
    number_format: Callable[[float], str],
    colorscale: str = "YlGnBu",
    range_: tuple[float, float] | None = None,
    title: str | None = None,
    height: int = 560,
) -> go.Figure:
    """A choropleth of one value per municipality, with missing ones in grey.

    Args:
        values: ``kommun_kod, kommun, value, n``: the value (NaN when there is none) and
            the number of respondents it rests on. Municipalities of ``municipalities``
            absent from ``values`` are drawn as missing.
        municipalities: the region's shapes (``kommun_kod, kommun, geometry``), e.g.
            :func:`linnedata.geo.load_municipalities`.
        counties: the counties whose borders are drawn over the map.
        value_label: what the value is; the colour bar's title and the hover label.
        missing_label: legend entry and hover text for municipalities without a value
            ("Inget svar").
        hover_n_label: the hover label of ``n`` ("Antal svar").
        number_format: turns a value into display text (decimal comma in Swedish).
        colorscale: a sequential plotly colour scale; the default is colour-blind safe.
        range_: ``(min, max)`` of the colour scale; None fits the values.
        title: figure title, or None for none.
        height: figure height in pixels.

    Returns:
        The figure: trace 0 the coloured municipalities, trace 1 the missing ones (only
        when there are any), then the county borders. Every municipality's ``customdata``
        is ``[kommun_kod, kommun, formatted value, n]``.

    Raises:
        ValueError: ``values`` lacks a column, repeats a municipality, or ``range_`` is
            not an increasing pair of finite numbers; ``height`` is not positive.
    """
    missing_columns = [c for c in _VALUE_COLUMNS if c not in values.columns]
    if missing_columns:
        raise ValueError(
            f"values needs columns {list(_VALUE_COLUMNS)}; missing {missing_columns} "
            f"(got {list(values.columns)})"
        )
    if values["kommun_kod"].duplicated().any():
        repeated = sorted(set(values.loc[values["kommun_kod"].duplicated(), "kommun_kod"]))
        raise ValueError(f"values must have one row per municipality; repeated: {repeated}")
    if range_ is not None and not (
        len(range_) == 2
        and all(math.isfinite(float(x)) for x in range_)
        and float(range_[0]) < float(range_[1])
    ):
        raise ValueError(f"range_ must be (min, max) with min < max, got {range_!r}")
    if height <= 0:
        raise ValueError(f"height must be positive, got {height!r}")

    shapes = municipalities[["kommun_kod", "kommun", "geometry"]]
    table = shapes.drop(columns="geometry").merge(
        values[["kommun_kod", "value", "n"]], on="kommun_kod", how="left", validate="1:1"
    )
    table["value"] = pd.to_numeric(table["value"], errors="coerce").astype(float)
    table["n"] = pd.to_numeric(table["n"], errors="coerce").fillna(0).astype(int)
    has_value = table["value"].notna()
    table["text"] = [
        number_format(float(v)) if ok else ""
        for v, ok in zip(table["value"], has_value, strict=True)
    ]
    customdata_columns = ["kommun_kod", "kommun", "text", "n"]

    coloured = table[has_value]
    missing = table[~has_value]
    zmin, zmax = (float(range_[0]), float(range_[1])) if range_ is not None else (None, None)

    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=geojson(shapes[shapes["kommun_kod"].isin(coloured["kommun_kod"])]),
            featureidkey="id",
            locations=coloured["kommun_kod"].tolist(),
            z=coloured["value"].tolist(),
            zmin=zmin,
            zmax=zmax,
            colorscale=colorscale,
            customdata=coloured[customdata_columns].to_numpy().tolist(),
            hovertemplate=(
                "<b>%{customdata[1]}</b><br>"
                f"{_hover_text(value_label)}: %{{customdata[2]}}<br>"
                f"{_hover_text(hover_n_label)}: %{{customdata[3]}}<extra></extra>"
            ),
            marker={"line": {"color": "white", "width": 0.6}},
            colorbar={"title": {"text": value_label, "side": "right"}, "thickness": 14, "len": 0.8},
            unselected={"marker": {"opacity": _UNSELECTED_OPACITY}},
            name=value_label,
            showlegend=False,
        )
    )
    if len(missing):
        fig.add_trace(
            go.Choropleth(
                geojson=geojson(shapes[shapes["kommun_kod"].isin(missing["kommun_kod"])]),
                featureidkey="id",
                locations=missing["kommun_kod"].tolist(),
                z=[0] * len(missing),
                colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]],
                showscale=False,
                customdata=missing[customdata_columns].to_numpy().tolist(),
                hovertemplate=(
                    f"<b>%{{customdata[1]}}</b><br>{_hover_text(missing_label)}<extra></extra>"
                ),
                marker={"line": {"color": "white", "width": 0.6}},
                unselected={"marker": {"opacity": _UNSELECTED_OPACITY}},
                name=missing_label,
                showlegend=True,
            )
        )
    lon, lat = border_lines(counties)
    fig.add_trace(
        go.Scattergeo(
            lon=lon,
            lat=lat,
            mode="lines",
            line={"color": BORDER_COLOUR, "width": 1.6},
            hoverinfo="skip",
            showlegend=False,
            name="",
        )
    )
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        title={"text": title} if title else None,
        height=height,
        margin={"l": 0, "r": 0, "t": 40 if title else 4, "b": 0},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom"},
        clickmode="event+select",
        dragmode="pan",
        hovermode="closest",
        uirevision=UIREVISION,
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def selected_code(selection: Mapping[str, Any] | None) -> str | None:
    """The municipality code a click on :func:`choropleth_figure` selected.

    Args:
        selection: what ``st.plotly_chart(..., on_select="rerun")`` returned — the event,
            its ``selection``, or None. A clicked choropleth point carries ``location``
            (the feature id, i.e. the code) and ``customdata`` (code first).

    Returns:
        The code of the first selected municipality, or None when nothing (or only a
        border line) is selected.

    >>> selected_code({"selection": {"points": [{"curve_number": 1, "location": "0780"}]}})
    '0780'
    >>> selected_code({"points": [], "point_indices": [], "box": [], "lasso": []}) is None
    True
    """
    if not selection:
        return None
    if "points" not in selection and "selection" in selection:
        selection = selection["selection"] or {}
    for point in selection.get("points") or []:
        if not isinstance(point, Mapping):
            continue
        location = point.get("location")
        if isinstance(location, str) and location:
            return location
        customdata = point.get("customdata")
        if isinstance(customdata, list | tuple) and customdata and isinstance(customdata[0], str):
            return customdata[0]
    return None
