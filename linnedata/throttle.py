"""When a password attempt may be compared: the throttle's one rule, and its in-memory keeper.

Every attempt, right or wrong, first ones included, takes three turns at once and is compared
at the latest of them (never earlier, so a right password does not come back sooner than a
wrong one and "no quick answer" tells an attacker nothing):

- **its session's** (a Streamlit session on one address): after the session's n-th attempt
  its next may come :func:`delay` later (1, 2, 4, 8, 16, 30, 30 … s); one that comes sooner
  is answered "try again in N s" without being compared (not queued: a queued turn would
  hold the shared turns for everybody); a right password clears it;
- **its address's** (the real client address, from the app's own proxy only, see
  :func:`client_address`): attempts from one address are :func:`address_spacing` apart —
  0,25 s while at most :data:`FREE_SESSIONS` sessions from it have guessed in the window,
  doubling for every further :data:`FREE_SESSIONS` sessions up to 8 s (an attacker who opens
  a new session for every guess is slowed by his address, not by his sessions);
- **everyone's**: all attempts from anywhere are at least :data:`GLOBAL_SPACING` apart.

The wait for the shared turns is bounded: an attempt whose turn is more than
:data:`MAX_WAIT` away is not compared at all (whether it was right is never looked at) and is answered "try again in N s";
it takes no turn. So a crowd of guessing sessions cannot queue the steward behind them for
a minute: her fresh session's own turn is free, her address's and everyone's turns are at
most a few crowded seconds away.

The turns are kept by the store (``Store.take_login_turn``), so that every process behind the
proxy shares them, or — when the store cannot be reached — by :class:`MemoryTurns` in this
process. Times are wall-clock seconds (``time.time()``), the one clock processes share.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import threading
from collections.abc import Iterable

BASE_DELAY = 1.0  # a session's wait after its first attempt; doubling up to MAX_DELAY
MAX_DELAY = 30.0
ADDRESS_SPACING = 0.25  # seconds between attempts from one address (few sessions)
ADDRESS_MAX_SPACING = 8.0
FREE_SESSIONS = 10  # sessions per address in the window before its spacing grows
GLOBAL_SPACING = 0.25  # seconds between any two compared attempts, from anywhere
MAX_WAIT = 5.0  # an attempt is compared within this, or refused with "try again in N s"
WINDOW = 900.0  # seconds after its last attempt that a session's or address's turns count
EVERYONE = "*"  # the key of the turn shared by all clients


@dataclasses.dataclass(frozen=True)
class Turn:
    """One key's state: a count, when its next attempt may be compared, its last attempt.

    The count is the session's attempts since it last got in, the address's sessions that
    have guessed in the window, or everyone's attempts.
    """

    wrong: int = 0
    next_at: float = 0.0
    last_at: float = 0.0


@dataclasses.dataclass(frozen=True)
class Decision:
    """An attempt's turn: compared at ``at``, or (not ``compared``) refused until ``at``."""

    at: float
    compared: bool
    session: Turn
    address: Turn
    everyone: Turn

    def retry_in(self, now: float) -> int:
        """Whole seconds to tell a refused attempt to wait (at least 1)."""
        return max(1, math.ceil(self.at - now))


def delay(attempts: int) -> float:
    """How long after a session's ``attempts``-th attempt its next one is compared."""
    return min(BASE_DELAY * 2 ** (attempts - 1), MAX_DELAY) if attempts else 0.0


def address_spacing(sessions: int) -> float:
    """Seconds between attempts from an address from which ``sessions`` sessions guessed."""
    extra = max(0, math.ceil((sessions - FREE_SESSIONS) / FREE_SESSIONS))
    return min(ADDRESS_SPACING * 2**extra, ADDRESS_MAX_SPACING)


def _current(turn: Turn, now: float) -> Turn:
    return Turn() if now - turn.last_at >= WINDOW else turn


