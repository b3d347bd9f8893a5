"""Real store faults: each is a StoreFaultError with a message naming what to do, the CLI exits 1
without a traceback, nothing is reported saved that is not in the store, earlier rounds stay.

SQLite: the file deleted before and during a publish, a read-only database (``mode=ro`` URL,
and a read-only tmpfs when the test may mount one), a full file system (a 1 MB tmpfs when the
test may mount one, and a file-size limit ``RLIMIT_FSIZE`` in a subprocess everywhere), a
corrupt file, a schema from a newer version. PostgreSQL: a too-long value, a refused connection.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from benchmarks.harness import free_port
from linnedata import demo, i18n
from linnedata.cli import main
from linnedata.store import (
    InvalidRoundError,
    Store,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreGoneError,
    StoreNotSavedError,
    StoreReadOnlyError,
    StoreUnavailableError,
    StoreValueError,
)
from linnedata.store.engine import forget_engine
from linnedata.store.schema import SCHEMA_VERSION
from linnedata.store.testing import integrity_problems, snapshot
from linnedata.survey import MappingProfile

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"


def demo_bytes(label: str) -> bytes:
    return (DEMO / f"enkat_{label}.csv").read_bytes()


def with_2023(url: str) -> Store:
    store = Store(url)
    store.publish(demo.load_demo()["2023"], demo_bytes("2023"), user="before")
    return store


def publish_2024(store: Store) -> None:
    store.publish(demo.load_demo()["2024"], demo_bytes("2024"), user="after")


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (root with mount rights only); skipped, with the reason, elsewhere —
    except in CI (``CI=true``, where ``.ci/run`` runs as root), where it must be made."""
    place = tmp_path / "tmpfs"
    place.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(place)], capture_output=True
    )
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here: {done.stderr.decode().strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI runs the full-disk and read-only cases for real)")
        pytest.skip(reason)
    try:
        yield place
    finally:
        subprocess.run(["umount", "-l", str(place)], check=False)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# --- SQLite ---------------------------------------------------------------------------------


def test_a_file_deleted_while_the_program_runs_is_a_fault_not_a_published_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    store = with_2023(url)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreGoneError) as fault:
        publish_2024(store)
    assert fault.value.message("sv") == i18n.t("store_fel_borta", where=str(path))
    # Reads say so too (the visitor pages ask revision() first), and so does the CLI.
    with pytest.raises(StoreGoneError):
        store.revision()
    code, err = cli(capsys, "rounds", "--db", url)
    assert (code, err.strip()) == (1, i18n.t("store_fel_borta", where=str(path)))
    forget_engine(url)


def test_a_file_deleted_during_the_publish_is_caught_by_the_check_after_the_commit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    with_2023(url)

    def delete_the_file() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    store = Store(url, checkpoint=delete_the_file)
    with pytest.raises(StoreNotSavedError) as fault:
        publish_2024(store)
    assert "2024" not in fault.value.message("sv")  # no success wording of any kind
    assert fault.value.message("sv").startswith("Det som skrevs till databasen")
    forget_engine(url)


def test_a_read_only_database_refuses_writes_and_keeps_its_rounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # chmod does not stop root: the database is opened read-only by SQLite's own mode=ro.
    path = tmp_path / "store.sqlite"
    before = snapshot(with_2023(f"sqlite:///{path}"))
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    store = Store(url)
    assert store.labels() == ["2023"]  # reading still works
    with pytest.raises(StoreReadOnlyError) as fault:
        publish_2024(store)
    assert "skrivskyddad" in fault.value.message("sv")
    with pytest.raises(StoreReadOnlyError):
        store.delete_round("2023", user="x")
    with pytest.raises(StoreReadOnlyError):
        store.save_profile(MappingProfile("p", ("a",), {"a": "kommun"}))
    code, err = cli(capsys, "delete-round", "2023", "--yes", "--db", url)
    assert code == 1
    assert "skrivskyddad" in err
    forget_engine(url)
    assert snapshot(Store(f"sqlite:///{path}")) == before


