"""The steward's Enkät page: who has answered, on a map, in a table and over time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from linnedata import i18n
from linnedata.graphics.charts import BLUE, FONT, TICKS, day_axis, separators
from linnedata.questionnaire import tracking
from linnedata.views.maps import Cell, Geography, draw

SENT_FILL = "#0072B2"  # Okabe-Ito blue: has sent an answer
STARTED_FILL = "#E69F00"  # Okabe-Ito orange: has begun (a draft)


LINE_KEYS = {
    "svarat": "enkat_lage_svarat",
    "paborjat": "enkat_lage_paborjat",
    "inget": "enkat_lage_inget",
}
NAME_KEYS = {
    "svarat": "enkat_lage_namn_svarat",
    "paborjat": "enkat_lage_namn_paborjat",
    "inget": "enkat_lage_namn_inget",
}


def state(started: int, submitted: int) -> str:
    """``svarat``, ``paborjat`` or ``inget``: a municipality's answer state."""
    return "svarat" if submitted else "paborjat" if started else "inget"


def response_map(geography: Geography, tracked: pd.DataFrame, lang: str) -> str:
    """The invited municipalities: blue where an answer is sent, orange where one is begun,
    grey and hatched where nothing is; hover says which and how many."""
    cells = {}
    for row in tracked.itertuples():
        now = state(row.started, row.submitted)
        line = i18n.t(LINE_KEYS[now], lang, n=row.submitted, m=row.started)
        fill = {"svarat": SENT_FILL, "paborjat": STARTED_FILL}.get(now)
        cells[row.kommun_kod] = Cell(fill, (row.kommun, line))
    return draw(
        geography,
        tracked[["kommun_kod", "kommun"]],
        cells,
        label=i18n.t("enkat_karta_namn", lang),
        style="tackning",
        link=None,
        lang=lang,
    )


def tracking_table(tracked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per municipality, translated headers: name, code, state, begun, sent, reminded."""
    reminded = pd.to_datetime(tracked["reminded_at"], utc=True)
    return pd.DataFrame(
        {
            i18n.t("enkat_kol_kommun", lang): tracked["kommun"],
            i18n.t("enkat_kol_kod", lang): tracked["kommun_kod"],
            i18n.t("enkat_kol_lage", lang): [
                i18n.t(NAME_KEYS[state(s, n)], lang)
                for s, n in zip(tracked["started"], tracked["submitted"], strict=True)
            ],
            i18n.t("enkat_kol_paborjade", lang): tracked["started"],
            i18n.t("enkat_kol_skickade", lang): tracked["submitted"],
            i18n.t("enkat_kol_paminnd", lang): [
                "" if pd.isna(t) else t.strftime("%Y-%m-%d") for t in reminded
            ],
            i18n.t("enkat_kol_kontakt", lang): [
                i18n.t("svar_ja" if c else "svar_nej", lang) for c in tracked["has_contact"]
            ],
        }
    )


def rate_figure(rate: pd.DataFrame, lang: str) -> go.Figure:
    """The response rate (share of invited municipalities with a sent answer) per day."""
    percent = [round(100 * v, 1) for v in rate["andel"]]
    figure = go.Figure(
        go.Scatter(
            x=[d.isoformat() for d in rate["dag"]],
            y=percent,
            mode="lines+markers",
            line=dict(color=BLUE, width=3),
            customdata=[
                (i18n.fmt_day(d, lang, year=True), n)
                for d, n in zip(rate["dag"], rate["kommuner"], strict=True)
            ],
            hovertemplate="%{customdata[0]}: %{y} % (%{customdata[1]})<extra></extra>",
        )
    )
    figure.update_layout(
        font=FONT,
        separators=separators(lang),
        height=280,
        margin=dict(l=10, r=10, t=10, b=10),
        yaxis=dict(title=i18n.t("enkat_svarsfrekvens_axel", lang), range=[0, 100], tickfont=TICKS),
        xaxis=day_axis(rate["dag"], lang),
        plot_bgcolor="white",
    )
    return figure


@dataclass(frozen=True)
class TrackingView:
    """Everything the tracking panel shows of one round's answers, in one language: made
    once per answers and language (``ui.questionnaire_steward``), read-only."""

    invited: int
    started: int
    answered: int
    response_map: str
    rate: go.Figure
    rate_name: str
    """The rate chart's accessible name (and the caption under it)."""
    rate_table: pd.DataFrame
    """The rate chart's values (WCAG 1.1.1), headers and numbers in the language."""
    table: pd.DataFrame
    """:func:`tracking_table`."""


def tracking_view(
    geography: Geography,
    tracked: pd.DataFrame,
    opens: date,
    until: date,
    lang: str,
) -> TrackingView:
    """The tracking panel's view of ``tracked`` (``Store.questionnaire.tracking``'s table).
    ``until`` is the rate's last day (today, or the closing day).
    """
    rate = tracking.rate_over_time(tracked, opens, until)
    last = rate.iloc[-1]
    rate_name = i18n.t("enkat_svarsfrekvens_alt", lang, n=int(last["kommuner"]),
                       N=len(tracked), day=str(last["dag"]))  # fmt: skip
    rate_table = pd.DataFrame(
        {
            i18n.t("tabell_dag", lang): [d.isoformat() for d in rate["dag"]],
            i18n.t("kommuner_svarat", lang): rate["kommuner"],
            i18n.t("enkat_svarsfrekvens_axel", lang): [
                i18n.fmt_number(100 * v, 1, lang) for v in rate["andel"]
            ],
        }
    )
    return TrackingView(
        invited=len(tracked),
        started=int((tracked["started"] > 0).sum()),
        answered=int((tracked["submitted"] > 0).sum()),
        response_map=response_map(geography, tracked, lang),
        rate=rate_figure(rate, lang),
        rate_name=rate_name,
        rate_table=rate_table,
        table=tracking_table(tracked, lang),
    )
