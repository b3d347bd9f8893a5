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

PNG_WIDTH = 2000
"""Pixels across (the drawing is 1000 units wide): sharp when printed at A4 width."""
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
    styles = "".join(_STYLE.findall(markup))
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


def png_bytes(svg: str, width: int = PNG_WIDTH) -> bytes:
    """The standalone SVG drawn as PNG, ``width`` pixels across, in the shipped font."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            width=width,
            background="#ffffff",
            skip_system_fonts=True,
            font_files=[str(path) for path in FONT_FILES.values()],
            font_family="DejaVu Sans",
            sans_serif_family="DejaVu Sans",
        )
    )
