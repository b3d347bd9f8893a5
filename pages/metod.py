"""Om data och metod: what each measure is, what n means, small numbers, sources, citing."""

import datetime as dt

import streamlit as st

import ui
from linnedata.figures import method
from ui import data

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("metod_rubrik"))
st.markdown(ui.tr("metod_ingress"))

# Our own texts only (data/texts/reports.toml); the round label is quoted as plain text.
for section in method.sections(lang, ui.safe(data.rounds()[0]), dt.date.today()):
    st.header(section.heading)
    for paragraph in section.paragraphs:
        st.markdown(paragraph)
