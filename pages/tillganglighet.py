"""Tillgänglighet: the accessibility statement the Swedish law asks for (texts in a11y.toml)."""

import streamlit as st

import ui
from ui import a11y

ui.page_setup()

st.title(ui.tr("a11y_rubrik"))
st.markdown(ui.tr("a11y_ingress"))
st.header(ui.tr("a11y_status_rubrik"))
st.markdown(ui.tr("a11y_status"))
st.header(ui.tr("a11y_fungerar_rubrik"))
st.markdown(a11y.bullets(a11y.STATEMENT_WORKS, ui.lang()))
st.header(ui.tr("a11y_brister_rubrik"))
st.markdown(a11y.bullets(a11y.STATEMENT_GAPS, ui.lang()))
st.header(ui.tr("a11y_rapportera_rubrik"))
st.markdown(ui.tr("a11y_rapportera"))
st.header(ui.tr("a11y_tillsyn_rubrik"))
st.markdown(ui.tr("a11y_tillsyn"))
st.caption(ui.tr("a11y_datum"))
