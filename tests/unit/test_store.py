"""The store (linnedata.store) against SQLite and PostgreSQL: rounds, refusals, log, privacy."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

from linnedata import demo
from linnedata.cli import main
from linnedata.errors import InputError
from linnedata.store import (
    SCHEMA_VERSION,
    DuplicateFileError,
    MappingProfile,
    RoundExistsError,
    Store,
    StoreError,
    UnknownRoundError,
    sha256,
)
from linnedata.store import engine as engine_module
from linnedata.store.engine import forget_engine
from linnedata.store.testing import file_record, integrity_problems, snapshot
from linnedata.survey import read_survey, signature
from linnedata.taxonomy import default_taxonomy

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"


def demo_bytes(label: str) -> bytes:
    return (DEMO / f"enkat_{label}.csv").read_bytes()


def read(data: bytes, label: str, name: str = "svar.csv"):
    return read_survey(data, round_label=label, file_name=name)


def rounds_rows(store: Store, label: str) -> dict[str, list]:
    """Every stored row of one round (without the round id), to compare before/after."""
    snap = snapshot(store)
    with store.engine.connect() as conn:
        round_id = conn.execute(sa.text("SELECT id FROM rounds WHERE label = :l"), {"l": label})
        round_id = round_id.scalar()
    return {
        name: [row[1:] for row in snap[name] if row[0] == round_id]
        for name in ("responses", "ratings", "forms")
    }


# --- publishing and reading back ---------------------------------------------------------------


def test_a_published_round_reads_back_exactly_as_the_reader_made_it(db_url: str) -> None:
    store = Store(db_url)
    for label, survey in demo.load_demo().items():
        result = store.publish(survey, demo_bytes(label), user="anna@lnu.se")
        assert (result.round_label, result.action) == (label, "publish")
        assert result.responses == len(survey.responses)
    for label, survey in demo.load_demo().items():
        back = store.load(label)
        assert_frame_equal(back.responses, survey.responses)
        assert_frame_equal(back.ratings, survey.ratings)
        assert_frame_equal(back.forms, survey.forms)
        assert back.source_format == "canonical-csv"
    assert store.labels() == ["2024", "2023"]
    assert integrity_problems(store) == []
    assert store.version() == SCHEMA_VERSION


def test_the_import_log_records_time_user_file_checksum_format_and_counts(db_url: str) -> None:
    store = Store(db_url)
    survey = demo.load_demo()["2024"]
    store.publish(survey, demo_bytes("2024"), user="anna@lnu.se")
    entry = store.import_log().iloc[0]
    assert entry["user"] == "anna@lnu.se"
    assert entry["action"] == "publish"
    assert entry["file_name"] == "enkat_2024.csv"
    assert entry["sha256"] == sha256(demo_bytes("2024"))
    assert entry["source_format"] == "canonical-csv"
    assert entry["n_responses"] == len(survey.responses)
    assert entry["n_municipalities"] == survey.responses["kommun_kod"].nunique()
    assert pd.notna(entry["at"])


def test_the_same_file_twice_is_refused_naming_its_round(db_url: str) -> None:
    store = Store(db_url)
    data = demo_bytes("2024")
    store.publish(read(data, "2024"), data, user="a")
    before = store.rounds()
    with pytest.raises(DuplicateFileError) as refused:
        store.publish(read(data, "2025", "kopia.csv"), data, user="b")
    assert refused.value.round_label == "2024"
    assert "2024" in refused.value.message("sv")
    assert "2024" in refused.value.message("en")
    assert_frame_equal(store.rounds(), before)
    assert store.import_log().iloc[0]["action"] == "refused"
    assert store.round_of_file(sha256(data)) == "2024"


def test_an_existing_round_is_not_overwritten_without_replace(db_url: str) -> None:
    store = Store(db_url)
    store.publish(read(demo_bytes("2024"), "2024"), demo_bytes("2024"), user="a")
    with pytest.raises(RoundExistsError):
        store.publish(read(demo_bytes("2023"), "2024"), demo_bytes("2023"), user="a")
    assert store.load("2024").responses.shape[0] == 68


def test_replace_changes_exactly_one_round_and_is_logged(db_url: str) -> None:
    store = Store(db_url)
    store.publish(read(demo_bytes("2023"), "2023"), demo_bytes("2023"), user="a")
    store.publish(read(demo_bytes("2024"), "2024"), demo_bytes("2024"), user="a")
    untouched = rounds_rows(store, "2023")
    new = demo_bytes("2023").replace(b"\n", b"\r\n")  # same answers, another file
    result = store.publish(read(new, "2024"), new, user="b", replace=True)
    assert result.action == "replace"
    assert rounds_rows(store, "2023") == untouched
    assert len(store.load("2024").responses) == len(demo.load_demo()["2023"].responses)
    assert store.labels() == ["2024", "2023"]
    entry = store.import_log().iloc[0]
    assert (entry["action"], entry["round_label"], entry["user"]) == ("replace", "2024", "b")
    assert integrity_problems(store) == []


def test_delete_changes_exactly_one_round_and_is_logged(db_url: str) -> None:
    store = Store(db_url)
    store.publish(read(demo_bytes("2023"), "2023"), demo_bytes("2023"), user="a")
    store.publish(read(demo_bytes("2024"), "2024"), demo_bytes("2024"), user="a")
    untouched = rounds_rows(store, "2023")
    assert store.delete_round("2024", user="c") == 68
    assert store.labels() == ["2023"]
    assert rounds_rows(store, "2023") == untouched
    snap = snapshot(store)
    assert len(snap["responses"]) == len(untouched["responses"])
    assert len(snap["ratings"]) == len(untouched["ratings"])
    entry = store.import_log().iloc[0]
    assert (entry["action"], entry["round_label"], entry["user"]) == ("delete", "2024", "c")
    with pytest.raises(UnknownRoundError):
        store.delete_round("2024", user="c")
    # A deleted round's file may be published again.
    store.publish(read(demo_bytes("2024"), "2024"), demo_bytes("2024"), user="a")
    assert store.labels() == ["2024", "2023"]


def test_a_failure_in_the_middle_of_an_import_leaves_the_store_as_before(db_url: str) -> None:
    store = Store(db_url)
    store.publish(read(demo_bytes("2023"), "2023"), demo_bytes("2023"), user="a")
    before = snapshot(store)

    def explode() -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        Store(db_url, checkpoint=explode).publish(
            read(demo_bytes("2024"), "2024"), demo_bytes("2024"), user="a"
        )
    assert snapshot(store) == before
    assert integrity_problems(store) == []


def test_a_refused_file_is_recorded_and_logged_but_publishes_nothing(db_url: str) -> None:
    store = Store(db_url)
    bad = b"kommun,betyg_integration\nGotham,7\n"
    with pytest.raises(InputError) as error:
        read(bad, "2025", "fel.csv")
    kept = {"columns": {"kommun": "kommun"}, "dropped": {}}
    store.record_refused(
        bad, file_name="fel.csv", user="a", round_label="2025", errors=error.value.errors, kept=kept
    )
    assert store.labels() == []
    entry = store.import_log().iloc[0]
    assert (entry["action"], entry["n_errors"], entry["file_name"]) == ("refused", 2, "fel.csv")
    record = file_record(store, sha256(bad))
    assert (record["size"], record["mapping"]) == (len(bad), kept)  # no byte of the file
    assert store.revision() == 0  # a refusal changes nothing the pages show


# --- personal data: the import scrubs before the store keeps (tests/unit/test_survey_privacy.py)


# --- schema versions -----------------------------------------------------------------------------

V1_SCHEMA = [
    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)",
    """CREATE TABLE rounds (id {serial}, label VARCHAR(40) NOT NULL UNIQUE,
       published_at TIMESTAMP NOT NULL, published_by VARCHAR(200) NOT NULL,
       file_name VARCHAR(255) NOT NULL, file_sha256 VARCHAR(64) NOT NULL,
       source_format VARCHAR(40) NOT NULL, n_responses INTEGER NOT NULL,
       n_municipalities INTEGER NOT NULL)""",
    """CREATE TABLE responses (round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
       respondent INTEGER, kalla_rad INTEGER NOT NULL, kommun_kod VARCHAR(4) NOT NULL,
       inskickad TIMESTAMP, roll VARCHAR(40), prio_1 VARCHAR(40), prio_2 VARCHAR(40),
       prio_3 VARCHAR(40), seminarieintresse VARCHAR(20), medfinansiering VARCHAR(20),
       utmaning_fritext TEXT NOT NULL, PRIMARY KEY (round_id, respondent))""",
    """CREATE TABLE ratings (round_id INTEGER, respondent INTEGER, seq INTEGER,
       area_id VARCHAR(40) NOT NULL, betyg SMALLINT, PRIMARY KEY (round_id, respondent, seq),
       FOREIGN KEY (round_id, respondent) REFERENCES responses (round_id, respondent)
       ON DELETE CASCADE)""",
    """CREATE TABLE forms (round_id INTEGER, respondent INTEGER, seq INTEGER,
       form_id VARCHAR(40) NOT NULL, PRIMARY KEY (round_id, respondent, seq),
       FOREIGN KEY (round_id, respondent) REFERENCES responses (round_id, respondent)
       ON DELETE CASCADE)""",
    """CREATE TABLE raw_files (sha256 VARCHAR(64) PRIMARY KEY, file_name VARCHAR(255) NOT NULL,
       size INTEGER NOT NULL, first_seen TIMESTAMP NOT NULL, content {blob})""",
    """CREATE TABLE import_log (id {serial}, at TIMESTAMP NOT NULL,
       "user" VARCHAR(200) NOT NULL, action VARCHAR(20) NOT NULL, round_label VARCHAR(40),
       file_name VARCHAR(255), sha256 VARCHAR(64), source_format VARCHAR(40),
       n_responses INTEGER, n_municipalities INTEGER, n_errors INTEGER NOT NULL DEFAULT 0,
       n_warnings INTEGER NOT NULL DEFAULT 0, message TEXT)""",
    "INSERT INTO schema_version VALUES (1, '2024-10-01 12:00:00')",
    """INSERT INTO rounds (label, published_at, published_by, file_name, file_sha256,
       source_format, n_responses, n_municipalities) VALUES ('2024', '2024-10-01 12:00:00', 'anna', 'enkat_2024.csv',
       'abc', 'canonical-csv', 1, 1)""",
    """INSERT INTO responses VALUES (1, 1, 2, '0780', '2024-09-01 10:00:00', 'annan',
       'integration', NULL, NULL, 'ja', 'nej', 'Fritext')""",
    "INSERT INTO ratings VALUES (1, 1, 0, 'integration', 4)",
    "INSERT INTO forms VALUES (1, 1, 0, 'forskning')",
    """INSERT INTO import_log (at, "user", action, round_label, n_responses)
       VALUES ('2024-10-01 12:00:00', 'anna', 'publish', '2024', 1)""",
]


def test_a_version_1_database_is_upgraded_to_version_2_keeping_its_rounds(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    postgres = engine.dialect.name == "postgresql"
    types = {
        "{blob}": "BYTEA" if postgres else "BLOB",
        "{serial}": "SERIAL PRIMARY KEY" if postgres else "INTEGER PRIMARY KEY",
    }
    with engine.begin() as conn:
        for statement in V1_SCHEMA:
            for placeholder, name in types.items():
                statement = statement.replace(placeholder, name)
            conn.execute(sa.text(statement))
    engine.dispose()
    store = Store(db_url)
    assert store.version() == SCHEMA_VERSION
    survey = store.load("2024")
    assert survey.responses["kommun_kod"].tolist() == ["0780"]
    rated = survey.ratings.dropna(subset=["betyg"])  # the blanks are every other area
    assert rated[["area_id", "betyg"]].values.tolist() == [["integration", 4]]
    assert survey.ratings["area_id"].tolist() == default_taxonomy().area_ids
    assert store.import_log()["action"].tolist() == ["publish"]
    # What version 2 added works: mapping profiles and the log's warnings.
    store.save_profile(MappingProfile("Forms", ("kommun_namn",), {"Kommun namn": "kommun"}))
    assert store.find_for(["Kommun namn"]).columns == {"Kommun namn": "kommun"}
    assert [p.name for p in store.list_profiles()] == ["Forms"]
    store.publish(read(demo_bytes("2023"), "2023"), demo_bytes("2023"), user="a")
    with store.engine.connect() as conn:
        assert (
            json.loads(conn.execute(sa.text("SELECT warnings FROM import_log")).scalars().all()[-1])
            == []
        )
    assert integrity_problems(store) == []
    assert Store(db_url).version() == SCHEMA_VERSION  # opening again changes nothing


def test_a_database_newer_than_the_program_is_refused(db_url: str) -> None:
    Store(db_url)
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00')"))
    engine.dispose()
    forget_engine(db_url)
    with pytest.raises(StoreError, match="99"):
        Store(db_url)
    forget_engine(db_url)


# --- mapping profiles ----------------------------------------------------------------------------


def test_a_saved_mapping_profile_is_found_for_the_same_headers(db_url: str) -> None:
    store = Store(db_url)
    profile = MappingProfile(
        "Microsoft Forms 2025",
        signature(["ID", "Starttid", "Vilken kommun?"]),
        {"Vilken kommun?": "kommun", "Starttid": "inskickad"},
    )
    store.save_profile(profile)
    assert store.find_for(["ID", "Starttid", "Vilken  kommun?"]) == profile
    assert store.find_for(["ID", "Kommun"]) is None
    store.save_profile(MappingProfile(profile.name, profile.headers, {"Vilken kommun?": "kommun"}))
    assert store.list_profiles()[0].columns == {"Vilken kommun?": "kommun"}


# --- another process, the command line -----------------------------------------------------------


def cli_process(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    """``python -m linnedata ARGS --db DB`` as another process."""
    return subprocess.run(
        [sys.executable, "-m", "linnedata", *args, "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def cli(*args: str, db: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``linnedata.cli.main(ARGS --db DB)`` in this process (fast), with ``stdin`` as input."""
    import contextlib
    import io

    raw = io.BytesIO()  # export writes bytes to sys.stdout.buffer
    out, err = io.TextIOWrapper(raw, encoding="utf-8", newline=""), io.StringIO()
    argv = [*args, "--db", db]
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved
    out.flush()
    return subprocess.CompletedProcess(argv, code, raw.getvalue().decode("utf-8"), err.getvalue())


