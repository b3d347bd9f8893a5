"""The inline SVG maps (linnedata.graphics.svgmap): every shape drawn, honest legend, safe text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from linnedata.graphics import svgmap
from linnedata.i18n import fmt_number
from linnedata.places import geo
from linnedata.places.region import default_region

REGION = default_region()
MUNICIPALITIES = geo.load_municipalities(REGION["kommun_kod"].tolist())
COUNTIES = geo.load_counties(sorted(REGION["lan_kod"].unique()))


def value_regions(
    values: pd.DataFrame,
    *,
    low: float,
    high: float,
    tooltip: Callable[[Any], list[str]],
    href: Callable[[str], str] | None = None,
    mark: Callable[[float], str] | None = None,
) -> list[svgmap.Region]:
    """Regions coloured by a value (NaN = no value), for ``svgmap.render`` (test helper).

    Args:
        values: ``kommun_kod, kommun, value`` and whatever ``tooltip`` reads.
        low: the value of the scale's palest colour.
        high: the value of its darkest colour.
        tooltip: a row (a named tuple of ``values``) → the lines shown on hover.
        href: code → link target, or None for no links.
        mark: value → the short text printed on the shape (see ``render(print_marks=…)``).
    """
    return [
        svgmap.Region(
            code=row.kommun_kod,
            name=row.kommun,
            fill=None if pd.isna(row.value) else svgmap.colour_for(float(row.value), low, high),
            tooltip=tuple(tooltip(row)),
            href=href(row.kommun_kod) if href else None,
            mark=mark(float(row.value)) if mark and not pd.isna(row.value) else "",
        )
        for row in values.itertuples(index=False)
    ]


def values(missing: tuple[str, ...] = ()) -> pd.DataFrame:
    """A value for every region municipality (1.0, 1.25, …), NaN for ``missing``."""
    table = REGION[["kommun_kod", "kommun"]].assign(
        value=1 + 0.25 * (np.arange(len(REGION)) % 17), n=np.arange(len(REGION)) % 3 + 1
    )
    table.loc[table["kommun_kod"].isin(missing), "value"] = np.nan
    return table


def draw(table: pd.DataFrame) -> str:
    regions = value_regions(
        table,
        low=1,
        high=5,
        tooltip=lambda row: [
            row.kommun,
            f"Medelbetyg: {fmt_number(row.value, 1)}",
            f"{row.n} svarande",
        ],
        href=lambda code: f"kommunprofil?kommun={code}",
    )
    legend = svgmap.Legend(
        "Medelbetyg (1–5)", 1, 5, svgmap.nice_ticks(1, 5), lambda v: fmt_number(v, 1), "Inget svar"
    )
    return svgmap.render(MUNICIPALITIES, COUNTIES, regions, label="Karta", legend=legend)


def test_every_municipality_is_one_linked_shape() -> None:
    svg = draw(values())
    codes = re.findall(r'<path class="kommun k(\d{4})[^"]*" data-kod="\1"', svg)
    assert sorted(codes) == sorted(REGION["kommun_kod"])
    assert svg.count('href="kommunprofil?kommun=') == 38


def test_municipality_without_value_is_grey_and_hatched_not_coloured() -> None:
    svg = draw(values(missing=("0780", "0885")))
    vaxjo = re.search(r'<path class="kommun k0780 saknas"[^>]*>', svg).group(0)
    assert "fill:" not in vaxjo
    assert svg.count('class="hatch"') == 2 + 1  # two shapes and the legend's swatch
    assert "Inget svar" in svg


def test_tooltip_has_name_value_with_decimal_comma_and_n() -> None:
    table = values()
    table.loc[table["kommun_kod"] == "0780", ["value", "n"]] = [3.25, 7]
    svg = draw(table)
    tip = re.search(r'<g class="tip t0780">.*?</g>', svg).group(0)
    assert [t for t in re.findall(r">([^<]+)</text>", tip)] == [
        "Växjö",
        "Medelbetyg: 3,2",
        "7 svarande",
    ]


def test_colours_rise_with_the_value_and_clamp_outside_the_scale() -> None:
    assert svgmap.colour_for(0, 1, 5) == svgmap.colour_for(1, 1, 5)
    assert svgmap.colour_for(9, 1, 5) == svgmap.colour_for(5, 1, 5)
    assert svgmap.colour_for(2, 1, 5) != svgmap.colour_for(4, 1, 5)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1, 5, [1, 2, 3, 4, 5]),
        (0, 1, [0, 0.25, 0.5, 0.75, 1]),
        (0, 6, [0, 2, 4, 6]),
        (0, 3, [0, 1, 2, 3]),
    ],
)
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert svgmap.nice_ticks(low, high) == expected


def test_text_is_escaped_so_nothing_in_the_map_runs() -> None:
    table = values()
    table.loc[0, "kommun"] = '<script>alert("x")</script>'
    svg = draw(table)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_map_markup_stays_small() -> None:
    assert len(draw(values(missing=("0780",))).encode()) < 60_000


# --- accessibility (issue 11) -------------------------------------------------------------


def test_the_map_is_a_group_of_links_with_a_skip_link_before_it() -> None:
    svg = draw(values())
    assert 'role="group" aria-label="Karta"' in svg
    assert 'role="img"' not in svg
    skip = re.search(r'<a class="hoppa-karta" href="#([^"]+)"[^>]*>([^<]+)</a><svg', svg)
    assert skip is not None
    assert skip.group(2) == "Hoppa förbi kartan"
    assert svg.endswith(f'</svg><span id="{skip.group(1)}" tabindex="-1"></span>')
    english = svgmap.render(MUNICIPALITIES, COUNTIES, [], label="Map", lang="en")
    assert ">Skip the map</a>" in english


def test_tooltips_show_on_focus_and_hover_and_sit_beside_their_shape() -> None:
    svg = draw(values())
    assert ".kommunkarta:has(.k0780:hover,a:focus>.k0780) .t0780" in svg
    assert ".kommunkarta .t0780:hover{visibility:visible}" in svg
    box = re.search(r'<g class="tip t0780"><rect x="(\d+)" y="(\d+)" width="(\d+)"', svg)
    x, width = int(box.group(1)), int(box.group(3))
    shape = re.search(r'<path class="kommun k0780"[^>]* d="([^"]+)"', svg).group(1)
    xs = [float(v) for v in re.findall(r"[ML](-?[\d.]+)[ ,]", shape)]
    assert x >= max(xs) or x + width <= min(xs), "the tooltip covers its own municipality"


def test_printed_marks_are_hidden_until_shown_and_carry_the_value() -> None:
    table = values()
    regions = value_regions(
        table, low=1, high=5, tooltip=lambda row: [row.kommun], mark=lambda v: fmt_number(v, 1)
    )
    plain = svgmap.render(MUNICIPALITIES, COUNTIES, regions, label="Karta")
    printed = svgmap.render(MUNICIPALITIES, COUNTIES, regions, label="Karta", print_marks=True)
    # Drawn in both, hidden unless printed (the page's toggle adds marks_shown_css()).
    assert ".kommunkarta .mark{" in plain
    assert re.search(r"\.kommunkarta \.mark\{[^}]*visibility:hidden", plain)
    assert not re.search(r"\.kommunkarta \.mark\{[^}]*visibility:hidden", printed)
    assert "visibility:visible" in svgmap.marks_shown_css("kommunkarta")
    for svg in (plain, printed):
        marks = re.findall(r'<text class="mark"[^>]*>([^<]+)</text>', svg)
        assert sorted(marks) == sorted(fmt_number(v, 1) for v in table["value"])


def test_a_map_of_more_than_max_marks_municipalities_draws_no_marks(monkeypatch) -> None:
    regions = value_regions(
        values(), low=1, high=5, tooltip=lambda row: [row.kommun], mark=lambda v: "x"
    )
    assert svgmap.has_marks(svgmap.render(MUNICIPALITIES, COUNTIES, regions, label="Karta"))
    monkeypatch.setattr(svgmap, "MAX_MARKS", len(regions) - 1)
    assert not svgmap.has_marks(svgmap.render(MUNICIPALITIES, COUNTIES, regions, label="Karta"))


def test_a_long_tooltip_line_wraps_inside_the_drawing() -> None:
    """A seminar plan's tooltip line ("→ topic: seminars …") longer than the map is wrapped,
    every word kept, and its box stays inside the drawing."""
    long = "→ Infrastruktur: " + ", ".join(
        f"seminarium {i} med kommunerna i länet" for i in range(4)
    )
    regions = [
        svgmap.Region(code=code, name=name, fill="#abcdef", tooltip=(name, long))
        for code, name in zip(REGION["kommun_kod"], REGION["kommun"], strict=True)
    ]
    svg = svgmap.render(MUNICIPALITIES, COUNTIES, regions, label="Karta", font_size=40)
    for box in re.findall(r'<g class="tip t\d+">(.*?)</g>', svg):
        x, width = (
            float(v)
            for v in re.search(r'<rect x="(-?[\d.]+)" y="[^"]+" width="([\d.]+)"', box).groups()
        )
        assert x >= 0, x
        assert x + width <= svgmap.WIDTH, (x, width)
        lines = re.findall(r"<text[^>]*>([^<]*)</text>", box)
        assert len(lines) > 2
        assert " ".join(lines[1:]).replace("&amp;", "&") == long.replace("&", "&amp;").replace(
            "&amp;", "&"
        )
