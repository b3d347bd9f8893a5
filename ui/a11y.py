"""What every page needs for assistive technology, drawn once from app.py.

Streamlit hard-codes ``<html lang="en">`` (streamlit/streamlit#15726), so a tiny script sets
the document's language to the chosen one on every run (and so after every switch). The same
script lets Esc hide a map's tooltip until the pointer or focus moves again (WCAG 1.4.13).
A small style raises the contrast of Streamlit's faded texts (captions, help, placeholders)
to at least 4.5:1 on white.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from linnedata import i18n
from linnedata.graphics import svgmap

# Captions and widget help are the theme's text colour at 60 % opacity (3.88:1 with the
# default). This grey reaches 7.0:1 on white and 6.3:1 on the sidebar's #f0f2f6.
FADED_TEXT = "#4a4d57"

_SCRIPT = """<script>
(() => {
  const root = window.parent && window.parent.document ? window.parent.document : document;
  root.documentElement.lang = %(lang)s;
  // Streamlit's own texts in the page's language: [pattern, replacement] pairs for this
  // language (see streamlit_words); attributes anywhere, text only in Streamlit's chrome.
  root.__a11yWords = %(words)s.map(([p, to]) => [new RegExp(p), to]);
  if (!root.documentElement.dataset.a11yWords) {
    root.documentElement.dataset.a11yWords = "1";
    const chrome = %(chrome)s;
    const swap = (value) => {
      const text = value.trim();
      for (const [pattern, to] of root.__a11yWords)
        if (pattern.test(text)) return text.replace(pattern, to);
      return null;
    };
    const fix = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const to = node.parentElement?.closest(chrome) && swap(node.nodeValue);
        if (to && to !== node.nodeValue.trim()) node.nodeValue = to;
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      for (const el of [node, ...node.querySelectorAll("[aria-label],[placeholder],[title]")])
        for (const name of ["aria-label", "placeholder", "title"]) {
          const value = el.getAttribute(name);
          const to = value && swap(value);
          if (to && to !== value) el.setAttribute(name, to);
        }
      const texts = root.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      while (texts.nextNode()) fix(texts.currentNode);
    };
    new MutationObserver((changes) => changes.forEach((change) => {
      if (change.type === "childList") change.addedNodes.forEach(fix);
      else fix(change.target);
    })).observe(root.body, {childList: true, subtree: true, characterData: true,
                            attributes: true, attributeFilter: ["aria-label", "placeholder", "title"]});
    root.__a11yFix = fix;
  }
  root.__a11yFix(root.body);  // what is drawn already (and all of it after a switch)
  if (!root.documentElement.dataset.tipsEsc) {
    root.documentElement.dataset.tipsEsc = "1";
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") root.documentElement.classList.add("tips-off");
    });
    const back = () => root.documentElement.classList.remove("tips-off");
    root.addEventListener("pointermove", back);
    root.addEventListener("focusin", back);
    // A chart that scrolls sideways on a narrow screen (see chart(min_width=…)) takes
    // keyboard focus, so it can be scrolled with the arrow keys (WCAG 2.1.1, 1.4.10).
    // The headings' hidden "link to heading" anchors are not Tab stops (two per page before
    // the map otherwise); a pointer can still use them.
    const focusable = () => {
      root.querySelectorAll(
        '[class*="st-key-%(scroll)s"] [data-testid="stPlotlyChart"]:not([tabindex])'
      ).forEach((chart) => chart.setAttribute("tabindex", "0"));
      root.querySelectorAll('[data-testid="stHeaderActionElements"] a:not([tabindex])')
        .forEach((anchor) => anchor.setAttribute("tabindex", "-1"));
    };
    new MutationObserver(focusable).observe(root.body, {childList: true, subtree: true});
    focusable();
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
    values = {
        "lang": json.dumps(lang),
        "scroll": _SCROLL,
        "words": json.dumps(streamlit_words(lang), ensure_ascii=False),
        "chrome": json.dumps(STREAMLIT_CHROME),
    }
    st.html(_SCRIPT % values, unsafe_allow_javascript=True)


