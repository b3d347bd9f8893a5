"""Linnékommuner i samverkan – entry point: page config, the pages, navigation."""

import streamlit as st

import ui
from linnedata import urls
from ui import a11y, chrome, runstate

runstate.start_run()
# The icon before st.navigation: otherwise the browser first takes the page's Material icon as
# the tab's icon, fetched from fonts.gstatic.com (tests/browser/test_compare_browser.py).
st.set_page_config(page_title="Linnékommuner i samverkan", page_icon="🗺️", layout="wide")
chrome.stop_on_bad_region()
page = st.navigation(chrome.pages())
if page.url_path == urls.QUESTIONNAIRE_PAGE:
    # a respondent sees the form only: no navigation, no sidebar (the page has its own switch)
    page = st.navigation(chrome.pages(), position="hidden")
else:
    ui.language_switch()
st.set_page_config(page_title=f"{page.title} – {ui.tr('app_namn')}")
a11y.page_chrome(ui.lang())
try:
    page.run()
finally:
    runstate.write_url()  # the run's URL changes as one message
    runstate.after_run()  # the process's garbage collector, after its first run
