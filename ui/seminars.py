"""Cached plans, maps and tables for the Seminarier page.

The planning itself is in ``linnedata.seminars`` and ``linnedata.researchers``; this module
caches it per choice (round, level, settings, competence list) and turns it into what the
page shows, in the chosen language.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from linnedata import export, i18n, svgmap
from linnedata import researchers as rs
from linnedata import seminars as sm
from ui import competence, data

COVERED_FILL = "#56B4E9"  # Okabe-Ito sky blue
UNCOVERED_FILL = "#D55E00"  # Okabe-Ito vermillion
SEMINAR_OPTIONS = [str(n) for n in range(1, 21)]
MIN_OPTIONS = [str(n) for n in range(1, 11)]
MAX_OPTIONS = [str(n) for n in range(2, 41)]
CAP_OPTIONS = ["ingen", *(str(n) for n in range(1, 7))]


@st.cache_resource(show_spinner=False, max_entries=16)
def preferences(round_label: str, level: str) -> sm.Preferences:
    """The interested municipalities' ranks and ratings for a round and level."""
    return sm.preferences(data.surveys()[round_label], level, data.region(), data.taxonomy())


@st.cache_resource(show_spinner=False, max_entries=16)
def demand(round_label: str, level: str) -> pd.DataFrame:
    """``linnedata.seminars.demand`` for a round and level."""
    return sm.demand(data.surveys()[round_label], level, data.region(), data.taxonomy())


def demand_table(round_label: str, level: str, lang: str) -> pd.DataFrame:
    """The demand table with translated headers and formatted numbers, for display."""
    table = demand(round_label, level)
    labels = data.items(level, lang)
    return pd.DataFrame(
        {
            i18n.t(f"niva_{level}", lang): table["topic"].map(labels),
            i18n.t("sem_kol_topp3", lang): table["antal_kommuner_topp3"],
            i18n.t("sem_kol_vill", lang): table["antal_vill_seminarium"],
            i18n.t("matt_prioriteringspoang", lang): [
                i18n.fmt_number(v, 2, lang) for v in table["prioriteringspoang"]
            ],
            i18n.t("matt_medelbetyg", lang): [
                i18n.fmt_number(v, 1, lang) for v in table["medelbetyg"]
            ],
            i18n.t("matt_andel_angelaget", lang): [
                i18n.fmt_percent(v, lang) for v in table["andel_angelaget"]
            ],
        }
    )


@st.cache_resource(show_spinner=False, max_entries=128)
def plan(round_label: str, level: str, settings: sm.Settings, lang: str) -> sm.Plan:
    """The exact plan for a choice (raises ``PlanInfeasible`` with the setting to change)."""
    return sm.plan_seminars(preferences(round_label, level), settings, data.items(level, lang))


@st.cache_resource(show_spinner=False)
def demo_researchers() -> pd.DataFrame:
    """The shipped fictional competence list."""
    return rs.demo_researchers()


@st.cache_resource(show_spinner=False, max_entries=8)
def uploaded_researchers(content: bytes) -> pd.DataFrame:
    """An uploaded competence list (raises ``InputError`` listing every problem)."""
    return rs.read_researchers(content, data.taxonomy())


def matching(
    round_label: str, level: str, settings: sm.Settings, lang: str, content: bytes | None
) -> rs.Matching:
    """Researchers matched to the plan's seminars: the competence registry's active rows
    (the fictional demo list while none is saved) when ``content`` is None."""
    return _matching(round_label, level, settings, lang, content, competence.registry_key())


@st.cache_resource(show_spinner=False, max_entries=128)
def _matching(
    round_label: str,
    level: str,
    settings: sm.Settings,
    lang: str,
    content: bytes | None,
    registry_revision: int,
) -> rs.Matching:
    people = competence.active_registry() if content is None else uploaded_researchers(content)
    return rs.match_researchers(
        plan(round_label, level, settings, lang),
        preferences(round_label, level),
        people,
        data.taxonomy(),
    )


@dataclass(frozen=True)
class SeminarView:
    """One seminar as the page shows it.

    Attributes:
        title: "Seminarium 1: Bostadsplanering (7 kommuner)".
        lines: one line per municipality ("Växjö → Bostadsplanering: prio 1").
        researchers: "Name (environment) – fits 5 of 7" lines.
        gap: the gap's text, or "".
    """

    title: str
    lines: list[str]
    researchers: list[str]
    gap: str


def seminar_views(
    the_plan: sm.Plan, the_matching: rs.Matching, level: str, lang: str
) -> list[SeminarView]:
    """The plan's seminars with their reasons and researchers, in ``lang``."""
    labels = data.items(level, lang)
    lines = sm.explain(the_plan, labels, lang)
    views = []
    for seminar in the_plan.seminars:
        label = sm.seminar_label(seminar, the_plan, labels)
        index = the_plan.placements.index[the_plan.placements["seminarium"] == seminar.number]
        found = the_matching.matches.loc[the_matching.matches["seminarium"] == seminar.number]
        people = [
            i18n.t(
                "sem_forskare_rad",
                lang,
                name=row.forskare,
                place=row.forskningsmiljo or "–",
                n=int(row.overlap),
                N=len(index),
            )
            for row in found.itertuples(index=False)
        ]
        gap = the_matching.gaps.loc[the_matching.gaps["seminarium"] == seminar.number]
        views.append(
            SeminarView(
                title=i18n.t(
                    "sem_seminarium_rubrik", lang, number=seminar.number, topic=label, n=len(index)
                ),
                lines=[lines[i] for i in index],
                researchers=people,
                gap=sm.gap_text(gap["orsak"].iloc[0], label, lang) if len(gap) else "",
            )
        )
    return views


