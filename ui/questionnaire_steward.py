"""The steward's Enkät page: open a round, hand out the links, follow the answers, remind,
close and publish (the Streamlit half of ``linnedata.questionnaire``).

Links exist in plain text only in the session that issued them (the store keeps hashes);
their downloads are protected like the individual responses (``auth.protected_download``).
Closing turns the sent answers into a draft file that goes through the Data page's own
review, preview and publish (``ui.steward`` and ``linnedata.importing``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from linnedata import importing, questionnaire, rounds
from linnedata.errors import InputError, problem_table
from linnedata.questionnaire import demo as questionnaire_demo
from linnedata.questionnaire import draft, reminders, sheets
from linnedata.questionnaire.limits import DEFAULT_CAP
from linnedata.store import Store, StoreError
from linnedata.views import questionnaire as views
from ui import a11y, as_table, auth, data, lang, maptable, prepared, say, steward, tr
from ui import chart as ui_chart
from ui import dataframe as ui_dataframe
from ui.cache import RoundCache

_LINKS = "_enkat_new_links"  # (label, links) issued in this session
_MESSAGE = "_enkat_message"
_ERROR = "_enkat_error"
_PAPER_TYPES = ["csv", "txt", "tsv", "xlsx"]


TABS = "enkat_flik"
"""The state key of the page's tabs (the open tab's label; ``pages/enkater.py``)."""


def guarded(panel: Callable[..., Any]) -> Callable[..., Any]:
    """A panel whose store refusal or fault is shown as its message, never a traceback
    (it then returns None)."""

    @functools.wraps(panel)
    def run(*args: Any) -> Any:
        try:
            return panel(*args)
        except StoreError as error:
            st.error(error.message(lang()), icon=":material/database:")
            return None

    return run


def flash() -> None:
    """The message (or error) a button's callback left for this run."""
    if (error := st.session_state.pop(_ERROR, None)) is not None:
        st.error(error, icon=":material/error:")
    if (message := st.session_state.pop(_MESSAGE, None)) is not None:
        st.success(message, icon=":material/check_circle:")


def _run(action: Callable[[], str]) -> None:
    """A callback's body: its message, or the store's refusal as the error."""
    try:
        st.session_state[_MESSAGE] = action()
    except StoreError as error:
        st.session_state[_ERROR] = error.message(lang())
    finally:
        data.forget_revisions()  # this session changed the rounds: read them again at once


def _read(store: Store, what: str, ask: Callable[[Store], Any]) -> Any:
    """``ask(store)``, read at most every ``data.REVISION_CHECK_SECONDS`` per store and
    ``what`` (``data.throttled``; at once after a change made here, :func:`_run`): the
    page read the rounds, the invited and the answers from the database several times on
    every run (~7 ms of a steward's run; docs/notes-steward-cpu.md). The respondents'
    answers show within that time, the tracking panel redraws every REFRESH_SECONDS."""
    return data.throttled(store.url, f"enkat:{what}", ask)


@guarded
def round_choice(store: Store) -> str | None:
    """The round to work on (newest opened first), or None when none is open."""
    labels = _read(store, "labels", lambda s: s.questionnaire.labels())
    if not labels:
        st.info(tr("enkat_inga_omgangar"), icon=":material/info:")
        return None
    return st.selectbox(tr("enkat_valj_omgang"), labels, key="enkat_omgang")


# --- open ----------------------------------------------------------------------------------------


@guarded
def open_panel(store: Store) -> None:
    """Open a round: label, dates, invited municipalities (default the region), cap."""
    region = data.region()
    names = dict(zip(region["kommun_kod"], region["kommun"], strict=True))
    today = questionnaire.today()
    with st.form("enkat_oppna"):
        st.text_input(tr("enkat_omgang_namn"), key="enkat_ny_etikett", max_chars=rounds.MAX_LENGTH)
        left, right = st.columns(2)
        left.date_input(tr("enkat_oppnar"), value=today, key="enkat_ny_oppnar")
        right.date_input(
            tr("enkat_stanger"), value=today + timedelta(days=28), key="enkat_ny_stanger"
        )
        st.multiselect(tr("enkat_inbjudna"), list(names), default=list(names),
                       format_func=names.__getitem__, key="enkat_ny_kommuner")  # fmt: skip
        st.number_input(tr("enkat_tak_falt"), 1, 500, DEFAULT_CAP, key="enkat_ny_tak")
        st.form_submit_button(
            tr("enkat_oppna_knapp"), type="primary", on_click=_open, args=(store,)
        )


