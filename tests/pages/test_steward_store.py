"""The Data page's upload panel (ui.steward) with the round-label rule and store faults.

AppTest cannot drive a file uploader, so the script replaces ``st.file_uploader`` with one that
returns the file the test picked; everything after it (round field, review, publish) is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from linnedata import i18n
from linnedata.markdown import escape  # messages are quoted as plain text
from ui import data

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
GOOD = (DEMO / "enkat_2024.csv").read_bytes()
BAD = b"kommun,betyg_integration\nGotham,7\n"


def panel() -> None:
    import streamlit as st

    from ui import data, steward

    class Upload:
        def __init__(self, name: str, content: bytes) -> None:
            self.name, self._content = name, content

        def getvalue(self) -> bytes:
            return self._content

    name, content = st.session_state["test_file"]
    st.file_uploader = lambda *args, **kwargs: Upload(name, content)
    steward.flash()
    steward.upload_panel(data.store())
    if st.session_state.get("test_log"):
        steward.log_panel(data.store())


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    # The script replaces st.file_uploader; monkeypatch puts the real one back afterwards, so
    # page tests run later in the same process get a real uploader.
    monkeypatch.setattr(streamlit, "file_uploader", streamlit.file_uploader)
    data.invalidate()
    yield url
    data.invalidate()


def run_with(app: AppTest, name: str, content: bytes) -> AppTest:
    app.session_state["test_file"] = (name, content)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def round_field(app: AppTest) -> str:
    (field,) = [t for t in app.text_input if t.label == i18n.t("data_omgang_namn")]
    return field.value


def test_a_new_file_after_a_refused_one_gets_its_own_label(url: str) -> None:
    app = run_with(AppTest.from_function(panel, default_timeout=60), "svar_2019.csv", BAD)
    assert round_field(app) == "2019"
    assert not [b for b in app.button if b.key == "data_publish"]  # refused: nothing to publish
    run_with(app, "enkat_2024.csv", GOOD)
    assert round_field(app) == "2024"
    (publish,) = [b for b in app.button if b.key == "data_publish"]
    assert not publish.disabled


def test_a_label_that_is_not_a_year_needs_a_confirmation(url: str) -> None:
    app = run_with(AppTest.from_function(panel, default_timeout=60), "svar (1).csv", GOOD)
    assert round_field(app) == "svar 1"
    wanted = i18n.t("data_omgang_inte_ar", round="svar 1")
    (confirm,) = [c for c in app.checkbox if c.label == wanted]
    (publish,) = [b for b in app.button if b.key == "data_publish"]
    assert publish.disabled
    confirm.check().run()
    (publish,) = [b for b in app.button if b.key == "data_publish"]
    assert not publish.disabled


def test_a_deleted_database_file_gives_an_error_and_no_success_message(url: str) -> None:
    app = run_with(AppTest.from_function(panel, default_timeout=60), "enkat_2024.csv", GOOD)
    path = Path(url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    next(b for b in app.button if b.key == "data_publish").click().run()
    assert not app.exception
    assert not app.success
    assert [e.value for e in app.error] == [escape(i18n.t("store_fel_borta", where=str(path)))]


def test_a_visitor_page_says_the_database_file_is_gone(url: str) -> None:
    from linnedata import demo
    from linnedata.store import Store
    from linnedata.store.engine import forget_engine

    Store(url).publish(demo.load_demo()["2024"], GOOD, user="t")
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    app.run()
    assert not app.error
    path = Path(url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    data.invalidate()  # the next run asks the store for its revision at once
    app.run()
    assert not app.exception
    assert [e.value for e in app.error] == [escape(i18n.t("store_fel_borta", where=str(path)))]
    forget_engine(url)


def test_the_log_shows_a_refusal_on_the_run_that_made_it(url: str) -> None:
    app = AppTest.from_function(panel, default_timeout=60)
    app.session_state["test_log"] = True
    run_with(app, "x.csv", GOOD)
    assert [i.value for i in app.info if i.value == i18n.t("data_logg_tom")]  # nothing yet
    run_with(app, "svar_2019.csv", BAD)  # within the 2 s the log's number is kept
    log = app.dataframe[-1]  # the log panel is drawn last
    assert log.value[i18n.t("data_kol_handelse")].tolist() == [i18n.t("logg_refused")]
    assert log.value[i18n.t("data_kol_omgang")].tolist() == ["2019"]