def _svg(regions: list[svgmap.Region], label: str, legend: svgmap.Legend | None) -> str:
    return svgmap.render(
        data.boundaries(),
        data.counties(),
        regions,
        label=label,
        legend=legend,
        css_class="seminariekarta",
        max_height=520,
        font_size=40,
    )


@st.cache_resource(show_spinner=False, max_entries=128)
def wanters_svg(round_label: str, level: str, topic: str, lang: str) -> str:
    """Map: the interested municipalities with ``topic`` in their top three, by best rank."""
    prefs = preferences(round_label, level)
    wanted = sm.topic_wanters(prefs, topic).set_index("kommun_kod")["rang"]
    answered = set(data.surveys()[round_label].responses["kommun_kod"].dropna().astype(str))
    interested = set(prefs.codes)
    label = data.items(level, lang)[topic]
    regions = []
    for row in data.region().itertuples(index=False):
        code = row.kommun_kod
        if code in wanted.index:
            rank = int(wanted[code])
            fill = svgmap.colour_for(4 - rank, 1, 3)
            tip = (row.kommun, i18n.t("sem_skal_prio", lang, rank=rank))
        else:
            fill = None
            if code not in answered:
                state = i18n.t("inget_svar", lang)
            elif code not in interested:
                state = i18n.t("sem_vill_inte", lang)
            else:
                state = i18n.t("sem_inte_topp3", lang)
            tip = (row.kommun, state)
        regions.append(
            svgmap.Region(
                code=code,
                name=row.kommun,
                fill=fill,
                tooltip=tip,
                href=data.profile_link(code, round_label, lang),
            )
        )
    legend = svgmap.Legend(
        title=i18n.t("sem_karta_efterfragan_legend", lang, topic=label),
        low=1.0,
        high=3.0,
        ticks=[1.0, 2.0, 3.0],
        number_format=lambda v: str(round(4 - v)),
        missing_label=i18n.t("sem_karta_ovriga", lang),
    )
    return _svg(regions, i18n.t("sem_karta_efterfragan", lang, topic=label), legend)


@st.cache_resource(show_spinner=False, max_entries=128)
def coverage_svg(round_label: str, level: str, settings: sm.Settings, lang: str) -> str:
    """Map: interested municipalities covered by the plan's topics, and those left out."""
    the_plan = plan(round_label, level, settings, lang)
    labels = data.items(level, lang)
    placed = the_plan.placements.set_index("kommun_kod")
    uncovered = set(the_plan.uncovered)
    regions = []
    for row in data.region().itertuples(index=False):
        code = row.kommun_kod
        if code in placed.index:
            where = placed.loc[code]
            text = f"→ {labels[where['topic']]}: {sm.reason(where, lang)}"
            fill = UNCOVERED_FILL if code in uncovered else COVERED_FILL
            tip: tuple[str, ...] = (row.kommun, text)
        else:
            fill, tip = None, (row.kommun, i18n.t("sem_deltar_inte", lang))
        regions.append(
            svgmap.Region(
                code=code,
                name=row.kommun,
                fill=fill,
                tooltip=tip,
                href=data.profile_link(code, round_label, lang),
            )
        )
    return _svg(regions, i18n.t("sem_karta_tackning", lang), None)


def legend_html(items: list[tuple[str | None, str]]) -> str:
    """A one-line legend of colour swatches (None = grey and hatched) for ``st.markdown``."""
    parts = []
    for fill, text in items:
        style = (
            f"background:{fill}"
            if fill
            else f"background:repeating-linear-gradient(45deg,{svgmap.MISSING_FILL} 0 3px,#8c8c8c 3px 4px)"
        )
        parts.append(
            '<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
            f'<span style="display:inline-block;width:1em;height:1em;margin-right:.4em;'
            f'border:1px solid #888;{style}"></span>{html.escape(text)}</span>'
        )
    return "".join(parts)


def downloads(
    round_label: str,
    level: str,
    settings: sm.Settings,
    lang: str,
    content: bytes | None,
) -> tuple[bytes, bytes]:
    """The programme as XLSX (summary + one sheet per seminar) and as CSV."""
    the_plan = plan(round_label, level, settings, lang)
    the_matching = matching(round_label, level, settings, lang, content)
    sheets, flat = sm.export_tables(
        the_plan,
        data.items(level, lang),
        lang,
        round_label=round_label,
        matches=the_matching.matches,
        gaps=the_matching.gaps,
    )
    header = [i18n.t("export_kalla", lang), i18n.t("export_omgang", lang, round=round_label)]
    if data.is_demo():
        header.append(i18n.t("demo_notis", lang))
    return export.xlsx_bytes(sheets, header), export.csv_bytes(flat, header)


def problem_table(problems: list[Any], lang: str) -> pd.DataFrame:
    """Problems of an uploaded list as a table (row, column, value, what to do)."""
    return pd.DataFrame(
        [p.as_dict(lang) for p in problems], columns=["row", "column", "value", "message"]
    ).rename(
        columns={
            "row": i18n.t("sem_kol_rad", lang),
            "column": i18n.t("sem_kol_kolumn", lang),
            "value": i18n.t("sem_kol_varde", lang),
            "message": i18n.t("sem_kol_meddelande", lang),
        }
    )
