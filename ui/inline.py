"""Our own markup (the maps' SVG) drawn in the page without a Markdown parser.

``st.markdown(..., unsafe_allow_html=True)`` made the browser load Streamlit's Markdown
parser with ``rehype-raw`` (184 KB the blank page does not load) before a map showed, and
cost the server a ``textwrap.dedent`` and a hash of the whole markup (230 KB for all of
Sweden) every run. ``st.html`` alone cannot draw a map: Streamlit 1.67 sanitises it with
DOMPurify's HTML-only profile, which removes every ``<svg>``. A Components v2 element
(``st.components.v2``) can, but it loads Streamlit's Arrow decoder (176 KB) with it and was
slower to draw than the Markdown (docs/notes-map-component.md).

So :func:`show` sends the markup compressed (zlib, base64: ~6 times smaller, made once per
markup) inside a small script in ``st.html`` (``unsafe_allow_javascript``; the page's own
``st.html`` already loads that code). In the browser the script inflates it
(``DecompressionStream``), parses it into an inert ``<template>``, drops anything that could
run (``<script>``, frames, ``on…`` attributes, ``javascript:`` links) and puts it where the
script was. The markup must still come from the project's own builders, which escape every
text they put in (``linnedata.graphics.svgmap``): nothing from a file, the URL or the store
is passed here unescaped.
"""

from __future__ import annotations

import base64
import functools
import re
import zlib

import streamlit as st

_DROPPED_BY_SANITISER = re.compile(r"<[/\w!]")


def script(source: str) -> str:
    """``source`` as a <script> for ``st.html``. Streamlit's sanitiser (DOMPurify) silently
    drops a script whose text has "<" before a letter, digit, "/" or "!" (even in a comment),
    so such a script is refused here, loudly."""
    if found := _DROPPED_BY_SANITISER.search(source):
        raise ValueError(f"the script has {found.group()!r}, which Streamlit would drop it for")
    return f"<script>{source}</script>"


_DRAW = (
    "(s=>{const z=Uint8Array.from(atob(%(packed)s),c=>c.charCodeAt(0));"
    "new Response(new Blob([z]).stream().pipeThrough(new DecompressionStream('deflate')))"
    ".text().then(m=>{if(!s.isConnected)return;"
    "const t=document.createElement('template');t.innerHTML=m;"
    "t.content.querySelectorAll('script,iframe,object,embed,foreignObject').forEach(e=>e.remove());"
    "for(const e of t.content.querySelectorAll('*'))for(const a of [...e.attributes])"
    "if(/^on/i.test(a.name)||/^\\s*javascript:/i.test(a.value))e.removeAttribute(a.name);"
    "s.replaceWith(t.content)})})(document.currentScript)"
)
"""The script that draws the markup (``packed``: a quoted base64 string of its zlib bytes).
Base64 cannot end the string or the script early, whatever the markup holds."""

LEVEL = 6
"""zlib's level: all of Sweden's map 225 → 38 KB in ~3 ms, once per map (then cached)."""


@functools.lru_cache(maxsize=64)
def body(markup: str) -> str:
    """The ``st.html`` body that draws ``markup`` (cached per markup: the maps come from
    cached views, so a page's rerun finds its maps' bodies made)."""
    packed = base64.b64encode(zlib.compress(markup.encode("utf-8"), LEVEL)).decode("ascii")
    return script(_DRAW % {"packed": f'"{packed}"'})


def show(markup: str) -> None:
    """Draw ``markup`` (escaped HTML/SVG from our own builders, with any ``<style>`` it
    needs) in the page; scripts and event attributes in it are dropped, not run.

    Args:
        markup: the HTML.
    """
    st.html(body(markup), unsafe_allow_javascript=True)
