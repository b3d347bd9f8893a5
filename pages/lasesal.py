"""Läsesal: readers and stewards read and search the (redacted) free-text answers."""

import streamlit as st

import ui
from linnedata import urls
from linnedata.competence import search
from ui import auth, competence, data

ui.page_setup()
lang = ui.lang()

st.title(ui.tr("lasesal_rubrik"))
data.demo_notice(data.is_demo())
st.markdown(ui.tr("lasesal_ingress"))
if not auth.reader_gate():
    st.stop()

# --- inputs ---------------------------------------------------------------------------
answers = competence.answers()
query = ui.bound_text(urls.READING_QUERY, ui.tr("lasesal_sok"), placeholder="bostad")
filters = competence.filters(answers, lang)

# --- data -----------------------------------------------------------------------------
try:
    hits = search.search(answers, query, **filters)
except search.QueryTooLongError as too_long:
    st.warning(too_long.message(lang), icon=":material/warning:")
    hits = search.search(answers.iloc[:0], "", **filters)
round_label = filters["round_label"]
words = search.frequent_by_area(
    answers if round_label is None else answers.loc[answers["omgang"] == round_label],
    data.items("area", lang),
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
st.header(ui.tr("lasesal_ord_rubrik"))
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
