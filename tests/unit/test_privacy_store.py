"""Schema 6: a store of an older version loses its kept copies of uploaded files and has its
stored text scrubbed again by today's redactor, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from linnedata.store import SCHEMA_VERSION, Store
from linnedata.store.testing import integrity_problems, text_values

PHONE, PNR, IP = "0701234567", "750505 1230", "192.0.2.45"
OLD_TEXT = f"Ring {PHONE}, pnr {PNR}, från {IP}"
COPY = f"kommun;IPAddress;utmaning_fritext\nVäxjö;{IP};{OLD_TEXT}\n".encode()

V5 = [
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
       area_id VARCHAR(40) NOT NULL, betyg SMALLINT, PRIMARY KEY (round_id, respondent, seq))""",
    """CREATE TABLE forms (round_id INTEGER, respondent INTEGER, seq INTEGER,
       form_id VARCHAR(40) NOT NULL, PRIMARY KEY (round_id, respondent, seq))""",
    """CREATE TABLE raw_files (sha256 VARCHAR(64) PRIMARY KEY, file_name VARCHAR(255) NOT NULL,
       size INTEGER NOT NULL, first_seen TIMESTAMP NOT NULL, content {blob})""",
    """CREATE TABLE import_log (id {serial}, at TIMESTAMP NOT NULL,
       "user" VARCHAR(200) NOT NULL, action VARCHAR(20) NOT NULL, round_label VARCHAR(40),
       file_name VARCHAR(255), sha256 VARCHAR(64), source_format VARCHAR(40),
       n_responses INTEGER, n_municipalities INTEGER, n_errors INTEGER NOT NULL DEFAULT 0,
       n_warnings INTEGER NOT NULL DEFAULT 0, warnings TEXT, message TEXT)""",
    """CREATE TABLE mapping_profiles (name VARCHAR(200) PRIMARY KEY, signature TEXT NOT NULL,
       mapping TEXT NOT NULL, saved_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE registry_versions (id {serial}, saved_at TIMESTAMP NOT NULL,
       saved_by VARCHAR(200) NOT NULL, action VARCHAR(20) NOT NULL, file_name VARCHAR(255),
       n_rows INTEGER NOT NULL, changes TEXT NOT NULL)""",
    """CREATE TABLE registry_rows (version_id INTEGER, seq INTEGER,
       forskare VARCHAR(300) NOT NULL, forskningsmiljo VARCHAR(300) NOT NULL,
       omraden TEXT NOT NULL, samverkansformer TEXT NOT NULL, kapacitet INTEGER NOT NULL,
       profil TEXT NOT NULL, aktiv BOOLEAN NOT NULL, publikt TEXT NOT NULL,
       PRIMARY KEY (version_id, seq))""",
    """CREATE TABLE login_turns (client VARCHAR(64) PRIMARY KEY, wrong INTEGER NOT NULL,
       next_at FLOAT NOT NULL, last_at FLOAT NOT NULL)""",
    *(f"INSERT INTO schema_version VALUES ({v}, '2025-01-01 12:00:00')" for v in range(1, 6)),
    """INSERT INTO rounds (label, published_at, published_by, file_name, file_sha256,
       source_format, n_responses, n_municipalities) VALUES ('2024', '2024-10-01 12:00:00',
       'anna', 'svar.csv', 'abc', 'canonical-csv', 1, 1)""",
    """INSERT INTO responses VALUES (1, 1, 2, '0780', '2024-09-01 10:00:00', 'annan',
       'integration', NULL, NULL, 'ja', 'nej', :text)""",
    "INSERT INTO raw_files VALUES ('abc', 'svar.csv', 80, '2024-10-01 12:00:00', :copy)",
    """INSERT INTO import_log (at, "user", action, round_label, n_responses, message, warnings)
       VALUES ('2024-10-01 12:00:00', 'anna', 'refused', '2024', 1, :text, :warnings)""",
    """INSERT INTO registry_versions (saved_at, saved_by, action, n_rows, changes)
       VALUES ('2024-10-01 12:00:00', 'anna', 'import', 1, :changes)""",
    """INSERT INTO registry_rows VALUES (1, 0, 'Eva Forsberg', :text, 'integration', '', 1,
       '', TRUE, '')""",
]


def old_store(url: str) -> None:
    engine = sa.create_engine(url)
    postgres = engine.dialect.name == "postgresql"
    types = {
        "{blob}": "BYTEA" if postgres else "BLOB",
        "{serial}": "SERIAL PRIMARY KEY" if postgres else "INTEGER PRIMARY KEY",
    }
    values = {
        "text": OLD_TEXT,
        "copy": COPY,
        "warnings": f'[{{"row": 2, "column": "utmaning_fritext", "message": "{OLD_TEXT}"}}]',
        "changes": f'[{{"forskare": "Eva Forsberg", "change": "ny", "fields": "{PHONE}"}}]',
    }
    with engine.begin() as conn:
        for statement in V5:
            for placeholder, name in types.items():
                statement = statement.replace(placeholder, name)
            used = {k: v for k, v in values.items() if f":{k}" in statement}
            conn.execute(sa.text(statement), used)
    engine.dispose()


def test_an_older_store_loses_its_file_copies_and_is_scrubbed_again(db_url: str) -> None:
    old_store(db_url)
    store = Store(db_url)
    assert store.version() == SCHEMA_VERSION >= 6  # past the privacy step (6)
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("raw_files")}
    assert "content" not in columns
    assert "mapping" in columns
    for table, column, value in text_values(store):
        for secret in (PHONE, PNR, IP):
            assert secret not in value, (table, column, secret)
    assert store.load("2024").responses["utmaning_fritext"].tolist() == [
        "Ring [telefon], pnr [personnummer], från [ip-adress]"
    ]
    assert store.registry()["forskare"].tolist() == ["Eva Forsberg"]  # names are kept
    assert integrity_problems(store) == []


def test_the_sqlite_file_keeps_no_byte_of_the_old_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old_store(f"sqlite:///{path}")
    assert IP.encode() in path.read_bytes()
    store = Store(f"sqlite:///{path}")
    store.engine.dispose()
    for file in tmp_path.glob("old.sqlite*"):
        raw = file.read_bytes()
        for secret in (PHONE, PNR, IP):
            assert secret.encode() not in raw, (file.name, secret)