def test_a_round_published_by_another_process_is_seen_here(db_url: str) -> None:
    store = Store(db_url)
    assert store.labels() == []
    done = cli_process("import", str(DEMO / "enkat_2024.csv"), "--round", "2024", db=db_url)
    assert done.returncode == 0, done.stderr
    assert "2024" in done.stdout
    assert store.labels() == ["2024"]
    assert store.revision() > 0
    listed = cli("rounds", db=db_url)
    assert next(iter(csv.DictReader(io.StringIO(listed.stdout))))["label"] == "2024"


def test_cli_import_refuses_the_same_file_twice_and_a_broken_file(
    db_url: str, tmp_path: Path
) -> None:
    assert cli("import", str(DEMO / "enkat_2024.csv"), "--round", "2024", db=db_url).returncode == 0
    again = cli("import", str(DEMO / "enkat_2024.csv"), "--round", "2025", db=db_url)
    assert again.returncode == 1
    assert "omgång 2024" in again.stderr
    broken = tmp_path / "fel.csv"
    broken.write_text("kommun,betyg_integration\nVäxjö,9\n", encoding="utf-8")
    refused = cli("import", str(broken), "--round", "2025", db=db_url)
    assert refused.returncode == 1
    assert "rad 2" in refused.stderr.lower()
    assert Store(db_url).labels() == ["2024"]
    assert Store(db_url).import_log()["action"].tolist()[:2] == ["refused", "refused"]


