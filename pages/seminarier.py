"""Seminarier: topic demand, the topics that cover most municipalities, groups, researchers."""

import streamlit as st

import ui
from linnedata import seminars as sm
from linnedata.errors import InputError
from linnedata.seminars import PlanInfeasible, Settings
from ui import competence, controls, data
from ui import seminars as view

ui.page_setup()

lang = ui.lang()
st.title(ui.tr("sem_rubrik"))
ui.demo_notice(data.is_demo())
st.markdown(ui.tr("sem_ingress"))

# --- inputs ---------------------------------------------------------------------------
inputs = st.columns([1, 1.2, 1, 1, 1, 1.3])
round_label = controls.round_select(inputs[0])
level = controls.level_select("area", inputs[1])
seminars = int(
    ui.bound_select(
        "seminarier", view.SEMINAR_OPTIONS, "4", ui.tr("sem_antal"), container=inputs[2]
    )
)
low = int(
    ui.bound_select("min_per_grupp", view.MIN_OPTIONS, "3", ui.tr("sem_min"), container=inputs[3])
)
high = int(
    ui.bound_select("max_per_grupp", view.MAX_OPTIONS, "8", ui.tr("sem_max"), container=inputs[4])
)
cap_options = {o: (ui.tr("sem_ingen_grans") if o == "ingen" else o) for o in view.CAP_OPTIONS}
cap = ui.bound_select("per_lan", cap_options, "ingen", ui.tr("sem_per_lan"), container=inputs[5])
labels = data.items(level, lang)
prefs = view.preferences(round_label, level)
names = dict(zip(prefs.codes, prefs.municipalities["kommun"], strict=True))

locks_key = f"sem_lasningar_{level}"
locks: list[tuple[str, str]] = st.session_state.setdefault(locks_key, [])
with st.expander(ui.tr("sem_amnen_och_las"), expanded=bool(locks)):
    chosen = st.columns(2)
    include = chosen[0].multiselect(
        ui.tr("sem_maste_med"), list(labels), format_func=labels.get, key=f"sem_med_{level}"
    )
    exclude = chosen[1].multiselect(
        ui.tr("sem_uteslut"), list(labels), format_func=labels.get, key=f"sem_utan_{level}"
    )
    lock_row = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
    lock_code = lock_row[0].selectbox(
        ui.tr("sem_las_kommun"), list(names), format_func=names.get, key="sem_las_kommun"
    )
    lock_topic = lock_row[1].selectbox(
        ui.tr("sem_las_amne"), list(labels), format_func=labels.get, key=f"sem_las_amne_{level}"
    )
    if lock_row[2].button(ui.tr("sem_las_knapp"), key="sem_las_knapp", disabled=not names):
        locks[:] = [lock for lock in locks if lock[0] != lock_code] + [(lock_code, lock_topic)]
    if lock_row[3].button(ui.tr("sem_las_rensa"), key="sem_las_rensa", disabled=not locks):
        locks.clear()
    locks[:] = [lock for lock in locks if lock[0] in names]
    if locks:
        st.markdown(
            ui.tr(
                "sem_lasta",
                locks=", ".join(f"{names[code]} → {labels[topic]}" for code, topic in locks),
            )
        )

with st.expander(
    ui.tr("sem_kompetenslista"), expanded=st.session_state.get("sem_forskarfil") is not None
):
    st.caption(ui.tr("sem_forskare_hjalp"))
    st.file_uploader(ui.tr("sem_ladda_upp"), type=["csv", "txt"], key="sem_forskarfil")
    upload_slot = st.container()

settings = Settings(
    seminars=seminars,
    min_size=low,
    max_size=high,
    include=tuple(include),
    exclude=tuple(exclude),
    county_cap=None if cap == "ingen" else int(cap),
    locks=tuple(locks),
)

# --- data -----------------------------------------------------------------------------
demand = view.demand_table(round_label, level, lang)
try:
    plan = view.plan(round_label, level, settings, lang)
    problem = None
except PlanInfeasible as error:
    plan, problem = None, error.message(lang)
upload = st.session_state.get("sem_forskarfil")
content = upload.getvalue() if upload is not None else None
upload_problems = None
if content is not None:
    try:
        view.uploaded_researchers(content)
    except InputError as error:
        upload_problems, content = error.errors, None

# --- render ---------------------------------------------------------------------------
with upload_slot:
    if upload_problems:
        st.error(ui.tr("sem_fil_fel", n=len(upload_problems)), icon=":material/error:")
        st.table(view.problem_table(upload_problems, lang))
    elif content is not None:
        st.success(ui.tr("sem_fil_ok", n=len(view.uploaded_researchers(content))))