STREAMLIT_CHROME = (
    ", ".join(
        f'[data-testid="{testid}"]'
        for testid in (
            "stSkipToContent",
            "stFileUploaderDropzone",
            "stTooltipContent",
            "stElementToolbar",
            "stMultiSelect",
            "stSelectbox",
        )
    )
    + ', [data-baseweb="popover"]'
)

"""Where Streamlit's own texts are (the only places their text nodes are translated)."""


@functools.cache
def streamlit_words(lang: str) -> list[tuple[str, str]]:
    """Streamlit's own texts (``streamlit_*`` keys) as JavaScript ``[pattern, replacement]``
    pairs that turn the other language's text into ``lang``'s: English → Swedish on a
    Swedish page, and back after a switch to English. ``{value}``/``{more}`` match the rest.

    >>> [to for _, to in streamlit_words("sv") if to.startswith("Ta bort")]
    ['Ta bort $1']
    """
    other = next(code for code in i18n.LANGUAGES if code != lang)
    pairs = []
    for key, texts in sorted(i18n.load_texts().items()):
        if key.startswith("streamlit_"):
            pattern = re.escape(texts[other])
            replacement = texts[lang]
            for number, name in enumerate(("value", "more"), start=1):
                pattern = pattern.replace(re.escape("{" + name + "}"), "(.+)")
                replacement = replacement.replace("{" + name + "}", f"${number}")
            pairs.append((f"^{pattern}$", replacement))
    return pairs


_SCROLL = "rulla_"
"""The key prefix of the box around a chart that scrolls sideways when the screen is narrow."""


def chart(
    figure: go.Figure | dict[str, Any],
    *,
    name: str,
    key: str,
    min_width: int | None = None,
    config: dict[str, Any] | None = None,
) -> None:
    """A plotly chart with an accessible name and without plotly's mode bar (whose English
    buttons would be Tab stops); pages call it through ``ui.chart``.

    Args:
        figure: the chart (or its prepared dict, ``ui.prepared``).
        name: its accessible name (``role="figure"`` with this ``aria-label``): what it
            shows, in one or two sentences.
        key: the element's key.
        min_width: the narrowest (CSS px) the chart is drawn; on a narrower screen (a phone,
            200 % zoom) it scrolls sideways in its box, which takes keyboard focus, rather
            than squeezing its cells until their labels vanish (WCAG 1.4.10).
        config: plotly's settings (no mode bar by default).
    """
    options: dict[str, Any] = dict(config=config or {"displayModeBar": False}, key=key, alt=name)
    if min_width is None:
        st.plotly_chart(figure, **options)
        return
    box = st.container(key=f"{_SCROLL}{key}")
    box.html(
        f"<style>.st-key-{_SCROLL}{key}{{overflow-x:auto}}"
        f".st-key-{_SCROLL}{key}>.stElementContainer:has([data-testid=stPlotlyChart])"
        f"{{min-width:{int(min_width)}px}}"
        f".st-key-{_SCROLL}{key} [data-testid=stPlotlyChart]:focus-visible"
        "{outline:3px solid #000;outline-offset:2px;box-shadow:0 0 0 5px #fff}</style>"
    )
    box.plotly_chart(figure, **options)


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


def marks_toggle(svg: str, lang: str, css_class: str = "kommunkarta") -> None:
    """A toggle that prints the values on the page's map ``svg`` (WCAG 1.4.13: no hover
    needed); the map's marks are drawn hidden, so switching it draws no new map. Nothing is
    drawn for a map without marks (too many municipalities, ``svgmap.MAX_MARKS``)."""
    if not svgmap.has_marks(svg):
        return
    label, help_text = i18n.t("karta_visa_varden", lang), i18n.t("karta_visa_varden_hjalp", lang)
    if st.toggle(label, key="karta_varden", help=help_text):
        st.html(svgmap.marks_shown_css(css_class))
