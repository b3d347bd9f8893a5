"""Where the database is and how its engine is set up (SQLite pragmas, PostgreSQL pooling).

Where the database is (first match wins):

1. the ``url`` given to :class:`~linnedata.store.Store` (the app passes Streamlit's secret
   ``LINNEDATA_DB_URL`` when one is set);
2. the environment variable ``LINNEDATA_DB_URL`` (any SQLAlchemy URL, e.g.
   ``postgresql+psycopg://user:password@host/linnedata``);
3. an embedded SQLite file, ``<repository>/var/linnedata.sqlite`` (folder and file created on
   first use; ``var/`` is not in git). ``LINNEDATA_DB_PATH`` moves that file.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed import survives a power cut),
foreign keys on and ``secure_delete`` on (a deleted round's pages are overwritten).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from linnedata.paths import ROOT
from linnedata.store.faults import file_identity

DEFAULT_PATH = ROOT / "var" / "linnedata.sqlite"
URL_VARIABLE = "LINNEDATA_DB_URL"
PATH_VARIABLE = "LINNEDATA_DB_PATH"

# One engine (and connection pool) per URL for the whole process.
ENGINES: dict[str, Engine] = {}
OPENED_FILES: dict[str, tuple[int, int] | None] = {}


def configured_url(url: str | None = None) -> str:
    """The database URL: ``url``, else ``$LINNEDATA_DB_URL``, else the embedded SQLite file."""
    if url:
        return url
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    path = Path(os.environ.get(PATH_VARIABLE) or DEFAULT_PATH)
    return f"sqlite:///{path}"


def engine_for(url: str) -> Engine:
    """The process's engine for ``url`` (made on first use)."""
    if url not in ENGINES:
        ENGINES[url] = _make_engine(url)
    return ENGINES[url]


def forget_engine(url: str) -> None:
    """Close and drop the cached engine for ``url`` (the next :func:`engine_for` makes a new one)."""
    OPENED_FILES.pop(url, None)
    engine = ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL (also ``sqlite:///file:PATH?mode=ro&uri=true``); None for
    another database or an in-memory one."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = parsed.database
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = database.removeprefix("file:")
    return database


def remember_file(url: str, path: str | None) -> tuple[int, int] | None:
    """``(device, inode)`` of the SQLite file when the process first opened ``url``: the
    durability check compares the file at the path with it (see ``faults.check_file``)."""
    if path is None:
        return None
    if url not in OPENED_FILES:
        OPENED_FILES[url] = file_identity(path)
    return OPENED_FILES[url]


def fresh_engine(url: str) -> Engine:
    """An engine without a pool, to re-read what was committed over a new connection
    (dispose it after use)."""
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def _make_engine(url: str) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None and parsed.query.get("mode") != "ro":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see "Serializable isolation /
        # Savepoints / Transactional DDL" in SQLAlchemy's SQLite notes).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        _write_ahead_log(cursor)
        for pragma in ("synchronous=FULL", "foreign_keys=ON", "secure_delete=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two imports never deadlock on an upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


WAL_TRIES = 60
"""How often a connection tries to turn a new SQLite file to WAL mode (about 4 s at most)."""


def _write_ahead_log(cursor: Any) -> None:
    """Put the SQLite database in WAL mode (once per file: a file already in it is left).

    Turning a new file to WAL needs it alone. When processes open a new file together
    (replicas starting at once), SQLite refuses all but one at once, without the busy
    timeout's wait (a lock that could deadlock): "database is locked" in about a third of
    such starts (tests/unit/test_store.py). A refused connection tries again shortly; by
    then the file is in WAL mode, which the first statement then finds.
    """
    for attempt in range(WAL_TRIES):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "") != "SQLITE_BUSY" or attempt + 1 == WAL_TRIES:
                raise
            time.sleep(0.01 + 0.002 * attempt)


def describe(url: str) -> Mapping[str, str]:
    """Where a store URL points, without its password: ``{"dialect", "where"}``."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {"dialect": "SQLite", "where": parsed.database or ":memory:"}
    return {"dialect": "PostgreSQL", "where": parsed.render_as_string(hide_password=True)}
