"""The Data page's panels: published rounds, upload → review → publish, replace/delete, log.

Only :func:`rounds_overview` is for everyone (municipality-level counts); every other panel is
drawn by the page only for a steward (see ``ui.auth``). Free text is shown only as table cells
(``st.dataframe``), never as Markdown or HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from linnedata import export, importing, rounds
from linnedata.figures import measures
from linnedata.store import Store, StoreError, sha256
from linnedata.survey import Inspection, Survey
from ui import a11y, auth, data, importer, lang, num, say, tr
from ui import dataframe as ui_dataframe
from ui import safe as ui_safe
from ui import table as ui_table

# The upload limit (MB) is server.maxUploadSize in .streamlit/config.toml.
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "ods", "zip"]  # zip: Google Forms' .csv.zip
_REFUSED = "_steward_refused"
_MESSAGE = "_steward_message"
_GENERATION = "_steward_upload_generation"
_ERROR = "_steward_error"
_SHOWN = "_steward_error_shown"  # the store error already shown in this run
FLASH_FOCUS = "status"
"""Where focus goes after publish, replace or delete: the message :func:`flash` shows."""
TABS = "data_flik"
"""The state key of the Data page's tabs (the open tab's label; ``pages/data.py``)."""


def _date(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value or "")


def guarded(panel: Callable[[Store], None]) -> Callable[[Store], None]:
    """A panel that shows a store refusal or fault (read-only, full, deleted, corrupt …) as
    its message with ``st.error`` instead of a traceback."""

    @functools.wraps(panel)
    def run(store: Store) -> None:
        try:
            panel(store)
        except StoreError as error:
            message = error.message(lang())
            if message != st.session_state.get(_SHOWN):  # once per run, not once per panel
                st.error(message, icon=":material/database:")
                st.session_state[_SHOWN] = message

    return run


@guarded
def rounds_overview(store: Store) -> None:
    """The published rounds: label, when, how many responses and municipalities (for everyone)."""
    shown = _rounds_shown(_key(store), store, lang())
    if shown is None:
        st.info(tr("data_inga_omgangar"), icon=":material/info:")
        return
    ui_dataframe(shown, hide_index=True, width="stretch")


def _key(store: Store) -> data.Key:
    """``(store url, revision of the rounds)``, asked of the database at most every
    ``data.REVISION_CHECK_SECONDS`` (at once after a change in this process)."""
    return store.url, data.throttled(store.url, "rounds", Store.revision)


@data.round_cache(max_entries=8)
def _rounds_shown(key: data.Key, _store: Store, lang: str) -> pd.DataFrame | None:
    """The overview's table (None without rounds), made once per revision and language."""
    table = _store.rounds()
    if table.empty:
        return None
    return pd.DataFrame(
        {
            tr("data_kol_omgang"): table["label"],
            tr("data_kol_publicerad"): [_date(v) for v in table["published_at"]],
            tr("data_kol_svar"): table["n_responses"],
            tr("data_kol_kommuner"): table["n_municipalities"],
        }
    )


@data.round_cache(max_entries=2)
def _labels(key: data.Key, _store: Store) -> list[str]:
    return _store.labels()


