"""The view builders (linnedata.views) and the measure registry, on 3-row literal frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linnedata import i18n
from linnedata.figures import measures
from linnedata.graphics import svgmap
from linnedata.places import geo
from linnedata.views import common, compare, maps, overview, profile
from linnedata.views import seminars as seminar_views
from linnedata.views.dataset import Dataset
from tests.unit.test_measures import BOSTAD, INTEG, SKATT, SMALL, THREE

NAN = float("nan")
REGION = pd.DataFrame(
    {
        "kommun_kod": ["0780", "0885", "0765"],
        "kommun": ["Växjö", "Borgholm", "Älmhult"],
        "lan_kod": ["07", "08", "07"],
        "lan": ["Kronobergs län", "Kalmar län", "Kronobergs län"],
    }
)


# --- the measure registry ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "n_column", "group_n_column"),
    [
        ("medelbetyg", "antal_svarande", "antal_kommuner_betyg"),
        ("andel_angelaget", "antal_svarande", "antal_kommuner_betyg"),
        ("prioriteringspoang", "antal_respondenter", "antal_kommuner"),
    ],
)
def test_each_measure_names_the_count_it_rests_on(measure, n_column, group_n_column) -> None:
    assert measures.get(measure).n_column == n_column
    assert measures.get(measure).group_n_column == group_n_column


@pytest.mark.parametrize(
    ("measure", "value", "lang", "shown", "change"),
    [
        ("medelbetyg", 3.25, "sv", "3,2", "+0,5"),
        ("prioriteringspoang", 1.5, "en", "1.50", "+0.50"),
        ("andel_angelaget", 0.675, "sv", "68\u00a0%", "+50 procentenheter"),
        ("andel_angelaget", 0.675, "en", "68%", "+50 percentage points"),
    ],
)
def test_a_measure_formats_its_values_and_changes(measure, value, lang, shown, change) -> None:
    spec = measures.get(measure)
    assert spec.format(value, lang) == shown
    assert spec.format_signed(0.5, lang) == change
    assert spec.format_signed(NAN, lang) == "–"
    assert spec.format_signed(-0.5, lang).startswith("−")


def test_theme_priority_points_range_is_the_sum_of_the_points_one_person_gives() -> None:
    assert measures.get("prioriteringspoang").range("theme_id") == (0.0, 6.0)
    assert measures.RANK_POINTS == {1: 3, 2: 2, 3: 1}


def test_an_unknown_measure_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'betyg'"):
        measures.get("betyg")


# --- common rules -------------------------------------------------------------------------


def test_small_figures_are_one_respondent_or_one_or_two_municipalities() -> None:
    assert [common.is_small(n, "svarande") for n in (0, 1, 2)] == [False, True, False]
    assert [common.is_small(n, "kommuner") for n in (0, 1, 2, 3)] == [False, True, True, False]


def test_links_keep_the_language_only_when_not_swedish() -> None:
    assert common.profile_link("0780", "2024", "sv") == "kommunprofil?kommun=0780&omgang=2024"
    assert common.compare_link("0780", ["0780", "0885"], "2023", "en") == (
        "jamfor?kommun=0780&kommuner=0780,0885&omgang=2023&lang=en"
    )


def test_the_export_header_says_demo_when_it_is() -> None:
    lines = common.export_header("2024", "medelbetyg", "sv", is_demo=True)
    assert lines[1:3] == ["Omgång: 2024", "Mått: Medelbetyg (1–5)"]
    assert len(lines) == 4
    assert len(common.export_header("2024", None, "sv", is_demo=False)) == 2


# --- overview -----------------------------------------------------------------------------

FIGURES = pd.DataFrame(
    {
        "grupp": ["region"] * 3,
        "area_id": [SKATT, BOSTAD, INTEG],
        "medelbetyg": [3.0, 4.5, NAN],
        "antal_kommuner_betyg": [2, 3, 0],
        "prioriteringspoang": [0.5, 1.0, 0.0],
        "antal_kommuner": [3, 3, 3],
    }
)
LABELS = {SKATT: "Skatteunderlag", BOSTAD: "Bostadsplanering", INTEG: "Integration"}


def test_the_ranking_puts_the_largest_first_missing_last_with_last_round_beside() -> None:
    before = FIGURES.assign(medelbetyg=[2.0, 4.0, 3.0])
    table = overview.ranking(FIGURES, before, "area_id", "medelbetyg", LABELS)
    assert list(table["label"]) == ["Bostadsplanering", "Skatteunderlag", "Integration"]
    assert list(table["antal_kommuner"]) == [3, 2, 0]
    assert list(table["previous"]) == [4.0, 2.0, 3.0]


def test_the_ranking_counts_every_answering_municipality_for_priority_points() -> None:
    table = overview.ranking(FIGURES, None, "area_id", "prioriteringspoang", LABELS)
    assert list(table["antal_kommuner"]) == [3, 3, 3]
    assert "previous" not in table


def test_the_overview_of_a_three_person_survey() -> None:
    data = Dataset({"2024": THREE}, REGION, SMALL)
    view = overview.overview(data, "2024", "area", "prioriteringspoang", "sv")
    # integration: Växjö's r1 gives 2, r2 gives 1 → 1.5; Borgholm's r3 gives 3 → mean 2.25
    assert view.top == "Integration"
    assert view.ranking.loc[0, "prioriteringspoang"] == pytest.approx(2.25)
    assert view.previous is None
    assert view.change == ""
    assert view.previous_coverage is None
    assert (view.coverage.answered, view.coverage.invited) == (2, 3)
    assert view.coverage.missing_names == ("Älmhult",)
    assert "Kolumn" not in view.export.columns
    assert "Namn" in view.export.columns


def test_the_overview_table_shows_each_item_with_both_rounds_and_n() -> None:
    before = FIGURES.assign(medelbetyg=[2.0, 4.0, 3.0])
    table = overview.ranking(FIGURES, before, "area_id", "medelbetyg", LABELS)
    shown = overview.shown_table(table, "area", "medelbetyg", "2024", "2023", "sv")
    expected = pd.DataFrame(
        {
            "Medelbetyg (1–5), 2024": ["4,5", "3,0", "–"],
            "Medelbetyg (1–5), 2023": ["4,0", "2,0", "3,0"],
            "Antal kommuner": [3, 2, 0],
        },
        index=pd.Index(["Bostadsplanering", "Skatteunderlag", "Integration"], name="Område"),
    )
    pd.testing.assert_frame_equal(shown, expected)


# --- compare ------------------------------------------------------------------------------


def test_the_compare_table_has_items_as_rows_and_each_cell_its_n() -> None:
    texts = pd.DataFrame(
        [["4,0", "2,0"], ["–", "5,0*"]], index=["Växjö", "Borgholm"], columns=["Skatt", "Bostad"]
    )
    counts = pd.DataFrame([[2, 2], [0, 1]], index=["0780", "0885"], columns=[SKATT, BOSTAD])
    shown = compare.shown_table(texts, counts, ["4,0*", "3,5"], pd.Series([1, 2]), "area", "en")
    expected = pd.DataFrame(
        {
            "Växjö": ["4,0 (n=2)", "2,0 (n=2)"],
            "Borgholm": ["–", "5,0* (n=1)"],
            "Region mean": ["4,0* (n=1)", "3,5 (n=2)"],
        },
        index=pd.Index(["Skatt", "Bostad"], name="Area"),
    )
    pd.testing.assert_frame_equal(shown, expected)


PER = pd.DataFrame(
    {
        "kommun_kod": ["0780", "0780", "0885"],
        "area_id": [SKATT, BOSTAD, BOSTAD],
        "medelbetyg": [4.0, 2.0, 5.0],
        "prioriteringspoang": [1.0, 0.5, 3.0],
        "antal_svarande": [2, 2, 1],
        "antal_respondenter": [3, 3, 1],
    }
)


def test_the_compare_grid_sorts_by_an_item_and_counts_the_measures_own_n() -> None:
    names = {"0780": "Växjö", "0885": "Borgholm"}
    wide, counts = compare.grid(
        PER, ("0780", "0885"), "area_id", "medelbetyg", [SKATT, BOSTAD], names, BOSTAD
    )
    assert list(wide.index) == ["0885", "0780"]
    assert np.isnan(wide.loc["0885", SKATT])
    assert counts.loc["0885", SKATT] == 0
    assert counts.loc["0780", SKATT] == 2
    _, points = compare.grid(
        PER, ("0780", "0885"), "area_id", "prioriteringspoang", [SKATT, BOSTAD], names, ""
    )
    assert list(points.index) == ["0780", "0885"]
    assert points.loc["0780", BOSTAD] == 3  # every respondent, not only the raters


def test_shortcuts_are_the_municipality_first_then_its_county() -> None:
    data = Dataset({"2024": THREE}, REGION, SMALL)
    assert compare.shortcut_codes(data, "0780", "2024", "samma_lan") == ["0780", "0765"]


# --- profile ------------------------------------------------------------------------------

COMPARISON = pd.DataFrame(
    {
        "area_id": [BOSTAD, SKATT, INTEG],
        "label": ["Bostadsplanering", "Skatteunderlag", "Integration"],
        "own": [4.5, 3.0, NAN],
        "own_n": [2, 1, 0],
        "reference": [4.0, 3.5, 2.0],
        "reference_n": [3, 3, 3],
        "neighbours": [4.0, NAN, 2.5],
        "neighbours_n": [2, 0, 3],
        "previous": [4.0, 3.5, NAN],
        "change": [0.5, -0.5, NAN],
    }
)


def test_the_profile_table_marks_small_figures_and_signs_the_change() -> None:
    spec = measures.get("medelbetyg")
    shown, export = profile.comparison_table(COMPARISON, "Växjö", "area", "2023", spec, "sv")
    assert list(shown["Växjö"]) == ["4,5", "3,0*", "–"]
    assert list(shown[i18n.t("grannarnas_medel")]) == ["4,0*", "–", "2,5"]
    assert list(shown[i18n.t("forandring_kort")]) == ["+0,5", "−0,5", "–"]
    assert list(export["Växjö 2023"][:2]) == [4.0, 3.5]
    assert np.isnan(export["Växjö 2023"][2])
    assert profile.small_rows(COMPARISON) == [True, True, False]


# --- seminars -----------------------------------------------------------------------------


def test_the_demand_table_formats_each_measure_by_the_registry() -> None:
    table = pd.DataFrame(
        {
            "topic": [BOSTAD, SKATT, INTEG],
            "antal_kommuner_topp3": [2, 1, 0],
            "antal_vill_seminarium": [2, 2, 1],
            "prioriteringspoang": [1.25, 0.5, 0.0],
            "medelbetyg": [4.25, 3.0, NAN],
            "andel_angelaget": [0.5, 0.0, NAN],
        }
    )
    shown = seminar_views.demand_table(table, "area", LABELS, "sv")
    assert list(shown.index) == ["Bostadsplanering", "Skatteunderlag", "Integration"]
    assert list(shown[i18n.t("matt_prioriteringspoang")]) == ["1,25", "0,50", "0,00"]
    assert list(shown.iloc[:, -1]) == ["50\u00a0%", "0\u00a0%", "–"]


# --- maps ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def geography() -> maps.Geography:
    return maps.Geography(
        municipalities=geo.load_municipalities(list(REGION["kommun_kod"])),
        counties=geo.load_counties(["07", "08"]),
    )


def test_value_cells_colour_by_value_and_leave_missing_unfilled() -> None:
    values = pd.DataFrame(
        {"kommun_kod": ["0780", "0885", "0765"], "kommun": ["V", "B", "Ä"], "value": [1, 5, NAN]}
    )
    cells = maps.value_cells(values, 1, 5, lambda row: [row.kommun])
    assert cells["0780"].fill == svgmap.colour_for(1, 1, 5)
    assert cells["0885"].fill == svgmap.colour_for(5, 1, 5)
    assert cells["0765"] == maps.Cell(None, ("Ä",))


def test_one_builder_draws_every_municipality_with_its_link(geography) -> None:
    cells = {"0780": maps.Cell("#123456", ("Växjö", "vald"))}
    svg = maps.draw(
        geography,
        REGION,
        cells,
        label="Karta",
        style="lage",
        link=lambda code: common.profile_link(code, "2024", "sv"),
    )
    assert "lageskarta" in svg
    assert "#123456" in svg
    for code in REGION["kommun_kod"]:
        assert f"kommun={code}&amp;omgang=2024" in svg or f"kommun={code}&omgang=2024" in svg
    assert "Borgholm" in svg  # drawn without a cell: name only, as missing


def test_the_locator_map_marks_the_municipality_and_its_neighbours(geography) -> None:
    def neighbours(code: str, region: set[str]) -> pd.DataFrame:
        return pd.DataFrame(
            {"kommun_kod": ["0765"], "kommun": ["Älmhult"], "lan_kod": ["07"], "i_regionen": [True]}
        )

    data = Dataset({"2024": THREE}, REGION, SMALL, neighbours=neighbours)
    svg = maps.locator_map(data, geography, "0780", "2024", "sv")
    assert svgmap.colour_for(1, 0, 1) in svg
    assert svgmap.colour_for(0.35, 0, 1) in svg
    assert maps.OTHER_FILL in svg
