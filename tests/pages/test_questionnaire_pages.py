"""The questionnaire's two pages through AppTest: the respondent's (/enkat?t=…) and the
steward's Enkät page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from linnedata import i18n, questionnaire, throttle
from linnedata.questionnaire import demo as questionnaire_demo
from linnedata.questionnaire import limits
from linnedata.store import Store
from tests.pages.shown import open_tab
from ui import data
from ui import questionnaire_steward as enkat

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PASSWORD = "enkät-förvaltare-lösen"
THREE = pd.DataFrame(
    {"kommun_kod": ["0780", "0765", "0680"], "kommun": ["Växjö", "Älmhult", "Jönköping"]}
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setattr(throttle, "BASE_DELAY", 0.05)
    monkeypatch.setattr(limits, "MIN_FILL_SECONDS", 0.0)
    store = Store(url)
    data.invalidate()
    yield store
    data.invalidate()


@pytest.fixture
def links(store: Store) -> dict[str, str]:
    questionnaire.open_round(store, "2026", municipalities=THREE, user="t")
    issued = questionnaire.issue_links(store, "2026")
    return {
        c: parse_qs(urlsplit(u).query)["t"][0]
        for c, u in zip(issued["kommun_kod"], issued["url"], strict=True)
    }


def respondent(token: str | None, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if token is not None:
        query["t"] = token
    app.query_params.update(query)
    app.run()
    app.switch_page("pages/enkat.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown(app: AppTest) -> str:
    parts = [m.value for m in (*app.title, *app.error, *app.success, *app.info, *app.warning)]
    parts += [t.value for t in app.text] + [m.value for m in app.markdown]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    "token", [None, "forged-token-that-is-long-enough", "<script>alert(1)</script>"]
)
def test_a_forged_or_missing_token_gives_a_clear_message_and_no_form(store, links, token):
    app = respondent(token)
    assert [e.value for e in app.error] == [i18n.t("enkat_lank_okand")]
    assert not app.radio
    assert not app.button
    assert not any(name in shown(app) for name in THREE["kommun"])


def test_a_revoked_and_a_closed_link_say_so_without_a_form(store, links):
    old = links["0780"]
    questionnaire.revoke(store, "2026", "0780")
    app = respondent(old)
    assert [e.value for e in app.error] == [i18n.t("enkat_lank_ersatt")]
    assert "Växjö" not in shown(app)
    questionnaire.close(store, "2026")
    app = respondent(links["0765"], lang="en")
    assert [e.value for e in app.error] == [i18n.t("enkat_stangd", "en")]
    assert not app.radio


def fill(app: AppTest, integration: int) -> AppTest:
    app.radio(key="enkat_roll").set_value("tjänsteperson")
    app.radio(key="enkat_betyg_integration").set_value(integration)
    app.selectbox(key="enkat_prio_1").set_value("integration")
    app.checkbox(key="enkat_form_kurs").check()
    app.radio(key="enkat_seminarieintresse").set_value("kanske")
    app.text_area(key="enkat_utmaning_fritext").input("**Fet** <b>x</b> ring 070-123 45 67")
    return app


def click(app: AppTest, key: str) -> AppTest:
    label = i18n.t(key)
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_respondent_answers_sees_a_receipt_and_changes_the_answer(store, links):
    app = respondent(links["0765"])
    assert app.title[0].value == "Enkät för Älmhult"
    assert len(app.radio) == 1 + 15 + 2  # role, an area each, seminar and co-financing
    fill(app, 4)
    click(app, "enkat_skicka")
    assert i18n.t("enkat_tack") in [s.value for s in app.success]
    receipt = app.text[-1].value
    assert "Integration: 4 – Ganska angeläget" in receipt
    assert "**Fet** <b>x</b> ring [telefon]" in receipt  # plain text, redacted
    assert any(i18n.t("enkat_personuppgifter", n=1) == i.value for i in app.info)
    code = (
        app.query_params["k"][0]
        if isinstance(app.query_params["k"], list)
        else app.query_params["k"]
    )
    kept = store.questionnaire.answers("2026")
    assert kept[["kommun_kod", "roll", "betyg_integration"]].values.tolist() == [
        ["0765", "tjänsteperson", 4]
    ]
    # a new page load with the resume code: the answer is there, and is changed
    again = respondent(links["0765"], k=code)
    assert again.radio(key="enkat_betyg_integration").value == 4
    again.radio(key="enkat_betyg_integration").set_value(2)
    click(again, "enkat_skicka")
    kept = store.questionnaire.answers("2026")
    assert kept["betyg_integration"].tolist() == [2]


def test_a_draft_is_saved_and_the_code_is_shown(store, links):
    app = respondent(links["0680"])
    app.radio(key="enkat_betyg_demokrati").set_value(5)
    click(app, "enkat_spara_utkast")
    assert i18n.t("enkat_utkast_sparat") in [s.value for s in app.success]
    assert store.questionnaire.tracking("2026").set_index("kommun_kod").loc["0680", "started"] == 1
    assert store.questionnaire.answers("2026").empty  # a draft is not sent


def test_sending_without_a_role_names_the_problem_and_stores_nothing(store, links):
    app = respondent(links["0780"])
    app.radio(key="enkat_betyg_integration").set_value(3)
    click(app, "enkat_skicka")
    assert [e.value for e in app.error] == [i18n.t("enkat_roll_saknas")]
    assert store.questionnaire.answers("2026", submitted_only=False).empty


def steward(lang: str = "sv") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/enkater.py")
    app.run()
    app.text_input(key="auth_password").input(PASSWORD)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in", lang)).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def tab(app: AppTest, name: str, lang: str = "sv") -> AppTest:
    """``app`` with the Enkät page's tab ``name`` (its text key) open."""
    return open_tab(app, enkat.TABS, i18n.t(name, lang))


