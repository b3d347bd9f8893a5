"""The database of published survey rounds, on SQLAlchemy Core.

One :class:`Store` per database. Where the database is (first match wins):

1. the ``url`` given to :class:`Store` (the app passes Streamlit's secret
   ``LINNEDATA_DB_URL`` when one is set);
2. the environment variable ``LINNEDATA_DB_URL`` (any SQLAlchemy URL, e.g.
   ``postgresql+psycopg://user:password@host/linnedata``);
3. an embedded SQLite file, ``<repository>/var/linnedata.sqlite`` (folder and file created on
   first use; ``var/`` is not in git). ``LINNEDATA_DB_PATH`` moves that file.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed import survives a power cut),
foreign keys on and ``secure_delete`` on (a deleted round's pages are overwritten).

Every import is one transaction: the round, its responses, ratings and forms, the kept raw
file and the log entry land together or not at all — a failure or a killed process leaves the
store as it was. A refused import (the file has errors, or was published before) is logged and
its raw file kept in a transaction of its own.

Personal data never reaches the database: the survey reader drops the name, e-mail and phone
columns, and the store removes e-mail addresses and phone numbers from free text and from the
kept raw file (whose personal-data columns are emptied) as a last line of defence.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from linnedata import i18n
from linnedata.errors import LinnedataError, Problem
from linnedata.paths import ROOT
from linnedata.survey import MappingProfile, Survey, decode_text, default_aliases, key, signature

SCHEMA_VERSION = 2
DEFAULT_PATH = ROOT / "var" / "linnedata.sqlite"
URL_VARIABLE = "LINNEDATA_DB_URL"
PATH_VARIABLE = "LINNEDATA_DB_PATH"
# Test hook: when set, an import touches this file once its responses are written (mid-transaction).
CHECKPOINT_VARIABLE = "LINNEDATA_IMPORT_CHECKPOINT"
_CHUNK = 5_000

# --- schema (version 2) ---------------------------------------------------------------------

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

rounds_table = sa.Table(
    "rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("label", sa.String(40), nullable=False, unique=True),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("source_format", sa.String(40), nullable=False),
    sa.Column("n_responses", sa.Integer, nullable=False),
    sa.Column("n_municipalities", sa.Integer, nullable=False),
)

responses_table = sa.Table(
    "responses",
    metadata,
    sa.Column(
        "round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("respondent", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kalla_rad", sa.Integer, nullable=False),
    sa.Column("kommun_kod", sa.String(4), nullable=False),
    sa.Column("inskickad", sa.DateTime),
    sa.Column("roll", sa.String(40)),
    sa.Column("prio_1", sa.String(40)),
    sa.Column("prio_2", sa.String(40)),
    sa.Column("prio_3", sa.String(40)),
    sa.Column("seminarieintresse", sa.String(20)),
    sa.Column("medfinansiering", sa.String(20)),
    sa.Column("utmaning_fritext", sa.Text, nullable=False),
)

ratings_table = sa.Table(
    "ratings",
    metadata,
    sa.Column("round_id", sa.Integer, primary_key=True),
    sa.Column("respondent", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("area_id", sa.String(40), nullable=False),
    sa.Column("betyg", sa.SmallInteger),
    sa.ForeignKeyConstraint(
        ["round_id", "respondent"],
        ["responses.round_id", "responses.respondent"],
        ondelete="CASCADE",
    ),
    sa.CheckConstraint("betyg BETWEEN 1 AND 5", name="betyg_1_5"),
)

forms_table = sa.Table(
    "forms",
    metadata,
    sa.Column("round_id", sa.Integer, primary_key=True),
    sa.Column("respondent", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("form_id", sa.String(40), nullable=False),
    sa.ForeignKeyConstraint(
        ["round_id", "respondent"],
        ["responses.round_id", "responses.respondent"],
        ondelete="CASCADE",
    ),
)

raw_files_table = sa.Table(
    "raw_files",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    # The file with its personal-data columns emptied (None when it could not be read).
    sa.Column("content", sa.LargeBinary),
)

import_log_table = sa.Table(
    "import_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # publish, replace, delete, refused
    sa.Column("round_label", sa.String(40)),
    sa.Column("file_name", sa.String(255)),
    sa.Column("sha256", sa.String(64)),
    sa.Column("source_format", sa.String(40)),
    sa.Column("n_responses", sa.Integer),
    sa.Column("n_municipalities", sa.Integer),
    sa.Column("n_errors", sa.Integer, nullable=False, server_default="0"),
    sa.Column("n_warnings", sa.Integer, nullable=False, server_default="0"),
    sa.Column("warnings", sa.Text),  # v2: JSON list of {row, column, message}
    sa.Column("message", sa.Text),
)

mapping_profiles_table = sa.Table(  # v2
    "mapping_profiles",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    # MappingProfile.headers (JSON list of header keys) and .columns (JSON {header: target})
    sa.Column("signature", sa.Text, nullable=False),
    sa.Column("mapping", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

DATA_TABLES = ("rounds", "responses", "ratings", "forms", "raw_files", "import_log")


def _upgrade_1_to_2(conn: Connection) -> None:
    """Version 2 adds mapping profiles and the warnings' text in the import log."""
    mapping_profiles_table.create(conn)
    conn.execute(sa.text("ALTER TABLE import_log ADD COLUMN warnings TEXT"))


