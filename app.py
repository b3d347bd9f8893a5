"""Linnékommuner i samverkan – entry point: page config, the pages, navigation."""

import streamlit as st

import ui
from linnedata import urls
from ui import a11y

st.set_page_config(page_title="Linnékommuner i samverkan", page_icon="🗺️", layout="wide")
ui.stop_on_bad_region()

pages = [
    st.Page(
        page.script,
        title=ui.tr(page.title_key),
        icon=page.icon,
        default=page.default,
        visibility="hidden" if page.hidden else "visible",
    )
    for page in urls.PAGES
]
page = st.navigation(pages)
if page.url_path == urls.QUESTIONNAIRE_PAGE:  # a respondent sees the form only: no navigation,
    page = st.navigation(pages, position="hidden")  # no sidebar (the page has its own switch)
else:
    ui.language_switch()
st.set_page_config(page_title=f"{page.title} – {ui.tr('app_namn')}")
a11y.page_chrome(ui.lang())
page.run()
