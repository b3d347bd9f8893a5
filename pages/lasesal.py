"""Läsesal: readers and stewards read and search the (redacted) free-text answers."""

import streamlit as st

import ui
from linnedata.competence import search
from ui import auth, competence, data

ui.page_setup()
lang = ui.lang()

st.title(ui.tr("lasesal_rubrik"))
ui.demo_notice(data.is_demo())
st.markdown(ui.tr("lasesal_ingress"))
if not auth.reader_gate():
    st.stop()

# --- inputs ---------------------------------------------------------------------------
every = ui.tr("lasesal_alla")
names = data.names()
areas = data.items("area", lang)
answers = competence.answers()
query = st.text_input(ui.tr("lasesal_sok"), key="lasesal_sok", placeholder="bostad")
cols = st.columns(4)
round_label = cols[0].selectbox(ui.tr("omgang"), [every, *data.rounds()], key="lasesal_omgang")
code = cols[1].selectbox(
    ui.tr("kolumn_kommun"),
    [every, *names],
    format_func=lambda c: names.get(c, c),
    key="lasesal_kommun",
)
area = cols[2].selectbox(
    ui.tr("komp_valj_omrade"),
    [every, *areas],
    format_func=lambda a: areas.get(a, a),
    key="lasesal_omrade",
)
roles = sorted(r for r in answers["roll"].dropna().unique())
role = cols[3].selectbox(
    ui.tr("komp_kol_roll"),
    [every, *roles],
    format_func=lambda r: r if r == every else ui.tr(f"roll_{r}"),
    key="lasesal_roll",
)


# --- data -----------------------------------------------------------------------------
def _chosen(value: str) -> str | None:
    return None if value == every else value


hits = search.search(
    answers,
    query,
    round_label=_chosen(round_label),
    municipality=_chosen(code),
    area=_chosen(area),
    role=_chosen(role),
)
words = search.frequent_by_area(
    answers if _chosen(round_label) is None else answers.loc[answers["omgang"] == round_label],
    areas,
)

# --- render ---------------------------------------------------------------------------
st.caption(ui.tr("lasesal_antal", n=len(hits), N=len(answers)))
# st.text: the answers and their »marks« are never rendered as Markdown or HTML.
for row in competence.hits_table(hits.head(competence.MAX_HITS), lang).itertuples(index=False):
    with st.container(border=True):
        st.text(" · ".join(row[:-1]))
        st.text(row[-1])
if len(hits) > competence.MAX_HITS:
    st.caption(ui.tr("lasesal_fler", n=competence.MAX_HITS))
st.subheader(ui.tr("lasesal_ord_rubrik"))
st.caption(ui.tr("lasesal_ord_forklaring"))
st.dataframe(
    words.rename(
        columns={
            "omrade": ui.tr("komp_kol_omrade"),
            "ord": ui.tr("lasesal_kol_ord"),
            "antal": ui.tr("lasesal_kol_antal"),
        }
    ),
    hide_index=True,
    key="lasesal_ord",
)
