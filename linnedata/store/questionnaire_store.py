"""``Store.questionnaire``: each questionnaire operation of
:mod:`linnedata.store.questionnaire` in one transaction of the store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

from linnedata.store.questionnaire import (
    Link,
    QuestionnaireError,
    Saved,
    answer_of,
    answer_rows,
    answers,
    claim_reminder,
    close_round,
    contact_addresses,
    invited,
    invited_codes,
    issue_links,
    link_of,
    mark_published,
    open_round,
    round_row,
    rounds_t,
    save_answer,
    save_contacts,
    take_limit,
    tracking,
)

if TYPE_CHECKING:
    from linnedata.store.api import Store


def _known(found: Any, label: str) -> Any:
    if found is None:
        raise QuestionnaireError("enkat_omgang_saknas", round=label)
    return found


class QuestionnaireStore:
    """The questionnaire's operations, each in one transaction of ``store``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def open_round(self, label: str, **given: Any) -> int:
        """See :func:`open_round`."""
        with self._store._write() as conn:
            return open_round(conn, label, **given)

    def round(self, label: str) -> Any:
        """The round with this label.

        Raises:
            QuestionnaireError: there is none.
        """
        with self._store._read() as conn:
            return _known(round_row(conn, label), label)

    def labels(self) -> list[str]:
        """Every questionnaire round's label, newest opened first."""
        with self._store._read() as conn:
            query = sa.select(rounds_t.c.label).order_by(rounds_t.c.id.desc())
            return list(conn.execute(query).scalars())

    def invited(self, label: str) -> dict[str, str]:
        """The round's invited municipalities ``{code: name}``."""
        with self._store._read() as conn:
            return invited_codes(conn, _known(round_row(conn, label), label).id)

    def issue_links(
        self, label: str, hashes: Mapping[str, str], *, revoke_earlier: bool = True
    ) -> None:
        """See :func:`issue_links`."""
        with self._store._write() as conn:
            found = _known(round_row(conn, label), label)
            issue_links(conn, found.id, hashes, revoke_earlier=revoke_earlier)

    def release_reminder(self, label: str, code: str) -> None:
        """A reminder that could not be sent: the municipality may be reminded again today."""
        with self._store._write() as conn:
            found = _known(round_row(conn, label), label)
            conn.execute(
                invited.update()
                .where(invited.c.round_id == found.id, invited.c.kommun_kod == code)
                .values(reminded_at=None)
            )

    def link(self, token_hash: str) -> Link | None:
        """What a token hash opens (None: unknown)."""
        with self._store._read() as conn:
            return link_of(conn, token_hash)

    def save(self, token_hash: str, resume_hash: str, values: Mapping[str, Any],
             given: Mapping[str, int], *, submit: bool, on: date) -> Saved:  # fmt: skip
        """Save an answer through the link ``token_hash`` in one transaction, checked after
        its commit (nothing is acknowledged that is not stored); ``"gone"`` when the link
        stopped working meanwhile (revoked, closed, or ``on`` is outside its dates)."""
        with self._store._write() as conn:
            link = link_of(conn, token_hash)
            if link is None or link.revoked or link.closed or not link.opens <= on <= link.closes:
                return Saved("gone")
            saved = save_answer(conn, link, resume_hash, values, given, submit=submit)
        if saved.answer_id is not None:
            column = answers.c.submitted_at if submit else answers.c.saved_at
            self._store._verify(
                sa.select(sa.func.count()).where(
                    answers.c.id == saved.answer_id, column.is_not(None)
                ),
                1,
            )
        return saved

    def answer(self, link: Link, resume_hash: str) -> dict[str, Any] | None:
        """See :func:`answer_of`."""
        with self._store._read() as conn:
            return answer_of(conn, link, resume_hash)

    def answers(self, label: str, *, submitted_only: bool = True) -> pd.DataFrame:
        """See :func:`answer_rows`."""
        with self._store._read() as conn:
            return answer_rows(
                conn, _known(round_row(conn, label), label).id, submitted_only=submitted_only
            )

    def tracking(self, label: str) -> pd.DataFrame:
        """See :func:`tracking`."""
        with self._store._read() as conn:
            return tracking(conn, _known(round_row(conn, label), label).id)

    def take_limit(self, key: str, at: float, window: float, limit: int) -> bool:
        """See :func:`take_limit`."""
        with self._store._write() as conn:
            return take_limit(conn, key, at, window, limit)

    def claim_reminder(self, label: str, code: str, at: datetime) -> bool:
        """See :func:`claim_reminder`."""
        with self._store._write() as conn:
            return claim_reminder(conn, _known(round_row(conn, label), label).id, code, at)

    def save_contacts(self, label: str, addresses: Mapping[str, str]) -> None:
        """See :func:`save_contacts`."""
        with self._store._write() as conn:
            save_contacts(conn, _known(round_row(conn, label), label).id, addresses)

    def contacts(self, label: str) -> dict[str, str]:
        """See :func:`contact_addresses`."""
        with self._store._read() as conn:
            return contact_addresses(conn, _known(round_row(conn, label), label).id)

    def close(self, label: str) -> None:
        """See :func:`close_round`."""
        with self._store._write() as conn:
            close_round(conn, _known(round_row(conn, label), label).id)

    def mark_published(self, label: str) -> None:
        """See :func:`mark_published`."""
        with self._store._write() as conn:
            mark_published(conn, _known(round_row(conn, label), label).id)
