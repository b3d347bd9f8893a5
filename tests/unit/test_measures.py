"""Mean rating, priority points, share pressing: per municipality, theme, group, change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linnedata.figures import measures
from linnedata.figures.measures import (
    area_measures,
    group_measures,
    map_values,
    measure_range,
    theme_measures,
)
from linnedata.places.region import default_region
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

NA = pd.NA
SKATT, BOSTAD, INTEG = "skatteunderlag", "bostadsplanering", "integration"

# two themes: hallbarhet = skatteunderlag + bostadsplanering, demokrati = integration
SMALL = Taxonomy(
    areas=pd.DataFrame(
        {
            "area_id": [SKATT, BOSTAD, INTEG],
            "label_sv": ["Skatteunderlag", "Bostadsplanering", "Integration"],
            "label_en": ["Tax base", "Housing planning", "Integration"],
            "theme_id": ["hallbarhet", "hallbarhet", "demokrati"],
        }
    ),
    themes=pd.DataFrame(
        {
            "theme_id": ["hallbarhet", "demokrati"],
            "label_sv": ["Hållbar utveckling", "Demokratiutveckling"],
            "label_en": ["Sustainable development", "Democracy development"],
        }
    ),
    forms=pd.DataFrame({"form_id": ["kurs"], "label_sv": ["Kurs"], "label_en": ["Course"]}),
)


def make_survey(
    people: list[tuple[int, str, str | None, str | None, str | None]],
    ratings: dict[int, dict[str, int | None]],
) -> Survey:
    """A survey from (respondent, kommun_kod, prio_1, prio_2, prio_3) and their ratings."""
    responses = pd.DataFrame(
        people, columns=["respondent", "kommun_kod", "prio_1", "prio_2", "prio_3"]
    )
    rows = [
        (respondent, area, NA if value is None else value)
        for respondent, given in ratings.items()
        for area, value in given.items()
    ]
    rating_frame = pd.DataFrame(rows, columns=["respondent", "area_id", "betyg"]).astype(
        {"betyg": "Int64"}
    )
    return Survey(
        round="2024",
        responses=responses,
        ratings=rating_frame,
        forms=pd.DataFrame({"respondent": [], "form_id": []}),
        warnings=(),
        source_format="canonical",
        file_name="test.csv",
    )


# r1 and r2 answer for Växjö (0780), r3 for Borgholm (0885)
THREE = make_survey(
    [
        (1, "0780", BOSTAD, INTEG, None),
        (2, "0780", SKATT, BOSTAD, INTEG),
        (3, "0885", INTEG, None, None),
    ],
    {
        1: {SKATT: 5, BOSTAD: 3, INTEG: None},
        2: {SKATT: 4, BOSTAD: None, INTEG: 2},
        3: {SKATT: None, BOSTAD: None, INTEG: 4},
    },
)

THREE_AREAS = pd.DataFrame(
    {
        "kommun_kod": ["0780", "0780", "0780", "0885", "0885", "0885"],
        "area_id": [SKATT, BOSTAD, INTEG, SKATT, BOSTAD, INTEG],
        # 0780: skatt (5+4)/2, bostad 3 (r2 blank), integ 2 (r1 blank); 0885 rated integ only
        "medelbetyg": [4.5, 3.0, 2.0, np.nan, np.nan, 4.0],
        # 0780: skatt (0+3)/2, bostad (3+2)/2, integ (2+1)/2; 0885: integ 3/1
        "prioriteringspoang": [1.5, 2.5, 1.5, 0.0, 0.0, 3.0],
        # rated 4 or 5: skatt 2 of 2, bostad 0 of 1, integ 0 of 1; 0885 integ 1 of 1
        "andel_angelaget": [1.0, 0.0, 0.0, np.nan, np.nan, 1.0],
        "antal_svarande": [2, 1, 1, 0, 0, 1],
        "antal_respondenter": [2, 2, 2, 1, 1, 1],
    }
)


def test_three_respondents_area_measures_by_hand() -> None:
    got = area_measures(THREE, SMALL)
    pd.testing.assert_frame_equal(got, THREE_AREAS)
    assert got["medelbetyg"].dtype == np.float64
    assert got["antal_svarande"].dtype == np.int64


def test_three_respondents_theme_measures_by_hand() -> None:
    expected = pd.DataFrame(
        {
            "kommun_kod": ["0780", "0780", "0885", "0885"],
            "theme_id": ["hallbarhet", "demokrati", "hallbarhet", "demokrati"],
            # mean of the area means that exist: (4.5 + 3.0) / 2; 0885 rated no hallbarhet area
            "medelbetyg": [3.75, 2.0, np.nan, 4.0],
            # sum over the theme's areas: 1.5 + 2.5
            "prioriteringspoang": [4.0, 1.5, 0.0, 3.0],
            # mean of the area shares: (1.0 + 0.0) / 2
            "andel_angelaget": [0.5, 0.0, np.nan, 1.0],
            # respondents who rated at least one of the theme's areas: r1 and r2; r2; -; r3
            "antal_svarande": [2, 1, 0, 1],
            "antal_respondenter": [2, 2, 1, 1],
        }
    )
    got = theme_measures(THREE, SMALL)
    pd.testing.assert_frame_equal(got, expected)
    assert got["prioriteringspoang"].dtype == np.float64


def test_blank_rating_is_excluded_not_zero() -> None:
    survey = make_survey(
        [(1, "0780", None, None, None), (2, "0780", None, None, None)],
        {1: {SKATT: 4}, 2: {SKATT: None}},
    )
    row = area_measures(survey, SMALL).iloc[0]
    assert row["medelbetyg"] == 4.0
    assert row["andel_angelaget"] == 1.0
    assert row["antal_svarande"] == 1
    assert row["antal_respondenter"] == 2


def test_missing_rating_row_counts_as_blank() -> None:
    survey = make_survey([(1, "0780", None, None, None)], {1: {SKATT: 2}})
    got = area_measures(survey, SMALL).set_index("area_id")
    assert got.loc[SKATT, "medelbetyg"] == 2.0
    assert np.isnan(got.loc[BOSTAD, "medelbetyg"])


def test_nobody_rated_gives_nan_not_zero() -> None:
    survey = make_survey([(1, "0780", SKATT, None, None)], {1: {SKATT: None, BOSTAD: None}})
    row = area_measures(survey, SMALL).iloc[0]
    assert np.isnan(row["medelbetyg"])
    assert np.isnan(row["andel_angelaget"])
    assert row["antal_svarande"] == 0
    assert row["prioriteringspoang"] == 3.0


def test_area_named_twice_counts_its_highest_rank_once() -> None:
    survey = make_survey([(1, "0780", SKATT, SKATT, None)], {})
    assert area_measures(survey, SMALL).iloc[0]["prioriteringspoang"] == 3.0


def test_empty_survey_gives_empty_tables_with_the_columns() -> None:
    survey = make_survey([], {})
    assert area_measures(survey, SMALL).columns.tolist() == measures.AREA_COLUMNS
    assert theme_measures(survey, SMALL).empty


def test_shipped_taxonomy_gives_every_area_and_theme_per_municipality() -> None:
    taxonomy = default_taxonomy()
    assert len(area_measures(THREE)) == 2 * len(taxonomy.area_ids)
    themes = theme_measures(THREE)
    assert len(themes) == 2 * len(taxonomy.theme_ids)
    assert themes["prioriteringspoang"].max() <= measure_range("prioriteringspoang", "theme_id")[1]


def test_region_figures_of_the_three_respondents_by_hand() -> None:
    expected = pd.DataFrame(
        {
            "grupp": ["region"] * 3,
            "area_id": [SKATT, BOSTAD, INTEG],
            "medelbetyg": [4.5, 3.0, 3.0],
            "andel_angelaget": [1.0, 0.0, 0.5],
            "antal_kommuner_betyg": [1, 1, 2],
            "prioriteringspoang": [0.75, 1.25, 2.25],
            "antal_kommuner": [2, 2, 2],
            "antal_kommuner_topp3": [1, 1, 2],
            "antal_svarande": [2, 1, 2],
        }
    )
    got = group_measures(THREE_AREAS, "area_id")
    pd.testing.assert_frame_equal(got, expected)


def test_region_mean_weighs_each_municipality_once() -> None:
    survey = make_survey(
        [
            (1, "0780", SKATT, None, None),
            (2, "0780", SKATT, None, None),
            (3, "0780", SKATT, None, None),
            (4, "0885", None, None, None),
        ],
        {1: {SKATT: 5}, 2: {SKATT: 5}, 3: {SKATT: 5}, 4: {SKATT: 1}},
    )
    region = group_measures(area_measures(survey, SMALL), "area_id").set_index("area_id")
    assert region.loc[SKATT, "medelbetyg"] == 3.0  # (5 + 1) / 2, not (5+5+5+1) / 4
    assert region.loc[SKATT, "andel_angelaget"] == 0.5
    assert region.loc[SKATT, "prioriteringspoang"] == 1.5  # (3 + 0) / 2
    assert region.loc[SKATT, "antal_kommuner_betyg"] == 2
    assert region.loc[SKATT, "antal_svarande"] == 4


def test_antal_kommuner_topp3_counts_municipalities_with_any_top_three_mention() -> None:
    region = group_measures(THREE_AREAS, "area_id").set_index("area_id")
    assert region["antal_kommuner_topp3"].to_dict() == {SKATT: 1, BOSTAD: 1, INTEG: 2}
    themes = group_measures(theme_measures(THREE, SMALL), "theme_id").set_index("theme_id")
    assert themes["antal_kommuner_topp3"].to_dict() == {"hallbarhet": 1, "demokrati": 2}


def test_county_groups_and_a_county_without_responses() -> None:
    counties = default_region().set_index("kommun_kod")["lan"]
    got = group_measures(THREE_AREAS, "area_id", counties)
    assert got["grupp"].unique().tolist() == [
        "Jönköpings län",
        "Kronobergs län",
        "Kalmar län",
        "Blekinge län",
    ]
    kalmar = got[got["grupp"] == "Kalmar län"].set_index("area_id")
    assert kalmar.loc[INTEG, "medelbetyg"] == 4.0
    assert kalmar.loc[INTEG, "antal_kommuner"] == 1
    blekinge = got[got["grupp"] == "Blekinge län"]
    assert blekinge["medelbetyg"].isna().all()
    assert blekinge["antal_kommuner"].eq(0).all()


def test_overlapping_groups_put_a_municipality_in_each() -> None:
    groups = pd.Series(["a", "b", "b"], index=["0780", "0780", "0885"])
    got = group_measures(THREE_AREAS, "area_id", groups).set_index(["grupp", "area_id"])
    assert got.loc[("a", INTEG), "medelbetyg"] == 2.0
    assert got.loc[("b", INTEG), "medelbetyg"] == 3.0


def test_map_values_include_municipalities_without_response() -> None:
    region = default_region()
    got = map_values(THREE_AREAS, region, "area_id", INTEG, "medelbetyg")
    assert got.columns.tolist() == ["kommun_kod", "kommun", "value", "n"]
    assert len(got) == 38
    assert got["kommun_kod"].tolist() == region["kommun_kod"].tolist()
    by_code = got.set_index("kommun_kod")
    assert by_code.loc["0780", "value"] == 2.0
    assert by_code.loc["0780", "n"] == 1
    assert by_code.loc["0885", "kommun"] == "Borgholm"
    assert np.isnan(by_code.loc["0680", "value"])
    assert by_code.loc["0680", "n"] == 0
    assert got["n"].dtype == np.int64


def test_map_values_n_of_priority_points_is_every_respondent() -> None:
    got = map_values(THREE_AREAS, default_region(), "area_id", SKATT, "prioriteringspoang")
    by_code = got.set_index("kommun_kod")
    assert by_code.loc["0885", "value"] == 0.0
    assert by_code.loc["0885", "n"] == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"key": "area", "measure": "medelbetyg"}, "key must be one of"),
        ({"key": "area_id", "measure": "mean"}, "measure must be one of"),
    ],
)
def test_unknown_key_or_measure_is_named(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        map_values(THREE_AREAS, default_region(), item_id=SKATT, **kwargs)


def test_ranges_of_the_measures() -> None:
    assert measures.MEASURES == ("medelbetyg", "prioriteringspoang", "andel_angelaget")
    assert measure_range("medelbetyg") == (1.0, 5.0)
    assert measure_range("prioriteringspoang") == (0.0, 3.0)
    assert measure_range("andel_angelaget", "theme_id") == (0.0, 1.0)


def test_nullable_string_columns_as_read_survey_gives_them() -> None:
    survey = Survey(
        round=THREE.round,
        responses=THREE.responses.astype({c: "string" for c in THREE.responses.columns[1:]}),
        ratings=THREE.ratings.astype({"area_id": "string"}),
        forms=THREE.forms,
        warnings=(),
        source_format="canonical-csv",
        file_name="test.csv",
    )
    pd.testing.assert_frame_equal(area_measures(survey, SMALL), THREE_AREAS)
