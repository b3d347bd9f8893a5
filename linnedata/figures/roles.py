"""Figures per respondent role (``roll``), with small groups suppressed as SCB does.

A role is a group of people, so here **each respondent weighs one**: the region's mean
rating of an area among förvaltningschefer is the mean over every förvaltningschef in the
region who rated it; a municipality's the mean over its own. Priority points are the mean
over the role's respondents (raters or not), like the municipality figure.

**Suppression.** A cell (role × area or theme) is shown only when it rests on at least
:data:`linnedata.figures.disclosure.MIN_COUNT` respondents (the one small-numbers rule) (raters for a mean rating or share pressing,
respondents for priority points). Because the figure for *all* roles is shown elsewhere,
hidden cells could be recovered by subtracting the shown ones; so:

1. within a municipality (and within the region), when the cells hidden for an item
   together rest on 1 or 2 respondents (respondents without a role count as hidden),
   the smallest shown cell is hidden too, until the hidden ones rest on 0 or ≥ 3;
2. across municipalities, the region's figure for a role minus the municipalities' shown
   figures for that role must not rest on 1 or 2 respondents either; when it would, the
   smallest shown municipal cell of that role is hidden too.

Hiding a further cell adds at least 3 respondents to a hidden total, so neither step can
undo the other. A hidden cell shows neither value nor n.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linnedata.figures import disclosure
from linnedata.figures.measures import MEASURES, PRESSING_FROM, PRIORITY_POINTS
from linnedata.taxonomy import Taxonomy, default_taxonomy

UNKNOWN_ROLE = "_okand"
"""Respondents who gave no role: counted in the totals, never shown as a group."""

REGION = "region"
"""The ``omfang`` of the region's rows."""

ROLE_COLUMNS = ["omfang", "roll", "id", "value", "n", "undertryckt"]


def _person_items(
    responses: pd.DataFrame, ratings: pd.DataFrame, key: str, taxonomy: Taxonomy
) -> pd.DataFrame:
    """``respondent, kommun_kod, roll, id, betyg, angelaget, poang``: one row per
    respondent and area (``key="area_id"``) or theme (``"theme_id"``)."""
    people = responses[["respondent", "kommun_kod", "roll", *PRIORITY_POINTS]].copy()
    people["kommun_kod"] = people["kommun_kod"].astype("str")
    people["roll"] = people["roll"].astype("object").where(people["roll"].notna(), UNKNOWN_ROLE)
    area_ids = taxonomy.area_ids
    grid = pd.MultiIndex.from_product(
        [people["respondent"], area_ids], names=["respondent", "area_id"]
    ).to_frame(index=False)
    rated = ratings[["respondent", "area_id", "betyg"]].astype({"betyg": "float64"})
    grid = grid.merge(rated, on=["respondent", "area_id"], how="left")
    ranked = people.melt(
        id_vars="respondent",
        value_vars=list(PRIORITY_POINTS),
        var_name="rank",
        value_name="area_id",
    )
    ranked = ranked.dropna(subset=["area_id"]).assign(
        poang=lambda f: f["rank"].map(PRIORITY_POINTS)
    )
    ranked = ranked.astype({"area_id": "str", "poang": "float64"})
    points = ranked.groupby(["respondent", "area_id"], as_index=False)["poang"].max()
    grid = grid.merge(points, on=["respondent", "area_id"], how="left")
    grid["poang"] = grid["poang"].fillna(0.0).astype("float64")
    grid["angelaget"] = (
        (grid["betyg"] >= PRESSING_FROM).astype("float64").where(grid["betyg"].notna())
    )
    if key == "theme_id":
        themes = taxonomy.areas.set_index("area_id")["theme_id"].astype("str")
        grid["id"] = grid["area_id"].map(themes)
        grid = grid.groupby(["respondent", "id"], as_index=False, sort=False).agg(
            betyg=("betyg", "mean"), angelaget=("angelaget", "mean"), poang=("poang", "sum")
        )
    elif key == "area_id":
        grid = grid.rename(columns={"area_id": "id"})
    else:
        raise ValueError(f"key must be 'area_id' or 'theme_id', got {key!r}")
    people = people[["respondent", "kommun_kod", "roll"]]
    return grid.merge(people, on="respondent")[
        ["respondent", "kommun_kod", "roll", "id", "betyg", "angelaget", "poang"]
    ]


