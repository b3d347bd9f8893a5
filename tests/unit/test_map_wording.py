"""The mini-map draws the neighbours outside the region; "Inget svar" vs "inte besvarat"."""

from __future__ import annotations

import pandas as pd

from linnedata import i18n
from linnedata.demo import load_demo
from linnedata.figures import measures
from linnedata.places import geo
from linnedata.places.region import default_region
from linnedata.taxonomy import default_taxonomy
from linnedata.views import maps
from linnedata.views.dataset import Dataset

REGION = default_region()
DATA = Dataset(load_demo(), REGION, default_taxonomy(), is_demo=True)
GEOGRAPHY = maps.Geography(*geo.map_shapes(REGION["kommun_kod"].tolist()))


def test_the_locator_draws_the_neighbours_outside_the_region_hatched_and_unlinked() -> None:
    near = DATA.neighbours("0767")  # Markaryd borders Halland and Skåne
    outside = near.loc[~near["i_regionen"], "kommun_kod"].tolist()
    assert outside, "Markaryd has neighbours outside the region"
    svg = maps.locator_map(DATA, GEOGRAPHY, "0767", "2024", "sv")
    label = i18n.t("grannkommun_utanfor", "sv")
    for code in outside:
        assert f'class="kommun k{code} saknas"' in svg
        assert f'href="kommunprofil?kommun={code}' not in svg
    assert label in svg
    assert 'href="kommunprofil?kommun=0780' in svg  # in-region municipalities keep their link


def test_a_municipality_that_answered_but_left_the_area_blank_reads_inte_besvarat() -> None:
    area = DATA.per_municipality("2024", "area")
    answered = set(DATA.coverage("2024").per_municipality.query("respondents > 0")["kommun_kod"])
    blank = area.loc[area["medelbetyg"].isna() & area["kommun_kod"].isin(answered)]
    assert not blank.empty, "the demo has an answered municipality with a blank area"
    code, area_id = blank.iloc[0][["kommun_kod", "area_id"]]
    view = maps.measure_map(DATA, GEOGRAPHY, "2024", "area", area_id, "medelbetyg", "sv")
    name = DATA.names[code]
    assert f"{name} – {i18n.t('karta_inte_besvarat', 'sv')}" in view.svg
    silent = sorted(set(REGION["kommun_kod"]) - answered)[0]
    assert f"{DATA.names[silent]} – {i18n.t('inget_svar', 'sv')}" in view.svg
    assert i18n.t("karta_inget_varde", "sv") in view.svg  # the legend names both
    assert pd.isna(
        measures.map_values(area, REGION, "area_id", area_id, "medelbetyg")
        .set_index("kommun_kod")
        .loc[code, "value"]
    )
