"""The questionnaire's tables: rounds open for answers, links, drafts and answers, limits.

Only hashes of the links' tokens and of the respondents' resume codes reach these tables
(``linnedata.questionnaire.tokens`` makes both); the municipality of an answer is the one of
the link it came through. The one piece of personal data kept on purpose, the reminder
addresses a steward uploads, lives in ``questionnaire_contacts`` and is deleted when the
round is published.

:class:`~linnedata.store.questionnaire_store.QuestionnaireStore` (``Store.questionnaire``)
runs each operation here in one transaction of the :class:`~linnedata.store.Store` (so
faults become ``StoreFaultError``); an answer is verified after its commit before it is
reported saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from linnedata.rounds import lookalike, problem
from linnedata.store import schema
from linnedata.store.errors import InvalidRoundError, StoreError
from linnedata.store.rows import frame
from linnedata.store.schema import now

answers = schema.questionnaire_answers_table
contacts = schema.questionnaire_contacts_table
invited = schema.questionnaire_invited_table
limits = schema.questionnaire_limits_table
links = schema.questionnaire_links_table
ratings = schema.questionnaire_ratings_table
rounds_t = schema.questionnaire_rounds_table

ANSWER_FIELDS = (
    "roll",
    "prio_1",
    "prio_2",
    "prio_3",
    "samverkansformer",
    "seminarieintresse",
    "medfinansiering",
    "utmaning_fritext",
)
"""The canonical columns an answer row holds (SURVEY.md), ratings in their own table."""


class QuestionnaireError(StoreError):
    """A questionnaire operation refused for a reason the user can act on."""


@dataclass(frozen=True)
class Link:
    """What a token's hash opens: its round and municipality, and whether it still works."""

    round_id: int
    label: str
    opens: date
    closes: date
    closed: bool
    cap: int
    kommun_kod: str
    kommun: str
    revoked: bool


@dataclass(frozen=True)
class Saved:
    """The outcome of saving an answer: ``status`` is ``"saved"``, ``"cap"`` (the
    municipality has its answers already) or ``"unknown"`` (the resume code is not this
    link's); ``answer_id`` when saved."""

    status: str
    answer_id: int | None = None


def _insert_ignore(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(rows).on_conflict_do_nothing())


# --- rounds and links --------------------------------------------------------------------------


def open_round(
    conn: Connection,
    label: str,
    *,
    opens: date,
    closes: date,
    cap: int,
    user: str,
    municipalities: Iterable[tuple[str, str]],
) -> int:
    """A new round open for answers with its invited ``(code, name)`` municipalities; its id.

    Raises:
        InvalidRoundError: the label breaks the round-label rule.
        QuestionnaireError: a round with this (or a look-alike) label is open already, or
            the dates or the invitation list are wrong.
    """
    code = problem(label)
    if code is not None:
        raise InvalidRoundError(label, code)
    existing = list(conn.execute(sa.select(rounds_t.c.label)).scalars())
    if label in existing:
        raise QuestionnaireError("enkat_omgang_finns", round=label)
    similar = lookalike(label, existing)
    if similar is not None:
        raise QuestionnaireError("store_omgang_liknar", round=label, existing=similar)
    if closes < opens:
        raise QuestionnaireError("enkat_datum_fel", opens=opens, closes=closes)
    rows = list(dict(municipalities).items())
    if not rows:
        raise QuestionnaireError("enkat_inga_kommuner")
    round_id = conn.execute(
        rounds_t.insert().values(
            label=label, opens=opens, closes=closes, cap=cap, opened_at=now(), opened_by=user[:200]
        )
    ).inserted_primary_key[0]
    conn.execute(
        invited.insert(),
        [{"round_id": round_id, "kommun_kod": c, "kommun": n[:100]} for c, n in rows],
    )
    return int(round_id)


def round_row(conn: Connection, label: str) -> Any:
    """The round with this label, or None."""
    return conn.execute(sa.select(rounds_t).where(rounds_t.c.label == label)).first()


