"""Two replicas of the app behind Debian's nginx, sharing one PostgreSQL store (deploy/cluster.py).

Real processes on loopback and free ports: PostgreSQL (CI's server from
``LINNEDATA_TEST_PG_URL`` with a database of its own, else one started here), two
``streamlit run app.py`` and nginx from ``deploy/nginx.conf.template``. Checked through the
proxy: a visitor stays on one replica; Streamlit's WebSocket works; a link to a page
connects at once (each page says where its server is, and nginx keeps it compressed); the steward publishes a
round in a real browser on one replica (login, upload, publish: every request of that
session must reach the same process) and a visitor on the other replica sees it.
A missing nginx, PostgreSQL or Chromium fails in CI (``CI=true``) and skips only locally.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from benchmarks.harness import MAP_SHAPES, block_internet, chromium, open_map
from benchmarks.load import _run_page
from deploy.cluster import Cluster, cluster
from deploy.packages import install_command, nginx_binary, postgres_bin
from linnedata.store import Store
from tests.browser.test_upload_browser import PASSWORD, microsoft_forms_2025, settle

pytestmark = pytest.mark.browser
COOKIE = "linnedata_replica"
REPLICA_HEADER = "X-Linnedata-Replica"


def _require(what: str, present: bool, command: str) -> None:
    if present:
        return
    message = f"{what} is missing: {command}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must run the cluster test)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def db_url() -> Iterator[str | None]:
    """A fresh database on CI's PostgreSQL, or None to let the cluster start its own."""
    server = os.environ.get("LINNEDATA_TEST_PG_URL")
    if not server:
        _require("PostgreSQL", postgres_bin() is not None, install_command(["postgresql"]))
        yield None
        return
    name = f"linnedata_cluster_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def running(db_url: str | None) -> Iterator[Cluster]:
    _require("nginx", nginx_binary() is not None, install_command(["nginx"]))
    with cluster(replicas=2, db_url=db_url, env={"LINNEDATA_ADMIN_PASSWORD": PASSWORD}) as up:
        yield up
    assert all(r.process.poll() is not None for r in up.replicas)  # nothing left running
    assert up.nginx.poll() is not None


