"""The store's tables (schema version 8) and the upgrades from older versions."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata import rounds
from linnedata.store.errors import StoreError

SCHEMA_VERSION = 8

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
    sa.Column("label", sa.String(rounds.MAX_LENGTH), nullable=False, unique=True),
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
    sa.Column("inskickad", sa.DateTime),  # v5: UTC (naive); before, Swedish local time
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
    # v6: no bytes of the file are kept (the "content" copy of v1–v5 is deleted), only
    # what was read: JSON {"columns": {header: contract column}, "dropped": {reason: n}}
    sa.Column("mapping", sa.Text),
)

import_log_table = sa.Table(
    "import_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # publish, replace, delete, refused
    sa.Column("round_label", sa.String(rounds.MAX_LENGTH)),
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

registry_versions_table = sa.Table(  # v3: the competence registry, one row per saved version
    "registry_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # import, edit
    sa.Column("file_name", sa.String(255)),
    sa.Column("n_rows", sa.Integer, nullable=False),
    sa.Column("changes", sa.Text, nullable=False),  # JSON list of {forskare, change, fields}
)

registry_rows_table = (
    sa.Table(  # v3: the registry's rows of each version (only what the list gives)
        "registry_rows",
        metadata,
        sa.Column(
            "version_id",
            sa.Integer,
            sa.ForeignKey("registry_versions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("forskare", sa.String(300), nullable=False),
        sa.Column("forskningsmiljo", sa.String(300), nullable=False),
        sa.Column("omraden", sa.Text, nullable=False),  # ";"-joined area ids
        sa.Column("samverkansformer", sa.Text, nullable=False),  # ";"-joined form ids
        sa.Column("kapacitet", sa.Integer, nullable=False),
        sa.Column("profil", sa.Text, nullable=False),
        sa.Column("aktiv", sa.Boolean, nullable=False),
        sa.Column("publikt", sa.Text, nullable=False),  # ";"-joined field names
    )
)

login_turns_table = sa.Table(  # v4: the password throttle's turns (linnedata.store.logins)
    "login_turns",
    metadata,
    sa.Column("client", sa.String(64), primary_key=True),  # a keyed hash, never an address
    sa.Column("wrong", sa.Integer, nullable=False),
    sa.Column("next_at", sa.Float, nullable=False),  # wall-clock seconds
    sa.Column("last_at", sa.Float, nullable=False),
)

# --- v7: the questionnaire in the app (linnedata.store.questionnaire) -------------------------

questionnaire_rounds_table = sa.Table(
    "questionnaire_rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("label", sa.String(40), nullable=False, unique=True),
    sa.Column("opens", sa.Date, nullable=False),
    sa.Column("closes", sa.Date, nullable=False),
    sa.Column("cap", sa.Integer, nullable=False),  # answers per municipality
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("opened_by", sa.String(200), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
    sa.Column("published_at", sa.DateTime(timezone=True)),
)

questionnaire_invited_table = sa.Table(
    "questionnaire_invited",
    metadata,
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("questionnaire_rounds.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("kommun_kod", sa.String(4), primary_key=True),
    sa.Column("kommun", sa.String(100), nullable=False),
    sa.Column("reminded_at", sa.DateTime(timezone=True)),
)

questionnaire_links_table = sa.Table(
    "questionnaire_links",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # SHA-256: never the token
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("questionnaire_rounds.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kommun_kod", sa.String(4), nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Index("ix_questionnaire_links_round", "round_id", "kommun_kod"),
)

questionnaire_contacts_table = sa.Table(  # the one personal datum kept; gone at publish
    "questionnaire_contacts",
    metadata,
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("questionnaire_rounds.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("kommun_kod", sa.String(4), primary_key=True),
    sa.Column("address", sa.String(320), nullable=False),
)

questionnaire_answers_table = sa.Table(  # one row per respondent: a draft or a sent answer
    "questionnaire_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("questionnaire_rounds.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kommun_kod", sa.String(4), nullable=False),  # from the link, never typed
    sa.Column("resume_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("first_submitted_at", sa.DateTime(timezone=True)),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("roll", sa.String(40)),
    sa.Column("prio_1", sa.String(40)),
    sa.Column("prio_2", sa.String(40)),
    sa.Column("prio_3", sa.String(40)),
    sa.Column("samverkansformer", sa.Text, nullable=False),  # ";"-joined form ids
    sa.Column("seminarieintresse", sa.String(20)),
    sa.Column("medfinansiering", sa.String(20)),
    sa.Column("utmaning_fritext", sa.Text, nullable=False),  # redacted
    sa.Index("ix_questionnaire_answers_round", "round_id", "kommun_kod"),
)

questionnaire_ratings_table = sa.Table(
    "questionnaire_ratings",
    metadata,
    sa.Column(
        "answer_id",
        sa.Integer,
        sa.ForeignKey("questionnaire_answers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("area_id", sa.String(40), primary_key=True),
    sa.Column("betyg", sa.SmallInteger, nullable=False),
    sa.CheckConstraint("betyg BETWEEN 1 AND 5", name="questionnaire_betyg_1_5"),
)

questionnaire_limits_table = sa.Table(  # rate-limit windows shared by every replica
    "questionnaire_limits",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),  # "*" or a token hash's prefix
    sa.Column("window_start", sa.Float, nullable=False),  # wall-clock seconds
    sa.Column("count", sa.Integer, nullable=False),
)

QUESTIONNAIRE_TABLES = (
    questionnaire_rounds_table,
    questionnaire_invited_table,
    questionnaire_links_table,
    questionnaire_contacts_table,
    questionnaire_answers_table,
    questionnaire_ratings_table,
    questionnaire_limits_table,
)

# --- v8: the follow-up record of joint projects (linnedata.followup) ------------------------

projects_table = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("form_id", sa.String(40)),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("funder", sa.String(300), nullable=False),
    sa.Column("applied", sa.BigInteger),  # SEK
    sa.Column("granted", sa.BigInteger),  # SEK
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("notes", sa.Text, nullable=False),  # redacted by linnedata.survey.privacy
    sa.Column("round_label", sa.String(40)),  # the round the proposal came from, if any
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.CheckConstraint("applied >= 0", name="applied_not_negative"),
    sa.CheckConstraint("granted >= 0", name="granted_not_negative"),
)


def _project_part(name: str, *columns: sa.Column) -> sa.Table:
    """A list belonging to a project: ``project_id, seq`` and ``columns``."""
    return sa.Table(
        name,
        metadata,
        sa.Column(
            "project_id",
            sa.Integer,
            sa.ForeignKey("projects.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        *columns,
    )


project_areas_table = _project_part(
    "project_areas", sa.Column("area_id", sa.String(40), nullable=False)
)
project_municipalities_table = _project_part(
    "project_municipalities",
    sa.Column("kommun_kod", sa.String(4), nullable=False),
    sa.Column("cofinancing", sa.BigInteger),  # SEK; None when not stated
    sa.CheckConstraint("cofinancing >= 0", name="cofinancing_not_negative"),
)
project_researchers_table = _project_part(
    "project_researchers", sa.Column("name", sa.String(300), nullable=False)
)
project_links_table = _project_part("project_links", sa.Column("url", sa.Text, nullable=False))

project_history_table = sa.Table(  # every change: who, when, what (the status history)
    "project_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # created, changed
    sa.Column("status_from", sa.String(20)),
    sa.Column("status_to", sa.String(20), nullable=False),
    sa.Column("changes", sa.Text, nullable=False),  # JSON {field: [before, after]}
)

PROJECT_TABLES = (
    projects_table,
    project_areas_table,
    project_municipalities_table,
    project_researchers_table,
    project_links_table,
    project_history_table,
)

DATA_TABLES = ("rounds", "responses", "ratings", "forms", "raw_files", "import_log")


def _upgrade_1_to_2(conn: Connection) -> None:
    """Version 2 adds mapping profiles and the warnings' text in the import log."""
    mapping_profiles_table.create(conn)
    conn.execute(sa.text("ALTER TABLE import_log ADD COLUMN warnings TEXT"))