def test_a_read_only_file_system_is_a_read_only_fault(tmp_path: Path, tmpfs: Path) -> None:
    # The store's folder seen through a read-only bind mount (root may not write there).
    source = f"sqlite:///{tmp_path}/store.sqlite"
    before = snapshot(with_2023(source))
    forget_engine(source)
    seen = tmpfs / "seen"
    seen.mkdir()
    subprocess.run(["mount", "--bind", str(tmp_path), str(seen)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(seen)], check=True)
        with pytest.raises(StoreReadOnlyError) as fault:
            publish_2024(Store(f"sqlite:///{seen}/store.sqlite"))
        assert "Ge programmet skrivrätt" in fault.value.message("sv")
    finally:
        subprocess.run(["umount", str(seen)], check=False)
    assert snapshot(Store(source)) == before
    forget_engine(source)


def test_a_full_file_system_is_a_fault_and_earlier_rounds_stay(tmpfs: Path) -> None:
    url = f"sqlite:///{tmpfs}/store.sqlite"
    store = with_2023(url)
    filler = tmpfs / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # take what is left of the 1 MB
        while os.write(handle, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)
    with pytest.raises(StoreFullError) as fault:
        publish_2024(store)
    assert "Frigör diskutrymme" in fault.value.message("sv")
    filler.unlink()
    assert store.labels() == ["2023"]
    assert integrity_problems(store) == []
    forget_engine(url)


FULL_DISK = """
import resource, signal, sys
from linnedata.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write over the limit fails with EFBIG
size = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
sys.exit(main(sys.argv[2:]))
"""


def test_a_file_size_limit_is_reported_as_a_full_disk_by_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    with_2023(url)
    forget_engine(url)
    # every file the import writes (the WAL too) may grow to 48 kB: room for the 32 kB
    # shared-memory file, far less than the 2024 round's rows (about 75 kB; since schema 6
    # no copy of the uploaded file is written besides them)
    limit = 48 * 1024
    assert path.stat().st_size > limit
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FULL_DISK,
            str(limit),
            "import",
            str(DEMO / "enkat_2024.csv"),
            "--round",
            "2024",
            "--db",
            url,
            "--lang",
            "en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "could not write to the disk" in done.stderr
    assert "Published" not in done.stdout
    assert Store(url).labels() == ["2023"]
    assert integrity_problems(Store(url)) == []
    forget_engine(url)


@pytest.mark.parametrize("damage", ["garbage", "truncated header"])
def test_a_corrupt_file_is_a_fault_in_the_store_and_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    path = tmp_path / "store.sqlite"
    url = f"sqlite:///{path}"
    with_2023(url)
    forget_engine(url)
    content = path.read_bytes()
    path.write_bytes(
        b"not a database " * 300 if damage == "garbage" else b"\0" * 100 + content[100:]
    )
    with pytest.raises(StoreCorruptError) as fault:
        Store(url)
    assert "säkerhetskopia" in fault.value.message("sv")
    code, err = cli(capsys, "rounds", "--db", url)
    assert code == 1
    assert "backup" not in err
    assert "skadad" in err
    forget_engine(url)


