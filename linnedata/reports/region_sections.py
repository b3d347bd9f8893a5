"""The Regionrapport's own sections: who answered, the themes and areas ranked by mean
rating, and the mean rating per respondent role (see :func:`linnedata.reports.pdf.region_report`).
"""

from __future__ import annotations

import pandas as pd

from linnedata import i18n, seminars
from linnedata.figures import measures, roles
from linnedata.reports.typeset import Paragraph, Section, Table
from linnedata.survey import ROLES, Survey
from linnedata.taxonomy import Taxonomy
from linnedata.views.common import is_small, marked
from linnedata.views.dataset import Dataset

RATING = measures.get("medelbetyg")
POINTS = measures.get("prioriteringspoang")


def coverage_section(dataset: Dataset, round_label: str, lang: str) -> Section:
    """Who answered: n of N municipalities, the respondents, who did not answer."""
    cover = dataset.coverage(round_label)
    text = i18n.t(
        "rapport_tackning_text",
        lang,
        answered=cover.answered,
        invited=cover.invited,
        respondents=cover.respondents,
        missing=", ".join(cover.missing_names) or i18n.t("rapport_inget", lang),
    )
    return Section(i18n.t("rapport_tackning", lang), (Paragraph(text),))


def themes_section(dataset: Dataset, round_label: str, lang: str) -> Section:
    """The themes, highest mean rating first."""
    names = dataset.items("theme", lang)
    rows = tuple(
        _ranked_cells(row, names[row.id], lang) for row in ranked(dataset, round_label, "theme")
    )
    table = Table(_ranked_header(lang, "rapport_kolumn_tema"), rows, (70, 35, 35, 35))
    return Section(i18n.t("rapport_teman_rankade", lang), (table,))


def areas_section(
    survey: Survey,
    region: pd.DataFrame,
    taxonomy: Taxonomy,
    areas: list,
    labels: dict[str, str],
    lang: str,
) -> Section:
    """The areas, highest mean rating first, with how many municipalities have each in
    anyone's top three and how many of those want a seminar."""
    demand = seminars.demand(survey, "area", region, taxonomy).set_index("topic")
    header = (
        *_ranked_header(lang, "rapport_kolumn_omrade"),
        i18n.t("rapport_kolumn_topp3", lang),
        i18n.t("rapport_kolumn_vill_seminarium", lang),
    )
    rows = tuple(
        (
            *_ranked_cells(row, labels[row.id], lang),
            str(row.antal_kommuner_topp3),
            str(demand.loc[row.id, "antal_vill_seminarium"]),
        )
        for row in areas
    )
    return Section(
        i18n.t("rapport_omraden_rankade", lang),
        (
            Table(header, rows, (46, 20, 26, 20, 36, 30)),
            Paragraph(i18n.t("rapport_seminarier_not", lang), "note"),
        ),
    )


def ranked(dataset: Dataset, round_label: str, level: str) -> list:
    """The region's figures of a level, highest mean rating first (``id`` = the item)."""
    key = f"{level}_id"
    table = dataset.region_figures(round_label, level).rename(columns={key: "id"})
    return list(
        table.sort_values(RATING.id, ascending=False, kind="stable").itertuples(index=False)
    )


def _ranked_header(lang: str, item_key: str) -> tuple[str, ...]:
    return (
        i18n.t(item_key, lang),
        i18n.t("rapport_kolumn_medelbetyg", lang),
        i18n.t("rapport_kolumn_kommuner", lang),
        i18n.t("rapport_kolumn_prio", lang),
    )


def _ranked_cells(row: object, label: str, lang: str) -> tuple[str, ...]:
    """Label, mean rating (marked when few municipalities), its n, priority points."""
    n = getattr(row, RATING.group_n_column)
    rating = marked(RATING.format(row.medelbetyg, lang), is_small(n, "kommuner"))
    return (label, rating, str(n), POINTS.format(row.prioriteringspoang, lang))


def roles_section(
    survey: Survey,
    taxonomy: Taxonomy,
    area_ids: list[str],
    labels: dict[str, str],
    lang: str,
) -> tuple[Section, ...]:
    """Mean rating per respondent role for the top areas; small cells suppressed (``..``)."""
    cells = roles.role_cells(survey.responses, survey.ratings, RATING.id, "area_id", taxonomy)
    whole = cells.loc[cells["omfang"] == roles.REGION].set_index(["id", "roll"])
    present = [r for r in ROLES if r in set(whole.index.get_level_values("roll"))]
    if not present:
        return ()
    rows = []
    for area_id in area_ids:
        row = [labels[area_id]]
        for role in present:
            if (area_id, role) not in whole.index or whole.loc[(area_id, role), "undertryckt"]:
                row.append("..")
            else:
                cell = whole.loc[(area_id, role)]
                row.append(f"{RATING.format(cell['value'], lang)} ({int(cell['n'])})")
        rows.append(tuple(row))
    header = (i18n.t("rapport_kolumn_omrade", lang), *(i18n.t(f"roll_{r}", lang) for r in present))
    table = Table(header, tuple(rows), (2 * len(present) / 3 + 0.5, *([1.0] * len(present))))
    note = Paragraph(i18n.t("rapport_roller_not", lang), "note")
    return (Section(i18n.t("rapport_roller", lang), (table, note)),)
