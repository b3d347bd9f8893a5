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
# Only the open tab is made (a tab switch reruns the page): the five panels drawn on every
# run cost a steward's run 65 messages with a round open (issue 23).
follow, links, remind, close, new = st.tabs(
    [
        ui.tr("enkater_flik_folj"),
        ui.tr("enkater_flik_lankar"),
        ui.tr("enkater_flik_paminn"),
        ui.tr("enkater_flik_stang"),
        ui.tr("enkater_flik_ny"),
    ],
    key=enkat.TABS,
    on_change="rerun",
)
if new.open:
    with new:
        enkat.open_panel(store)
for tab, panel in (
    (follow, enkat.tracking_panel),
    (links, enkat.links_panel),
    (remind, enkat.remind_panel),
    (close, enkat.close_panel),
):
    if tab.open and label is not None:
        with tab:
            panel(store, label)
