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
# Only the open tab is made (ui.opened_tab): the five panels drawn on every run cost a
# steward's run 65 messages with a round open (issue 23).
panels = {  # the chosen round's panels
    ui.tr("enkater_flik_folj"): enkat.tracking_panel,
    ui.tr("enkater_flik_lankar"): enkat.links_panel,
    ui.tr("enkater_flik_paminn"): enkat.remind_panel,
    ui.tr("enkater_flik_stang"): enkat.close_panel,
}
if found := ui.opened_tab([*panels, ui.tr("enkater_flik_ny")], key=enkat.TABS):
    opened, tab = found
    if opened not in panels:  # a new round: needs no round chosen
        with tab:
            enkat.open_panel(store)
    elif label is not None:
        with tab:
            panels[opened](store, label)
