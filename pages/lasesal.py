"""Läsesal: readers and stewards read and search the (redacted) free-text answers."""

import streamlit as st

import ui
from linnedata import urls
from ui import auth, competence, data, inline, reading

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
shown = reading.view(answers, query, filters, lang)

# --- render ---------------------------------------------------------------------------
if shown.warning is not None:
    st.warning(shown.warning, icon=":material/warning:")
st.caption(ui.tr("lasesal_antal", n=shown.found, N=len(answers)))
if shown.hits_html:  # escaped: the answers and their »marks« are plain text, never HTML
    inline.html(shown.hits_html)
if shown.found > competence.MAX_HITS:
    st.caption(ui.tr("lasesal_fler", n=competence.MAX_HITS))
st.header(ui.tr("lasesal_ord_rubrik"))
st.caption(ui.tr("lasesal_ord_forklaring"))
ui.dataframe(shown.words, hide_index=True, key="lasesal_ord")
