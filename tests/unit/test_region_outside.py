"""A round with municipalities outside the region (published before the region file changed):
kept, counted, and left out of every figure (linnedata.views.dataset.Dataset)."""

from __future__ import annotations

from linnedata import demo
from linnedata.places.region import default_region
from linnedata.taxonomy import default_taxonomy
from linnedata.views.dataset import Dataset


def test_municipalities_outside_the_region_are_counted_and_left_out_of_the_figures() -> None:
    surveys = demo.load_demo()
    region = default_region()
    kronoberg = region[region["lan_kod"] == "07"].reset_index(drop=True)
    answered = set().union(*(set(s.responses["kommun_kod"]) for s in surveys.values()))
    data = Dataset(surveys, kronoberg, default_taxonomy())
    assert data.outside_region == len(answered - set(kronoberg["kommun_kod"]))
    survey = data.surveys["2024"]
    assert set(survey.responses["kommun_kod"]) <= set(kronoberg["kommun_kod"])
    kept = set(survey.responses["respondent"])
    assert set(survey.ratings["respondent"]) == kept
    assert set(survey.forms["respondent"]) <= kept
    assert set(data.per_municipality("2024", "area")["kommun_kod"]) <= set(kronoberg["kommun_kod"])
    whole = Dataset(surveys, region, default_taxonomy())
    assert whole.outside_region == 0
    assert whole.surveys["2024"] is surveys["2024"]  # nothing to cut: the same survey
