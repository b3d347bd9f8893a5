"""Researchers from the competence list for the seminars of a plan (staffing).

Matching (solved exactly with ``scipy.optimize.milp``): a researcher *fits* a seminar when
the seminar's topic is one of their areas (for a theme seminar: one of the theme's areas).
The score of a fitting pair is 1 plus the number of the seminar's municipalities that have
one of the researcher's areas (for themes: one of their themes) in anyone's top three —
the *expertise overlap*. The matching first maximises the number of seminars with at least
one researcher, then the total score, with nobody in more seminars than their capacity and
at most ``per_seminar`` researchers per seminar. A seminar nobody fits, or whose fitting
researchers are all busy, is listed as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from linnedata.errors import LinnedataError
from linnedata.seminars.plan import Plan
from linnedata.seminars.preferences import Preferences
from linnedata.taxonomy import Taxonomy, default_taxonomy

PER_SEMINAR = 2
"""At most this many researchers are matched to one seminar (by default)."""


@dataclass(frozen=True)
class Matching:
    """Researchers matched to the seminars of a plan.

    Attributes:
        matches: ``seminarium, topic, forskare, forskningsmiljo, omraden, overlap``
            (overlap: the seminar's municipalities with one of the researcher's areas in
            their top three), by seminar then score.
        gaps: ``seminarium, topic, orsak`` (``"ingen"`` when nobody fits the topic,
            ``"upptagna"`` when everyone who fits is at capacity), by seminar.
        load: ``forskare, kapacitet, seminarier`` (how many seminars each got).
    """

    matches: pd.DataFrame
    gaps: pd.DataFrame
    load: pd.DataFrame


def match_researchers(
    plan: Plan,
    prefs: Preferences,
    researchers: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
    per_seminar: int = PER_SEMINAR,
) -> Matching:
    """Match researchers to the plan's seminars (exactly; see the module docstring).

    Args:
        plan: from :func:`linnedata.seminars.plan_seminars`.
        prefs: the preferences the plan was made from.
        researchers: from :func:`read_researchers`.
        taxonomy: maps areas to themes for a theme plan (default: the shipped one).
        per_seminar: the most researchers one seminar gets.

    Returns:
        The :class:`Matching`.
    """
    taxonomy = taxonomy or default_taxonomy()
    pairs = _fitting_pairs(plan, prefs, researchers, taxonomy)
    seminars = plan.seminars
    chosen = _choose(pairs, researchers, len(seminars), per_seminar) if pairs else []
    match_rows = []
    for i in chosen:
        r, g, overlap = pairs[i]
        person = researchers.iloc[r]
        match_rows.append(
            {
                "seminarium": seminars[g].number,
                "topic": seminars[g].topic,
                "forskare": person["forskare"],
                "forskningsmiljo": person["forskningsmiljo"],
                "omraden": person["omraden"],
                "overlap": overlap,
            }
        )
    matches = pd.DataFrame(
        match_rows,
        columns=["seminarium", "topic", "forskare", "forskningsmiljo", "omraden", "overlap"],
    )
    matches = matches.sort_values(
        ["seminarium", "overlap", "forskare"], ascending=[True, False, True], ignore_index=True
    )
    gaps, load = _gaps_and_load(seminars, pairs, matches, researchers)
    return Matching(matches=matches, gaps=gaps, load=load)


def _fitting_pairs(
    plan: Plan, prefs: Preferences, researchers: pd.DataFrame, taxonomy: Taxonomy
) -> list[tuple[int, int, int]]:
    """``(researcher, seminar, overlap)`` for every researcher who fits a seminar's topic."""
    to_theme = dict(zip(taxonomy.areas["area_id"], taxonomy.areas["theme_id"], strict=True))

    def topics_of(areas: tuple[str, ...]) -> set[str]:
        return set(areas) if plan.level == "area" else {to_theme.get(a, a) for a in areas}

    row_of = {code: i for i, code in enumerate(prefs.codes)}
    column_of = {topic: j for j, topic in enumerate(prefs.topics)}
    pairs: list[tuple[int, int, int]] = []
    for r, person in enumerate(researchers.itertuples(index=False)):
        expertise = topics_of(person.omraden)
        columns = [column_of[t] for t in expertise if t in column_of]
        for g, seminar in enumerate(plan.seminars):
            if seminar.topic not in expertise:
                continue
            members = [row_of[c] for c in seminar.members]
            overlap = int((prefs.rank[np.ix_(members, columns)] > 0).any(axis=1).sum())
            pairs.append((r, g, overlap))
    return pairs


def _choose(
    pairs: list[tuple[int, int, int]], researchers: pd.DataFrame, n_sem: int, per_seminar: int
) -> list[int]:
    """The chosen pairs (indexes into ``pairs``): seminars with a researcher first, then the
    total score, within each researcher's capacity and ``per_seminar``."""
    n_pairs = len(pairs)
    # variables: x per pair, then h per seminar ("has a researcher")
    weight = float(sum(p[2] + 1 for p in pairs) + 1)
    objective = np.concatenate(
        [-np.array([p[2] + 1 for p in pairs], float), np.full(n_sem, -weight)]
    )
    pr = np.array([p[0] for p in pairs])
    pg = np.array([p[1] for p in pairs])
    k = np.arange(n_pairs)
    rows, cols, vals, lo, hi = [], [], [], [], []
    # capacity per researcher
    rows.append(pr)
    cols.append(k)
    vals.append(np.ones(n_pairs))
    lo += [-np.inf] * len(researchers)
    hi += researchers["kapacitet"].astype(float).tolist()
    offset = len(researchers)
    # at most per_seminar per seminar
    rows.append(pg + offset)
    cols.append(k)
    vals.append(np.ones(n_pairs))
    lo += [-np.inf] * n_sem
    hi += [float(per_seminar)] * n_sem
    offset += n_sem
    # h_g ≤ Σ x over the seminar's pairs
    rows += [pg + offset, np.arange(n_sem) + offset]
    cols += [k, n_pairs + np.arange(n_sem)]
    vals += [-np.ones(n_pairs), np.ones(n_sem)]
    lo += [-np.inf] * n_sem
    hi += [0.0] * n_sem
    offset += n_sem
    matrix = coo_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(offset, n_pairs + n_sem),
    ).tocsr()
    result = milp(
        objective,
        constraints=[LinearConstraint(matrix, np.array(lo), np.array(hi))],
        bounds=Bounds(0, 1),
        integrality=np.ones(n_pairs + n_sem),
        options={"mip_rel_gap": 0.0},
    )
    if result.x is None:
        raise LinnedataError(f"the matching solver stopped: {result.message}")
    return [i for i in range(n_pairs) if result.x[i] > 0.5]


def _gaps_and_load(
    seminars: tuple[Any, ...],
    pairs: list[tuple[int, int, int]],
    matches: pd.DataFrame,
    researchers: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seminars without a researcher (and why), and how many seminars each researcher got."""
    fitting = {seminars[g].number for _, g, _ in pairs}
    matched = set(matches["seminarium"])
    gaps = pd.DataFrame(
        [
            {
                "seminarium": s.number,
                "topic": s.topic,
                "orsak": "upptagna" if s.number in fitting else "ingen",
            }
            for s in seminars
            if s.number not in matched
        ],
        columns=["seminarium", "topic", "orsak"],
    )
    counts = matches["forskare"].value_counts()
    load = pd.DataFrame(
        {
            "forskare": researchers["forskare"],
            "kapacitet": researchers["kapacitet"],
            "seminarier": researchers["forskare"].map(counts).fillna(0).astype("int64"),
        }
    )
    return gaps, load