def test_the_steward_page_needs_the_login_and_shows_visitors_only_the_fictional_demo(store, links):
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/enkater.py")
    app.run()
    assert not app.exception
    assert not app.tabs
    assert [w.value for w in app.warning] == [
        i18n.t("enkat_demo_notis", round=questionnaire_demo.OPEN_ROUND)
    ]
    shown_codes = set(app.dataframe[0].value[i18n.t("enkat_kol_kod")])
    assert shown_codes == set(data.region()["kommun_kod"])  # the demo's, not round 2026's three
    expected = questionnaire_demo.open_round_tracking(data.region())
    assert [m.value for m in app.metric] == [
        str(len(expected)),
        str(int((expected["started"] > 0).sum())),
        i18n.t("n_av_N", n=int((expected["submitted"] > 0).sum()), N=len(expected)),
    ]


def test_the_steward_opens_a_round_and_follows_it(store):
    app = tab(steward(), "enkater_flik_ny")
    app.text_input(key="enkat_ny_etikett").input("2027")
    app.multiselect(key="enkat_ny_kommuner").set_value(["0780", "0765"])
    click(app, "enkat_oppna_knapp")
    assert i18n.t("enkat_oppnad", round="2027", n=2) in [s.value for s in app.success]
    assert list(store.questionnaire.invited("2027")) == ["0765", "0780"]
    assert app.selectbox(key="enkat_omgang").value == "2027"
    # the steward is taken to the new links, shown this once
    assert app.session_state[enkat.TABS] == i18n.t("enkater_flik_lankar")
    links_table = next(d.value for d in app.dataframe if "lank" in d.value.columns)
    assert list(links_table["kommun_kod"]) == ["0765", "0780"]
    assert all("/enkat?t=" in u for u in links_table["lank"])
    tables = [d.value for d in tab(app, "enkater_flik_folj").dataframe]
    tracking_table = next(t for t in tables if i18n.t("enkat_kol_skickade") in t.columns)
    assert tracking_table[i18n.t("enkat_kol_skickade")].tolist() == [0, 0]
    assert [m.value for m in app.metric][:2] == ["2", "0"]


def test_the_steward_closes_and_publishes_through_the_import(store, links):
    for code, rating in (("0780", 5), ("0765", 2)):
        raw = {"roll": "annan", "betyg": {"integration": rating}}
        assert questionnaire.save(
            store, links[code], raw, resume_code=None, submit=True, shown_at=0.0
        ).stored
    app = tab(steward(), "enkater_flik_stang")
    app.checkbox(key="enkat_stang_ok").check().run()
    click(app, "enkat_stang_knapp")
    assert store.questionnaire.round("2026").closed_at is not None
    publish = i18n.t("data_publicera", round="2026")
    next(b for b in app.button if b.label == publish).click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert store.labels() == ["2026"]
    survey = store.load("2026")
    assert sorted(survey.responses["kommun_kod"]) == ["0765", "0780"]
    assert store.import_log().loc[0, "action"] == "publish"
    assert store.questionnaire.round("2026").published_at is not None


