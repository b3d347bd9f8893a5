"""Karta: a choropleth of any measure for any theme or area, or its change between two
rounds; find a municipality; click one to open it; its values as a table; download the map."""

import streamlit as st

import ui
from linnedata import urls
from ui import a11y, as_table, controls, data, downloads, inline, karta, reports

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("karta_rubrik"))
data.demo_notice(data.is_demo())

# --- inputs ---------------------------------------------------------------------------
inputs = ui.input_row(4)
level = controls.level_select("theme", inputs[1])
labels = data.items(level, lang)
item = ui.bound_select(
    urls.item_key(level),
    labels,
    next(iter(labels)),
    ui.tr(f"niva_{level}"),
    container=inputs[2],
)
measure = controls.measure_select("medelbetyg", inputs[3])
when = ui.input_row(4)
choice = karta.choose(inputs[0], when[0], when[1])
code = karta.search(when[2])
county = controls.county_select(when[3])

# --- data -----------------------------------------------------------------------------
view = karta.map_view(choice, level, item, measure, county)
stem = f"karta_{item}_{measure}_{'_'.join(filter(None, (choice.earlier, choice.later)))}"

# --- render ---------------------------------------------------------------------------
st.header(ui.safe(view.heading), help=reports.chart_help(measure))
a11y.marks_toggle(view.svg, lang)
# The map is inline SVG (see linnedata.graphics.svgmap), drawn without a Markdown parser. The
# found municipality, the map in words, how to use it, the sources and the values (an
# escaped HTML table: the page loads no Arrow table code, benchmarks/bench.py) come in the
# same element: one message a run.
words = [
    karta.found_line(view, code, measure),
    ui.tr("karta_alt", summary=view.sentence),
    ui.tr("karta_hjalp"),
    ui.tr("kalla_scb"),
]
table = as_table.markup(view.table, label=view.heading)
inline.show(karta.highlighted(view.svg, code) + a11y.notes_html(words) + table)
notes = [*data.export_header(choice.later, measure, lang), labels[item]]
downloads.download(
    view.export,
    file_stem=stem,
    header_lines=notes,
    key="karta_dl",
    more=karta.map_files(view, code, notes),
)
