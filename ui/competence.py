"""Streamlit glue of the competence registry: the cached registry, the profile section, the
Kompetens page's parts, the reading room and the steward's registry panel.

Free text and the registry's names are data: shown only in table cells or ``st.text``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from linnedata import urls
from linnedata.competence import matching, search, supply
from linnedata.competence import registry as competence_list
from linnedata.errors import InputError
from linnedata.i18n import t
from linnedata.store import Store
from linnedata.views.dataset import Dataset
from ui import auth, data, lang, safe, tr
from ui import dataframe as ui_dataframe
from ui import table as ui_table
from ui.cache import cached

MAX_HITS = 100
"""The reading room shows at most this many answers at once."""


@cached(max_entries=4)
def _stored(url: str, revision: int) -> pd.DataFrame:
    return data.store().registry(revision)


@cached(max_entries=1)
def _demo() -> pd.DataFrame:
    return competence_list.demo_researchers()


def registry() -> tuple[pd.DataFrame, bool]:
    """The current registry and whether it is the shipped fictional list (none saved yet)."""
    revision = registry_key()
    if revision == 0:
        return _demo(), True
    return _stored(data.store_url(), revision), False


def registry_key() -> int:
    """A cache key that changes whenever the registry is saved (asked of the database at most
    every ``data.REVISION_CHECK_SECONDS``, at once after a save here)."""
    return data.throttled(data.store_url(), "registry", Store.registry_revision)


# --- Kommunprofil ---------------------------------------------------------------------------


@data.round_cache(max_entries=512)
def _profile_matches(
    key: data.Key,
    _data: Dataset,
    registry_revision: int,
    code: str,
    round_label: str,
    lang: str,
    _people: pd.DataFrame,
) -> tuple[pd.DataFrame | None, str]:
    """The section's table (None when nobody matches) and its gap lines, per choice."""
    survey = _data.surveys[round_label]
    challenges = matching.top_challenges(survey, code)
    found = matching.match_for(
        challenges, matching.wanted_forms(survey, code), _people, _data.taxonomy, lang
    )
    shown = matching.public_view(found, _people)
    gaps = "\n".join(matching.gaps_for(challenges, _people, _data.taxonomy, lang))
    if shown.empty:
        return None, gaps
    table = pd.DataFrame(
        {
            t("komp_kol_forskare", lang): shown["forskare"].replace("", t("komp_ej_publikt", lang)),
            t("komp_kol_miljo", lang): shown["forskningsmiljo"],
            t("komp_kol_skal", lang): shown["skal"],
            t("komp_kol_profil", lang): shown["profil"].replace("", None),
        }
    )
    return table, gaps


def profile_section(round_label: str, code: str, lang: str) -> None:
    """ "Forskare som arbetar med era viktigaste utmaningar": matches (public fields) and gaps."""
    people, is_demo = registry()
    if is_demo:  # the heading and the note that the list is invented: one element
        ui.headed(tr("komp_profil_rubrik"), tr("komp_demo_lista"))
    else:
        st.header(tr("komp_profil_rubrik"))
    table, gaps = _profile_matches(*data.current(), registry_key(), code, round_label, lang, people)
    if table is None:
        st.caption(tr("komp_profil_inga"))
    else:
        ui.html_table(table, label=tr("komp_profil_rubrik"), links=[tr("komp_kol_profil")])
    if gaps:
        st.text(gaps)


# --- Kompetens page -------------------------------------------------------------------------


def demand_supply_table(round_label: str, lang: str) -> pd.DataFrame:
    """The demand × supply table with the page's column names (cached per store and
    registry revision: it cost 0.2–1.3 s a run, docs/notes-perf.md)."""
    people = registry()[0]
    return _demand_supply(*data.current(), registry_key(), round_label, lang, people)


@data.round_cache(max_entries=64)
def _demand_supply(
    key: data.Key,
    _data: Dataset,
    registry_revision: int,
    round_label: str,
    lang: str,
    _people: pd.DataFrame,
) -> pd.DataFrame:
    table = supply.demand_supply(_data.surveys[round_label], _people, _data.taxonomy, lang)
    return table.drop(columns="area_id").rename(
        columns={c: t(f"komp_kol_{c}", lang) for c in table.columns if c != "area_id"}
    )


# --- the reading room -----------------------------------------------------------------------


@cached(max_entries=2)
def _answers(url: str, revision: int) -> pd.DataFrame:
    return search.answers_table(data.surveys())


def answers() -> pd.DataFrame:
    """Every free-text answer (readers and stewards only: call after ``auth.reader_gate``)."""
    if not auth.is_reader():  # defence in depth: a visitor never gets the free text
        return search.answers_table({})
    url, revision = data.current()[0]  # the revision asked at most every 2 s, not every run
    return _answers(url, revision)