def invited_codes(conn: Connection, round_id: int) -> dict[str, str]:
    """The invited municipalities, ``{code: name}`` in code order."""
    query = (
        sa.select(invited.c.kommun_kod, invited.c.kommun)
        .where(invited.c.round_id == round_id)
        .order_by(invited.c.kommun_kod)
    )
    return dict(conn.execute(query).all())


def issue_links(
    conn: Connection, round_id: int, hashes: Mapping[str, str], *, revoke_earlier: bool = True
) -> None:
    """New links ``{code: token hash}``; each municipality's earlier links are revoked unless
    ``revoke_earlier`` is False (a reminder's extra link)."""
    at = now()
    if revoke_earlier:
        revoke_many(conn, round_id, list(hashes), at)
    conn.execute(
        links.insert(),
        [
            {"token_hash": h, "round_id": round_id, "kommun_kod": c, "issued_at": at}
            for c, h in hashes.items()
        ],
    )


def revoke_many(conn: Connection, round_id: int, codes: list[str], at: datetime) -> int:
    """Revoke the working links of these municipalities; how many."""
    result = conn.execute(
        links.update()
        .where(
            links.c.round_id == round_id,
            links.c.kommun_kod.in_(codes),
            links.c.revoked_at.is_(None),
        )
        .values(revoked_at=at)
    )
    return int(result.rowcount or 0)


