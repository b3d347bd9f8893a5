"""Enkät (respondent): the questionnaire through a municipality's own link, /enkat?t=TOKEN."""

import streamlit as st

import ui
from ui import data
from ui import questionnaire as form

ui.page_setup()

# --- inputs ---------------------------------------------------------------------------
found = form.link_from_url(data.store())

# --- render ---------------------------------------------------------------------------
if found.link is None:
    form.refused(found)
    st.stop()
form.header(found.link)
form.outcome(ui.url_value("t") or "")
form.resume(data.store(), found.link)
form.resume_by_code()
form.form(found.link, ui.url_value("t") or "")
