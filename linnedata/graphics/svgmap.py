"""Maps as inline SVG: drawn with the page itself, offline, with no chart library.

A plotly map on this page costs the browser a 4.7 MB script before the first shape shows
(about 2.5–3 times a blank Streamlit page on the benchmark machine). An SVG of 38
municipalities is ~40 KB of markup that the browser draws together with the page's text.
Hover or keyboard focus shows a tooltip (pure CSS) beside the shape, never over it; the
tooltip stays while the pointer is on it. Every municipality is a link to its profile (the
map is a group of links, not an image), a "skip the map" link comes before it, and a
municipality without a value is grey *and* hatched, so it is told apart without colour.
"""

from __future__ import annotations

import html
import math
import textwrap
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from linnedata import i18n
from linnedata.graphics import svglegend
from linnedata.graphics.svglegend import (
    BOLD_EM,
    COLOURSCALE,
    WIDTH,
    Legend,
    colour_for,
    legend_height,
    nice_ticks,
    short_colour,
    spaced_ticks,
)

__all__ = [
    "COLOURSCALE", "WIDTH", "Legend", "Region", "colour_for", "legend_height", "nice_ticks",
    "render", "short_colour", "spaced_ticks",
]  # fmt: skip

MISSING_FILL = "#d9d9d9"
COUNTY_STROKE = "#262730"
_FONT = 32
MIN_TEXT_PX = 12
"""The smallest legend and tooltip text, in CSS pixels, at any page width (issue 23)."""
NARROWEST_PX = 340
"""The narrowest the map is drawn: a 390 px phone's main column less Streamlit's padding."""
_PAD = 12.0
"""Text size in SVG units: the drawing is 1000 units wide and shown ~550–700 px wide."""


@dataclass(frozen=True)
class Region:
    """One municipality on the map.

    Attributes:
        code: SCB code; also the CSS class ``k<code>`` of its shape.
        name: the municipality's name.
        fill: its colour, or None for "no value" (grey and hatched).
        tooltip: the lines shown on hover (name first).
        href: where a click goes, or None for no link.
        mark: a short text (the value) printed on the shape when the map prints its values.
    """

    code: str
    name: str
    fill: str | None
    tooltip: Sequence[str] = field(default_factory=tuple)
    href: str | None = None
    mark: str = ""


def _mercator(geometry: np.ndarray) -> np.ndarray:
    """Lon/lat degrees → Web Mercator (unit sphere), so shapes look as on other maps."""

    def project(xy: np.ndarray) -> np.ndarray:
        lon = np.radians(xy[:, 0])
        lat = np.radians(xy[:, 1])
        return np.column_stack([lon, np.log(np.tan(np.pi / 4 + lat / 2))])

    return shapely.transform(geometry, project)


project = _mercator
"""The map's projection, public for drawings made elsewhere (the PDF reports)."""


def _path(geometry: shapely.Geometry, scale: float, left: float, top: float) -> str:
    """An SVG path (whole units; each ring's first point absolute, then relative steps) for a
    projected (multi)polygon or line."""
    parts: list[str] = []
    for part in shapely.get_parts(geometry):
        rings = [part.exterior, *part.interiors] if isinstance(part, shapely.Polygon) else [part]
        for ring in rings:
            xy = shapely.get_coordinates(ring)
            # Whole units (the drawing is 1000 wide, shown 400–900 px): half the bytes of
            # one decimal, and less markup for the browser to parse before it paints.
            points_xy = (
                np.rint(np.column_stack([(xy[:, 0] - left) * scale, (top - xy[:, 1]) * scale]))
                + 0.0
            )  # no "-0"
            keep = np.ones(len(points_xy), dtype=bool)
            keep[1:] = (np.diff(points_xy, axis=0) != 0).any(axis=1)
            points_xy = points_xy[keep]
            closed = isinstance(part, shapely.Polygon)
            if closed and len(points_xy) > 1 and (points_xy[-1] == points_xy[0]).all():
                points_xy = points_xy[:-1]  # "Z" draws the last step back to the start
            # The first point absolute, then each step relative ("l"): the steps are small
            # whole numbers, about a third fewer bytes than absolute ones, and exact (the
            # differences of rounded points never drift).
            (x0, y0), steps = points_xy[0], np.diff(points_xy, axis=0)
            relative = "".join(
                f"{'' if a < 0 else ' '}{a:.0f}{'' if b < 0 else ' '}{b:.0f}" for a, b in steps
            )
            line = f"l{relative.lstrip()}" if len(steps) else ""
            parts.append(f"M{x0:.0f} {y0:.0f}{line}" + ("Z" if closed else ""))
    return "".join(parts)


