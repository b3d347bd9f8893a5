"""Linnékommuner i samverkan – entry point: page config, the pages, navigation."""

import streamlit as st

import ui
from ui import a11y

st.set_page_config(page_title="Linnékommuner i samverkan", page_icon="🗺️", layout="wide")
ui.stop_on_bad_region()

pages = [
    st.Page(
        "pages/oversikt.py", title=ui.tr("nav_oversikt"), icon=":material/dashboard:", default=True
    ),
    st.Page("pages/karta.py", title=ui.tr("nav_karta"), icon=":material/map:"),
    st.Page(
        "pages/kommunprofil.py", title=ui.tr("nav_kommunprofil"), icon=":material/location_city:"
    ),
    st.Page("pages/jamfor.py", title=ui.tr("nav_jamfor"), icon=":material/compare:"),
    st.Page("pages/trender.py", title=ui.tr("nav_trender"), icon=":material/timeline:"),
    st.Page("pages/seminarier.py", title=ui.tr("nav_seminarier"), icon=":material/groups:"),
    st.Page("pages/kompetens.py", title=ui.tr("nav_kompetens"), icon=":material/school:"),
    st.Page("pages/lasesal.py", title=ui.tr("nav_lasesal"), icon=":material/menu_book:"),
    st.Page("pages/data.py", title=ui.tr("nav_data"), icon=":material/database:"),
    st.Page("pages/enkater.py", title=ui.tr("nav_enkater"), icon=":material/forward_to_inbox:"),
    st.Page("pages/metod.py", title=ui.tr("nav_metod"), icon=":material/info:"),
    st.Page(
        "pages/tillganglighet.py",
        title=ui.tr("nav_tillganglighet"),
        icon=":material/accessibility:",
    ),
    st.Page(
        "pages/enkat.py", title=ui.tr("nav_enkat"), url_path="enkat", visibility="hidden"
    ),  # the respondents' page: reached through a municipality's link only
]
ui.language_switch()
page = st.navigation(pages)
st.set_page_config(page_title=f"{page.title} – {ui.tr('app_namn')}")
a11y.page_chrome(ui.lang())
page.run()
