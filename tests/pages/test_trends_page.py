"""Över tid och per roll: the trend against an independent computation from the demo's raw
answers, role cells never resting on fewer than three respondents, forms and co-financing
counts, in both languages."""

from __future__ import annotations

import html

import pytest

from linnedata import demo, i18n
from linnedata.figures import disclosure
from tests.pages.inline_markup import first_map
from tests.pages.shown import html_notes, html_tables
from tests.pages.test_pages import open_page

PAGE = "pages/trender.py"
AREA = "bostadsplanering"


def independent_region_means(area: str) -> dict[str, float]:
    """Per round: the mean over municipalities of each one's mean rating of ``area``."""
    out = {}
    for label, survey in demo.load_demo().items():
        rated = survey.ratings.loc[survey.ratings["area_id"] == area].dropna(subset=["betyg"])
        rated = rated.merge(survey.responses[["respondent", "kommun_kod"]], on="respondent")
        out[label] = float(rated.groupby("kommun_kod")["betyg"].mean().mean())
    return out


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_trend_is_the_region_mean_of_every_round(lang: str) -> None:
    app = open_page(PAGE, lang=lang, niva="area", objekt_area=AREA, matt="medelbetyg")
    assert i18n.t("demo_notis", lang) in [w.value for w in app.warning]
    trend = html_tables(app)[0]
    expected = independent_region_means(AREA)
    assert list(trend.iloc[:, 0]) == sorted(expected)
    shown = [float(str(v).replace(",", ".")) for v in trend.iloc[:, 1]]
    assert shown == pytest.approx([expected[r] for r in sorted(expected)], abs=0.051)
    assert all(int(n) > 0 for n in trend.iloc[:, 2])  # n beside every value
    first = sorted(expected)[0]
    assert any(f" {first} (" in note for note in html_notes(app))  # the figure in words, with n


def test_a_municipality_sees_its_own_line_and_respondents() -> None:
    app = open_page(PAGE, vem="0780", niva="area", objekt_area=AREA, matt="medelbetyg")
    trend = html_tables(app)[0]
    assert "Växjö" in trend.columns
    for label, survey in demo.load_demo().items():
        people = survey.responses.loc[survey.responses["kommun_kod"] == "0780", "respondent"]
        rated = survey.ratings.loc[
            survey.ratings["respondent"].isin(people) & (survey.ratings["area_id"] == AREA)
        ].dropna(subset=["betyg"])
        row = trend.loc[trend.iloc[:, 0] == label].iloc[0]
        assert int(row.iloc[4]) == rated["respondent"].nunique()
        if len(rated):
            assert float(str(row["Växjö"]).replace(",", ".")) == pytest.approx(
                rated["betyg"].mean(), abs=0.051
            )


def test_no_role_cell_rests_on_fewer_than_three_respondents() -> None:
    for code in ("region", "0780", "0880", "0604"):
        app = open_page(PAGE, vem=code, niva="area", objekt_area=AREA, matt="medelbetyg")
        roles = html_tables(app)[1]
        for value in roles.iloc[:, 1:].to_numpy().ravel():
            if value == "..":
                continue
            n = int(str(value).split("n = ")[1].rstrip(")"))
            assert n >= 3, (code, value)


def test_forms_and_cofinancing_count_the_latest_round() -> None:
    app = open_page(PAGE, vem="0780")
    survey = demo.load_demo()["2024"]
    people = survey.responses.loc[survey.responses["kommun_kod"] == "0780"]
    forms, cofinancing = html_tables(app)[2:4]
    chosen = survey.forms.loc[survey.forms["respondent"].isin(people["respondent"])]
    research = chosen.loc[chosen["form_id"] == "forskning", "respondent"].nunique()
    yes = int((people["medfinansiering"] == "ja").sum())
    for shown, k in ((forms.iloc[0, 1], research), (cofinancing.iloc[0, 1], yes)):
        if disclosure.is_hidden(k):  # the one small-numbers rule: 1 or 2 respondents
            assert shown == ".."
        else:
            assert shown.startswith(f"{k} av {len(people)}")
    cells = [*forms.iloc[:, 1], *cofinancing.iloc[:, 1]]
    assert ".." in cells  # the demo's Växjö has answers resting on 1 or 2 people
    assert not any(c.startswith(("1 av", "2 av")) for c in cells)


def test_the_cofinancing_map_counts_the_willing_municipalities() -> None:
    app = open_page(PAGE)
    survey = demo.load_demo()["2024"]
    answered = survey.responses.groupby("kommun_kod")["medfinansiering"]
    willing = int(answered.apply(lambda s: s.isin(["ja", "kanske"]).any()).sum())
    expected = i18n.t(
        "trender_medfinansiering_mening",
        some=willing,
        n=survey.responses["kommun_kod"].nunique(),
        none=38 - survey.responses["kommun_kod"].nunique(),
    )
    svg = first_map(app)
    assert 'class="kartnot"' in svg  # the map's sentence is in its own element
    assert html.escape(expected) in svg
    assert svg.count("kommunprofil?kommun=") == 38
