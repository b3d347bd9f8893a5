"""Hostile and odd files at the import (issue 21): bounded before parsing, nothing after a
refusal does more work than the refusal, no overflow on impossible times, invisible
characters removed, mapping profiles that are refused by name and never replace another."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from linnedata import importing
from linnedata.cli import main
from linnedata.store import Store
from linnedata.store.testing import file_record
from linnedata.survey import (
    FileProfileStore,
    MappingProfile,
    ReadOptions,
    parse_timestamp,
    validation_report,
)
from linnedata.survey import table as table_module
from linnedata.survey.grid import MAX_ROWS

READ_TEXT = table_module.read_text

GOOD = "kommun;inskickad;betyg_integration\nVäxjö;2025-09-01 10:00;4\nKalmar;2025-09-02 11:00;5\n"


def zipped(name: str, member: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, member)
    return out.getvalue()


@pytest.fixture
def no_text_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text grid must not be read: a refusal before parsing."""

    def refuse(*args, **kwargs):
        raise AssertionError("the CSV was parsed")

    monkeypatch.setattr(table_module, "read_text", refuse)


def answer_rows(count: int) -> bytes:
    """``count`` answer rows that compress about as well as real ones (well under the
    zip-bomb ratio): a municipality, a rating and a few random letters each."""
    noise = os.urandom(count * 3).hex().encode()
    lines = [b"V\xc3\xa4xj\xc3\xb6;4;" + noise[i * 6 : i * 6 + 6] for i in range(count)]
    return b"kommun;betyg_integration;utmaning_fritext\n" + b"\n".join(lines) + b"\n"


def test_a_csv_zip_of_too_many_rows_is_refused_before_parsing(no_text_parsing) -> None:
    rows = answer_rows(500_000)  # the 500,000 rows
    data = zipped("svar.csv", rows)
    assert len(data) < 25_000_000
    assert len(rows) / len(data) < 100  # no zip bomb by its ratio
    report = validation_report(data, round_label="2025")
    assert not report["ok"]
    assert [e["value"] for e in report["errors"]] == ["svar.csv"]
    assert f"{MAX_ROWS}" in report["errors"][0]["message"].replace("\xa0", "").replace(" ", "")