@data.round_cache(max_entries=8)
def _responses(
    key: data.Key, _store: Store, label: str, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A round's individual responses (the survey contract's columns) and the steward's
    reading of them, made once per revision, round and language (loading a round and
    tabulating it was ~15 ms a run of the Data page; docs/notes-steward-cpu.md)."""
    from linnedata.figures.responses import response_table

    responses = response_table(_store.load(label))
    return responses, shown_responses(responses)


def flash() -> None:
    """Show the message left by the last publish, replace or delete (until the next upload)."""
    error = st.session_state.pop(_ERROR, None)
    st.session_state[_SHOWN] = error
    if error:
        st.error(ui_safe(error), icon=":material/error:")
    message = st.session_state.get(_MESSAGE)
    if message:
        st.success(ui_safe(message), icon=":material/check_circle:")


# --- the import review (ui.importer, issue 5) ----------------------------------------------------


def review(
    data_bytes: bytes, file_name: str, *, round_label: str, store: Store
) -> tuple[Inspection, Survey | None]:
    """How the upload reads (detection, column mapping with the store's profiles, validation
    report) via ``ui.importer.review``; the inspection, and the Survey when it can be published. A file that
    cannot is logged as refused and its raw copy kept (once per session)."""
    found, survey = importer.review_found(
        data_bytes, file_name, round_label=round_label, profiles=store, key="import"
    )
    if survey is None and _first_time(data_bytes, round_label):
        # the log records the very inspection the steward was shown
        importing.refuse(store, data_bytes, found, user=auth.user(), round_label=round_label)
        data.forget_revisions()  # the log shows the refusal on this run
    return found, survey


def _first_time(data_bytes: bytes, round_label: str) -> bool:
    """True once per session, file and round: a refusal is logged once, not on every rerun."""
    refused = st.session_state.setdefault(_REFUSED, set())
    marker = (sha256(data_bytes), round_label)
    if marker in refused:
        return False
    refused.add(marker)
    return True


# --- the panels (steward only) ------------------------------------------------------------------


@guarded
def upload_panel(store: Store) -> None:
    """Upload → validation report → preview of the measures → publish as a round."""
    # A new key after each publish gives an empty uploader (a widget's file cannot be reset).
    generation = st.session_state.setdefault(_GENERATION, 0)
    uploaded = st.file_uploader(
        tr("data_ladda_upp"), type=UPLOAD_TYPES, key=f"data_upload_{generation}"
    )
    if uploaded is None:
        st.caption(tr("data_ladda_upp_hjalp"))
        return
    st.session_state.pop(_MESSAGE, None)
    data_bytes = uploaded.getvalue()
    digest = sha256(data_bytes)
    round_label = _round_label(uploaded.name, digest)
    if not round_label:
        st.info(tr("data_omgang_saknas"), icon=":material/edit:")
        return
    duplicate = importing.duplicate_of(store, data_bytes, uploaded.name)
    if duplicate is not None:
        if _first_time(data_bytes, f"duplicate:{round_label}"):
            importing.log_duplicate(
                store, data_bytes, duplicate, user=auth.user(), round_label=round_label
            )
            data.forget_revisions()
        st.error(ui_safe(duplicate.message(lang())), icon=":material/content_copy:")
        return
    found, survey = review(data_bytes, uploaded.name, round_label=round_label, store=store)
    if survey is None:
        return
    _preview(survey)
    exists = survey.round in store.labels()
    replace = False
    if exists:
        st.warning(say("data_omgang_finns", round=survey.round), icon=":material/warning:")
        replace = st.checkbox(say("data_ersatt_bekrafta", round=survey.round), key="data_replace")
    confirmed = rounds.is_year(survey.round) or st.checkbox(
        say("data_omgang_inte_ar", round=survey.round), key=f"data_not_year_{digest[:16]}"
    )
    label = tr("data_ersatt_knapp" if exists else "data_publicera", round=survey.round)
    # Publishing runs in the button's callback, before the next script run starts: a rerun
    # that interrupts the page cannot cut it off between the database and the message.
    st.button(
        label,
        type="primary",
        disabled=(exists and not replace) or not confirmed,
        key="data_publish",
        on_click=_publish,
        args=(store, found, survey, data_bytes, replace),
    )


def _round_label(file_name: str, digest: str) -> str:
    """The round field, normalised (``linnedata.rounds``). Keyed by the file's checksum, so a
    new file starts from its own suggested label, never the previous (refused) file's."""
    typed = st.text_input(
        tr("data_omgang_namn"),
        value=rounds.suggest(file_name),
        max_chars=rounds.MAX_LENGTH,
        key=f"data_round_label_{digest[:16]}",
    )
    return rounds.normalise(typed)


def _publish(
    store: Store, found: Inspection, survey: Survey, data_bytes: bytes, replace: bool
) -> None:
    """on_click of Publish: store the round, drop the caches, reset the uploader, say so."""
    a11y.focus_next_run(FLASH_FOCUS)
    try:
        result = importing.publish(
            store, data_bytes, found, user=auth.user(), round_label=survey.round, replace=replace
        )
    except StoreError as error:
        st.session_state[_ERROR] = error.message(lang())
        return
    data.invalidate()
    st.session_state[_MESSAGE] = tr(
        "data_publicerad" if result.action == "publish" else "data_ersatt",
        round=result.round_label,
        responses=result.responses,
        municipalities=result.municipalities,
    )
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def _preview(survey: Survey) -> None:
    """The round's figures before publishing: counts and the region's theme measures."""
    municipalities = survey.responses["kommun_kod"].dropna().nunique()
    columns = st.columns(3)
    columns[0].metric(tr("data_kol_svar"), len(survey.responses))
    columns[1].metric(tr("data_kol_kommuner"), f"{municipalities} / {len(data.region())}")
    columns[2].metric(tr("data_kol_varningar"), len(survey.warnings))
    region = measures.group_measures(measures.theme_measures(survey, data.taxonomy()), "theme_id")
    labels = data.items("theme", lang())
    st.caption(tr("data_forhandsvisning"))
    ui_table(
        pd.DataFrame(
            {
                tr("niva_theme"): region["theme_id"].map(labels),
                tr("matt_medelbetyg"): [num(v) for v in region["medelbetyg"]],
                tr("matt_prioriteringspoang"): [num(v, 2) for v in region["prioriteringspoang"]],
                tr("matt_andel_angelaget"): [
                    data.format_measure(v, "andel_angelaget", lang())
                    for v in region["andel_angelaget"]
                ],
                tr("antal_kommuner_kort"): region["antal_kommuner"],
            }
        ).set_index(tr("niva_theme"))
    )


