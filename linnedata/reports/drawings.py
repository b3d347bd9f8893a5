"""The report's two drawings as plain data for :mod:`linnedata.reports.typeset`: the dot chart
of a municipality beside its neighbours and the region, and the map of the region.

Both say in text what they show: the dot chart's numbers stand in its own table cells, the
map has a text alternative and its values as a table beside it (the map alone is colour only).
Values are formatted by the measure registry; nothing is computed here but places and colours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linnedata import i18n
from linnedata.figures import measures
from linnedata.graphics import svgmap
from linnedata.places import geo
from linnedata.reports.typeset import DotChart, DotRow, MapFigure, MapShape, Table
from linnedata.views.common import is_small, marked

RATING = measures.get("medelbetyg")
MAP_WIDTH = 95.0
MAP_HEIGHT = 105.0
"""The map's box in mm (it keeps its shape inside)."""
MAX_NAMED = 3
"""The map's text alternative names at most this many municipalities sharing a value."""
LEGEND = (
    ("own", "rapport_legend_kommunen"),
    ("near", "rapport_legend_grannar"),
    ("region", "regionens_medel"),
)
"""The dot chart's markers — a circle, a square, a diamond: told apart by shape as well."""


def value_text(value: float, n: int, kind: str, spec: measures.Measure, lang: str) -> str:
    """``3,4 (5)``, with the small-number mark when the figure rests on too little.

    >>> value_text(3.44, 5, "svarande", RATING, "sv"), value_text(float("nan"), 0, "kommuner", RATING, "en")
    ('3,4 (5)', '–')
    """
    if pd.isna(value):
        return "–"
    return f"{marked(spec.format(float(value), lang), is_small(int(n), kind))} ({int(n)})"


def dot_chart(table: pd.DataFrame, lang: str) -> DotChart:
    """The mean rating per area of a municipality (``own``), its neighbours and the region
    (``views.profile.comparison``): label | markers on the scale | the three values with n."""
    low, high = RATING.range()

    def share(value: float) -> float | None:
        return None if pd.isna(value) else (float(value) - low) / (high - low)

    ticks = range(int(low), int(high) + 1)
    rows = tuple(
        DotRow(
            label=row.label,
            cells=(
                value_text(row.own, row.own_n, "svarande", RATING, lang),
                value_text(row.neighbours, row.neighbours_n, "kommuner", RATING, lang),
                value_text(row.reference, row.reference_n, "kommuner", RATING, lang),
            ),
            positions={
                "own": share(row.own),
                "near": share(row.neighbours),
                "region": share(row.reference),
            },
        )
        for row in table.itertuples(index=False)
    )
    return DotChart(
        header=(i18n.t("rapport_kolumn_omrade", lang),),
        value_columns=tuple(
            i18n.t(key, lang)
            for key in (
                "rapport_kolumn_kommunen",
                "rapport_kolumn_grannar",
                "rapport_kolumn_regionen",
            )
        ),
        ticks=tuple(str(t) for t in ticks),
        tick_shares=tuple((t - low) / (high - low) for t in ticks),
        rows=rows,
        legend=tuple((kind, i18n.t(key, lang)) for kind, key in LEGEND),
        legend_text=i18n.t("rapport_jamforelse_not", lang),
    )


def region_map(values: pd.DataFrame, label: str, lang: str) -> MapFigure:
    """The region's municipalities coloured by ``value`` (``measures.map_values``: the mean
    rating of one area), no value grey with a cross; its text alternative; its values, highest
    first, as a table (municipality, mean rating with the respondents' n)."""
    shapes = geo.load_municipalities(list(values["kommun_kod"]))
    by_code = values.set_index("kommun_kod")
    projected = svgmap.project(np.asarray(shapes.geometry.values))
    bounds = np.array([g.bounds for g in projected])
    left, bottom = bounds[:, 0].min(), bounds[:, 1].min()
    right, top = bounds[:, 2].max(), bounds[:, 3].max()
    scale = min(MAP_WIDTH / (right - left), MAP_HEIGHT / (top - bottom))
    low, high = RATING.range()
    ticks = svgmap.nice_ticks(low, high)

    def point(x: float, y: float) -> tuple[float, float]:
        return (round((x - left) * scale, 2), round((top - y) * scale, 2))

    drawn = []
    for code, geometry in zip(shapes["kommun_kod"], projected, strict=True):
        value = by_code.loc[code, "value"]
        missing = pd.isna(value)
        rings = tuple(
            tuple(point(x, y) for x, y in polygon.exterior.coords)
            for polygon in getattr(geometry, "geoms", [geometry])
        )
        cross = point(*geometry.representative_point().coords[0]) if missing else None
        fill = svgmap.MISSING_FILL if missing else svgmap.colour_for(float(value), low, high)
        drawn.append(MapShape(fill=fill, rings=rings, cross=cross))
    swatches = (
        *((svgmap.colour_for(v, low, high), RATING.format(v, lang)) for v in ticks),
        (svgmap.MISSING_FILL, f"{i18n.t('inget_svar', lang)} (×)"),
    )
    answered = int(values["value"].notna().sum())
    return MapFigure(
        alt=_map_alt(values, label, lang),
        width=round((right - left) * scale, 2),
        height=round((top - bottom) * scale, 2),
        shapes=tuple(drawn),
        legend_title=i18n.t("matt_medelbetyg", lang),
        legend=swatches,
        table_intro=i18n.t("vilar_pa_kommuner", lang, n=answered).capitalize() + ".",
        table=_map_table(values, lang),
    )


def _map_table(values: pd.DataFrame, lang: str) -> Table:
    """Municipality | mean rating (n respondents), highest first; no response last."""
    ordered = values.assign(_missing=values["value"].isna()).sort_values(
        ["_missing", "value", "kommun"], ascending=[True, False, True], kind="stable"
    )
    rows = tuple(
        (
            row.kommun,
            i18n.t("inget_svar", lang)
            if pd.isna(row.value)
            else value_text(row.value, row.n, "svarande", RATING, lang),
        )
        for row in ordered.itertuples(index=False)
    )
    header = (i18n.t("kolumn_kommun", lang), i18n.t("rapport_karta_kolumn", lang))
    return Table(header=header, rows=rows, widths=(1.0, 1.0))


def _map_alt(values: pd.DataFrame, label: str, lang: str) -> str:
    """What the map shows, in words: the measure and area, the colour scale, the highest and
    lowest municipalities and those without a response; the table beside it has every value."""
    shown = values.dropna(subset=["value"])
    if shown.empty:
        extremes = i18n.t("rapport_karta_alt_tom", lang)
    else:
        best = shown.loc[shown["value"] == shown["value"].max(), "kommun"]
        worst = shown.loc[shown["value"] == shown["value"].min(), "kommun"]
        extremes = i18n.t(
            "rapport_karta_alt_extremer",
            lang,
            high=RATING.format(shown["value"].max(), lang),
            high_names=_names(best, lang),
            low=RATING.format(shown["value"].min(), lang),
            low_names=_names(worst, lang),
        )
    return i18n.t(
        "rapport_karta_alt",
        lang,
        label=label,
        n=len(values),
        answered=len(shown),
        missing=len(values) - len(shown),
        extremes=extremes,
    )


def _names(names: pd.Series, lang: str) -> str:
    """Up to three municipalities by name, more as their number ("10 kommuner")."""
    if len(names) > MAX_NAMED:
        return i18n.t("rapport_karta_alt_antal", lang, n=len(names))
    return ", ".join(names)