def _upgrade_2_to_3(conn: Connection) -> None:
    """Version 3 adds the competence registry and its versions."""
    registry_versions_table.create(conn)
    registry_rows_table.create(conn)


def _upgrade_3_to_4(conn: Connection) -> None:
    """Version 4 adds the password throttle's turns, shared by every process."""
    login_turns_table.create(conn)


def _upgrade_4_to_5(conn: Connection) -> None:
    """Version 5 stores submission times in UTC: the Swedish local times stored before are
    converted (summer time by the date, zoneinfo), so old rounds read as they were."""
    from linnedata.survey.cells import to_utc

    table = responses_table
    stored = conn.execute(
        sa.select(table.c.round_id, table.c.respondent, table.c.inskickad).where(
            table.c.inskickad.is_not(None)
        )
    ).all()
    if not stored:
        return
    conn.execute(
        table.update()
        .where(table.c.round_id == sa.bindparam("rid"), table.c.respondent == sa.bindparam("rno"))
        .values(inskickad=sa.bindparam("utc")),
        [
            {
                "rid": r.round_id,
                "rno": r.respondent,
                "utc": to_utc(r.inskickad).replace(tzinfo=None),
            }
            for r in stored
        ],
    )


def _upgrade_5_to_6(conn: Connection) -> None:
    """Version 6 keeps no bytes of an uploaded file: the kept copies of earlier versions
    are deleted (overwritten on SQLite), and what was stored before is scrubbed again by
    today's redactor (``linnedata.store.scrub``)."""
    from linnedata.store import scrub

    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete = ON")  # freed pages are zeroed
    columns = {c["name"] for c in sa.inspect(conn).get_columns("raw_files")}
    if "content" in columns:
        conn.execute(sa.text("UPDATE raw_files SET content = NULL"))
        conn.execute(sa.text("ALTER TABLE raw_files DROP COLUMN content"))
    if "mapping" not in columns:
        conn.execute(sa.text("ALTER TABLE raw_files ADD COLUMN mapping TEXT"))
    scrub.stored_text(conn)


