"""The :class:`Store`: published survey rounds, their responses, mapping profiles and the log.

Every import is one transaction: the round, its responses, ratings and forms, the file's
record and the log entry land together or not at all — a failure or a killed process leaves
the store as it was. A refused import (the file has errors, or was published before) is
logged and its file recorded in a transaction of its own.

Personal data never reaches the database: the survey reader keeps only the columns of the
contract (an allow-list), its free text through the one redactor; of an uploaded file the
store keeps its checksum, size, redacted name and what was read of it, never its bytes
(``docs/notes-privacy.md``); the log's texts are redacted too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata import throttle
from linnedata.errors import Problem
from linnedata.rounds import lookalike, newest_first, normalise, problem
from linnedata.store import logins, profiles, schema
from linnedata.store import projects as project_rows
from linnedata.store import registry as competence_registry
from linnedata.store.engine import (
    configured_url,
    describe,
    engine_for,
    fresh_engine,
    remember_file,
    sqlite_path,
)
from linnedata.store.errors import (
    DuplicateFileError,
    InvalidRoundError,
    LookalikeRoundError,
    RoundExistsError,
    StoreError,
    StoreFaultError,
    StoreNotSavedError,
    UnknownRoundError,
)
from linnedata.store.faults import check_file, translated
from linnedata.store.questionnaire_store import QuestionnaireStore
from linnedata.store.rows import (
    ImportResult,
    delete_round_rows,
    insert_round,
    keep_raw,
    log,
    sha256,
    survey_from_rows,
)
from linnedata.store.schema import (
    import_log_table,
    mapping_profiles_table,
    responses_table,
    rounds_table,
)
from linnedata.survey import MappingProfile, Survey, signature


class Store:
    """The survey rounds, their responses, the mapping profiles and the import log.

    Every method raises a :class:`~linnedata.store.errors.StoreFaultError` (never a driver
    error) when the database cannot be used, and every write is checked after its commit
    (:meth:`_verify`) before it is reported done.

    Args:
        url: a SQLAlchemy database URL; see :func:`configured_url` for the default.
        checkpoint: a test hook, called in the middle of every publish transaction (once the
            responses are written, ratings and forms still to come).

    Raises:
        StoreError: the database's schema is newer than this program knows.
        StoreFaultError: the database cannot be opened, read or upgraded.
    """

    def __init__(
        self, url: str | None = None, *, checkpoint: Callable[[], None] | None = None
    ) -> None:
        self.url = configured_url(url)
        self.where = describe(self.url)["where"]
        self._checkpoint = checkpoint
        self._file = sqlite_path(self.url)
        self._opened: tuple[int, int] | None = None
        with translated(self.where, self._file):
            self.engine = engine_for(self.url)
            self.dialect = self.engine.dialect.name
            with self.engine.connect() as conn:
                current = schema.is_current(conn)
            if not current:
                with self._write() as conn:
                    schema.ensure_schema(conn)
        self._opened = remember_file(self.url, self._file)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # --- connections, faults and the durability check -----------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; faults become StoreFaultError."""
        with translated(self.where, self._file):
            self._check_file()
            with self.engine.connect() as conn:
                yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE); committed on success only."""
        with translated(self.where, self._file):
            self._check_file()
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn

    def _check_file(self) -> None:
        if self._file is not None:
            check_file(self._file, self._opened, self.where)

    def _verify(self, query: sa.Select[Any], expected: int) -> None:
        """After a commit: the SQLite file is still the one opened, and a new connection
        reads ``expected`` from ``query``; else StoreNotSavedError (nothing is reported saved).
        """
        try:
            self._check_file()
            with translated(self.where, self._file):
                # An in-memory SQLite database exists only on this engine's connection.
                fresh = fresh_engine(self.url) if self._file or self.dialect != "sqlite" else None
                try:
                    with (fresh or self.engine).connect() as conn:
                        found = conn.execute(query).scalar()
                finally:
                    if fresh is not None:
                        fresh.dispose()
        except StoreFaultError as fault:
            raise StoreNotSavedError(self.where, fault.message("en")) from fault
        if found != expected:
            raise StoreNotSavedError(self.where, f"{found} != {expected}")

    def version(self) -> int:
        """The schema version of the database."""
        with self._read() as conn:
            return schema.version(conn)

    def revision(self) -> int:
        """A number that changes whenever a round is published, replaced or deleted."""
        with self._read() as conn:
            query = sa.select(sa.func.max(import_log_table.c.id)).where(
                import_log_table.c.action != "refused"
            )
            return int(conn.execute(query).scalar() or 0)

    # --- reading ------------------------------------------------------------------------

    def rounds(self) -> pd.DataFrame:
        """The published rounds, newest first (``linnedata.rounds.newest_first``): ``label,
        published_at, published_by, file_name, file_sha256, source_format, n_responses,
        n_municipalities``."""
        columns = [c for c in rounds_table.c if c.name != "id"]
        with self._read() as conn:
            rows = conn.execute(sa.select(*columns)).all()
        table = pd.DataFrame(rows, columns=[c.name for c in columns])
        order = {label: n for n, label in enumerate(newest_first(table["label"]))}
        return table.sort_values("label", key=lambda s: s.map(order)).reset_index(drop=True)

    def labels(self) -> list[str]:
        """The published round labels, newest first."""
        with self._read() as conn:
            return newest_first(conn.execute(sa.select(rounds_table.c.label)).scalars())

    def round_of_file(self, digest: str) -> str | None:
        """The round a file with this SHA-256 is published as, or None."""
        with self._read() as conn:
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
        with self._read() as conn, conn.begin():
            found = conn.execute(
                sa.select(rounds_table).where(rounds_table.c.label == round_label)
            ).first()
            if found is None:
                raise UnknownRoundError(round_label)
            return survey_from_rows(conn, found)

    def load_all(self) -> dict[str, Survey]:
        """Every published round, ``{label: Survey}``, newest first."""
        with self._read() as conn, conn.begin():
            found = {row.label: row for row in conn.execute(sa.select(rounds_table)).all()}
            return {label: survey_from_rows(conn, found[label]) for label in newest_first(found)}

    def import_log(self, limit: int | None = 500) -> pd.DataFrame:
        """The import log, newest first."""
        columns = [c for c in import_log_table.c if c.name != "warnings"]
        query = sa.select(*columns).order_by(import_log_table.c.id.desc())
        if limit:
            query = query.limit(limit)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=[c.name for c in columns])

    # --- writing ------------------------------------------------------------------------

    def publish(
        self,
        survey: Survey,
        data: bytes,
        *,
        user: str,
        replace: bool = False,
        kept: dict[str, Any] | None = None,
    ) -> ImportResult:
        """Store a read survey as a round, in one transaction, with its raw file and a log entry.

        Args:
            survey: what :func:`linnedata.survey.read_survey` returned for ``data``.
            data: the uploaded file's bytes (checksummed and measured, never kept).
            user: who publishes (e-mail, "cli:<login>" …).
            replace: replace the round with the same label if there is one.
            kept: what the import read of the file (``linnedata.importing.kept_record``);
                None records the checksum and size alone.

        Returns:
            What was stored.

        Raises:
            DuplicateFileError: this file is already published (the message names the round).
            RoundExistsError: the round exists and ``replace`` is False.
        """
        digest = sha256(data)
        label = normalise(survey.round)
        try:
            with self._write() as conn:
                self._check_label(conn, label)
                already = self._round_of_file(conn, digest)
                if already is not None:
                    raise DuplicateFileError(already, survey.file_name)
                old = conn.execute(
                    sa.select(rounds_table.c.id).where(rounds_table.c.label == label)
                ).scalar()
                if old is not None and not replace:
                    raise RoundExistsError(label)
                if old is not None:
                    delete_round_rows(conn, old)
                    conn.execute(rounds_table.delete().where(rounds_table.c.id == old))
                stored = dataclasses.replace(survey, round=label)
                result = insert_round(conn, stored, digest, user, self._checkpoint)
                keep_raw(conn, data, digest, survey.file_name, kept)
                log(
                    conn,
                    user=user,
                    action="replace" if old is not None else "publish",
                    round_label=label,
                    file_name=survey.file_name,
                    digest=digest,
                    source_format=survey.source_format,
                    responses=result.responses,
                    municipalities=result.municipalities,
                    warnings=survey.warnings,
                )
        except StoreFaultError:
            raise  # the database itself failed: nothing to log it in
        except StoreError as refused:
            self.record_refused(
                data,
                file_name=survey.file_name,
                user=user,
                round_label=label,
                source_format=survey.source_format,
                message=refused.message("sv"),
                kept=kept,
            )
            raise
        self._verify(
            sa.select(sa.func.count(responses_table.c.respondent))
            .select_from(rounds_table.join(responses_table))
            .where(rounds_table.c.label == label),
            result.responses,
        )
        action = "replace" if old is not None else "publish"
        return ImportResult(**{**result.__dict__, "action": action})

    @staticmethod
    def _check_label(conn: Connection, label: str) -> None:
        """Refuse a label that breaks the round-label rule or looks like a published one."""
        code = problem(label)
        if code is not None:
            raise InvalidRoundError(label, code)
        similar = lookalike(label, conn.execute(sa.select(rounds_table.c.label)).scalars())
        if similar is not None:
            raise LookalikeRoundError(label, similar)

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
        kept: dict[str, Any] | None = None,
    ) -> None:
        """Log a refused import and record its file (one transaction of its own).

        ``kept`` is what the import read (no values); ``errors``/``warnings`` and
        ``message`` are logged as given (the import leaves cell values out).
        """
        digest = sha256(data)
        with self._write() as conn:
            keep_raw(conn, data, digest, file_name, kept)
            entry = log(
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
        self._verify(sa.select(sa.func.count()).where(import_log_table.c.id == entry), 1)

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
            delete_round_rows(conn, found.id)
            conn.execute(rounds_table.delete().where(rounds_table.c.id == found.id))
            log(
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
        self._verify(sa.select(sa.func.count()).where(rounds_table.c.label == round_label), 0)
        return int(found.n_responses)

    # --- the competence registry ---------------------------------------------------------

    def registry(self, version: int | None = None) -> pd.DataFrame:
        """The competence registry of ``version`` (default: the newest; empty if none)."""
        with self.engine.connect() as conn:
            return competence_registry.load(conn, version)

    def registry_revision(self) -> int:
        """The newest registry version (0 when never saved): a cache key."""
        with self.engine.connect() as conn:
            return competence_registry.current_id(conn)

    def registry_versions(self) -> pd.DataFrame:
        """Every saved registry version, newest first: who, when, what changed."""
        with self.engine.connect() as conn:
            return competence_registry.versions(conn)

    def save_registry(
        self,
        table: pd.DataFrame,
        *,
        user: str,
        action: str = "import",
        file_name: str | None = None,
    ) -> int:
        """Save ``table`` (read_researchers columns) as a new registry version; its number."""
        with self._write() as conn:
            return competence_registry.save(
                conn, table, user=user, action=action, file_name=file_name
            )

    # --- the questionnaire in the app (linnedata.store.questionnaire) ------------------

    @property
    def questionnaire(self) -> QuestionnaireStore:
        """Rounds open for answers, links, drafts, answers, limits, reminders."""
        return QuestionnaireStore(self)

    # --- the follow-up record of joint projects (rules: linnedata.followup) --------------

    def projects(self) -> list[dict[str, Any]]:
        """Every project as a record with its history (``linnedata.store.projects.load``)."""
        with self._read() as conn, conn.begin():
            return project_rows.load(conn)

    def projects_revision(self) -> int:
        """A number that changes with every change to a project (0 when none): a cache key."""
        with self._read() as conn:
            return project_rows.revision(conn)

    def add_project(
        self, record: dict[str, Any], changes: dict[str, list[Any]], *, user: str
    ) -> int:
        """Keep a checked new project and its first history row in one transaction; its id."""
        with self._write() as conn:
            pid = project_rows.insert(conn, record, changes, user=user)
        table = schema.projects_table
        self._verify(sa.select(sa.func.count()).where(table.c.id == pid), 1)
        return pid

    def update_project(
        self,
        pid: int,
        change: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, list[Any]]]],
        *,
        user: str,
    ) -> dict[str, Any] | None:
        """Change project ``pid`` in one transaction (``change`` gets the current record and
        returns the new one and its differences, or raises to refuse: then nothing is
        written). The new record, or None when there is no such project."""
        table = schema.project_history_table
        count = sa.select(sa.func.count()).where(table.c.project_id == pid)
        with self._write() as conn:
            new = project_rows.update(conn, pid, change, user=user)
            kept = conn.execute(count).scalar()
        if new is not None:
            self._verify(count, kept)
        return new

    # --- the password throttle's turns (linnedata.throttle) ----------------------------

    def take_login_turn(self, session: str, address: str, now: float) -> throttle.Decision:
        """The turn of ``session``'s password attempt from ``address`` at ``now``."""
        with self._write() as conn:
            return logins.take(conn, session, address, now)

    def clear_login_turns(self, session: str) -> None:
        """A right password: ``session`` starts afresh."""
        with self._write() as conn:
            logins.clear(conn, session)

    # --- mapping profiles (the ProfileStore of the import) ------------------------------

    def list_profiles(self) -> list[MappingProfile]:
        """Every saved mapping profile, by name (``linnedata.survey.ProfileStore``)."""
        with self._read() as conn:
            return profiles.list_profiles(conn)

    def save_profile(self, profile: MappingProfile) -> None:
        """Save (or replace) the profile of that name."""
        with self._write() as conn:
            profiles.save_profile(conn, profile)
        table = mapping_profiles_table
        self._verify(sa.select(sa.func.count()).where(table.c.name == profile.name), 1)

    def find_for(self, headers: Sequence[str]) -> MappingProfile | None:
        """The saved profile for exactly these headers (see ``linnedata.survey.signature``)."""
        wanted = signature(headers)
        return next((p for p in self.list_profiles() if tuple(p.headers) == wanted), None)

    # --- checks -------------------------------------------------------------------------
