"""A figure's values as a table (WCAG 1.1.1, 1.3.1) under a native "Visa som tabell" box
(``<details>``), drawn in the same element as the figure's notes.

A Streamlit expander is a widget: every run registers it, and opening it reruns the page to
make its table (``ui.opened``). A ``<details>`` element is plain HTML: it opens at once, in
the browser, with no run, and the table comes in the element the chart's or map's text is
already in, so a chart's sentence, its table and their box are one message a run instead of
a caption, an expander and a table (issue 23). The table is the escaped HTML table of
``linnedata.graphics.htmltable``, made once per frame and language; the box's summary is a
Tab stop that Enter or Space opens, as the expander's was. Its look is in
``ui/a11y_page.css`` (``details.visa-tabell``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

import ui
from linnedata import i18n
from ui import a11y, inline

CLASS = "visa-tabell"
"""The box's class (its style: ``ui/a11y_page.css``)."""


def wrap(table_html: str, lang: str, *, expanded: bool = False) -> str:
    """``table_html`` in a closed (or ``expanded``) "Visa som tabell" box."""
    summary = html.escape(i18n.t("visa_tabell", lang))
    opened = " open" if expanded else ""
    return f'<details class="{CLASS}"{opened}><summary>{summary}</summary>{table_html}</details>'


def markup(frame: pd.DataFrame, *, label: str | None = None, expanded: bool = False) -> str:
    """``frame`` as an escaped HTML table (``ui.table_markup``, made once per frame; ``label``
    names its box on a narrow screen) in a "Visa som tabell" box, in the page's language."""
    return wrap(ui.table_markup(frame, label=label), ui.lang(), expanded=expanded)


def show(
    frame: pd.DataFrame,
    *,
    words: Sequence[str] = (),
    label: str | None = None,
    expanded: bool = False,
) -> None:
    """A chart's ``words`` (plain text: what it shows, how to read it) and its values
    ``frame`` in a "Visa som tabell" box under them: one element."""
    inline.html(a11y.notes_html(words) + markup(frame, label=label, expanded=expanded))
