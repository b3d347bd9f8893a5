"""The Data page through AppTest: open to viewers, controls and individual data for stewards only."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import demo, i18n, throttle
from linnedata.markdown import escape
from linnedata.store import Store
from tests.pages.shown import open_tab, profile_answers
from ui import auth, data
from ui import steward as steward_ui

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEMO_2024 = Path(__file__).resolve().parents[2] / "data" / "demo" / "enkat_2024.csv"
PASSWORD = "rätt häst batteri häftklammer"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A fresh store with round 2024 published, configured for the app; caches dropped."""
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setattr(throttle, "BASE_DELAY", 0.05)
    store = Store(url)
    store.publish(demo.load_demo()["2024"], DEMO_2024.read_bytes(), user="test")
    data.invalidate()
    yield store
    data.invalidate()


def open_data_page(**query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(query)
    app.run()
    app.switch_page("pages/data.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def log_in(app: AppTest, password: str, lang: str = "sv") -> AppTest:
    app.text_input(key="auth_password").input(password)
    submit = next(b for b in app.get("button") if b.label == i18n.t("auth_logga_in", lang))
    submit.click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_without_a_login_configured_upload_is_off_and_the_page_says_how_to_enable_it(
    store: Store,
) -> None:
    app = open_data_page()
    assert not app.get("file_uploader")
    assert not app.get("download_button")
    assert any("LINNEDATA_ADMIN_PASSWORD" in i.value for i in app.info)
    # Everyone sees which rounds are published, at municipality level.
    assert "2024" in app.dataframe[0].value.iloc[:, 0].tolist()


def test_a_visitor_sees_no_upload_and_no_individual_download(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = open_data_page()
    assert app.text_input(key="auth_password")
    assert not app.get("file_uploader")
    assert not app.get("download_button")
    assert not [t for t in app.get("tab")]
    # The only table is the round overview: no free text of any respondent.
    assert len(app.dataframe) == 1
    assert "utmaning_fritext" not in app.dataframe[0].value.columns


def test_a_wrong_password_is_refused(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = log_in(open_data_page(), PASSWORD + "x")
    assert [e.value for e in app.error] == [i18n.t("auth_fel_losenord")]
    assert not app.get("file_uploader")
    assert not app.get("download_button")


def test_the_steward_password_opens_upload_and_individual_download(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = log_in(open_data_page(), PASSWORD)
    assert not app.error
    # only the open tab is made: the rounds' upload, not yet the registry's
    assert [u.key for u in app.get("file_uploader")] == ["data_upload_0"]
    assert not app.get("download_button")
    open_tab(app, steward_ui.TABS, i18n.t("komp_flik_register"))
    assert [u.key for u in app.get("file_uploader")] == ["komp_registerfil"]
    open_tab(app, steward_ui.TABS, i18n.t("data_flik_omgangar"))
    downloads = app.get("download_button")
    assert [d.proto.label for d in downloads] == [
        i18n.t("data_ladda_ner_svar"),  # machine-readable: read back in
        i18n.t("data_ladda_ner_svar_excel"),  # for a person (issue 20 §4)
    ]
    assert app.selectbox(key="data_manage_round").value == "2024"


def test_the_open_tab_stays_open_when_the_language_changes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tabs' identity comes from their labels, so a language switch made new tabs with
    the first one open (ui.opened_tab keeps the open one)."""
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = open_tab(
        log_in(open_data_page(), PASSWORD), steward_ui.TABS, i18n.t("komp_flik_register")
    )
    assert [u.key for u in app.get("file_uploader")] == ["komp_registerfil"]
    app.sidebar.segmented_control(key="lang_switch").set_value("en").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [u.key for u in app.get("file_uploader")] == ["komp_registerfil"]
    open_tab(app, steward_ui.TABS, i18n.t("data_flik_omgangar", "en"))
    app.sidebar.segmented_control(key="lang_switch").set_value("sv").run()
    assert app.selectbox(key="data_manage_round").value == "2024"


def test_delete_needs_the_round_typed_and_then_removes_exactly_that_round(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.publish(
        demo.load_demo()["2023"], (DEMO_2024.parent / "enkat_2023.csv").read_bytes(), user="t"
    )
    data.invalidate()
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = open_tab(
        log_in(open_data_page(), PASSWORD), steward_ui.TABS, i18n.t("data_flik_omgangar")
    )
    app.selectbox(key="data_manage_round").select("2023").run()
    assert app.button(key="data_delete").disabled
    app.text_input(key="data_delete_confirm").input("2024").run()
    assert app.button(key="data_delete").disabled
    app.text_input(key="data_delete_confirm").input("2023").run()
    app.button(key="data_delete").click().run()
    assert not app.exception
    assert store.labels() == ["2024"]
    assert store.import_log()["action"].tolist()[0] == "delete"
    assert data.rounds() == ["2024"]


def test_with_rounds_in_the_store_the_pages_show_them_without_the_demo_notice(
    store: Store,
) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    assert i18n.t("demo_notis") not in [w.value for w in app.warning]
    assert app.selectbox(key="omgang").options == ["2024"]


def test_an_empty_store_shows_the_demo_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINNEDATA_DB_URL", f"sqlite:///{tmp_path}/empty.sqlite")
    data.invalidate()
    app = open_data_page(lang="en")
    assert i18n.t("demo_notis", "en") in [w.value for w in app.warning]
    assert data.is_demo()
    assert os.path.exists(tmp_path / "empty.sqlite")
    data.invalidate()


def test_the_english_data_page_shows_no_swedish_page_text(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = log_in(open_data_page(lang="en"), PASSWORD, "en")
    swedish_only = {
        texts["sv"]
        for texts in i18n.load_texts().values()
        if texts["sv"] != texts["en"] and "{" not in texts["sv"] and len(texts["sv"]) > 6
    }
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "warning",
            "success",
        )
        for e in getattr(app, kind)
    ]
    parts += [t.label for t in app.get("tab")] + [b.label for b in app.get("button")]
    text = "\n".join(str(p) for p in parts)
    assert "Data – survey rounds" in text
    assert not sorted(s for s in swedish_only if s in text)


def test_a_round_published_by_another_process_reaches_the_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert app.selectbox(key="omgang").options == ["2024"]
    # Another replica publishes through its own connection; this process is not told.
    other = Store(store.url)
    other.publish(
        demo.load_demo()["2023"], (DEMO_2024.parent / "enkat_2023.csv").read_bytes(), user="x"
    )
    monkeypatch.setattr(data, "REVISION_CHECK_SECONDS", 0.0)
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.run()
    assert fresh.selectbox(key="omgang").options == ["2024", "2023"]


def test_individual_answers_on_the_profile_are_for_the_steward_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    survey = store.load("2024")
    code = survey.responses["kommun_kod"].iloc[0]
    free_text = survey.responses["utmaning_fritext"].iloc[0]
    visitor = AppTest.from_file(APP, default_timeout=60)
    visitor.query_params.update(kommun=code)
    visitor.run()
    visitor.switch_page("pages/kommunprofil.py").run()
    assert not visitor.exception
    assert free_text not in [t.value for t in visitor.text]
    assert profile_answers(visitor) == []
    assert any("dataförvaltare" in m.value for m in visitor.markdown)

    steward = log_in(open_data_page(kommun=code), PASSWORD)
    steward.switch_page("pages/kommunprofil.py").run()
    assert not steward.exception
    assert escape(free_text) in profile_answers(steward)


OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret",
    "client_id": "linnedata",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}


def open_with_oidc(email: str | None, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The Data page with [auth] in the secrets and the OIDC user ``email`` (None: not logged in)."""
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)  # OIDC wins over the password
    monkeypatch.setattr(auth, "_oidc_email", lambda: email)
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["auth"] = OIDC
    app.secrets["linnedata"] = {"stewards": ["Anna.Steward@lnu.se"]}
    app.run()
    app.switch_page("pages/data.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_with_oidc_configured_a_visitor_gets_a_login_button_and_no_controls(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_with_oidc(None, monkeypatch)
    assert app.button(key="auth_login").label == i18n.t("auth_logga_in")
    assert not app.get("text_input")  # no password form when OIDC is configured
    assert not app.get("file_uploader")
    assert not app.get("download_button")


def test_with_oidc_only_an_email_listed_as_steward_gets_the_controls(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = open_with_oidc("eve@example.org", monkeypatch)
    assert any("eve\\@example.org" in w.value for w in other.warning)  # quoted: no mailto link
    assert not other.get("file_uploader")
    steward = open_with_oidc("anna.steward@lnu.se", monkeypatch)
    assert len(steward.get("file_uploader")) == 1  # the rounds' upload (the open tab)
    open_tab(steward, steward_ui.TABS, i18n.t("data_flik_omgangar"))
    assert len(steward.get("download_button")) == 2  # responses: machine and for a person


def test_an_unreachable_database_gives_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benchmarks.harness import free_port

    port = free_port()
    monkeypatch.setenv("LINNEDATA_DB_URL", f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing")
    data.invalidate()
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    errors = [e.value for e in app.error]
    assert len(errors) == 1
    where = f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing"
    shown = re.sub(r"\\(.)", r"\1", errors[0]).replace("\u200b", "")  # as the reader sees it
    assert shown.startswith(i18n.t("store_fel_otillganglig", where=where, reason="§")[:60])
    assert "Connection refused" in errors[0]
    data.invalidate()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_stewards_response_table_reads_in_the_chosen_language(
    store: Store, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
    app = log_in(open_data_page(lang=lang), PASSWORD, lang)
    open_tab(app, steward_ui.TABS, i18n.t("data_flik_omgangar", lang))
    table = next(d.value for d in app.dataframe if len(d.value) == 68)  # the 2024 demo round
    assert i18n.t("svarskol_kommun_kod", lang) in table.columns
    area = "Bostadsplanering" if lang == "sv" else "Housing planning"
    assert i18n.t("svarskol_betyg", lang, area=area) in table.columns
    assert not [c for c in table.columns if c.startswith("betyg_") or "_" in c]
    roles = {i18n.t(f"roll_{r}", lang) for r in ("kommundirektör", "tjänsteperson", "annan")}
    assert roles <= set(table[i18n.t("svarskol_roll", lang)])
