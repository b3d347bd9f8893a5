"""Who has answered: per invited municipality, and the response rate day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from linnedata.survey.cells import LOCAL_TIME

STATUS_COLUMNS = ["kommun_kod", "kommun", "invited", "started", "submitted"]
MAX_DAYS = 366


def as_utc(values: pd.Series) -> pd.Series:
    """Stored times as UTC timestamps (SQLite gives them back without a zone: UTC)."""
    times = pd.to_datetime(values, utc=False)
    if getattr(times.dt, "tz", None) is None:
        return times.dt.tz_localize("UTC")
    return times.dt.tz_convert("UTC")


def status(tracked: pd.DataFrame) -> pd.DataFrame:
    """Per invited municipality: kommun_kod, kommun, invited (1), started and submitted
    (how many answers begun and sent) — the CLI's ``status`` columns."""
    table = tracked.assign(invited=1)[STATUS_COLUMNS]
    return table.reset_index(drop=True)


def rate_over_time(tracked: pd.DataFrame, opens: date, until: date) -> pd.DataFrame:
    """The share of invited municipalities with a sent answer at the end of each day.

    Args:
        tracked: ``Store.questionnaire.tracking``'s table.
        opens: the first day.
        until: the last day (today, or the closing day); at most :data:`MAX_DAYS` are given.

    Returns:
        ``dag`` (date), ``kommuner`` (municipalities that have answered), ``andel`` (0–1).
    """
    invited = len(tracked)
    first = as_utc(tracked["first_submitted_at"]).dt.tz_convert(LOCAL_TIME).dt.date
    until = max(opens, min(until, opens + timedelta(days=MAX_DAYS - 1)))
    days = [opens + timedelta(days=i) for i in range((until - opens).days + 1)]
    answered = [int(sum(1 for d in first if pd.notna(d) and d <= day)) for day in days]
    return pd.DataFrame(
        {
            "dag": days,
            "kommuner": answered,
            "andel": [a / invited if invited else 0.0 for a in answered],
        }
    )
