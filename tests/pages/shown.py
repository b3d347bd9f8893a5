"""What a page shows that a test cannot read off one element directly.

- :func:`open_expander`: a ``ui.opened`` expander's content is made only while it is open,
  and AppTest has no click for an expander, so the test sets its state as the browser's click
  does (the expander's key in the session) and runs the page again.
- :func:`open_tab`: the same for a tab of a lazy ``st.tabs`` (the Enkät page's).
- :func:`profile_answers`: the Kommunprofil page's individual answers, one text.
- :func:`html_tables`: the page's escaped HTML tables (``ui.html_table``, and those in a
  map's or chart's "Visa som tabell", ``ui.disclosure``), read back.
- :func:`html_notes`: the notes drawn in HTML under a map, chart or table (``a11y.note_html``).
- :func:`html_text`: all the text of the page's HTML elements (maps, their notes and tables).
"""

from __future__ import annotations

import html
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from linnedata import i18n, markdown
from tests.pages.inline_markup import unpack


def open_expander(app: AppTest, key: str) -> AppTest:
    """``app`` run again with the expander ``key`` open; fails if the page raised."""
    app.session_state[key] = True
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def profile_answers(app: AppTest) -> list[str]:
    """The own words of each response in the Kommunprofil page's text of individual answers,
    as the page quotes them (``linnedata.markdown.escape``); [] when the page shows none."""
    headings = {f"## {i18n.t('profil_svar_rubrik', lang)}\n\n" for lang in i18n.LANGUAGES}
    for shown in app.markdown:
        heading = next((h for h in headings if shown.value.startswith(h)), None)
        if heading and shown.value.startswith(heading + ":gray["):
            responses = shown.value.removeprefix(heading).split(markdown.BREAK)
            return [response.split("  \n", 1)[1] for response in responses]
    return []


def open_tab(app: AppTest, key: str, label: str) -> AppTest:
    """``app`` run again with the tab ``label`` of the lazy ``st.tabs`` ``key`` open (only
    the open tab's panel is made), as a click on the tab does; fails if the page raised."""
    app.session_state[key] = label
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _markups(app: AppTest) -> list[str]:
    """The HTML of every ``st.html`` element, in page order (``ui.inline.show``'s unpacked)."""
    return [unpack(e.proto.body) or e.proto.body for e in app.get("html")]


def html_tables(app: AppTest) -> list[pd.DataFrame]:
    """Every escaped HTML table (``linnedata.graphics.htmltable``) the page drew, in order,
    read back as text: one column per header cell (an index shown is the first column)."""
    tables = []
    for body in _markups(app):
        for markup in re.findall(r'<table class="tabell-html".*?</table>', body, re.S):
            rows = [
                [
                    html.unescape(re.sub(r"<[^>]+>", "", c))
                    for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                ]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", markup, re.S)
            ]
            tables.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return tables


def html_notes(app: AppTest) -> list[str]:
    """Every note drawn in HTML under a map, chart or table (``ui.a11y.note_html``), in page
    order, as plain text."""
    return [
        html.unescape(note)
        for body in _markups(app)
        for note in re.findall(r'<p class="kartnot"[^>]*>(.*?)</p>', body, re.S)
    ]


def html_text(app: AppTest) -> str:
    """The text a reader sees in the page's HTML elements (maps, notes, "Visa som tabell"
    boxes and tables), tags and styles removed; scripts (the page's own) left out."""
    texts = []
    for body in _markups(app):
        body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
        texts.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    return "\n".join(re.sub(r"\s+", " ", text).strip() for text in texts if text.strip())
