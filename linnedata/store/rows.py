"""Rows in and out of the store: a read survey as table rows, stored rows as a Survey again,
the record of an uploaded file (its checksum, size and what was read: never its bytes) and
the import log entry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata import rounds
from linnedata.errors import Problem
from linnedata.store.schema import (
    forms_table,
    import_log_table,
    now,
    ratings_table,
    raw_files_table,
    responses_table,
    rounds_table,
)
from linnedata.survey import Survey
from linnedata.survey.privacy import redacted as redact

_CHUNK = 5_000


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


def _rating_rows(survey: Survey, round_id: int) -> list[dict[str, object]]:
    """The ratings as rows of the ratings table (``seq``: the order within a respondent)."""
    seq = survey.ratings.groupby("respondent").cumcount()
    rating_rows = [
        {
            "round_id": round_id,
            "respondent": int(r),
            "seq": int(s),
            "area_id": a,
            "betyg": plain(b),
        }
        for r, s, a, b in zip(
            survey.ratings["respondent"],
            seq,
            survey.ratings["area_id"],
            survey.ratings["betyg"],
            strict=True,
        )
    ]
    return rating_rows


def insert_round(
    conn: Connection,
    survey: Survey,
    digest: str,
    user: str,
    checkpoint: Callable[[], None] | None = None,
) -> ImportResult:
    """Insert one read survey as a round with its responses, ratings and forms.

    ``checkpoint`` (a test hook) is called once the responses are written, mid-transaction.
    """
    responses = survey.responses
    municipalities = int(responses["kommun_kod"].dropna().nunique())
    round_id = conn.execute(
        rounds_table.insert().values(
            label=survey.round,
            published_at=now(),
            published_by=user,
            file_name=redact(survey.file_name)[:255],
            file_sha256=digest,
            source_format=survey.source_format,
            n_responses=len(responses),
            n_municipalities=municipalities,
        )
    ).inserted_primary_key[0]
    # the free text is the redactor's already (linnedata.survey.validation): once per cell
    response_rows = [
        {
            "round_id": round_id,
            **{k: plain(v) for k, v in row.items()},
            "utmaning_fritext": str(plain(row["utmaning_fritext"]) or ""),
        }
        for row in responses.to_dict("records")
    ]
    insert_chunks(conn, responses_table, response_rows)
    if checkpoint is not None:
        checkpoint()
    insert_chunks(conn, ratings_table, _rating_rows(survey, round_id))
    seq = survey.forms.groupby("respondent").cumcount()
    form_rows = [
        {"round_id": round_id, "respondent": int(r), "seq": int(s), "form_id": f}
        for r, s, f in zip(survey.forms["respondent"], seq, survey.forms["form_id"], strict=True)
    ]
    insert_chunks(conn, forms_table, form_rows)
    return ImportResult(survey.round, "publish", len(responses), municipalities, digest)


def keep_raw(
    conn: Connection, data: bytes, digest: str, file_name: str, kept: dict[str, Any] | None
) -> None:
    """Record an uploaded file once per checksum: its SHA-256, size, name (redacted) and
    ``kept``, what the import read of it (``linnedata.importing.kept_record``: the mapped
    columns, the dropped ones counted). No byte of the file itself is kept."""
    query = sa.select(raw_files_table.c.sha256).where(raw_files_table.c.sha256 == digest)
    if conn.execute(query).first() is None:
        conn.execute(
            raw_files_table.insert().values(
                sha256=digest,
                file_name=redact(file_name)[:255],
                size=len(data),
                first_seen=now(),
                mapping=None if kept is None else json.dumps(kept, ensure_ascii=False),
            )
        )


def log(
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
) -> int:
    """Add one entry to the import log (free text redacted); returns its id."""
    return conn.execute(
        import_log_table.insert().values(
            at=now(),
            user=user[:200],
            action=action,
            round_label=round_label[: rounds.MAX_LENGTH] if round_label else None,
            file_name=redact(file_name or "")[:255] or None,
            sha256=digest,
            source_format=source_format,
            n_responses=responses,
            n_municipalities=municipalities,
            n_errors=len(errors),
            n_warnings=len(warnings),
            warnings=json.dumps(
                [
                    {
                        "row": p.row,
                        "column": None if p.column is None else redact(p.column),
                        "message": redact(p.message("sv")),
                    }
                    for p in warnings
                ],
                ensure_ascii=False,
            ),
            message=redact(message) if message else None,
        )
    ).inserted_primary_key[0]


def insert_chunks(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in chunks the drivers accept."""
    for start in range(0, len(rows), _CHUNK):
        conn.execute(table.insert(), rows[start : start + _CHUNK])


def delete_round_rows(conn: Connection, round_id: int) -> None:
    """Delete a round's responses, ratings and forms (not the round row itself)."""
    for table in (ratings_table, forms_table, responses_table):
        conn.execute(table.delete().where(table.c.round_id == round_id))


def plain(value: Any) -> Any:
    """A pandas cell as a plain Python value for the driver (NA/NaT → None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):  # submission times are stored as naive UTC
        if value.tzinfo is not None:
            value = value.tz_convert("UTC").tz_localize(None)
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


RESPONSE_TEXT = (
    "kommun_kod",
    "roll",
    "prio_1",
    "prio_2",
    "prio_3",
    "seminarieintresse",
    "medfinansiering",
)


def survey_from_rows(conn: Connection, found: Any) -> Survey:
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
    stored = pd.to_datetime(responses["inskickad"]).astype("datetime64[ns]")
    responses["inskickad"] = stored.dt.tz_localize("UTC")  # stored as naive UTC (schema 5)
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
