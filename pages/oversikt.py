"""Översikt: which challenges dominate the region, and how that changed since last round."""

import streamlit as st

import ui
from ui import a11y, as_table, controls, data, downloads, maptable, projects, reports

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("oversikt_rubrik"))
data.demo_notice(data.is_demo())

# --- inputs ---------------------------------------------------------------------------
inputs = ui.input_row(3)
round_label = controls.round_select(inputs[0])
level = controls.level_select("theme", inputs[1])
measure = controls.measure_select("prioriteringspoang", inputs[2])

# --- data -----------------------------------------------------------------------------
view = data.overview_view(round_label, level, measure, lang)
coverage, before = view.coverage, view.previous_coverage

# --- render ---------------------------------------------------------------------------
metrics = [st.container(horizontal=True, gap="medium")] * 3  # one row: one message
since = ui.say("jamfort_med", round=view.previous) if before else None
metrics[0].metric(
    ui.tr("kommuner_svarat"),
    ui.tr("n_av_N", n=coverage.answered, N=coverage.invited),
    **a11y.delta_in_words(coverage.answered, before and before.answered, view.previous, lang),
    help=since,
)
metrics[1].metric(
    ui.tr("svarande"),
    coverage.respondents,
    **a11y.delta_in_words(coverage.respondents, before and before.respondents, view.previous, lang),
    help=since,
)
metrics[2].metric(
    ui.tr("storst_utmaning"),
    ui.safe(view.top),
    help=ui.tr("enligt_matt", measure=ui.tr(f"matt_{measure}")),
)
reports.pdf_button(reports.REGION, round_label, lang, key="oversikt_pdf")

left, right = st.columns([3, 2], gap="large")
with left:
    level_name, measure_name = ui.tr(f"niva_{level}_plural"), ui.tr(f"matt_{measure}")
    heading = ui.tr("rangordning_rubrik", level=level_name, measure=measure_name)
    st.header(heading, help=reports.chart_help(measure))
    ui.chart(view.figure, key="oversikt_bars", name=f"{heading}. {view.sentence}")
    # the chart in words, the change since the last round and the values: one element
    as_table.show(view.table, words=[view.sentence, view.change], label=heading)
    downloads.download(
        view.export,
        file_stem=f"region_{level}_{measure}_{round_label}",
        header_lines=data.export_header(round_label, measure, lang),
        key="oversikt_dl",
        figure=view.figure,
        title=heading,
    )
with right:
    st.header(ui.tr("tackning_rubrik"), help=reports.chart_help("svarande"))
    coverage_map = data.coverage_svg(round_label, lang)
    missing = ", ".join(coverage.missing_names) or "–"
    text = ui.tr("tackning_alt", n=coverage.answered, N=coverage.invited, missing=missing)
    # the map, its words, the sources and its values: one element
    maptable.draw(coverage_map, a11y.notes_html([text, ui.tr("kalla_scb")]))
projects.funnel_section(round_label, lang)
