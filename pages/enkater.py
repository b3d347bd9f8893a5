"""Enkät (steward): open a round for answers, hand out links, follow, remind, close, publish."""

import streamlit as st

import ui
from ui import auth, data
from ui import questionnaire_steward as enkat

ui.page_setup()

st.title(ui.tr("enkater_rubrik"))
st.write(ui.tr("enkater_inledning"))

# --- inputs ---------------------------------------------------------------------------
is_steward = auth.gate()
if not is_steward:
    if data.is_demo():  # the app runs on the fictional demo: show its open round
        enkat.demo_panel()
    st.stop()
store = data.store()

# --- render ---------------------------------------------------------------------------
enkat.flash()
label = enkat.round_choice(store)
if label is None:
    enkat.demo_panel()
follow, links, remind, close, new = st.tabs(
    [
        ui.tr("enkater_flik_folj"),
        ui.tr("enkater_flik_lankar"),
        ui.tr("enkater_flik_paminn"),
        ui.tr("enkater_flik_stang"),
        ui.tr("enkater_flik_ny"),
    ]
)
with new:
    enkat.open_panel(store)
if label is not None:
    with follow:
        enkat.tracking_panel(store, label)
    with links:
        enkat.links_panel(store, label)
    with remind:
        enkat.remind_panel(store, label)
    with close:
        enkat.close_panel(store, label)
