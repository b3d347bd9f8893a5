"""Läsesal's search and filters and Seminarier's includes, excludes, locks and map topic live
in the URL: a shared link opens the same view, and what the user changes is written back."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import demo, i18n, throttle
from linnedata.store import Store
from ui import auth, data

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEMO_2024 = Path(__file__).resolve().parents[2] / "data" / "demo" / "enkat_2024.csv"
READER_PASSWORD = "läsare lampa bok hylla"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setenv(auth.READER_PASSWORD_VARIABLE, READER_PASSWORD)
    monkeypatch.setattr(throttle, "BASE_DELAY", 0.05)
    store = Store(url)
    store.publish(demo.load_demo()["2024"], DEMO_2024.read_bytes(), user="test")
    data.invalidate()
    yield store
    data.invalidate()


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params.update(query)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_reading_room_link_opens_its_search_and_filters(store: Store) -> None:
    app = open_page(
        "pages/lasesal.py", lasesal_sok="bostad", lasesal_roll="alla", lasesal_omgang="2024"
    )
    app.text_input(key="auth_reader_pw").input(READER_PASSWORD)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in")).click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.text_input(key="lasesal_sok").value == "bostad"
    assert app.selectbox(key="lasesal_omgang").value == "2024"
    cells = [c for h in app.get("html") for c in re.findall(r"<td>(.*?)</td>", h.proto.body)]
    answers = [html.unescape(c) for c in cells if "»" in c]  # the hits' escaped table
    assert answers
    assert all("»bostäder«" in a or "»bostad" in a for a in answers)
    app.selectbox(key="lasesal_kommun").select("0780").run()
    app.text_input(key="lasesal_sok").input("skola").run()
    assert app.query_params["lasesal_kommun"] == "0780"
    assert app.query_params["lasesal_sok"] == "skola"


def test_a_bad_reading_room_value_in_the_url_is_not_trusted(store: Store) -> None:
    app = open_page("pages/lasesal.py", lasesal_sok="x" * 5000, lasesal_kommun="<b>9999</b>")
    app.text_input(key="auth_reader_pw").input(READER_PASSWORD)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in")).click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.text_input(key="lasesal_sok").value) == 200
    assert app.selectbox(key="lasesal_kommun").value == "alla"


def test_a_seminar_link_opens_its_topics_locks_and_map_topic() -> None:
    app = open_page(
        "pages/seminarier.py",
        omgang="2024",
        niva="area",
        sem_med_area="integration,demokrati",
        sem_utan_area="skatteunderlag,okänt",
        las_area="0780:integration,9999:integration,0765:inget",
        sem_karta_amne_area="skolutveckling",
    )
    assert app.multiselect(key="sem_med_area").value == ["integration", "demokrati"]
    assert app.multiselect(key="sem_utan_area").value == ["skatteunderlag"]
    assert app.selectbox(key="sem_karta_amne_area").value == "skolutveckling"
    plan = "\n".join(
        [m.value for m in app.markdown if m.value.startswith("**")] + [t.value for t in app.text]
    )
    assert "Växjö → Integration: låst av arrangören" in plan
    assert app.query_params["las_area"] == "0780:integration"  # the bad pairs are dropped
    app.selectbox(key="sem_las_kommun").select("0765")
    app.selectbox(key="sem_las_amne_area").select("demokrati")
    app.button(key="sem_las_knapp").click().run()
    assert app.query_params["las_area"] == "0780:integration,0765:demokrati"
    app.multiselect(key="sem_utan_area").unselect("skatteunderlag").run()
    assert app.query_params["sem_utan_area"] == ""
