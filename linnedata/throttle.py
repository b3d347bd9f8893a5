"""When a password attempt may be compared: the throttle's one rule, and its in-memory keeper.

Attempts from a client (an address) that has guessed wrong take turns :func:`delay` apart
(1, 2, 4, 8, 8 … seconds), however many sessions or processes send them, and every such
attempt, from any client, is at least :data:`GLOBAL_SPACING` after the one before. A client
with no wrong attempt in the last :data:`WINDOW` seconds is compared at once, so the real
steward logs in while an attack runs; a right password clears its client.

The turns are kept by the store (``Store.take_login_turn``), so that every process behind the
proxy shares them, or — when the store cannot be reached — by :class:`MemoryTurns` in this
process. Times are wall-clock seconds (``time.time()``), the one clock processes share.
"""

from __future__ import annotations

import dataclasses
import threading

BASE_DELAY = 1.0
MAX_DELAY = 8.0
GLOBAL_SPACING = 1.0  # seconds between attempts from clients that have guessed wrong
WINDOW = 900.0  # seconds after its last attempt that a client's wrong attempts still count
EVERYONE = "*"  # the key of the turn shared by all clients


@dataclasses.dataclass(frozen=True)
class Turn:
    """A client's state: wrong (or pending) attempts, when the next may be compared, the last."""

    wrong: int = 0
    next_at: float = 0.0
    last_at: float = 0.0


def delay(attempts: int) -> float:
    """How long after the attempt before it the attempt that follows ``attempts`` wrong (or
    pending) ones from one client is compared."""
    return min(BASE_DELAY * 2 ** (attempts - 1), MAX_DELAY) if attempts else 0.0


def take(client: Turn, everyone: float, now: float) -> tuple[float, Turn, float]:
    """The turn of an attempt arriving at ``now``.

    Args:
        client: the client's state before this attempt.
        everyone: when the next attempt of any client that has guessed wrong may be compared.
        now: the current time.

    Returns:
        When this attempt is compared (``now`` or later), the client's new state (this attempt
        counted as pending until answered) and the new shared turn.
    """
    if client.wrong == 0 or now - client.last_at >= WINDOW:
        return now, Turn(1, now + delay(1), now), everyone
    at = max(now, client.next_at, everyone)
    wrong = client.wrong + 1
    return at, Turn(wrong, at + delay(wrong), now), at + GLOBAL_SPACING


class MemoryTurns:
    """The turns of this process only: the keeper while the store cannot be reached."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turns: dict[str, Turn] = {}
        self._everyone = 0.0

    def take(self, client: str, now: float) -> tuple[float, int]:
        """When ``client``'s attempt at ``now`` is compared, and how many it has pending."""
        with self._lock:
            at, turn, self._everyone = take(self._turns.get(client, Turn()), self._everyone, now)
            self._turns[client] = turn
            return at, turn.wrong

    def clear(self, client: str) -> None:
        """A right password: the client starts afresh."""
        with self._lock:
            self._turns.pop(client, None)
