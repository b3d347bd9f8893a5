"""The answers themselves, one row per respondent, as the exports and the steward's page show them."""

from __future__ import annotations

from typing import Any


def local_times(times: Any) -> Any:
    """Submission times (UTC) as Swedish time, ``2024-10-01 14:03:07``, for people."""
    from linnedata.survey import LOCAL_TIME

    if times.dt.tz is None:  # a survey built by hand without a zone: UTC, as stored
        times = times.dt.tz_localize("UTC")
    return times.dt.tz_convert(LOCAL_TIME).dt.strftime("%Y-%m-%d %H:%M:%S")


def response_table(survey: Any) -> Any:
    """One row per respondent: the answers, ratings as ``betyg_<area>`` and the chosen forms."""
    responses = survey.responses.copy()
    ratings = survey.ratings.pivot(index="respondent", columns="area_id", values="betyg")
    ratings = ratings[list(dict.fromkeys(survey.ratings["area_id"]))]
    ratings.columns = [f"betyg_{area}" for area in ratings.columns]
    forms = survey.forms.groupby("respondent")["form_id"].agg(lambda f: ";".join(f))
    table = responses.merge(ratings, left_on="respondent", right_index=True, how="left")
    table["samverkansformer"] = [forms.get(r, "") for r in table["respondent"]]  # none: ""
    table["inskickad"] = local_times(table["inskickad"])
    return table
