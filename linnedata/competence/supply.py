"""Demand against supply per challenge area (the Kompetens page).

- **Demand** of an area: the municipalities with it among their top challenges (some
  respondent put it in their top three), ``kommuner``, and those respondents,
  ``svarande``.
- **Supply**: the active researchers listing the area, ``forskare``, and the sum of their
  capacity, ``kapacitet``.
- **Unmet demand**: ``max(0, kommuner - kapacitet)``. Areas are listed by unmet demand
  (largest first), then demand, then taxonomy order.
"""

from __future__ import annotations

import pandas as pd

from linnedata.competence.matching import active
from linnedata.figures.ranks import municipality_ranks
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

COLUMNS = ["area_id", "omrade", "kommuner", "svarande", "forskare", "kapacitet", "ouppfyllt"]


def demand_supply(
    survey: Survey, registry: pd.DataFrame, taxonomy: Taxonomy | None = None, lang: str = "sv"
) -> pd.DataFrame:
    """Every area's demand and supply, largest unmet demand first (see the module docstring).

    Returns:
        ``area_id, omrade`` (label), ``kommuner, svarande, forskare, kapacitet, ouppfyllt``.
    """
    taxonomy = taxonomy or default_taxonomy()
    ranks = municipality_ranks(survey, "area", taxonomy)
    municipalities = ranks.groupby("topic")["kommun_kod"].nunique()
    prio = survey.responses[["prio_1", "prio_2", "prio_3"]]
    respondents = {a: int(prio.eq(a).any(axis=1).sum()) for a in taxonomy.area_ids}
    people = active(registry)
    table = pd.DataFrame({"area_id": taxonomy.area_ids})
    table["omrade"] = table["area_id"].map(taxonomy.labels("area", lang))
    table["kommuner"] = table["area_id"].map(municipalities).fillna(0).astype(int)
    table["svarande"] = table["area_id"].map(respondents).astype(int)
    table["forskare"] = [
        int(people["omraden"].map(lambda x, a=a: a in x).sum()) for a in table["area_id"]
    ]
    table["kapacitet"] = [
        int(people.loc[people["omraden"].map(lambda x, a=a: a in x), "kapacitet"].sum())
        for a in table["area_id"]
    ]
    table["ouppfyllt"] = (table["kommuner"] - table["kapacitet"]).clip(lower=0)
    table["_order"] = range(len(table))
    table = table.sort_values(["ouppfyllt", "kommuner", "_order"], ascending=[False, False, True])
    return table[COLUMNS].reset_index(drop=True)
