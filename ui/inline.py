"""Our own markup (the maps' SVG) drawn in the page without a Markdown parser.

``st.markdown(..., unsafe_allow_html=True)`` made the browser load Streamlit's Markdown
parser with ``rehype-raw`` (184 KB the blank page does not load) before a map showed, and
cost the server a ``textwrap.dedent`` and a hash of the whole markup (230 KB for all of
Sweden) every run. ``st.html`` alone cannot draw a map: Streamlit 1.67 sanitises it with
DOMPurify's HTML-only profile, which removes every ``<svg>``. A Components v2 element
(``st.components.v2``) can, but it loads Streamlit's Arrow decoder (176 KB) with it and was
slower to draw than the Markdown (docs/notes-map-component.md).

So :func:`show` sends the markup inside a small script in ``st.html``
(``unsafe_allow_javascript``; the page's own ``st.html`` already loads that code): as a JSON
string, or for a large map (all of Sweden) compressed (zlib, base64, made once per markup),
inflated in the browser (``DecompressionStream``). The script parses it into an inert
``<template>``, drops anything that could run (``<script>``, frames, ``on…`` attributes,
``javascript:`` links) and puts it where the script was. The markup must still come from the project's own builders, which escape every
text they put in (``linnedata.graphics.svgmap``): nothing from a file, the URL or the store
is passed here unescaped.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import zlib
from typing import Any

import streamlit as st

_DROPPED_BY_SANITISER = re.compile(r"<[/\w!]")


def script_json(value: object) -> str:
    """``value`` as JSON for the inside of a <script>: every "<" escaped, so nothing in it
    can end the script early, nor make Streamlit's sanitiser drop it (:func:`script`)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def script(source: str) -> str:
    """``source`` as a <script> for ``st.html``. Streamlit's sanitiser (DOMPurify) silently
    drops a script whose text has "<" before a letter, digit, "/" or "!" (even in a comment),
    so such a script is refused here, loudly."""
    if found := _DROPPED_BY_SANITISER.search(source):
        raise ValueError(f"the script has {found.group()!r}, which Streamlit would drop it for")
    return f"<script>{source}</script>"


_INSERT = (
    "if(!s.isConnected)return;const t=document.createElement('template');t.innerHTML=m;"
    "t.content.querySelectorAll('script,iframe,object,embed,foreignObject').forEach(e=>e.remove());"
    "for(const e of t.content.querySelectorAll('*'))for(const a of [...e.attributes])"
    "if(/^on/i.test(a.name)||/^\\s*javascript:/i.test(a.value))e.removeAttribute(a.name);"
    "s.replaceWith(t.content)"
)
"""Parses the markup ``m`` into an inert template, drops what could run, and puts it where
the script ``s`` was."""
_PLAIN = "(s=>{const m=%(markup)s;" + _INSERT + "})(document.currentScript)"
_PACKED = (
    "(s=>{const z=Uint8Array.from(atob(%(markup)s),c=>c.charCodeAt(0));"
    "new Response(new Blob([z]).stream().pipeThrough(new DecompressionStream('deflate')))"
    ".text().then(m=>{" + _INSERT + "})})(document.currentScript)"
)
PACK_ABOVE = 64_000
"""Markup longer than this (bytes) travels deflated and base64-encoded: all of Sweden's map
210 → 49 KB, so the server's per-run work on the message (``st.html``'s dedent, hashing,
sending) shrinks with it. Shorter markup (the shipped region's maps, ~35–40 KB) travels as a
JSON string and is drawn at once: inflating waits ~50 ms for the browser's stream."""
LEVEL = 6
"""zlib's level: all of Sweden's map in ~3 ms, once per map (then cached)."""


_NARROWEST = re.compile(r'<svg class="[^"]*?([\w-]+)" data-narrowest="(\d+)"')


def column_rule(markup: str) -> str:
    """A style keeping the column that holds each map in ``markup`` at least as wide as the
    map's text allows (its ``data-narrowest``, ``linnedata.graphics.svgmap.narrowest_px``):
    a row of columns too narrow for it wraps (``ui/a11y_page.css``), the map under its
    neighbour. Between Streamlit's phone layout and a wide screen a side column was
    190–280 px, and a map's text 6–10 px.

    >>> column_rule('<svg class="lageskarta lageskarta-t480" data-narrowest="250" viewBox="0 0 1 1">')
    '<style>[data-testid="stColumn"]:has(svg.lageskarta-t480){min-width:min(100%,250px)}</style>'
    """
    return "".join(
        f'<style>[data-testid="stColumn"]:has(svg.{cls}){{min-width:min(100%,{px}px)}}</style>'
        for cls, px in _NARROWEST.findall(markup)
    )


@functools.lru_cache(maxsize=64)
def body(markup: str) -> str:
    """The ``st.html`` body that draws ``markup`` with its :func:`column_rule` (cached per
    markup: the maps come from cached views, so a page's rerun finds its maps' bodies
    made)."""
    markup = column_rule(markup) + markup
    data = markup.encode("utf-8")
    if len(data) <= PACK_ABOVE:
        return script(_PLAIN % {"markup": script_json(markup)})
    packed = base64.b64encode(zlib.compress(data, LEVEL)).decode("ascii")
    return script(_PACKED % {"markup": f'"{packed}"'})


class Made:
    """HTML our own code made (escaped), for ``st.html`` as it is. ``st.html`` puts a str
    through ``textwrap.dedent`` on every call: two regular-expression passes over the whole
    text, ~0.4 ms a run for a 45 KB map (py-spy on the served Seminarier page). A body with
    ``_repr_html_`` it takes as given (Streamlit's rule for objects that render as HTML)."""

    __slots__ = ("body",)

    def __init__(self, body: str) -> None:
        self.body = body

    def _repr_html_(self) -> str:
        return self.body


def html(body: str, container: Any = None, **options: Any) -> None:
    """``st.html`` (or ``container.html``) of ``body``, HTML made by our own code with every
    outside text escaped, without Streamlit's per-run dedent of it (:class:`Made`)."""
    (container or st).html(Made(body), **options)


def show(markup: str) -> None:
    """Draw ``markup`` (escaped HTML/SVG from our own builders, with any ``<style>`` it
    needs) in the page; scripts and event attributes in it are dropped, not run.

    Args:
        markup: the HTML.
    """
    html(body(markup), unsafe_allow_javascript=True)
