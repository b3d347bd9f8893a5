"""What the page's inline markup elements (``ui.inline.show``) carry, for page tests: AppTest
does not run their script, so the tests read the markup each one was given."""

from __future__ import annotations

import base64
import json
import re
import zlib

from streamlit.testing.v1 import AppTest

_PACKED = re.compile(r'atob\("([A-Za-z0-9+/=]*)"\)')
_PLAIN = "(s=>{const m="


def unpack(body: str) -> str | None:
    """The markup an ``st.html`` body made by ``ui.inline.body`` draws (as a JSON string or
    deflated), or None for another body."""
    packed = _PACKED.search(body)
    if packed is not None:
        return zlib.decompress(base64.b64decode(packed.group(1))).decode("utf-8")
    start = body.find(_PLAIN)
    if start < 0:
        return None
    return json.JSONDecoder().raw_decode(body, start + len(_PLAIN))[0]


def drawn(app: AppTest) -> list[str]:
    """The markup of every ``ui.inline.show`` element on the page, in page order."""
    return [m for m in (unpack(e.proto.body) for e in app.get("html")) if m is not None]


def first_map(app: AppTest, marker: str = "<svg") -> str:
    """The first inline markup holding ``marker`` (a map's ``<svg``, its class, a colour)."""
    return next(markup for markup in drawn(app) if marker in markup)
