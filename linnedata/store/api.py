"""The :class:`Store`: published survey rounds, their responses, mapping profiles and the log.

Every import is one transaction: the round, its responses, ratings and forms, the kept raw
file and the log entry land together or not at all — a failure or a killed process leaves the
store as it was. A refused import (the file has errors, or was published before) is logged and
its raw file kept in a transaction of its own.

Personal data never reaches the database: the survey reader drops the name, e-mail and phone
columns, and the store removes e-mail addresses and phone numbers from free text and from the
kept raw file (whose personal-data columns are emptied) as a last line of defence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata.errors import Problem
from linnedata.store import profiles, schema
from linnedata.store.engine import configured_url, engine_for
from linnedata.store.errors import (
    DuplicateFileError,
    RoundExistsError,
    StoreError,
    UnknownRoundError,
)
from linnedata.store.rows import (
    ImportResult,
    delete_round_rows,
    insert_round,
    keep_raw,
    log,
    sha256,
    survey_from_rows,
)
from linnedata.store.schema import import_log_table, rounds_table
from linnedata.survey import MappingProfile, Survey, signature


class Store:
    """The survey rounds, their responses, the mapping profiles and the import log.

    Args:
        url: a SQLAlchemy database URL; see :func:`configured_url` for the default.
        checkpoint: a test hook, called in the middle of every publish transaction (once the
            responses are written, ratings and forms still to come).

    Raises:
        StoreError: the database's schema is newer than this program knows.
    """

    def __init__(
        self, url: str | None = None, *, checkpoint: Callable[[], None] | None = None
    ) -> None:
        self.url = configured_url(url)
        self.engine = engine_for(self.url)
        self.dialect = self.engine.dialect.name
        self._checkpoint = checkpoint
        with self._write() as conn:
            schema.ensure_schema(conn)

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

    def version(self) -> int:
        """The schema version of the database."""
        with self.engine.connect() as conn:
            return schema.version(conn)

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
            return survey_from_rows(conn, found)

    def load_all(self) -> dict[str, Survey]:
        """Every published round, ``{label: Survey}``, oldest label first."""
        with self.engine.connect() as conn, conn.begin():
            found = conn.execute(sa.select(rounds_table).order_by(rounds_table.c.label)).all()
            return {row.label: survey_from_rows(conn, row) for row in found}

    def import_log(self, limit: int | None = 500) -> pd.DataFrame:
        """The import log, newest first."""
        columns = [c for c in import_log_table.c if c.name != "warnings"]
        query = sa.select(*columns).order_by(import_log_table.c.id.desc())
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=[c.name for c in columns])

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
                    delete_round_rows(conn, old)
                    conn.execute(rounds_table.delete().where(rounds_table.c.id == old))
                result = insert_round(conn, survey, digest, user, self._checkpoint)
                keep_raw(conn, data, digest, survey.file_name)
                log(
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
            keep_raw(conn, data, digest, file_name)
            log(
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
            return int(found.n_responses)

    # --- mapping profiles (the ProfileStore of the import) ------------------------------

    def list_profiles(self) -> list[MappingProfile]:
        """Every saved mapping profile, by name (``linnedata.survey.ProfileStore``)."""
        with self.engine.connect() as conn:
            return profiles.list_profiles(conn)

    def save_profile(self, profile: MappingProfile) -> None:
        """Save (or replace) the profile of that name."""
        with self._write() as conn:
            profiles.save_profile(conn, profile)

    def find_for(self, headers: Sequence[str]) -> MappingProfile | None:
        """The saved profile for exactly these headers (see ``linnedata.survey.signature``)."""
        wanted = signature(headers)
        return next((p for p in self.list_profiles() if tuple(p.headers) == wanted), None)

    # --- checks -------------------------------------------------------------------------
