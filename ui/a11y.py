"""What every page needs for assistive technology.

Streamlit hard-codes ``<html lang="en">`` (streamlit/streamlit#15726), so a small script
(``ui/a11y_page.js``) sets the document's language to the chosen one after every run,
translates Streamlit's own texts, makes table boxes that scroll keyboard-reachable, keeps
``role=alert`` for errors only and says results in one polite live region; Esc hides a map's
tooltip (WCAG 1.4.13). A style (``ui/a11y_page.css``) raises the contrast of Streamlit's faded
texts and gives everything focusable a two-tone focus ring. Both are in every page's HTML
(:func:`page_head`, written by ``ui/serving.py``), so no script run sends them.
:func:`focus_next_run` and :func:`focus_target` move focus to an action's result after the
rerun (WCAG 2.4.3)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from linnedata import i18n, urls
from linnedata.graphics import htmltable, svgmap
from ui import inline

# Captions and widget help are the theme's text colour at 60 % opacity (3.88:1 with the
# default). This grey reaches 7.0:1 on white and 6.3:1 on the sidebar's #f0f2f6.
FADED_TEXT = "#4a4d57"
FOCUS_RING = "#000000"
FOCUS_HALO = "#ffffff"
FOCUS_RING_WIDTH = "3px"
"""The focus indicator on everything focusable (WCAG 2.4.7): a black ring between white bands
(21:1 to each other), so one of them reaches at least 4.5:1 against any colour beside it."""

_HERE = Path(__file__).resolve().parent


@functools.cache
def _page_style() -> str:
    css = (_HERE / "a11y_page.css").read_text(encoding="utf-8")
    for name, value in (
        ("__FADED__", FADED_TEXT),
        ("__RING_WIDTH__", FOCUS_RING_WIDTH),
        ("__RING__", FOCUS_RING),
        ("__HALO__", FOCUS_HALO),
    ):
        css = css.replace(name, value)
    return css


@functools.cache
def page_head() -> str:
    """The style and script every page's HTML carries in its head (``ui/serving.py`` writes
    them there): the script runs once a page load and follows each run's language itself
    (from the page's title: ``ui/a11y_page.js``), so a script run draws nothing for it."""
    languages = {
        code: {
            "titleEnd": page_title("", code),  # how app.py's titles end: "Karta – …"
            "words": streamlit_words(code),
            "table": i18n.t("a11y_tabell", code),
        }
        for code in i18n.LANGUAGES
    }
    config = {
        "default": i18n.DEFAULT_LANG,
        "param": urls.LANG,
        "languages": languages,
        "scroll": _SCROLL,
        "tableBox": htmltable.BOX_CLASS,
        "chrome": STREAMLIT_CHROME,
    }
    script = (_HERE / "a11y_page.js").read_text(encoding="utf-8")
    style = _page_style()
    if "</" in style:
        raise ValueError("ui/a11y_page.css must not hold '</', which would end its <style>")
    return f'<style id="linne-a11y-style">{style}</style>' + inline.script(
        script.replace("__CONFIG__", inline.script_json(config))
    )


def page_title(page_title: str, lang: str) -> str:
    """The browser tab's title of a page: "Karta – Linnékommuner i samverkan". The page
    script (:func:`page_head`) reads the run's language from its ending."""
    return f"{page_title} – {i18n.t('app_namn', lang)}"


STREAMLIT_CHROME = (
    ", ".join(
        f'[data-testid="{testid}"]'
        for testid in (
            "stSkipToContent",
            "stDialog",  # Streamlit's own dialogs only ("Page not found"): the app has none
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


# --- focus after an action (WCAG 2.4.3) ---------------------------------------------------
# An action (log in, publish) reruns the script; the control that had focus is gone and the
# browser's focus falls to <body>. The action asks for focus on the next run; the place that
# shows its result is drawn inside focus_target(name), which moves focus there once drawn.
_FOCUS_REQUEST = "_a11y_focus_request"
_FOCUS_KEY = "a11y_fokus_"

_FOCUS_SCRIPT = """
(() => {
  const root = window.parent && window.parent.document ? window.parent.document : document;
  const started = performance.now();
  // Where focus was when the result came; if the user has since moved it (opened a list,
  // clicked a field), the result is said but focus is not taken from them.
  const before = root.activeElement;
  const place = () => {
    const app = root.querySelector('[data-testid="stApp"]');
    const box = root.querySelector(%(selector)s);
    const target = box && box.querySelector(
      '[data-testid="stAlertContainer"], h1, h2, h3, [data-testid="stCaptionContainer"], p');
    if (app && app.dataset.testScriptState === "notRunning" && target) {
      const now = root.activeElement;
      if (now === before || !now || now === root.body) {
        target.setAttribute("tabindex", "-1");
        target.dataset.a11yFocus = "1";
        target.focus();
      }
      if (root.__a11yAnnounce) root.__a11yAnnounce(root.__a11ySpoken(target));
    } else if (performance.now() - started < 15000) setTimeout(place, 50);
  };
  place();
})();
"""


def focus_next_run(name: str) -> None:
    """Ask the next script run to move keyboard focus to :func:`focus_target` ``name`` (call
    where an action succeeds: a button's callback, or right before ``st.rerun()``)."""
    st.session_state[_FOCUS_REQUEST] = name


@contextmanager
def focus_target(name: str) -> Iterator[None]:
    """Draw the enclosed elements in a box that takes focus after :func:`focus_next_run`
    ``name``: its first status message, heading or text gets focus and is said in the
    page's polite live region."""
    with st.container(key=f"{_FOCUS_KEY}{name}"):
        yield


def focus_requested() -> None:
    """The script that moves focus to the box an action asked for (once, then forgotten);
    app.py calls it once a run."""
    name = st.session_state.pop(_FOCUS_REQUEST, None)
    if name:
        selector = inline.script_json(f".st-key-{_FOCUS_KEY}{name}")
        st.html(inline.script(_FOCUS_SCRIPT % {"selector": selector}), unsafe_allow_javascript=True)


# --- the accessibility statement (pages/tillganglighet.py) ---------------------------------
STATEMENT_WORKS = (
    "a11y_ok_sprak",
    "a11y_ok_granskning",
    "a11y_ok_fokus",
    "a11y_ok_tangentbord",
    "a11y_ok_fokus_efter",
    "a11y_ok_status",
    "a11y_ok_kartor",
    "a11y_ok_tabeller",
    "a11y_ok_mobil",
    "a11y_ok_kontrast",
    "a11y_ok_pdf",
)
"""What the statement says works, one text key a claim (``data/texts/a11y.toml``); each is
backed by tests, listed in ``tests/unit/test_a11y_statement.py`` (which fails on a claim
without one)."""

STATEMENT_GAPS = (
    "a11y_brist_lang",
    "a11y_brist_texter",
    "a11y_brist_canvas",
    "a11y_brist_mobil",
    "a11y_brist_fokus_efter",
    "a11y_brist_pdf",
    "a11y_brist_granskning",
)
"""The known shortcomings the statement lists, one text key each."""


def bullets(keys: tuple[str, ...], lang: str) -> str:
    """The texts of ``keys`` as one Markdown list (our own texts only)."""
    return "\n".join(f"- {i18n.t(key, lang)}" for key in keys)


def note_html(text: str) -> str:
    """``text`` (escaped here) as a caption-like paragraph under a map or an HTML table,
    in the same element: one message a run, not two. The grey is
    :data:`FADED_TEXT` (4.5:1 on white and above)."""
    style = f"font-size:0.875rem;color:{FADED_TEXT};margin:0.5rem 0 0"
    return f'<p class="kartnot" style="{style}">{html.escape(text)}</p>'


def notes_html(texts: Sequence[str]) -> str:
    """Each of ``texts`` (plain text; empty ones left out) as a :func:`note_html` paragraph."""
    return "".join(note_html(text) for text in texts if text)
