"""nginx in front of a replica compresses and caches Streamlit's front-end code, and passes on
each page as the replica wrote it (deploy/nginx.conf.template's gzip and /static/ parts;
ui/serving.py), with Debian's nginx for real."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import signal
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit

from benchmarks.harness import ROOT, free_port, streamlit_server
from deploy import cluster
from ui import a11y


def _get(url: str, encoding: str | None = None) -> tuple[bytes, str | None, str]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.read(), r.headers.get("Content-Encoding"), r.headers.get("Content-Type", "")


@contextlib.contextmanager
def _behind_nginx(script: Path) -> Iterator[tuple[str, str, Path]]:
    """``streamlit run script`` and Debian's nginx in front of it, from
    deploy/nginx.conf.template: (the app's address, nginx's address, nginx's folder)."""
    if cluster.packages.nginx_binary() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"nginx is missing: {cluster.packages.install_command(['nginx'])}")
        pytest.skip("nginx is not installed")
    # nginx's workers (user nobody when started as root) must reach the cache folder: not
    # under pytest's tmp_path, whose parent only root may enter.
    with (
        tempfile.TemporaryDirectory(prefix="linnedata-nginx-") as folder,
        streamlit_server(script) as direct,
    ):
        tmp_path = Path(folder)
        tmp_path.chmod(0o755)
        replica = cluster.Replica(int(direct.rsplit(":", 1)[1]), {}, tmp_path / "replica.log")
        proxy_port = free_port()
        nginx, _ = cluster._start_nginx(proxy_port, [replica], tmp_path / "nginx")
        try:
            yield direct, f"http://127.0.0.1:{proxy_port}", tmp_path / "nginx"
        finally:
            cluster.stop_process(nginx, signal.SIGQUIT)


def test_nginx_sends_streamlit_s_javascript_and_css_compressed() -> None:
    with _behind_nginx(ROOT / "benchmarks" / "blank_app.py") as (direct, proxied, nginx_folder):
        page, _, _ = _get(f"{proxied}/")
        assets = re.findall(r'"\.?/?(static/(?:js|css)/[^"]+\.(?:js|css))"', page.decode())
        assert any(a.endswith(".js") for a in assets)
        assert any(a.endswith(".css") for a in assets)
        for asset in assets[:3] + [a for a in assets if a.endswith(".css")]:
            plain, direct_encoding, kind = _get(f"{direct}/{asset}", "gzip")
            assert direct_encoding is None  # Streamlit itself does not compress
            for _ in range(2):  # the second answer comes from nginx's cache
                body, encoding, proxied_kind = _get(f"{proxied}/{asset}", "gzip")
                if len(plain) >= 1024:
                    assert encoding == "gzip", asset
                    assert gzip.decompress(body) == plain
                    assert len(body) < len(plain)
                assert proxied_kind == kind
        cache = nginx_folder / "static_cache"
        assert any(p.is_file() for p in cache.rglob("*")), "nothing was cached"


def test_a_page_tells_its_front_end_where_the_server_is_and_nginx_compresses_it() -> None:
    """The app (app.py's st.App) writes the one script that says where the server is, and
    the accessibility style and script, into every page's HTML (/, /karta, a link with a
    query), so the front end does not look for its server under /karta/ first; the rest is
    Streamlit's index.html byte for byte. nginx passes the page on compressed, with the line
    still once; Streamlit's code unchanged."""
    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    head = "<head>" + INJECTED + a11y.page_head()
    with _behind_nginx(ROOT / "app.py") as (direct, proxied, _):
        for path in ("/", "/karta", "/kommunprofil?kommun=0780"):
            own, encoding, kind = _get(f"{direct}{path}", "gzip")
            assert (encoding, kind.split(";")[0]) == (None, "text/html"), path
            assert own.decode() == index.replace("<head>", head, 1), path
            body, encoding, kind = _get(f"{proxied}{path}", "gzip")
            assert (encoding, kind.split(";")[0]) == ("gzip", "text/html"), path
            assert gzip.decompress(body) == own, path
        script = re.search(r'"\./(static/js/index\.[\w-]+\.js)"', index)
        assert script
        code, _, _ = _get(f"{direct}/{script.group(1)}")
        assert INJECTED.encode() not in code
        body, encoding, _ = _get(f"{proxied}/{script.group(1)}", "gzip")
        assert encoding == "gzip"
        assert gzip.decompress(body) == code


INJECTED = "<script>window.__streamlit={BACKEND_BASE_URL:location.origin}</script>"
"""What ui/serving.py writes after a page's <head> (the app served at the root)."""