MARK_SCALE = 0.8
"""The marks printed on the shapes are this much smaller than the map's other texts."""


MAX_MARKS = 100
"""A map of more municipalities draws no marks: 290 values printed on all of Sweden could
not be read, and would cost about 13 KB of the map's payload (the table has the values)."""


def has_marks(markup: str) -> bool:
    """Whether a map drawn by :func:`render` carries marks (the toggle is offered only then)."""
    return '<text class="mark"' in markup


def marks_shown_css(css_class: str = "kommunkarta") -> str:
    """A style that shows the marks of every map with ``css_class`` (drawn hidden).

    >>> marks_shown_css()
    '<style>.kommunkarta .mark{visibility:visible}</style>'
    """
    return f"<style>.{html.escape(css_class)} .mark{{visibility:visible}}</style>"


def render(
    municipalities: gpd.GeoDataFrame,
    counties: gpd.GeoDataFrame,
    regions: Sequence[Region],
    *,
    label: str,
    legend: Legend | None = None,
    css_class: str = "kommunkarta",
    max_height: int = 720,
    font_size: float = _FONT,
    lang: str = i18n.DEFAULT_LANG,
    print_marks: bool = False,
) -> str:
    """The map as one line of HTML (``<style>`` + ``<svg>``) for ``ui.inline.show``.

    Args:
        municipalities: ``kommun_kod`` and geometry (WGS 84) of every municipality drawn.
        counties: county geometries; their borders are drawn on top.
        regions: what to draw for each municipality (looked up by code; a municipality
            without an entry is drawn as missing, without a link).
        label: the map's accessible name (its text alternative).
        legend: the colour bar, or None.
        css_class: the ``<svg>``'s class, which also scopes the CSS.
        max_height: the drawing's largest height in CSS pixels.
        font_size: text size in drawing units (1000 wide): larger for a map shown small.
        lang: the language of the "skip the map" link.
        print_marks: show each region's ``mark`` on its shape (black with a white halo,
            readable on every fill), so the values can be read without hovering. Otherwise
            the marks are drawn hidden, and :func:`marks_shown_css` shows them (the Karta
            page's toggle), so no new map has to be drawn. A map of more than
            :data:`MAX_MARKS` municipalities draws none.

    Returns:
        The markup. Every text in it is escaped; nothing in it runs.
    """
    by_code: Mapping[str, Region] = {r.code: r for r in regions}
    shapes = _mercator(np.asarray(municipalities.geometry.values))
    borders = _mercator(np.asarray(counties.boundary.values))
    left, bottom, right, top = shapely.total_bounds(shapes)
    scale = (WIDTH - 2 * _PAD) / (right - left)
    left, top = left - _PAD / scale, top + _PAD / scale  # a margin so edge strokes show
    height = (top - bottom) * scale + _PAD
    font_size = legible_font(font_size, height, max_height, legend)
    total = height + legend_height(legend, font_size) + 10

    cls = html.escape(css_class)
    # Text sizes differ between drawings of one class (Seminarier shows two): they are
    # scoped to a class of their own, or the later map's sizes would apply to both.
    sized = f"{cls}-t{font_size * 10:.0f}"
    styles = _styles(cls, sized, max_height, font_size, print_marks)
    shape_markup: list[str] = []
    hatch_markup: list[str] = []
    tip_markup: list[str] = []
    mark_markup: list[str] = []
    for code, name, geometry in zip(
        municipalities["kommun_kod"], municipalities.get("kommun", municipalities["kommun_kod"]),
        shapes, strict=True,
    ):  # fmt: skip
        region = by_code.get(code, Region(code=code, name=name, fill=None))
        d = _path(geometry, scale, left, top)
        lines = [html.escape(line) for line in _tip_lines(region, font_size)]
        shape_markup.append(_shape(region, code, d))
        if not region.fill:
            hatch_markup.append(_hatch(geometry, scale, left, top))
        if region.mark and len(regions) <= MAX_MARKS:
            point = geometry.representative_point()
            mark_markup.append(
                f'<text class="mark" x="{(point.x - left) * scale:.0f}" '
                f'y="{(top - point.y) * scale + font_size / 3:.0f}">{html.escape(region.mark)}</text>'
            )
        tip_markup.append(_tooltip(code, lines, geometry, scale, left, top, height, font_size))
        styles.append(  # one rule per municipality: ~100 bytes × 290 for all of Sweden
            f".{cls}:has(.k{code}:hover,a:focus>.k{code}) .t{code},"
            f".{cls} .t{code}:hover{{visibility:visible}}"
        )
    border_markup = "".join(
        f'<path class="lan" d="{_path(g, scale, left, top)}"/>' for g in borders
    )
    legend_markup = svglegend.markup(legend, height + 10, font_size) if legend else ""
    after = f"{cls}-slut-{zlib.crc32(label.encode()):x}"
    return (
        f"<style>{''.join(styles)}</style>"
        f'<a class="hoppa-karta" href="#{after}" target="_self">{html.escape(i18n.t("karta_hoppa_over", lang))}</a>'
        f'<svg class="{cls} {sized}" data-narrowest="{narrowest_px(font_size)}" viewBox="0 0 {WIDTH:.0f} {total:.0f}" role="group" '
        f'aria-label="{html.escape(label)}" preserveAspectRatio="xMidYMin meet">'
        f"<g>{''.join(shape_markup)}</g><g>{''.join(hatch_markup)}</g><g>{border_markup}</g>"
        f'<g aria-hidden="true">{"".join(mark_markup)}</g>{legend_markup}<g aria-hidden="true">{"".join(tip_markup)}</g></svg>'
        f'<span id="{after}" tabindex="-1"></span>'
    )