def test_cli_replace_and_delete_round_with_confirmation(db_url: str) -> None:
    assert cli("import", str(DEMO / "enkat_2024.csv"), "--round", "2024", db=db_url).returncode == 0
    without = cli("import", str(DEMO / "enkat_2023.csv"), "--round", "2024", db=db_url)
    assert without.returncode == 1
    replaced = cli(
        "import", str(DEMO / "enkat_2023.csv"), "--round", "2024", "--replace", db=db_url
    )
    assert replaced.returncode == 0, replaced.stderr
    assert "ersatt" in replaced.stdout
    unconfirmed = cli("delete-round", "2024", db=db_url, stdin="")
    assert unconfirmed.returncode == 2
    assert "--yes" in unconfirmed.stderr
    assert Store(db_url).labels() == ["2024"]
    assert cli("delete-round", "2024", "--yes", db=db_url).returncode == 0
    assert Store(db_url).labels() == []
    assert cli("delete-round", "2024", "--yes", db=db_url).returncode == 1


def test_cli_export_is_formula_safe_in_csv_and_xlsx(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "svar_2025.csv"
    source.write_text(
        'kommun,betyg_integration,utmaning_fritext\nVäxjö,4,=HYPERLINK("http://x")\n',
        encoding="utf-8",
    )
    assert cli("import", str(source), "--round", "2025", db=db_url).returncode == 0
    out = tmp_path / "svar.csv"
    done = cli("export", "--round", "2025", "--level", "responses", "--out", str(out), db=db_url)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    xlsx = tmp_path / "svar.xlsx"
    cli(
        "export",
        "--round",
        "2025",
        "--level",
        "responses",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        db=db_url,
    )
    cells = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("http://x")' in cells
    area = cli("export", "--round", "2025", "--level", "theme", db=db_url)
    rows = list(csv.DictReader(io.StringIO(area.stdout.lstrip("\ufeff").split("\n", 1)[1])))
    assert {r["theme_id"] for r in rows} >= {"demokrati"}
    assert rows[0]["kommun"] == "Växjö"


def test_main_runs_the_store_commands_in_process(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(DEMO / "enkat_2023.csv"), "--round", "2023", "--db", db_url]) == 0
    assert main(["rounds", "--db", db_url]) == 0
    assert "enkat_2023.csv" in capsys.readouterr().out
    assert main(["export", "--round", "1999", "--db", db_url]) == 1
    assert "1999" in capsys.readouterr().err


