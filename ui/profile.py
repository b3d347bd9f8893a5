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
    st.caption(ui.safe(view.sentence))
    st.caption(ui.tr("profil_n_forklaring"))
    if view.small:
        st.caption(ui.tr("fa_svar_markering"))
    with st.expander(ui.tr("visa_tabell")):
        ui.table(view.table, hide_index=True)
    ui.download(
        view.export,
        file_stem=f"profil_{code}_{level}_{measure}_{round_label}",
        header_lines=[*data.export_header(round_label, measure, ui.lang()), view.name],
        key="profil_dl",
        figure=view.figure,
        title=f"{view.name} – {heading}",
    )
    if view.change:
        st.markdown(ui.safe(view.change))
    st.header(ui.tr("kontraster_rubrik"))
    if view.contrasts:  # one list, one element (fewer messages per run)
        st.markdown("\n".join(f"- {ui.safe(sentence)}" for sentence in view.contrasts))
    else:
        st.caption(ui.tr("kontraster_inga"))
    if view.themes is not None:
        st.header(ui.tr("teman_rubrik", measure=ui.tr(f"matt_{measure}")))
        ui.table(view.themes)


def side_section(view: ProfileView) -> None:
    """Priorities, the neighbours' map, similar municipalities and the forms wanted."""
    st.header(ui.tr("profil_prioriteringar"))
    if view.priority_lines:
        st.markdown("\n".join(view.priority_lines))
    st.header(ui.tr("profil_grannar"))
    inline.show(view.locator)
    st.caption(ui.tr("lage_legend"))
    st.markdown(ui.safe(view.neighbours))
    st.caption(ui.tr("grannar_forklaring"))

    st.header(ui.tr("liknande_rubrik"))
    if not view.similar.compared:
        st.info(
            ui.say("liknande_for_fa", name=view.name, n=similarity.MIN_AREAS),
            icon=":material/info:",
        )
    if view.similar_lines:
        st.markdown("\n".join(view.similar_lines))
    if view.similar.compared:
        st.caption(ui.tr("liknande_forklaring", n=similarity.MIN_AREAS, top=similarity.TOP))
        st.markdown(f"[{ui.tr('liknande_jamfor')}]({view.similar_link})")
    if view.excluded:
        st.caption(ui.say("liknande_utelamnade", n=similarity.MIN_AREAS, names=view.excluded))
    st.header(ui.tr("profil_former"))
    if view.forms.empty:
        st.caption(ui.tr("profil_inga_former"))
    else:
        lines = (
            ui.say("profil_form_rad", label=r.label, n=r.antal, N=r.av)
            for r in view.forms.itertuples()
        )
        st.markdown("\n".join(lines))


def _role(value: object) -> str:
    return ui.tr(f"roll_{value}") if isinstance(value, str) else "–"


def _choice(value: object) -> str:
    return ui.tr(f"svar_{value}") if isinstance(value, str) else "–"


def answers_section(view: ProfileView) -> None:
    """The individual responses, for readers and stewards only (ui.auth); visitors see a note."""
    st.header(ui.tr("profil_svar_rubrik"))
    if not auth.is_reader():
        st.caption(ui.tr("profil_svar_forvaltare", n=len(view.answers)))
        return
    for number, row in enumerate(view.answers.itertuples(), start=1):
        with st.container(border=True):
            st.caption(
                ui.tr(
                    "profil_svar_meta",
                    number=number,
                    role=_role(row.roll),
                    seminar=_choice(row.seminarieintresse),
                    cofinance=_choice(row.medfinansiering),
                )
            )
            # Free text is shown as plain text, never interpreted as Markdown or HTML.
            st.text(row.utmaning_fritext or "–")