def get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """(the replica that answered, the sticky cookie nginx set or None) for one GET."""
    request = urllib.request.Request(
        url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
        sticky = [
            c.split(";")[0].split("=", 1)[1]
            for c in answer.headers.get_all("Set-Cookie") or []
            if c.startswith(f"{COOKIE}=")
        ]
        return answer.headers[REPLICA_HEADER], (sticky[0] if sticky else None)


def cookies_per_replica(up: Cluster) -> dict[str, str]:
    """A sticky cookie value for each replica (address → cookie), found by asking nginx."""
    found: dict[str, str] = {}
    for number in range(200):
        value = f"besokare-{number}"
        found.setdefault(get(f"{up.url}/_stcore/health", value)[0], value)
        if len(found) == len(up.replicas):
            return found
    raise AssertionError(f"200 cookies reached only {sorted(found)}")


def test_every_replica_is_healthy_behind_the_proxy(running: Cluster) -> None:
    assert sorted(cookies_per_replica(running)) == sorted(
        f"127.0.0.1:{r.port}" for r in running.replicas
    )
    for replica in running.replicas:
        with urllib.request.urlopen(f"{replica.url}/_stcore/health", timeout=10) as answer:
            assert answer.read() == b"ok"


def test_a_visitor_sticks_to_one_replica_and_new_visitors_spread(running: Cluster) -> None:
    first, cookie = get(f"{running.url}/")
    assert cookie, "nginx gives a new visitor the sticky cookie"
    seen = {get(f"{running.url}{path}", cookie) for path in ["/", "/_stcore/health"] * 10}
    assert seen == {(first, None)}  # same replica every time, and no new cookie
    visitors = {get(f"{running.url}/_stcore/health")[0] for _ in range(30)}
    assert len(visitors) == 2  # 30 new visitors reach both replicas


def test_a_streamlit_session_runs_over_the_websocket_through_nginx(running: Cluster) -> None:
    import websockets

    stream = running.url.replace("http://", "ws://") + "/_stcore/stream"

    async def walk() -> list[tuple[str, int]]:
        async with websockets.connect(
            stream, subprotocols=["streamlit"], origin=running.url, max_size=None
        ) as ws:
            assert ws.response.status_code == 101
            return [await asyncio.wait_for(_run_page(ws, page, ""), 90) for page in ("", "karta")]

    for problem, size in asyncio.run(walk()):
        assert problem == ""
        assert size > 10_000  # the page's elements came back over the proxied socket


def _map_shows(page: Page, url: str, label: str, seconds: float = 30) -> None:
    """The Karta page shows round ``label`` (reloaded until it does: a replica checks the
    store's revision at most every 2 s)."""
    deadline = time.monotonic() + seconds
    heading = page.locator("h2, h3").filter(has_text=f", {label}")  # the map's heading
    while True:
        page.goto(f"{url}/karta?omgang={label}")
        page.wait_for_function(f"document.querySelectorAll({MAP_SHAPES!r}).length >= 38")
        if heading.count() or time.monotonic() > deadline:
            break
        page.wait_for_timeout(1000)
    expect(heading.first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_round_published_on_one_replica_is_seen_on_the_other(
    running: Cluster, tmp_path: Path
) -> None:
    export = microsoft_forms_2025(tmp_path / "Linnékommuner 2025.xlsx")
    (steward_replica, steward_cookie), (other_replica, other_cookie) = sorted(
        cookies_per_replica(running).items()
    )
    with chromium() as browser:
        pages = []
        for cookie in (steward_cookie, other_cookie):
            context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="sv-SE")
            context.set_default_timeout(60_000)
            context.add_cookies([{"name": COOKIE, "value": cookie, "url": running.url}])
            page = context.new_page()
            block_internet(page)
            pages.append(page)
        steward, visitor = pages
        _map_shows(visitor, running.url, "2024")  # the other replica shows the demo first

        replicas: list[str] = []
        steward.on("response", lambda r: replicas.append(r.headers.get(REPLICA_HEADER.lower())))
        steward.goto(f"{running.url}/data")
        steward.get_by_label("Förvaltarens lösenord").fill(PASSWORD)
        steward.get_by_role("button", name="Logga in").click()
        steward.locator('input[type="file"]').first.set_input_files(str(export))
        publish = steward.get_by_role("button", name="Publicera som omgång 2025")
        publish.wait_for()
        settle(steward)
        publish.click()
        expect(steward.get_by_text("Publicerad som omgång 2025").first).to_be_visible()
        # The page, its WebSocket and the upload all went to the steward's replica.
        assert {r for r in replicas if r} == {steward_replica}

        _map_shows(visitor, running.url, "2025")
        assert visitor.get_by_text("Exempeldata – fiktiva svar").count() == 0
    assert other_replica != steward_replica
    assert Store(running.db_url).labels() == ["2025"]


def test_a_link_to_a_page_connects_at_once_and_static_code_stays_compressed(
    running: Cluster,
) -> None:
    """A link to a page other than the first (/karta) makes the front end connect to the
    server at / at once: it never asks /karta/_stcore/… first (a 404 and a 100 ms wait, see
    ui/serving.py). The page is still compressed for the visitor, and so is
    Streamlit's code."""
    request = urllib.request.Request(f"{running.url}/karta", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        page_html = gzip.decompress(answer.read()).decode()
    assert page_html.count("window.__streamlit=") == 1
    script = re.search(r'src="\./(static/js/index\.[\w-]+\.js)"', page_html)
    assert script, "Streamlit's page names its code"
    request = urllib.request.Request(
        f"{running.url}/{script.group(1)}", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"

    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        page, asked = open_map(context, f"{running.url}/karta")
        assert page.evaluate("window.__streamlit.BACKEND_BASE_URL") == running.url
        assert "/_stcore/health" in asked
        assert [path for path in asked if path.startswith("/karta/")] == []
        link = page.locator('[data-testid="stSidebarNav"] a[href$="/kommunprofil"]')
        assert link.get_attribute("href") == f"{running.url}/kommunprofil"
        link.click()  # the pages' links are as before
        page.wait_for_url(f"{running.url}/kommunprofil*")
        expect(page.locator("h1").first).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
        context.close()
