"""A plan's settings, the plan and its seminars, and the error when the settings cannot all be met."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linnedata import i18n
from linnedata.errors import TranslatableError
from linnedata.seminars.preferences import Preferences

DEFAULT_MIN = 3
DEFAULT_MAX = 8
DEFAULT_SEMINARS = 4
MOST_SEMINARS = 20
"""The most parallel seminars the page offers (its choices run 1–20)."""
LARGEST_SEMINAR = 40
"""The largest seminar the page offers (its choices of the most per seminar run 2–40)."""
PLACEMENT_COLUMNS = [
    "seminarium", "topic", "kommun_kod", "kommun", "lan", "rang", "medelbetyg",
    "poang", "last", "tackt", "fullt",
]  # fmt: skip
"""The columns of :attr:`Plan.placements`, in order."""


# --- settings, plan and errors -----------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the organisers choose.

    Attributes:
        seminars: how many parallel seminars (S).
        min_size: the fewest municipalities in a seminar.
        max_size: the most municipalities in a seminar.
        include: topics that must get a seminar.
        exclude: topics that must not.
        county_cap: at most this many municipalities of one county per seminar; None for
            no limit.
        locks: ``(kommun_kod, topic)`` placements that must be kept.
    """

    seminars: int
    min_size: int = DEFAULT_MIN
    max_size: int = DEFAULT_MAX
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    county_cap: int | None = None
    locks: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain values (for JSON)."""
        return {
            "seminars": self.seminars,
            "min_size": self.min_size,
            "max_size": self.max_size,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "county_cap": self.county_cap,
            "locks": [list(lock) for lock in self.locks],
        }


def default_sizes(interested: int) -> tuple[int, int, int]:
    """The page's default ``(seminars, min_size, max_size)`` for ``interested`` municipalities:
    4 seminars of 3–8 where they hold everyone, else as many seminars of 3–8 as it takes (at
    most :data:`MOST_SEMINARS`), else that many seminars made larger, so every region (one
    county … all 290) opens with a plan rather than an error.

    >>> default_sizes(30), default_sizes(38), default_sizes(290), default_sizes(5)
    ((4, 3, 8), (5, 3, 8), (20, 3, 15), (1, 3, 8))
    """
    n = max(1, interested)
    if n < DEFAULT_MIN:  # one seminar of everyone
        return 1, n, max(2, n)
    seminars = min(max(1, n // DEFAULT_MIN), DEFAULT_SEMINARS)
    if n > seminars * DEFAULT_MAX:
        seminars = min(math.ceil(n / DEFAULT_MAX), MOST_SEMINARS)
    largest = min(max(DEFAULT_MAX, math.ceil(n / seminars)), LARGEST_SEMINAR)
    return seminars, DEFAULT_MIN, largest


class PlanInfeasible(TranslatableError):
    """The settings cannot all be met; the message says which setting to change, to what.

    Attributes:
        code: the message's key in the translation table.
        fixes: ``(key, value)`` of each change that would work ("sänk min till 2"),
            filled into the message's ``{fix}``.
        params: values filled into it (topic and municipality names already as text).
    """

    def __init__(self, code: str, fixes: Sequence[tuple[str, int]] = (), /, **params: Any) -> None:
        self.fixes = tuple(fixes)
        super().__init__(code, **params)

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``; ``fixes`` (fragment key, value) are joined by "or"."""
        params = dict(self.params)
        if self.fixes:
            params["fix"] = f" {i18n.t('eller', lang)} ".join(
                i18n.t(key, lang, value=value) for key, value in self.fixes
            )
        return i18n.t(self.code, lang, **params)