def link_of(conn: Connection, token_hash: str) -> Link | None:
    """What the link with this token hash opens, or None for an unknown token."""
    query = (
        sa.select(
            rounds_t.c.id,
            rounds_t.c.label,
            rounds_t.c.opens,
            rounds_t.c.closes,
            rounds_t.c.closed_at,
            rounds_t.c.cap,
            links.c.kommun_kod,
            invited.c.kommun,
            links.c.revoked_at,
        )
        .select_from(
            links.join(rounds_t, rounds_t.c.id == links.c.round_id).join(
                invited,
                sa.and_(
                    invited.c.round_id == links.c.round_id,
                    invited.c.kommun_kod == links.c.kommun_kod,
                ),
            )
        )
        .where(links.c.token_hash == token_hash)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    return Link(
        round_id=row.id,
        label=row.label,
        opens=row.opens,
        closes=row.closes,
        closed=row.closed_at is not None,
        cap=row.cap,
        kommun_kod=row.kommun_kod,
        kommun=row.kommun,
        revoked=row.revoked_at is not None,
    )


# --- answers -----------------------------------------------------------------------------------


def _lock_municipality(conn: Connection, link: Link) -> None:
    """Serialise the answers of one municipality (PostgreSQL: a row lock; SQLite's write
    transaction is exclusive already), so the cap holds under concurrent sends."""
    conn.execute(
        sa.select(invited.c.kommun_kod)
        .where(invited.c.round_id == link.round_id, invited.c.kommun_kod == link.kommun_kod)
        .with_for_update()
    ).first()


def save_answer(
    conn: Connection,
    link: Link,
    resume_hash: str,
    values: Mapping[str, Any],
    given: Mapping[str, int],
    *,
    submit: bool,
) -> Saved:
    """Insert or update the answer with this resume code's hash (a draft, or sent when
    ``submit``): its canonical ``values`` (:data:`ANSWER_FIELDS`) and ratings ``given``."""
    _lock_municipality(conn, link)
    found = conn.execute(
        sa.select(answers.c.id, answers.c.round_id, answers.c.kommun_kod, answers.c.first_submitted_at)
        .where(answers.c.resume_hash == resume_hash)
    ).first()  # fmt: skip
    at = now()
    row = {f: values.get(f) for f in ANSWER_FIELDS} | {"saved_at": at}
    if submit:
        row["submitted_at"] = at
    if found is None:
        count = conn.execute(
            sa.select(sa.func.count())
            .select_from(answers)
            .where(answers.c.round_id == link.round_id, answers.c.kommun_kod == link.kommun_kod)
        ).scalar()
        if count >= link.cap:
            return Saved("cap")
        row |= {"first_submitted_at": at if submit else None}
        answer_id = conn.execute(
            answers.insert().values(
                round_id=link.round_id,
                kommun_kod=link.kommun_kod,
                resume_hash=resume_hash,
                started_at=at,
                **row,
            )
        ).inserted_primary_key[0]
    elif (found.round_id, found.kommun_kod) != (link.round_id, link.kommun_kod):
        return Saved("unknown")
    else:
        answer_id = found.id
        if submit and found.first_submitted_at is None:
            row["first_submitted_at"] = at
        conn.execute(answers.update().where(answers.c.id == answer_id).values(**row))
        conn.execute(ratings.delete().where(ratings.c.answer_id == answer_id))
    if given:
        conn.execute(
            ratings.insert(),
            [{"answer_id": answer_id, "area_id": a, "betyg": int(b)} for a, b in given.items()],
        )
    return Saved("saved", int(answer_id))


def answer_of(conn: Connection, link: Link, resume_hash: str) -> dict[str, Any] | None:
    """The answer (values, ``betyg`` {area: n}, ``submitted_at``) with this resume code's
    hash through this link, or None."""
    row = conn.execute(
        sa.select(answers).where(
            answers.c.resume_hash == resume_hash,
            answers.c.round_id == link.round_id,
            answers.c.kommun_kod == link.kommun_kod,
        )
    ).first()
    if row is None:
        return None
    given = conn.execute(
        sa.select(ratings.c.area_id, ratings.c.betyg).where(ratings.c.answer_id == row.id)
    )
    found = {f: getattr(row, f) for f in ANSWER_FIELDS}
    return found | {"betyg": dict(given.all()), "submitted_at": row.submitted_at, "id": row.id}


def answer_rows(conn: Connection, round_id: int, *, submitted_only: bool) -> pd.DataFrame:
    """The round's answers, one row per respondent: kommun_kod, submitted_at, the
    canonical values and ``betyg_<area>`` columns (in id order)."""
    query = sa.select(answers).where(answers.c.round_id == round_id).order_by(answers.c.id)
    if submitted_only:
        query = query.where(answers.c.submitted_at.is_not(None))
    rows = pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in answers.c])
    given = frame(
        conn.execute(
            sa.select(ratings.c.answer_id, ratings.c.area_id, ratings.c.betyg)
            .join(answers, answers.c.id == ratings.c.answer_id)
            .where(answers.c.round_id == round_id)
        ).all(),
        ["answer_id", "area_id", "betyg"],
    )
    wide = given.pivot(index="answer_id", columns="area_id", values="betyg")
    wide.columns = [f"betyg_{a}" for a in wide.columns]
    return rows.drop(columns=["resume_hash"]).merge(
        wide, left_on="id", right_index=True, how="left"
    )


# --- tracking ----------------------------------------------------------------------------------


def tracking(conn: Connection, round_id: int) -> pd.DataFrame:
    """Per invited municipality: kommun_kod, kommun, started (answers begun), submitted
    (answers sent), first_submitted_at (its first sent answer), reminded_at, has_contact,
    active_links."""
    started = sa.func.count(answers.c.id)
    sent = sa.func.count(answers.c.submitted_at)
    per = (
        sa.select(
            answers.c.kommun_kod,
            started.label("started"),
            sent.label("submitted"),
            sa.func.min(answers.c.first_submitted_at).label("first_submitted_at"),
        )
        .where(answers.c.round_id == round_id)
        .group_by(answers.c.kommun_kod)
        .subquery()
    )
    active = (
        sa.select(links.c.kommun_kod, sa.func.count().label("active_links"))
        .where(links.c.round_id == round_id, links.c.revoked_at.is_(None))
        .group_by(links.c.kommun_kod)
        .subquery()
    )
    query = (
        sa.select(
            invited.c.kommun_kod,
            invited.c.kommun,
            sa.func.coalesce(per.c.started, 0).label("started"),
            sa.func.coalesce(per.c.submitted, 0).label("submitted"),
            per.c.first_submitted_at,
            invited.c.reminded_at,
            (contacts.c.address.is_not(None)).label("has_contact"),
            sa.func.coalesce(active.c.active_links, 0).label("active_links"),
        )
        .select_from(
            invited.outerjoin(per, per.c.kommun_kod == invited.c.kommun_kod)
            .outerjoin(active, active.c.kommun_kod == invited.c.kommun_kod)
            .outerjoin(
                contacts,
                sa.and_(
                    contacts.c.round_id == invited.c.round_id,
                    contacts.c.kommun_kod == invited.c.kommun_kod,
                ),
            )
        )
        .where(invited.c.round_id == round_id)
        .order_by(invited.c.kommun_kod)
    )
    rows = conn.execute(query).mappings().all()
    columns = ["kommun_kod", "kommun", "started", "submitted", "first_submitted_at",
               "reminded_at", "has_contact", "active_links"]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"started": "int64", "submitted": "int64", "active_links": "int64",
                         "has_contact": "bool"})  # fmt: skip


