"""Warm a just-started replica before it is served: one session runs every page once.

A new ``streamlit run app.py`` answers ``/_stcore/health`` as soon as its web server is up,
before any page has run: its first visitors then paid for the imports the pages need
(pandas, plotly, scipy, fpdf …), loading the rounds from the store, the boundaries and
every view's first build — about 4 s of CPU, the cluster's first wave 4× slower than its
warm wave (issue 23). ``deploy/cluster.py`` calls :func:`warm` on each replica after its
health check and before nginx sends it anyone, so a replica counts as ready only once
this has run.

The session speaks Streamlit's own WebSocket protocol (``/_stcore/stream``, subprotocol
``streamlit``, a ``rerun_script`` per page, as a browser does on page load), on loopback.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse
from collections.abc import Sequence

from linnedata import urls

WARM_TIMEOUT = 180.0
"""Seconds the whole warm-up may take (a big round's first views included)."""
LANGUAGES = ("sv", "en")
"""Each page is run in these languages (the views are cached per language)."""


class WarmUpError(RuntimeError):
    """A page failed while warming (an exception, an error box, or no answer)."""


def _messages():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return BackMsg, ForwardMsg


def _problem(message) -> str:
    """An error a visitor would see in ``message`` ("" when none)."""
    kind = message.WhichOneof("type")
    if kind == "page_not_found":
        return "page not found"
    if kind != "delta" or message.delta.WhichOneof("type") != "new_element":
        return ""
    element = message.delta.new_element
    if element.WhichOneof("type") == "exception":
        return f"{element.exception.type}: {element.exception.message[:200]}"
    return ""


async def _run(ws, page: str, query: str, timeout: float) -> str:
    """One run of ``page``; the first problem seen ("" when none)."""
    back, forward = _messages()
    request = back()
    request.rerun_script.query_string = query
    request.rerun_script.page_name = page
    request.rerun_script.widget_states.SetInParent()
    await ws.send(request.SerializeToString())
    problem = ""
    while True:
        message = forward()
        message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout))
        problem = problem or _problem(message)
        finished = message.WhichOneof("type") == "script_finished"
        if finished and message.script_finished != forward.FINISHED_EARLY_FOR_RERUN:
            return problem


async def _warm(url: str, pages: Sequence[str], languages: Sequence[str], timeout: float) -> None:
    import websockets

    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    async with websockets.connect(
        f"ws://{parts.netloc}/_stcore/stream",
        subprotocols=["streamlit"],
        origin=f"http://{parts.netloc}",
        max_size=None,
        open_timeout=timeout,
        ping_interval=None,
    ) as ws:
        for lang in languages:
            for page in pages:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WarmUpError(f"{url}: warm-up took over {timeout:.0f} s")
                query = urllib.parse.urlencode({urls.LANG: lang})
                if problem := await _run(ws, page, query, left):
                    raise WarmUpError(f"{url} page {page or '/'} ({lang}): {problem}")


def warm(
    url: str,
    pages: Sequence[str] | None = None,
    languages: Sequence[str] = LANGUAGES,
    timeout: float = WARM_TIMEOUT,
) -> float:
    """Run every page of the app at ``url`` once per language; the seconds it took.

    Raises:
        WarmUpError: a page showed an exception, was not found, or the warm-up did not
            finish within ``timeout`` (the replica is then not ready).
    """
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise WarmUpError(f"{url}: warm-up runs on loopback only")
    if pages is None:
        pages = ["" if page.default else page.slug for page in urls.PAGES]
    from websockets.exceptions import WebSocketException

    started = time.monotonic()
    try:
        asyncio.run(_warm(url, pages, languages, timeout))
    except (OSError, TimeoutError, WebSocketException) as error:
        raise WarmUpError(f"{url}: {type(error).__name__}: {error}") from error
    return time.monotonic() - started
