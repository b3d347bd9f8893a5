"""ui/serving.py: each page's HTML tells its front end where the server is; nothing else is
touched. The middleware in front of a stand-in for Streamlit's routes (the real server is in
tests/browser/test_browser.py and tests/unit/test_deploy_static.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ui.serving import PageHead, server_script

INDEX = b"<!DOCTYPE html><html lang='en'><head><title>Streamlit</title></head><body></body></html>"
LINE = b"<script>window.__streamlit={BACKEND_BASE_URL:location.origin}</script>"


class Streamlit:
    """Answers like Streamlit's routes: index.html for a page, a script for /static/…; keeps
    the headers each request reached it with."""

    def __init__(
        self, status: int = 200, kind: bytes = b"text/html; charset=utf-8", chunks: int = 1
    ) -> None:
        self.status, self.kind, self.chunks = status, kind, chunks
        self.seen: list[dict[bytes, bytes]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.seen.append(dict(scope.get("headers", [])))
        if scope["type"] == "websocket":
            await send({"type": "websocket.accept"})
            return
        is_page = not scope["path"].startswith("/static/")
        body = INDEX if is_page else b"console.log('<head>')"
        kind = self.kind if is_page else b"application/javascript"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        headers += [(b"etag", b'"the-file"'), (b"last-modified", b"Mon, 07 Dec 2026 20:00:00 GMT")]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        size = -(-len(body) // self.chunks)
        parts = [body[i : i + size] for i in range(0, len(body), size)]
        for i, part in enumerate(parts):
            await send(
                {"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1}
            )


def _request(
    app: Any,
    path: str,
    method: str = "GET",
    kind: str = "http",
    root_path: str = "",
    base_url_path: str = "",
    head: Any = None,
) -> tuple[list[dict[str, Any]], bytes]:
    sent: list[dict[str, Any]] = []
    scope = {
        "type": kind,
        "method": method,
        "path": path,
        "root_path": root_path,
        "headers": [
            (b"accept-encoding", b"gzip, br"),
            (b"host", b"127.0.0.1"),
            (b"if-none-match", b'"the-file"'),
        ],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(PageHead(app, base_url_path, head)(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent, body


def _headers(sent: list[dict[str, Any]]) -> dict[bytes, bytes]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    return dict(start["headers"])


def _length(sent: list[dict[str, Any]]) -> int:
    start = next(m for m in sent if m["type"] == "http.response.start")
    lengths = [v for k, v in start["headers"] if k == b"content-length"]
    assert len(lengths) == 1
    return int(lengths[0])


@pytest.mark.parametrize("path", ["/", "/karta", "/enkat", "/kommunprofil"])
@pytest.mark.parametrize("chunks", [1, 3])
def test_a_page_gets_the_line_once_after_its_head_with_its_length(path: str, chunks: int) -> None:
    streamlit = Streamlit(chunks=chunks)
    sent, body = _request(streamlit, path)
    assert body == INDEX.replace(b"<head>", b"<head>" + LINE)
    assert _length(sent) == len(body)
    assert sent[-1].get("more_body", False) is False
    # asked of Streamlit uncompressed (so it can be written into) and whole (its ETag is the
    # file's: a browser's copy with an older head must not stand); everything else as sent
    assert b"accept-encoding" not in streamlit.seen[0]
    assert b"if-none-match" not in streamlit.seen[0]
    assert streamlit.seen[0][b"host"] == b"127.0.0.1"
    assert b"etag" not in _headers(sent)
    assert b"last-modified" not in _headers(sent)


def test_the_app_s_pages_carry_the_server_line_and_the_accessibility_head() -> None:
    from ui import a11y, serving

    (middleware,) = serving.middleware()
    assert middleware.cls is PageHead
    _, body = _request(Streamlit(), "/karta", **middleware.kwargs)
    head = b"<head>" + LINE + a11y.page_head().encode()
    assert body == INDEX.replace(b"<head>", head)
    assert body.count(b'id="linne-a11y-style"') == 1


def test_unreadable_texts_leave_the_page_its_server_line_and_the_server_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An organiser's broken texts file: the page still loads (app.py's run then names the
    file and what to fix), and the whole head comes back once the texts can be read."""
    from ui import a11y, serving

    def broken() -> str:
        raise ValueError("data/texts/sidor.toml: Cannot declare ('app_namn',) twice")

    (middleware,) = serving.middleware()
    page = middleware.cls(Streamlit(), **middleware.kwargs)
    monkeypatch.setattr(a11y, "page_head", broken)
    assert page.head() == LINE
    monkeypatch.undo()
    assert page.head() == LINE + a11y.page_head().encode()


@pytest.mark.parametrize(
    ("path", "method", "kind", "app"),
    [
        ("/static/js/index.abc.js", "GET", "http", Streamlit()),  # Streamlit's code
        ("/favicon.png", "GET", "http", Streamlit()),  # a file, not a page
        ("/_stcore/health", "GET", "http", Streamlit()),
        ("/karta/_stcore/health", "GET", "http", Streamlit()),
        ("/karta", "HEAD", "http", Streamlit()),  # no body to write into
        ("/karta", "POST", "http", Streamlit()),
        ("/karta", "GET", "http", Streamlit(status=304)),  # the browser's copy stands
        ("/karta", "GET", "http", Streamlit(kind=b"application/json")),
    ],
)
def test_everything_else_passes_as_it_came(path: str, method: str, kind: str, app: Any) -> None:
    sent, body = _request(app, path, method, kind)
    assert LINE not in body
    assert body in (INDEX, b"console.log('<head>')")
    assert _length(sent) == len(body)
    if not (path == "/karta" and method == "GET"):
        assert app.seen[0][b"accept-encoding"] == b"gzip, br"
        assert _headers(sent)[b"etag"] == b'"the-file"'


def test_a_websocket_passes_untouched() -> None:
    app = Streamlit()
    sent, _ = _request(app, "/_stcore/stream", kind="websocket")
    assert sent == [{"type": "websocket.accept"}]
    assert app.seen[0][b"accept-encoding"] == b"gzip, br"


def test_a_base_url_path_is_streamlit_s_setting_quoted() -> None:
    assert server_script("") == LINE
    assert server_script("/") == LINE
    assert server_script("/panel/") == (
        b'<script>window.__streamlit={BACKEND_BASE_URL:location.origin+"/panel"}</script>'
    )
    # a quote in the setting cannot end the string or the script
    assert server_script('x"</script>').count(b"</script>") == 1


def test_a_page_under_a_mount_point_is_still_a_page() -> None:
    sent, body = _request(Streamlit(), "/panel/karta", root_path="/panel")
    assert LINE in body
    assert _length(sent) == len(body)


def test_a_page_under_streamlit_s_base_url_path_is_a_page() -> None:
    panel = b'<script>window.__streamlit={BACKEND_BASE_URL:location.origin+"/panel"}</script>'
    for path in ("/panel", "/panel/", "/panel/karta"):
        sent, body = _request(Streamlit(), path, base_url_path="panel")
        assert panel in body, path
        assert _length(sent) == len(body)
    for path in ("/panel/static/js/a.js", "/panel/karta/_stcore/health", "/panelx/karta"):
        _, body = _request(Streamlit(), path, base_url_path="panel")
        assert b"__streamlit" not in body, path