# from-version → step; a database at version v runs every step from v up.
UPGRADES = {1: _upgrade_1_to_2}


# --- errors ---------------------------------------------------------------------------------


class StoreError(LinnedataError):
    """A store operation refused for a reason the user can act on.

    Attributes:
        code: the message key in ``data/texts``.
        params: values filled into the message.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``."""
        return i18n.t(self.code, lang, **self.params)


class DuplicateFileError(StoreError):
    """The same file (same SHA-256) is already published as a round."""

    def __init__(self, round_label: str, file_name: str) -> None:
        self.round_label = round_label
        super().__init__("store_dubblett", round=round_label, file=file_name)


class RoundExistsError(StoreError):
    """A round with this label is published and replacing was not asked for."""

    def __init__(self, round_label: str) -> None:
        self.round_label = round_label
        super().__init__("store_omgang_finns", round=round_label)


class UnknownRoundError(StoreError):
    """No round has this label."""

    def __init__(self, round_label: str) -> None:
        self.round_label = round_label
        super().__init__("store_omgang_saknas", round=round_label)


# --- personal data ---------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Swedish or international phone number: +46 70-123 45 67, 070-123 45 67, 0470 - 70 80 00.
_PHONE = re.compile(
    r"(?<![\w\-:./+])(?:\+\d{1,3}[\s-]?(?:\(0\)\s?)?|0)\d{1,4}(?:[\s-]?\d{2,4}){2,4}(?![\d:.,]\d)"
)


def _phone(match: re.Match[str]) -> str:
    """A match with 8–13 digits is a phone number; dates and amounts are left alone."""
    digits = sum(c.isdigit() for c in match.group(0))
    return "[telefon]" if 8 <= digits <= 13 else match.group(0)


def redact(text: str) -> str:
    """Remove e-mail addresses and phone numbers from free text.

    >>> redact("Ring 070-123 45 67 eller skriv till anna.svensson@vaxjo.se!")
    'Ring [telefon] eller skriv till [e-post]!'
    """
    return _PHONE.sub(_phone, _EMAIL.sub("[e-post]", text))


def scrub_raw(data: bytes) -> bytes | None:
    """The uploaded file with its personal-data columns emptied, to keep in the store.

    CSV (any separator the reader accepts) is rewritten as UTF-8; XLSX with openpyxl. In
    every other cell e-mail addresses and phone numbers are removed.

    Returns:
        The scrubbed bytes, or None when the file cannot be read as either.
    """
    if data.startswith(b"PK\x03\x04"):
        return _scrub_xlsx(data)
    text = decode_text(data)
    if text is None:
        return None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        return None
    personal = _personal_columns(records[:HEADER_SEARCH_ROWS])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    for number, record in enumerate(records):
        if number < HEADER_SEARCH_ROWS and _is_header(record):
            writer.writerow(record)
        else:
            writer.writerow(["" if i in personal else redact(c) for i, c in enumerate(record)])
    return out.getvalue().encode("utf-8")


