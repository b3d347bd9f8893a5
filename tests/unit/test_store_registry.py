"""The competence registry in the store: versions (who, what, when), on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from linnedata.competence.registry import read_researchers
from linnedata.store import SCHEMA_VERSION, Store

LIST = (
    "forskare,forskningsmiljo,omraden,kapacitet,samverkansformer,profil,aktiv,publikt\n"
    "Anna Ek,Miljö A,Bostadsplanering;Integration,2,Utvärdering,https://x.se/a,ja,\n"
    "Bo Lind,Miljö B,Skatteunderlag,1,,,nej,forskare;omraden\n"
)


def test_a_saved_registry_reads_back_exactly(db_url: str) -> None:
    store = Store(db_url)
    assert store.registry().empty
    assert store.registry_revision() == 0
    table = read_researchers(LIST.encode())
    assert store.save_registry(table, user="anna@lnu.se", file_name="lista.csv") == 1
    pd.testing.assert_frame_equal(store.registry(), table)


def test_every_save_is_a_version_with_who_what_and_when(db_url: str) -> None:
    store = Store(db_url)
    first = read_researchers(LIST.encode())
    store.save_registry(first, user="anna@lnu.se", file_name="lista.csv")
    edited = first.copy()
    edited.loc[0, "kapacitet"] = 4
    edited.at[0, "samverkansformer"] = ("utvardering", "workshop")
    edited = edited.iloc[[0]]
    store.save_registry(edited, user="bo@lnu.se", action="edit")
    versions = store.registry_versions()
    assert versions[["version", "saved_by", "action", "file_name", "n_rows"]].values.tolist() == [
        [2, "bo@lnu.se", "edit", "", 1],
        [1, "anna@lnu.se", "import", "lista.csv", 2],
    ]
    assert versions["changes"].iloc[0] == [
        {"forskare": "Anna Ek", "change": "changed", "fields": ["samverkansformer", "kapacitet"]},
        {"forskare": "Bo Lind", "change": "removed", "fields": []},
    ]
    assert versions["saved_at"].notna().all()
    assert store.registry()["kapacitet"].tolist() == [4]
    assert store.registry(1)["forskare"].tolist() == ["Anna Ek", "Bo Lind"]  # old one kept
    assert store.registry_revision() == 2


def test_only_what_the_list_gives_is_stored(db_url: str) -> None:
    store = Store(db_url)
    store.save_registry(read_researchers(LIST.encode()), user="a")
    with store.engine.connect() as conn:
        columns = [c["name"] for c in sa.inspect(conn).get_columns("registry_rows")]
    assert columns == [
        "version_id",
        "seq",
        "forskare",
        "forskningsmiljo",
        "omraden",
        "samverkansformer",
        "kapacitet",
        "profil",
        "aktiv",
        "publikt",
    ]
    assert store.version() == SCHEMA_VERSION >= 3  # the registry came with version 3
