"""Synthetic instances for the benchmarks and the property tests (not part of the app)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from linnedata.competence.registry import DEFAULT_PUBLIC
from linnedata.seminars import Preferences
from linnedata.store.registry import COLUMNS


def synthetic_preferences(
    municipalities: int,
    topics: int,
    *,
    counties: int = 21,
    seed: int = 0,
    level: str = "area",
) -> Preferences:
    """A random but realistic instance (for the benchmark and property tests).

    Each municipality ranks three distinct topics, drawn with skewed popularity, and rates
    every topic 1–5.

    Args:
        municipalities: how many interested municipalities.
        topics: how many topics.
        counties: how many counties the municipalities are spread over.
        seed: the random seed.
        level: the level to label the instance with.
    """
    rng = np.random.default_rng(seed)
    popularity = rng.dirichlet(np.full(topics, 0.8))
    rank = np.zeros((municipalities, topics), dtype=int)
    for i in range(municipalities):
        chosen = rng.choice(topics, size=min(3, topics), replace=False, p=popularity)
        for r, j in enumerate(chosen, start=1):
            rank[i, j] = r
    rating = np.clip(rng.normal(3 + (rank > 0) * 1.2, 0.8), 1, 5).round(1)
    codes = [f"{9000 + i:04d}"[-4:] if i < 1000 else str(i) for i in range(municipalities)]
    county_codes = [f"{(i % counties) + 1:02d}" for i in range(municipalities)]
    table = pd.DataFrame(
        {
            "kommun_kod": codes,
            "kommun": [f"Kommun {i + 1}" for i in range(municipalities)],
            "lan_kod": county_codes,
            "lan": [f"Län {c}" for c in county_codes],
        }
    )
    return Preferences(
        level, tuple(f"amne_{j + 1:02d}" for j in range(topics)), table, rank, rating
    )


def preferences_from_table(
    ranks: Sequence[Sequence[int]],
    ratings: Sequence[Sequence[float]] | None = None,
    counties: Sequence[str] | None = None,
) -> Preferences:
    """A small instance written out by hand (tests, examples).

    >>> prefs = preferences_from_table([[1, 0], [0, 1], [2, 1]])
    >>> prefs.topics, prefs.codes
    (('t1', 't2'), ['k01', 'k02', 'k03'])
    """
    rank = np.asarray(ranks, dtype=int)
    m_count, t_count = rank.shape
    rating = np.full(rank.shape, np.nan) if ratings is None else np.asarray(ratings, dtype=float)
    county_codes = list(counties) if counties is not None else ["01"] * m_count
    table = pd.DataFrame(
        {
            "kommun_kod": [f"k{i + 1:02d}" for i in range(m_count)],
            "kommun": [f"Kommun {i + 1}" for i in range(m_count)],
            "lan_kod": county_codes,
            "lan": [f"Län {c}" for c in county_codes],
        }
    )
    return Preferences("area", tuple(f"t{j + 1}" for j in range(t_count)), table, rank, rating)


def synthetic_researchers(count: int, area_ids: list[str], seed: int = 0) -> pd.DataFrame:
    """Random researchers with 1–3 areas and capacity 1–3 (benchmark, property tests)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(count):
        k = int(rng.integers(1, 4))
        areas = tuple(sorted(rng.choice(area_ids, size=min(k, len(area_ids)), replace=False)))
        rows.append(
            {
                "forskare": f"Forskare {i + 1}",
                "forskningsmiljo": "",
                "omraden": areas,
                "kapacitet": int(rng.integers(1, 4)),
                "kalla_rad": i + 2,
                "samverkansformer": (),
                "profil": "",
                "aktiv": True,
                "publikt": DEFAULT_PUBLIC,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