def narrowest_px(font_size: float) -> int:
    """The narrowest (CSS px) a drawing with text of ``font_size`` units can be shown with
    that text at least :data:`MIN_TEXT_PX` (the ``<svg>``'s ``data-narrowest``; the page
    keeps a map's column at least this wide, ``ui.inline``).

    >>> narrowest_px(40), narrowest_px(35.3)
    (300, 340)
    """
    return math.ceil(MIN_TEXT_PX * WIDTH / font_size)


def legible_font(font_size: float, height: float, max_height: int, legend: Legend | None) -> float:
    """``font_size`` (drawing units), raised so text is at least :data:`MIN_TEXT_PX` CSS px
    however the map is shown: :data:`NARROWEST_PX` wide, or ``max_height`` tall for a tall
    drawing such as all of Sweden (1000 × 2400 units shown 580 px tall: 32 units were 7 px).

    >>> bar = Legend("Poäng", 1, 5, [1, 5], str)
    >>> legible_font(32, 900, 580, bar), round(legible_font(32, 2400, 580, bar), 1)
    (35.3, 53.5)
    """
    font = font_size
    for _ in range(8):  # the legend's height grows with the font: settle in a few steps
        total = height + legend_height(legend, font) + 10
        px_per_unit = min(NARROWEST_PX / WIDTH, max_height / total)
        font = max(font_size, round(MIN_TEXT_PX / px_per_unit, 1))
    return font


def _styles(
    cls: str, sized: str, max_height: int, font_size: float, print_marks: bool
) -> list[str]:
    """The map's CSS, scoped to its class, the text sizes to its ``sized`` class (the
    per-municipality hover rules are added by :func:`render`)."""
    return [
        f".{cls}{{width:100%;height:auto;max-height:{max_height}px;font:13px 'Source Sans Pro',Arial,sans-serif}}",
        f".{cls} .kommun{{stroke:#fff;stroke-width:0.8;fill-rule:evenodd}}",
        f".{cls} .saknas{{fill:{MISSING_FILL};stroke:#fff}}",
        f".{cls} .hatch{{stroke:#8c8c8c;stroke-width:1;pointer-events:none}}",
        f".{cls} a:hover .kommun{{stroke:#000;stroke-width:2.5}}",
        # The focus ring: 3 px black inside a white halo (two tones, so it shows on every
        # fill and on the county borders), in screen pixels whatever the map's size.
        f".{cls} a:focus{{outline:none}}",
        f".{cls} a:focus .kommun{{stroke:#000;stroke-width:3px;vector-effect:non-scaling-stroke;"
        "filter:drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff)}",
        f".{cls} .lan{{fill:none;stroke:{COUNTY_STROKE};stroke-width:1.6;pointer-events:none}}",
        f".{cls} .tip{{visibility:hidden}}",
        f"html.tips-off .{cls} .tip{{visibility:hidden!important}}",
        ".hoppa-karta{position:absolute;left:-10000px}",
        ".hoppa-karta:focus{position:static;display:inline-block;padding:2px 6px;"
        "outline:2px solid #000;box-shadow:0 0 0 4px #fff}",
        f".{cls} .tip rect{{fill:#fff;stroke:#262730;stroke-width:0.8;opacity:.95}}",
        f".{sized} .tip text{{fill:#262730;font-size:{font_size}px}}",
        f".{cls} .tip text:first-of-type{{font-weight:600}}",  # the municipality's name
        f".{sized} .legend text{{fill:#262730;font-size:{font_size}px}}",
        f".{sized} .mark{{fill:#000;stroke:#fff;stroke-width:{font_size / 4:.1f}px;paint-order:stroke;"
        f"font-size:{font_size * MARK_SCALE:.0f}px;font-weight:600;text-anchor:middle;pointer-events:none}}",
        *([] if print_marks else [f".{cls} .mark{{visibility:hidden}}"]),  # marks_shown_css
    ]


