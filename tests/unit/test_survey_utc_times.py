"""Submission times are stored in UTC: converted on read (a written zone honoured, else
Swedish time with summer time by the date), shown as Swedish time, and the Swedish local
times an older store holds are converted once when it is upgraded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from linnedata.cli import main
from linnedata.store import SCHEMA_VERSION, Store

# Google Forms' Swedish CSV: one answer in winter time, one in summer time, one with a zone
FILE = (
    '"Tidstämpel","Vilken kommun representerar du?"\r\n'
    '"2024/01/15 2:03:07 em","Växjö"\r\n'
    '"2024/07/15 2:03:07 em","Kalmar"\r\n'
    '"2024/07/15 2:03:07 em GMT-0500","Ljungby"\r\n'
).encode()
UTC_TIMES = ["2024-01-15 13:03:07", "2024-07-15 12:03:07", "2024-07-15 19:03:07"]


def stored(db: str) -> list[str]:
    with sa.create_engine(db).connect() as conn:
        rows = conn.execute(sa.text("SELECT inskickad FROM responses ORDER BY respondent"))
        return [str(r[0])[:19] for r in rows]


def test_times_are_stored_in_utc_and_read_back_aware(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    path = tmp_path / "svar_2024.csv"
    path.write_bytes(FILE)
    assert main(["import", str(path), "--round", "2024", "--db", db]) == 0
    assert stored(db) == UTC_TIMES
    loaded = Store(db).load("2024").responses["inskickad"]
    assert str(loaded.dtype) == "datetime64[ns, UTC]"
    assert loaded.dt.strftime("%Y-%m-%d %H:%M:%S").tolist() == UTC_TIMES


def test_the_responses_export_shows_swedish_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    path = tmp_path / "svar.csv"
    path.write_bytes(FILE)
    assert main(["import", str(path), "--round", "2024", "--db", db]) == 0
    capsys.readouterr()
    assert main(["export", "--round", "2024", "--level", "responses", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "2024-01-15 14:03:07" in out  # UTC+1 in winter
    assert "2024-07-15 14:03:07" in out  # UTC+2 in summer
    assert "2024-07-15 21:03:07" in out  # 14:03 at GMT-0500 is 21:03 in Sweden


def test_an_older_store_of_swedish_local_times_is_converted_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    path = tmp_path / "svar.csv"
    path.write_bytes(FILE)
    assert main(["import", str(path), "--round", "2024", "--db", db]) == 0
    engine = sa.create_engine(db)
    with engine.begin() as conn:  # as version 4 kept them: naive Swedish local time
        local = ["2024-01-15 14:03:07", "2024-07-15 14:03:07", "2024-10-27 02:30:00"]
        for respondent, text in enumerate(local, 1):
            conn.execute(
                sa.text("UPDATE responses SET inskickad = :t WHERE respondent = :r"),
                {"t": text + ".000000", "r": respondent},
            )
        conn.execute(sa.text("UPDATE schema_version SET version = 4"))  # before the UTC step
    store = Store(db)
    assert store.version() == SCHEMA_VERSION
    # 02:30 on the night summer time ends is read as the first (summer-time) 02:30
    assert stored(db) == ["2024-01-15 13:03:07", "2024-07-15 12:03:07", "2024-10-27 00:30:00"]
    Store(db)  # opening again converts nothing twice
    assert stored(db)[0] == "2024-01-15 13:03:07"
    times = store.load("2024").responses["inskickad"]
    assert times.dt.tz_convert("Europe/Stockholm").dt.strftime("%H:%M").tolist() == [
        "14:03",
        "14:03",
        "02:30",
    ]


def test_a_survey_without_times_stores_none(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    path = tmp_path / "svar.csv"
    path.write_bytes("kommun\nVäxjö\n".encode())
    assert main(["import", str(path), "--round", "2024", "--db", db]) == 0
    assert Store(db).load("2024").responses["inskickad"].isna().tolist() == [True]
    assert pd.isna(Store(db).load("2024").responses["inskickad"].iloc[0])
