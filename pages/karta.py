"""Karta: a choropleth of any measure for any theme or area; click a municipality to open it."""

import streamlit as st

import ui
from linnedata import summaries
from ui import controls, data

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
values = data.map_values(round_label, level, item, measure)
svg = data.map_svg(round_label, level, item, measure, lang)
fmt = lambda v: data.format_measure(v, measure, lang)  # noqa: E731

# --- render ---------------------------------------------------------------------------
st.subheader(ui.safe(f"{labels[item]} – {ui.tr(f'matt_{measure}').lower()}, {round_label}"))
# The map is inline SVG (see linnedata.svgmap): drawn with the page, no chart library.
st.markdown(svg, unsafe_allow_html=True)
st.caption(ui.tr("karta_hjalp"))
st.caption(ui.say("karta_alt", summary=summaries.map_sentence(values, fmt, lang)))

with st.expander(ui.tr("visa_tabell")):
    shown = values.assign(varde=[fmt(v) for v in values["value"]]).sort_values(
        "value", ascending=False
    )
    # st.table is plain HTML: the map page loads no data-grid code (see benchmarks/bench.py).
    ui.table(
        shown[["kommun", "varde", "n"]]
        .rename(
            columns={
                "kommun": ui.tr("kolumn_kommun"),
                "varde": ui.tr(f"matt_{measure}"),
                "n": ui.tr("antal_svarande_kort"),
            }
        )
        .set_index(ui.tr("kolumn_kommun")),
    )
ui.download(
    values.rename(columns={"value": measure}),
    file_stem=f"karta_{item}_{measure}_{round_label}",
    header_lines=[*data.export_header(round_label, measure, lang), labels[item]],
    key="karta_dl",
)
st.caption(ui.tr("kalla_scb"))