def test_a_newer_schema_makes_the_cli_exit_1_with_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    with_2023(url)
    forget_engine(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00')"))
    engine.dispose()
    code, err = cli(capsys, "export", "--round", "2023", "--db", url)
    assert (code, err.strip()) == (1, i18n.t("store_schema_nyare", found=99, known=SCHEMA_VERSION))
    forget_engine(url)


def test_a_missing_database_folder_that_cannot_be_made_is_a_fault(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(StoreUnavailableError):
        Store("sqlite:////proc/no-such-folder/store.sqlite")
    code, err = cli(capsys, "rounds", "--db", "sqlite:////proc/no-such-folder/store.sqlite")
    assert code == 1
    assert "går inte att nå eller öppna" in err


# --- both dialects --------------------------------------------------------------------------


def test_a_10000_character_label_is_refused_before_the_database(db_url: str) -> None:
    store = with_2023(db_url)
    before = snapshot(store)["rounds"]
    long = dataclasses.replace(demo.load_demo()["2024"], round="x" * 10_000)
    with pytest.raises(InvalidRoundError) as refused:
        store.publish(long, demo_bytes("2024"), user="a")
    assert "10\u00a0000 tecken" in refused.value.message("sv")
    assert snapshot(store)["rounds"] == before
    assert store.import_log()["action"].tolist()[0] == "refused"  # logged, label cut to fit


def test_a_value_the_database_refuses_is_a_value_fault(db_url: str) -> None:
    store = Store(db_url)
    profile = MappingProfile("p" * 300, ("a",), {"a": "kommun"})  # the column holds 200
    if store.dialect == "sqlite":  # SQLite keeps any length: nothing to refuse
        store.save_profile(profile)
        return
    with pytest.raises(StoreValueError) as fault:
        store.save_profile(profile)
    assert "Korta ner värdet" in fault.value.message("sv")


def test_a_refused_connection_is_a_fault_with_what_to_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/nothing"
    with pytest.raises(StoreUnavailableError) as fault:
        Store(url)
    assert "Kontrollera att databasservern är igång" in fault.value.message("sv")
    code, err = cli(capsys, "rounds", "--db", url)
    assert code == 1
    assert "Connection refused" in err
    assert isinstance(fault.value, StoreError)
    forget_engine(url)


# --- export --out into a missing folder -----------------------------------------------------


def test_export_creates_a_missing_folder_and_says_so_when_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    with_2023(url)
    out = tmp_path / "missing" / "dir" / "x.csv"
    code, _ = cli(capsys, "export", "--round", "2023", "--db", url, "--out", str(out))
    assert code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    code, err = cli(capsys, "export", "--round", "2023", "--db", url, "--out", f"{blocked}/x.csv")
    assert code == 1
    assert "kunde inte skrivas" in err
    assert os.path.isfile(blocked)


# --- PostgreSQL: the server stops while the program runs -----------------------------------


@dataclasses.dataclass
class Server:
    """A throw-away PostgreSQL server of this test's own (``.ci/postgres.sh``), to stop and start."""

    url: str
    data: str

    def pg_ctl(self, *argv: str) -> None:
        runuser = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*runuser, f"{_pg_bin()}/pg_ctl", "-D", self.data, *argv]
        # No pipes: a started server would hold them open and the call would never return.
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60
        )

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        port = self.url.rsplit(":", 1)[1].split("/")[0]
        folder = Path(self.data).parent
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        self.pg_ctl("-w", "-l", f"{folder}/server.log", "-o", options, "start")


def _pg_bin() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return str(found[-1].parent) if found else ""


@pytest.fixture
def own_server() -> Iterator[Server]:
    if not _pg_bin():
        reason = "PostgreSQL is not installed: apt-get install postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI must stop a real server)")
        pytest.skip(reason)
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines())
    server = Server(found["LINNEDATA_TEST_PG_URL"], found["LINNEDATA_TEST_PG_DIR"])
    try:
        yield server
    finally:
        forget_engine(server.url)
        subprocess.run(
            [
                "bash",
                "-c",
                f"runuser -u postgres -- {_pg_bin()}/pg_ctl -D {server.data} -m immediate stop",
            ],
            capture_output=True,
            check=False,
        )
        subprocess.run(["rm", "-rf", str(Path(server.data).parent)], check=False)


def test_a_stopped_server_is_a_fault_everywhere_and_its_rounds_come_back(
    own_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    store = with_2023(own_server.url)
    own_server.stop()
    for action in (lambda: publish_2024(store), store.labels, store.revision):
        with pytest.raises(StoreUnavailableError) as fault:
            action()
        assert "Kontrollera att databasservern är igång" in fault.value.message("sv")
    code, err = cli(capsys, "rounds", "--db", own_server.url)
    assert code == 1
    assert "Kontrollera att databasservern är igång" in err
    own_server.start()
    assert Store(own_server.url).labels() == ["2023"]  # nothing half-written by the refused publish
    assert integrity_problems(Store(own_server.url)) == []


def test_a_server_stopped_in_the_middle_of_a_publish_keeps_none_of_it(
    own_server: Server,
) -> None:
    with_2023(own_server.url)
    store = Store(own_server.url, checkpoint=own_server.stop)
    with pytest.raises(StoreUnavailableError) as fault:  # never a success message
        publish_2024(store)
    assert "Kontrollera att databasservern är igång" in fault.value.message("sv")
    own_server.start()
    forget_engine(own_server.url)
    again = Store(own_server.url)
    assert again.labels() == ["2023"]
    assert again.import_log()["action"].tolist() == ["publish"]  # 2023's; 2024 rolled back
    assert integrity_problems(again) == []
