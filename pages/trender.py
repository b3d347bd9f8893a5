"""Över tid och per roll: an area or theme over every round, by role, forms and co-financing."""

import streamlit as st

import ui
from linnedata import urls
from ui import a11y, as_table, controls, data, maptable, reports

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("trender_rubrik"))
data.demo_notice(data.is_demo())
st.caption(ui.tr("trender_intro"))

# --- inputs ---------------------------------------------------------------------------
inputs = ui.input_row(4)
whole = "region"
choices = {whole: ui.tr("trender_hela_regionen"), **data.names()}
chosen = ui.bound_select(urls.WHO, choices, whole, ui.tr("trender_vem"), container=inputs[0])
level = controls.level_select("area", inputs[1])
labels = data.items(level, lang)
item = ui.bound_select(
    urls.item_key(level), labels, next(iter(labels)), ui.tr(f"niva_{level}"), container=inputs[2]
)
measure = controls.measure_select("medelbetyg", inputs[3])

# --- data -----------------------------------------------------------------------------
code = None if chosen == whole else chosen
view = data.trends_view(code, level, item, measure, lang)
latest = data.rounds()[0]

# --- render ---------------------------------------------------------------------------
st.header(ui.safe(view.heading), help=reports.chart_help(measure))
ui.chart(view.figure, key="trend_linjer", name=f"{view.heading}. {view.sentence}")
# the chart in words and its values, open (escaped HTML: no Arrow bytes each run): one element
as_table.show(view.trend, words=[view.sentence], label=view.heading, expanded=True)
if len(data.rounds()) < 2:
    st.info(ui.tr("trend_en_omgang"), icon=":material/info:")

roles_heading = ui.tr("trender_roller_rubrik", round=latest)
st.header(roles_heading)
if view.roles.empty:
    st.info(ui.tr("trender_inga_roller"), icon=":material/info:")
else:
    ui.html_table(view.roles, label=roles_heading, note=ui.tr("trender_roller_not"))

forms_heading = ui.tr("trender_former_rubrik", round=latest)
st.header(forms_heading)
ui.html_table(view.forms, label=forms_heading)
cofinancing_heading = ui.tr("trender_medfinansiering")
st.subheader(cofinancing_heading)
ui.html_table(view.cofinancing, label=cofinancing_heading)
svg, sentence = data.cofinancing_map(lang)
# Inline SVG from the one map builder (every text in it escaped; see linnedata.graphics.svgmap);
# the map, its sentence, the sources and its values: one element.
maptable.draw(svg, a11y.notes_html([sentence, ui.tr("kalla_scb")]))
