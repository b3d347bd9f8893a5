"""Kommunprofil: one municipality beside its neighbours and the region; similar municipalities."""

import streamlit as st

import ui
from linnedata import i18n, urls
from ui import competence, controls, data, projects, reports
from ui import profile as sections

ui.page_setup()

lang = ui.lang()
names = data.names()
heading = st.empty()  # the h1 comes first on the page, before the controls (WCAG 1.3.1, 2.4.6)

# --- inputs ---------------------------------------------------------------------------
inputs = ui.input_row(4)
code = ui.bound_select(
    urls.MUNICIPALITY, names, "0780", ui.tr("kolumn_kommun"), container=inputs[0]
)
round_label = controls.round_select(inputs[1])
level = controls.level_select("area", inputs[2])
measure = controls.measure_select("medelbetyg", inputs[3])

# --- data -----------------------------------------------------------------------------
dataset = data.dataset()
respondents = dataset.respondents(code, round_label)
county = i18n.county_name(dataset.county(code), lang)

# --- render ---------------------------------------------------------------------------
heading.title(ui.safe(names[code]))
data.demo_notice(data.is_demo())
st.markdown(ui.say("profil_ingress", county=county, n=respondents, round=round_label))
reports.pdf_button(code, round_label, lang, key="profil_pdf")
if respondents == 0:
    st.info(
        ui.say("profil_inget_svar", name=names[code], round=round_label), icon=":material/info:"
    )
    st.stop()
if respondents == 1:
    st.caption(ui.say("profil_en_svarande", name=names[code]))
view = data.profile_view(code, round_label, level, measure, lang)

left, right = st.columns([3, 2], gap="large")
with left:
    sections.comparison_section(view, code, round_label, level, measure)
with right:
    sections.side_section(view)
competence.profile_section(round_label, code, lang)
projects.profile_section(code, round_label, lang)
sections.answers_section(view)