def _cells(items: pd.DataFrame, by: list[str], measure: str) -> pd.DataFrame:
    column = {"medelbetyg": "betyg", "andel_angelaget": "angelaget", "prioriteringspoang": "poang"}[
        measure
    ]
    return items.groupby(by, as_index=False, sort=False).agg(
        value=(column, "mean"), n=(column, "count")
    )


def _primary(cells: pd.DataFrame) -> pd.Series:
    """Cells resting on fewer than 3 respondents, and the unknown role."""
    return (cells["n"] < disclosure.MIN_COUNT) | (cells["roll"] == UNKNOWN_ROLE)


def _hide_until_safe(cells: pd.DataFrame, hidden: pd.Series, within: list[str]) -> None:
    """Secondary suppression: in each ``within`` group, hide the smallest shown cell until
    the hidden cells rest on 0 or at least 3 respondents (``hidden`` is updated)."""
    n = cells["n"].to_numpy(dtype="int64")
    mask = hidden.to_numpy(dtype=bool).copy()
    for rows in cells.groupby(within, sort=False).indices.values():
        while True:
            total = int(n[rows][mask[rows]].sum())
            shown = rows[~mask[rows] & (n[rows] > 0)]
            if not disclosure.is_hidden(total) or len(shown) == 0:
                break
            mask[shown[np.argmin(n[shown])]] = True
    hidden[:] = mask


def role_cells(
    responses: pd.DataFrame,
    ratings: pd.DataFrame,
    measure: str,
    key: str = "area_id",
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """Every municipality's and the region's figure per role, suppressed where needed.

    Args:
        responses: ``respondent, kommun_kod, roll, prio_1, prio_2, prio_3`` (a
            :class:`~linnedata.survey.Survey`'s ``responses``).
        ratings: ``respondent, area_id, betyg`` (blank = NaN/<NA>).
        measure: one of :data:`linnedata.figures.measures.MEASURES`.
        key: ``"area_id"`` or ``"theme_id"``.
        taxonomy: the areas and themes (default: the shipped taxonomy).

    Returns:
        ``omfang`` (``"region"`` or a ``kommun_kod``), ``roll``, ``id``, ``value``, ``n``,
        ``undertryckt``; ``value`` and ``n`` are NaN / <NA> where ``undertryckt``. Roles
        without respondents in a scope have no row; the unknown role is left out.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")
    taxonomy = default_taxonomy() if taxonomy is None else taxonomy
    items = _person_items(responses, ratings, key, taxonomy)
    local = _cells(items, ["kommun_kod", "roll", "id"], measure)
    local_hidden = _primary(local)
    _hide_until_safe(local, local_hidden, ["kommun_kod", "id"])
    region = _cells(items, ["roll", "id"], measure).assign(kommun_kod=REGION)
    region_hidden = _primary(region)
    _hide_until_safe(region, region_hidden, ["id"])
    # across municipalities: the region's role figure minus the shown municipal ones
    known = local["roll"] != UNKNOWN_ROLE
    across = local_hidden[known].copy()
    _hide_until_safe(local.loc[known], across, ["roll", "id"])
    local_hidden[known] = across

    out = pd.concat(
        [region.assign(undertryckt=region_hidden), local.assign(undertryckt=local_hidden)],
        ignore_index=True,
    ).rename(columns={"kommun_kod": "omfang"})
    out = out.loc[out["roll"] != UNKNOWN_ROLE].copy()
    out["value"] = out["value"].astype("float64").where(~out["undertryckt"], np.nan)
    out["n"] = out["n"].astype("Int64").where(~out["undertryckt"], pd.NA)
    return out[ROLE_COLUMNS].reset_index(drop=True)