def _open(store: Store) -> None:
    state = st.session_state
    chosen = set(state.get("enkat_ny_kommuner") or [])
    region = data.region()
    invited = region[region["kommun_kod"].isin(chosen)][["kommun_kod", "kommun"]]

    def action() -> str:
        label = questionnaire.open_round(
            store,
            state.get("enkat_ny_etikett") or "",
            opens=state["enkat_ny_oppnar"],
            closes=state["enkat_ny_stanger"],
            municipalities=invited,
            cap=int(state["enkat_ny_tak"]),
            user=auth.user(),
        )
        state[_LINKS] = (label, questionnaire.issue_links(store, label))
        state["enkat_omgang"] = label
        state[TABS] = tr("enkater_flik_lankar")  # the new links, shown this once
        return tr("enkat_oppnad", round=label, n=len(invited))

    _run(action)


# --- links ---------------------------------------------------------------------------------------


@guarded
def links_panel(store: Store, label: str) -> None:
    """The links issued in this session (downloads), new links for all, revoke one."""
    issued = st.session_state.get(_LINKS)
    if issued is not None and issued[0] == label:
        _downloads(label, sheets.with_address(issued[1], reminders.public_url()))
    else:
        st.info(tr("enkat_lankar_visas_en_gang"), icon=":material/key:")
    with st.expander(tr("enkat_nya_lankar_alla"), icon=":material/autorenew:"):
        st.write(tr("enkat_nya_lankar_text"))
        sure = st.checkbox(tr("enkat_nya_lankar_bekrafta"), key="enkat_nya_alla_ok")
        st.button(tr("enkat_nya_lankar_knapp"), disabled=not sure, key="enkat_nya_alla",
                  on_click=_new_links, args=(store, label, None))  # fmt: skip
    invited = _read(store, f"invited:{label}", lambda s: s.questionnaire.invited(label))
    code = st.selectbox(tr("enkat_aterkalla_kommun"), list(invited),
                        format_func=invited.__getitem__, key="enkat_aterkalla_val")  # fmt: skip
    st.button(say("enkat_aterkalla_knapp", kommun=invited.get(code, "")), key="enkat_aterkalla",
              on_click=_new_links, args=(store, label, [code]))  # fmt: skip


def _new_links(store: Store, label: str, codes: list[str] | None) -> None:
    def action() -> str:
        issued = questionnaire.issue_links(store, label, codes)
        st.session_state[_LINKS] = (label, issued)
        st.session_state["enkat_nya_alla_ok"] = False
        return tr("enkat_nya_lankar_klara", n=len(issued))

    _run(action)


def _downloads(label: str, links: pd.DataFrame) -> None:
    st.caption(tr("enkat_lankar_hemliga"))
    ui_dataframe(links[["kommun", "kommun_kod", "lank"]], hide_index=True, width="stretch")
    row = st.container(horizontal=True, gap="small")
    with row:
        for kind, make, mime, text in (
            ("csv", sheets.links_csv, "text/csv", tr("enkat_lankar_csv")),
            ("xlsx", sheets.links_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             tr("enkat_lankar_xlsx")),
            ("html", sheets.links_html, "text/html", tr("enkat_lankar_html")),
        ):  # fmt: skip
            auth.protected_download(
                text,
                lambda make=make: make(links, label, lang()),
                file_name=f"enkatlankar_{label}.{kind}",
                mime=mime,
                key=f"enkat_lankar_{kind}",
                icon=":material/download:",
            )


# --- tracking ------------------------------------------------------------------------------------


REFRESH_SECONDS = 20
"""How often the tracking panel reads the store again while it is open (live tracking)."""


@st.fragment(run_every=REFRESH_SECONDS)
def tracking_panel(store: Store, label: str) -> None:
    """Invited / started / answered, the map of who has answered, the rate over time;
    redrawn every :data:`REFRESH_SECONDS` (a fragment: the rest of the page stays)."""
    _tracking_now(store, label)


@guarded
def _tracking_now(store: Store, label: str) -> None:
    found = _read(store, f"round:{label}", lambda s: s.questionnaire.round(label))
    until = min(questionnaire.today(), found.closes)
    key, tracked = _read(store, f"tracking:{label}", lambda s: _tracked(s, label))
    shown = _view(key, tracked, found.opens, until, lang())
    _tracking(shown, found.opens, found.closes, tr(_state_key(found)))