st.subheader(ui.tr("sem_efterfragan_rubrik", level=ui.tr(f"niva_{level}_plural")))
left, right = st.columns([1.7, 1], gap="medium")
with left:
    st.table(demand.set_index(ui.tr(f"niva_{level}")))
    st.caption(
        ui.tr(
            "sem_efterfragan_hjalp",
            n=len(prefs.codes),
            answered=int(view.demand(round_label, level)["antal_kommuner"].max()),
        )
    )
    ui.download(
        view.demand(round_label, level).assign(namn=lambda t: t["topic"].map(labels)),
        file_stem=f"seminarier_efterfragan_{level}_{round_label}",
        header_lines=[ui.tr("export_kalla"), ui.tr("export_omgang", round=round_label)],
        key="sem_dl_efterfragan",
    )
with right:
    top_topic = view.demand(round_label, level)["topic"].iloc[0]
    topic = st.selectbox(
        ui.tr("sem_karta_valj"),
        list(labels),
        index=list(labels).index(top_topic),
        format_func=labels.get,
        key=f"sem_karta_amne_{level}",
    )
    st.markdown(view.wanters_svg(round_label, level, topic, lang), unsafe_allow_html=True)
    wanters = ", ".join(
        f"{row.kommun} ({row.rang})"
        for row in sm.topic_wanters(prefs, topic).itertuples(index=False)
    )
    st.caption(ui.tr("sem_karta_efterfragan_alt", topic=labels[topic], names=wanters or "–"))

st.subheader(ui.tr("sem_plan_rubrik"))
if plan is None:
    st.error(problem, icon=":material/block:")
    st.stop()

matching = view.matching(round_label, level, settings, lang, content)
metrics = st.columns([1, 1, 2])
metrics[0].metric(
    ui.tr("sem_tackning"),
    ui.tr("n_av_N", n=plan.covered, N=plan.interested),
    help=ui.tr("sem_tackning_hjalp"),
)
metrics[1].metric(
    ui.tr("sem_preferens"), ui.num(plan.total_preference, 1), help=ui.tr("sem_preferens_hjalp")
)
with metrics[2]:
    st.caption(ui.tr("sem_valda_amnen"))
    st.markdown(" · ".join(f"**{sm.seminar_label(s, plan, labels)}**" for s in plan.seminars))

left, right = st.columns([3, 2], gap="large")
with right:
    st.markdown(view.coverage_svg(round_label, level, settings, lang), unsafe_allow_html=True)
    st.markdown(
        view.legend_html(
            [
                (view.COVERED_FILL, ui.tr("sem_tackt")),
                (view.UNCOVERED_FILL, ui.tr("sem_otackt")),
                (None, ui.tr("sem_deltar_inte")),
            ]
        ),
        unsafe_allow_html=True,
    )
    st.caption(
        ui.tr(
            "sem_otackta",
            names=", ".join(names[code] for code in plan.uncovered) or ui.tr("sem_inga"),
        )
    )
with left:
    for seminar in view.seminar_views(plan, matching, level, lang):
        with st.container(border=True):
            st.markdown(f"**{seminar.title}**")
            st.text("\n".join(seminar.lines))
            for line in seminar.researchers:
                st.markdown(f":material/school: {line}")
            if seminar.gap:
                st.warning(seminar.gap, icon=":material/person_off:")

st.subheader(ui.tr("sem_export_rubrik"))
xlsx, csv = view.downloads(round_label, level, settings, lang, content)
buttons = st.columns(2)
buttons[0].download_button(
    ui.tr("sem_ladda_ner_xlsx"),
    data=xlsx,
    file_name=f"seminarier_{level}_{round_label}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="sem_dl_xlsx",
    icon=":material/download:",
    on_click="ignore",
)
buttons[1].download_button(
    ui.tr("ladda_ner_csv"),
    data=csv,
    file_name=f"seminarier_{level}_{round_label}.csv",
    mime="text/csv",
    key="sem_dl_csv",
    icon=":material/download:",
    on_click="ignore",
)

st.subheader(ui.tr("sem_forskare_rubrik"))
if content is None:
    st.caption(ui.tr("sem_demo_forskare" if competence.registry()[1] else "komp_sem_registret"))
load = matching.load.rename(
    columns={
        "forskare": ui.tr("sem_export_forskare"),
        "kapacitet": ui.tr("sem_kol_kapacitet"),
        "seminarier": ui.tr("sem_kol_tilldelade"),
    }
)
st.table(load.set_index(ui.tr("sem_export_forskare")))
st.caption(ui.tr("kalla_scb"))
