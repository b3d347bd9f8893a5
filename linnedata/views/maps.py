"""Every map of the app, drawn by one builder (:func:`draw`) on ``linnedata.graphics.svgmap``.

A map is the region's municipalities, each with a fill (None = no value: grey and
hatched), hover lines and a link to its profile; :func:`draw` is the one loop that turns
that into ``svgmap.Region`` rows. The maps differ only in how a municipality is coloured
and described (:func:`measure_map`, :func:`coverage_map`, :func:`locator_map`, and the
seminar maps in ``linnedata.views.seminars``) and in their size (:data:`STYLES`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from linnedata import i18n
from linnedata.figures import measures, sentences
from linnedata.graphics import svgmap
from linnedata.places import geo
from linnedata.views.common import key_of, profile_link
from linnedata.views.dataset import Dataset


@dataclass(frozen=True)
class Geography:
    """The boundaries a map is drawn on (``geo.load_municipalities`` / ``geo.load_counties``)."""

    municipalities: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame


def zoom(region: pd.DataFrame, geography: Geography, county: str) -> tuple[pd.DataFrame, Geography]:
    """The municipalities and boundaries of one county of ``region`` (all for ``""`` or a
    county the region does not have): a map zoomed to it is drawn from these alone, so its
    shapes and text fill the drawing (all of Sweden is otherwise a few pixels a
    municipality)."""
    if not county or county not in set(region["lan_kod"]):
        return region, geography
    shown = region[region["lan_kod"] == county].reset_index(drop=True)
    codes = set(shown["kommun_kod"])
    municipalities = geography.municipalities
    counties = geography.counties
    return shown, Geography(
        municipalities=municipalities[municipalities["kommun_kod"].isin(codes)],
        counties=counties[counties["lan_kod"] == county],
    )


@dataclass(frozen=True)
class Cell:
    """How one municipality is drawn: its fill (None = no value), its hover lines and the
    short text that can be printed on it (``svgmap.render``'s marks; "" for none)."""

    fill: str | None
    tooltip: tuple[str, ...]
    mark: str = ""


@dataclass(frozen=True)
class MapStyle:
    """A map's CSS class (which scopes its CSS), largest height (px) and text size."""

    css_class: str
    max_height: int
    font_size: float


STYLES: dict[str, MapStyle] = {
    "karta": MapStyle("kommunkarta", 580, 32),
    "tackning": MapStyle("tackningskarta", 460, 44),
    "lage": MapStyle("lageskarta", 360, 48),
    "seminarie": MapStyle("seminariekarta", 520, 40),
}
"""The map sizes: the Karta page's, Översikt's coverage, Kommunprofil's locator, Seminarier's."""

OTHER_FILL = "#f0f0f0"
"""A municipality that is only there for orientation (the locator map)."""


def draw(
    geography: Geography,
    region: pd.DataFrame,
    cells: Mapping[str, Cell] | Callable[[str, str], Cell],
    *,
    label: str,
    style: str,
    link: Callable[[str], str] | None,
    legend: svgmap.Legend | None = None,
    lang: str = i18n.DEFAULT_LANG,
) -> str:
    """The one map builder: every municipality of ``region`` drawn as ``cells`` says.

    Args:
        geography: the boundaries.
        region: ``kommun_kod, kommun`` of the municipalities drawn, in order.
        cells: ``{code: Cell}`` (a code without one is drawn as "no value", with only its
            name on hover) or ``(code, name) → Cell``.
        label: the map's accessible name.
        style: a key of :data:`STYLES`.
        link: code → where a click goes, or None for no links.
        legend: the colour bar, or None.
        lang: the language of the map's own texts (the "skip the map" link).

    Returns:
        The map's markup (see ``svgmap.render``).
    """
    cell_of = cells if callable(cells) else lambda code, name: cells.get(code, Cell(None, (name,)))
    regions = []
    for code, name in zip(region["kommun_kod"], region["kommun"], strict=True):
        cell = cell_of(code, name)
        regions.append(
            svgmap.Region(
                code=code,
                name=name,
                fill=cell.fill,
                tooltip=cell.tooltip,
                href=link(code) if link else None,
                mark=cell.mark,
            )
        )
    look = STYLES[style]
    return svgmap.render(
        geography.municipalities,
        geography.counties,
        regions,
        label=label,
        legend=legend,
        css_class=look.css_class,
        max_height=look.max_height,
        font_size=look.font_size,
        lang=lang,
    )


def value_cells(
    values: pd.DataFrame,
    low: float,
    high: float,
    tooltip: Callable[[object], list[str]],
    mark: Callable[[float], str] | None = None,
) -> dict[str, Cell]:
    """Cells coloured by ``values["value"]`` on the scale ``low``–``high`` (NaN = no value).

    Args:
        values: ``kommun_kod, value`` and whatever ``tooltip`` reads.
        low: the value of the scale's palest colour.
        high: the value of its darkest.
        tooltip: a row (a named tuple of ``values``) → its hover lines.
        mark: value → the text printed on the shape when the marks are shown; None: none.
    """
    return {
        row.kommun_kod: Cell(
            None if pd.isna(row.value) else svgmap.colour_for(float(row.value), low, high),
            tuple(tooltip(row)),
            "" if mark is None or pd.isna(row.value) else mark(float(row.value)),
        )
        for row in values.itertuples(index=False)
    }


@dataclass(frozen=True)
class MapView:
    """The Karta page for one choice.

    Attributes:
        values: ``kommun_kod, kommun, value, n`` (``measures.map_values``).
        svg: the map.
        heading: "Bostäder – medelbetyg (1–5), 2024".
        sentence: the map's text alternative.
        table: name, formatted value and n, largest first, with translated headers.
        export: ``values`` with the measure as column name, for the download.
    """

    values: pd.DataFrame
    svg: str
    heading: str
    sentence: str
    table: pd.DataFrame
    export: pd.DataFrame


def _value_table(
    values: pd.DataFrame, fmt: Callable[[float], str], value_label: str, lang: str
) -> pd.DataFrame:
    """The table beside a map: each municipality's value and n, the highest first."""
    shown = values.assign(varde=[fmt(v) for v in values["value"]]).sort_values(
        "value", ascending=False
    )
    name_header = i18n.t("kolumn_kommun", lang)
    return (
        shown[["kommun", "varde", "n"]]
        .rename(
            columns={
                "kommun": name_header,
                "varde": value_label,
                "n": i18n.t("antal_svarande_kort", lang),
            }
        )
        .set_index(name_header)
    )


def measure_map(
    data: Dataset,
    geography: Geography,
    round_label: str,
    level: str,
    item_id: str,
    measure: str,
    lang: str,
    county: str = "",
) -> MapView:
    """The choropleth of one measure for one area or theme and round (zoomed to ``county``
    when given, see :func:`zoom`)."""
    spec = measures.get(measure)
    key = key_of(level)
    region, geography = zoom(data.region, geography, county)
    values = measures.map_values(
        data.per_municipality(round_label, level), region, key, item_id, measure
    )
    low, high = spec.range(key)
    value_label = i18n.t(f"matt_{measure}", lang)

    fmt = functools.partial(spec.format, lang=lang)
    answered = set(
        data.coverage(round_label).per_municipality.query("respondents > 0")["kommun_kod"]
    )

    def tooltip(row: object) -> list[str]:
        if pd.isna(row.value):  # "Inget svar": nobody answered; "Inte besvarat": left blank
            blank = "karta_inte_besvarat" if row.kommun_kod in answered else "inget_svar"
            return [row.kommun, i18n.t(blank, lang)]
        return [
            row.kommun,
            f"{value_label}: {fmt(row.value)}",
            i18n.t("vilar_pa_svarande", lang, n=row.n),
        ]

    item = data.items(level, lang)[item_id]
    svg = draw(
        geography,
        region,
        value_cells(values, low, high, tooltip, mark=fmt),
        lang=lang,
        label=i18n.t("karta_etikett", lang, item=item, measure=value_label, round=round_label),
        style="karta",
        link=lambda code: profile_link(code, round_label, lang),
        legend=svgmap.Legend(
            title=value_label,
            low=low,
            high=high,
            ticks=svgmap.nice_ticks(low, high),
            number_format=fmt,
            missing_label=i18n.t("karta_inget_varde", lang),
        ),
    )
    table = _value_table(values, fmt, value_label, lang)
    return MapView(
        values=values,
        svg=svg,
        heading=f"{item} – {value_label.lower()}, {round_label}",
        sentence=sentences.map_sentence(values, fmt, lang),
        table=table,
        export=values.rename(columns={"value": measure}),
    )


def coverage_map(data: Dataset, geography: Geography, round_label: str, lang: str) -> str:
    """A small map of how many respondents each municipality had; hatched grey where none."""
    table = data.coverage(round_label).per_municipality
    values = table.assign(value=table["respondents"].where(table["respondents"] > 0).astype(float))
    high = max(3.0, float(values["respondents"].max()))

    def tooltip(row: object) -> list[str]:
        if row.respondents == 0:
            return [row.kommun, i18n.t("inget_svar", lang)]
        return [row.kommun, i18n.t("vilar_pa_svarande", lang, n=row.respondents)]

    return draw(
        geography,
        data.region,
        value_cells(values, 0.0, high, tooltip),
        lang=lang,
        label=i18n.t("tackning_rubrik", lang),
        style="tackning",
        link=lambda code: profile_link(code, round_label, lang),
        legend=svgmap.Legend(
            title=i18n.t("svarande", lang),
            low=0.0,
            high=high,
            ticks=svgmap.nice_ticks(0, high, count=int(high) + 1),
            number_format=lambda v: i18n.fmt_number(v, 0, lang),
            missing_label=i18n.t("inget_svar", lang),
        ),
    )


def locator_map(data: Dataset, geography: Geography, code: str, round_label: str, lang: str) -> str:
    """The small map that shows where a municipality and its neighbours are; neighbours
    outside the region are drawn too, grey and hatched (no survey there), without a link."""
    near = data.neighbours(code)
    outside = near.loc[~near["i_regionen"], ["kommun_kod", "kommun"]]
    roles = {c: ("grannkommun", 0.35) for c in near.loc[near["i_regionen"], "kommun_kod"]}
    roles[code] = ("vald_kommun", 1.0)
    drawn = data.region
    if not outside.empty:
        codes = [*data.region["kommun_kod"], *outside["kommun_kod"]]
        geography = Geography(*geo.map_shapes(codes))
        drawn = pd.concat([data.region[["kommun_kod", "kommun"]], outside], ignore_index=True)
    beyond = set(outside["kommun_kod"])

    def cell(municipality: str, name: str) -> Cell:
        if municipality in beyond:
            return Cell(None, (name, i18n.t("grannkommun_utanfor", lang)))
        if municipality not in roles:
            return Cell(OTHER_FILL, (name, i18n.t("ovriga_kommuner", lang)))
        role, share = roles[municipality]
        return Cell(svgmap.colour_for(share, 0, 1), (name, i18n.t(role, lang)))

    return draw(
        geography,
        drawn,
        cell,
        lang=lang,
        label=i18n.t("profil_grannar", lang),
        style="lage",
        link=lambda c: None if c in beyond else profile_link(c, round_label, lang),
    )
