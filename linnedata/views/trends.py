"""Över tid och per roll: one area's or theme's figure over every round, by respondent role,
and the collaboration forms and co-financing wanted, for the region or one municipality.

The figures come from :mod:`linnedata.reports` (the PDF reports show the same): the trend
from :func:`~linnedata.figures.trends.trend`, the roles from
:func:`~linnedata.figures.roles.role_cells` (cells resting on fewer than three respondents are
never shown), the forms and co-financing from :mod:`linnedata.figures.cofinancing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from linnedata import i18n
from linnedata.figures import cofinancing, disclosure, measures, roles, trends
from linnedata.graphics import charts, svgmap
from linnedata.survey import ROLES
from linnedata.views import maps
from linnedata.views.common import key_of, profile_link
from linnedata.views.dataset import Dataset

SUPPRESSED = disclosure.HIDDEN
"""What a cell hidden to protect a small group shows (SCB's mark)."""


@dataclass(frozen=True)
class TrendsView:
    """What the page shows for one choice.

    Attributes:
        heading: "Bostäder – medelbetyg (1–5), Växjö och regionen, alla omgångar".
        figure: lines over the rounds (the region's, and the municipality's when chosen).
        sentence: the figure in words (first and last round, with n), its text alternative.
        trend: the table behind the figure, with n in every row.
        roles: the item's figure per respondent role (``..`` where suppressed), for the
            region and, when chosen, the municipality; empty when no role was given.
        forms: every collaboration form: respondents (n of N, share) and municipalities.
        cofinancing: every co-financing answer, the same way.
    """

    heading: str
    figure: go.Figure
    sentence: str
    trend: pd.DataFrame
    roles: pd.DataFrame
    forms: pd.DataFrame
    cofinancing: pd.DataFrame


def trends_view(
    data: Dataset, code: str | None, level: str, item_id: str, measure: str, lang: str
) -> TrendsView:
    """The view of ``item_id`` (an area or theme) for municipality ``code`` (None: the region)."""
    key, spec = key_of(level), measures.get(measure)
    per_round = {label: data.per_municipality(label, level) for label in data.surveys}
    table = trends.trend(per_round, key, measure, code, list(data.region["kommun_kod"]))
    table = table.loc[table["id"] == item_id].reset_index(drop=True)
    names, item = data.names, data.items(level, lang)[item_id]
    where = i18n.t("trend_kommun_och_region", lang, name=names[code]) if code else None
    heading = i18n.t(
        "trend_rubrik",
        lang,
        item=item,
        measure=i18n.t(f"matt_{measure}", lang).lower(),
        where=where or i18n.t("trend_regionen", lang),
    )
    latest = trends.round_order(data.surveys)[-1]
    survey = data.surveys[latest]
    return TrendsView(
        heading=heading,
        figure=_figure(table, spec, names.get(code or "", ""), code is not None, lang),
        sentence=_sentence(table, spec, code is not None, lang),
        trend=_trend_table(
            table, spec, names.get(code or "", ""), code is not None, lang
        ).set_index(i18n.t("trend_kol_omgang", lang)),
        roles=_roles(data, key, item_id, measure, code, lang),
        forms=_shares(
            cofinancing.forms_summary(survey.responses, survey.forms, data.taxonomy.form_ids, code),
            [data.taxonomy.label("form", f, lang) for f in data.taxonomy.form_ids],
            "trend_kol_form",
            lang,
        ),
        cofinancing=_shares(
            cofinancing.cofinancing_summary(survey.responses, code),
            [
                i18n.t(f"svar_{a}", lang)
                for a in [*cofinancing.COFINANCING_ANSWERS, cofinancing.NOT_ANSWERED]
            ],
            "trend_kol_svar",
            lang,
        ),
    )


def _figure(
    table: pd.DataFrame, spec: measures.Measure, name: str, own: bool, lang: str
) -> go.Figure:
    figure = go.Figure()
    lines = [("region", i18n.t("trend_regionen", lang), "#5a6472", "dash", "trend_kommuner")]
    if own:
        lines.append(("kommun", name, "#005A8C", "solid", "trend_svarande"))
    for scope, label, colour, dash, unit in lines:
        n = table[f"{scope}_n"]
        figure.add_trace(
            go.Scatter(
                x=table["omgang"],
                y=table[f"{scope}_varde"],
                name=label,
                mode="lines+markers+text",
                line={"color": colour, "dash": dash, "width": 3},
                marker={"size": 9},
                text=[spec.format(v, lang) for v in table[f"{scope}_varde"]],
                textposition="top center",
                textfont={"color": "#1a1c23", "size": 13},
                customdata=[i18n.t(unit, lang, n=int(k)) for k in n],
                hovertemplate="%{x}: %{text} (%{customdata})<extra>" + label + "</extra>",
            )
        )
    low, high = spec.range("area_id")
    figure.update_layout(
        height=340,
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
        separators=charts.separators(lang),
        legend={"orientation": "h", "y": -0.2},
        xaxis={"type": "category", "tickfont": {"color": "#1a1c23"}},
        yaxis={
            "range": [low, high * 1.08] if not spec.percent else [0, 1.08],
            "tickformat": ".0%" if spec.percent else None,
            "tickfont": {"color": "#1a1c23"},
        },
        plot_bgcolor="white",
    )
    return figure


def _sentence(table: pd.DataFrame, spec: measures.Measure, own: bool, lang: str) -> str:
    if table.empty:
        return i18n.t("trend_inga_omgangar", lang)
    scope, unit = ("kommun", "trend_svarande") if own else ("region", "trend_kommuner")
    first, last = table.iloc[0], table.iloc[-1]
    return i18n.t(
        "trend_mening",
        lang,
        rounds=len(table),
        first=first["omgang"],
        first_value=spec.format(first[f"{scope}_varde"], lang),
        first_n=i18n.t(unit, lang, n=int(first[f"{scope}_n"])),
        last=last["omgang"],
        last_value=spec.format(last[f"{scope}_varde"], lang),
        last_n=i18n.t(unit, lang, n=int(last[f"{scope}_n"])),
    )


def _trend_table(
    table: pd.DataFrame, spec: measures.Measure, name: str, own: bool, lang: str
) -> pd.DataFrame:
    shown = {
        i18n.t("trend_kol_omgang", lang): table["omgang"],
        i18n.t("trend_regionen", lang): [spec.format(v, lang) for v in table["region_varde"]],
        i18n.t("trend_kol_kommuner", lang): table["region_n"],
    }
    if own:
        shown[name] = [spec.format(v, lang) for v in table["kommun_varde"]]
        shown[i18n.t("trend_kol_svarande", lang)] = table["kommun_n"]
    return pd.DataFrame(shown)


def _roles(
    data: Dataset, key: str, item_id: str, measure: str, code: str | None, lang: str
) -> pd.DataFrame:
    """One row per role present in the region: the region's (and the municipality's)
    figure with n, or ``..`` where the cell is suppressed (fewer than three respondents)."""
    survey = data.surveys[trends.round_order(data.surveys)[-1]]
    cells = roles.role_cells(survey.responses, survey.ratings, measure, key, data.taxonomy)
    cells = cells.loc[cells["id"] == item_id].set_index(["omfang", "roll"])
    spec = measures.get(measure)
    scopes = [(roles.REGION, i18n.t("trend_regionen", lang))]
    if code:
        scopes.append((code, data.names[code]))
    rows = []
    for role in ROLES:
        if (roles.REGION, role) not in cells.index:
            continue
        row = {i18n.t("trend_kol_roll", lang): i18n.t(f"roll_{role}", lang)}
        for scope, label in scopes:
            cell = cells.loc[(scope, role)] if (scope, role) in cells.index else None
            if cell is None or bool(cell["undertryckt"]):
                row[label] = SUPPRESSED
            else:
                row[label] = f"{spec.format(cell['value'], lang)} (n = {int(cell['n'])})"
        rows.append(row)
    first = i18n.t("trend_kol_roll", lang)
    return pd.DataFrame(rows).set_index(first) if rows else pd.DataFrame()


def _shares(table: pd.DataFrame, labels: list[str], first: str, lang: str) -> pd.DataFrame:
    """Forms or co-financing answers as shown: label, respondents "k av n", share,
    municipalities. A row resting on 1 or 2 respondents (or a scope of 1 or 2) shows
    ``..`` (the one small-numbers rule, :mod:`linnedata.figures.disclosure`)."""
    rows = list(table.itertuples(index=False))
    hidden = [
        disclosure.is_hidden(int(r.antal_svarande)) or disclosure.is_hidden(int(r.av_svarande))
        for r in rows
    ]
    return pd.DataFrame(
        {
            i18n.t(first, lang): labels,
            i18n.t("trend_kol_andel_svarande", lang): [
                SUPPRESSED
                if hide
                else i18n.t(
                    "trend_av",
                    lang,
                    k=int(r.antal_svarande),
                    n=int(r.av_svarande),
                    share=i18n.fmt_percent(r.andel_svarande, lang),
                )
                for r, hide in zip(rows, hidden, strict=True)
            ],
            i18n.t("trend_kol_kommuner_med", lang): [
                SUPPRESSED if hide else f"{int(r.antal_kommuner)} / {int(r.av_kommuner)}"
                for r, hide in zip(rows, hidden, strict=True)
            ],
        }
    ).set_index(i18n.t(first, lang))


def cofinancing_map(data: Dataset, geography: maps.Geography, lang: str) -> tuple[str, str]:
    """The latest round's map of co-financing interest (the share of each municipality's
    respondents answering ja or kanske, with n) and its sentence in words."""
    latest = trends.round_order(data.surveys)[-1]
    values = cofinancing.cofinancing_map_values(data.surveys[latest].responses, data.region)
    label = i18n.t("trender_medfinansiering_karta", lang, round=latest)

    def tooltip(row: object) -> list[str]:
        share = i18n.fmt_percent(row.value, lang)  # type: ignore[attr-defined]
        return [row.kommun, i18n.t("trend_andel_n", lang, share=share, n=int(row.n))]  # type: ignore[attr-defined]

    svg = maps.draw(
        geography,
        data.region,
        maps.value_cells(values, 0.0, 1.0, tooltip, lambda v: i18n.fmt_percent(v, lang)),
        label=label,
        style="karta",
        link=lambda code: profile_link(code, latest, lang),
        legend=svgmap.Legend(
            title=label,
            low=0.0,
            high=1.0,
            ticks=[0.0, 0.25, 0.5, 0.75, 1.0],
            number_format=lambda v: i18n.fmt_percent(v, lang),
            missing_label=i18n.t("inget_svar", lang),
        ),
        lang=lang,
    )
    answered = values.dropna(subset=["value"])
    sentence = i18n.t(
        "trender_medfinansiering_mening",
        lang,
        some=int((answered["value"] > 0).sum()),
        n=len(answered),
        none=len(values) - len(answered),
    )
    return svg, sentence
