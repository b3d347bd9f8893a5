"""Data: the published survey rounds for everyone; upload, publish, replace, delete for the steward."""

import streamlit as st

import ui
from linnedata.store import describe
from ui import a11y, auth, competence, data, steward

ui.page_setup()

st.title(ui.tr("data_rubrik"))
data.demo_notice(data.is_demo())

# --- inputs ---------------------------------------------------------------------------
with a11y.focus_target(auth.LOGIN_FOCUS):
    is_steward = auth.gate()

# --- data -----------------------------------------------------------------------------
store = data.store()

# --- render ---------------------------------------------------------------------------
with a11y.focus_target(steward.FLASH_FOCUS):
    steward.flash()
st.header(ui.tr("data_omgangar"))
steward.rounds_overview(store)
if is_steward:
    where = describe(store.url)
    st.caption(ui.say("data_lagring", dialect=where["dialect"], where=where["where"]))
    # Only the open tab is made (ui.opened_tab): the four panels drawn on every run, the
    # registry's editable table among them, made a steward's rerun the costliest of the app.
    panels = {
        ui.tr("data_flik_ladda_upp"): steward.upload_panel,
        ui.tr("data_flik_omgangar"): steward.rounds_panel,
        ui.tr("data_flik_logg"): steward.log_panel,
        ui.tr("komp_flik_register"): competence.steward_panel,
    }
    if found := ui.opened_tab(panels, key=steward.TABS):
        opened, tab = found
        with tab:
            panels[opened](store)
