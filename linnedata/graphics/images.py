"""Charts as PNG files, drawn by kaleido (1.x) in a headless Chromium.

Kaleido 1.x renders with a real browser that it finds through ``choreographer``: the
``BROWSER_PATH`` environment variable when set, else ``chromium``/``chrome`` on ``PATH``
and the usual install paths (Debian's ``/usr/bin/chromium`` among them). We set
``BROWSER_PATH`` to Debian's Chromium when nothing else is configured, so the same
browser the tests use draws the images; nothing is downloaded.

One kaleido server (one browser process) is started on the first export and kept for the
life of the process (``kaleido.start_sync_server``); exports reuse it. Calls are
serialised with a lock, because the server answers requests one at a time through a
single return queue. MathJax is off (it would be fetched from a CDN) and plotly.js comes
from the installed plotly package, so exporting works offline.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from linnedata.errors import LinnedataError

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LOCK = threading.Lock()
_started = False


class ImageExportError(LinnedataError):
    """A chart could not be drawn as an image (no browser, or the browser failed)."""


def _ensure_server() -> None:
    """Start the process-wide kaleido server once (call with the lock held)."""
    global _started
    if _started:
        return
    if "BROWSER_PATH" not in os.environ and DEBIAN_CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(DEBIAN_CHROMIUM)
    import kaleido

    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    _started = True


AXIS_TITLE_ROOM = 30
"""Pixels kept under the plot for the x-axis title when notes follow it."""


def png_bytes(
    figure: go.Figure,
    *,
    width: int = 1100,
    height: int | None = None,
    scale: float = 2,
    title: str | None = None,
    notes: Sequence[str] = (),
) -> bytes:
    """The figure as a PNG image, with a title above and notes (source, round) below.

    Args:
        figure: a plotly figure (not changed).
        title: printed above the chart, so the image explains itself on a slide.
        notes: lines printed under the chart (source, round, measure, the demo caveat).
        width: image width in CSS pixels.
        height: image height; the figure's own layout height when None (else 600).
        scale: pixel density (2 = sharp on slides and retina screens).

    Returns:
        The PNG file's bytes.

    Raises:
        ImageExportError: kaleido or the browser failed; the message says what to check.
    """
    height = (height or figure.layout.height or 600) + (50 if title else 0) + 18 * len(notes)
    height += AXIS_TITLE_ROOM if notes and figure.layout.xaxis.title.text else 0
    figure = _framed(figure, title, notes)
    options = {"format": "png", "width": width, "height": int(height), "scale": scale}
    with _LOCK:
        try:
            _ensure_server()
            import kaleido

            data = kaleido.calc_fig_sync(figure, opts=options)
        except Exception as error:  # kaleido/choreographer raise many kinds; report one
            raise ImageExportError(
                f"could not draw the chart as PNG ({type(error).__name__}: {error}); "
                f"is Chromium installed at {DEBIAN_CHROMIUM} or BROWSER_PATH set?"
            ) from error
    if not isinstance(data, bytes) or not data.startswith(PNG_SIGNATURE):
        raise ImageExportError("the browser did not return a PNG image")
    return data


def _framed(figure: go.Figure, title: str | None, notes: Sequence[str]) -> go.Figure:
    """A copy of ``figure`` with room for a title above and notes below."""
    framed = go.Figure(figure)
    margin = framed.layout.margin
    top = (margin.t or 10) + (50 if title else 0)
    # The notes stand under the x-axis title, never on it: the title's own room (its
    # automargin would otherwise grow into the notes' band) comes first.
    axis_title = framed.layout.xaxis.title.text if notes else None
    bottom = (margin.b or 10) + (AXIS_TITLE_ROOM if axis_title else 0)
    bottom += 18 * len(notes) + (10 if notes else 0)
    framed.update_layout(margin=dict(t=top, b=bottom), paper_bgcolor="white")
    if title:
        framed.update_layout(
            title=dict(
                text=title,
                x=0.01,
                xanchor="left",
                y=1,
                yref="container",
                yanchor="top",
                pad=dict(t=12),
                automargin=True,
                font_size=18,
            )
        )
    if notes:
        framed.add_annotation(
            text="<br>".join(notes),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-bottom + 4,
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font=dict(size=11, color="#555555"),
        )
    return framed


def stop() -> None:
    """Stop the kaleido server (tests; it is also stopped when the process exits)."""
    global _started
    with _LOCK:
        if _started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _started = False
