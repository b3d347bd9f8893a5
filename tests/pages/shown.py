"""What a page shows that a test cannot read off one element directly.

- :func:`open_expander`: a ``ui.opened`` expander's content is made only while it is open,
  and AppTest has no click for an expander, so the test sets its state as the browser's click
  does (the expander's key in the session) and runs the page again.
- :func:`open_tab`: the same for a tab of a lazy ``st.tabs`` (the Enkät page's).
- :func:`profile_answers`: the Kommunprofil page's individual answers, one text.
- :func:`html_tables`: the page's escaped HTML tables (``ui.html_table``), read back.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from linnedata import i18n, markdown


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


def html_tables(app: AppTest) -> list[pd.DataFrame]:
    """Every escaped HTML table (``linnedata.graphics.htmltable``) the page drew, in order,
    read back as text: one column per header cell (an index shown is the first column)."""
    tables = []
    for element in app.get("html"):
        for markup in re.findall(
            r'<table class="tabell-html".*?</table>', element.proto.body, re.S
        ):
            rows = [
                [
                    html.unescape(re.sub(r"<[^>]+>", "", c))
                    for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                ]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", markup, re.S)
            ]
            tables.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return tables