def _upgrade_6_to_7(conn: Connection) -> None:
    """Version 7 adds the questionnaire in the app: rounds open for answers, the invited
    municipalities, the links (hashes only), reminder contacts, drafts and answers, and
    the rate-limit windows (``linnedata.store.questionnaire``). Idempotent: a table that
    is there already is left as it is."""
    for table in QUESTIONNAIRE_TABLES:
        table.create(conn, checkfirst=True)


def _upgrade_7_to_8(conn: Connection) -> None:
    """Version 8 adds the follow-up record of joint projects and its history."""
    for table in PROJECT_TABLES:
        table.create(conn, checkfirst=True)


# from-version → step; a database at version v runs every step from v up.
UPGRADES = {
    1: _upgrade_1_to_2,
    2: _upgrade_2_to_3,
    3: _upgrade_3_to_4,
    4: _upgrade_4_to_5,
    5: _upgrade_5_to_6,
    6: _upgrade_6_to_7,
    7: _upgrade_7_to_8,
}


def version(conn: Connection) -> int:
    """The schema version of the database ``conn`` is connected to (0 when it has none)."""
    return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)


_SCHEMA_LOCK = 0x4C494E4E45  # "LINNE": the advisory lock key of schema changes


def is_current(conn: Connection) -> bool:
    """Whether the database has this program's schema (so opening it needs no write)."""
    return sa.inspect(conn).has_table("schema_version") and version(conn) == SCHEMA_VERSION


def ensure_schema(conn: Connection) -> None:
    """Create the tables in an empty database, or upgrade an older one, inside ``conn``'s
    transaction.

    Processes opening one database at the same moment (replicas starting together) take
    turns: SQLite's write transaction is exclusive already (BEGIN IMMEDIATE), and PostgreSQL
    takes a transaction-level advisory lock first, so the second finds the first's tables.

    Raises:
        StoreError: the database's schema is newer than this program knows.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
    if not sa.inspect(conn).has_table("schema_version"):
        metadata.create_all(conn)
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION, applied_at=now()))
        return
    found = version(conn)
    if found > SCHEMA_VERSION:
        raise StoreError("store_schema_nyare", found=found, known=SCHEMA_VERSION)
    while found < SCHEMA_VERSION:
        UPGRADES[found](conn)
        found += 1
        conn.execute(schema_version.insert().values(version=found, applied_at=now()))


def now() -> datetime:
    return datetime.now(UTC)
