"""The map as a file: a standalone SVG (from the page's ``linnedata.graphics.svgmap`` markup) and a
PNG drawn from it by resvg, with the shipped DejaVu Sans, offline and without a browser.

resvg (``resvg-py``, a Rust wheel with no system library) renders the SVG exactly as it
is written; the page's hover boxes are left out of the file, and a highlighted municipality
keeps its black outline.
"""

from __future__ import annotations

import re

import resvg_py

from linnedata.reports.pdf import FONT_FILES

PNG_LONGEST = 2000
"""Pixels along the drawing's longer side: sharp when printed on A4. (All of Sweden is 2.4
times as tall as wide: 2000 px across made a 2000 × 4824 image, 1.2–3 s to draw; the longer
side bounded, it is 829 × 2000.)"""
_VIEW_BOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
_RULE = re.compile(r"[^{}]+\{[^{}]*\}")
_INTERACTIVE = (":hover", ":focus", ":has(")
HIGHLIGHT = "stroke:#000;stroke-width:5;paint-order:fill"
_SVG = re.compile(r"<svg\b.*</svg>", re.DOTALL)
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_TIPS = re.compile(r'<g class="tip t\d+">.*?</g>', re.DOTALL)
_LINK = re.compile(r"<a\b[^>]*>|</a>")


def highlight_css(code: str, css_class: str = "kommunkarta") -> str:
    """A style rule that outlines one municipality's shape in black (thick, on every fill).

    >>> highlight_css("0780")
    '.kommunkarta .k0780{stroke:#000;stroke-width:5;paint-order:fill}'
    """
    if not re.fullmatch(r"\d{4}", code):
        raise ValueError(f"a municipality code has four digits, got {code!r}")
    return f".{css_class} .k{code}{{{HIGHLIGHT}}}"


def highlighted(markup: str, code: str | None) -> str:
    """The page's map markup with ``code`` outlined (unchanged for None)."""
    if code is None:
        return markup
    return markup.replace("</style>", highlight_css(code) + "</style>", 1)


def standalone_svg(markup: str, title: str) -> str:
    """A file a browser or an editor opens on its own: the ``<svg>`` with its styles inside,
    a ``<title>``, white background, no hover boxes and no links.

    Args:
        markup: what ``svgmap.render`` (or :func:`highlighted`) returned.
        title: the file's title (the map's heading).
    """
    svg = _SVG.search(markup)
    if svg is None:
        raise ValueError("the markup holds no <svg> element")
    styles = "".join(
        rule  # hover and focus rules (three per municipality) mean nothing in a file
        for rule in _RULE.findall("".join(_STYLE.findall(markup)))
        if not any(marker in rule for marker in _INTERACTIVE)
    )
    body = _LINK.sub("", _TIPS.sub("", svg.group(0)))
    opening, rest = body.split(">", 1)
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'{opening} xmlns="http://www.w3.org/2000/svg" style="background:#fff;'
        "font-family:'DejaVu Sans'\">"
        f"<title>{escaped}</title><style>{styles}</style>"
        f'<rect width="100%" height="100%" fill="#fff"/>{rest}'
    )


def png_bytes(svg: str, width: int | None = None, longest: int = PNG_LONGEST) -> bytes:
    """The standalone SVG drawn as PNG in the shipped font: ``width`` pixels across when
    given, else ``longest`` pixels along the drawing's longer side."""
    size: dict[str, int] = {"width": width} if width else {"width": longest}
    box = _VIEW_BOX.search(svg)
    if width is None and box is not None and float(box.group(2)) > float(box.group(1)):
        size = {"height": longest}
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            **size,
            background="#ffffff",
            skip_system_fonts=True,
            font_files=[str(path) for path in FONT_FILES.values()],
            font_family="DejaVu Sans",
            sans_serif_family="DejaVu Sans",
        )
    )
