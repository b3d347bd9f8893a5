"""Every page through Streamlit's AppTest, from app.py, as a user would drive it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import i18n
from tests.pages.inline_markup import first_map
from tests.pages.shown import html_notes, html_text, open_expander
from ui import data

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["pages/oversikt.py", "pages/karta.py", "pages/kommunprofil.py"]
TIMEOUT = 60


def open_page(page: str, **query: str) -> AppTest:
    """Run app.py, switch to ``page`` with ``query`` in the URL, and return the test app."""
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.query_params.update(query)
    app.run()
    if page != PAGES[0]:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown_text(app: AppTest) -> str:
    """Everything a user reads on the page, as one string."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "text",
            "warning",
            "info",
        )
        for e in getattr(app, kind)
    ]
    parts += [m.label + " " + str(m.value) for m in app.metric]
    parts.append(html_text(app))  # maps, notes under charts and maps, tables
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_runs_and_says_the_data_is_fictional(page: str, lang: str) -> None:
    app = open_page(page, lang=lang)
    assert i18n.t("demo_notis", lang) in [w.value for w in app.warning]


def test_overview_counts_municipalities_that_answered() -> None:
    app = open_page(PAGES[0], omgang="2024")
    metric = app.metric[0]
    assert metric.label == "Kommuner som svarat"
    answered, invited = (int(x) for x in metric.value.split(" av "))
    assert invited == 38
    assert 30 <= answered < 38


def test_overview_changing_the_measure_changes_the_ranking() -> None:
    app = open_page(PAGES[0])
    before = shown_text(app)
    app.selectbox(key="matt").select("medelbetyg").run()
    after = shown_text(app)
    assert "Medelbetyg (1–5)" in after
    assert before != after
    assert app.query_params["matt"] == "medelbetyg"


def test_map_changing_theme_changes_the_map_summary() -> None:
    app = open_page(PAGES[1], niva="theme")
    summary = [n for n in html_notes(app) if n.startswith("Kartan i text")]
    app.selectbox(key="objekt_theme").select("skola").run()
    changed = [n for n in html_notes(app) if n.startswith("Kartan i text")]
    assert summary
    assert changed
    assert summary != changed


@pytest.mark.parametrize(
    ("code", "name"), [("0780", "Växjö"), ("0880", "Kalmar"), ("1080", "Karlskrona")]
)
def test_kommun_in_the_url_opens_that_profile(code: str, name: str) -> None:
    app = open_page(PAGES[2], kommun=code, omgang="2024")
    assert app.title[0].value == name
    assert app.selectbox(key="kommun").value == code


def test_invalid_kommun_in_the_url_falls_back_without_exception() -> None:
    app = open_page(PAGES[2], kommun="9999")
    assert app.title[0].value == "Växjö"
    assert any("9999" in t.value for t in app.toast)


def test_english_pages_show_no_swedish_page_text() -> None:
    swedish_only = {
        texts["sv"]
        for key, texts in i18n.load_texts().items()
        if texts["sv"] != texts["en"] and "{" not in texts["sv"] and len(texts["sv"]) > 6
    }
    for page in PAGES:
        text = shown_text(open_page(page, lang="en", kommun="0780"))
        leaked = sorted(s for s in swedish_only if s in text)
        assert not leaked, (page, leaked)


def test_every_municipality_on_the_map_links_to_its_profile_in_that_round() -> None:
    app = open_page(PAGES[1], omgang="2023")
    svg = first_map(app, "kommunkarta")
    links = dict(re.findall(r'href="kommunprofil\?kommun=(\d{4})&amp;omgang=(\d{4})"', svg))
    assert sorted(links) == sorted(data.region()["kommun_kod"])
    assert set(links.values()) == {"2023"}


def test_following_a_map_link_opens_that_profile() -> None:
    app = open_page(PAGES[2], kommun="0880", omgang="2023")
    assert app.title[0].value == "Kalmar"
    assert app.selectbox(key="omgang").value == "2023"


def test_language_switch_translates_the_page() -> None:
    app = open_page(PAGES[0])
    assert app.title[0].value == "Regionens utmaningar"
    app.sidebar.segmented_control(key="lang_switch").set_value("en").run()
    assert app.title[0].value == "The region's challenges"
    assert app.query_params["lang"] == "en"


def test_an_open_expander_stays_open_when_the_language_changes() -> None:
    """Streamlit makes an expander's identity from its label, so a language switch made a
    new, closed one (ui.opened keeps what was open; tabs: test_data_page). Seminarier's
    "Fler villkor" makes its group sizes only while it is open."""
    app = open_expander(open_page("pages/seminarier.py"), "sem_villkor")
    assert "max_per_grupp" in [box.key for box in app.selectbox], "open: its controls are made"
    app.sidebar.segmented_control(key="lang_switch").set_value("en").run()
    assert app.title[0].value == i18n.t("sem_rubrik", "en")
    assert "max_per_grupp" in [box.key for box in app.selectbox], "it closed on the switch"
    app.session_state["sem_villkor"] = False
    app.run()
    assert "max_per_grupp" not in [box.key for box in app.selectbox], "closed again"
    app.sidebar.segmented_control(key="lang_switch").set_value("sv").run()
    assert "max_per_grupp" not in [box.key for box in app.selectbox], "reopened on a switch back"


@pytest.mark.parametrize(
    "page",
    [
        "pages/oversikt.py",
        "pages/karta.py",
        "pages/kommunprofil.py",
        "pages/jamfor.py",
        "pages/trender.py",
        "pages/seminarier.py",
        "pages/kompetens.py",
    ],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_with_a_map_or_chart_names_its_sources(page: str, lang: str) -> None:
    """SCB's boundaries are credited, and how the values are made is said, on every page
    that draws a map or a chart (under its figure since issue 23: in the figure's element)."""
    app = open_page(page, lang=lang, kommun="0780")
    assert shown_text(app).count(i18n.t("kalla_scb", lang)) == 1
