"""The Kommunprofil page's sections, drawn from a ``linnedata.views.profile.ProfileView``."""

from __future__ import annotations

import streamlit as st

import ui
from linnedata.figures import similarity
from linnedata.views.profile import ProfileView
from ui import auth, data, inline, reports


def comparison_section(
    view: ProfileView, code: str, round_label: str, level: str, measure: str
) -> None:
    """The dot chart beside the neighbours and the region, its table and downloads, the
    change since last round, the contrasts with the neighbours and the themes."""
    heading = ui.tr("profil_jamforelse_rubrik", measure=ui.tr(f"matt_{measure}"))
    st.header(heading, help=reports.chart_help(measure))
    ui.chart(view.figure, key="profil_dots", name=f"{view.name}: {heading}. {view.sentence}")
    notes = [ui.safe(view.sentence), ui.tr("profil_n_forklaring")]
    if view.small:
        notes.append(ui.tr("fa_svar_markering"))
    st.caption("\n\n".join(notes))  # one element, not three: fewer messages per run
    if box := ui.opened(ui.tr("visa_tabell"), key="profil_tabell"):
        with box:
            ui.table(view.table, hide_index=True)
    ui.download(
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
        st.header(ui.tr("teman_rubrik", measure=ui.tr(f"matt_{measure}")))
        ui.table(view.themes)


def side_section(view: ProfileView) -> None:
    """Priorities, the neighbours' map, similar municipalities and the forms wanted."""
    _headed(ui.tr("profil_prioriteringar"), "\n".join(view.priority_lines))
    st.header(ui.tr("profil_grannar"))
    inline.show(view.locator)
    st.markdown(ui.safe(view.neighbours))
    st.caption(f"{ui.tr('lage_legend')}\n\n{ui.tr('grannar_forklaring')}")  # one element

    _similar(view)
    if view.forms.empty:
        st.header(ui.tr("profil_former"))
        st.caption(ui.tr("profil_inga_former"))
    else:
        _headed(ui.tr("profil_former"), "\n".join(view.form_lines))


def _similar(view: ProfileView) -> None:
    """The most similar municipalities: heading, list and Jämför link as one element, then
    one caption (how they were found, who was left out)."""
    lines = "\n".join(view.similar_lines)
    if view.similar.compared:
        _headed(
            ui.tr("liknande_rubrik"),
            f"{lines}\n\n[{ui.tr('liknande_jamfor')}]({view.similar_link})",
        )
    else:
        st.header(ui.tr("liknande_rubrik"))
        st.info(
            ui.say("liknande_for_fa", name=view.name, n=similarity.MIN_AREAS),
            icon=":material/info:",
        )
        if lines:
            st.markdown(lines)
    notes = []
    if view.similar.compared:
        notes.append(ui.tr("liknande_forklaring", n=similarity.MIN_AREAS, top=similarity.TOP))
    if view.excluded:
        notes.append(ui.say("liknande_utelamnade", n=similarity.MIN_AREAS, names=view.excluded))
    if notes:
        st.caption("\n\n".join(notes))


def _headed(heading: str, body: str) -> None:
    """A section heading (h2, as ``st.header``) and its Markdown text as one element: one
    message per run instead of two. ``heading`` is our own text; ``body`` is escaped."""
    st.markdown(f"## {heading}\n\n{body}" if body else f"## {heading}")


def answers_section(view: ProfileView) -> None:
    """The individual responses, for readers and stewards only (ui.auth), as one table (one
    element, not three per response); visitors see a note. ``ui.table`` quotes every cell:
    the free text is shown as written, never as Markdown or HTML."""
    st.header(ui.tr("profil_svar_rubrik"))
    if not auth.is_reader():
        st.caption(ui.tr("profil_svar_forvaltare", n=len(view.answers)))
        return
    ui.table(view.answer_table, hide_index=True)
