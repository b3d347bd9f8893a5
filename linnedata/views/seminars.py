"""Seminarier: topic demand, the plan's seminars, their maps and the programme's downloads.

The planning itself is in ``linnedata.seminars`` and ``linnedata.competence.registry``; this module
turns a plan into what the page shows, in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from linnedata import export, i18n
from linnedata import seminars as sm
from linnedata.figures import disclosure, measures
from linnedata.figures.ranks import COFINANCING_OPEN
from linnedata.graphics import svgmap
from linnedata.seminars import staffing
from linnedata.views.common import export_header, profile_link
from linnedata.views.dataset import Dataset
from linnedata.views.maps import Cell, Geography, draw

COVERED_FILL = "#56B4E9"  # Okabe-Ito sky blue
UNCOVERED_FILL = "#D55E00"  # Okabe-Ito vermillion


def preferences(data: Dataset, round_label: str, level: str) -> sm.Preferences:
    """The interested municipalities' ranks and ratings for a round and level (kept)."""
    return data.memo(
        ("preferences", round_label, level),
        lambda: sm.preferences(data.surveys[round_label], level, data.region, data.taxonomy),
    )


def demand(data: Dataset, round_label: str, level: str) -> pd.DataFrame:
    """``linnedata.seminars.demand`` for a round and level (kept)."""
    return data.memo(
        ("demand", round_label, level),
        lambda: sm.demand(data.surveys[round_label], level, data.region, data.taxonomy),
    )


def demand_table(
    table: pd.DataFrame, level: str, labels: dict[str, str], lang: str
) -> pd.DataFrame:
    """The demand table with translated headers and formatted numbers, indexed by topic name."""
    shown = {
        i18n.t(f"niva_{level}", lang): table["topic"].map(labels),
        i18n.t("sem_kol_topp3", lang): table["antal_kommuner_topp3"],
        i18n.t("sem_kol_vill", lang): table["antal_vill_seminarium"],
    }
    for measure in ("prioriteringspoang", "medelbetyg", "andel_angelaget"):
        spec = measures.get(measure)
        shown[i18n.t(f"matt_{measure}", lang)] = [spec.format(v, lang) for v in table[measure]]
    return pd.DataFrame(shown).set_index(i18n.t(f"niva_{level}", lang))


@dataclass(frozen=True)
class DemandView:
    """The topic-demand section for one round, level and language.

    Attributes:
        demand: :func:`demand`'s table (the default topic of the map is its first row).
        table: :func:`demand_table`: what the page shows.
        export: ``demand`` with the topic's name (``namn``), for the download.
        interested: how many municipalities want a seminar.
        answered: the most municipalities any topic rests on.
    """

    demand: pd.DataFrame
    table: pd.DataFrame
    export: pd.DataFrame
    interested: int
    answered: int


def demand_view(data: Dataset, round_label: str, level: str, lang: str) -> DemandView:
    """The topic-demand section's table, download and counts."""
    table = demand(data, round_label, level)
    labels = data.items(level, lang)
    return DemandView(
        demand=table,
        table=demand_table(table, level, labels, lang),
        export=table.assign(namn=table["topic"].map(labels)),
        interested=len(preferences(data, round_label, level).codes),
        answered=int(table["antal_kommuner"].max()),
    )


def wanters_names(data: Dataset, round_label: str, level: str, topic: str) -> str:
    """ "Växjö (1), Alvesta (2)": who wants ``topic`` in their top three, best rank first."""
    wanters = sm.topic_wanters(preferences(data, round_label, level), topic)
    return ", ".join(f"{row.kommun} ({row.rang})" for row in wanters.itertuples(index=False))


def load_table(matching: staffing.Matching, lang: str) -> pd.DataFrame:
    """How many seminars each researcher got beside their capacity, indexed by name."""
    headers = {
        "forskare": i18n.t("sem_export_forskare", lang),
        "kapacitet": i18n.t("sem_kol_kapacitet", lang),
        "seminarier": i18n.t("sem_kol_tilldelade", lang),
    }
    return matching.load.rename(columns=headers).set_index(headers["forskare"])


@dataclass(frozen=True)
class SeminarView:
    """One seminar as the page shows it.

    Attributes:
        title: "Seminarium 1: Bostadsplanering (7 kommuner)".
        lines: one line per municipality ("Växjö → Bostadsplanering: prio 1").
        researchers: "Name (environment) – fits 5 of 7" lines.
        gap: the gap's text, or "".
        cofinancing: the group's co-financing interest ("7 av 19 svarande i gruppens
            kommuner kan tänka sig att medfinansiera (ja eller kanske)"), or "" without
            responses.
    """

    title: str
    lines: list[str]
    researchers: list[str]
    gap: str
    cofinancing: str = ""


