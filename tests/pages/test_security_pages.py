"""Issue 21 on the pages (AppTest): an attempt sooner than its session's turn is answered
"try again in N s" (not compared, no "wrong password"); the reading room refuses a query
over its caps with the limits, and shows no answer and no exception."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import demo, i18n
from linnedata.competence import search
from linnedata.store import Store
from ui import auth, data

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEMO_2024 = Path(__file__).resolve().parents[2] / "data" / "demo" / "enkat_2024.csv"
PASSWORD = "rätt häst batteri häftklammer"
READER_PASSWORD = "läsare lampa bok hylla"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setenv(auth.PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setenv(auth.READER_PASSWORD_VARIABLE, READER_PASSWORD)
    store = Store(url)
    store.publish(demo.load_demo()["2024"], DEMO_2024.read_bytes(), user="test")
    data.invalidate()
    yield store
    data.invalidate()


def open_page(page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def submit(app: AppTest, key: str, password: str) -> AppTest:
    app.text_input(key=key).input(password)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in")).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_an_attempt_sooner_than_its_turn_is_not_compared(store: Store) -> None:
    app = submit(open_page("pages/data.py"), "auth_password", "fel")
    assert [e.value for e in app.error] == [i18n.t("auth_fel_losenord")]
    app = submit(app, "auth_password", PASSWORD)  # right, but within a second: not tried
    assert not app.error
    assert [w.value for w in app.warning] == [i18n.t("auth_upptaget", seconds=1)]
    assert not app.get("file_uploader")


def test_the_reading_room_refuses_a_query_over_its_caps(store: Store) -> None:
    app = submit(open_page("pages/lasesal.py"), "auth_reader_pw", READER_PASSWORD)
    # 20 words: over the word cap, within the box's 200 characters (the widget's own limit)
    app.text_input(key="lasesal_sok").input("bostad " * 20).run()
    assert not app.exception, [e.value for e in app.exception]
    warnings = [w.value for w in app.warning]
    assert any(f"högst {search.MAX_QUERY_WORDS} ord" in w for w in warnings), warnings
    assert not [h for h in app.get("html") if "»" in h.proto.body]  # no answers shown
    app.text_input(key="lasesal_sok").input("bostad").run()
    assert [h for h in app.get("html") if "»" in h.proto.body]  # a query within the caps works
