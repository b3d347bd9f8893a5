"""Boundaries and neighbours from SCB's geodata (linnedata.places.geo)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from linnedata.places import geo
from linnedata.places.region import default_region

REGION = default_region()
REGION_CODES = list(REGION["kommun_kod"])
REGION_COUNTIES = sorted(set(REGION["lan_kod"]))


# --- neighbours -------------------------------------------------------------------------


def test_borgholm_only_neighbour_is_morbylanga() -> None:
    result = geo.neighbours("0885", REGION_CODES)
    expected = pd.DataFrame(
        {
            "kommun_kod": ["0840"],
            "kommun": ["Mörbylånga"],
            "lan_kod": ["08"],
            "typ": ["grans"],
            "via": [""],
            "i_regionen": [True],
        }
    )
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_markaryd_neighbours_across_county_borders_are_flagged_outside_region() -> None:
    result = geo.neighbours("0767", REGION_CODES).set_index("kommun_kod")
    assert {"1293", "1257", "1381", "0765", "0781"} <= set(result.index)
    assert not result.loc["1293", "i_regionen"]  # Hässleholm, Skåne
    assert not result.loc["1381", "i_regionen"]  # Laholm, Halland
    assert result.loc["0781", "i_regionen"]  # Ljungby, Kronoberg
    assert set(result["lan_kod"]) >= {"07", "12", "13"}


def test_markaryd_and_osby_meet_in_a_point_so_are_corner_neighbours() -> None:
    result = geo.neighbours("0767", REGION_CODES).set_index("kommun_kod")
    assert result.loc["1273", "typ"] == "horn"
    assert result.loc["1293", "typ"] == "grans"


def test_37_corner_pairs_nationally_and_the_fixed_links() -> None:
    table = geo.neighbour_table()
    pairs = table[table["kommun_kod"] < table["granne_kod"]]
    assert (pairs["typ"] == "horn").sum() == 37
    kalmar = pairs[(pairs["kommun_kod"] == "0840") & (pairs["granne_kod"] == "0880")]
    assert kalmar[["typ", "via"]].values.tolist() == [["bro", "Ölandsbron"]]
    gotland = set(pairs.loc[pairs["granne_kod"] == "0980", "kommun_kod"])
    assert gotland == {"0192", "0882"}  # the ferries from Nynäshamn and Oskarshamn


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
    assert islands == ["0125", "0186"]  # Ekerö, Lidingö: no land border and no listed link
    by_land = set(table.loc[table["typ"].isin(["grans", "horn"]), "kommun_kod"])
    assert {"0980", "1407", "1419"} - by_land == {"0980", "1407", "1419"}  # Gotland, Öckerö, Tjörn
    assert list(table.columns) == [
        "kommun_kod",
        "granne_kod",
        "granne",
        "granne_lan_kod",
        "typ",
        "via",
    ]


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
    text = shapely.to_wkt(geo.load_municipalities(["0780"]).geometry.iloc[0], trim=True)
    assert (
        max(
            len(n.split(".")[1])
            for n in text.replace(",", " ").replace(")", " ").split()
            if "." in n
        )
        <= 4
    )


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
