"""Seminarier: topic demand, the topics that cover most municipalities, groups, researchers."""

import streamlit as st

import ui
from linnedata.views import seminars as views
from ui import controls, data, prepared
from ui import seminars as page

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("sem_rubrik"))
data.demo_notice(data.is_demo())
st.markdown(ui.tr("sem_ingress"))

# --- inputs ---------------------------------------------------------------------------
inputs = ui.input_row(3)
round_label = controls.round_select(inputs[0])
level = controls.level_select("area", inputs[1])
labels = data.items(level, lang)
prefs = views.preferences(data.dataset(), round_label, level)
names = prepared.once(  # made once per cached preferences, not on every run
    prefs, "names", lambda: dict(zip(prefs.codes, prefs.municipalities["kommun"], strict=True))
)
settings = page.settings_inputs(inputs[2], level, labels, names)
content = page.researcher_upload()

# --- data and render ------------------------------------------------------------------
page.demand_section(round_label, level, labels)
matching = page.plan_section(round_label, level, settings, labels, content)
if matching is None:
    st.stop()
page.programme_downloads(round_label, level, settings, content)
page.researcher_load(round_label, level, settings, content)
