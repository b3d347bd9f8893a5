"""Which municipalities face the most similar challenges: a distance over the area ratings.

The distance between two municipalities in one round is the **mean absolute difference of
their mean ratings** (``medelbetyg``, 1–5) over the challenge areas both have rated::

    d(a, b) = mean over areas i rated by both of |rating_a(i) - rating_b(i)|

It is in rating points: 0 means the same rating on every shared area, 1 means one step
apart on average, 4 is the largest possible. It is symmetric (``d(a, b) == d(b, a)``) and
an area that only one of the two rated does not count. Mean ratings are used rather than
priority points because every respondent rates every area, while only three areas get
priority points, so the ratings describe the whole profile.

A municipality that rated fewer than :data:`MIN_AREAS` areas is left out (its profile rests
on too little to compare) and the caller is told which ones were. Ties in the distance are
broken by the SCB code, so the same data always gives the same list.

"The areas they share at the top": each municipality's :data:`TOP` highest-rated areas
(ties broken by the taxonomy's order), and the areas both lists contain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_AREAS = 10
"""A municipality must have rated at least this many areas (of 15) to be compared."""

TOP = 3
"""How many of a municipality's highest-rated areas count as its "top"."""

_DECIMALS = 9
"""Distances are rounded to this many decimals before sorting, so float noise never breaks a tie."""


@dataclass(frozen=True)
class Similar:
    """The municipalities most like one municipality.

    Attributes:
        code: the municipality compared.
        table: ``kommun_kod, avstand, gemensamma, antal_omraden`` — the distance, the
            area ids both have among their top :data:`TOP` (a tuple, in taxonomy order) and
            how many areas the distance rests on; nearest first, ties by code.
        excluded: codes of municipalities left out for rating fewer than
            :data:`MIN_AREAS` areas (sorted).
        compared: False when ``code`` itself has too few rated areas (or no answer), so
            nothing can be said about it; ``table`` is then empty.
    """

    code: str
    table: pd.DataFrame
    excluded: tuple[str, ...]
    compared: bool


def rating_matrix(per_municipality: pd.DataFrame, area_ids: list[str]) -> pd.DataFrame:
    """Mean rating per municipality (rows, sorted by code) and area (columns, in ``area_ids`` order).

    Args:
        per_municipality: :func:`linnedata.figures.measures.area_measures` output.
        area_ids: the areas, in taxonomy order.

    Returns:
        A float frame indexed by ``kommun_kod``; NaN where an area was not rated.
    """
    matrix = per_municipality.pivot_table(
        index="kommun_kod", columns="area_id", values="medelbetyg", aggfunc="first", dropna=False
    )
    return matrix.reindex(columns=area_ids).sort_index().astype("float64")


def distances(matrix: pd.DataFrame, min_areas: int = MIN_AREAS) -> pd.DataFrame:
    """The distance between every two comparable municipalities (see the module docstring).

    Args:
        matrix: :func:`rating_matrix` output.
        min_areas: municipalities with fewer rated areas are left out.

    Returns:
        A square, symmetric frame over the comparable municipalities' codes, 0 on the
        diagonal; NaN for a pair without any area rated by both.

    >>> m = pd.DataFrame({"a": [1.0, 3.0, 2.0], "b": [5.0, 4.0, np.nan]}, index=["x", "y", "z"])
    >>> distances(m, min_areas=1).round(2).to_dict()
    {'x': {'x': 0.0, 'y': 1.5, 'z': 1.0}, 'y': {'x': 1.5, 'y': 0.0, 'z': 1.0}, 'z': {'x': 1.0, 'y': 1.0, 'z': 0.0}}
    """
    kept = matrix.loc[matrix.notna().sum(axis=1) >= min_areas]
    values = kept.to_numpy(dtype="float64")
    rated = ~np.isnan(values)
    filled = np.nan_to_num(values)
    # |a - b| summed over the areas both rated, divided by how many those are.
    diff = np.abs(filled[:, None, :] - filled[None, :, :])
    both = rated[:, None, :] & rated[None, :, :]
    shared = both.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(shared > 0, (diff * both).sum(axis=2) / shared, np.nan)
    return pd.DataFrame(result.round(_DECIMALS), index=kept.index, columns=kept.index)


def top_areas(matrix: pd.DataFrame, top: int = TOP) -> dict[str, tuple[str, ...]]:
    """Each municipality's ``top`` highest-rated areas, ties broken by the column order.

    >>> m = pd.DataFrame({"a": [4.0], "b": [5.0], "c": [4.0]}, index=["x"])
    >>> top_areas(m, 2)
    {'x': ('b', 'a')}
    """
    order = {area: i for i, area in enumerate(matrix.columns)}
    result = {}
    for code, row in matrix.iterrows():
        ranked = sorted(row.dropna().items(), key=lambda item: (-item[1], order[item[0]]))
        result[str(code)] = tuple(area for area, _ in ranked[:top])
    return result


def most_similar(
    per_municipality: pd.DataFrame,
    code: str,
    area_ids: list[str],
    n: int = 5,
    min_areas: int = MIN_AREAS,
) -> Similar:
    """The ``n`` municipalities with the profile of mean ratings closest to ``code``'s.

    Args:
        per_municipality: :func:`linnedata.figures.measures.area_measures` output for one round.
        code: the municipality's SCB code.
        area_ids: the areas, in taxonomy order.
        n: how many to return.
        min_areas: see :data:`MIN_AREAS`.

    Returns:
        The nearest ``n`` (never ``code`` itself), with the excluded municipalities.
    """
    matrix = rating_matrix(per_municipality, area_ids)
    table = distances(matrix, min_areas)
    rated = matrix.notna().sum(axis=1)
    excluded = tuple(sorted(str(c) for c in rated.index[rated < min_areas]))
    empty = pd.DataFrame(
        {
            "kommun_kod": pd.Series(dtype="str"),
            "avstand": pd.Series(dtype="float64"),
            "gemensamma": pd.Series(dtype="object"),
            "antal_omraden": pd.Series(dtype="int64"),
        }
    )
    if code not in table.index:
        return Similar(code, empty, excluded, compared=False)
    row = table.loc[code].drop(code).dropna()
    ranked = (
        pd.DataFrame({"kommun_kod": row.index.astype("str"), "avstand": row.to_numpy()})
        .sort_values(["avstand", "kommun_kod"], kind="stable")
        .head(n)
        .reset_index(drop=True)
    )
    tops = top_areas(matrix.loc[[code, *ranked["kommun_kod"]]])
    own = tops[code]
    ranked["gemensamma"] = [
        tuple(a for a in own if a in tops[other]) for other in ranked["kommun_kod"]
    ]
    both = matrix.notna()
    ranked["antal_omraden"] = [
        int((both.loc[code] & both.loc[other]).sum()) for other in ranked["kommun_kod"]
    ]
    return Similar(code, ranked, excluded, compared=True)
