"""Jämför: 2–12 municipalities side by side, area by area (or theme by theme)."""

import streamlit as st

import ui
from linnedata import urls
from linnedata.graphics import charts
from ui import as_table, controls, data, downloads, reports

ui.page_setup()

lang = ui.lang()
names = data.names()
st.title(ui.tr("jamfor_rubrik"))
data.demo_notice(data.is_demo())

# --- inputs ---------------------------------------------------------------------------
inputs = ui.input_row(4)
code = ui.bound_select(
    urls.MUNICIPALITY, names, "0780", ui.tr("jamfor_utgangskommun"), container=inputs[0]
)
round_label = controls.round_select(inputs[1])
level = controls.level_select("area", inputs[2])
measure = controls.measure_select("medelbetyg", inputs[3])
controls.compare_shortcuts(code, names[code], round_label)
codes = ui.bound_multiselect(
    urls.MUNICIPALITIES,
    names,
    data.shortcut_codes(code, round_label, "grannar"),
    ui.tr("jamfor_kommuner", max=data.MAX_COMPARED),
    max_selections=data.MAX_COMPARED,
)
labels = data.items(level, lang)
sort_by = ui.bound_select(
    urls.sort_key(level),
    {"val": ui.tr("jamfor_sortera_val"), **labels},
    "val",
    ui.tr("jamfor_sortera"),
)

# --- data -----------------------------------------------------------------------------
if len(codes) < 2:
    st.info(ui.tr("jamfor_for_fa"), icon=":material/info:")
    st.stop()
view = data.compare_view(tuple(codes), round_label, level, measure, sort_by, lang)

# --- render ---------------------------------------------------------------------------
title = ui.tr(
    "jamfor_diagram_rubrik", measure=ui.tr(f"matt_{measure}"), n=len(codes), round=round_label
)
heading = ui.safe(title)  # as Markdown, for the header
st.header(heading, help=reports.chart_help(measure))
ui.chart(
    view.figure,
    key="jamfor_heatmap",
    name=f"{title}. {view.sentence}",
    min_width=charts.heatmap_min_width(len(view.values.columns)),
)
notes = [view.sentence, ui.tr("jamfor_las_sa"), ui.tr("kalla_scb")]
if view.small:
    notes.append(ui.tr("fa_svar_markering"))
if view.missing:
    notes.append(ui.tr("jamfor_utan_svar", names=", ".join(view.missing), round=round_label))
# the chart in words, how to read it, the sources and its values: one element
as_table.show(view.table, words=notes, label=title)
downloads.download(
    view.export,
    file_stem=f"jamfor_{level}_{measure}_{round_label}",
    header_lines=[
        *data.export_header(round_label, measure, lang),
        ", ".join(names[c] for c in codes),
    ],
    key="jamfor_dl",
    figure=view.figure,
    title=title,
)