def seminar_views(
    plan: sm.Plan,
    matching: staffing.Matching,
    labels: dict[str, str],
    lang: str,
    responses: pd.DataFrame | None = None,
) -> list[SeminarView]:
    """The plan's seminars with their reasons, researchers and — given the round's
    ``responses`` — the co-financing interest in each group's municipalities, in ``lang``."""
    lines = sm.explain(plan, labels, lang)
    views = []
    for seminar in plan.seminars:
        label = sm.seminar_label(seminar, plan, labels)
        index = plan.placements.index[plan.placements["seminarium"] == seminar.number]
        found = matching.matches.loc[matching.matches["seminarium"] == seminar.number]
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
        gap = matching.gaps.loc[matching.gaps["seminarium"] == seminar.number]
        views.append(
            SeminarView(
                title=i18n.t(
                    "sem_seminarium_rubrik", lang, number=seminar.number, topic=label, n=len(index)
                ),
                lines=[lines[i] for i in index],
                researchers=people,
                gap=sm.gap_text(gap["orsak"].iloc[0], label, lang) if len(gap) else "",
                cofinancing=_group_cofinancing(
                    responses, plan.placements.loc[index, "kommun_kod"], lang
                ),
            )
        )
    return views


def _group_cofinancing(responses: pd.DataFrame | None, codes: pd.Series, lang: str) -> str:
    """How many of the group's municipalities' respondents answered ja or kanske to
    co-financing (``COFINANCING_OPEN``, as on the co-financing map)."""
    if responses is None:
        return ""
    people = responses.loc[responses["kommun_kod"].isin(set(codes))]
    if people.empty:
        return ""
    willing = int(people["medfinansiering"].isin(COFINANCING_OPEN).sum())
    if disclosure.is_hidden(willing) or disclosure.is_hidden(len(people)):
        # the one small-numbers rule: never an answer that rests on 1 or 2 respondents
        return i18n.t("sem_medfinansiering_fa", lang, least=disclosure.MIN_COUNT)
    return i18n.t("sem_medfinansiering", lang, k=willing, n=len(people))


def wanters_map(
    data: Dataset, geography: Geography, round_label: str, level: str, topic: str, lang: str
) -> str:
    """Map: the interested municipalities with ``topic`` in their top three, by best rank."""
    prefs = preferences(data, round_label, level)
    wanted = sm.topic_wanters(prefs, topic).set_index("kommun_kod")["rang"]
    answered = set(data.surveys[round_label].responses["kommun_kod"].dropna().astype(str))
    interested = set(prefs.codes)
    label = data.items(level, lang)[topic]
    best = max(measures.RANK_POINTS.values())  # rank 1 gets the darkest colour

    def cell(code: str, name: str) -> Cell:
        if code in wanted.index:
            rank = int(wanted[code])
            fill = svgmap.colour_for(measures.RANK_POINTS[rank], 1, best)
            return Cell(fill, (name, i18n.t("sem_skal_prio", lang, rank=rank)))
        if code not in answered:
            return Cell(None, (name, i18n.t("inget_svar", lang)))
        if code not in interested:
            return Cell(None, (name, i18n.t("sem_vill_inte", lang)))
        return Cell(None, (name, i18n.t("sem_inte_topp3", lang)))

    return draw(
        geography,
        data.region,
        cell,
        lang=lang,
        label=i18n.t("sem_karta_efterfragan", lang, topic=label),
        style="seminarie",
        link=lambda code: profile_link(code, round_label, lang),
        legend=svgmap.Legend(
            title=i18n.t("sem_karta_efterfragan_legend", lang, topic=label),
            low=1.0,
            high=float(best),
            ticks=[float(p) for p in sorted(measures.RANK_POINTS.values())],
            # the bar runs from few points (rank 3) to most (rank 1): label it by rank
            number_format=lambda v: str({p: r for r, p in measures.RANK_POINTS.items()}[round(v)]),
            missing_label=i18n.t("sem_karta_ovriga", lang),
        ),
    )


def coverage_map(
    data: Dataset,
    geography: Geography,
    plan: sm.Plan,
    round_label: str,
    labels: dict[str, str],
    lang: str,
) -> str:
    """Map: interested municipalities covered by the plan's topics, and those left out."""
    placed = plan.placements.set_index("kommun_kod")
    uncovered = set(plan.uncovered)

    def cell(code: str, name: str) -> Cell:
        if code not in placed.index:
            return Cell(None, (name, i18n.t("sem_deltar_inte", lang)))
        where = placed.loc[code]
        text = f"→ {labels[where['topic']]}: {sm.reason(where, lang)}"
        return Cell(UNCOVERED_FILL if code in uncovered else COVERED_FILL, (name, text))

    return draw(
        geography,
        data.region,
        cell,
        lang=lang,
        label=i18n.t("sem_karta_tackning", lang),
        style="seminarie",
        link=lambda code: profile_link(code, round_label, lang),
    )


def downloads(
    plan: sm.Plan,
    matching: staffing.Matching,
    labels: dict[str, str],
    round_label: str,
    lang: str,
    *,
    is_demo: bool,
) -> tuple[bytes, bytes]:
    """The programme as XLSX (summary + one sheet per seminar) and as CSV, for a person in
    ``lang`` (``export.person_csv``: a score is ``3``, not ``3.0``; ``;`` in Swedish)."""
    sheets, flat = sm.export_tables(
        plan,
        labels,
        lang,
        round_label=round_label,
        matches=matching.matches,
        gaps=matching.gaps,
    )
    header = export_header(round_label, None, lang, is_demo=is_demo)
    readable = {name: export.person_table(table, lang) for name, table in sheets.items()}
    return export.xlsx_bytes(readable, header), export.person_csv(flat, lang, header)
