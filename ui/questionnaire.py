"""The respondent's questionnaire page (``/enkat?t=TOKEN``): the Streamlit half of
``linnedata.questionnaire``.

No login: the link's token names the municipality (looked up by its hash), and nothing the
browser sends is trusted — every answer is checked again by ``questionnaire.answers.clean``.
A forged, revoked, unknown or expired token gives one clear message and no form, never the
name of a municipality. Saving and sending run in the buttons' callbacks, before the next
script run, and a receipt is shown only for what the store has committed.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from linnedata import questionnaire
from linnedata.questionnaire import answers, tokens
from linnedata.store import StoreError
from linnedata.store.questionnaire import Link
from linnedata.survey.grid import MAX_CELL
from linnedata.taxonomy import default_taxonomy
from ui import lang, safe, say, tr, url_value

_RESUME = "_enkat_resume"  # the respondent's resume code (session)
_LOADED = "_enkat_loaded"  # which draft was put into the widgets
_SHOWN = "_enkat_shown_at"  # when the form was first shown (the bot trap's clock)
_OUTCOME = "_enkat_outcome"  # what the last save or send gave
HONEYPOT = "enkat_webbplats"
_HIDE_TRAP = f"<style>.st-key-{HONEYPOT}_box {{display: none !important;}}</style>"

ACCESS_MESSAGES = {
    "unknown": "enkat_lank_okand",
    "revoked": "enkat_lank_ersatt",
    "closed": "enkat_stangd",
    "not_yet": "enkat_inte_oppen",
}


def link_from_url(store: Any) -> questionnaire.Access:
    """What the URL's token opens (``?t=``); a store fault reads as a clear message."""
    token = url_value(tokens.TOKEN_KEY)
    try:
        return questionnaire.access(store, token)
    except StoreError:
        return questionnaire.Access("fault")


def refused(found: questionnaire.Access) -> None:
    """The one message for a link that opens nothing (no form, no municipality)."""
    st.title(tr("enkat_rubrik"))
    if found.status == "fault":
        st.error(tr("enkat_fel_lagring"), icon=":material/error:")
        return
    st.error(tr(ACCESS_MESSAGES[found.status]), icon=":material/link_off:")


def header(link: Link) -> None:
    """The municipality's name and the round, from the link; the privacy notice."""
    st.title(say("enkat_rubrik_kommun", kommun=link.kommun))
    st.write(say("enkat_inledning", round=link.label, closes=link.closes.isoformat()))
    with st.expander(tr("enkat_integritet_rubrik"), icon=":material/shield:"):
        st.write(tr("enkat_integritet_text"))


# --- resuming a draft ------------------------------------------------------------------------------


def _widget_values(kept: dict[str, Any]) -> dict[str, Any]:
    raw = answers.as_raw(kept)
    values: dict[str, Any] = {
        f"enkat_{q}": raw[q] for q in (*answers.SINGLE_CHOICES, *answers.PRIORITIES)
    }
    values["enkat_utmaning_fritext"] = raw["utmaning_fritext"] or ""
    for area in default_taxonomy().area_ids:
        values[f"enkat_betyg_{area}"] = raw["betyg"].get(area)
    for form in default_taxonomy().form_ids:
        values[f"enkat_form_{form}"] = form in raw["samverkansformer"]
    return values


def resume(store: Any, link: Link) -> None:
    """Put a kept draft (the URL's ``&k=`` or a typed code) into the form, once per code."""
    code = st.session_state.get(_RESUME) or url_value(tokens.RESUME_KEY)
    if not code or st.session_state.get(_LOADED) == code:
        return
    try:
        kept = questionnaire.resume(store, link, code)
    except StoreError:
        st.error(tr("enkat_fel_lagring"), icon=":material/error:")
        return
    st.session_state[_LOADED] = code
    if kept is None:
        st.warning(tr("enkat_kod_okand"), icon=":material/help:")
        return
    st.session_state[_RESUME] = code
    st.session_state.update(_widget_values(kept))
    st.info(tr("enkat_utkast_hamtat"), icon=":material/history:")