def test_in_english_a_round_past_its_closing_day_is_closed_and_ready_to_publish(store):
    import time as clock
    from datetime import timedelta

    opens = questionnaire.today() - timedelta(days=40)
    questionnaire.open_round(store, "2025", municipalities=THREE, opens=opens,
                             closes=opens + timedelta(days=10), user="t")  # fmt: skip
    issued = questionnaire.issue_links(store, "2025")
    token = parse_qs(urlsplit(issued.loc[0, "url"]).query)["t"][0]
    during = clock.time() - 35 * 86_400  # a send while the round was open
    raw = {"roll": "annan", "betyg": {"integration": 4}}
    sent = questionnaire.save(
        store, token, raw, resume_code=None, submit=True, shown_at=0.0, at=during
    )
    assert sent.stored
    app = steward("en")
    assert [t.label for t in app.tabs] == [
        "Follow the answers", "Links", "Remind", "Close and publish", "Open a new round",
    ]  # fmt: skip
    assert store.questionnaire.round("2025").closed_at is None  # the tab is not open yet
    tab(app, "enkater_flik_stang", "en")
    assert store.questionnaire.round("2025").closed_at is not None  # closed by the date
    publish = i18n.t("data_publicera", "en", round="2025")
    next(b for b in app.button if b.label == publish).click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert store.labels() == ["2025"]
    tab(app, "enkater_flik_folj", "en")
    tracked = next(d.value for d in app.dataframe if "State" in d.value.columns)
    assert tracked["State"].tolist() == ["Answered", "No answer", "No answer"]


def test_the_steward_revokes_one_link_and_gets_the_new_one_once(store, links):
    app = tab(steward(), "enkater_flik_lankar")
    app.selectbox(key="enkat_aterkalla_val").set_value("0765").run()
    label = i18n.t("enkat_aterkalla_knapp", kommun="Älmhult")
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert i18n.t("enkat_nya_lankar_klara", n=1) in [s.value for s in app.success]
    shown = next(d.value for d in app.dataframe if "lank" in d.value.columns)
    assert shown["kommun_kod"].tolist() == ["0765"]
    new_token = parse_qs(urlsplit(shown.loc[0, "lank"]).query)["t"][0]
    assert questionnaire.access(store, links["0765"]).status == "revoked"
    assert questionnaire.access(store, new_token).link.kommun_kod == "0765"
    assert questionnaire.access(store, links["0780"]).status == "ok"  # the others still work


def test_without_smtp_the_steward_gets_a_reminder_list_once_a_day(store, links, monkeypatch):
    monkeypatch.delenv("LINNEDATA_SMTP_HOST", raising=False)
    store.questionnaire.save_contacts("2026", {"0680": "enkat@jonkoping.example"})
    app = tab(steward(), "enkater_flik_paminn")
    assert i18n.t("enkat_smtp_saknas") in [c.value for c in app.caption]
    next(b for b in app.button if b.label == i18n.t("enkat_paminn_lista")).click().run()
    assert not app.exception, [e.value for e in app.exception]
    listed = next(d.value for d in app.dataframe if i18n.t("enkat_kol_mejl") in d.value.columns)
    row = listed.set_index(i18n.t("enkat_kol_kommun")).loc["Jönköping"]
    assert row[i18n.t("enkat_kol_status")] == i18n.t("enkat_paminn_mailto")
    assert row[i18n.t("enkat_kol_mejl")].startswith("mailto:enkat@jonkoping.example?subject=")
    next(b for b in app.button if b.label == i18n.t("enkat_paminn_lista")).click().run()
    listed = next(d.value for d in app.dataframe if i18n.t("enkat_kol_mejl") in d.value.columns)
    row = listed.set_index(i18n.t("enkat_kol_kommun")).loc["Jönköping"]
    assert row[i18n.t("enkat_kol_status")] == i18n.t("enkat_paminn_today")


def test_the_respondents_page_has_no_sidebar_and_its_own_language_switch(store, links):
    app = respondent(links["0780"])
    assert not app.sidebar.children  # no language switch, login or anything else there
    assert [b.key for b in app.main.button_group] == ["lang_switch"]
    app.main.button_group[0].set_value("en").run()
    assert app.title[0].value == i18n.t("enkat_rubrik_kommun", "en", kommun="Växjö")
    assert (app.query_params["lang"], app.query_params["t"]) == ("en", links["0780"])


def test_a_dashboard_page_keeps_the_language_switch_in_the_sidebar(store):
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert [b.key for b in app.sidebar.button_group] == ["lang_switch"]
    assert "lang_switch" not in [b.key for b in app.main.button_group]
