"""The questionnaire's use cases: open a round, issue links, answer, track, close.

Called by the CLI, the steward's Enkät page and the respondent's page alike. The store
keeps hashes only (``tokens``); a token is shown once, when issued.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from linnedata import importing, rounds
from linnedata.errors import InputError
from linnedata.figures.responses import response_table
from linnedata.places.region import default_region
from linnedata.questionnaire import draft, limits, tokens, tracking
from linnedata.questionnaire.answers import Cleaned, clean
from linnedata.store.questionnaire import Link
from linnedata.survey import ReadOptions, Source, survey_of
from linnedata.survey.cells import LOCAL_TIME
from linnedata.taxonomy import Taxonomy, default_taxonomy

OPEN_DAYS = 28  # a round's default length
LINK_COLUMNS = ["kommun_kod", "kommun", "url"]


def today() -> date:
    """Today in Swedish time: the day a round's dates are compared with."""
    return datetime.now(LOCAL_TIME).date()


def open_round(
    store: Any,
    label: str,
    *,
    opens: date | None = None,
    closes: date | None = None,
    municipalities: pd.DataFrame | None = None,
    cap: int | None = None,
    user: str,
) -> str:
    """Open a round for answers (no links yet: :func:`issue_links`); its label.

    Args:
        store: the Store.
        label: the round's label (the one round-label rule, ``linnedata.rounds``).
        opens: first day (default today).
        closes: last day (default 28 days on).
        municipalities: ``kommun_kod, kommun`` invited (default: the region file).
        cap: answers per municipality (default ``limits.DEFAULT_CAP``).
        user: who opens it.

    Raises:
        StoreError: the label, dates or list are refused (a translatable message).
    """
    label = rounds.normalise(label)
    opens = opens or today()
    closes = closes or opens + timedelta(days=OPEN_DAYS)
    invited = default_region() if municipalities is None else municipalities
    pairs = zip(invited["kommun_kod"].astype(str), invited["kommun"].astype(str), strict=True)
    store.questionnaire.open_round(
        label,
        opens=opens,
        closes=closes,
        cap=cap or limits.DEFAULT_CAP,
        user=user,
        municipalities=list(pairs),
    )
    return label


def issue_links(
    store: Any, label: str, codes: Iterable[str] | None = None, *, revoke_earlier: bool = True
) -> pd.DataFrame:
    """New links for the invited municipalities (``codes``: a subset); the earlier links of
    those municipalities stop working unless ``revoke_earlier`` is False.

    Returns:
        ``kommun_kod, kommun, url`` (url: path and query, ``/enkat?t=…``) — the only time
        the tokens exist outside the respondents' hands.

    Raises:
        StoreError: unknown round, or a code that was not invited.
    """
    invited = store.questionnaire.invited(label)
    wanted = list(invited) if codes is None else list(dict.fromkeys(codes))
    unknown = [c for c in wanted if c not in invited]
    if unknown:
        from linnedata.store.questionnaire import QuestionnaireError

        raise QuestionnaireError("enkat_kommun_ej_inbjuden", kommun=unknown[0], round=label)
    fresh = {code: tokens.new_token() for code in wanted}
    store.questionnaire.issue_links(
        label, {c: tokens.digest(t) for c, t in fresh.items()}, revoke_earlier=revoke_earlier
    )
    rows = [(c, invited[c], tokens.link(t)) for c, t in fresh.items()]
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def revoke(store: Any, label: str, code: str) -> pd.DataFrame:
    """Revoke a municipality's links and issue it a new one (the answers stay)."""
    return issue_links(store, label, [code])


@dataclass(frozen=True)
class Access:
    """What a link gives: ``status`` is ``ok``, ``unknown`` (forged or mistyped),
    ``revoked``, ``closed`` (after the closing day, or closed by the steward) or
    ``not_yet`` (before the opening day); ``link`` names the municipality only when ok."""

    status: str
    link: Link | None = None


def access(store: Any, token: str | None, on: date | None = None) -> Access:
    """Whether ``token`` opens a questionnaire ``on`` a day (default today)."""
    if not tokens.well_formed(token):
        return Access("unknown")
    link = store.questionnaire.link(tokens.digest(token))  # type: ignore[arg-type]
    on = on or today()
    if link is None:
        return Access("unknown")
    if link.revoked:
        return Access("revoked")
    if link.closed or on > link.closes:
        return Access("closed")
    if on < link.opens:
        return Access("not_yet")
    return Access("ok", link)