# The reader looks for the header among a file's first rows (title rows may come first).
HEADER_SEARCH_ROWS = 20


def _is_personal(header: object) -> bool:
    return isinstance(header, str) and key(header) in default_aliases().personal


def _is_header(record: Sequence[object]) -> bool:
    return any(_is_personal(cell) for cell in record)


def _personal_columns(rows: Sequence[Sequence[object]]) -> set[int]:
    """Positions (0-based) of columns whose header, in any of ``rows``, names personal data."""
    return {i for row in rows for i, cell in enumerate(row) if _is_personal(cell)}


def _scrub_xlsx(data: bytes) -> bytes | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data))
    except Exception:  # any unreadable workbook (zip, XML, openpyxl errors): keep no copy
        return None
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows()]
        head = [[c.value for c in r] for r in rows[:HEADER_SEARCH_ROWS]]
        personal = _personal_columns(head)
        for number, row in enumerate(rows):
            if number < HEADER_SEARCH_ROWS and _is_header(head[number]):
                continue
            for position, c in enumerate(row):
                if position in personal:
                    c.value = None
                elif isinstance(c.value, str):
                    c.value = redact(c.value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes:
        round_label: the round published.
        action: ``"publish"`` or ``"replace"``.
        responses: respondents stored.
        municipalities: municipalities among them.
        sha256: the file's checksum.
    """

    round_label: str
    action: str
    responses: int
    municipalities: int
    sha256: str


# --- the store -------------------------------------------------------------------------------


def configured_url(url: str | None = None) -> str:
    """The database URL: ``url``, else ``$LINNEDATA_DB_URL``, else the embedded SQLite file."""
    if url:
        return url
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    path = Path(os.environ.get(PATH_VARIABLE) or DEFAULT_PATH)
    return f"sqlite:///{path}"


def _make_engine(url: str) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see "Serializable isolation /
        # Savepoints / Transactional DDL" in SQLAlchemy's SQLite notes).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "secure_delete=ON",
            "busy_timeout=30000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two imports never deadlock on an upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


_ENGINES: dict[str, Engine] = {}


class Store:
    """The survey rounds, their responses, the mapping profiles and the import log.

    Args:
        url: a SQLAlchemy database URL; see :func:`configured_url` for the default.

    Raises:
        StoreError: the database's schema is newer than this program knows.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = configured_url(url)
        if self.url not in _ENGINES:
            _ENGINES[self.url] = _make_engine(self.url)
        self.engine = _ENGINES[self.url]
        self.dialect = self.engine.dialect.name
        self._ensure_schema()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # --- connections and schema ---------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE); committed on success only."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    def _ensure_schema(self) -> None:
        with self._write() as conn:
            inspector = sa.inspect(conn)
            if not inspector.has_table("schema_version"):
                metadata.create_all(conn)
                conn.execute(
                    schema_version.insert().values(version=SCHEMA_VERSION, applied_at=_now())
                )
                return
            version = self._version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError("store_schema_nyare", found=version, known=SCHEMA_VERSION)
            while version < SCHEMA_VERSION:
                UPGRADES[version](conn)
                version += 1
                conn.execute(schema_version.insert().values(version=version, applied_at=_now()))

    @staticmethod
    def _version(conn: Connection) -> int:
        return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)

    def version(self) -> int:
        """The schema version of the database."""
        with self.engine.connect() as conn:
            return self._version(conn)

    def revision(self) -> int:
        """A number that changes whenever a round is published, replaced or deleted."""
        with self.engine.connect() as conn:
            query = sa.select(sa.func.max(import_log_table.c.id)).where(
                import_log_table.c.action != "refused"
            )
            return int(conn.execute(query).scalar() or 0)

    # --- reading ------------------------------------------------------------------------

    def rounds(self) -> pd.DataFrame:
        """The published rounds, oldest label first: ``label, published_at, published_by,
        file_name, file_sha256, source_format, n_responses, n_municipalities``."""
        columns = [c for c in rounds_table.c if c.name != "id"]
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(*columns).order_by(rounds_table.c.label)).all()
        return pd.DataFrame(rows, columns=[c.name for c in columns])

    def labels(self) -> list[str]:
        """The published round labels, oldest first."""
        with self.engine.connect() as conn:
            query = sa.select(rounds_table.c.label).order_by(rounds_table.c.label)
            return list(conn.execute(query).scalars())

    def round_of_file(self, digest: str) -> str | None:
        """The round a file with this SHA-256 is published as, or None."""
        with self.engine.connect() as conn:
            return self._round_of_file(conn, digest)

    @staticmethod
    def _round_of_file(conn: Connection, digest: str) -> str | None:
        query = sa.select(rounds_table.c.label).where(rounds_table.c.file_sha256 == digest)
        return conn.execute(query).scalar()

    def load(self, round_label: str) -> Survey:
        """One published round as a :class:`Survey` (the same tables the reader returns).

        Raises:
            UnknownRoundError: no round has this label.
        """
        with self.engine.connect() as conn, conn.begin():
            found = conn.execute(
                sa.select(rounds_table).where(rounds_table.c.label == round_label)
            ).first()
            if found is None:
                raise UnknownRoundError(round_label)
            return _survey_from_rows(conn, found)

    def load_all(self) -> dict[str, Survey]:
        """Every published round, ``{label: Survey}``, oldest label first."""
        with self.engine.connect() as conn, conn.begin():
            found = conn.execute(sa.select(rounds_table).order_by(rounds_table.c.label)).all()
            return {row.label: _survey_from_rows(conn, row) for row in found}

    def import_log(self, limit: int | None = 500) -> pd.DataFrame:
        """The import log, newest first."""
        columns = [c for c in import_log_table.c if c.name != "warnings"]
        query = sa.select(*columns).order_by(import_log_table.c.id.desc())
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=[c.name for c in columns])

    def raw_file(self, digest: str) -> bytes | None:
        """The kept copy of an uploaded file (personal-data columns emptied), or None."""
        with self.engine.connect() as conn:
            query = sa.select(raw_files_table.c.content).where(raw_files_table.c.sha256 == digest)
            return conn.execute(query).scalar()

    # --- writing ------------------------------------------------------------------------

    def publish(
        self, survey: Survey, data: bytes, *, user: str, replace: bool = False
    ) -> ImportResult:
        """Store a read survey as a round, in one transaction, with its raw file and a log entry.

        Args:
            survey: what :func:`linnedata.survey.read_survey` returned for ``data``.
            data: the uploaded file's bytes (checksummed and kept).
            user: who publishes (e-mail, "cli:<login>" …).
            replace: replace the round with the same label if there is one.

        Returns:
            What was stored.

        Raises:
            DuplicateFileError: this file is already published (the message names the round).
            RoundExistsError: the round exists and ``replace`` is False.
        """
        digest = sha256(data)
        try:
            with self._write() as conn:
                already = self._round_of_file(conn, digest)
                if already is not None:
                    raise DuplicateFileError(already, survey.file_name)
                old = conn.execute(
                    sa.select(rounds_table.c.id).where(rounds_table.c.label == survey.round)
                ).scalar()
                if old is not None and not replace:
                    raise RoundExistsError(survey.round)
                if old is not None:
                    _delete_round_rows(conn, old)
                    conn.execute(rounds_table.delete().where(rounds_table.c.id == old))
                result = self._insert_round(conn, survey, digest, user)
                self._keep_raw(conn, data, digest, survey.file_name)
                self._log(
                    conn,
                    user=user,
                    action="replace" if old is not None else "publish",
                    round_label=survey.round,
                    file_name=survey.file_name,
                    digest=digest,
                    source_format=survey.source_format,
                    responses=result.responses,
                    municipalities=result.municipalities,
                    warnings=survey.warnings,
                )
            action = "replace" if old is not None else "publish"
            return ImportResult(**{**result.__dict__, "action": action})
        except StoreError as refused:
            self.record_refused(
                data,
                file_name=survey.file_name,
                user=user,
                round_label=survey.round,
                source_format=survey.source_format,
                message=refused.message("sv"),
            )
            raise

    def record_refused(
        self,
        data: bytes,
        *,
        file_name: str,
        user: str,
        round_label: str | None,
        source_format: str | None = None,
        errors: Sequence[Problem] = (),
        warnings: Sequence[Problem] = (),
        message: str | None = None,
    ) -> None:
        """Log a refused import and keep its raw file (one transaction of its own)."""
        digest = sha256(data)
        with self._write() as conn:
            self._keep_raw(conn, data, digest, file_name)
            self._log(
                conn,
                user=user,
                action="refused",
                round_label=round_label,
                file_name=file_name,
                digest=digest,
                source_format=source_format,
                errors=errors,
                warnings=warnings,
                message=message or (errors[0].message("sv") if errors else None),
            )

    def delete_round(self, round_label: str, *, user: str) -> int:
        """Delete one round and its responses; logged.

        Returns:
            How many responses were deleted.

        Raises:
            UnknownRoundError: no round has this label.
        """
        with self._write() as conn:
            found = conn.execute(
                sa.select(rounds_table).where(rounds_table.c.label == round_label)
            ).first()
            if found is None:
                raise UnknownRoundError(round_label)
            _delete_round_rows(conn, found.id)
            conn.execute(rounds_table.delete().where(rounds_table.c.id == found.id))
            self._log(
                conn,
                user=user,
                action="delete",
                round_label=round_label,
                file_name=found.file_name,
                digest=found.file_sha256,
                source_format=found.source_format,
                responses=found.n_responses,
                municipalities=found.n_municipalities,
            )
            return int(found.n_responses)

    def _insert_round(
        self, conn: Connection, survey: Survey, digest: str, user: str
    ) -> ImportResult:
        responses = survey.responses
        municipalities = int(responses["kommun_kod"].dropna().nunique())
        round_id = conn.execute(
            rounds_table.insert().values(
                label=survey.round,
                published_at=_now(),
                published_by=user,
                file_name=survey.file_name[:255],
                file_sha256=digest,
                source_format=survey.source_format,
                n_responses=len(responses),
                n_municipalities=municipalities,
            )
        ).inserted_primary_key[0]
        response_rows = [
            {
                "round_id": round_id,
                **{k: _plain(v) for k, v in row.items()},
                "utmaning_fritext": redact(str(_plain(row["utmaning_fritext"]) or "")),
            }
            for row in responses.to_dict("records")
        ]
        _insert_chunks(conn, responses_table, response_rows)
        _checkpoint()
        seq = survey.ratings.groupby("respondent").cumcount()
        rating_rows = [
            {
                "round_id": round_id,
                "respondent": int(r),
                "seq": int(s),
                "area_id": a,
                "betyg": _plain(b),
            }
            for r, s, a, b in zip(
                survey.ratings["respondent"],
                seq,
                survey.ratings["area_id"],
                survey.ratings["betyg"],
                strict=True,
            )
        ]
        _insert_chunks(conn, ratings_table, rating_rows)
        seq = survey.forms.groupby("respondent").cumcount()
        form_rows = [
            {"round_id": round_id, "respondent": int(r), "seq": int(s), "form_id": f}
            for r, s, f in zip(
                survey.forms["respondent"], seq, survey.forms["form_id"], strict=True
            )
        ]
        _insert_chunks(conn, forms_table, form_rows)
        return ImportResult(survey.round, "publish", len(responses), municipalities, digest)

    @staticmethod
    def _keep_raw(conn: Connection, data: bytes, digest: str, file_name: str) -> None:
        query = sa.select(raw_files_table.c.sha256).where(raw_files_table.c.sha256 == digest)
        if conn.execute(query).first() is None:
            conn.execute(
                raw_files_table.insert().values(
                    sha256=digest,
                    file_name=file_name[:255],
                    size=len(data),
                    first_seen=_now(),
                    content=scrub_raw(data),
                )
            )

    @staticmethod
    def _log(
        conn: Connection,
        *,
        user: str,
        action: str,
        round_label: str | None,
        file_name: str | None,
        digest: str | None,
        source_format: str | None = None,
        responses: int | None = None,
        municipalities: int | None = None,
        errors: Sequence[Problem] = (),
        warnings: Sequence[Problem] = (),
        message: str | None = None,
    ) -> None:
        conn.execute(
            import_log_table.insert().values(
                at=_now(),
                user=user[:200],
                action=action,
                round_label=round_label,
                file_name=(file_name or "")[:255] or None,
                sha256=digest,
                source_format=source_format,
                n_responses=responses,
                n_municipalities=municipalities,
                n_errors=len(errors),
                n_warnings=len(warnings),
                warnings=json.dumps(
                    [
                        {"row": p.row, "column": p.column, "message": redact(p.message("sv"))}
                        for p in warnings
                    ],
                    ensure_ascii=False,
                ),
                message=redact(message) if message else None,
            )
        )

    # --- mapping profiles (the ProfileStore of the import) ------------------------------

    def list_profiles(self) -> list[MappingProfile]:
        """Every saved mapping profile, by name (``linnedata.mapping.ProfileStore``)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(mapping_profiles_table).order_by(mapping_profiles_table.c.name)
            ).all()
        return [
            MappingProfile(r.name, tuple(json.loads(r.signature)), json.loads(r.mapping))
            for r in rows
        ]

    def save_profile(self, profile: MappingProfile) -> None:
        """Save (or replace) the profile of that name."""
        with self._write() as conn:
            conn.execute(
                mapping_profiles_table.delete().where(mapping_profiles_table.c.name == profile.name)
            )
            conn.execute(
                mapping_profiles_table.insert().values(
                    name=profile.name,
                    signature=json.dumps(list(profile.headers), ensure_ascii=False),
                    mapping=json.dumps(dict(profile.columns), ensure_ascii=False),
                    saved_at=_now(),
                )
            )

    def find_for(self, headers: Sequence[str]) -> MappingProfile | None:
        """The saved profile for exactly these headers (see ``linnedata.mapping.signature``)."""
        wanted = signature(headers)
        return next((p for p in self.list_profiles() if tuple(p.headers) == wanted), None)

    # --- checks -------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What is wrong with the database's structure; empty when it is sound.

        SQLite: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``. Every dialect:
        rows whose round is missing, and rounds whose stored counts disagree with their rows.
        """
        problems: list[str] = []
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                checked = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if checked != ["ok"]:
                    problems += checked
                problems += [
                    str(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")
                ]
            for table in (responses_table, ratings_table, forms_table):
                orphans = conn.execute(
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(~table.c.round_id.in_(sa.select(rounds_table.c.id)))
                ).scalar()
                if orphans:
                    problems.append(f"{table.name}: {orphans} rows without a round")
            counts = conn.execute(
                sa.select(
                    rounds_table.c.label,
                    rounds_table.c.n_responses,
                    sa.func.count(responses_table.c.respondent),
                )
                .select_from(rounds_table.outerjoin(responses_table))
                .group_by(rounds_table.c.id, rounds_table.c.label, rounds_table.c.n_responses)
            ).all()
            problems += [
                f"round {label}: {stored} responses recorded, {found} stored"
                for label, stored, found in counts
                if stored != found
            ]
        return problems

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted: to compare the whole store before and after."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self.engine.connect() as conn:
            for table in metadata.sorted_tables:
                rows = conn.execute(sa.select(table)).all()
                out[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return out

    def text_values(self) -> Iterable[tuple[str, str, str]]:
        """``(table, column, value)`` of every text and binary cell (binary decoded leniently)."""
        with self.engine.connect() as conn:
            for table in metadata.sorted_tables:
                columns = [
                    c for c in table.c if isinstance(c.type, sa.String | sa.Text | sa.LargeBinary)
                ]
                if not columns:
                    continue
                for row in conn.execute(sa.select(*columns)).all():
                    for column, value in zip(columns, row, strict=True):
                        if isinstance(value, bytes):
                            value = _binary_text(value)
                        if value is not None:
                            yield table.name, column.name, str(value)


def _binary_text(value: bytes) -> str:
    """A kept file's text: an XLSX's cells, else the bytes decoded."""
    if value.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(value), read_only=True)
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return value.decode("utf-8", errors="replace")


def _insert_chunks(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        conn.execute(table.insert(), rows[start : start + _CHUNK])


def _delete_round_rows(conn: Connection, round_id: int) -> None:
    for table in (ratings_table, forms_table, responses_table):
        conn.execute(table.delete().where(table.c.round_id == round_id))


def _checkpoint() -> None:
    marker = os.environ.get(CHECKPOINT_VARIABLE)
    if marker:
        Path(marker).write_text("responses written\n", encoding="utf-8")


def _plain(value: Any) -> Any:
    """A pandas cell as a plain Python value for the driver (NA/NaT → None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def _now() -> datetime:
    return datetime.now(UTC)


RESPONSE_TEXT = (
    "kommun_kod",
    "roll",
    "prio_1",
    "prio_2",
    "prio_3",
    "seminarieintresse",
    "medfinansiering",
)


def _survey_from_rows(conn: Connection, found: Any) -> Survey:
    """The Survey of one stored round, with the reader's column order and dtypes."""
    round_id = found.id
    rows = conn.execute(
        sa.select(*[c for c in responses_table.c if c.name != "round_id"])
        .where(responses_table.c.round_id == round_id)
        .order_by(responses_table.c.respondent)
    ).all()
    columns = [c.name for c in responses_table.c if c.name != "round_id"]
    responses = pd.DataFrame(rows, columns=columns)
    responses = responses.astype(
        {
            "respondent": "int64",
            "kalla_rad": "int64",
            **{c: "string" for c in (*RESPONSE_TEXT, "utmaning_fritext")},
        }
    )
    responses["inskickad"] = pd.to_datetime(responses["inskickad"]).astype("datetime64[ns]")
    responses = responses[
        ["respondent", "kalla_rad", "kommun_kod", "inskickad", "roll", "prio_1", "prio_2", "prio_3",
         "seminarieintresse", "medfinansiering", "utmaning_fritext"]
    ]  # fmt: skip
    ratings = pd.DataFrame(
        conn.execute(
            sa.select(ratings_table.c.respondent, ratings_table.c.area_id, ratings_table.c.betyg)
            .where(ratings_table.c.round_id == round_id)
            .order_by(ratings_table.c.respondent, ratings_table.c.seq)
        ).all(),
        columns=["respondent", "area_id", "betyg"],
    ).astype({"respondent": "int64", "area_id": "string", "betyg": "Int64"})
    forms = pd.DataFrame(
        conn.execute(
            sa.select(forms_table.c.respondent, forms_table.c.form_id)
            .where(forms_table.c.round_id == round_id)
            .order_by(forms_table.c.respondent, forms_table.c.seq)
        ).all(),
        columns=["respondent", "form_id"],
    ).astype({"respondent": "int64", "form_id": "string"})
    return Survey(
        round=found.label,
        responses=responses,
        ratings=ratings,
        forms=forms,
        warnings=(),
        source_format=found.source_format,
        file_name=found.file_name,
    )


def describe(url: str) -> Mapping[str, str]:
    """Where a store URL points, without its password: ``{"dialect", "where"}``."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {"dialect": "SQLite", "where": parsed.database or ":memory:"}
    return {"dialect": "PostgreSQL", "where": parsed.render_as_string(hide_password=True)}


__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "DuplicateFileError",
    "ImportResult",
    "MappingProfile",
    "RoundExistsError",
    "Store",
    "StoreError",
    "UnknownRoundError",
    "configured_url",
    "describe",
    "redact",
    "scrub_raw",
    "sha256",
]
