"""Levels, the level rule, the answer vocabulary and each municipality's ranking of topics.

The survey is read at two levels: challenge areas and the conference themes that group them.
Every module that turns a level into a column, a list of ids or a measure table asks here,
so there is one level rule (and one order of the levels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from linnedata.figures import measures
from linnedata.taxonomy import Taxonomy, default_taxonomy

if TYPE_CHECKING:
    from linnedata.survey import Survey

LEVELS: tuple[str, ...] = ("theme", "area")
"""The two levels, in the order a page offers them: conference themes and challenge areas."""

WILLING_ANSWERS = ("ja", "kanske")
"""The answers that count as willing: to a seminar (``seminarieintresse``) or to co-finance
(``medfinansiering``)."""

INTERESTED_ANSWERS = WILLING_ANSWERS
"""Answers to ``seminarieintresse`` that make a municipality interested in seminars."""

COFINANCING_OPEN = WILLING_ANSWERS
"""The answers that count as willing to co-finance: the co-financing map, the seminar groups'
line and the joint-project finder (``linnedata.competence.projects``)."""

_PRIO_COLUMNS = tuple(measures.PRIORITY_POINTS)


def check_level(level: str) -> None:
    """Raise ``ValueError`` unless ``level`` is one of :data:`LEVELS`.

    >>> check_level("area")
    >>> check_level("kommun")
    Traceback (most recent call last):
    ...
    ValueError: level must be one of ('theme', 'area'), got 'kommun'
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


def key_of(level: str) -> str:
    """The id column of a level: ``area_id`` or ``theme_id``.

    >>> key_of("area"), key_of("theme")
    ('area_id', 'theme_id')
    """
    check_level(level)
    return f"{level}_id"


def topic_ids(level: str, taxonomy: Taxonomy | None = None) -> list[str]:
    """Area or theme ids in the taxonomy's order."""
    check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    return taxonomy.area_ids if level == "area" else taxonomy.theme_ids


def level_measures(survey: Survey, level: str, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """The per-municipality measures of one level (:mod:`linnedata.figures.measures`)."""
    check_level(level)
    compute = measures.area_measures if level == "area" else measures.theme_measures
    return compute(survey, taxonomy)


def municipality_ranks(
    survey: Survey, level: str, taxonomy: Taxonomy | None = None
) -> pd.DataFrame:
    """Each responding municipality's best rank of each topic it has in anyone's top three.

    Args:
        survey: one round.
        level: ``"area"`` or ``"theme"``.
        taxonomy: the taxonomy (default: the shipped one).

    Returns:
        ``kommun_kod, topic, rang`` (int 1–3), one row per municipality and topic that
        some respondent of it ranked, sorted by code and rank.
    """
    check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    responses = survey.responses.dropna(subset=["kommun_kod"])
    long = responses[["kommun_kod", *_PRIO_COLUMNS]].melt(
        id_vars="kommun_kod", var_name="kolumn", value_name="area_id"
    )
    long = long.loc[long["area_id"].notna() & long["area_id"].isin(taxonomy.area_ids)]
    long = long.assign(
        kommun_kod=long["kommun_kod"].astype(str),
        rang=long["kolumn"].str[-1].astype(int),
        area_id=long["area_id"].astype(str),
    )
    if level == "theme":
        to_theme = dict(zip(taxonomy.areas["area_id"], taxonomy.areas["theme_id"], strict=True))
        long["topic"] = long["area_id"].map(to_theme)
    else:
        long["topic"] = long["area_id"]
    best = long.groupby(["kommun_kod", "topic"], as_index=False)["rang"].min()
    return best.sort_values(["kommun_kod", "rang", "topic"], ignore_index=True)
