"""Karta: a choropleth of any measure for any theme or area; click a municipality to open it."""

import streamlit as st

import ui
from ui import controls, data, reports

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("karta_rubrik"))
ui.demo_notice(data.is_demo())

# --- inputs ---------------------------------------------------------------------------
inputs = st.columns([1, 1.2, 2, 1.6])
round_label = controls.round_select(inputs[0])
level = controls.level_select("theme", inputs[1])
labels = data.items(level, lang)
item = ui.bound_select(
    f"objekt_{level}",
    labels,
    next(iter(labels)),
    ui.tr(f"niva_{level}"),
    container=inputs[2],
)
measure = controls.measure_select("medelbetyg", inputs[3])

# --- data -----------------------------------------------------------------------------
view = data.map_view(round_label, level, item, measure, lang)

# --- render ---------------------------------------------------------------------------
st.header(ui.safe(view.heading), help=reports.chart_help(measure))
# The map is inline SVG (see linnedata.svgmap): drawn with the page, no chart library.
st.markdown(view.svg, unsafe_allow_html=True)
st.caption(ui.tr("karta_hjalp"))
st.caption(ui.say("karta_alt", summary=view.sentence))

with st.expander(ui.tr("visa_tabell")):
    # st.table is plain HTML: the map page loads no data-grid code (see benchmarks/bench.py).
    ui.table(view.table)
ui.download(
    view.export,
    file_stem=f"karta_{item}_{measure}_{round_label}",
    header_lines=[*data.export_header(round_label, measure, lang), labels[item]],
    key="karta_dl",
)
st.caption(ui.tr("kalla_scb"))
