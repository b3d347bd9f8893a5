"""The steward's link files and tracking views: formula-safe, escaped, translated."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import load_workbook

from linnedata import i18n
from linnedata.questionnaire import demo as questionnaire_demo
from linnedata.questionnaire import sheets, tracking
from linnedata.views import questionnaire as views

LINKS = pd.DataFrame(
    {
        "kommun_kod": ["0780", "9999"],
        "kommun": ["Växjö", '=HYPERLINK("x")<b>'],
        "url": ["/enkat?t=abc", "/enkat?t=def"],
    }
)


def test_link_files_neutralise_formulas_and_escape_html():
    table = sheets.with_address(LINKS, "https://enkat.example/")
    assert table["lank"].tolist() == [
        "https://enkat.example/enkat?t=abc",
        "https://enkat.example/enkat?t=def",
    ]
    text = sheets.links_csv(table, "2026", "sv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert i18n.t("enkat_lankar_fil", "sv", round="2026") in text
    sheet = load_workbook(io.BytesIO(sheets.links_xlsx(table, "2026", "en"))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert '\'=HYPERLINK("x")<b>' in cells
    page = sheets.links_html(table, "2026", "sv").decode()
    assert "&lt;b&gt;" in page
    assert "<b>" not in page.split("<body>")[1]
    assert "https://enkat.example/enkat?t=abc" in page


def test_the_tracking_table_and_rate_are_translated_and_counted():
    tracked = questionnaire_demo.open_round_tracking()
    table = views.tracking_table(tracked, "en")
    assert list(table.columns)[:3] == ["Municipality", "Code", "State"]
    answered = int((tracked["submitted"] > 0).sum())
    assert (table["State"] == "Answered").sum() == answered
    rate = tracking.rate_over_time(tracked, questionnaire_demo.OPEN_ROUND_OPENS, date(2025, 9, 30))
    assert rate["kommuner"].is_monotonic_increasing
    assert rate["kommuner"].iloc[-1] == answered
    assert rate["andel"].iloc[-1] == answered / len(tracked)
    figure = views.rate_figure(rate, "sv")
    assert figure.layout.separators == ", "


def test_the_response_map_colours_by_state_and_names_each_municipality():
    from linnedata.places import geo
    from linnedata.places.region import default_region
    from linnedata.views.maps import Geography

    region = default_region()
    municipalities, counties = geo.map_shapes(region["kommun_kod"].tolist())
    tracked = questionnaire_demo.open_round_tracking(region)
    svg = views.response_map(Geography(municipalities, counties), tracked, "sv")
    assert svg.count(views.SENT_FILL) >= int((tracked["submitted"] > 0).sum())
    assert "Inget svar ännu" in svg
    assert i18n.t("enkat_karta_namn", "sv") in svg


def test_the_demo_open_round_is_deterministic():
    assert questionnaire_demo.open_round_tracking().equals(questionnaire_demo.open_round_tracking())


def _rate_from(opens: date, days: int) -> pd.DataFrame:
    from datetime import timedelta

    return pd.DataFrame(
        {
            "dag": [opens + timedelta(days=i) for i in range(days)],
            "kommuner": list(range(days)),
            "andel": [i / days for i in range(days)],
        }
    )


def test_the_rate_chart_names_months_in_swedish_not_plotlys_english():
    rate = _rate_from(date(2025, 4, 28), 50)  # end of April into June: maj/May differ
    swedish = views.rate_figure(rate, "sv").layout.xaxis
    english = views.rate_figure(rate, "en").layout.xaxis
    assert swedish.type == "date"
    assert swedish.ticktext[:3] == ("28 apr", "5 maj", "12 maj")
    assert english.ticktext[:3] == ("Apr 28", "May 5", "May 12")
    assert not any("May" in text or "Jun" in text for text in swedish.ticktext)
    assert any(text.endswith(" jun") for text in swedish.ticktext)
    assert swedish.tickvals[:2] == ("2025-04-28", "2025-05-05")
    assert len(swedish.ticktext) <= 8


def test_the_rate_charts_hover_names_the_day_in_the_pages_language():
    rate = _rate_from(date(2025, 10, 6), 3)
    trace = views.rate_figure(rate, "sv").data[0]
    assert [tuple(c) for c in trace.customdata] == [
        ("6 okt 2025", 0),
        ("7 okt 2025", 1),
        ("8 okt 2025", 2),
    ]
    assert "%{x}" not in trace.hovertemplate
    assert views.rate_figure(rate, "en").data[0].customdata[0][0] == "Oct 6, 2025"
    assert views.rate_figure(rate, "sv").layout.xaxis.ticktext == ("6 okt", "7 okt", "8 okt")


def test_a_rate_over_new_year_puts_the_year_on_the_first_tick_of_each():
    rate = _rate_from(date(2025, 12, 1), 70)
    ticks = views.rate_figure(rate, "sv").layout.xaxis.ticktext
    assert ticks[0] == "1 dec 2025"
    assert sum(text.endswith("2026") for text in ticks) == 1
    assert all(not text.endswith("2025") for text in ticks[1:])


def test_every_language_has_twelve_month_names():
    for lang in i18n.LANGUAGES:
        assert len(i18n.t("manader_kort", lang).split()) == 12


def test_the_tracking_view_counts_names_and_tabulates_the_rate():
    from linnedata.places import geo
    from linnedata.places.region import default_region
    from linnedata.views.maps import Geography

    region = default_region()
    geography = Geography(*geo.map_shapes(region["kommun_kod"].tolist()))
    tracked = questionnaire_demo.open_round_tracking(region)
    opens = questionnaire_demo.OPEN_ROUND_OPENS
    shown = views.tracking_view(geography, tracked, opens, date(2025, 9, 30), "en")
    assert shown.invited == len(tracked)
    assert shown.answered == int((tracked["submitted"] > 0).sum())
    assert shown.started == int((tracked["started"] > 0).sum())
    assert shown.response_map.startswith("<")
    assert str(shown.answered) in shown.rate_name
    assert shown.rate_table.iloc[-1, 1] == shown.answered
    assert list(shown.table.columns)[:2] == ["Municipality", "Code"]
    swedish = views.tracking_view(geography, tracked, opens, date(2025, 9, 30), "sv")
    assert "," in swedish.rate_table.iloc[-1, 2]  # decimal comma
    assert "." in shown.rate_table.iloc[-1, 2]


def test_the_steward_page_makes_a_tracking_view_once_per_answers():
    from ui import questionnaire_steward as steward_page

    tracked = questionnaire_demo.open_round_tracking()
    opens = questionnaire_demo.OPEN_ROUND_OPENS
    first = steward_page._view(steward_page._answers_key(tracked), tracked, opens, opens, "sv")
    again = tracked.copy()
    same = steward_page._view(steward_page._answers_key(again), again, opens, opens, "sv")
    assert same is first
    again.loc[0, "submitted"] += 1
    changed = steward_page._view(steward_page._answers_key(again), again, opens, opens, "sv")
    assert changed is not first
    assert (
        steward_page._view(steward_page._answers_key(tracked), tracked, opens, opens, "en")
        is not first
    )


def test_the_steward_page_reads_the_store_once_a_while_and_at_once_after_its_own_change(
    tmp_path,
):
    from linnedata.store import Store
    from ui import data
    from ui import questionnaire_steward as steward_page

    store = Store(f"sqlite:///{tmp_path}/store.sqlite")
    asked = []

    def ask(_store):
        asked.append(1)
        return len(asked)

    data.forget_revisions()
    assert steward_page._read(store, "test", ask) == 1
    assert steward_page._read(store, "test", ask) == 1  # within REVISION_CHECK_SECONDS: kept
    steward_page._run(lambda: "done")  # a callback's change (no Streamlit session: no message)
    assert steward_page._read(store, "test", ask) == 2
