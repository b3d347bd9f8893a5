"""A report as plain data, and its typesetting into a tagged PDF (PDF/UA-1) by Typst.

A report is a title, a few lines under it and a list of :class:`Section`: a heading and its
blocks — :class:`Paragraph`, :class:`Bullets`, :class:`Table`, :class:`SvgFigure` (any SVG
drawing with its alternative text), and the two drawings :class:`DotChart` and
:class:`MapFigure` (made in :mod:`linnedata.reports.drawings`). Adding a
section to a report is adding one more ``Section(heading, (blocks…))``; nothing here knows
what a report says.

:func:`render` hands the report as JSON to the template ``report.typ`` beside this module and
compiles it with Typst (the ``typst`` wheel: the compiler itself, no system library, no
browser, no network). Every text is a JSON string that the template shows as it is, so nothing
from the store is ever read as markup. Typst writes the structure tree (H1, H2, P, L/LI,
Table/TR/TH/TD with column scope, Figure with /Alt), marks the running footer as an artifact,
sets ``/Lang``, the title (shown as the window title), ``/MarkInfo /Marked true``, an outline
of the section headings and the PDF/UA-1 identification in XMP — and refuses to write a
PDF/UA document that lacks one of them (a figure without alternative text, no title).
The only font is DejaVu Sans, shipped in ``data/fonts``; the machine's fonts are ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import typst
from fontTools.ttLib import TTFont
from pypdf.errors import PdfReadError

from linnedata.paths import DATA_DIR
from linnedata.reports.rowheaders import with_row_headers

TEMPLATE = Path(__file__).with_name("report.typ")
FONT_DIR = DATA_DIR / "fonts"
FONT_FILES = {
    "": FONT_DIR / "DejaVuSans.ttf",
    "B": FONT_DIR / "DejaVuSans-Bold.ttf",
}
"""The embedded font by style (regular, bold); see data/fonts/LICENSE.txt."""
PDF_STANDARD = "ua-1"
REPLACEMENT = "\ufffd"
"""Drawn instead of a character the shipped font lacks (PDF/UA allows no missing glyph)."""
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``style`` is ``body``, ``small`` (8,5 pt), ``note`` (8 pt) or ``strong``."""

    text: str
    style: str = "body"
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    """A list (L/LI) of one-line items."""

    items: tuple[str, ...]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    """A table with one header row (TH, column scope) and text cells (TD).

    ``widths`` are relative column widths; the first column is left-aligned (labels), the
    others right-aligned (numbers). A header wraps between words only: a column is never
    narrower than its header's longest word (the first column gives up the width).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    kind: str = "table"

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.header) or any(
            len(row) != len(self.header) for row in self.rows
        ):
            raise ValueError("a table's rows and widths must have one entry per header cell")


@dataclass(frozen=True)
class Notice:
    """A highlighted paragraph (the demo label under the title)."""

    text: str
    kind: str = "notice"


@dataclass(frozen=True)
class DotRow:
    """One row of a dot chart: the label, the value cells as text, and each marker's place
    on the scale (0–1, None when there is no value)."""

    label: str
    cells: tuple[str, ...]
    positions: dict[str, float | None]


@dataclass(frozen=True)
class DotChart:
    """A table whose second column draws the row's values as markers on a scale (an artifact:
    the same numbers are in the row's cells); a legend and a note follow."""

    header: tuple[str, ...]
    value_columns: tuple[str, ...]
    ticks: tuple[str, ...]
    tick_shares: tuple[float, ...]
    rows: tuple[DotRow, ...]
    legend: tuple[tuple[str, str], ...]
    legend_text: str
    kind: str = "dot_chart"


@dataclass(frozen=True)
class MapShape:
    """A municipality on the map: its fill, its rings (points in mm from the map's top left
    corner) and, when it has no value, where its cross goes."""

    fill: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    cross: tuple[float, float] | None = None


@dataclass(frozen=True)
class MapFigure:
    """A map (a Figure with alternative text) and, beside it, its values as a table."""

    alt: str
    width: float
    height: float
    shapes: tuple[MapShape, ...]
    legend_title: str
    legend: tuple[tuple[str, str], ...]
    table_intro: str
    table: Table
    kind: str = "map"


@dataclass(frozen=True)
class SvgFigure:
    """A drawing given as SVG (e.g. from :mod:`linnedata.graphics`), ``width`` mm wide, as a
    Figure with alternative text ``alt`` (say in words what it shows, or where its numbers
    stand in the report). Text inside the SVG is drawn in DejaVu Sans."""

    svg: str
    alt: str
    width: float = 120.0
    kind: str = "svg_figure"

    def __post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError("a figure needs its alternative text")


Block = Paragraph | Bullets | Table | Notice | DotChart | MapFigure | SvgFigure


@dataclass(frozen=True)
class Section:
    """A heading (H2, in the outline) and its blocks; ``new_page`` starts it on a new page."""

    heading: str
    blocks: tuple[Block, ...]
    new_page: bool = False


@dataclass(frozen=True)
class Report:
    """A whole report: its title (H1 and the document title), the blocks under the title,
    the sections, the running footer (``page_label`` has ``{page}`` and ``{pages}``)."""

    lang: str
    title: str
    author: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    footer: str
    page_label: str


def render(report: Report, when: dt.datetime | None = None) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), A4, in DejaVu Sans.

    Typst's warnings (a glyph missing from the font, say) are logged.

    Raises:
        typst.TypstError: the template could not lay the report out (a bug, not bad data:
            every text is passed as a string).
    """
    content, warnings = render_with_warnings(report, when)
    for warning in warnings:
        logger.warning("typst: %s", warning.message)
    return content


def render_with_warnings(
    report: Report, when: dt.datetime | None = None
) -> tuple[bytes, list[typst.TypstWarning]]:
    """:func:`render` and Typst's warnings."""
    content = drawable(json.dumps(dataclasses.asdict(report), ensure_ascii=False))
    pdf, warnings = typst.Compiler(
        TEMPLATE,
        root=TEMPLATE.parent,
        font_paths=[FONT_DIR],
        ignore_system_fonts=True,
    ).compile_with_warnings(
        sys_inputs={"report": content},
        pdf_standards=[PDF_STANDARD],
        timestamp=(when or dt.datetime.now(dt.UTC)).replace(microsecond=0),
    )
    try:
        pdf = with_row_headers(pdf)
    except (KeyError, ValueError, PdfReadError):  # a bug; Typst's PDF is still a tagged PDF
        logger.exception("row headers could not be added; the report has column headers only")
    return pdf, list(warnings)


@functools.cache
def _covered() -> frozenset[str]:
    """The characters every shipped font style can draw."""
    charsets = [
        frozenset(map(chr, TTFont(path, lazy=True)["cmap"].getBestCmap()))
        for path in FONT_FILES.values()
    ]
    return frozenset.intersection(*charsets)


def drawable(text: str) -> str:
    """``text`` with each character the shipped font cannot draw (an emoji, a Chinese name)
    replaced by U+FFFD: Typst refuses to write a PDF/UA document with a missing glyph, and a
    registry's free text may hold anything.

    >>> drawable("Växjö – ≥ 3 🙂 漢")
    'Växjö – ≥ 3 \ufffd \ufffd'
    """
    missing = set(text) - _covered()
    if not missing:
        return text
    return text.translate({ord(c): REPLACEMENT for c in missing})
