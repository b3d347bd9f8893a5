"""The Seminarier page through AppTest: the plan follows the settings, errors are messages."""

from __future__ import annotations

import html
import re

import pytest

from linnedata import demo, i18n, markdown
from linnedata.figures import disclosure
from tests.pages.inline_markup import drawn
from tests.pages.shown import open_expander
from tests.pages.test_pages import open_page, shown_text
from ui import data

PAGE = "pages/seminarier.py"


def seminar_boxes(app) -> list[list[str]]:
    """Each seminar's lines (one Markdown block for the plan, seminars apart by a rule:
    title, municipalities, co-financing, researchers), Markdown escapes removed."""
    plans = [m.value for m in app.markdown if m.value.startswith("**") and "  \n" in m.value]
    boxes = [box for plan in plans for box in plan.split(markdown.BREAK)]
    return [[re.sub(r"\\(.)", r"\1", line) for line in box.split("  \n")] for box in boxes]


def plan_text(app) -> str:
    """The seminar boxes: titles and placement lines."""
    return "\n".join(line for box in seminar_boxes(app) for line in box)


def coverage(app, lang: str = "sv") -> tuple[int, int]:
    """The plan's coverage (covered, interested) as the page's figures line shows it."""
    label = re.escape(i18n.t("sem_tackning", lang))
    found = next(
        re.search(rf"{label}: \*\*(\d+) (?:av|of) (\d+)\*\*", m.value)
        for m in app.markdown
        if m.value.startswith(i18n.t("sem_tackning", lang))
    )
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_runs_shows_the_demo_notice_and_a_plan(lang: str) -> None:
    app = open_page(PAGE, lang=lang, omgang="2024")
    assert i18n.t("demo_notis", lang) in [w.value for w in app.warning]
    assert not app.error
    covered, total = coverage(app, lang)
    assert 0 < covered <= total
    assert "→" in plan_text(app)


def test_changing_the_number_of_seminars_changes_the_plan() -> None:
    app = open_page(PAGE, omgang="2024", seminarier="4")
    before = plan_text(app)
    assert before.count("Seminarium ") == 4
    app.selectbox(key="seminarier").select("5").run()
    after = plan_text(app)
    assert after.count("Seminarium ") == 5
    assert before != after
    assert app.query_params["seminarier"] == "5"


def test_changing_the_bounds_changes_the_plan() -> None:
    app = open_page(PAGE, omgang="2024", seminarier="5")
    before = plan_text(app)
    assert "max_per_grupp" not in [box.key for box in app.selectbox]  # made while open
    open_expander(app, "sem_villkor")  # the group sizes are made while their expander is open
    app.selectbox(key="max_per_grupp").select("7").run()
    app.selectbox(key="min_per_grupp").select("5").run()
    after = plan_text(app)
    assert before != after
    sizes = [int(box[0].rsplit("(", 1)[1].split()[0]) for box in seminar_boxes(app)]
    assert sizes
    assert all(5 <= n <= 7 for n in sizes)


def test_an_infeasible_setting_shows_the_message_not_an_exception() -> None:
    app = open_page(PAGE, omgang="2024", seminarier="12", min_per_grupp="5")
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1
    assert "sänk min till" in errors[0]
    assert "minska antalet seminarier till" in errors[0]


def test_the_infeasible_message_in_english() -> None:
    app = open_page(PAGE, omgang="2024", seminarier="2", lang="en")
    assert "raise max to" in app.error[0].value


def test_level_and_settings_live_in_the_url() -> None:
    app = open_page(PAGE, omgang="2023", niva="theme", seminarier="3", max_per_grupp="12")
    assert app.query_params["niva"] == "theme"
    assert app.query_params["omgang"] == "2023"
    assert "Hållbar utveckling" in shown_text(app)
    assert not app.error


def test_excluding_a_topic_removes_it_from_the_plan() -> None:
    app = open_page(PAGE, omgang="2024", niva="area")
    chosen = seminar_boxes(app)[0][0]  # "**Seminarium 1: Topic (n kommuner)**"
    first = chosen.split(": ", 1)[1].rsplit(" (", 1)[0]
    key = next(k for k, v in i18n_labels().items() if v == first)
    assert not app.get("multiselect")  # the topic widgets are hidden until asked for
    open_expander(app, "sem_villkor")
    assert not app.get("multiselect")
    app.toggle(key="sem_visa_amnen_area").set_value(True).run()
    app.multiselect(key="sem_utan_area").select(key).run()
    titles = [box[0] for box in seminar_boxes(app)]
    assert titles
    assert all(f": {first} (" not in t for t in titles)


def i18n_labels() -> dict[str, str]:
    from linnedata.taxonomy import default_taxonomy

    return default_taxonomy().labels("area")