def shown_responses(responses: pd.DataFrame) -> pd.DataFrame:
    """The individual responses as the steward reads them: headers, areas, roles, answers and
    priorities in the chosen language (the download keeps the survey contract's columns,
    so that it can be read in again)."""
    areas = data.items("area", lang())
    forms = data.taxonomy().labels("form", lang())
    shown = responses.copy()
    for column in ("prio_1", "prio_2", "prio_3"):
        shown[column] = shown[column].map(lambda a: areas.get(a, a), na_action="ignore")
    shown["roll"] = shown["roll"].map(lambda r: tr(f"roll_{r}"), na_action="ignore")
    for column in ("seminarieintresse", "medfinansiering"):
        shown[column] = shown[column].map(lambda v: tr(f"svar_{v}"), na_action="ignore")
    shown["samverkansformer"] = [
        ", ".join(forms.get(f, f) for f in str(v).split(";") if f)
        for v in shown["samverkansformer"]
    ]
    return shown.rename(
        columns=lambda c: (
            tr("svarskol_betyg", area=areas.get(c[6:], c[6:]))
            if c.startswith("betyg_")
            else tr(f"svarskol_{c}")
        )
    )


@guarded
def rounds_panel(store: Store) -> None:
    """Per round: the individual responses (download), replace (how) and delete (confirmed)."""
    labels = _labels(_key(store), store)
    if not labels:
        st.info(tr("data_inga_omgangar"), icon=":material/info:")
        return
    chosen = st.selectbox(tr("omgang"), labels, key="data_manage_round")
    responses, shown = _responses(_key(store), store, chosen, lang())
    st.caption(tr("data_svar_individ", n=len(responses)))
    ui_dataframe(shown, hide_index=True, width="stretch", height=260)
    st.caption(tr("data_svar_export_kolumner"))
    header = [tr("export_omgang", round=chosen)]
    auth.protected_download(
        tr("data_ladda_ner_svar"),
        lambda: export.csv_bytes(responses, header),
        file_name=f"svar_{chosen}.csv",
        mime="text/csv",
        key="data_download_responses",
        icon=":material/download:",
    )
    language = lang()
    auth.protected_download(  # the same responses for a person: ";", readable, per cent
        tr("data_ladda_ner_svar_excel"),
        lambda: export.person_csv(shown, language, header),
        file_name=f"svar_{chosen}_{language}.csv",
        mime="text/csv",
        key="data_download_responses_person",
        icon=":material/table_view:",
    )
    st.caption(say("data_ersatt_hjalp", round=chosen))
    with st.expander(say("data_radera_rubrik", round=chosen), icon=":material/delete:"):
        st.write(say("data_radera_text", round=chosen, n=len(responses)))
        typed = st.text_input(say("data_radera_skriv", round=chosen), key="data_delete_confirm")
        st.button(
            say("data_radera_knapp", round=chosen),
            disabled=typed.strip() != chosen,
            key="data_delete",
            type="primary",
            on_click=_delete,
            args=(store, chosen),
        )


def _delete(store: Store, label: str) -> None:
    """on_click of Delete (enabled only once the label is typed): delete, log, say so."""
    if st.session_state.get("data_delete_confirm", "").strip() != label:
        return
    a11y.focus_next_run(FLASH_FOCUS)
    try:
        deleted = store.delete_round(label, user=auth.user())
    except StoreError as error:
        st.session_state[_ERROR] = error.message(lang())
        return
    data.invalidate()
    st.session_state[_MESSAGE] = tr("data_raderad", round=label, n=deleted)
    st.session_state["data_delete_confirm"] = ""


ACTIONS = ("publish", "replace", "delete", "refused")


@guarded
def log_panel(store: Store) -> None:
    """The import log, newest first."""
    newest = data.throttled(store.url, "log", _newest_entry)
    shown = _log_shown((store.url, newest), store, lang())
    if shown is None:
        st.info(tr("data_logg_tom"), icon=":material/info:")
        return
    ui_dataframe(shown, hide_index=True, width="stretch")


def _newest_entry(store: Store) -> int:
    """The newest log entry's number (refusals too: the rounds' revision leaves them out)."""
    head = store.import_log(limit=1)
    return 0 if head.empty else int(head["id"].iloc[0])


@data.round_cache(max_entries=4)
def _log_shown(key: tuple[str, int], _store: Store, lang: str) -> pd.DataFrame | None:
    """The log's table (None when empty), made once per newest entry and language."""
    log = _store.import_log()
    if log.empty:
        return None
    action_names = {a: tr(k) for a, k in zip(ACTIONS, _ACTION_KEYS, strict=True)}
    return pd.DataFrame(
        {
            tr("data_kol_tid"): [_date(v) for v in log["at"]],
            tr("data_kol_vem"): log["user"].replace(
                {auth.PASSWORD_USER: tr("logg_anvandare_losenord")}
            ),
            tr("data_kol_handelse"): log["action"].map(action_names),
            tr("data_kol_omgang"): log["round_label"],
            tr("data_kol_fil"): log["file_name"],
            "SHA-256": log["sha256"].fillna("").str[:12],
            tr("data_kol_format"): log["source_format"],
            tr("data_kol_svar"): log["n_responses"],
            tr("data_kol_kommuner"): log["n_municipalities"],
            tr("data_kol_fel"): log["n_errors"],
            tr("data_kol_varningar"): log["n_warnings"],
            tr("data_kol_meddelande"): log["message"],
        }
    )


_ACTION_KEYS = ("logg_publish", "logg_replace", "logg_delete", "logg_refused")
