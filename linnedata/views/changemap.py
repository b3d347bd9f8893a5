"""The change map: how one measure of one area or theme changed between two chosen rounds.

Drawn by the one map builder (``linnedata.views.maps.draw``) on a diverging, colour-blind
safe scale (ColorBrewer PuOr: orange = fell, near white = no change, purple = rose),
symmetric around zero (``trends.change_limit``). A municipality without a value in either
round has no comparison: grey and hatched, and the legend says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
from plotly.colors import sample_colorscale

from linnedata import i18n
from linnedata.figures import measures, trends
from linnedata.graphics import svgmap
from linnedata.views.common import key_of, profile_link
from linnedata.views.dataset import Dataset
from linnedata.views.maps import Cell, Geography, MapView, draw, zoom

DIVERGING = "PuOr"
"""ColorBrewer's purple–orange: readable with every common colour-vision deficiency."""


def diverging_colour(value: float, limit: float) -> str:
    """The colour of a change on the scale −limit … +limit (clamped; 0 is the centre).

    >>> diverging_colour(0, 1)
    'rgb(247, 247, 247)'
    >>> diverging_colour(-5, 1) == diverging_colour(-1, 1) != diverging_colour(1, 1)
    True
    """
    share = 0.5 + max(-1.0, min(1.0, value / limit)) / 2
    return sample_colorscale(DIVERGING, [share])[0]


def change_sentence(values: pd.DataFrame, fmt: Callable[[float], str], lang: str) -> str:
    """The change map's text alternative: the largest rise and fall, or that nothing changed,
    and how many municipalities have no comparison."""
    compared = values.dropna(subset=["value"]).sort_values("value", kind="stable")
    missing = len(values) - len(compared)
    if compared.empty:
        return i18n.t("forandring_ingen_jamforelse_alls", lang)
    if (compared["value"].round(6) == 0).all():
        return i18n.t("forandring_ingen", lang, n=len(compared), missing=missing)
    top, bottom = compared.iloc[-1], compared.iloc[0]
    # Only a real change is named: no "largest fall" of ±0,0 when nothing fell.
    rose, fell = round(top["value"], 6) > 0, round(bottom["value"], 6) < 0
    key = {
        (True, True): "forandringskarta_mening",
        (True, False): "forandringskarta_bara_okning",
        (False, True): "forandringskarta_bara_minskning",
    }[(rose, fell)]
    return i18n.t(
        key,
        lang,
        rise=top["kommun"],
        rise_value=fmt(top["value"]),
        fall=bottom["kommun"],
        fall_value=fmt(bottom["value"]),
        n=len(compared),
        missing=missing,
    )


def change_map(
    data: Dataset,
    geography: Geography,
    earlier: str,
    later: str,
    level: str,
    item_id: str,
    measure: str,
    lang: str,
    county: str = "",
) -> MapView:
    """The change of ``measure`` for ``item_id`` from round ``earlier`` to ``later`` (zoomed
    to ``county`` when given, see ``linnedata.views.maps.zoom``).

    Returns:
        A :class:`~linnedata.views.maps.MapView` whose ``values`` are
        ``kommun_kod, kommun, forra, nu, value, n_forra, n`` (``value`` = the change, NaN =
        no comparison) and whose table lists both rounds' values and the change.
    """
    spec = measures.get(measure)
    key = key_of(level)
    region, geography = zoom(data.region, geography, county)
    values = trends.change_between(
        data.per_municipality(earlier, level),
        data.per_municipality(later, level),
        region,
        key,
        item_id,
        measure,
    )
    limit = trends.change_limit(values["value"], measure, key)
    value_label = i18n.t(f"matt_{measure}", lang)

    signed = functools.partial(spec.format_signed, lang=lang)
    cells = _cells(values, spec, earlier, later, limit, lang)
    item = data.items(level, lang)[item_id]
    names = {"item": item, "earlier": earlier, "later": later}
    svg = draw(
        geography,
        region,
        cells,
        lang=lang,
        label=i18n.t("forandringskarta_etikett", lang, **names, measure=value_label),
        style="karta",
        link=lambda code: profile_link(code, later, lang),
        legend=_legend(value_label, earlier, later, limit, signed, lang),
    )
    table = _table(values, spec, earlier, later, lang)
    export = values.rename(
        columns={"forra": f"{measure}_{earlier}", "nu": f"{measure}_{later}", "value": "forandring"}
    )
    return MapView(
        values=values,
        svg=svg,
        heading=i18n.t("forandringskarta_rubrik", lang, **names, measure=value_label.lower()),
        sentence=change_sentence(values, signed, lang),
        table=table,
        export=export,
    )


def _cells(
    values: pd.DataFrame, spec: Any, earlier: str, later: str, limit: float, lang: str
) -> dict[str, Cell]:
    """Each municipality's colour and tooltip lines: both rounds' values and the change."""
    no_comparison = i18n.t("ingen_jamforelse", lang)
    return {
        row.kommun_kod: Cell(
            None if pd.isna(row.value) else diverging_colour(float(row.value), limit),
            (row.kommun, no_comparison)
            if pd.isna(row.value)
            else (
                row.kommun,
                f"{earlier}: {spec.format(row.forra, lang)} (n={row.n_forra})",
                f"{later}: {spec.format(row.nu, lang)} (n={row.n})",
                f"{i18n.t('forandring_kort', lang)}: {spec.format_signed(row.value, lang)}",
            ),
        )
        for row in values.itertuples(index=False)
    }


def _table(values: pd.DataFrame, spec: Any, earlier: str, later: str, lang: str) -> pd.DataFrame:
    """The table beside the map: both rounds and the change, the largest rise first."""
    name_header = i18n.t("kolumn_kommun", lang)
    shown = values.sort_values("value", ascending=False, na_position="last", kind="stable")
    return pd.DataFrame(
        {
            name_header: shown["kommun"],
            earlier: [spec.format(v, lang) for v in shown["forra"]],
            later: [spec.format(v, lang) for v in shown["nu"]],
            i18n.t("forandring_kort", lang): [spec.format_signed(v, lang) for v in shown["value"]],
            i18n.t("antal_svarande_kort", lang): shown["n"],
        }
    ).set_index(name_header)


def _legend(
    value_label: str,
    earlier: str,
    later: str,
    limit: float,
    signed: Callable[[float], str],
    lang: str,
) -> svgmap.Legend:
    """The diverging colour bar from −limit to +limit."""
    no_comparison = i18n.t("ingen_jamforelse", lang)
    return svgmap.Legend(
        title=i18n.t(
            "forandring_legend", lang, measure=value_label.lower(), earlier=earlier, later=later
        ),
        low=-limit,
        high=limit,
        ticks=[-limit, -limit / 2, 0.0, limit / 2, limit],
        number_format=signed,
        missing_label=no_comparison,
        colour=lambda v: diverging_colour(v, limit),
    )