# --- limits, reminders, contacts, close --------------------------------------------------------


def take_limit(conn: Connection, key: str, at: float, window: float, limit: int) -> bool:
    """Count one use of ``key`` in its fixed window of ``window`` seconds; False (and not
    counted) when ``limit`` uses are counted in the current window already."""
    _insert_ignore(conn, limits, [{"key": key, "window_start": at, "count": 0}])
    row = conn.execute(sa.select(limits).where(limits.c.key == key).with_for_update()).first()
    start, count = (row.window_start, row.count) if at - row.window_start < window else (at, 0)
    if count >= limit:
        return False
    conn.execute(
        limits.update().where(limits.c.key == key).values(window_start=start, count=count + 1)
    )
    return True


def claim_reminder(conn: Connection, round_id: int, code: str, at: datetime) -> bool:
    """Mark a municipality reminded at ``at`` unless it was within the last day (then False)."""
    result = conn.execute(
        invited.update()
        .where(
            invited.c.round_id == round_id,
            invited.c.kommun_kod == code,
            sa.or_(
                invited.c.reminded_at.is_(None), invited.c.reminded_at <= at - timedelta(days=1)
            ),
        )
        .values(reminded_at=at)
    )
    return bool(result.rowcount)


def save_contacts(conn: Connection, round_id: int, addresses: Mapping[str, str]) -> None:
    """Replace the round's reminder addresses with ``{code: address}``."""
    conn.execute(contacts.delete().where(contacts.c.round_id == round_id))
    if addresses:
        conn.execute(
            contacts.insert(),
            [{"round_id": round_id, "kommun_kod": c, "address": a} for c, a in addresses.items()],
        )


def contact_addresses(conn: Connection, round_id: int) -> dict[str, str]:
    """The round's reminder addresses, ``{code: address}``."""
    query = sa.select(contacts.c.kommun_kod, contacts.c.address).where(
        contacts.c.round_id == round_id
    )
    return dict(conn.execute(query).all())


def close_round(conn: Connection, round_id: int) -> None:
    """No more answers: every link stops working (the answers stay until published)."""
    conn.execute(
        rounds_t.update()
        .where(rounds_t.c.id == round_id, rounds_t.c.closed_at.is_(None))
        .values(closed_at=now())
    )


def mark_published(conn: Connection, round_id: int) -> None:
    """The round's answers are published: closed, the reminder addresses and the drafts
    never sent deleted (their ratings with them)."""
    close_round(conn, round_id)
    conn.execute(rounds_t.update().where(rounds_t.c.id == round_id).values(published_at=now()))
    conn.execute(contacts.delete().where(contacts.c.round_id == round_id))
    unsent = sa.select(answers.c.id).where(
        answers.c.round_id == round_id, answers.c.submitted_at.is_(None)
    )
    conn.execute(ratings.delete().where(ratings.c.answer_id.in_(unsent)))
    conn.execute(answers.delete().where(answers.c.id.in_(unsent.scalar_subquery())))