def test_a_csv_zip_of_too_many_characters_is_refused_from_its_directory(
    no_text_parsing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linnedata.survey import grid

    monkeypatch.setattr(grid, "MAX_TEXT", 1_000_000)  # the bound, smaller for the test
    rows = answer_rows(80_000)  # 1.4 MB, under the row bound
    assert len(rows) > 1_000_000
    report = validation_report(zipped("svar.csv", rows), round_label="2025")
    assert not report["ok"]
    assert [e["value"] for e in report["errors"]] == ["svar.csv"]
    monkeypatch.setattr(grid, "MAX_TEXT", 2_000_000)
    monkeypatch.setattr(table_module, "read_text", READ_TEXT)
    assert validation_report(zipped("svar.csv", rows), round_label="2025")["ok"]


def test_a_csv_zip_within_the_bounds_reads() -> None:
    report = validation_report(zipped("svar.csv", GOOD.encode()), round_label="2025")
    assert report["ok"], report["errors"]
    assert report["responses"] == 2


def xfd_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "kommun"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def workbook_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every openpyxl.load_workbook call, after the read: counted, and refused."""
    import openpyxl as module

    calls: list[str] = []
    original = module.load_workbook

    def counted(*args, **kwargs):
        calls.append("load")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "load_workbook", counted)
    return calls


def test_a_workbook_refused_for_its_dimensions_is_not_loaded_again(
    tmp_path: Path, workbook_loads: list[str]
) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    data = xfd_workbook()
    found = importing.read(data, ReadOptions(file_name="stor.xlsx"), "2025")
    assert [e.code for e in found.outcome.errors] == ["fil_blad_for_stort"]
    read_loads = len(workbook_loads)
    importing.refuse(store, data, found, user="steward", round_label="2025")
    assert len(workbook_loads) == read_loads  # the refusal keeps no copy: nothing loaded
    record = file_record(store, found_digest(data))
    assert record["size"] == len(data)
    assert store.import_log()["action"].tolist() == ["refused"]


def found_digest(data: bytes) -> str:
    from linnedata.store import sha256

    return sha256(data)


def data_page_panel() -> None:
    import streamlit as st

    from ui import data, steward

    class Upload:
        def __init__(self, name: str, content: bytes) -> None:
            self.name, self._content = name, content

        def getvalue(self) -> bytes:
            return self._content

    name, content = st.session_state["test_file"]
    st.file_uploader = lambda *args, **kwargs: Upload(name, content)
    steward.upload_panel(data.store())


def test_the_data_page_refuses_the_workbook_without_loading_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workbook_loads: list[str]
) -> None:
    import streamlit
    from streamlit.testing.v1 import AppTest

    from ui import data

    monkeypatch.setattr(streamlit, "file_uploader", streamlit.file_uploader)  # put back after
    url = f"sqlite:///{tmp_path}/store.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_URL", url)
    data.invalidate()
    try:
        app = AppTest.from_function(data_page_panel, default_timeout=60)
        app.session_state["test_file"] = ("stor_2025.xlsx", xfd_workbook())
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        assert len(workbook_loads) == 1  # the reader's own look, and nothing after it
        assert Store(url).import_log()["action"].tolist() == ["refused"]
        assert not [b for b in app.button if b.key == "data_publish"]
    finally:
        data.invalidate()


# --- submission times ------------------------------------------------------------------------

IMPOSSIBLE = ["9999-12-31 23:59", "9999-12-31 23:59Z", "9999-12-31T23:59:00Z", "0001-01-01 00:30"]


@pytest.mark.parametrize("moment", IMPOSSIBLE)
def test_an_impossible_submission_time_is_a_row_error(moment: str) -> None:
    with pytest.raises(ValueError, match=moment):
        parse_timestamp(moment)
    data = f"kommun;inskickad;betyg_integration\nVäxjö;{moment};4\nKalmar;2025-09-02;5\n"
    report = validation_report(data.encode(), round_label="2025")
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (2, "inskickad", moment)
    ]
    assert "1900" in report["errors"][0]["message"]


@pytest.mark.parametrize("moment", IMPOSSIBLE)
def test_validate_import_and_measures_say_so_without_a_traceback(
    moment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.csv"
    path.write_text(f"kommun;inskickad;betyg_integration\nVäxjö;{moment};4\n", "utf-8")
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert main(["validate", str(path), "--json"]) == 1
    assert main(["measures", str(path), "--level", "area"]) == 1
    assert main(["import", str(path), "--round", "2025", "--db", db]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert "OverflowError" not in out.err
    assert Store(db).labels() == []


def test_the_summer_time_hours_follow_the_documented_rule() -> None:
    # 02:30 on 30 March 2025 does not exist: read with the offset before the change (+01:00)
    assert parse_timestamp("2025-03-30 02:30").isoformat() == "2025-03-30T01:30:00+00:00"
    # 02:30 on 26 October 2025 comes twice: the first (summer time, +02:00)
    assert parse_timestamp("2025-10-26 02:30").isoformat() == "2025-10-26T00:30:00+00:00"


def test_a_bom_inside_a_cell_is_removed_like_other_invisible_characters() -> None:
    data = "kommun;betyg_integration\n\ufeff0765;4\nV\u200bäxjö;3\n".encode()
    report = validation_report(data, round_label="2025")
    assert report["ok"], report["errors"]
    assert report["municipalities"] == 2  # Älmhult (0765) and Växjö


# --- mapping profiles ------------------------------------------------------------------------

LIKERT = "kommun;Integration\nVäxjö;Mycket stor utmaning\nKalmar;Liten utmaning\n"
HEADERS = ("kommun", "Integration")


def hand_edited(directory: Path, value: object) -> None:
    profile = MappingProfile(
        "Vår skala",
        ("kommun", "integration"),
        {"kommun": "kommun", "Integration": "betyg_integration"},
        {"Mycket stor utmaning": 5, "Liten utmaning": 2},
    ).as_json()
    profile["values"]["Mycket stor utmaning"] = value  # type: ignore[index]
    directory.mkdir(exist_ok=True)
    (directory / "var-skala.json").write_text(json.dumps(profile), "utf-8")


@pytest.mark.parametrize("value", [9, 0, "9", 4.5, "sex"])
def test_a_profile_value_off_the_scale_is_refused_naming_the_profile_and_value(
    value: object, tmp_path: Path
) -> None:
    hand_edited(tmp_path / "profiler", value)
    profiles = FileProfileStore(tmp_path / "profiler")
    report = validation_report(LIKERT.encode(), round_label="2025", profiles=profiles)
    assert not report["ok"]
    named = [e for e in report["errors"] if "Vår skala" in e["message"]]
    assert len(named) == 1
    assert named[0]["value"] == str(value)
    assert "1–5" in named[0]["message"]


def test_the_cli_mapping_option_refuses_the_profile_value_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hand_edited(tmp_path / "profiler", 9)
    path = tmp_path / "svar.csv"
    path.write_text(LIKERT, "utf-8")
    folder = str(tmp_path / "profiler")
    code = main(["validate", str(path), "--mapping", "Vår skala", "--profiles", folder, "--json"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert any("Vår skala" in e["message"] and e["value"] == "9" for e in report["errors"])
    assert report["responses"] == 2  # and the 9 was published as nothing


def test_profile_names_that_make_one_file_name_never_replace_each_other(tmp_path: Path) -> None:
    store = FileProfileStore(tmp_path)
    names = ["Profil A", "profil/a", "PROFIL A"]
    for n, name in enumerate(names):
        store.save_profile(MappingProfile(name, HEADERS, {"kommun": "kommun"}, {"x": n + 1}))
    assert sorted(p.name for p in store.list_profiles()) == sorted(names)
    assert len(list(tmp_path.glob("*.json"))) == 3
    for n, name in enumerate(names):
        assert store.get(name).values == {"x": n + 1}
    store.save_profile(MappingProfile("profil/a", HEADERS, {"kommun": "kommun"}, {"x": 5}))
    assert len(list(tmp_path.glob("*.json"))) == 3  # the same name replaces its own file
    assert store.get("profil/a").values == {"x": 5}
    assert store.get("Profil A").values == {"x": 1}


def test_profile_names_in_the_store_never_replace_each_other(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    names = ["Profil A", "profil/a", "PROFIL A"]
    for n, name in enumerate(names):
        store.save_profile(MappingProfile(name, HEADERS, {"kommun": "kommun"}, {"x": n + 1}))
    assert {p.name: p.values["x"] for p in store.list_profiles()} == {
        "Profil A": 1,
        "profil/a": 2,
        "PROFIL A": 3,
    }


def test_times_at_the_edges_of_the_years_import_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.csv"
    path.write_text(
        "kommun;inskickad;betyg_integration\n"
        "Växjö;1900-01-01 00:30;4\n"  # 23:30 UTC on 31 December 1899
        "Kalmar;2199-12-31 23:59 -14:00;5\n",  # 13:59 UTC on 1 January 2200
        "utf-8",
    )
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert main(["import", str(path), "--round", "2025", "--db", db]) == 0
    out = tmp_path / "svar_ut.csv"
    export = ["export", "--round", "2025", "--level", "responses", "--format", "csv"]
    assert main([*export, "--out", str(out), "--db", db]) == 0
    text = out.read_text("utf-8-sig")
    assert "1900-01-01" in text
    assert "2200-01-01" in text
    assert "Traceback" not in capsys.readouterr().err
