"""The Kommunprofil page's sections, drawn from a ``linnedata.views.profile.ProfileView``."""

from __future__ import annotations

import streamlit as st

import ui
from linnedata.figures import similarity
from linnedata.views.profile import ProfileView
from ui import a11y, as_table, auth, data, downloads, inline, reports


def comparison_section(
    view: ProfileView, code: str, round_label: str, level: str, measure: str
) -> None:
    """The dot chart beside the neighbours and the region, its table and downloads, the
    change since last round, the contrasts with the neighbours and the themes."""
    heading = ui.tr("profil_jamforelse_rubrik", measure=ui.tr(f"matt_{measure}"))
    st.header(heading, help=reports.chart_help(measure))
    ui.chart(view.figure, key="profil_dots", name=f"{view.name}: {heading}. {view.sentence}")
    notes = [view.sentence, ui.tr("profil_n_forklaring")]
    if view.small:
        notes.append(ui.tr("fa_svar_markering"))
    # the chart in words, how to read it and its values: one element
    as_table.show(view.table, words=notes, label=heading)
    downloads.download(
        view.export,
        file_stem=f"profil_{code}_{level}_{measure}_{round_label}",
        header_lines=[*data.export_header(round_label, measure, ui.lang()), view.name],
        key="profil_dl",
        figure=view.figure,
        title=f"{view.name} – {heading}",
    )
    # the change since last round and the contrasts' heading and list: one element
    change = [ui.safe(view.change)] if view.change else []
    if view.contrasts:
        contrasts = "\n".join(f"- {ui.safe(s)}" for s in view.contrasts)
        st.markdown("\n\n".join([*change, f"## {ui.tr('kontraster_rubrik')}", contrasts]))
    else:
        if change:
            st.markdown(change[0])
        st.header(ui.tr("kontraster_rubrik"))
        st.caption(ui.tr("kontraster_inga"))
    if view.themes is not None:
        themes = ui.tr("teman_rubrik", measure=ui.tr(f"matt_{measure}"))
        st.header(themes)
        ui.html_table(view.themes, label=themes)


def side_section(view: ProfileView) -> None:
    """Priorities, the neighbours' map, similar municipalities and the forms wanted, in as
    few elements as the layout allows (each costs the run a message): one text before the
    map, the map with its notes, one text after it."""
    priorities = "\n".join(view.priority_lines)
    st.markdown(
        f"## {ui.tr('profil_prioriteringar')}\n\n{priorities}\n\n## {ui.tr('profil_grannar')}"
    )
    # the map, its two notes and the sources: one element
    inline.show(
        view.locator
        + a11y.notes_html([ui.tr("lage_legend"), ui.tr("grannar_forklaring"), ui.tr("kalla_scb")])
    )
    parts = _neighbours_and_similar(view)
    forms = "\n".join(view.form_lines) or ui.tr("profil_inga_former")
    parts += [f"## {ui.tr('profil_former')}", forms]
    st.markdown("\n\n".join(parts))


def _neighbours_and_similar(view: ProfileView) -> list[str]:
    """The neighbours' names and the most similar municipalities (heading, list, Jämför
    link, how they were found, who was left out) as Markdown parts of the text after the
    map. With too few areas to compare, the names, the heading and the notice are drawn
    here, and the parts are what follows them."""
    lines = "\n".join(view.similar_lines)
    notes = []
    if view.similar.compared:
        notes.append(ui.tr("liknande_forklaring", n=similarity.MIN_AREAS, top=similarity.TOP))
    if view.excluded:
        notes.append(ui.say("liknande_utelamnade", n=similarity.MIN_AREAS, names=view.excluded))
    if view.similar.compared:
        link = f"[{ui.tr('liknande_jamfor')}]({view.similar_link})"
        return [ui.safe(view.neighbours), f"## {ui.tr('liknande_rubrik')}", lines, link, *notes]
    st.markdown(ui.safe(view.neighbours))
    st.header(ui.tr("liknande_rubrik"))
    st.info(
        ui.say("liknande_for_fa", name=view.name, n=similarity.MIN_AREAS), icon=":material/info:"
    )
    return [part for part in (lines, *notes) if part]


def answers_section(view: ProfileView) -> None:
    """The individual responses, for readers and stewards only (ui.auth), as one text (one
    element, not three per response; it reads at any width, where a table squeezed the own
    words off a phone's screen); visitors see a note. The own words are escaped: shown as
    written, never as Markdown or HTML."""
    if not auth.is_reader():  # the heading and the note: one element
        ui.headed(ui.tr("profil_svar_rubrik"), ui.tr("profil_svar_forvaltare", n=len(view.answers)))
        return
    ui.headed(ui.tr("profil_svar_rubrik"), view.answer_text)
