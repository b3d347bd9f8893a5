"""The colour bar under a map (``linnedata.graphics.svgmap``): its colours, ticks and labels,
laid out so every text stays inside the drawing at any size the map is shown.

Text widths are estimated (a character is :data:`EM` of the font size, a bold one
:data:`BOLD_EM`): the legend's title and its "no answer" label wrap to the drawing's width, the
bar starts far enough in for its low end's label, and tick labels that would touch give way.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from plotly.colors import sample_colorscale

WIDTH = 1000.0
"""Width of a map's drawing, legend included, in SVG units (it scales to the page's width)."""

COLOURSCALE = "YlGnBu"
"""Sequential and colour-blind safe; its palest end is skipped so every fill shows on white."""
_SCALE_START = 0.12
_LEGEND_STEPS = 24
_SHORTEST_BAR = 300.0
"""The colour bar's shortest length (drawing units) with the "no answer" swatch beside it."""
EM = 0.55
"""A character's width in em (Source Sans, digits and lower case), for fitting text."""
BOLD_EM = 0.6
"""The same for bold text (the legend's title, a tooltip's first line)."""
LINE = 1.25
"""The legend's line height, in em."""


@dataclass(frozen=True)
class Legend:
    """A colour bar under the map.

    Attributes:
        title: what the colours mean (the measure).
        low: the value at the bar's left end.
        high: the value at the bar's right end.
        ticks: values to label on the bar.
        number_format: value → label text.
        missing_label: the hatched swatch's label ("Inget svar"), or "" for none.
        colour: value → fill of the bar (default: :func:`colour_for` on ``low``–``high``),
            e.g. a diverging scale for a change map.
    """

    title: str
    low: float
    high: float
    ticks: Sequence[float]
    number_format: Callable[[float], str]
    missing_label: str = ""
    colour: Callable[[float], str] | None = None