def test_without_configuration_the_store_is_a_sqlite_file_created_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linnedata.store import DEFAULT_PATH, configured_url

    monkeypatch.delenv("LINNEDATA_DB_URL", raising=False)
    monkeypatch.delenv("LINNEDATA_DB_PATH", raising=False)
    assert configured_url() == f"sqlite:///{DEFAULT_PATH}"
    assert DEFAULT_PATH == ROOT / "var" / "linnedata.sqlite"
    assert "/var/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    place = tmp_path / "nested" / "folder" / "linnedata.sqlite"
    monkeypatch.setenv("LINNEDATA_DB_PATH", str(place))
    store = Store()
    assert place.exists()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    monkeypatch.setenv("LINNEDATA_DB_URL", "sqlite:///elsewhere.sqlite")
    assert configured_url() == "sqlite:///elsewhere.sqlite"
    assert configured_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"


def test_cli_import_reads_a_microsoft_forms_xlsx_with_a_profile_saved_in_the_store(
    db_url: str, tmp_path: Path
) -> None:
    from linnedata.survey import MappingProfile
    from tests.unit.survey_files import ANSWERS, microsoft_forms_xlsx

    source = tmp_path / "Forms 2025.xlsx"
    source.write_bytes(microsoft_forms_xlsx())
    unknown = cli("import", str(source), "--round", "2025", "--mapping", "Saknas", db=db_url)
    assert unknown.returncode == 1
    assert "Saknas" in unknown.stderr
    store = Store(db_url)
    store.save_profile(MappingProfile("Forms", ("x",), {"Din roll": "roll"}))
    done = cli("import", str(source), "--round", "2025", "--mapping", "forms", db=db_url)
    assert done.returncode == 0, done.stderr
    survey = store.load("2025")
    assert survey.source_format == "microsoft-forms-xlsx"
    assert sorted(survey.responses["kommun_kod"]) == sorted(a.code for a in ANSWERS)
    assert store.import_log().iloc[0]["source_format"] == "microsoft-forms-xlsx"


