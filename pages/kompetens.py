"""Kompetens: demand against the faculty's supply per area, where the demand lies, joint projects."""

import streamlit as st

import ui
from linnedata import urls
from ui import a11y, as_table, competence, controls, data, downloads, inline, projects

ui.page_setup()
lang = ui.lang()

# --- inputs ---------------------------------------------------------------------------
st.title(ui.tr("komp_rubrik"))
data.demo_notice(data.is_demo())
inputs = ui.input_row(2)
round_label = controls.round_select(inputs[0])
areas = data.items("area", lang)
area = ui.bound_select(
    urls.AREA, areas, next(iter(areas)), ui.tr("komp_valj_omrade"), container=inputs[1]
)

# --- data -----------------------------------------------------------------------------
people, is_demo = competence.registry()
table = competence.demand_supply_table(round_label, lang)

# --- render ---------------------------------------------------------------------------
# the introduction, whose list it is, the table's heading and how to read it: one element
demo_list = [ui.tr("komp_demo_lista")] if is_demo else []
table_heading = f"## {ui.tr('komp_tabell_rubrik')}"
st.markdown(
    "\n\n".join([ui.tr("komp_ingress"), *demo_list, table_heading, ui.tr("komp_tabell_forklaring")])
)
ui.dataframe(table, hide_index=True, key="komp_tabell")  # Arrow made once per cached table
downloads.download(
    table,
    file_stem=f"kompetens_efterfragan_{round_label}",
    header_lines=[ui.tr("komp_rubrik"), f"{ui.tr('omgang')}: {round_label}"],
    key="komp_dl",
)
st.header(ui.tr("komp_karta_rubrik", area=areas[area]))
# The map is inline SVG from the one map builder (linnedata.views.maps): priority points.
demand_map = data.map_view(round_label, "area", area, "prioriteringspoang", lang)
# the map, its sentence, the sources and its values: one element
words = a11y.notes_html([demand_map.sentence, ui.tr("kalla_scb")])
inline.show(demand_map.svg + words + as_table.markup(demand_map.table))
projects.proposals_section(round_label, lang)
projects.record_section(lang)
