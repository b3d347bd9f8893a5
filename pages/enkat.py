"""Enkät (respondent): the questionnaire through a municipality's own link, /enkat?t=TOKEN."""

import streamlit as st

import ui
from linnedata import urls
from ui import data
from ui import questionnaire as form

ui.page_setup()

# --- inputs ---------------------------------------------------------------------------
token = ui.url_value(urls.QUESTIONNAIRE_TOKEN) or ""
found = form.link_from_url(data.store())

# --- render ---------------------------------------------------------------------------
ui.language_switch(container=st)  # here, not in a sidebar: a respondent sees no dashboard
if found.link is None:
    form.refused(found)
    st.stop()
form.header(found.link)
form.resume(data.store(), found.link)
form.resume_by_code()
form.form(found.link, token)
form.outcome(token)  # below the buttons, where the respondent is
