"""How the app is served over HTTP: ``app.py``'s ``st.App`` and its one middleware.

:class:`PageHead` writes two things into the head of each page's HTML (Streamlit's
``index.html``, served for ``/``, ``/karta``, a questionnaire link ``/enkat?t=…``):

- **Where the server is.** Opened at a page's own address, Streamlit 1.67's front end first
  looks for its server under that path: it asks ``/karta/_stcore/health`` and
  ``/karta/_stcore/host-config``, gets two 404s, waits its shortest retry (100 ms) and only
  then asks ``/``. Every link to a page other than the first began ~150 ms late
  (``benchmarks.bench --browser-only``: the map drawn at 1.28× a blank app;
  docs/notes-role-cpu.md, the seventh round). Streamlit's own setting for a front end served
  apart from its server, ``window.__streamlit.BACKEND_BASE_URL``, makes it connect at once.
- **The accessibility script and style** (``ui.a11y.page_head``). Drawn by every script run,
  they were one 14 KB element a run on every page: 14 KB on the wire and a walk of the page
  in the browser after each run, and 0.4–0.5 ms of server CPU a rerun on a page of one
  heading (not measurable on the heavy pages: docs/notes-role-cpu.md, the ninth round). In
  the page's HTML they cost nothing per run.

One process (``make run``, ``streamlit run app.py``) and every replica behind nginx
(``make cluster``) serve it the same way."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ui import inline

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_PATH = re.compile(r"/[^/.]*")
"""A page's address: the root or one path segment without a dot (``/``, ``/karta``), as
opposed to Streamlit's routes (``/_stcore/…``, ``/static/…``, ``/media/…``) and files
(``/favicon.png``). Only these are Streamlit's ``index.html``."""

HEAD = b"<head>"

_ASKED_AWAY = {b"accept-encoding", b"if-none-match", b"if-modified-since"}
"""A page's request headers not passed to Streamlit: the page is asked for whole and plain."""
_ANSWERED_AWAY = {b"content-length", b"etag", b"last-modified"}
"""The page's response headers not passed on: the length changes, and the validators are the
file's, not the page's."""


def middleware() -> list[Any]:
    """``app.py``'s ``st.App`` middleware: :class:`PageHead` under this process's
    ``server.baseUrlPath`` (Streamlit's config is read before ``streamlit run`` imports
    ``app.py``)."""
    import streamlit as st
    from starlette.middleware import Middleware

    base_url_path = st.get_option("server.baseUrlPath")
    line = server_script(base_url_path)
    return [Middleware(PageHead, base_url_path=base_url_path, head=lambda: page_head(line))]


def page_head(line: bytes) -> bytes:
    """What a page's head gets: ``line`` and the accessibility style and script. While the
    texts cannot be read (an organiser's file is broken), ``line`` alone: the server still
    starts and serves, and app.py's run says which file is wrong and how to fix it
    (``ui.chrome.stop_on_bad_region``); the next page after the fix gets the whole head."""
    from ui import a11y

    try:
        return line + a11y.page_head().encode()
    except (OSError, KeyError, ValueError):  # unreadable, missing or invalid texts
        return line


def server_script(base_url_path: str) -> bytes:
    """The line written after ``<head>``: the server is this page's origin, under
    ``server.baseUrlPath`` when one is set (Streamlit's setting, never the request's)."""
    base = _base(base_url_path)
    value = "location.origin" + (f"+{inline.script_json(base)}" if base else "")
    return f"<script>window.__streamlit={{BACKEND_BASE_URL:{value}}}</script>".encode()


def _base(base_url_path: str) -> str:
    """``server.baseUrlPath`` as a path prefix: "" or "/panel"."""
    return "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""


class PageHead:
    """ASGI middleware: a page's HTML with ``head()`` after its ``<head>`` (by default
    :func:`server_script`).

    Only a GET of a page address is touched. It is asked of Streamlit uncompressed (its
    ``Accept-Encoding`` left out: the page is 26 KB, and a proxy in front compresses it
    again) and unconditionally (no ``If-None-Match``: Streamlit's ETag is its file's, and would
    let a browser keep a page whose head has since changed), and only a 200 ``text/html``
    answer is rewritten, once, with its length and without the file's validators. Every other
    request, and every WebSocket, passes through as it came."""

    def __init__(
        self, app: ASGIApp, base_url_path: str = "", head: Callable[[], bytes] | None = None
    ) -> None:
        self.app = app
        self.base = _base(base_url_path)
        line = server_script(base_url_path)
        self.head = head or (lambda: line)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not PAGE_PATH.fullmatch(self._page_path(scope))
        ):
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _ASKED_AWAY]
        await self.app(dict(scope, headers=headers), receive, _Rewriter(send, self.head()).send)

    def _page_path(self, scope: Scope) -> str:
        """The request's path below where the app is mounted (``root_path``) and below
        ``server.baseUrlPath``; a path outside them is returned as it is."""
        path = scope.get("path", "")
        for prefix in (scope.get("root_path", ""), self.base):
            if prefix and (path == prefix or path.startswith(prefix + "/")):
                path = path[len(prefix) :] or "/"
        return path


class _Rewriter:
    """Holds a page's response until its body is complete, then sends it with the head."""

    def __init__(self, send: Send, head: bytes) -> None:
        self._send = send
        self._head = head
        self._start: Message | None = None
        self._body: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and _is_page(message):
            self._start = message
            return
        if self._start is None or message["type"] != "http.response.body":
            await self._send(message)
            return
        self._body.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(self._body).replace(HEAD, HEAD + self._head, 1)
        headers = [(k, v) for k, v in self._start["headers"] if k.lower() not in _ANSWERED_AWAY]
        headers.append((b"content-length", str(len(body)).encode()))
        await self._send(dict(self._start, headers=headers))
        await self._send({"type": "http.response.body", "body": body, "more_body": False})


def _is_page(start: Message) -> bool:
    """A 200 answer of HTML, not compressed (what Streamlit gives a page address)."""
    if start.get("status") != 200:
        return False
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    return headers.get(b"content-type", b"").startswith(b"text/html") and (
        b"content-encoding" not in headers
    )
