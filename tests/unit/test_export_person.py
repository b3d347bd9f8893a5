"""Downloads that open right in a Swedish Excel (issue 20 §4): for a person in Swedish ";"
and a decimal comma, readable headers, shares as per cent, whole numbers whole; in English
"," and a point; the machine-readable variant unchanged."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from linnedata import demo, export, i18n, taxonomy
from linnedata.figures import measures
from linnedata.places import region
from linnedata.views import overview
from linnedata.views.dataset import Dataset

HEADER = ["Källa: enkäten 2024", "Mått: andel"]
SHARES = {m for m in measures.MEASURES if measures.get(m).percent}


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": ["bostad", "skola"],
            "namn": ["Bostadsplanering", "=Skola"],
            "andel_angelaget": [0.62857, 0.5],
            "andel_angelaget_2023": [0.71, None],
            "medelbetyg": [3.85238, 3.0],
            "antal_kommuner": [35.0, 34.0],  # counts stored as floats
            "n": [12, 3],
        }
    )


@pytest.mark.parametrize(("lang", "sep", "decimal"), [("sv", ";", ","), ("en", ",", ".")])
def test_a_download_for_a_person_reads_back_as_the_figures(
    lang: str, sep: str, decimal: str
) -> None:
    data = export.person_csv(_table(), lang, HEADER, SHARES)
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[:2] == [f'"{h}"' for h in HEADER]
    assert lines[2].split(sep)[0] == i18n.t("export_kol_area_id", lang)
    back = pd.read_csv(io.StringIO(text), sep=sep, decimal=decimal, skiprows=len(HEADER))
    share = i18n.t("matt_andel_angelaget", lang)
    assert back.columns.tolist() == [
        i18n.t("export_kol_area_id", lang),
        i18n.t("export_kol_namn", lang),
        f"{share} (%)",
        f"{share} 2023 (%)",
        i18n.t("matt_medelbetyg", lang),
        i18n.t("export_kol_antal_kommuner", lang),
        i18n.t("export_kol_n", lang),
    ]
    assert back[f"{share} (%)"].tolist() == [62.9, 50.0]
    assert back[f"{share} 2023 (%)"].tolist()[0] == 71.0
    assert back[i18n.t("matt_medelbetyg", lang)].tolist() == [3.85, 3.0]
    assert back[i18n.t("export_kol_antal_kommuner", lang)].tolist() == [35, 34]
    assert back[i18n.t("export_kol_namn", lang)].tolist()[1] == "'=Skola"  # still neutralised
    # Whole numbers whole, and no "3.0"/"3,0" anywhere.
    row = lines[4].split(sep)
    assert (row[2], row[4], row[5]) == ("50", "3", "34")
    assert f"62{decimal}9" in lines[3]


def test_the_machine_readable_variant_keeps_raw_names_and_points() -> None:
    text = export.csv_bytes(_table()).decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "area_id,namn,andel_angelaget,andel_angelaget_2023,medelbetyg,antal_kommuner,n"
    )
    back = pd.read_csv(io.StringIO(text))
    assert back["andel_angelaget"].tolist() == [0.62857, 0.5]


def test_the_overviews_download_in_swedish_matches_an_independent_computation() -> None:
    data = Dataset(
        demo.load_demo(), region.default_region(), taxonomy.default_taxonomy(), is_demo=True
    )
    view = overview.overview(data, "2024", "area", "andel_angelaget", "sv")
    text = export.person_csv(view.export, "sv", shares=SHARES).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    share = f"{i18n.t('matt_andel_angelaget')} (%)"
    expected = (view.export["andel_angelaget"] * 100).round(1).tolist()
    assert back[share].tolist() == pytest.approx(expected)
    assert back[i18n.t("export_kol_antal_kommuner")].dtype.kind == "i"
    assert f"{i18n.t('matt_andel_angelaget')} 2023 (%)" in back.columns


def test_the_seminar_programme_download_writes_a_score_as_a_whole_number() -> None:
    from linnedata import seminars as sm
    from linnedata.views import seminars as seminar_views
    from tests.unit.test_seminars import EIGHT_BY_FOUR

    plan = sm.plan_seminars(EIGHT_BY_FOUR, sm.Settings(2, 3, 5))
    matching = type("Matching", (), {"matches": None, "gaps": None})()
    labels = {t: t for t in EIGHT_BY_FOUR.topics}
    _, data = seminar_views.downloads(plan, matching, labels, "2024", "sv", is_demo=False)
    text = data.decode("utf-8-sig")
    table = text.splitlines()[next(i for i, x in enumerate(text.splitlines()) if "Poäng" in x) :]
    back = pd.read_csv(io.StringIO("\n".join(table)), sep=";", decimal=",", dtype=str)
    assert set(back["Poäng"]) <= {"1", "2", "3"}  # not "3.0"
    assert "Kommunkod" in back.columns


def test_the_stewards_responses_for_a_person_read_back_row_for_row() -> None:
    from linnedata.figures.responses import response_table
    from ui.steward import shown_responses

    responses = response_table(demo.load_demo()["2024"])
    data = export.person_csv(shown_responses(responses), "sv", ["Omgång 2024"])
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", skiprows=1, encoding="utf-8-sig")
    assert len(back) == len(responses)
    assert "kommun_kod" not in back.columns  # readable headers, not the contract's
    assert back.shape[1] == responses.shape[1]
