"""The Karta page's change map, municipality search and map downloads.

The change map (``linnedata.views.changemap``) is cached like every view, per store
revision and choice. The map files are made only when their button is clicked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from linnedata import urls
from linnedata.figures import measures
from linnedata.graphics import svgcaption
from linnedata.reports import mapfile
from linnedata.views import changemap
from linnedata.views.dataset import Dataset
from linnedata.views.maps import MapView
from ui import bound_select, data, downloads, lang, tr

VALUE, CHANGE = "varde", "forandring"
NONE = "-"
"""The search's "nobody highlighted" option."""


@dataclass(frozen=True)
class Choice:
    """What the map shows: one round's values, or the change from ``earlier`` to ``later``."""

    later: str
    earlier: str | None = None


def choose(mode_place: Any, first_place: Any, second_place: Any) -> Choice:
    """The view (value or change) and its round(s), bound to the URL (``kartvy``,
    ``omgang``, ``fran``). With one round, or the same round twice, a note and the values."""
    options = {VALUE: tr("karta_vy_varde"), CHANGE: tr("karta_vy_forandring")}
    mode = bound_select(
        urls.MAP_MODE, options, VALUE, tr("karta_vy"), widget="segmented", container=mode_place
    )
    rounds = data.rounds()
    label = tr("karta_till") if mode == CHANGE else tr("omgang")
    later = bound_select(urls.ROUND, rounds, rounds[0], label, container=first_place)
    if mode != CHANGE:
        return Choice(later)
    if len(rounds) < 2:
        st.info(tr("karta_en_omgang"), icon=":material/info:")
        return Choice(later)
    default = data.previous_round(later) or next(r for r in rounds if r != later)
    earlier = bound_select(
        urls.ROUND_FROM, rounds, default, tr("karta_fran"), container=second_place
    )
    if earlier == later:
        st.info(tr("karta_samma_omgang"), icon=":material/info:")
        return Choice(later)
    return Choice(later, earlier)


@data.round_cache(max_entries=128)
def _change(key: data.Key, _data: Dataset, *choice: str) -> MapView:
    return changemap.change_map(_data, data.geography(), *choice)


def map_view(choice: Choice, level: str, item: str, measure: str, county: str = "") -> MapView:
    """The values map (``ui.data.map_view``) or the change map of the choice, zoomed to
    ``county`` when given."""
    if choice.earlier is None:
        return data.map_view(choice.later, level, item, measure, lang(), county)
    return _change(
        *data.current(), choice.earlier, choice.later, level, item, measure, lang(), county
    )


def search(container: Any = None) -> str | None:
    """A searchable choice of municipality to outline on the map (``?sok=0780``), or None."""
    options = {NONE: tr("karta_sok_ingen"), **data.names()}
    code = bound_select(urls.MAP_SEARCH, options, NONE, tr("karta_sok"), container=container)
    return None if code == NONE else code


def highlighted(svg: str, code: str | None) -> str:
    """The map markup with the found municipality outlined (``linnedata.reports.mapfile``)."""
    return mapfile.highlighted(svg, code)


def found_line(view: MapView, code: str | None, measure: str) -> str:
    """The highlighted municipality with its value (or change) and n, as plain text for
    under the map; "" when none is highlighted or it is outside the map (the zoom)."""
    if code is None or code not in set(view.values["kommun_kod"]):
        return ""
    row = view.values.set_index("kommun_kod").loc[code]
    spec = measures.get(measure)
    changed = "forra" in view.values.columns
    value = (
        spec.format_signed(row["value"], lang()) if changed else spec.format(row["value"], lang())
    )
    shown = value if pd.notna(row["value"]) else tr("ingen_jamforelse" if changed else "inget_svar")
    return tr("karta_sok_rad", name=row["kommun"], value=shown, n=int(row["n"]))


def map_files(view: MapView, code: str | None, notes: list[str]) -> list[downloads.File]:
    """The map as SVG and as PNG (with the highlight, without hover boxes) for the page's
    *Ladda ner* menu, each made on click; the PNG carries the heading above and ``notes``
    (source, round, measure) below."""

    def svg() -> str:
        return mapfile.standalone_svg(mapfile.highlighted(view.svg, code), view.heading)

    def png() -> bytes:
        return mapfile.png_bytes(svgcaption.captioned(svg(), view.heading, notes))

    return [
        downloads.File("svg", tr("karta_ladda_ner_svg"), "image/svg+xml", ":material/map:", svg),
        downloads.File("png", tr("karta_ladda_ner_png"), "image/png", ":material/image:", png),
    ]
