"""Abuse limits of the questionnaire: rate limits every replica shares, and a bot trap.

Like the password throttle (``linnedata.throttle``), the counts live in the store so that
every process behind the proxy shares them: each save or send counts once against its
link's window (:data:`TOKEN_LIMIT` per :data:`TOKEN_WINDOW` seconds) and once against the
global window (:data:`GLOBAL_LIMIT` per :data:`GLOBAL_WINDOW`). The bot trap needs no
third-party service: a field people leave empty (hidden from view and from assistive
technology) and a least time between showing the form and sending it.

Each number can be set by the environment variable named beside it.
"""

from __future__ import annotations

import os

EVERYONE = "*"


def _setting(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


TOKEN_LIMIT = int(_setting("LINNEDATA_ENKAT_TOKEN_LIMIT", 120))
TOKEN_WINDOW = _setting("LINNEDATA_ENKAT_TOKEN_WINDOW", 600.0)
GLOBAL_LIMIT = int(_setting("LINNEDATA_ENKAT_GLOBAL_LIMIT", 3000))
GLOBAL_WINDOW = _setting("LINNEDATA_ENKAT_GLOBAL_WINDOW", 60.0)
MIN_FILL_SECONDS = _setting("LINNEDATA_ENKAT_MIN_SECONDS", 3.0)
DEFAULT_CAP = int(_setting("LINNEDATA_ENKAT_CAP", 20))
"""Answers per municipality and round, unless the round says otherwise."""


def token_key(token_hash: str) -> str:
    """The rate-limit key of a link (a prefix of its hash: never the token)."""
    return "t:" + token_hash[:40]


def looks_like_a_bot(honeypot: str | None, shown_at: float | None, at: float) -> bool:
    """Whether a send trips the bot trap: the hidden field filled, or sent sooner than
    :data:`MIN_FILL_SECONDS` after the form was shown (or without it ever being shown).

    >>> looks_like_a_bot("", 100.0, 110.0), looks_like_a_bot("x", 100.0, 110.0)
    (False, True)
    """
    if honeypot:
        return True
    return shown_at is None or at - shown_at < MIN_FILL_SECONDS


def within_limits(store: object, token_hash: str, at: float) -> bool:
    """Count one save through the link against its window and the global one; False when
    either is used up (nothing is counted against the other then)."""
    keeper = store.questionnaire  # type: ignore[attr-defined]
    if not keeper.take_limit(token_key(token_hash), at, TOKEN_WINDOW, TOKEN_LIMIT):
        return False
    return keeper.take_limit(EVERYONE, at, GLOBAL_WINDOW, GLOBAL_LIMIT)
