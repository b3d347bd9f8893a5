"""Boundaries, neighbours and the offline choropleth (linnedata.geo, linnedata.charts_map)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from linnedata import geo
from linnedata.charts_map import PLOTLY_MAP_CONFIG, choropleth_figure, selected_code
from linnedata.i18n import fmt_number
from linnedata.paths import ROOT
from linnedata.region import default_region

REGION = default_region()
REGION_CODES = list(REGION["kommun_kod"])
REGION_COUNTIES = sorted(set(REGION["lan_kod"]))


def _values(missing: tuple[str, ...] = ()) -> pd.DataFrame:
    """A value for every region municipality (1.25, 1.5, …), NaN for ``missing``."""
    values = pd.DataFrame(
        {
            "kommun_kod": REGION["kommun_kod"],
            "kommun": REGION["kommun"],
            "value": 1 + 0.25 * np.arange(len(REGION)) % 4,
            "n": np.arange(len(REGION)) % 7 + 1,
        }
    )
    values.loc[values["kommun_kod"].isin(missing), "value"] = np.nan
    return values


def _figure(missing: tuple[str, ...] = ()):
    return choropleth_figure(
        _values(missing),
        geo.load_municipalities(REGION_CODES),
        geo.load_counties(REGION_COUNTIES),
        value_label="Medelbetyg",
        missing_label="Inget svar",
        hover_n_label="Antal svar",
        number_format=lambda x: fmt_number(x, 2),
        range_=(1, 5),
    )


# --- neighbours -------------------------------------------------------------------------


def test_borgholm_only_neighbour_is_morbylanga() -> None:
    result = geo.neighbours("0885", REGION_CODES)
    expected = pd.DataFrame(
        {"kommun_kod": ["0840"], "kommun": ["Mörbylånga"], "lan_kod": ["08"], "i_regionen": [True]}
    )
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_markaryd_neighbours_across_county_borders_are_flagged_outside_region() -> None:
    result = geo.neighbours("0767", REGION_CODES).set_index("kommun_kod")
    assert {"1293", "1257", "1381", "0765", "0781"} <= set(result.index)
    assert not result.loc["1293", "i_regionen"]  # Hässleholm, Skåne
    assert not result.loc["1381", "i_regionen"]  # Laholm, Halland
    assert result.loc["0781", "i_regionen"]  # Ljungby, Kronoberg
    assert set(result["lan_kod"]) >= {"07", "12", "13"}


def test_markaryd_and_osby_meet_in_a_point_only_so_are_not_neighbours() -> None:
    assert "1273" not in set(geo.neighbours("0767", REGION_CODES)["kommun_kod"])


def test_vaxjo_neighbours_sorted_by_name() -> None:
    result = geo.neighbours("0780", REGION_CODES)
    assert list(result["kommun"]) == [
        "Alvesta",
        "Lessebo",
        "Sävsjö",
        "Tingsryd",
        "Uppvidinge",
        "Vetlanda",
    ]
    assert result["i_regionen"].all()


def test_names_sort_swedish_with_a_ring_a_umlaut_o_umlaut_after_z() -> None:
    names = sorted(["Öland", "Älmhult", "Ålem", "Zinkgruvan"], key=geo._swedish_key)
    assert names == ["Zinkgruvan", "Ålem", "Älmhult", "Öland"]


def test_neighbour_relation_is_symmetric_over_the_whole_country() -> None:
    table = geo.neighbour_table()
    pairs = set(zip(table["kommun_kod"], table["granne_kod"], strict=True))
    assert pairs == {(b, a) for a, b in pairs}
    assert not any(a == b for a, b in pairs)
    islands = sorted(set(geo.load_municipalities()["kommun_kod"]) - set(table["kommun_kod"]))
    assert islands == ["0125", "0186", "0980", "1407", "1419"]  # Ekerö … Tjörn: no land border
    assert list(table.columns) == ["kommun_kod", "granne_kod", "granne", "granne_lan_kod"]


@pytest.mark.parametrize("code", ["9999", "780", ""])
def test_unknown_code_raises_naming_it(code: str) -> None:
    with pytest.raises(ValueError, match=repr(code)):
        geo.neighbours(code, REGION_CODES)


# --- prepared geometry ------------------------------------------------------------------


def test_region_has_38_valid_shapes_with_county_codes() -> None:
    shapes = geo.load_municipalities(REGION_CODES)
    assert len(shapes) == 38
    assert list(shapes.columns) == ["kommun_kod", "kommun", "lan_kod", "geometry"]
    assert set(shapes["lan_kod"]) == {"06", "07", "08", "10"}
    assert shapely.is_valid(shapes.geometry.values).all()


def _rings(geometries) -> tuple[np.ndarray, np.ndarray]:
    """(exterior rings, interior rings) of all polygons in ``geometries``."""
    polygons = shapely.get_parts(np.asarray(geometries, dtype=object))
    interiors = [
        shapely.get_interior_ring(polygon, i)
        for polygon in polygons
        for i in range(shapely.get_num_interior_rings(polygon))
    ]
    return shapely.get_exterior_ring(polygons), np.array(interiors, dtype=object)


@pytest.mark.parametrize(
    ("loader", "holes"),
    [
        (lambda: geo.load_municipalities(REGION_CODES), 0),
        (lambda: geo.load_municipalities(), 0),
        (lambda: geo.load_counties(), 3),  # some counties have holes
    ],
)
def test_exterior_rings_clockwise_and_interior_rings_counter_clockwise(loader, holes) -> None:
    exteriors, interiors = _rings(loader().geometry.values)
    assert not shapely.is_ccw(exteriors).any()
    assert len(interiors) == holes
    assert shapely.is_ccw(interiors).all()


def test_prepare_geometry_reverses_rings_wound_the_wrong_way() -> None:
    outer = [(0, 0), (4, 0), (4, 4), (0, 4)]  # counter-clockwise
    hole = [(1, 1), (1, 2), (2, 2), (2, 1)]  # clockwise
    [prepared] = geo.prepare_geometry([shapely.Polygon(outer, [hole])])
    exteriors, interiors = _rings([prepared])
    assert not shapely.is_ccw(exteriors).any()
    assert shapely.is_ccw(interiors).all()
    assert shapely.is_valid(prepared)


def test_prepare_geometry_keeps_shapes_valid_when_snapping_to_the_grid() -> None:
    bow = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0.99996, 0.00004), (0, 1)])
    [prepared] = geo.prepare_geometry([bow])
    assert shapely.is_valid(prepared)


def test_counties_are_oriented_too() -> None:
    counties = geo.load_counties(REGION_COUNTIES)
    assert list(counties["lan_kod"]) == ["06", "07", "08", "10"]
    exteriors = shapely.get_exterior_ring(shapely.get_parts(counties.geometry.values))
    assert not shapely.is_ccw(exteriors).any()


def test_coordinates_have_at_most_four_decimals() -> None:
    for table in (geo.load_municipalities(), geo.load_counties()):
        xy = shapely.get_coordinates(table.geometry.values)
        assert (np.round(xy, 4) == xy).all()
    gj = json.dumps(geo.geojson(geo.load_municipalities(["0780"])))
    decimals = [
        len(n.split(".")[1])
        for n in gj.replace("[", " ").replace("]", " ").replace(",", " ").split()
        if "." in n
    ]
    assert max(decimals) <= 4


def test_unknown_municipality_code_is_named() -> None:
    with pytest.raises(ValueError, match="9999"):
        geo.load_municipalities(["0780", "9999"])


def test_single_string_is_not_taken_for_a_list_of_codes() -> None:
    with pytest.raises(TypeError, match="0780"):
        geo.load_municipalities("0780")


def test_loaders_return_copies() -> None:
    first = geo.load_municipalities(["0780"])
    first.loc[0, "kommun"] = "Ändrad"
    assert geo.load_municipalities(["0780"]).loc[0, "kommun"] == "Växjö"


# --- GeoJSON, borders, base map ---------------------------------------------------------


def test_geojson_ids_are_the_codes() -> None:
    gj = geo.geojson(geo.load_municipalities(REGION_CODES))
    assert gj["type"] == "FeatureCollection"
    assert [f["id"] for f in gj["features"]] == REGION_CODES
    assert gj["features"][0]["properties"] == {"kommun_kod": REGION_CODES[0]}
    counties = geo.geojson(geo.load_counties(["07"]))
    assert [f["id"] for f in counties["features"]] == ["07"]


def test_border_lines_separate_lines_with_none() -> None:
    lon, lat = geo.border_lines(geo.load_counties(REGION_COUNTIES))
    assert len(lon) == len(lat)
    assert lon[-1] is None
    assert lat[-1] is None
    assert [i for i, x in enumerate(lon) if x is None] == [
        i for i, y in enumerate(lat) if y is None
    ]
    numbers = [x for x in lon if x is not None]
    assert min(numbers) > 11
    assert max(numbers) < 18


def test_shipped_base_topojson_is_what_the_generator_writes(tmp_path) -> None:
    written = geo.write_base_topojson(tmp_path)
    assert written.name == "world_110m.json"
    shipped = ROOT / "static" / "world_110m.json"
    assert shipped.read_text(encoding="utf-8") == written.read_text(encoding="utf-8")
    assert shipped.stat().st_size < 20_000
    topology = json.loads(shipped.read_text(encoding="utf-8"))
    assert topology["type"] == "Topology"
    assert {"land", "countries", "coastlines"} <= set(topology["objects"])


def test_static_serving_is_on_for_the_local_base_map() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableStaticServing = true" in config
    assert PLOTLY_MAP_CONFIG["topojsonURL"] == "/app/static/"


# --- choropleth -------------------------------------------------------------------------


def test_municipality_without_value_is_in_the_missing_trace_only() -> None:
    fig = _figure(missing=("0780", "0885"))
    coloured, missing = fig.data[0], fig.data[1]
    assert "0780" not in coloured.locations
    assert list(missing.locations) == ["0780", "0885"]
    assert [f["id"] for f in missing.geojson["features"]] == ["0780", "0885"]
    assert "0780" not in [f["id"] for f in coloured.geojson["features"]]
    assert missing.name == "Inget svar"
    assert missing.showlegend
    assert "Inget svar" in missing.hovertemplate
    assert len(coloured.locations) == 36


def test_no_missing_trace_when_every_municipality_has_a_value() -> None:
    fig = _figure()
    assert [t.type for t in fig.data] == ["choropleth", "scattergeo"]


def test_hover_shows_value_with_decimal_comma_and_n() -> None:
    fig = _figure()
    coloured = fig.data[0]
    row = next(c for c in coloured.customdata if c[0] == "0780")
    index = REGION_CODES.index("0780")
    assert row == ["0780", "Växjö", fmt_number(_values()["value"][index], 2), index % 7 + 1]
    assert "," in row[2]
    assert "." not in row[2]
    assert "%{customdata[2]}" in coloured.hovertemplate
    assert "Antal svar: %{customdata[3]}" in coloured.hovertemplate


def test_figure_is_offline_and_selectable() -> None:
    fig = _figure(missing=("0780",))
    assert fig.layout.geo.visible is False
    assert fig.layout.geo.fitbounds == "locations"
    assert fig.layout.clickmode == "event+select"
    assert fig.layout.uirevision
    assert fig.data[0].colorbar.title.text == "Medelbetyg"
    assert fig.data[-1].hoverinfo == "skip"


def test_figure_json_stays_under_60_kb() -> None:
    assert len(_figure(missing=("0780", "0885", "0604")).to_json()) <= 60_000
    assert len(_figure().to_json()) <= 60_000


def test_bad_range_is_refused() -> None:
    with pytest.raises(ValueError, match="range_"):
        choropleth_figure(
            _values(),
            geo.load_municipalities(REGION_CODES),
            geo.load_counties(REGION_COUNTIES),
            value_label="v",
            missing_label="m",
            hover_n_label="n",
            number_format=str,
            range_=(5, 1),
        )


def test_values_without_n_column_are_refused() -> None:
    with pytest.raises(ValueError, match="'n'"):
        choropleth_figure(
            _values().drop(columns="n"),
            geo.load_municipalities(REGION_CODES),
            geo.load_counties(REGION_COUNTIES),
            value_label="v",
            missing_label="m",
            hover_n_label="n",
            number_format=str,
        )


# What Streamlit 1.67 returned for real clicks in Chromium (see the module report).
CLICK_COLOURED = {
    "points": [
        {
            "curve_number": 0,
            "point_number": 17,
            "point_index": 17,
            "location": "0780",
            "z": 2.049253361767398,
            "properties": {"kommun_kod": "0780"},
            "ct": [14.868177272727275, 56.961825],
            "customdata": ["0780", "Växjö", "2,05", 7],
        }
    ],
    "point_indices": [17],
    "box": [],
    "lasso": [],
}
CLICK_MISSING = {
    "points": [
        {
            "curve_number": 1,
            "point_number": 0,
            "point_index": 0,
            "location": "0643",
            "z": 0,
            "properties": {"kommun_kod": "0643"},
            "ct": [14.022177272727271, 57.9548181818182],
            "customdata": ["0643", "Habo", "", 1],
        }
    ],
    "point_indices": [0],
    "box": [],
    "lasso": [],
}
EMPTY = {"points": [], "point_indices": [], "box": [], "lasso": []}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (CLICK_COLOURED, "0780"),
        (CLICK_MISSING, "0643"),
        ({"selection": CLICK_COLOURED}, "0780"),  # the whole event
        (EMPTY, None),
        ({"selection": EMPTY}, None),
        (None, None),
        ({}, None),
        ({"points": [{"customdata": ["0840", "Mörbylånga", "3,00", 4]}]}, "0840"),
        ({"points": [{"curve_number": 2, "point_index": 5, "lon": 15.1, "lat": 57.0}]}, None),
    ],
)
def test_selected_code(selection, expected) -> None:
    assert selected_code(selection) == expected
