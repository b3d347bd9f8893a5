"""One municipality's profile: its figures beside the region's, priorities, wishes, texts."""

from __future__ import annotations

import pandas as pd

from linnedata.figures import measures
from linnedata.survey import Survey


def comparison(
    per_municipality: pd.DataFrame,
    region_figures: pd.DataFrame,
    code: str,
    key: str,
    measure: str,
    labels: dict[str, str],
    neighbour_figures: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The municipality's value of a measure beside the region's mean, per area or theme.

    Args:
        per_municipality: ``area_measures``/``theme_measures`` output for one round.
        region_figures: ``group_measures`` output of the same table.
        code: the municipality's SCB code.
        key: ``"area_id"`` or ``"theme_id"``.
        measure: the measure to compare.
        labels: ``{id: label}``.
        neighbour_figures: ``group_measures`` output for the neighbours (one group), or
            None; adds ``neighbours`` and ``neighbours_n`` (municipalities).
        previous: the previous round's ``per_municipality`` table, or None; adds
            ``previous`` (the municipality's value then) and ``change`` (now − then, NaN
            where either is missing).

    Returns:
        ``key, label, own, own_n, reference, reference_n`` — ``own_n`` respondents,
        ``reference_n`` municipalities — and the optional columns above, sorted by
        ``own`` (largest first, missing last), ties by label.
    """
    own = per_municipality.loc[per_municipality["kommun_kod"] == code].set_index(key)
    n_column = measures.get(measure).n_column
    ref_n = measures.get(measure).group_n_column
    region = region_figures.set_index(key)
    table = pd.DataFrame({key: list(labels)})
    table["label"] = table[key].map(labels)
    table["own"] = table[key].map(own[measure]).astype(float)
    table["own_n"] = table[key].map(own[n_column]).fillna(0).astype(int)
    table["reference"] = table[key].map(region[measure]).astype(float)
    table["reference_n"] = table[key].map(region[ref_n]).fillna(0).astype(int)
    if neighbour_figures is not None:
        near = neighbour_figures.set_index(key)
        table["neighbours"] = table[key].map(near[measure]).astype(float)
        table["neighbours_n"] = table[key].map(near[ref_n]).fillna(0).astype(int)
    if previous is not None:
        before = previous.loc[previous["kommun_kod"] == code].set_index(key)
        table["previous"] = table[key].map(before[measure]).astype(float)
        table["change"] = table["own"] - table["previous"]
    table = table.sort_values(["own", "label"], ascending=[False, True], na_position="last")
    return table.reset_index(drop=True)


def top_priorities(survey: Survey, code: str, labels: dict[str, str]) -> pd.DataFrame:
    """The areas the municipality's respondents put in their top three.

    Returns:
        ``area_id, label, poang`` (mean priority points over its respondents),
        ``i_topp3`` (respondents naming it) and ``av`` (its respondents), largest first.
    """
    responses = survey.responses.loc[survey.responses["kommun_kod"] == code]
    long = responses.melt(
        value_vars=list(measures.PRIORITY_POINTS), var_name="plats", value_name="area_id"
    )
    long = long.dropna(subset=["area_id"])
    long["poang"] = long["plats"].map(measures.PRIORITY_POINTS)
    total = len(responses)
    table = long.groupby("area_id", as_index=False).agg(
        summa=("poang", "sum"), i_topp3=("poang", "size")
    )
    table["poang"] = table["summa"] / total if total else float("nan")
    table["label"] = table["area_id"].map(labels)
    table["av"] = total
    table = table.sort_values(["poang", "label"], ascending=[False, True])
    return table[["area_id", "label", "poang", "i_topp3", "av"]].reset_index(drop=True)


def forms_wanted(survey: Survey, code: str, labels: dict[str, str]) -> pd.DataFrame:
    """The collaboration forms the municipality's respondents want.

    Returns:
        ``form_id, label, antal`` (respondents wanting it) and ``av`` (its respondents),
        most wanted first; forms nobody chose are left out.
    """
    respondents = survey.responses.loc[survey.responses["kommun_kod"] == code, "respondent"]
    chosen = survey.forms.loc[survey.forms["respondent"].isin(respondents)]
    table = chosen.groupby("form_id", as_index=False).agg(antal=("respondent", "nunique"))
    table["label"] = table["form_id"].map(labels)
    table["av"] = len(respondents)
    table = table.sort_values(["antal", "label"], ascending=[False, True])
    return table[["form_id", "label", "antal", "av"]].reset_index(drop=True)


def answers(survey: Survey, code: str) -> pd.DataFrame:
    """The municipality's respondents' role, seminar interest, co-financing and free text."""
    columns = ["roll", "seminarieintresse", "medfinansiering", "utmaning_fritext"]
    return survey.responses.loc[survey.responses["kommun_kod"] == code, columns].reset_index(
        drop=True
    )
