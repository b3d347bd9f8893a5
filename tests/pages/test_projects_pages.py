"""Proposals and projects on the pages, through AppTest: visitors see the top proposals and
aggregates only (small numbers hidden); a reader turns a proposal into a project, records a
new idea and moves a project through its statuses; in Swedish and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import demo, i18n, throttle
from linnedata.competence import projects as proposals
from linnedata.competence.registry import demo_researchers
from linnedata.followup import record
from linnedata.store import Store
from tests.pages.shown import open_expander
from ui import auth, data

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEMO_2024 = Path(__file__).resolve().parents[2] / "data" / "demo" / "enkat_2024.csv"
READER_PASSWORD = "läsare lampa bok hylla"
SECRET_TITLE = "Hemligt projektnamn Q7"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    monkeypatch.setenv(auth.READER_PASSWORD_VARIABLE, READER_PASSWORD)
    monkeypatch.setattr(throttle, "BASE_DELAY", 0.05)
    store = Store(url)
    store.publish(demo.load_demo()["2024"], DEMO_2024.read_bytes(), user="test")
    store.save_registry(demo_researchers(), user="test", file_name="forskare.csv")
    data.invalidate()
    yield store
    data.invalidate()


def with_projects(store: Store) -> None:
    """Four projects with Växjö (0780): one granted, so 'granted' stays hidden (1 < 3)."""
    for n, path in enumerate([[], ["kontakt"], ["kontakt", "möte"], ["möte", "ansökan"]]):
        pid = record.add(
            store,
            {
                "title": f"{SECRET_TITLE} {n}",
                "areas": ["skolutveckling"],
                "municipalities": ["0780"],
                "round_label": "2024",
            },
            user="t",
        )
        for status in path:
            record.update(store, pid, {"status": status}, user="t")
    record.update(store, 4, {"status": "beviljad", "granted": 400_000}, user="t")
    data.forget_revisions()


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params.update(query)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def log_in(app: AppTest) -> None:
    app.text_input(key="auth_reader_pw").input(READER_PASSWORD)
    next(b for b in app.button if b.label == i18n.t("auth_logga_in", _lang(app))).click().run()
    assert not app.exception, [e.value for e in app.exception]


def field(app: AppTest, kind: str, name: str):
    """The edit form's widget ``name`` (its key carries the project and its version)."""
    pattern = re.compile(rf"(proj_andra_\d+_\d+_{name}|{name}_\d+_\d+)")
    (found,) = [w for w in app.get(kind) if w.key and pattern.fullmatch(w.key)]
    return found


def _lang(app: AppTest) -> str:
    return app.query_params.get("lang", "sv") if hasattr(app.query_params, "get") else "sv"


