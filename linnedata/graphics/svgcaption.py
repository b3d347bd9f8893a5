"""A standalone map SVG with its heading above and its notes below (the Karta page's PNG),
so an image of the map explains itself on a slide."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def captioned(svg: str, title: str, notes: Sequence[str], font: float = 22) -> str:
    """A standalone map SVG with ``title`` drawn above it and ``notes`` (source, round, the
    demo caveat) below, so an image of the map explains itself on a slide. Every text is
    escaped; the drawing grows by the room they take.

    Args:
        svg: a standalone ``<svg>`` document with a ``viewBox="0 0 W H"``.
        title: the heading (the map's question).
        notes: lines under the map.
        font: the title's size in SVG units (notes are 0.7 of it).

    Raises:
        ValueError: the markup has no ``viewBox``.
    """
    found = _VIEWBOX.search(svg)
    if found is None:
        raise ValueError("the markup has no viewBox")
    width, height = float(found.group(1)), float(found.group(2))
    top, small = 2.2 * font, 0.7 * font
    bottom = (len(notes) * 1.4 + 0.8) * small if notes else 0.0
    total = top + height + bottom
    sized = svg.replace(found.group(0), f'viewBox="0 0 {width:.0f} {total:.0f}"', 1)
    opening_end = sized.index(">", sized.index("<svg")) + 1
    body_end = sized.rindex("</svg>")
    heading = (
        f'<text x="20" y="{1.4 * font:.0f}" font-size="{font:.0f}" font-weight="600" '
        f'fill="#262730">{html.escape(title)}</text>'
    )
    lines = "".join(
        f'<text x="20" y="{top + height + (n + 1) * 1.4 * small:.0f}" font-size="{small:.0f}" '
        f'fill="#555555">{html.escape(line)}</text>'
        for n, line in enumerate(notes)
    )
    return (
        sized[:opening_end]
        + heading
        + f'<g transform="translate(0 {top:.0f})">'
        + sized[opening_end:body_end]
        + "</g>"
        + lines
        + sized[body_end:]
    )
