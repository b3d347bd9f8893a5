"""A data frame as a plain, escaped HTML table (for ``st.html``).

``st.table`` and ``st.dataframe`` send the frame as Arrow and the browser must load the
Arrow decoder and the table component before a cell shows (on Karta, about 1.4 MB of
front-end code a blank page does not load, issue 23). A table whose cells are already
text can be sent as HTML instead: every cell, header and index value here is escaped
(``html.escape``), so nothing from a file or the store becomes markup. Column headers are
``<th scope="col">``, the index (when shown) ``<th scope="row">``: a screen reader reads
each cell with its row and column.
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection
from numbers import Number

import pandas as pd

from linnedata import urls

CSS = (
    ".tabell-html{border-collapse:collapse;font-size:14px;line-height:1.4;margin:0 0 1rem}"
    ".tabell-html th,.tabell-html td{border-bottom:1px solid #d5d6d9;padding:4px 12px;"
    "text-align:left;vertical-align:top}"
    ".tabell-html thead th{border-bottom:2px solid #1a1c23;font-weight:600}"
    ".tabell-html tbody th{font-weight:400}"
    ".tabell-html td.tal{text-align:right;font-variant-numeric:tabular-nums}"
    ".tabell-html caption{text-align:left;font-weight:600;padding:0 0 4px}"
)
"""The table's look: dark text on white, ruled rows, numbers right-aligned."""
BOX_CLASS = "tabell-rulla"
"""The class of the box a labelled table scrolls in (the page script finds it by it)."""
SCROLL_CSS = (
    f".{BOX_CLASS}{{overflow-x:auto;max-width:100%}}"
    f".{BOX_CLASS}:focus-visible{{outline:3px solid #000;outline-offset:2px}}"
)
"""A table wider than the screen (a phone, 200 % zoom) scrolls sideways in its own box, which
takes keyboard focus, rather than pushing the page wider (WCAG 1.4.10, 2.1.1)."""
EMPTY = "–"
"""Shown for a missing value."""


def _cell(value: object, decimal: str) -> tuple[str, bool]:
    """``value`` as escaped text, and whether it is a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return EMPTY, False
    if isinstance(value, bool):
        return html.escape(str(value)), False
    if isinstance(value, Number):
        text = str(value)
        return html.escape(text.replace(".", decimal)), True
    return html.escape(str(value)), False


def _link(value: object) -> str | None:
    """``value`` as an escaped link to itself when it is a web address, else None."""
    if isinstance(value, str) and urls.WEB_LINK.fullmatch(value.strip()):
        address = html.escape(value.strip(), quote=True)
        return f'<a href="{address}">{address}</a>'
    return None


def html_table(
    frame: pd.DataFrame,
    *,
    index: bool | None = None,
    caption: str | None = None,
    lang: str = "sv",
    links: Collection[str] = (),
    label: str | None = None,
) -> str:
    """``frame`` as an escaped HTML ``<table>`` with its style.

    Args:
        frame: the rows; cells are shown as text (numbers with a decimal comma in Swedish).
        index: show the index as row headers (default: when it is not a plain range).
        caption: the table's caption (escaped), if any.
        lang: ``"sv"`` writes a decimal comma, ``"en"`` a point.
        links: the columns whose web addresses (``http(s)://…``) are shown as links to
            themselves; any other value in them is text.
        label: the accessible name of a box around the table that scrolls sideways when
            the table is wider than the screen (``SCROLL_CSS``); None draws no box. The box
            is drawn as a named region and a Tab stop; the page script (``ui/a11y_page.js``)
            takes both away while the table fits, as it does for ``st.table``'s box.

    >>> frame = pd.DataFrame({"Kommun": ["<b>Ö</b>"], "Värde": [3.5]})
    >>> print(html_table(frame).split("</style>")[1])
    <table class="tabell-html"><thead><tr><th scope="col">Kommun</th><th scope="col">Värde</th></tr></thead><tbody><tr><td>&lt;b&gt;Ö&lt;/b&gt;</td><td class="tal">3,5</td></tr></tbody></table>
    """
    decimal = "," if lang == "sv" else "."
    show_index = not isinstance(frame.index, pd.RangeIndex) if index is None else index
    head = (
        [f'<th scope="col">{html.escape(str(frame.index.name or ""))}</th>'] if show_index else []
    )
    head += [f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns]
    linked = [column in links for column in frame.columns]
    rows = []
    for name, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = [f'<th scope="row">{_cell(name, decimal)[0]}</th>'] if show_index else []
        for value, is_link in zip(values, linked, strict=True):
            if is_link and (anchor := _link(value)):
                cells.append(f"<td>{anchor}</td>")
                continue
            text, number = _cell(value, decimal)
            cells.append(f'<td class="tal">{text}</td>' if number else f"<td>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    table = (
        f'<table class="tabell-html">{title}<thead><tr>{"".join(head)}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    if label is None:
        return f"<style>{CSS}</style>{table}"
    return (
        f"<style>{CSS}{SCROLL_CSS}</style>"
        f'<div class="{BOX_CLASS}" role="region" tabindex="0" aria-label="{html.escape(label)}" '
        f'data-a11y-scroll="1">{table}</div>'
    )