def frame_with(app: AppTest, column: str):
    """The first data frame with ``column`` (AppTest does not expose a data frame's key)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def shown(app: AppTest) -> str:
    parts = []
    for kind in ("markdown", "text", "caption", "header", "success", "error"):
        parts += [str(e.value) for e in app.get(kind)]
    parts += [e.value.to_string() for e in app.dataframe]
    parts += [e.value.to_string() for e in app.table]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_visitor_sees_the_top_ten_proposals_by_score_and_aggregates_only(
    store: Store, lang: str
) -> None:
    with_projects(store)
    app = open_page("pages/kompetens.py", lang=lang)
    table = frame_with(app, i18n.t("komp_gkol_poang", lang))
    assert len(table) == proposals.TOP_N
    scores = table[i18n.t("komp_gkol_poang", lang)].tolist()
    assert scores == sorted(scores, reverse=True)
    why = table[i18n.t("komp_gkol_skal", lang)]
    assert why.str.contains(i18n.t("komp_och", lang)).all()
    text = shown(app)
    assert i18n.t("proj_rubrik", lang) in text
    assert SECRET_TITLE not in text  # no project titles for a visitor
    # the funnel's table (Kompetens also shows its map's table): the one headed "Steg"
    (funnel,) = [t.value for t in app.table if i18n.t("proj_agg_steg", lang) in t.value.columns]
    counts = funnel.iloc[:, -1].tolist()
    assert counts == ["4", "3", "..", "..", ".."]  # idé 4, kontakt 3, möte 2, ansökan 1, beviljad 1
    assert not any(f.key and f.key.startswith("proj_") for f in app.get("form"))


def test_a_reader_creates_a_project_from_a_proposal_and_moves_it_on(store: Store) -> None:
    app = open_page("pages/lasesal.py")
    log_in(app)
    app.switch_page("pages/kompetens.py").run()
    assert not app.exception, [e.value for e in app.exception]
    app.button(key="FormSubmitter:proj_fran_forslag-Skapa projekt av förslaget").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert [s.value for s in app.success] == ["Projekt 1 är sparat."]
    kept = store.projects()
    assert len(kept) == 1
    assert kept[0]["round_label"] == "2024"
    assert len(kept[0]["municipalities"]) >= 2
    assert kept[0]["history"][0]["by"] == "läsare (lösenord)"
    for status in ("kontakt", "möte", "ansökan"):
        field(app, "selectbox", "proj_status").set_value(status)
        app.button(key="FormSubmitter:proj_andra_1-Spara ändringen").click().run()
        assert not app.exception, [e.value for e in app.exception]
        assert [s.value for s in app.success] == ["Projekt 1 är uppdaterat."]
    field(app, "text_input", "proj_sokt").input("-5")
    app.button(key="FormSubmitter:proj_andra_1-Spara ändringen").click().run()
    assert any("'-5' är inget belopp" in t for t in shown(app).splitlines())
    assert [h["status_to"] for h in store.projects()[0]["history"]] == [
        "idé", "kontakt", "möte", "ansökan",
    ]  # fmt: skip
    assert store.projects()[0]["applied"] is None


def test_a_reader_records_a_new_idea_and_bad_input_is_named(store: Store) -> None:
    app = open_page("pages/lasesal.py", lang="en")
    log_in(app)
    app.switch_page("pages/kompetens.py").run()
    assert not app.get("text_area")  # the form is made only when its expander is open
    open_expander(app, "proj_ny_oppen")
    app.button(key="FormSubmitter:proj_ny-Save the project").click().run()
    errors = shown(app)
    assert "The field title is missing." in errors
    assert store.projects() == []
    app.text_input(key="proj_ny_titel").input('=HYPERLINK("x")')
    app.multiselect(key="proj_ny_omr").set_value(["integration"])
    app.multiselect(key="proj_ny_kommuner").set_value(["0780", "0764"])
    app.text_area(key="proj_ny_forskare").input("Anna Ek\nBo Lind")
    app.button(key="FormSubmitter:proj_ny-Save the project").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert [s.value for s in app.success] == ["Project 1 is saved."]
    assert store.projects()[0]["researchers"] == ("Anna Ek", "Bo Lind")
    table = frame_with(app, "Status history")
    assert table["Title"].tolist() == ['=HYPERLINK("x")']  # a data frame cell: plain text
    field(app, "text_area", "proj_medfin").input("0780: 50 000")
    field(app, "text_input", "proj_start").input("2025-01-01")
    field(app, "text_input", "proj_slut").input("2024-12-31")
    app.button(key="FormSubmitter:proj_andra_1-Save the change").click().run()
    assert "The end date 2024-12-31 is before the start date 2025-01-01." in shown(app)
    field(app, "text_input", "proj_slut").input("2025-12-31")
    app.button(key="FormSubmitter:proj_andra_1-Save the change").click().run()
    assert not app.exception, [e.value for e in app.exception]
    kept = store.projects()[0]
    assert kept["cofinancing"] == {"0780": 50_000}
    assert (str(kept["start"]), str(kept["end"])) == ("2025-01-01", "2025-12-31")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_profile_and_the_overview_show_projects_under_the_small_numbers_rule(
    store: Store, lang: str
) -> None:
    with_projects(store)
    app = open_page("pages/kommunprofil.py", kommun="0780", lang=lang)
    text = shown(app)
    assert i18n.t("proj_profil_rubrik", lang) in text
    fewer = i18n.t("proj_farre_an", lang, least=3)
    assert i18n.t("proj_profil_antal", lang, n=4, granted=fewer) in text
    assert SECRET_TITLE not in text
    app = open_page("pages/oversikt.py", lang=lang)
    text = shown(app)
    assert i18n.t("proj_tratt_rubrik", lang) in text
    assert i18n.t("proj_beviljat_dolt", lang, least=3) in text
    label = i18n.t("proj_sedan_del", lang, n=4, area="", granted=fewer).split(" ")[0]
    assert f"{'Sedan' if lang == 'sv' else 'Since'} 2024: {label}" in text


def test_a_reader_sees_the_municipalitys_projects_on_its_profile(store: Store) -> None:
    with_projects(store)
    app = open_page("pages/lasesal.py")
    log_in(app)
    app.switch_page("pages/kommunprofil.py").run()
    table = frame_with(app, "Titel")
    assert sorted(table["Titel"]) == [f"{SECRET_TITLE} {n}" for n in range(4)]


def reader_on_kompetens(store: Store, lang: str = "sv") -> AppTest:
    app = open_page("pages/lasesal.py", lang=lang)
    log_in(app)
    app.switch_page("pages/kompetens.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_reader_edits_a_projects_title_areas_municipalities_and_form(store: Store) -> None:
    with_projects(store)
    app = reader_on_kompetens(store)
    app.selectbox(key="proj_valj").set_value(2).run()
    assert field(app, "text_input", "titel").value == f"{SECRET_TITLE} 1"
    field(app, "text_input", "titel").input("Skola och bostäder")
    field(app, "multiselect", "omr").set_value(["skolutveckling", "bostadsplanering"])
    field(app, "multiselect", "kommuner").set_value(["0780", "0765"])
    field(app, "selectbox", "form").set_value("utredning")
    app.button(key="FormSubmitter:proj_andra_2-Spara ändringen").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert [s.value for s in app.success] == ["Projekt 2 är uppdaterat."]
    kept = store.projects()[1]
    assert (kept["title"], kept["areas"], kept["municipalities"], kept["form_id"]) == (
        "Skola och bostäder",
        ("skolutveckling", "bostadsplanering"),
        ("0780", "0765"),
        "utredning",
    )
    assert kept["status"] == "kontakt"  # untouched
    last = kept["history"][-1]
    assert last["by"] == "läsare (lösenord)"
    assert set(last["changes"]) == {"title", "areas", "municipalities", "form_id"}
    table = frame_with(app, "Titel")
    assert "Skola och bostäder" in table["Titel"].tolist()
    assert field(app, "text_input", "titel").value == "Skola och bostäder"  # the stored value
    assert field(app, "selectbox", "form").value == "utredning"


def test_an_edit_that_breaks_a_rule_of_creation_is_named_and_nothing_is_kept(store) -> None:
    with_projects(store)
    before = store.projects()
    app = reader_on_kompetens(store, "en")
    field(app, "text_input", "titel").input("  ")
    field(app, "multiselect", "kommuner").set_value([])
    app.button(key="FormSubmitter:proj_andra_1-Save the change").click().run()
    assert not app.exception, [e.value for e in app.exception]
    text = shown(app)
    assert "The field title is missing." in text
    assert "The field municipality is missing." in text
    assert not app.success
    assert store.projects() == before


def test_another_project_shows_its_own_stored_values_not_the_last_ones(store: Store) -> None:
    with_projects(store)
    record.update(store, 1, {"funder": "Vinnova", "form_id": "kurs"}, user="t")
    data.forget_revisions()
    app = reader_on_kompetens(store)
    assert field(app, "text_input", "proj_fin").value == "Vinnova"
    assert field(app, "selectbox", "form").value == "kurs"
    app.selectbox(key="proj_valj").set_value(3).run()
    assert field(app, "text_input", "proj_fin").value == ""
    assert field(app, "selectbox", "form").value == ""
    assert field(app, "text_input", "titel").value == f"{SECRET_TITLE} 2"
    assert field(app, "selectbox", "proj_status").value == "möte"


def test_a_visitor_logs_in_as_reader_from_the_kompetens_page(store: Store) -> None:
    """The login sits in an expander whose form is made only while it is open (ui.opened):
    closed, the page sends no form; opened, the reader logs in there and gets the record."""
    app = open_page("pages/kompetens.py")
    assert "auth_reader_pw" not in [t.key for t in app.text_input]
    open_expander(app, "proj_logga_in")
    log_in(app)
    labels = [e.label for e in app.expander]  # now what only a reader gets
    assert i18n.t("proj_logga_in") not in labels
    assert i18n.t("proj_ny_ide") in labels
