"""Kommunprofil's comparison and the Jämför page through AppTest: URLs restore the view."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import i18n
from tests.pages.shown import html_notes
from tests.pages.test_pages import APP, TIMEOUT, open_page, shown_text

JAMFOR = "pages/jamfor.py"
PROFILE = "pages/kommunprofil.py"


def open_directly(page: str, **query: str) -> AppTest:
    """Open ``page`` as the first run of a new session, as a shared link opens in a new browser."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.query_params.update(query)
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def figure_of(app: AppTest, index: int = 0) -> dict:
    """The plotly figure of the page's ``index``-th chart, as plotly JSON."""
    import json

    return json.loads(app.get("plotly_chart")[index].proto.spec)


def heatmap_rows(app) -> list[str]:
    """The heatmap's row labels, top to bottom (the region's mean last)."""
    import json

    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    return figure["data"][0]["y"]


def test_jamfor_url_restores_the_whole_view() -> None:
    app = open_directly(
        JAMFOR,
        kommun="0781",
        kommuner="0781,0765,0780",
        omgang="2023",
        niva="area",
        matt="andel_angelaget",
        sortera_area="integration",
    )
    assert app.multiselect(key="kommuner").value == ["0781", "0765", "0780"]
    assert app.selectbox(key="omgang").value == "2023"
    assert app.selectbox(key="matt").value == "andel_angelaget"
    assert app.selectbox(key="sortera_area").value == "integration"
    assert "Andel angeläget (4–5) – 3 kommuner, omgång 2023" in shown_text(app)
    rows = heatmap_rows(app)
    assert sorted(rows[:-1]) == sorted(["Ljungby", "Älmhult", "Växjö"])
    assert rows[-1] == "Regionens medel"
    # the URL still says the same after the run (it is the link a user copies)
    assert app.query_params["kommuner"] == "0781,0765,0780"
    assert app.query_params["sortera_area"] == "integration"


def test_jamfor_sorts_rows_by_the_chosen_area() -> None:
    app = open_page(JAMFOR, kommun="0780", kommuner="0780,0781,0765,0767", niva="area")
    app.selectbox(key="matt").select("medelbetyg").run()
    app.selectbox(key="sortera_area").select("bostadsplanering").run()
    import json

    trace = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    column = trace["x"].index("Bostadsplanering")
    values = [row[column] for row in trace["z"][:-1]]
    assert values == sorted(values, reverse=True)


def test_jamfor_defaults_to_the_municipality_and_its_neighbours() -> None:
    app = open_page(JAMFOR, kommun="0885")
    assert app.multiselect(key="kommuner").value == ["0885", "0840"]


@pytest.mark.parametrize(
    ("shortcut", "expected"),
    [
        ("grannar", ["0767", "0781", "0765"]),
        ("samma_lan", ["0767", "0760", "0761", "0763", "0764", "0765", "0780", "0781"]),
    ],
)
def test_jamfor_shortcuts_set_the_comparison(shortcut: str, expected: list[str]) -> None:
    app = open_page(JAMFOR, kommun="0767", kommuner="0767,0880")
    app.button_group(key="genvag").set_value(shortcut).run()
    assert app.multiselect(key="kommuner").value == expected
    assert app.query_params["kommuner"] == ",".join(expected)
    assert app.button_group(key="genvag").value is None  # a quick choice, not a state


def test_jamfor_shortcut_similar_uses_the_five_most_similar() -> None:
    from ui import data

    app = open_page(JAMFOR, kommun="0781", kommuner="0781,0880", omgang="2024")
    app.button_group(key="genvag").set_value("liknande").run()
    similar = list(data.similar("0781", "2024").table["kommun_kod"])
    assert app.multiselect(key="kommuner").value == ["0781", *similar]


def test_jamfor_bad_codes_in_the_url_give_a_notice_and_are_skipped() -> None:
    app = open_page(JAMFOR, kommun="0780", kommuner="0780,9999,0765")
    assert app.multiselect(key="kommuner").value == ["0780", "0765"]
    assert any("9999" in t.value for t in app.toast)


def test_jamfor_nothing_valid_in_the_url_gives_a_notice_and_the_default() -> None:
    app = open_directly(JAMFOR, kommun="0885", kommuner="abc,<script>", matt="nonsense")
    assert app.multiselect(key="kommuner").value == ["0885", "0840"]
    toasts = " ".join(t.value for t in app.toast)
    assert "abc" in toasts
    assert "nonsense" in toasts
    assert not app.exception