@dataclass(frozen=True)
class Seminar:
    """One seminar of a plan.

    Attributes:
        number: 1..S in the plan's order (largest first, then the taxonomy's order).
        topic: its topic id.
        members: the municipality codes placed in it, sorted by code.
    """

    number: int
    topic: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A solved plan.

    Attributes:
        level: ``"area"`` or ``"theme"``.
        settings: the settings it was solved for.
        seminars: the seminars, numbered 1..S.
        placements: ``seminarium, topic, kommun_kod, kommun, lan, rang, medelbetyg,
            poang, last, tackt`` (one row per interested municipality, by seminar then
            code): ``rang`` 0 when the topic is not in its top three, ``poang`` the
            preference score, ``last`` True for a locked placement, ``tackt`` True when one
            of its top-three topics got a seminar (it may still sit elsewhere when those
            seminars are full, or to keep the size and county limits), ``fullt`` True when
            every seminar on its top-three topics is at the maximum size.
        covered: how many interested municipalities have a top-three topic chosen.
        interested: how many interested municipalities there are (N).
        uncovered: codes of those without any top-three topic chosen.
        total_preference: the sum of ``poang``.
    """

    level: str
    settings: Settings
    seminars: tuple[Seminar, ...]
    placements: pd.DataFrame
    covered: int
    interested: int
    uncovered: tuple[str, ...]
    total_preference: float = field(default=0.0)

    @property
    def topics(self) -> list[str]:
        """The seminars' topics in seminar order (a topic repeats for parallel seminars)."""
        return [s.topic for s in self.seminars]


def _groups(
    prefs: Preferences, topic_of: np.ndarray, copies: np.ndarray
) -> list[tuple[str, list[int]]]:
    """``(topic, member rows)`` of every seminar, parallel seminars on a topic dealt out."""
    municipalities = prefs.municipalities
    groups: list[tuple[str, list[int]]] = []
    for j, topic in enumerate(prefs.topics):
        if copies[j] == 0:
            continue
        members = [i for i in range(len(topic_of)) if topic_of[i] == j]
        # Parallel seminars on one topic: deal the members out in turn, sorted by county,
        # so sizes and every county's count differ by at most one between them.
        members.sort(
            key=lambda i: (municipalities.at[i, "lan_kod"], municipalities.at[i, "kommun_kod"])
        )
        for copy in range(int(copies[j])):
            groups.append((topic, sorted(members[copy :: int(copies[j])])))
    return groups


def assemble(
    prefs: Preferences,
    settings: Settings,
    topic_of: np.ndarray,
    copies: np.ndarray,
    covered_rows: np.ndarray,
) -> Plan:
    """Split each topic's municipalities over its seminars and build the tables."""
    municipalities = prefs.municipalities
    scores = prefs.scores()
    groups = _groups(prefs, topic_of, copies)
    order = {t: k for k, t in enumerate(prefs.topics)}
    groups.sort(key=lambda g: (-len(g[1]), order[g[0]], g[1]))
    locked = set(settings.locks)
    full_topics = {
        topic
        for topic in {g[0] for g in groups}
        if all(len(m) >= settings.max_size for t, m in groups if t == topic)
    }
    seminars = []
    rows = []
    for number, (topic, members) in enumerate(groups, start=1):
        codes = tuple(municipalities.at[i, "kommun_kod"] for i in members)
        seminars.append(Seminar(number, topic, codes))
        j = order[topic]
        for i in members:
            code = municipalities.at[i, "kommun_kod"]
            rating = prefs.rating[i, j]
            rows.append(
                {
                    "seminarium": number,
                    "topic": topic,
                    "kommun_kod": code,
                    "kommun": municipalities.at[i, "kommun"],
                    "lan": municipalities.at[i, "lan"],
                    "rang": int(prefs.rank[i, j]),
                    "medelbetyg": float(rating),
                    "poang": float(scores[i, j]),
                    "last": (code, topic) in locked,
                    "tackt": bool(covered_rows[i]),
                    "fullt": all(
                        prefs.topics[k] in full_topics or copies[k] == 0
                        for k in np.flatnonzero(prefs.rank[i] > 0)
                    ),
                }
            )
    placements = pd.DataFrame(rows, columns=PLACEMENT_COLUMNS)
    uncovered = tuple(code for code, ok in zip(prefs.codes, covered_rows, strict=True) if not ok)
    return Plan(
        level=prefs.level,
        settings=settings,
        seminars=tuple(seminars),
        placements=placements,
        covered=int(covered_rows.sum()),
        interested=len(prefs.codes),
        uncovered=uncovered,
        total_preference=float(placements["poang"].sum()),
    )
