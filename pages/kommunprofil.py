"""Kommunprofil: one municipality beside its neighbours and the region; similar municipalities."""

import streamlit as st

import ui
from linnedata import similarity
from ui import auth, competence, controls, data

ui.page_setup()

lang = ui.lang()
region = data.region()
names = data.names()

# --- inputs ---------------------------------------------------------------------------
inputs = st.columns([2, 1, 1.2, 1.6])
code = ui.bound_select("kommun", names, "0780", ui.tr("kolumn_kommun"), container=inputs[0])
round_label = controls.round_select(inputs[1])
level = controls.level_select("area", inputs[2])
measure = controls.measure_select("medelbetyg", inputs[3])

# --- data -----------------------------------------------------------------------------
survey = data.surveys()[round_label]
county = region.loc[region["kommun_kod"] == code, "lan"].iloc[0]
respondents = int((survey.responses["kommun_kod"] == code).sum())
neighbours = data.neighbours(code)

# --- render ---------------------------------------------------------------------------
st.title(names[code])
ui.demo_notice(data.is_demo())
st.markdown(ui.tr("profil_ingress", county=county, n=respondents, round=round_label))
if respondents == 0:
    st.info(ui.tr("profil_inget_svar", name=names[code], round=round_label), icon=":material/info:")
    st.stop()
if respondents == 1:
    st.caption(ui.tr("profil_en_svarande", name=names[code]))
view = data.profile_view(code, round_label, level, measure, lang)
similar = data.similar(code, round_label)
similar_rows = data.similar_table(code, round_label, lang)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(ui.tr("profil_jamforelse_rubrik", measure=ui.tr(f"matt_{measure}")))
    st.plotly_chart(view.figure, config={"displaylogo": False}, key="profil_dots")
    st.caption(view.sentence)
    st.caption(ui.tr("profil_n_forklaring"))
    if view.small:
        st.caption(ui.tr("fa_svar_markering"))
    with st.expander(ui.tr("visa_tabell")):
        st.dataframe(view.table, hide_index=True)
    ui.download(
        view.export,
        file_stem=f"profil_{code}_{level}_{measure}_{round_label}",
        header_lines=[*data.export_header(round_label, measure, lang), names[code]],
        key="profil_dl",
        figure=view.figure,
        title=f"{names[code]} – {ui.tr('profil_jamforelse_rubrik', measure=ui.tr(f'matt_{measure}'))}",
    )
    if view.change:
        st.markdown(view.change)
    st.subheader(ui.tr("kontraster_rubrik"))
    for sentence in view.contrasts:
        st.markdown(f"- {sentence}")
    if not view.contrasts:
        st.caption(ui.tr("kontraster_inga"))
    if view.themes is not None:
        st.subheader(ui.tr("teman_rubrik", measure=ui.tr(f"matt_{measure}")))
        st.table(view.themes.set_index(ui.tr("niva_theme")))

with right:
    st.subheader(ui.tr("profil_prioriteringar"))
    for rank, row in enumerate(view.priorities.head(5).itertuples(), start=1):
        st.markdown(
            ui.tr(
                "profil_prio_rad",
                rank=rank,
                label=row.label,
                points=ui.num(row.poang, 2),
                n=row.i_topp3,
                N=row.av,
            )
        )
    st.subheader(ui.tr("profil_grannar"))
    st.markdown(data.locator_svg(code, round_label, lang), unsafe_allow_html=True)
    st.markdown(
        ", ".join(
            row.kommun if row.i_regionen else f"{row.kommun} ({ui.tr('utanfor_regionen')})"
            for row in neighbours.itertuples()
        )
        or "–"
    )
    st.caption(ui.tr("grannar_forklaring"))

    st.subheader(ui.tr("liknande_rubrik"))
    if not similar.compared:
        st.info(
            ui.tr("liknande_for_fa", name=names[code], n=similarity.MIN_AREAS),
            icon=":material/info:",
        )
    for row in similar_rows.itertuples():
        st.markdown(
            ui.tr(
                "liknande_rad",
                name=row.kommun,
                link=row.lank,
                distance=ui.num(row.avstand, 2),
                shared=row.gemensamma,
            )
        )
    if similar.compared:
        st.caption(ui.tr("liknande_forklaring", n=similarity.MIN_AREAS, top=similarity.TOP))
        link = data.compare_link(code, [code, *similar_rows["kommun_kod"]], round_label, lang)
        st.markdown(f"[{ui.tr('liknande_jamfor')}]({link})")
    if similar.excluded:
        st.caption(
            ui.tr(
                "liknande_utelamnade",
                n=similarity.MIN_AREAS,
                names=", ".join(names.get(c, c) for c in similar.excluded),
            )
        )
    st.subheader(ui.tr("profil_former"))
    if view.forms.empty:
        st.caption(ui.tr("profil_inga_former"))
    for row in view.forms.itertuples():
        st.markdown(ui.tr("profil_form_rad", label=row.label, n=row.antal, N=row.av))

competence.profile_section(survey, code, lang)

st.subheader(ui.tr("profil_svar_rubrik"))
# Individual responses are for readers and stewards only (ui.auth); visitors see a note.
answers = view.answers if auth.is_reader() else view.answers.iloc[0:0]
if answers is not view.answers:
    st.caption(ui.tr("profil_svar_forvaltare", n=len(view.answers)))
for number, row in enumerate(answers.itertuples(), start=1):
    with st.container(border=True):
        st.caption(
            ui.tr(
                "profil_svar_meta",
                number=number,
                role=ui.tr(f"roll_{row.roll}") if isinstance(row.roll, str) else "–",
                seminar=ui.tr(f"svar_{row.seminarieintresse}")
                if isinstance(row.seminarieintresse, str)
                else "–",
                cofinance=ui.tr(f"svar_{row.medfinansiering}")
                if isinstance(row.medfinansiering, str)
                else "–",
            )
        )
        # Free text is shown as plain text, never interpreted as Markdown or HTML.
        st.text(row.utmaning_fritext or "–")
st.caption(ui.tr("kalla_scb"))
