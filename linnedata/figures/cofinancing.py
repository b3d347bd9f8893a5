"""Collaboration forms and co-financing in aggregate, per region and per municipality.

- **Forms**: for each collaboration form, the share of respondents who chose it (over
  every respondent in scope) and the number of municipalities where at least one
  respondent chose it (over the municipalities with respondents).
- **Co-financing** (``medfinansiering``): for each answer (ja, kanske, nej, vet ej and
  "inte besvarat"), the share of the respondents in scope who gave it and the number of
  municipalities where at least one respondent gave it. Shares are of all respondents, so
  the answers and "inte besvarat" add up to 100 %.
"""

from __future__ import annotations

import pandas as pd

from linnedata.figures.ranks import COFINANCING_OPEN

COFINANCING_ANSWERS = ("ja", "kanske", "nej", "vet ej")
"""The answers in reading order (the survey asks ja/nej/vet ej; some tools add kanske)."""

NOT_ANSWERED = "inte_besvarat"


def _scope(responses: pd.DataFrame, code: str | None) -> pd.DataFrame:
    people = responses[["respondent", "kommun_kod", "medfinansiering"]].astype(
        {"kommun_kod": "str"}
    )
    return people if code is None else people.loc[people["kommun_kod"] == code]


def forms_summary(
    responses: pd.DataFrame, forms: pd.DataFrame, form_ids: list[str], code: str | None = None
) -> pd.DataFrame:
    """``form_id, antal_svarande, av_svarande, andel_svarande, antal_kommuner, av_kommuner``.

    Args:
        responses: ``respondent, kommun_kod`` (and ``medfinansiering``).
        forms: ``respondent, form_id``: one row per chosen form.
        form_ids: every form, in the order to report (forms nobody chose get 0).
        code: one municipality, or None for the whole table (the region).
    """
    people = _scope(responses, code)
    chosen = forms.merge(people[["respondent", "kommun_kod"]], on="respondent").drop_duplicates(
        ["respondent", "form_id"]
    )
    stats = chosen.groupby("form_id").agg(
        antal_svarande=("respondent", "nunique"), antal_kommuner=("kommun_kod", "nunique")
    )
    out = stats.reindex(form_ids).fillna(0).astype("int64").reset_index(names="form_id")
    out["av_svarande"] = len(people)
    out["av_kommuner"] = people["kommun_kod"].nunique()
    out["andel_svarande"] = out["antal_svarande"] / out["av_svarande"].where(out["av_svarande"] > 0)
    return out[
        [
            "form_id",
            "antal_svarande",
            "av_svarande",
            "andel_svarande",
            "antal_kommuner",
            "av_kommuner",
        ]
    ]


def cofinancing_summary(responses: pd.DataFrame, code: str | None = None) -> pd.DataFrame:
    """``svar, antal_svarande, av_svarande, andel_svarande, antal_kommuner, av_kommuner``:
    one row per answer of :data:`COFINANCING_ANSWERS`, then ``inte_besvarat``."""
    people = _scope(responses, code)
    answer = (
        people["medfinansiering"]
        .astype("object")
        .where(people["medfinansiering"].notna(), NOT_ANSWERED)
    )
    people = people.assign(svar=answer.astype("str").str.strip().replace("", NOT_ANSWERED))
    order = [*COFINANCING_ANSWERS, NOT_ANSWERED]
    stats = people.groupby("svar").agg(
        antal_svarande=("respondent", "nunique"), antal_kommuner=("kommun_kod", "nunique")
    )
    out = stats.reindex(order).fillna(0).astype("int64").reset_index(names="svar")
    out["av_svarande"] = len(people)
    out["av_kommuner"] = people["kommun_kod"].nunique()
    out["andel_svarande"] = out["antal_svarande"] / out["av_svarande"].where(out["av_svarande"] > 0)
    return out[
        ["svar", "antal_svarande", "av_svarande", "andel_svarande", "antal_kommuner", "av_kommuner"]
    ]


def cofinancing_map_values(responses: pd.DataFrame, region: pd.DataFrame) -> pd.DataFrame:
    """``kommun_kod, kommun, value, n``: per municipality the share of its respondents who
    answered ja or kanske to co-financing (NaN without respondents), n = its respondents."""
    people = _scope(responses, None)
    interested = people["medfinansiering"].isin(COFINANCING_OPEN).astype("float64")
    stats = (
        people.assign(_ja=interested)
        .groupby("kommun_kod")
        .agg(value=("_ja", "mean"), n=("respondent", "nunique"))
    )
    out = region[["kommun_kod", "kommun"]].merge(stats.reset_index(), on="kommun_kod", how="left")
    out["value"] = out["value"].astype("float64")
    out["n"] = out["n"].fillna(0).astype("int64")
    return out