def resume(store: Any, link: Link, code: str | None) -> dict[str, Any] | None:
    """The answer a resume code keeps through this link, or None (unknown or malformed)."""
    if not tokens.well_formed(code):
        return None
    return store.questionnaire.answer(link, tokens.digest(code))  # type: ignore[arg-type]


@dataclass
class Sent:
    """What became of a save or send.

    ``status``: ``saved`` (a draft), ``sent``, ``invalid`` (see ``cleaned.errors``),
    ``limited`` (too many at once: try again shortly), ``bot``, ``cap`` (the municipality
    has all its answers), ``gone`` (the link stopped working) or ``unknown`` (the resume
    code is not this link's). ``resume`` is the respondent's code (new on a first save).
    """

    status: str
    resume: str | None = None
    cleaned: Cleaned | None = None
    notes: list[Any] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        """Whether the answer is in the store (committed and checked)."""
        return self.status in ("saved", "sent")


def save(
    store: Any,
    token: str,
    raw: Mapping[str, Any],
    *,
    resume_code: str | None,
    submit: bool,
    honeypot: str | None = "",
    shown_at: float | None = None,
    at: float | None = None,
    taxonomy: Taxonomy | None = None,
) -> Sent:
    """Save a draft or send an answer through a link; acknowledged only once committed.

    The bot trap applies to sending; the rate limits to every save. A respondent without a
    resume code gets one with the first save.
    """
    at = time.time() if at is None else at
    cleaned = clean(raw, taxonomy or default_taxonomy(), sending=submit)
    if submit and limits.looks_like_a_bot(honeypot, shown_at, at):
        return Sent("bot", resume_code, cleaned)
    if cleaned.errors:
        return Sent("invalid", resume_code, cleaned)
    if not tokens.well_formed(token):
        return Sent("gone", resume_code, cleaned)
    token_hash = tokens.digest(token)
    if not limits.within_limits(store, token_hash, at):
        return Sent("limited", resume_code, cleaned)
    code = resume_code if tokens.well_formed(resume_code) else tokens.new_token()
    on = datetime.fromtimestamp(at, LOCAL_TIME).date()
    saved = store.questionnaire.save(
        token_hash, tokens.digest(code), cleaned.values, cleaned.ratings, submit=submit, on=on
    )
    if saved.status != "saved":
        return Sent(saved.status, resume_code, cleaned)
    return Sent("sent" if submit else "saved", code, cleaned, cleaned.notes)


def status(store: Any, label: str) -> pd.DataFrame:
    """Per invited municipality: kommun_kod, kommun, invited, started, submitted."""
    return tracking.status(store.questionnaire.tracking(label))


def close(store: Any, label: str) -> None:
    """Close the round: no link works any more; the answers wait for publishing."""
    store.questionnaire.close(label)


def draft_table(
    store: Any,
    label: str,
    taxonomy: Taxonomy | None = None,
    paper: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The round's sent answers in the canonical columns (drafts not sent are left out),
    followed by ``paper``'s (:func:`paper_answers`) when given."""
    taxonomy = taxonomy or default_taxonomy()
    found = store.questionnaire.answers(label, submitted_only=True)
    return draft.combined(draft.canonical(found, taxonomy), paper, taxonomy)


def paper_answers(source: Source, file_name: str, label: str) -> pd.DataFrame:
    """Another file's answers for the round (say, a municipality that answered on paper),
    read, mapped and checked as any import of a survey tool's export is, within its size
    limit: one row per respondent, for :func:`draft_table`'s ``paper``.

    Raises:
        InputError: every problem that stops the file (nothing is added).
    """
    found = importing.read(source, ReadOptions.of(file_name=file_name), label)  # type: ignore[arg-type]
    if found.outcome.errors:
        raise InputError(found.outcome.errors, found.outcome.warnings)
    return response_table(survey_of(found, label))


def published(store: Any, label: str) -> None:
    """After the import published the draft: mark the round published and delete its
    reminder addresses (the one personal datum kept)."""
    store.questionnaire.mark_published(label)