def test_jamfor_with_one_municipality_asks_for_two() -> None:
    app = open_page(JAMFOR, kommun="0780", kommuner="0780")
    assert i18n.t("jamfor_for_fa", "sv") in [i.value for i in app.info]
    assert not app.get("plotly_chart")


def test_jamfor_in_english_shows_no_swedish_page_text() -> None:
    swedish_only = {
        texts["sv"]
        for texts in i18n.load_texts().values()
        if texts["sv"] != texts["en"] and "{" not in texts["sv"] and len(texts["sv"]) > 6
    }
    for page in (JAMFOR, PROFILE):
        text = shown_text(open_page(page, lang="en", kommun="0781"))
        assert not sorted(s for s in swedish_only if s in text), page


def test_jamfor_heatmap_has_a_text_alternative_from_the_data() -> None:
    app = open_page(JAMFOR, kommun="0781", kommuner="0781,0765", niva="theme")
    sentence = next(n for n in html_notes(app) if n.startswith("2 kommuner, 5 teman"))
    assert "Högst:" in sentence
    assert "Störst spridning:" in sentence


@pytest.mark.parametrize(("code", "name"), [("0880", "Kalmar"), ("0767", "Markaryd")])
def test_profile_url_restores_the_view(code: str, name: str) -> None:
    app = open_directly(PROFILE, kommun=code, omgang="2023", niva="theme", matt="andel_angelaget")
    assert app.title[0].value == name
    assert app.selectbox(key="omgang").value == "2023"
    assert app.selectbox(key="matt").value == "andel_angelaget"
    assert "Andel angeläget (4–5): kommunen, grannkommunerna och regionen" in shown_text(app)


def test_profile_bad_measure_in_the_url_gives_a_notice() -> None:
    app = open_directly(PROFILE, kommun="0880", matt="bogus")
    assert app.title[0].value == "Kalmar"
    assert app.selectbox(key="matt").value == "medelbetyg"  # the profile's default
    assert any("bogus" in t.value for t in app.toast)


def test_profile_compares_with_neighbours_and_lists_outside_ones() -> None:
    app = open_page(PROFILE, kommun="0767", omgang="2024", niva="area")
    app.selectbox(key="matt").select("medelbetyg").run()
    text = shown_text(app)
    assert "Laholm (utanför regionen)" in text
    legend = [trace.get("name") for trace in figure_of(app)["data"]]
    assert {"Markaryd", "Grannkommunernas medel", "Regionens medel"} <= set(legend)
    assert "Skillnader mot grannkommunerna" in text
    assert "Kommuner med liknande utmaningar" in text
    labels = figure_of(app)["data"][1]["y"]
    assert all("(n=" in label for label in labels)  # n beside each figure


def test_profile_similar_links_open_profiles_and_jamfor() -> None:
    app = open_page(PROFILE, kommun="0781", omgang="2024")
    lines = [line for m in app.markdown for line in m.value.splitlines()]
    links = [line for line in lines if line.startswith("- **[")]
    assert len(links) == 5
    assert any("jamfor?kommun=0781&kommuner=0781," in m.value for m in app.markdown)


def test_jamfor_marks_cells_resting_on_one_respondent() -> None:
    from ui import data

    app = open_directly(JAMFOR, kommun="0780", kommuner="0780,0683", niva="area", matt="medelbetyg")
    trace = figure_of(app)["data"][0]
    counts = data.per_municipality("2024", "area").set_index(["kommun_kod", "area_id"])
    column = trace["x"].index("Integration")
    for row, code in zip(trace["text"][:-1], ["0780", "0683"], strict=True):
        single = counts.at[(code, "integration"), "antal_svarande"] == 1
        assert row[column].endswith("*") == single
    assert i18n.t("fa_svar_markering", "sv") in html_notes(app)


def test_jamfor_more_than_twelve_in_the_url_keeps_twelve_with_a_notice() -> None:
    from ui import data

    codes = list(data.region()["kommun_kod"][:13])
    app = open_directly(JAMFOR, kommun=codes[0], kommuner=",".join(codes))
    assert app.multiselect(key="kommuner").value == codes[:12]
    assert any(codes[12] in t.value for t in app.toast)
