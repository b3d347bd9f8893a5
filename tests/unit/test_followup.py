"""The follow-up record: projects kept, moved through their statuses, refused, summarised."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from linnedata.errors import InputError
from linnedata.followup import record, rules, summary
from linnedata.store import SCHEMA_VERSION, Store
from linnedata.store.testing import integrity_problems
from linnedata.taxonomy import default_taxonomy

IDEA = {
    "title": "Kompetensförsörjning i vården",
    "areas": ["kompetensforsorjning"],
    "municipalities": ["0780", "781"],
    "researchers": ["Anna Ek"],
    "round_label": "2024",
}
PATH = ["kontakt", "möte", "ansökan", "beviljad", "pågår", "avslutad"]


def history_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM project_history")).scalar())


def test_a_project_moves_through_every_status_and_reads_back_after_a_restart(
    db_url: str,
) -> None:
    store = Store(db_url)
    pid = record.add(store, IDEA, user="anna@lnu.se")
    assert pid == 1
    for status in PATH:
        changes = {"status": status}
        if status == "ansökan":
            changes |= {"funder": "Vinnova", "applied": "1 500 000"}
        if status == "beviljad":
            changes |= {"granted": 1_200_000, "cofinancing": {"0780": 100_000}}
        record.update(store, pid, changes, user="bo@lnu.se")
    again = Store(db_url).projects()  # a new process: everything read back from the database
    assert len(again) == 1
    project = again[0]
    assert project["municipalities"] == ("0780", "0781")  # "781" lost its leading zero
    assert (project["status"], project["funder"], project["applied"], project["granted"]) == (
        "avslutad",
        "Vinnova",
        1_500_000,
        1_200_000,
    )
    assert project["cofinancing"] == {"0780": 100_000}
    history = project["history"]
    assert [(h["status_from"], h["status_to"]) for h in history] == [
        (None, "idé"),
        ("idé", "kontakt"),
        ("kontakt", "möte"),
        ("möte", "ansökan"),
        ("ansökan", "beviljad"),
        ("beviljad", "pågår"),
        ("pågår", "avslutad"),
    ]
    assert [h["by"] for h in history] == ["anna@lnu.se"] + ["bo@lnu.se"] * 6
    assert history[3]["changes"] == {
        "status": ["möte", "ansökan"],
        "funder": ["", "Vinnova"],
        "applied": [None, 1_500_000],
    }
    assert all(isinstance(h["at"], dt.datetime) for h in history)
    assert store.version() == SCHEMA_VERSION
    assert integrity_problems(store) == []


@pytest.mark.parametrize(
    ("changes", "code", "value"),
    [
        ({"status": "beviljad"}, "proj_overgang", "beviljad"),  # idé cannot jump to granted
        ({"status": "klar"}, "proj_status_okand", "klar"),
        ({"applied": -5}, "proj_belopp", "-5"),
        ({"granted": "12,5"}, "proj_belopp", "12,5"),
        ({"areas": ["skola"]}, "proj_omrade_okand", "skola"),
        ({"municipalities": ["9999"]}, "proj_kommun_okand", "9999"),
        ({"links": ["javascript:alert(1)"]}, "proj_lank", "javascript:alert(1)"),
        ({"start": "2025-05-01", "end": "2025-01-01"}, "proj_datum_ordning", "2025-01-01"),
        ({"cofinancing": {"0680": 5}}, "proj_medfin_kommun", "0680"),
    ],
)
def test_a_refused_change_names_the_problem_and_writes_nothing(
    tmp_path, changes: dict, code: str, value: str
) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    pid = record.add(store, IDEA, user="a")
    before = store.projects()
    with pytest.raises(InputError) as caught:
        record.update(store, pid, {**changes, "title": "Ny titel"}, user="b")
    assert [(p.code, p.value) for p in caught.value.errors] == [(code, value)]
    assert caught.value.errors[0].message("sv")  # every code has its text
    assert store.projects() == before  # the valid title change was not kept either
    assert history_rows(store) == 1


def test_every_problem_of_a_new_project_is_named_at_once_and_nothing_is_kept(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    bad = {"title": " ", "areas": ["okänt"], "municipalities": ["12"], "status": "klar"}
    with pytest.raises(InputError) as caught:
        record.add(store, bad, user="a")
    messages = [p.message("sv") for p in caught.value.errors]
    assert messages == [
        "Fältet titel saknas. Fyll i det.",
        "Området 'okänt' finns inte. Skriv ett område-id ur data/areas.csv, till exempel "
        "kompetensforsorjning.",
        "Kommunkoden '0012' finns inte. Skriv en fyrsiffrig SCB-kod, till exempel 0780 för Växjö.",
        "Statusen 'klar' finns inte. Skriv en av idé, kontakt, möte, ansökan, beviljad, "
        "avslagen, pågår, avslutad.",
    ]
    assert caught.value.errors[0].message("en") == "The field title is missing. Fill it in."
    assert store.projects() == []


def test_a_transition_not_allowed_names_the_allowed_ones() -> None:
    current = rules.new_record(
        {**IDEA, "status": "ansökan"}, default_taxonomy(), record.known_codes()
    )
    with pytest.raises(InputError) as caught:
        rules.changed_record(current, {"status": "pågår"}, default_taxonomy(), {"0780", "0781"})
    assert caught.value.errors[0].message("sv") == (
        "Ett projekt med status 'ansökan' kan inte gå till 'pågår'. Från 'ansökan' går det "
        "till: beviljad, avslagen."
    )


def test_every_status_has_its_transitions_and_the_final_one_none() -> None:
    assert set(rules.TRANSITIONS) == set(rules.STATUSES)
    assert all(set(to) <= set(rules.STATUSES) for to in rules.TRANSITIONS.values())
    assert rules.TRANSITIONS["avslutad"] == ()


def test_outcome_notes_are_redacted_by_the_one_redactor(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    pid = record.add(store, IDEA, user="a")
    record.update(store, pid, {"notes": "Ring Eva 070-123 45 67 eller eva(at)kommun.se"}, user="a")
    assert store.projects()[0]["notes"] == "Ring Eva [telefon] eller [e-post]"
    with store.engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT changes FROM project_history")).scalars().all()
    assert not any("070" in text or "kommun.se" in text for text in kept)


def test_an_unknown_project_is_a_clear_error(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    with pytest.raises(record.UnknownProjectError) as caught:
        record.update(store, 7, {"status": "kontakt"}, user="a")
    assert caught.value.message("sv").startswith("Det finns inget projekt med nummer 7.")


def test_a_version_7_store_gets_the_project_tables(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/db.sqlite"
    Store(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in ("project_history", "project_links", "project_researchers"):
            conn.execute(sa.text(f"DROP TABLE {table}"))
        conn.execute(sa.text("DROP TABLE project_municipalities"))
        conn.execute(sa.text("DROP TABLE project_areas"))
        conn.execute(sa.text("DROP TABLE projects"))
        conn.execute(sa.text("DELETE FROM schema_version"))
        conn.execute(sa.text("INSERT INTO schema_version VALUES (7, '2026-01-01')"))
    engine.dispose()
    store = Store(url)
    assert store.version() == 8
    assert record.add(store, IDEA, user="a") == 1


# --- what the record says -----------------------------------------------------------------


def project(status: str, history: list[str], **more) -> dict:
    return {
        "status": status,
        "areas": more.get("areas", ("skolutveckling",)),
        "municipalities": more.get("municipalities", ("0780",)),
        "researchers": more.get("researchers", ()),
        "granted": more.get("granted"),
        "round_label": more.get("round_label", "2024"),
        "history": [{"status_to": s} for s in history],
    }


PROJECTS = [
    project("idé", ["idé"]),
    project("avslagen", ["idé", "kontakt", "möte", "ansökan", "avslagen"]),
    project("pågår", ["idé", "möte", "pågår"], researchers=("Anna",)),
    project("pågår", ["ansökan", "beviljad", "pågår"], granted=500_000, researchers=("Anna",)),
    project("avslutad", ["kontakt", "avslutad"], researchers=("Bo",)),
]


def test_the_funnel_counts_each_project_up_to_the_furthest_stage_it_reached() -> None:
    assert summary.funnel(PROJECTS) == {
        "idé": 5,
        "kontakt": 4,
        "möte": 3,
        "ansökan": 2,
        "beviljad": 1,
    }


def test_commitments_count_only_projects_still_open() -> None:
    assert summary.commitments(PROJECTS) == {"Anna": 2}


def test_visitors_see_small_counts_hidden_and_readers_see_them() -> None:
    public = summary.funnel_table(PROJECTS, "sv", public=True)
    assert public["Projekt"].tolist() == ["5", "4", "3", "..", ".."]
    assert summary.funnel_table(PROJECTS, "sv", public=False)["Projekt"].tolist()[-1] == "1"
    assert summary.granted_sentence(PROJECTS, "sv", public=True) == (
        "Beviljat hittills: visas när minst 3 projekt har beviljats."
    )
    assert summary.granted_sentence(PROJECTS, "sv", public=False) == (
        "Beviljat hittills: 500\u00a0000 kr i 1 projekt."
    )
    table = summary.public_table(PROJECTS, "areas", {"skolutveckling": "Skolutveckling"}, "en")
    assert table.values.tolist() == [["Skolutveckling", "5", ".."]]


def test_the_next_round_says_what_came_of_the_last() -> None:
    taxonomy = default_taxonomy()
    line = summary.since_line(PROJECTS, "2024", taxonomy, "sv", public=False)
    assert line == "Sedan 2024: 5 projekt inom Skolutveckling (1 beviljade)."
    assert summary.since_line(PROJECTS, "2024", taxonomy, "sv", public=True) == (
        "Sedan 2024: 5 projekt inom Skolutveckling (färre än 3 beviljade)."
    )
    assert summary.since_line(PROJECTS, "2023", taxonomy, "en", public=False) == ""


def test_cofinancing_may_be_written_as_lines_of_code_and_amount(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    pid = record.add(store, IDEA, user="a")
    new = record.update(store, pid, {"cofinancing": "0780: 100 000\n781: 5"}, user="a")
    assert new["cofinancing"] == {"0780": 100_000, "0781": 5}
    with pytest.raises(InputError) as caught:
        record.update(store, pid, {"cofinancing": "0780 100"}, user="a")
    assert [p.code for p in caught.value.errors] == ["proj_medfin_format"]
    assert store.projects()[0]["cofinancing"] == {"0780": 100_000, "0781": 5}


def test_title_areas_municipalities_and_form_are_edited_and_kept_in_the_history(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    pid = record.add(store, IDEA, user="a")
    edit = {
        "title": "  Vård   och omsorg ",
        "areas": ["kompetensforsorjning", "integration"],
        "municipalities": ["0780", "765"],
        "form_id": "utredning",
    }
    record.update(store, pid, edit, user="bo@lnu.se")
    (kept,) = store.projects()
    assert (kept["title"], kept["areas"], kept["municipalities"], kept["form_id"]) == (
        "Vård och omsorg",
        ("kompetensforsorjning", "integration"),
        ("0780", "0765"),
        "utredning",
    )
    last = kept["history"][-1]
    assert (last["by"], last["action"], last["status_from"], last["status_to"]) == (
        "bo@lnu.se",
        "changed",
        "idé",
        "idé",
    )
    assert last["changes"] == {
        "title": ["Kompetensförsörjning i vården", "Vård och omsorg"],
        "areas": [["kompetensforsorjning"], ["kompetensforsorjning", "integration"]],
        "municipalities": [["0780", "0781"], ["0780", "0765"]],
        "form_id": [None, "utredning"],
    }


def test_an_edit_is_refused_with_the_messages_of_creation_and_nothing_is_kept(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    pid = record.add(store, IDEA, user="a")
    before = store.projects()
    bad = {"title": " ", "areas": [], "municipalities": ["12"], "form_id": "brevduva"}
    with pytest.raises(InputError) as edited:
        record.update(store, pid, bad, user="b")
    with pytest.raises(InputError) as created:
        record.add(store, {**IDEA, **bad}, user="b")
    messages = [p.message("sv") for p in edited.value.errors]
    assert messages == [p.message("sv") for p in created.value.errors]
    assert [p.code for p in edited.value.errors] == [
        "proj_saknas",
        "proj_saknas",
        "proj_kommun_okand",
        "proj_form_okand",
    ]
    assert store.projects() == before
    assert history_rows(store) == 1