def filters(answers: pd.DataFrame, lang: str) -> dict[str, str | None]:
    """The reading room's four filters in a row, each kept in the URL; ``None`` for "Alla".

    Returns:
        ``round_label, municipality, area, role`` — the keywords of ``search.search``.
    """
    every = {urls.EVERY: tr("lasesal_alla")}
    names = data.names()
    areas = data.items("area", lang)
    roles = sorted(r for r in answers["roll"].dropna().unique())
    cols = ui.input_row(4)
    choices = {
        "round_label": (urls.READING_ROUND, tr("omgang"), {r: r for r in data.rounds()}),
        "municipality": (urls.READING_MUNICIPALITY, tr("kolumn_kommun"), names),
        "area": (urls.READING_AREA, tr("komp_valj_omrade"), areas),
        "role": (urls.READING_ROLE, tr("komp_kol_roll"), {r: tr(f"roll_{r}") for r in roles}),
    }
    chosen = {
        name: ui.bound_select(key, {**every, **options}, urls.EVERY, label, container=col)
        for (name, (key, label, options)), col in zip(choices.items(), cols, strict=True)
    }
    return {k: None if v == urls.EVERY else v for k, v in chosen.items()}


def hits_table(hits: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Search hits with labels for codes, ready for ``st.dataframe`` (plain-text cells)."""
    areas = data.taxonomy().labels("area", lang)
    names = data.names()
    return pd.DataFrame(
        {
            tr("omgang"): hits["omgang"],
            tr("kolumn_kommun"): hits["kommun_kod"].map(lambda c: names.get(c, c)),
            tr("komp_kol_roll"): hits["roll"].map(
                lambda r: tr(f"roll_{r}") if isinstance(r, str) else "–"
            ),
            tr("komp_kol_prio"): [
                ", ".join(areas.get(a, a) for a in row if isinstance(a, str))
                for row in hits[["prio_1", "prio_2", "prio_3"]].itertuples(index=False)
            ],
            tr("komp_kol_traff"): hits["traff"],
        }
    )


# --- the steward's registry panel -----------------------------------------------------------


def steward_panel(store: Store) -> None:
    """Upload a list, edit the registry in a table, see the versions (steward only)."""
    st.caption(tr("komp_forvaltare_hjalp"))
    upload = st.file_uploader(
        tr("komp_ladda_upp"), type=["csv", "txt", "xlsx"], key="komp_registerfil"
    )
    if upload is not None:
        _save_checked(store, upload.getvalue(), "import", upload.name, "komp_spara_fil")
    key = (store.url, registry_key())
    st.subheader(tr("komp_redigera_rubrik"))
    # Column names and values in the reader's language; saved back through the list's reader.
    edited = st.data_editor(
        _readable(key, store, lang()),
        num_rows="dynamic",
        hide_index=True,
        key="komp_editor",
    )
    if st.button(tr("komp_spara_andringar"), key="komp_spara_tabell"):
        content = competence_list.list_from_readable(edited, lang())
        _save_checked(store, content, "edit", None, None)
    st.subheader(tr("komp_versioner_rubrik"))
    versions = _versions(key, store, lang())
    if versions is None:
        st.caption(tr("komp_inga_versioner"))
    else:
        ui_dataframe(versions, hide_index=True)


# The registry as the steward edits it, and its versions: made once per registry version and
# language (they were read and converted on every run of the steward's Data page: ~4 ms).


@data.round_cache(max_entries=4)
def _readable(key: tuple[str, int], _store: Store, lang: str) -> pd.DataFrame:
    return competence_list.readable_registry(_store.registry(), data.taxonomy(), lang)


@data.round_cache(max_entries=4)
def _versions(key: tuple[str, int], _store: Store, lang: str) -> pd.DataFrame | None:
    versions = _store.registry_versions()
    if versions.empty:
        return None
    versions["changes"] = versions["changes"].map(_describe_changes)
    return versions.rename(columns={c: tr(f"komp_ver_{c}") for c in versions.columns})


def _save_checked(
    store: Store, content: bytes, action: str, file_name: str | None, button: str | None
) -> None:
    """Read ``content`` with the list's own reader; save only when it has no problem."""
    try:
        table = competence_list.read_researchers(content, data.taxonomy())
    except InputError as error:
        st.error(tr("sem_fil_fel", n=len(error.errors)), icon=":material/error:")
        ui_table(pd.DataFrame({tr("komp_kol_problem"): [p.message(lang()) for p in error.errors]}))
        return
    if button is not None and not st.button(tr("komp_spara_fil", n=len(table)), key=button):
        return
    version = store.save_registry(table, user=auth.user(), action=action, file_name=file_name)
    data.forget_revisions()  # every page here shows the new registry on its next run
    st.success(tr("komp_sparad", version=version, n=len(table)), icon=":material/check:")
    removed = competence_list.removed_line(table, lang())
    if removed:
        st.info(safe(removed), icon=":material/visibility_off:")


def _describe_changes(changes: list[dict[str, object]]) -> str:
    parts = []
    for change in changes:
        fields = ", ".join(tr(f"komp_reg_kol_{f}") for f in change["fields"])  # type: ignore[union-attr]
        kind = tr(f"komp_andring_{change['change']}")
        parts.append(f"{change['forskare']}: {kind}" + (f" ({fields})" if fields else ""))
    return "; ".join(parts)


def active_registry() -> pd.DataFrame:
    """The registry's active rows (what the Seminarier page matches by default)."""
    return matching.active(registry()[0]).reset_index(drop=True)
