"""What every page needs for assistive technology, drawn once from app.py.

Streamlit hard-codes ``<html lang="en">`` (streamlit/streamlit#15726), so a tiny script sets
the document's language to the chosen one on every run (and so after every switch). The same
script lets Esc hide a map's tooltip until the pointer or focus moves again (WCAG 1.4.13).
A small style raises the contrast of Streamlit's faded texts (captions, help, placeholders)
to at least 4.5:1 on white.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from linnedata import i18n

# Captions and widget help are the theme's text colour at 60 % opacity (3.88:1 with the
# default). This grey reaches 7.0:1 on white and 6.3:1 on the sidebar's #f0f2f6.
FADED_TEXT = "#4a4d57"

_SCRIPT = """<script>
(() => {
  const root = window.parent && window.parent.document ? window.parent.document : document;
  root.documentElement.lang = %(lang)s;
  if (!root.documentElement.dataset.tipsEsc) {
    root.documentElement.dataset.tipsEsc = "1";
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") root.documentElement.classList.add("tips-off");
    });
    const back = () => root.documentElement.classList.remove("tips-off");
    root.addEventListener("pointermove", back);
    root.addEventListener("focusin", back);
  }
})();
</script>"""

_STYLE = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small, [data-testid="stTooltipHoverTarget"],
[data-testid="stMetricDelta"] ~ div, .stTextInput input::placeholder,
.stTextArea textarea::placeholder {{ color: {FADED_TEXT}; opacity: 1; }}
</style>"""


def page_chrome(lang: str) -> None:
    """Declare the page's language and add the contrast style (call once per run, in app.py)."""
    st.html(_STYLE)
    st.html(_SCRIPT % {"lang": json.dumps(lang)}, unsafe_allow_javascript=True)


def delta_in_words(
    now: int, before: int | None, previous_round: str | None, lang: str
) -> dict[str, Any]:
    """``st.metric``'s ``delta`` and ``delta_description`` for a count against the previous
    round, so the change is said in words ("↑ 2 fler än omgång 2023"), not by an arrow alone.

    Args:
        now: this round's count.
        before: the previous round's count, or None when there is none (no delta shown).
        previous_round: the previous round's label.
        lang: the page's language.

    Returns:
        Keyword arguments for ``st.metric`` (empty when there is no previous round).

    >>> delta_in_words(7, 5, "2023", "sv")
    {'delta': 2, 'delta_description': 'fler än omgång 2023'}
    >>> delta_in_words(4, 5, "2023", "en")["delta_description"]
    'fewer than in round 2023'
    """
    if before is None or previous_round is None:
        return {}
    change = now - before
    key = "delta_fler" if change > 0 else "delta_farre" if change < 0 else "delta_lika"
    return {"delta": change, "delta_description": i18n.t(key, lang, round=previous_round)}