def demo_panel() -> None:
    """The demo's fictional open round (``linnedata.demo``), so a newcomer sees the page."""
    st.warning(
        say("enkat_demo_notis", round=questionnaire_demo.OPEN_ROUND), icon=":material/science:"
    )
    opens = questionnaire_demo.OPEN_ROUND_OPENS
    closes = opens + timedelta(days=questionnaire_demo.OPEN_ROUND_DAYS + 7)
    until = opens + timedelta(days=questionnaire_demo.OPEN_ROUND_DAYS)
    region = data.region()
    tracked = prepared.once(
        region, "enkat-demo", lambda: questionnaire_demo.open_round_tracking(region)
    )
    shown = _view(("demo", id(tracked)), tracked, opens, until, lang())
    _tracking(shown, opens, closes, tr("enkat_lage_oppen"))


def _tracked(store: Store, label: str) -> tuple[tuple[Any, ...], pd.DataFrame]:
    tracked = store.questionnaire.tracking(label)
    return _answers_key(tracked), tracked


def _answers_key(tracked: pd.DataFrame) -> tuple[Any, ...]:
    """What a round's tracking table holds, as a cache key (its rows' hashes): the view is
    made again when an answer, a draft, a reminder or a contact changes it."""
    return ("round", pd.util.hash_pandas_object(tracked, index=False).to_numpy().tobytes())


def _make_view(
    answers: Hashable, _tracked: pd.DataFrame, opens: date, until: date, lang: str
) -> views.TrackingView:
    return views.tracking_view(data.geography(), _tracked, opens, until, lang)


_view = RoundCache(_make_view, max_entries=16)
"""The tracking views, made once per answers, days and language and shared between sessions:
the response map (~40 ms) and the rate figure (~8 ms) were drawn on every run (13–41× a
blank app's run; docs/notes-steward-cpu.md)."""


def _tracking(shown: views.TrackingView, opens: date, closes: date, state: str) -> None:
    metrics = st.container(horizontal=True, gap="medium")  # one row: one message
    metrics.metric(tr("enkat_inbjudna_antal"), shown.invited)
    metrics.metric(tr("enkat_paborjade_antal"), shown.started)
    metrics.metric(tr("enkat_svarat_antal"), tr("n_av_N", n=shown.answered, N=shown.invited))
    st.caption(
        say("enkat_omgang_datum", opens=opens.isoformat(), closes=closes.isoformat(), state=state)
    )
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.header(tr("enkat_karta_rubrik"))
        maptable.draw(shown.response_map)  # the map and its values: one element
    with right:
        st.header(tr("enkat_svarsfrekvens_rubrik"))
        ui_chart(shown.rate, key="enkat_frekvens", name=shown.rate_name)
        # the chart in words and its values (WCAG 1.1.1): one element
        as_table.show(shown.rate_table, words=[shown.rate_name])
    ui_dataframe(shown.table, hide_index=True, width="stretch")


def _state_key(found: Any) -> str:
    if found.published_at is not None:
        return "enkat_lage_publicerad"
    if found.closed_at is not None or found.closes < questionnaire.today():
        return "enkat_lage_stangd"
    return "enkat_lage_oppen"


# --- reminders -----------------------------------------------------------------------------------


@guarded
def remind_panel(store: Store, label: str) -> None:
    """Upload the reminder addresses; send reminders, or list them as mailto links."""
    st.write(tr("enkat_kontakter_text"))
    uploaded = st.file_uploader(
        tr("enkat_kontakter_fil"), type=["csv", "txt"], key="enkat_kontakter"
    )
    if uploaded is not None:
        found, problems = reminders.read_contacts(
            uploaded.getvalue(), store.questionnaire.invited(label)
        )
        if problems:
            ui_dataframe(problem_table(problems, lang()), hide_index=True, width="stretch")
        st.button(tr("enkat_kontakter_spara", n=len(found)), key="enkat_kontakter_spara",
                  on_click=_save_contacts, args=(store, label, found))  # fmt: skip
    settings = reminders.SmtpSettings.from_env()
    st.caption(tr("enkat_smtp_finns" if settings else "enkat_smtp_saknas"))
    st.button(tr("enkat_paminn_knapp" if settings else "enkat_paminn_lista"), key="enkat_paminn",
              on_click=_remind, args=(store, label, settings))  # fmt: skip
    listed = st.session_state.get("_enkat_reminded")
    if listed is not None and listed[0] == label:
        _reminder_table(listed[1])


def _save_contacts(store: Store, label: str, found: dict[str, str]) -> None:
    def action() -> str:
        store.questionnaire.save_contacts(label, found)
        return tr("enkat_kontakter_sparade", n=len(found))

    _run(action)