def test_a_locked_municipality_stays_in_its_seminar() -> None:
    app = open_page(PAGE, omgang="2024", niva="area")
    open_expander(app, "sem_villkor")
    app.toggle(key="sem_visa_amnen_area").set_value(True).run()
    app.selectbox(key="sem_las_kommun").select("0780")
    app.selectbox(key="sem_las_amne_area").select("integration")
    app.button(key="sem_las_knapp").click().run()
    assert "Växjö → Integration: låst av arrangören" in plan_text(app)
    app.toggle(key="sem_visa_amnen_area").set_value(False).run()  # hidden, the lock holds
    assert "Växjö → Integration: låst av arrangören" in plan_text(app)
    app.session_state["sem_villkor"] = False  # the conditions' expander closed: it still holds
    app.run()
    assert not app.get("toggle")
    assert "Växjö → Integration: låst av arrangören" in plan_text(app)


def test_a_topic_excluded_in_the_url_holds_while_the_topic_widgets_are_hidden() -> None:
    app = open_page(PAGE, omgang="2024", niva="area")
    first = seminar_boxes(app)[0][0].split(": ", 1)[1].rsplit(" (", 1)[0]
    key = next(k for k, v in i18n_labels().items() if v == first)
    app = open_page(PAGE, omgang="2024", niva="area", sem_utan_area=key)
    assert all(f": {first} (" not in box[0] for box in seminar_boxes(app))  # closed, it holds
    open_expander(app, "sem_villkor")
    assert app.toggle(key="sem_visa_amnen_area").value  # opened: a choice is in force
    app.toggle(key="sem_visa_amnen_area").set_value(False).run()
    assert not app.get("multiselect")
    assert all(f": {first} (" not in box[0] for box in seminar_boxes(app))


def test_english_page_shows_no_swedish_page_text() -> None:
    swedish_only = {
        texts["sv"]
        for key, texts in i18n.load_texts().items()
        if texts["sv"] != texts["en"] and "{" not in texts["sv"] and len(texts["sv"]) > 6
    }
    text = shown_text(open_page(PAGE, lang="en")) + plan_text(open_page(PAGE, lang="en"))
    leaked = sorted(s for s in swedish_only if s in text)
    assert not leaked


def test_the_coverage_map_marks_and_the_caption_names_those_left_out() -> None:
    app = open_page(PAGE, omgang="2024", niva="area", seminarier="1", max_per_grupp="40")
    covered, total = coverage(app)
    assert covered < total
    svg = next(m for m in drawn(app) if "seminariekarta" in m and "#D55E00" in m)
    assert svg.count('style="fill:#D55E00"') == total - covered
    note = re.search(r'<p class="kartnot"[^>]*>(Utan något av sina[^<]*)</p>', svg).group(1)
    assert len(html.unescape(note).split(":", 1)[1].split(",")) == total - covered


def test_each_group_says_its_co_financing_interest() -> None:
    """The caption under each seminar counts its municipalities' respondents answering ja or
    kanske, against a count straight from the demo's answers."""

    app = open_page(PAGE, omgang="2024")
    responses = demo.load_demo()["2024"].responses
    names = dict(zip(data.region()["kommun"], data.region()["kommun_kod"], strict=True))
    boxes = seminar_boxes(app)
    assert boxes
    for box in boxes:
        lines = [line for line in box if " → " in line]
        caption = next(line for line in box if line.startswith(":gray[Medfinansiering:"))
        caption = caption.removeprefix(":gray[").removesuffix("]")
        codes = {names[line.split(" → ")[0].strip()] for line in lines}
        people = responses.loc[responses["kommun_kod"].isin(codes)]
        willing = int(people["medfinansiering"].isin(["ja", "kanske"]).sum())
        if disclosure.is_hidden(willing) or disclosure.is_hidden(len(people)):
            assert caption == i18n.t("sem_medfinansiering_fa", least=disclosure.MIN_COUNT)
        else:
            assert caption == i18n.t("sem_medfinansiering", k=willing, n=len(people))


def test_the_conditions_hold_from_the_url_while_their_expander_is_closed() -> None:
    """Group sizes and a county's share from the URL are in force, said in the plan's figures
    line and kept in the URL, without their widgets being made."""
    app = open_page(PAGE, omgang="2024", niva="area", seminarier="5", max_per_grupp="7")
    keys = [box.key for box in app.selectbox]
    assert "max_per_grupp" not in keys
    assert "seminarier" in keys
    sizes = [int(box[0].rsplit("(", 1)[1].split()[0]) for box in seminar_boxes(app)]
    assert sizes
    assert max(sizes) <= 7
    figures = next(m.value for m in app.markdown if m.value.startswith("Täckning"))
    assert "–7 kommuner per grupp" in figures
    assert app.query_params["max_per_grupp"] == "7"
    open_expander(app, "sem_villkor")
    assert app.selectbox(key="max_per_grupp").value == "7"
    app.selectbox(key="per_lan").select("3").run()
    app.session_state["sem_villkor"] = False  # closed again: the new share holds
    app.run()
    assert "per_lan" not in [box.key for box in app.selectbox]
    figures = next(m.value for m in app.markdown if m.value.startswith("Täckning"))
    assert "högst 3 från ett län" in figures
    assert app.query_params["per_lan"] == "3"
