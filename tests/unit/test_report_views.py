"""Trends, roles and co-financing on literal frames (issue 13)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linnedata.figures import cofinancing, disclosure, roles, trends
from linnedata.taxonomy import Taxonomy

TAX = Taxonomy(
    areas=pd.DataFrame(
        {
            "area_id": ["a", "b"],
            "label_sv": ["A", "B"],
            "label_en": ["A", "B"],
            "theme_id": ["t", "t"],
        }
    ),
    themes=pd.DataFrame({"theme_id": ["t"], "label_sv": ["T"], "label_en": ["T"]}),
    forms=pd.DataFrame({"form_id": ["kurs"], "label_sv": ["Kurs"], "label_en": ["Course"]}),
)


def _measures(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "kommun_kod",
            "area_id",
            "medelbetyg",
            "prioriteringspoang",
            "andel_angelaget",
            "antal_svarande",
            "antal_respondenter",
        ],
    )


def test_trend_covers_every_round_with_municipality_and_region_n():
    per_round = {
        "2024": _measures([("0780", "a", 4.0, 1.0, 0.5, 2, 2), ("0765", "a", 2.0, 0.0, 0.0, 1, 1)]),
        "2022": _measures(
            [("0780", "a", 3.0, 2.0, 0.0, 1, 1), ("0765", "a", np.nan, 0.0, np.nan, 0, 1)]
        ),
        "2023": _measures([("0765", "a", 5.0, 3.0, 1.0, 3, 3)]),
    }
    out = trends.trend(per_round, "area_id", "medelbetyg", code="0780")
    assert out["omgang"].tolist() == ["2022", "2023", "2024"]
    assert out["kommun_varde"].tolist()[0] == 3.0
    assert np.isnan(out["kommun_varde"].tolist()[1])
    assert out["kommun_varde"].tolist()[2] == 4.0
    assert out["kommun_n"].tolist() == [1, 0, 2]
    assert out["region_varde"].tolist() == [3.0, 5.0, 3.0]
    assert out["region_n"].tolist() == [1, 1, 2]
    prio = trends.trend(per_round, "area_id", "prioriteringspoang", code="0780")
    assert prio["region_varde"].tolist() == [1.0, 3.0, 0.5]
    assert prio["region_n"].tolist() == [2, 1, 2]


def test_change_between_marks_no_comparison_as_nan():
    region = pd.DataFrame(
        {"kommun_kod": ["0780", "0765", "0767"], "kommun": ["Växjö", "Älmhult", "Markaryd"]}
    )
    earlier = _measures([("0780", "a", 3.0, 0, 0, 2, 2), ("0765", "a", 4.0, 0, 0, 1, 1)])
    later = _measures([("0780", "a", 4.5, 0, 0, 2, 2), ("0767", "a", 2.0, 0, 0, 1, 1)])
    out = trends.change_between(earlier, later, region, "area_id", "a", "medelbetyg")
    assert out["value"].tolist()[0] == 1.5
    assert out["value"].isna().tolist() == [False, True, True]
    assert trends.change_limit(out["value"], "medelbetyg") == pytest.approx(1.6)
    assert trends.change_limit(pd.Series([0.0]), "medelbetyg") == pytest.approx(0.4)


def _survey(roles_and_ratings):
    """(kommun, roll, betyg_a, prio_1) → responses, ratings."""
    responses = pd.DataFrame(
        [
            {
                "respondent": i + 1,
                "kommun_kod": k,
                "roll": r,
                "prio_1": p,
                "prio_2": None,
                "prio_3": None,
            }
            for i, (k, r, _, p) in enumerate(roles_and_ratings)
        ]
    )
    ratings = pd.DataFrame(
        [
            {"respondent": i + 1, "area_id": area, "betyg": b if area == "a" else pd.NA}
            for i, (_, _, b, _) in enumerate(roles_and_ratings)
            for area in ("a", "b")
        ]
    ).astype({"betyg": "Int64"})
    return responses, ratings


def test_a_role_of_three_is_shown_and_a_role_of_one_never():
    responses, ratings = _survey(
        [
            ("0780", "tjänsteperson", 4, "a"),
            ("0780", "tjänsteperson", 5, None),
            ("0780", "tjänsteperson", 3, None),
        ]
    )
    cells = roles.role_cells(responses, ratings, "medelbetyg", taxonomy=TAX)
    a = cells.loc[(cells["id"] == "a")].set_index("omfang")
    assert a.loc["region", "value"] == 4.0
    assert a.loc["region", "n"] == 3
    assert a.loc["0780", "value"] == 4.0
    assert not a.loc["0780", "undertryckt"]
    prio = roles.role_cells(responses, ratings, "prioriteringspoang", taxonomy=TAX)
    assert prio.loc[(prio["id"] == "a") & (prio["omfang"] == "region"), "value"].item() == 1.0


def test_the_others_never_reveal_one_person():
    # three tjänstepersoner and one förtroendevald: showing the tjänstepersoner beside the
    # municipality's mean over all four would reveal the förtroendevald's rating
    responses, ratings = _survey(
        [
            ("0780", "tjänsteperson", 4, None),
            ("0780", "tjänsteperson", 4, None),
            ("0780", "tjänsteperson", 4, None),
            ("0780", "förtroendevald", 1, None),
        ]
    )
    cells = roles.role_cells(responses, ratings, "medelbetyg", taxonomy=TAX)
    a = cells.loc[cells["id"] == "a"]
    assert a["undertryckt"].all()
    assert a["value"].isna().all()
    assert a["n"].isna().all()


def test_across_municipalities_the_region_does_not_reveal_one_person():
    rows = [("0780", "förvaltningschef", 5, None)] * 3 + [("0765", "förvaltningschef", 1, None)]
    rows += [("0765", "tjänsteperson", 3, None)] * 3
    responses, ratings = _survey(rows)
    cells = roles.role_cells(responses, ratings, "medelbetyg", taxonomy=TAX)
    a = cells.loc[cells["id"] == "a"].set_index(["omfang", "roll"])
    assert a.loc[("region", "förvaltningschef"), "n"] == 4
    # 0780's three förvaltningschefer would give away 0765's one by subtraction
    assert a.loc[("0780", "förvaltningschef"), "undertryckt"]
    assert a.loc[("0765", "förvaltningschef"), "undertryckt"]


@pytest.mark.parametrize("seed", range(12))
def test_no_shown_cell_rests_on_fewer_than_three(seed):
    rng = np.random.default_rng(seed)
    rows = [
        (
            str(rng.choice(["0780", "0765", "0767"])),
            rng.choice(["kommundirektör", "tjänsteperson", "annan", None]),
            int(rng.integers(1, 6)) if rng.random() > 0.2 else pd.NA,
            rng.choice(["a", "b", None]),
        )
        for _ in range(int(rng.integers(3, 25)))
    ]
    responses, ratings = _survey(rows)
    for measure in ("medelbetyg", "andel_angelaget", "prioriteringspoang"):
        cells = roles.role_cells(responses, ratings, measure, taxonomy=TAX)
        shown = cells.loc[~cells["undertryckt"]]
        assert (shown["n"] >= disclosure.MIN_COUNT).all()
        assert cells.loc[cells["undertryckt"], "value"].isna().all()


def test_theme_roles_roll_up_each_respondent_first():
    responses, ratings = _survey([("0780", "annan", 4, "a")] * 3)
    cells = roles.role_cells(responses, ratings, "prioriteringspoang", key="theme_id", taxonomy=TAX)
    assert cells.loc[cells["omfang"] == "region", "value"].item() == 3.0


def test_forms_and_cofinancing_shares():
    responses = pd.DataFrame(
        {
            "respondent": [1, 2, 3],
            "kommun_kod": ["0780", "0780", "0765"],
            "medfinansiering": ["ja", pd.NA, "vet ej"],
        }
    )
    forms = pd.DataFrame(
        {"respondent": [1, 2, 3, 3], "form_id": ["kurs", "kurs", "kurs", "praktik"]}
    )
    out = cofinancing.forms_summary(responses, forms, ["kurs", "praktik", "workshop"]).set_index(
        "form_id"
    )
    assert out.loc["kurs", "andel_svarande"] == 1.0
    assert out.loc["kurs", "antal_kommuner"] == 2
    assert out.loc["praktik", "antal_svarande"] == 1
    assert out.loc["workshop", "antal_svarande"] == 0
    assert out["av_kommuner"].tolist() == [2, 2, 2]
    mine = cofinancing.forms_summary(responses, forms, ["kurs", "praktik"], code="0780").set_index(
        "form_id"
    )
    assert mine.loc["praktik", "andel_svarande"] == 0.0
    assert mine.loc["kurs", "av_svarande"] == 2

    co = cofinancing.cofinancing_summary(responses).set_index("svar")
    assert co["antal_svarande"].tolist() == [1, 0, 0, 1, 1]
    assert co.loc["ja", "andel_svarande"] == pytest.approx(1 / 3)
    assert co["andel_svarande"].sum() == pytest.approx(1.0)
    assert co.loc["ja", "antal_kommuner"] == 1
    assert co.loc["ja", "av_kommuner"] == 2
    region = pd.DataFrame({"kommun_kod": ["0780", "0765", "0767"], "kommun": ["V", "Ä", "M"]})
    values = cofinancing.cofinancing_map_values(responses, region)
    assert values["value"].tolist()[:2] == [0.5, 0.0]
    assert np.isnan(values["value"].tolist()[2])
    assert values["n"].tolist() == [2, 1, 0]