def _remind(store: Store, label: str, settings: reminders.SmtpSettings | None) -> None:
    def action() -> str:
        done = reminders.remind(store, label, settings=settings, lang=lang())
        st.session_state["_enkat_reminded"] = (label, done)
        return tr("enkat_paminnelser_klara", n=int(done["status"].isin(["sent", "mailto"]).sum()))

    _run(action)


REMINDER_KEYS = {
    "sent": "enkat_paminn_sent",
    "mailto": "enkat_paminn_mailto",
    "would": "enkat_paminn_would",
    "today": "enkat_paminn_today",
    "no_address": "enkat_paminn_no_address",
    "failed": "enkat_paminn_failed",
}


def _reminder_table(done: pd.DataFrame) -> None:
    shown = pd.DataFrame(
        {
            tr("enkat_kol_kommun"): done["kommun"],
            tr("enkat_kol_adress"): done["adress"].fillna(""),
            tr("enkat_kol_status"): [tr(REMINDER_KEYS[s]) for s in done["status"]],
            tr("enkat_kol_mejl"): done["mailto"].replace("", None),
        }
    )
    column = tr("enkat_kol_mejl")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        column: st.column_config.LinkColumn(column, display_text=tr("enkat_oppna_mejl"))})  # fmt: skip


# --- close and publish ---------------------------------------------------------------------------


@guarded
def close_panel(store: Store, label: str) -> None:
    """Close the round; then its answers (and a paper file) as a draft round → the Data page's
    review, preview and Publish."""
    found = _read(store, f"round:{label}", lambda s: s.questionnaire.round(label))
    if found.published_at is not None:
        st.success(tr("enkat_redan_publicerad", round=label), icon=":material/check_circle:")
        return
    if found.closed_at is None and found.closes < questionnaire.today():
        questionnaire.close(store, label)  # the closing day has passed: closed by the date
        data.forget_revisions()
    elif found.closed_at is None:
        st.write(tr("enkat_stang_text"))
        sure = st.checkbox(say("enkat_stang_bekrafta", round=label), key="enkat_stang_ok")
        st.button(tr("enkat_stang_knapp"), disabled=not sure, key="enkat_stang", type="primary",
                  on_click=_close, args=(store, label))  # fmt: skip
        return
    paper = st.file_uploader(tr("enkat_papper_fil"), type=_PAPER_TYPES, key="enkat_papper")
    other = None if paper is None else _paper_answers(paper.getvalue(), paper.name, label)
    if paper is not None and other is None:
        return
    table = questionnaire.draft_table(store, label, data.taxonomy(), paper=other)
    if table.empty:
        st.info(tr("enkat_inga_svar"), icon=":material/info:")
        return
    data_bytes = draft.draft_bytes(table)
    found_file, survey = steward.review(
        data_bytes, draft.file_name(label), round_label=label, store=store
    )
    if survey is None:
        return
    steward._preview(survey)  # the Data page's preview of a round before publishing
    exists = label in store.labels()
    if exists:
        st.warning(say("data_omgang_finns", round=label), icon=":material/warning:")
        return
    st.button(tr("data_publicera", round=label), type="primary", key="enkat_publicera",
              on_click=_publish, args=(store, found_file, data_bytes, label))  # fmt: skip


def _paper_answers(content: bytes, name: str, label: str) -> pd.DataFrame | None:
    """Another file's answers (:func:`questionnaire.paper_answers`, as the CLI's ``close
    --paper``); None (and its problems shown) when it cannot be read."""
    try:
        return questionnaire.paper_answers(content, name, label)
    except InputError as error:
        st.error(tr("enkat_papper_fel"), icon=":material/error:")
        ui_dataframe(problem_table(error.errors, lang()), hide_index=True, width="stretch")
        return None


def _close(store: Store, label: str) -> None:
    def action() -> str:
        questionnaire.close(store, label)
        return tr("enkat_stangd_klar", round=label)

    _run(action)


def _publish(store: Store, found: Any, data_bytes: bytes, label: str) -> None:
    def action() -> str:
        result = importing.publish(
            store, data_bytes, found, user=auth.user(), round_label=label, replace=False
        )
        questionnaire.published(store, label)
        data.invalidate()
        return tr("data_publicerad", round=result.round_label, responses=result.responses,
                  municipalities=result.municipalities)  # fmt: skip

    _run(action)


__all__ = [
    "a11y",
    "close_panel",
    "flash",
    "links_panel",
    "open_panel",
    "remind_panel",
    "round_choice",
    "tracking_panel",
]
