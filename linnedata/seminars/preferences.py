"""The working seminars: demand per topic, the choice of topics, and the groups.

Definitions (the page, the command line and the tests use these):

- A **topic** is a challenge area (``level="area"``) or a conference theme (``"theme"``).
- An **interested municipality** is a municipality of the region where at least one
  respondent answered ``ja`` or ``kanske`` to ``seminarieintresse``. One willing respondent
  is enough: taking part is decided per municipality, not per person.
- A municipality's **rank** of a topic is the best rank any of its respondents gave it
  (``prio_1`` → 1, ``prio_2`` → 2, ``prio_3`` → 3; for a theme: the best rank of any of its
  areas). So a municipality has a topic "in anyone's top three" exactly when its rank is
  1–3; with several respondents it can have more than three such topics. Every respondent
  of the municipality counts here, also one who answered ``nej``: the priorities are the
  municipality's, the wish to take part is separate.
- A topic is **pressing** for a municipality when its mean rating (the survey contract's
  ``medelbetyg``) is 4 or more.
- The **preference score** of placing a municipality in a seminar on a topic is 3, 2 or 1
  for rank 1, 2 or 3; :data:`PRESSING_SCORE` (0.5) for a topic it did not rank but finds
  pressing; 0 otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from linnedata.figures import measures
from linnedata.figures.ranks import (
    INTERESTED_ANSWERS,
    check_level,
    key_of,
    level_measures,
    municipality_ranks,
    topic_ids,
)
from linnedata.taxonomy import Taxonomy, default_taxonomy

if TYPE_CHECKING:
    from linnedata.survey import Survey

RANK_SCORES: dict[int, float] = {rank: float(p) for rank, p in measures.RANK_POINTS.items()}
"""Preference score of a topic the municipality ranked 1, 2 or 3."""
PRESSING_SCORE = 0.5
"""Preference score of a topic the municipality did not rank but rated 4–5 on average."""
PRESSING_FROM = float(measures.PRESSING_FROM)


@dataclass(frozen=True)
class Preferences:
    """What the plan needs to know about the interested municipalities, in a fixed order.

    Attributes:
        level: ``"area"`` or ``"theme"``.
        topics: topic ids in the taxonomy's order.
        municipalities: ``kommun_kod, kommun, lan_kod, lan`` of the interested
            municipalities, sorted by code (row ``i`` is row ``i`` of the arrays).
        rank: int array (municipalities × topics): 1–3 = best rank, 0 = not in anyone's
            top three.
        rating: float array (municipalities × topics): mean rating, NaN when nobody rated.
    """

    level: str
    topics: tuple[str, ...]
    municipalities: pd.DataFrame
    rank: np.ndarray
    rating: np.ndarray

    @property
    def codes(self) -> list[str]:
        """Municipality codes in row order."""
        return self.municipalities["kommun_kod"].tolist()

    def scores(self) -> np.ndarray:
        """The preference score of every (municipality, topic), see the module docstring."""
        score = np.zeros(self.rank.shape, dtype=float)
        pressing = np.nan_to_num(self.rating, nan=0.0) >= PRESSING_FROM
        score[pressing] = PRESSING_SCORE
        for rank, points in RANK_SCORES.items():
            score[self.rank == rank] = points
        return score


def interested_municipalities(survey: Survey) -> list[str]:
    """Codes of the municipalities where someone answered ``ja`` or ``kanske``, sorted."""
    responses = survey.responses.dropna(subset=["kommun_kod"])
    wants = responses["seminarieintresse"].isin(INTERESTED_ANSWERS).fillna(False)
    return sorted(responses.loc[wants.astype(bool), "kommun_kod"].astype(str).unique())


def _mean_ratings(survey: Survey, level: str, taxonomy: Taxonomy) -> pd.DataFrame:
    return level_measures(survey, level, taxonomy).rename(columns={key_of(level): "topic"})


def preferences(
    survey: Survey,
    level: str,
    region: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
) -> Preferences:
    """The interested municipalities of the region and how they rank and rate each topic.

    Args:
        survey: one round.
        level: ``"area"`` or ``"theme"``.
        region: ``kommun_kod, kommun, lan_kod, lan`` (``linnedata.places.region.default_region``);
            municipalities outside it are left out.
        taxonomy: the taxonomy (default: the shipped one).

    Returns:
        The :class:`Preferences`.
    """
    check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    topics = topic_ids(level, taxonomy)
    wanted = set(interested_municipalities(survey))
    municipalities = (
        region.loc[region["kommun_kod"].isin(wanted), ["kommun_kod", "kommun", "lan_kod", "lan"]]
        .sort_values("kommun_kod")
        .reset_index(drop=True)
    )
    codes = municipalities["kommun_kod"].tolist()
    ranks = municipality_ranks(survey, level, taxonomy)
    rank = (
        ranks.pivot(index="kommun_kod", columns="topic", values="rang")
        .reindex(index=codes, columns=topics)
        .fillna(0)
        .to_numpy(dtype=int)
        if codes
        else np.zeros((0, len(topics)), dtype=int)
    )
    ratings = _mean_ratings(survey, level, taxonomy)
    rating = (
        ratings.pivot(index="kommun_kod", columns="topic", values="medelbetyg")
        .reindex(index=codes, columns=topics)
        .to_numpy(dtype=float)
        if codes
        else np.zeros((0, len(topics)), dtype=float)
    )
    return Preferences(level, tuple(topics), municipalities, rank, rating)


def demand(
    survey: Survey,
    level: str,
    region: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """How much each topic is wanted in the region.

    Args:
        survey: one round.
        level: ``"area"`` or ``"theme"``.
        region: the region (municipalities outside it are left out).
        taxonomy: the taxonomy (default: the shipped one).

    Returns:
        ``topic, antal_kommuner_topp3, antal_vill_seminarium, prioriteringspoang,
        medelbetyg, andel_angelaget, antal_kommuner``, one row per topic, the most wanted
        first (by municipalities with it in anyone's top three, then priority points, then
        the taxonomy's order), where ``antal_kommuner_topp3`` counts the municipalities
        that have the topic in some respondent's top three, ``antal_vill_seminarium`` those
        of them that are interested in a seminar, and the three measures are the region's
        means over municipalities (``measures.group_measures``) resting on
        ``antal_kommuner`` responding municipalities.
    """
    check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    topics = topic_ids(level, taxonomy)
    codes = set(region["kommun_kod"])
    per_municipality = _mean_ratings(survey, level, taxonomy)
    per_municipality = per_municipality.loc[per_municipality["kommun_kod"].isin(codes)]
    key = key_of(level)
    region_figures = measures.group_measures(
        per_municipality.rename(columns={"topic": key}), key
    ).set_index(key)
    ranks = municipality_ranks(survey, level, taxonomy)
    ranks = ranks.loc[ranks["kommun_kod"].isin(codes)]
    interested = set(interested_municipalities(survey))
    top3 = ranks.groupby("topic")["kommun_kod"].nunique()
    wants = ranks.loc[ranks["kommun_kod"].isin(interested)].groupby("topic")["kommun_kod"].nunique()
    out = pd.DataFrame({"topic": topics})
    out["antal_kommuner_topp3"] = out["topic"].map(top3).fillna(0).astype("int64")
    out["antal_vill_seminarium"] = out["topic"].map(wants).fillna(0).astype("int64")
    for column in ("prioriteringspoang", "medelbetyg", "andel_angelaget"):
        out[column] = out["topic"].map(region_figures[column]).astype("float64")
    out["antal_kommuner"] = (
        out["topic"].map(region_figures["antal_kommuner"]).fillna(0).astype("int64")
    )
    out["_order"] = range(len(out))
    out = out.sort_values(
        ["antal_kommuner_topp3", "prioriteringspoang", "_order"],
        ascending=[False, False, True],
        kind="stable",
    )
    return out.drop(columns="_order").reset_index(drop=True)


def topic_wanters(prefs: Preferences, topic: str) -> pd.DataFrame:
    """The interested municipalities with ``topic`` in anyone's top three, best rank first.

    Returns:
        ``kommun_kod, kommun, rang``.
    """
    column = prefs.topics.index(topic)
    ranks = prefs.rank[:, column]
    out = prefs.municipalities[["kommun_kod", "kommun"]].assign(rang=ranks)
    out = out.loc[out["rang"] > 0]
    return out.sort_values(["rang", "kommun_kod"], ignore_index=True)


def covered_by(prefs: Preferences, topics: Iterable[str]) -> int:
    """How many interested municipalities have one of ``topics`` in their top three."""
    columns = [prefs.topics.index(t) for t in set(topics)]
    if not columns:
        return 0
    return int((prefs.rank[:, columns] > 0).any(axis=1).sum())