def _open_together(url: str, processes: int = 8) -> list[str]:
    """``processes`` processes (as replicas starting together) open the store at ``url`` at
    one moment; what each one raised, if anything."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(target=_open_store, args=(url, start, results)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    raised = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return [error for error in raised if error]


def _open_store(url: str, start: object, results: object) -> None:
    # A forked child must not use the connections it inherited from pytest's process (a
    # PostgreSQL connection shared by two processes garbles both): its own engines, as a
    # replica started on its own has (SQLAlchemy's advice for os.fork()).
    for inherited in engine_module.ENGINES.values():
        inherited.dispose(close=False)
    engine_module.ENGINES.clear()
    start.wait(timeout=60)  # type: ignore[attr-defined]
    try:
        Store(url)
        results.put("")  # type: ignore[attr-defined]
    except BaseException as error:  # reported to the test, which asserts none
        results.put(repr(error))  # type: ignore[attr-defined]


def test_processes_opening_an_empty_database_together_make_one_schema(db_url: str) -> None:
    """Replicas starting at the same moment: every one opens the store, one schema is made."""
    assert _open_together(db_url) == []
    with Store(db_url).engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version FROM schema_version")).scalars().all()
    assert versions == [SCHEMA_VERSION]


def test_processes_opening_a_new_sqlite_file_together_all_open_it(tmp_path: Path) -> None:
    """A new SQLite file is turned to WAL mode by whichever connection comes first; SQLite
    refused the others at once ("database is locked", no busy wait: a lock that could
    deadlock) in about a third of such starts before the conversion was tried again."""
    for attempt in range(12):
        url = f"sqlite:///{tmp_path}/start{attempt}.sqlite"
        assert _open_together(url) == [], attempt
        with Store(url).engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
