"""Every map's values as a table (WCAG 1.1.1, 1.3.1): what each municipality's shape says.

The maps are inline SVG from the one map builder (``linnedata.graphics.svgmap.render``): each
municipality's shape carries ``data-kod`` and a ``<title>`` with its name and what the map
says about it ("Växjö – Medelbetyg (1–5): 3,1 – 5 svarande"). The table is read from those
titles, so it says exactly what the map says, for every map, whatever it shows. It is
shown as an escaped HTML table (``linnedata.graphics.htmltable``, as Karta's) in a native
"Visa som tabell" box in the map's own element (``ui.as_table``), made once per map and
language: no Arrow table to quote and convert on every run (with all 290
municipalities that was a fifth of a map page's served run, py-spy; docs/notes-page-cpu.md).
"""

from __future__ import annotations

import functools
import html
import re

import pandas as pd

import ui
from linnedata import i18n
from linnedata.graphics import htmltable
from ui import as_table, inline

_SHAPE = re.compile(r'<path class="[^"]*" data-kod="(\d+)"[^>]*><title>([^<]*)</title>')
_PARTS = " – "
"""Joins a shape's tooltip lines in its title (``linnedata.graphics.svgmap.render``)."""


def values(svg: str, lang: str) -> pd.DataFrame:
    """What the map ``svg`` says about each municipality: its name and the rest of its
    tooltip, one row per municipality in the order of the names; no index.

    >>> svg = ('<path class="kommun k0780" data-kod="0780" d="M0"><title>Växjö – 3,1'
    ...        ' – 5 svarande</title></path><path class="kommun k0764 saknas" data-kod="0764"'
    ...        ' d="M1"><title>Alvesta – Inget svar</title></path>')
    >>> values(svg, "sv").values.tolist()
    [['Alvesta', 'Inget svar'], ['Växjö', '3,1; 5 svarande']]
    """
    rows = []
    for _code, title in _SHAPE.findall(svg):
        name, *said = html.unescape(title).split(_PARTS)
        rows.append((name, "; ".join(said)))
    frame = pd.DataFrame(
        sorted(rows), columns=[i18n.t("kolumn_kommun", lang), i18n.t("karta_pa_kartan", lang)]
    )
    return frame


@functools.lru_cache(maxsize=16)
def details(svg: str, lang: str) -> str:
    """The values table of ``svg`` as escaped HTML in a "Visa som tabell" box
    (``ui.as_table``), made once per map and language (the maps come from cached views,
    so the same few maps come back run after run)."""
    return as_table.wrap(htmltable.html_table(values(svg, lang), index=False, lang=lang), lang)


def draw(svg: str, notes: str = "") -> None:
    """The map ``svg``, its ``notes`` (escaped HTML: the map in words, ``a11y.note_html``; a
    legend) and its values in a closed "Visa som tabell" box: one element
    (``ui.inline.show``), with no expander widget and no rerun to open the table."""
    inline.show(svg + notes + details(svg, ui.lang()))
