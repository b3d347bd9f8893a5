"""Start the app with ``streamlit run`` on a free port and drive Debian's Chromium.

Shared by the browser test (``tests/browser``) and the benchmark (``benchmarks/bench.py``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The Karta page's municipality shapes (inline SVG drawn by linnedata.graphics.svgmap).
MAP_SHAPES = "svg.kommunkarta path.kommun"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: Path, timeout: float = 90.0) -> Iterator[str]:
    """Run ``streamlit run script`` on a free loopback port; yield its URL; stop it after.

    Raises:
        RuntimeError: the server did not answer its health check within ``timeout``
            (its output is included).
    """
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=script.parent, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy()
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(
                    f"streamlit did not start on {url}:\n{log.read().decode(errors='replace')}"
                )
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def require_chromium() -> Path:
    """The path of Debian's Chromium, or an error saying how to install it."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install it with `apt-get install chromium`.")
    return CHROMIUM


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless with :data:`CHROMIUM_FLAGS`, closed after (a Playwright ``Browser``).

    Raises:
        RuntimeError: Chromium is not installed (never a silent skip).
    """
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def block_internet(page) -> list[str]:
    """Abort every request that does not go to this machine, as on an offline laptop.

    Returns:
        A list that fills with the URLs that were blocked.
    """
    blocked: list[str] = []

    def route(request_route) -> None:
        url = urllib.parse.urlsplit(request_route.request.url)
        if url.scheme not in ("http", "https", "ws", "wss") or url.hostname in LOCAL_HOSTS:
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


def open_map(context, url: str, shapes: int = 38):
    """A new page of ``context`` (the internet blocked) opened at ``url`` and waited on until
    ``shapes`` map shapes are drawn, and the list of the paths it asked for (which fills on).
    """
    page = context.new_page()
    block_internet(page)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urllib.parse.urlsplit(r.url).path))
    page.goto(url)
    page.wait_for_function(f"document.querySelectorAll({MAP_SHAPES!r}).length >= {shapes}")
    return page, asked