def colour_for(value: float, low: float, high: float, scale: str = COLOURSCALE) -> str:
    """The colour (``#rrggbb``) of ``value`` on a sequential scale from ``low`` to ``high``
    (clamped).

    >>> colour_for(1, 1, 5) != colour_for(5, 1, 5)
    True
    """
    share = 0.0 if high == low else min(max((value - low) / (high - low), 0.0), 1.0)
    return short_colour(sample_colorscale(scale, [_SCALE_START + (1 - _SCALE_START) * share])[0])


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round values from ``low`` to ``high``, both ends included.

    >>> nice_ticks(1, 5), nice_ticks(0, 1), nice_ticks(0, 3)
    ([1.0, 2.0, 3.0, 4.0, 5.0], [0.0, 0.25, 0.5, 0.75, 1.0], [0.0, 1.0, 2.0, 3.0])
    """
    span = high - low
    if span <= 0:
        return [float(low)]
    raw = span / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    ticks = np.arange(math.ceil(low / step) * step, high + step * 1e-9, step)
    return [round(float(t), 10) for t in ticks]


_RGB = re.compile(r"rgb\((\d+), ?(\d+), ?(\d+)\)")


def short_colour(colour: str) -> str:
    """Plotly's ``rgb(r, g, b)`` as ``#rrggbb`` (10 bytes fewer a shape), else ``colour``.

    >>> short_colour("rgb(32, 112, 176)"), short_colour("#D55E00")
    ('#2070b0', '#D55E00')
    """
    found = _RGB.fullmatch(colour)
    return "#" + "".join(f"{int(n):02x}" for n in found.groups()) if found else colour


def spaced_ticks(ticks: list[tuple[float, str]], font: float) -> list[tuple[float, str]]:
    """The tick labels ``(x, text)`` that fit side by side (:data:`EM` per character and one
    em between labels): a label that would touch the one before is left out, and the
    last label always stays (the one before it gives way), so "75 %100 %" cannot happen.

    >>> spaced_ticks([(0, "0 %"), (20, "50 %"), (40, "100 %")], 16)
    [(0, '0 %'), (40, '100 %')]
    """

    def half(label: str) -> float:
        return EM * font * len(label) / 2

    def apart(a: tuple[float, str], b: tuple[float, str]) -> bool:
        return b[0] - a[0] >= half(a[1]) + half(b[1]) + font

    kept: list[tuple[float, str]] = []
    for tick in ticks:
        if not kept or apart(kept[-1], tick):
            kept.append(tick)
    if ticks and kept[-1] != ticks[-1]:
        while len(kept) > 1 and not apart(kept[-1], ticks[-1]):
            kept.pop()
        kept.append(ticks[-1])
    return kept


def _bar_start(legend: Legend, font: float) -> float:
    """Where the colour bar starts: far enough in that its low end's label, centred under
    it, stays inside the drawing ("0,00" was cut off at a phone's screen edge)."""
    return max(30.0, EM * font * len(legend.number_format(legend.low)) / 2 + 4)


def _title_lines(legend: Legend, font: float) -> list[str]:
    """The legend's title, wrapped to the drawing's width: a long measure's name ("Andel
    svarande som vill medfinansiera …") ran past a phone's screen edge on one line."""
    room = WIDTH - _bar_start(legend, font) - 10
    return textwrap.wrap(legend.title, max(12, int(room / (BOLD_EM * font)))) or [""]


def _swatch_lines(legend: Legend, font: float) -> tuple[list[str], bool]:
    """The "no answer" swatch's label as lines, and whether it goes beside the bar (the bar
    gives way down to :data:`_SHORTEST_BAR`); a label too long for that goes on rows of its
    own under the tick labels, wrapped to the drawing's width."""
    label = legend.missing_label
    if not label:
        return [], True
    x0 = _bar_start(legend, font)
    if x0 + _SHORTEST_BAR + 60 + font + 10 + EM * font * len(label) + 10 <= WIDTH:
        return [label], True
    room = WIDTH - x0 - font - 20
    return textwrap.wrap(label, max(12, int(room / (EM * font)))), False


def legend_height(legend: Legend | None, font: float) -> float:
    """The drawing units the legend takes under the map (0 without one): its title's
    lines, the bar, the tick labels and any rows of the swatch's label under them."""
    if legend is None:
        return 0.0
    extra_title = len(_title_lines(legend, font)) - 1
    swatch, beside = _swatch_lines(legend, font)
    rows = 0 if beside else len(swatch) + 0.5
    return 60 + 2.2 * font + LINE * font * (extra_title + rows)


def markup(legend: Legend, y: float, font: float) -> str:
    """The title (wrapped), the colour bar (stepped, so it needs no gradient id) with
    ticks, and the swatch; every text inside the drawing."""
    x0, width, bar = _bar_start(legend, font), 560.0, font
    lines = _title_lines(legend, font)
    title = "".join(
        f'<text x="{x0:.0f}" y="{y + font + LINE * font * i:.0f}" font-weight="600">'
        f"{html.escape(line)}</text>"
        for i, line in enumerate(lines)
    )
    y += LINE * font * (len(lines) - 1)  # the bar and its labels under the title
    swatch, beside = _swatch_lines(legend, font)
    if swatch and beside:  # the bar gives way to the label (a narrow screen clips what runs past)
        room = WIDTH - x0 - 60 - bar - 10 - EM * font * len(swatch[0]) - 10
        width = max(_SHORTEST_BAR, min(width, room))
    step = width / _LEGEND_STEPS
    colour = legend.colour or (lambda v: colour_for(v, legend.low, legend.high))
    cells = "".join(
        f'<rect x="{x0 + i * step:.1f}" y="{y + 10 + font:.0f}" width="{step + 0.6:.1f}" '
        f'height="{bar:.0f}" style="fill:{short_colour(colour(legend.low + (i + 0.5) / _LEGEND_STEPS * (legend.high - legend.low)))}"/>'
        for i in range(_LEGEND_STEPS)
    )
    placed = spaced_ticks(
        [
            (x0 + (t - legend.low) / (legend.high - legend.low) * width, legend.number_format(t))
            for t in legend.ticks
        ],
        font,
    )
    ticks = "".join(
        f'<text x="{x:.0f}" y="{y + 14 + font + bar + font:.0f}" text-anchor="middle">'
        f"{html.escape(label)}</text>"
        for x, label in placed
    )
    missing = ""
    if swatch:
        # beside the bar, or on a row of its own under the tick labels
        mx, my = (x0 + width + 60, y + 10 + font) if beside else (x0, y + 14 + 2.6 * font + bar)
        texts = "".join(
            f'<text x="{mx + bar + 10:.0f}" y="{my + bar - 3 + LINE * font * i:.0f}">'
            f"{html.escape(line)}</text>"
            for i, line in enumerate(swatch)
        )
        missing = (
            f'<rect class="saknas" x="{mx:.0f}" y="{my:.0f}" width="{bar:.0f}" height="{bar:.0f}"/>'
            f'<path class="hatch" d="M{mx:.0f} {my + bar / 2:.0f}L{mx + bar / 2:.0f} {my:.0f}'
            f'M{mx:.0f} {my + bar:.0f}L{mx + bar:.0f} {my:.0f}M{mx + bar / 2:.0f} {my + bar:.0f}L{mx + bar:.0f} {my + bar / 2:.0f}"/>'
            f"{texts}"
        )
    return f'<g class="legend">{title}{cells}{ticks}{missing}</g>'
