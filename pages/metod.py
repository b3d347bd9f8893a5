"""Om data och metod: what each measure is, what n means, small numbers, sources, citing."""

import datetime as dt

import streamlit as st

import ui
from linnedata.figures import method
from ui import data

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("metod_rubrik"))

# Our own texts only (data/texts/reports.toml); the round label is quoted as plain text.
# The whole page is one Markdown text, its sections' headings h2 ("## "): one element a run
# instead of a heading and a text per paragraph (24 elements, issue 23).
parts = [ui.tr("metod_ingress")]
for section in method.sections(lang, ui.safe(data.rounds()[0]), dt.date.today()):
    parts += [f"## {section.heading}", *section.paragraphs]
st.markdown("\n\n".join(parts))