def take(session: Turn, address: Turn, everyone: Turn, now: float) -> Decision:
    """The turn of an attempt arriving at ``now`` (see the module's rule).

    Args:
        session: the attempt's session's state before it.
        address: its address's state.
        everyone: the state shared by all attempts.
        now: the current time.

    Returns:
        When it is compared and the three new states; or, refused because that would be more
        than :data:`MAX_WAIT` away, when to try again and the states unchanged.
    """
    session, address = _current(session, now), _current(address, now)
    if session.next_at > now:  # its own turn is not queued: a queued turn would hold the
        return Decision(session.next_at, False, session, address, everyone)  # shared ones
    at = max(now, address.next_at, everyone.next_at)
    if at - now > MAX_WAIT:
        return Decision(at, False, session, address, everyone)
    attempts = session.wrong + 1
    sessions = address.wrong + (session.wrong == 0)
    return Decision(
        at,
        True,
        Turn(attempts, at + delay(attempts), at),
        Turn(sessions, at + address_spacing(sessions), at),
        Turn(everyone.wrong + 1, at + GLOBAL_SPACING, at),
    )


class MemoryTurns:
    """The turns of this process only: the keeper while the store cannot be reached."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turns: dict[str, Turn] = {}

    def take(self, session: str, address: str, now: float) -> Decision:
        """The turn of ``session``'s attempt from ``address`` at ``now``."""
        with self._lock:
            keys = (session, address, EVERYONE)
            decision = take(*(self._turns.get(k, Turn()) for k in keys), now)
            if decision.compared:
                states = (decision.session, decision.address, decision.everyone)
                self._turns.update(zip(keys, states, strict=True))
            return decision

    def clear(self, session: str) -> None:
        """A right password: the session starts afresh."""
        with self._lock:
            self._turns.pop(session, None)


# --- whose attempt: the client's address -----------------------------------------------------

LOOPBACK = "127.0.0.1"
UNTRUSTED_FORWARD = "forwarded-untrusted"
"""The one address of every attempt whose connection the server may have re-addressed from
a client-written ``X-Forwarded-For`` (see :func:`client_address`)."""


def client_address(
    peer: str | None,
    forwarded: Iterable[str],
    proxies: Iterable[str],
    server_trusts_forwarded: bool,
) -> str:
    """The address an attempt counts for, taken only from the app's own proxy.

    Args:
        peer: the connection's address as the server reports it (None: loopback).
        forwarded: the ``X-Forwarded-For`` header values of the connection, as sent.
        proxies: the addresses of the app's own proxies ($LINNEDATA_TRUSTED_PROXIES); their
            ``X-Forwarded-For`` holds the client's address (nginx overwrites it with
            ``$remote_addr``; the last entry is what the nearest proxy wrote).
        server_trusts_forwarded: whether the app server itself replaces the peer with an
            address from ``X-Forwarded-For`` (uvicorn does for loopback unless started with
            ``FORWARDED_ALLOW_IPS=""``, as ``make run`` and ``make cluster`` do).

    Returns:
        The last forwarded address when the peer is one of ``proxies``; the peer when no
        forwarded header came or the server took none from it; else (the peer is one of
        the forwarded entries and the server may have put it there) :data:`UNTRUSTED_FORWARD`,
        one address for all such attempts, so a forger cannot spread his guesses over made-up
        addresses.

    >>> client_address("203.0.113.9", ["1.2.3.4"], [], False)
    '203.0.113.9'
    >>> client_address(None, ["1.2.3.4, 198.51.100.7"], ["127.0.0.1"], False)
    '198.51.100.7'
    >>> client_address("1.2.3.4", ["1.2.3.4"], ["127.0.0.1"], True)
    'forwarded-untrusted'
    """
    entries = [e.strip() for value in forwarded for e in str(value).split(",") if e.strip()]
    host = _normal(peer) if peer else LOOPBACK
    if server_trusts_forwarded and host in {_normal(e) for e in entries}:
        return UNTRUSTED_FORWARD  # the server may have taken the peer from the header
    if entries and host in {_normal(p) for p in proxies if p.strip()}:
        return _normal(entries[-1])
    return host


def _normal(address: str) -> str:
    """``address`` in one spelling (``::1`` and ``127.0.0.1`` are loopback alike)."""
    text = address.strip()
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return text[:64]
    return LOOPBACK if parsed.is_loopback else str(parsed)