def _shape(region: Region, code: str, d: str) -> str:
    """One municipality's path with its title, in a link when it has one."""
    fill = f' style="fill:{short_colour(region.fill)}"' if region.fill else ""
    css = f"kommun k{code}" + ("" if region.fill else " saknas")
    title = html.escape(" – ".join(region.tooltip or [region.name]))
    shape = f'<path class="{css}" data-kod="{code}" d="{d}"{fill}><title>{title}</title></path>'
    if region.href:
        shape = (
            f'<a href="{html.escape(region.href)}" target="_self" aria-label="{title}">{shape}</a>'
        )
    return shape


def _hatch(geometry: shapely.Geometry, scale: float, left: float, top: float) -> str:
    """Diagonal lines across a shape without a value (SVG patterns need ids, which the
    page's sanitiser may rename, so the hatching is drawn as clipped lines)."""
    minx, miny, maxx, maxy = geometry.bounds
    spacing = 12 / scale
    lines = []
    for offset in np.arange(minx - (maxy - miny), maxx, spacing):
        lines.append(shapely.LineString([(offset, miny), (offset + (maxy - miny), maxy)]))
    clipped = shapely.intersection(shapely.MultiLineString(lines), geometry)
    if clipped.is_empty:
        return ""
    return f'<path class="hatch" d="{_path(clipped, scale, left, top)}"/>'


def _tip_lines(region: Region, font: float) -> list[str]:
    """The tooltip's lines, each wrapped to the drawing's width: a long line (a seminar
    plan's "→ topic: seminars …") made a box wider than the map, which ran off its edge."""
    chars = max(12, int((WIDTH - 28) / (BOLD_EM * font)))
    return [
        part
        for line in region.tooltip or [region.name]
        for part in textwrap.wrap(line, chars) or [line]
    ]


def _tooltip(
    code: str,
    lines: list[str],
    geometry: shapely.Geometry,
    scale: float,
    left: float,
    top: float,
    height: float,
    font: float,
) -> str:
    """A hover box near the shape's centre, kept inside the drawing."""
    point = geometry.representative_point()
    y = (top - point.y) * scale
    minx, miny, maxx, maxy = geometry.bounds
    shape_left, shape_right = (minx - left) * scale, (maxx - left) * scale
    shape_top, shape_bottom = (top - maxy) * scale, (top - miny) * scale
    box_width = 20 + BOLD_EM * font * max(len(line) for line in lines)
    box_height = 14 + 1.3 * font * len(lines)
    by = min(max(y - box_height / 2, 4), height - box_height - 4)
    if shape_right + 8 + box_width <= WIDTH - 4:  # beside the shape, never over it
        bx = shape_right + 8
    elif shape_left - 8 - box_width >= 4:
        bx = shape_left - 8 - box_width
    else:  # a shape as wide as the map: above it, or below it
        bx = min(max((shape_left + shape_right - box_width) / 2, 4), WIDTH - box_width - 4)
        above = shape_top - 8 - box_height
        by = above if above >= 4 else min(shape_bottom + 8, height - box_height - 4)
    text = "".join(
        f'<text x="{bx + 10:.0f}" y="{by + 4 + 1.3 * font * (i + 1):.0f}">{line}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f'<g class="tip t{code}"><rect x="{bx:.0f}" y="{by:.0f}" width="{box_width:.0f}" '
        f'height="{box_height:.0f}" rx="4"/>{text}</g>'
    )
