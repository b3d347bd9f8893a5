"""Competence pages through AppTest: visitors never see free text, readers do, stewards manage
the registry; the Kompetens page and the Kommunprofil section show the registry."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import demo, i18n, throttle
from linnedata.competence.registry import demo_researchers
from linnedata.store import Store
from tests.pages.shown import open_tab, profile_answers
from ui import auth, data, steward

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEMO_2024 = Path(__file__).resolve().parents[2] / "data" / "demo" / "enkat_2024.csv"
PAGES = [
    "pages/oversikt.py",
    "pages/karta.py",
    "pages/kommunprofil.py",
    "pages/jamfor.py",
    "pages/seminarier.py",
    "pages/kompetens.py",
    "pages/lasesal.py",
    "pages/data.py",
]
READER_PASSWORD = "läsare lampa bok hylla"
STEWARD_PASSWORD = "rätt häst batteri häftklammer"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setattr(throttle, "BASE_DELAY", 0.05)
    store = Store(url)
    store.publish(demo.load_demo()["2024"], DEMO_2024.read_bytes(), user="test")
    store.save_registry(demo_researchers(), user="test", file_name="forskare.csv")
    data.invalidate()
    yield store
    data.invalidate()


def free_texts() -> list[str]:
    """Distinctive pieces of every free-text answer of the demo round."""
    texts = demo.load_demo()["2024"].responses["utmaning_fritext"].dropna()
    return sorted({t[:40] for t in texts if len(t) >= 40})


def everything_shown(app: AppTest) -> str:
    """Every text element, table and data frame of the page, as one string."""
    parts = []
    for kind in ("markdown", "text", "caption", "info", "warning", "error", "success", "title"):
        parts += [str(e.value) for e in app.get(kind)]
    parts += [e.value.to_string() for e in app.dataframe]
    parts += [e.value.to_string() for e in app.table]
    parts += [html.unescape(e.proto.body) for e in app.get("html")]
    return "\n".join(parts)


def hits(app: AppTest) -> list[str]:
    """The reading room's hits (cells with a marked match), as the reader reads them."""
    cells = [c for e in app.get("html") for c in re.findall(r"<td[^>]*>(.*?)</td>", e.proto.body)]
    return [html.unescape(c) for c in cells if "»" in c]


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params.update(query)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_visitor_sees_no_free_text_on_any_page(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.READER_PASSWORD_VARIABLE, READER_PASSWORD)
    pieces = free_texts()
    assert len(pieces) > 10
    for page in PAGES:
        shown = everything_shown(open_page(page))
        leaked = [p for p in pieces if p in shown]
        assert leaked == [], page


def test_a_reader_searches_the_free_text_with_word_forms(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.READER_PASSWORD_VARIABLE, READER_PASSWORD)
    app = open_page("pages/lasesal.py")
    assert not app.text  # nothing before the login
    app.text_input(key="auth_reader_pw").input(READER_PASSWORD)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in")).click().run()
    assert not app.exception
    app.text_input(key="lasesal_sok").input("bostad").run()
    answers = hits(app)
    assert answers
    assert all("»bostäder«" in a or "»bostad" in a for a in answers)
    assert f"{len(answers)} av " in everything_shown(app)
    # The Kommunprofil page shows a reader the individual answers too (quoted: plain text).
    app.switch_page("pages/kommunprofil.py").run()
    shown = profile_answers(app)
    assert any(p in t for p in free_texts() for t in shown)


def test_a_wrong_reader_password_shows_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.READER_PASSWORD_VARIABLE, READER_PASSWORD)
    app = open_page("pages/lasesal.py")
    app.text_input(key="auth_reader_pw").input("fel")
    next(b for b in app.button if b.label == i18n.t("auth_logga_in")).click().run()
    assert app.error
    assert not app.text
    assert not hits(app)


def test_the_steward_manages_the_registry_with_versions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.PASSWORD_VARIABLE, STEWARD_PASSWORD)
    app = open_page("pages/data.py")
    app.text_input(key="auth_password").input(STEWARD_PASSWORD)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in")).click().run()
    assert not app.exception
    open_tab(app, steward.TABS, i18n.t("komp_flik_register"))
    assert any(u.key == "komp_registerfil" for u in app.get("file_uploader"))
    app.button(key="komp_spara_tabell").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("version 2" in s.value for s in app.success)
    versions = store.registry_versions()
    assert versions[["version", "action", "n_rows"]].values.tolist() == [
        [2, "edit", 10],
        [1, "import", 10],
    ]
    assert versions["changes"].iloc[0] == []  # saved unchanged


def test_kompetens_lists_the_largest_unmet_demand_first(store: Store) -> None:
    app = open_page("pages/kompetens.py")
    table = app.dataframe[0].value
    unmet = table[i18n.t("komp_kol_ouppfyllt")].tolist()
    assert unmet == sorted(unmet, reverse=True)
    groups = app.dataframe[1].value
    assert groups[i18n.t("komp_gkol_skal")].str.contains("och kan medfinansiera").all()
    assert (groups[i18n.t("komp_gkol_antal")] >= 2).all()


def test_the_profile_lists_matching_researchers_with_reasons(store: Store) -> None:
    app = open_page("pages/kommunprofil.py", kommun="0780")
    shown = everything_shown(app)
    assert i18n.t("komp_profil_rubrik") in [s.value for s in app.header]
    assert "Kompetensförsörjning, prio 1" in shown


def test_kompetens_is_cached_yet_shows_a_new_registry_at_once(store: Store) -> None:
    app = open_page("pages/kompetens.py")
    supply_column = i18n.t("komp_kol_forskare")
    before = app.dataframe[0].value
    app.run()  # a rerun is served from the cache: the very same table object
    assert app.dataframe[0].value.equals(before)
    fewer = demo_researchers().iloc[:3]
    store.save_registry(fewer, user="test", file_name="tre.csv")
    data.forget_revisions()  # as the steward's save does in this process
    app.run()
    after = app.dataframe[0].value
    assert after[supply_column].sum() < before[supply_column].sum()