def resume_by_code() -> None:
    """A field for the resume code, for someone who kept the code but not the link."""
    box = st.expander(tr("enkat_har_kod"), icon=":material/key:")
    with box, st.form("enkat_kod_form", enter_to_submit=True, border=False):
        typed = st.text_input(tr("enkat_kod"), key="enkat_kod_skriven", max_chars=64)
        if st.form_submit_button(tr("enkat_kod_hamta")):
            st.session_state[_RESUME] = (typed or "").strip()
            st.session_state.pop(_LOADED, None)
            st.rerun()


# --- the form ------------------------------------------------------------------------------------


def _scale_label(value: int) -> str:
    from ui.importer import scale_label

    return scale_label(value)


def _choice(question: str, value: str) -> str:
    return tr(f"roll_{value}") if question == "roll" else tr(f"svar_{value}")


def form(link: Link, token: str) -> None:
    """The questions of SURVEY.md, with Save draft and Send (callbacks save in the store)."""
    st.session_state.setdefault(_SHOWN, time.time())
    taxonomy = default_taxonomy()
    areas = taxonomy.labels("area", lang())
    st.html(_HIDE_TRAP)
    with st.form("enkat_form", enter_to_submit=False):
        st.radio(tr("enkat_fraga_roll"), answers.choices("roll"), index=None,
                 format_func=lambda v: _choice("roll", v), key="enkat_roll")  # fmt: skip
        st.header(tr("enkat_fraga_betyg"))
        st.caption(tr("enkat_skala_hjalp"))
        for area, label in areas.items():
            st.radio(label, answers.SCALE, index=None, horizontal=True,
                     format_func=_scale_label, key=f"enkat_betyg_{area}")  # fmt: skip
        st.header(tr("enkat_fraga_prio"))
        for number, question in enumerate(answers.PRIORITIES, 1):
            st.selectbox(tr("enkat_prio_n", n=number), list(areas), index=None,
                         format_func=areas.__getitem__, key=f"enkat_{question}",
                         placeholder=tr("enkat_valj_omrade"))  # fmt: skip
        st.header(tr("enkat_fraga_former"))
        for form_id, label in taxonomy.labels("form", lang()).items():
            st.checkbox(label, key=f"enkat_form_{form_id}")
        for question in ("seminarieintresse", "medfinansiering"):
            st.radio(tr(QUESTION_KEYS[question]), answers.choices(question), index=None,
                     horizontal=True, format_func=lambda v, q=question: _choice(q, v),
                     key=f"enkat_{question}")  # fmt: skip
        st.text_area(tr("enkat_fraga_fritext"), key="enkat_utmaning_fritext",
                     max_chars=MAX_CELL, help=tr("enkat_fritext_hjalp"))  # fmt: skip
        with st.container(key=f"{HONEYPOT}_box"):
            st.text_input(tr("enkat_falla"), key=HONEYPOT)
        left, right = st.columns(2)
        left.form_submit_button(tr("enkat_spara_utkast"), on_click=_save, args=(token, False), key="enkat_spara",
                                icon=":material/save:", width="stretch")  # fmt: skip
        right.form_submit_button(tr("enkat_skicka"), on_click=_save, args=(token, True), key="enkat_skicka_knapp",
                                 type="primary", icon=":material/send:", width="stretch")  # fmt: skip


def _given() -> dict[str, Any]:
    """What the widgets hold, as ``answers.clean`` takes it (checked again there)."""
    state = st.session_state
    taxonomy = default_taxonomy()
    raw: dict[str, Any] = {
        q: state.get(f"enkat_{q}") for q in (*answers.SINGLE_CHOICES, *answers.PRIORITIES)
    }
    raw["samverkansformer"] = [f for f in taxonomy.form_ids if state.get(f"enkat_form_{f}")]
    raw["utmaning_fritext"] = state.get("enkat_utmaning_fritext") or ""
    raw["betyg"] = {a: state.get(f"enkat_betyg_{a}") for a in taxonomy.area_ids}
    return raw


