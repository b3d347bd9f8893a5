"""Linnékommuner i samverkan – entry point: page config, the pages, navigation.

Streamlit runs this file as ``__main__`` for every run of a session. ``streamlit run app.py``
first imports it to look for an ASGI app, and serves the ``st.App`` below: this same file,
with each page's HTML telling its front end where the server is (``ui/serving.py``).
"""

import streamlit as st

if __name__ == "__main__":
    import ui
    from linnedata import urls
    from ui import a11y, chrome, runstate

    runstate.start_run()
    # The icon before st.navigation: otherwise the browser first takes the page's Material icon
    # as the tab's icon, fetched from fonts.gstatic.com (tests/browser/test_compare_browser.py).
    st.set_page_config(page_title="Linnékommuner i samverkan", page_icon="🗺️", layout="wide")
    chrome.stop_on_bad_region()
    # A respondent sees the form only: no navigation, no sidebar (the page has its own
    # switch). Their link (/enkat?t=…) is known from the address, so the navigation is hidden
    # from its first message: drawn first in the sidebar, it could show for a moment.
    link = ui.url_value(urls.QUESTIONNAIRE_TOKEN) is not None
    page = st.navigation(chrome.pages(), position="hidden" if link else "sidebar")
    on_form = page.url_path == urls.QUESTIONNAIRE_PAGE
    if on_form != link:  # the form without a link, or another page with a stray ?t=
        page = st.navigation(chrome.pages(), position="hidden" if on_form else "sidebar")
    if not on_form:
        ui.language_switch()
    st.set_page_config(page_title=a11y.page_title(page.title, ui.lang()))
    a11y.focus_requested()  # the page's accessibility script and style are in its HTML
    try:
        page.run()
    finally:
        runstate.write_url()  # the run's URL changes as one message
        runstate.after_run()  # the process's garbage collector, after its first run
else:
    from ui import serving

    app = st.App(__file__, middleware=serving.middleware())
