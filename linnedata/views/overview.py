"""Översikt: the region's themes or areas ranked by a measure, and who answered."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from linnedata import i18n
from linnedata.figures import measures, sentences
from linnedata.graphics import charts
from linnedata.views.common import key_of
from linnedata.views.dataset import Dataset


@dataclass(frozen=True)
class OverviewView:
    """The Översikt page for one choice.

    Attributes:
        ranking: ``sentences.ranked_items`` output plus ``previous`` (the previous
            round's value) when there is a previous round.
        figure: the ranked bars.
        sentence: the chart's text alternative.
        change: the largest rise and fall since the previous round ("" for the first).
        top: the label of the highest-ranked item with a value ("–" when none).
        export: ``ranking`` with the headers of the download.
        table: the chart's values as a table to show (formatted, n beside, translated
            headers), its on-page text alternative.
        previous: the previous round's label, or None.
        coverage: who answered in the round.
        previous_coverage: who answered in the previous round, or None.
    """

    ranking: pd.DataFrame
    figure: go.Figure
    sentence: str
    change: str
    top: str
    export: pd.DataFrame
    table: pd.DataFrame
    previous: str | None
    coverage: sentences.Coverage
    previous_coverage: sentences.Coverage | None


def ranking(
    figures: pd.DataFrame,
    previous_figures: pd.DataFrame | None,
    key: str,
    measure: str,
    labels: dict[str, str],
) -> pd.DataFrame:
    """Group figures ranked by a measure, with the previous round's value beside.

    Args:
        figures: a ``group_measures`` table of one group (the region) for the round.
        previous_figures: the same for the previous round, or None.
        key: ``"area_id"`` or ``"theme_id"``.
        measure: the measure to rank by.
        labels: ``{id: label}``.

    Returns:
        ``key, label, <measure>, antal_kommuner`` and, with a previous round, ``previous``.
    """
    table = sentences.ranked_items(figures, key, measure, labels)
    if previous_figures is not None:
        table["previous"] = table[key].map(previous_figures.set_index(key)[measure])
    return table


def ranked_figure(
    table: pd.DataFrame,
    key: str,
    measure: str,
    round_label: str,
    previous: str | None,
    lang: str,
) -> go.Figure:
    """The ranked bars of a :func:`ranking` table."""
    spec = measures.get(measure)
    bars = pd.DataFrame(
        {
            "label": table["label"],
            "value": table[measure],
            "previous": table["previous"] if previous else float("nan"),
            "n": table["antal_kommuner"],
            "n_text": [i18n.t("vilar_pa_kommuner", lang, n=n) for n in table["antal_kommuner"]],
        }
    )
    return charts.ranked_bars(
        bars,
        value_label=i18n.t(f"matt_{measure}", lang),
        number_format=lambda v: spec.format(v, lang),
        current_name=round_label,
        previous_name=previous,
        lang=lang,
        value_range=spec.range(key),
    )


def shown_table(
    table: pd.DataFrame, level: str, measure: str, round_label: str, previous: str | None, lang: str
) -> pd.DataFrame:
    """A :func:`ranking` table as the page shows it: item, value (and last round's), n.

    The item names are the index (a table's row headers); missing values are "–".
    """
    spec = measures.get(measure)
    name = i18n.t(f"matt_{measure}", lang)
    shown = pd.DataFrame(
        {f"{name}, {round_label}": [spec.format(v, lang) for v in table[measure]]},
        index=pd.Index(table["label"], name=i18n.t(f"niva_{level}", lang)),
    )
    if previous:
        shown[f"{name}, {previous}"] = [spec.format(v, lang) for v in table["previous"]]
    shown[i18n.t("export_n_kommuner", lang).capitalize()] = table["antal_kommuner"].to_numpy()
    return shown


def overview(data: Dataset, round_label: str, level: str, measure: str, lang: str) -> OverviewView:
    """The Översikt page's view for a round, level and measure."""
    key = key_of(level)
    spec = measures.get(measure)
    previous = data.previous_round(round_label)
    table = ranking(
        data.region_figures(round_label, level),
        data.region_figures(previous, level) if previous else None,
        key,
        measure,
        data.items(level, lang),
    )
    valued = table.dropna(subset=[measure])
    change = ""
    if previous:
        change = sentences.change_sentence(
            table, measure, previous, lambda v: spec.format_change(v, lang), lang
        )
    return OverviewView(
        ranking=table,
        figure=ranked_figure(table, key, measure, round_label, previous, lang),
        sentence=sentences.ranking_sentence(table, measure, lambda v: spec.format(v, lang), lang),
        change=change,
        top=valued["label"].iloc[0] if len(valued) else "–",
        export=table.rename(
            columns={"label": i18n.t("kolumn_namn", lang), "previous": f"{measure}_{previous}"}
        ),
        table=shown_table(table, level, measure, round_label, previous, lang),
        previous=previous,
        coverage=data.coverage(round_label),
        previous_coverage=data.coverage(previous) if previous else None,
    )