def _save(token: str, submit: bool) -> None:
    """on_click of Save draft / Send: save in the store, keep the outcome for the page."""
    from ui import data

    raw = _given()
    try:
        sent = questionnaire.save(
            data.store(),
            token,
            raw,
            resume_code=st.session_state.get(_RESUME),
            submit=submit,
            honeypot=st.session_state.get(HONEYPOT, ""),
            shown_at=st.session_state.get(_SHOWN),
        )
    except StoreError:
        st.session_state[_OUTCOME] = ("fault", None, raw)
        return
    if sent.stored:
        st.session_state[_RESUME] = st.session_state[_LOADED] = sent.resume
    st.session_state[_OUTCOME] = (sent.status, sent, raw)


QUESTION_KEYS = {
    "seminarieintresse": "enkat_fraga_seminarieintresse",
    "medfinansiering": "enkat_fraga_medfinansiering",
}

OUTCOME_MESSAGES = {
    "limited": "enkat_for_manga",
    "bot": "enkat_for_snabbt",
    "cap": "enkat_tak",
    "gone": "enkat_lank_slutat",
    "unknown": "enkat_kod_okand",
    "fault": "enkat_fel_lagring",
}


def outcome(token: str) -> bool:
    """The last save's message: errors with their question, or the receipt. True when the
    answer was sent (the page shows the receipt instead of the form's top)."""
    found = st.session_state.get(_OUTCOME)
    if found is None:
        return False
    status, sent, raw = found
    if status == "invalid":
        for problem in sent.cleaned.errors:
            st.error(problem.message(lang()), icon=":material/error:")
        return False
    if status in OUTCOME_MESSAGES:
        st.error(tr(OUTCOME_MESSAGES[status]), icon=":material/error:")
        return False
    for note in sent.notes:
        st.info(note.message(lang()), icon=":material/info:")
    st.query_params[tokens.RESUME_KEY] = sent.resume
    if status == "saved":
        st.success(tr("enkat_utkast_sparat"), icon=":material/save:")
        _resume_code(token, sent.resume)
        return False
    st.success(tr("enkat_tack"), icon=":material/check_circle:")
    receipt(sent, raw)
    _resume_code(token, sent.resume)
    return True


def _resume_code(token: str, code: str) -> None:
    st.write(tr("enkat_kod_forklaring"))
    st.code(code, language=None)
    st.code(tokens.link(token, code), language=None)


def receipt(sent: questionnaire.Sent, raw: dict[str, Any]) -> None:
    """What was sent, as plain text (the answers as the store keeps them)."""
    taxonomy = default_taxonomy()
    areas = taxonomy.labels("area", lang())
    values, ratings = sent.cleaned.values, sent.cleaned.ratings
    lines = [tr("enkat_kvitto_rubrik"), ""]
    if values["roll"]:
        lines.append(f"{tr('enkat_fraga_roll')}: {_choice('roll', values['roll'])}")
    for area, label in areas.items():
        if area in ratings:
            lines.append(f"{label}: {_scale_label(ratings[area])}")
    for number, question in enumerate(answers.PRIORITIES, 1):
        if values[question]:
            lines.append(f"{tr('enkat_prio_n', n=number)}: {areas[values[question]]}")
    forms = taxonomy.labels("form", lang())
    chosen = [forms[f] for f in values["samverkansformer"].split(";") if f]
    if chosen:
        lines.append(f"{tr('enkat_fraga_former')}: {', '.join(chosen)}")
    for question in ("seminarieintresse", "medfinansiering"):
        if values[question]:
            lines.append(f"{tr(QUESTION_KEYS[question])}: {_choice(question, values[question])}")
    if values["utmaning_fritext"]:
        lines += ["", tr("enkat_fraga_fritext"), values["utmaning_fritext"]]
    st.text("\n".join(lines))  # plain text: never Markdown or HTML


__all__ = ["form", "header", "link_from_url", "outcome", "receipt", "refused", "resume", "safe"]
