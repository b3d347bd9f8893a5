"""The competence registry keeps researchers' names, never their contact data or identity
numbers (issue 21): the list's own columns only, its person cells through the one redactor,
in ``registry_rows`` and in the version's change log; what was removed is said; a list of
75,000 bad rows gets a bounded report with the total counted."""

from __future__ import annotations

import pytest

from linnedata.competence import registry
from linnedata.errors import REPORT_CAP, InputError
from linnedata.store import Store
from linnedata.store.testing import text_values

SECRETS = [
    "750505-1230",
    "0701234567",
    "anna.berg@lnu.se",
    "070-765 43 21",
    "19811228-9874",
    "bo.ek@lnu.se",
    "0470-70 80 00",
    "cecilia.dahl(at)lnu.se",
]
LIST = (
    "forskare;forskningsmiljo;omraden;kapacitet;epost;telefon;personnummer\n"
    "Anna Berg 750505-1230;Inst. för X, tel 0701234567, anna.berg@lnu.se;integration;2;"
    "anna.berg@lnu.se;070-765 43 21;750505-1230\n"
    "Bo Ek;Företagsekonomi;digitalisering;1;bo.ek@lnu.se;0470-70 80 00;19811228-9874\n"
)


def test_the_list_keeps_names_and_drops_contact_data_and_identity_numbers() -> None:
    table = registry.read_researchers(LIST.encode())
    assert table["forskare"].tolist() == ["Anna Berg [personnummer]", "Bo Ek"]
    assert table["forskningsmiljo"].tolist() == [
        "Inst. för X, tel [telefon], [e-post]",
        "Företagsekonomi",
    ]
    removed = registry.removed_of(table)
    assert removed == {"columns": ["epost", "telefon", "personnummer"], "redactions": 3}
    line = registry.removed_line(table, "sv")
    assert "epost" in line
    assert "3" in line
    for secret in SECRETS:
        assert secret not in line


def assert_clean(store: Store) -> None:
    scanned = [(t, c, v) for t, c, v in text_values(store) if t.startswith("registry")]
    assert any(t == "registry_versions" and c == "changes" for t, c, _ in scanned)
    for table, column, value in scanned:
        for secret in SECRETS:
            assert secret not in value, (table, column, secret)


def test_no_registry_table_nor_change_log_holds_them(db_url: str) -> None:
    store = Store(db_url)
    store.save_registry(registry.read_researchers(LIST.encode()), user="a", file_name="l.csv")
    changed = LIST.replace("Företagsekonomi", "Företagsekonomi, cecilia.dahl(at)lnu.se")
    store.save_registry(registry.read_researchers(changed.encode()), user="a", file_name="l.csv")
    assert_clean(store)
    assert store.registry()["forskare"].tolist() == ["Anna Berg [personnummer]", "Bo Ek"]
    changes = store.registry_versions()["changes"].iloc[0]
    assert changes == [{"forskare": "Bo Ek", "change": "changed", "fields": ["forskningsmiljo"]}]


def test_a_registry_edited_in_the_table_is_redacted_when_saved(db_url: str) -> None:
    store = Store(db_url)
    table = registry.read_researchers(LIST.encode())
    table.loc[1, "forskare"] = "Bo Ek 0701234567"
    table.loc[1, "forskningsmiljo"] = "Mejla cecilia.dahl(at)lnu.se"
    store.save_registry(table, user="a", action="edit")
    assert_clean(store)
    assert store.registry()["forskare"].tolist()[1] == "Bo Ek [telefon]"


def test_a_list_of_75000_bad_rows_gets_a_bounded_report_with_the_total() -> None:
    rows = [f"F{i};Område {i};x" for i in range(75_000)]  # 1.6 MB
    data = ("forskare;omraden;kapacitet\n" + "\n".join(rows) + "\n").encode()
    assert len(data) < registry.MAX_BYTES
    with pytest.raises(InputError) as refused:
        registry.read_researchers(data)
    errors = refused.value.errors
    assert len(errors) == 2 * REPORT_CAP + 1  # two rules capped, and the total
    last = errors[-1].message("sv")
    assert "149 800" in last.replace("\u00a0", " ") or "149800" in last


def test_the_cli_says_what_it_did_not_keep(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from linnedata.cli import main

    path = tmp_path / "lista.csv"
    path.write_text(LIST, "utf-8")
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert main(["competence", "import", str(path), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "'epost', 'telefon', 'personnummer'" in out
    for secret in SECRETS:
        assert secret not in out
    assert_clean(Store(db))
