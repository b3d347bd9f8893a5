"""Shared links and downloads in a real browser: Debian's Chromium against `streamlit run`.

Each test opens its URL in a fresh browser context (no cookies, no session), as a director
opens a link a colleague sent. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.harness import (
    ROOT,
    block_internet,
    chromium,
    streamlit_server,
)
from linnedata.graphics.images import PNG_SIGNATURE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_server(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context: a new browser profile, as a link opened elsewhere."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="sv-SE", accept_downloads=True
    )
    try:
        page = context.new_page()
        blocked = block_internet(page)
        yield page
        assert not blocked, f"requests left the machine: {blocked}"
    finally:
        context.close()


def open_url(page: Page, url: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def download(page: Page, label: str) -> bytes:
    """The file behind the button ``label`` in the chart's "Ladda ner" menu (opened first)."""
    button = page.get_by_role("button", name=label).first
    if not button.is_visible():
        page.get_by_role("button", name="Ladda ner", exact=True).first.click()
        button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = info.value.path()
    return open(path, "rb").read()


def test_a_profile_link_opens_kalmar_and_its_downloads_work(page: Page, app_url: str) -> None:
    open_url(page, f"{app_url}/kommunprofil?kommun=0880")
    assert page.locator("h1").first.inner_text().strip() == "Kalmar"
    expect(page.get_by_text("Grannkommunernas medel").first).to_be_visible(timeout=30_000)
    assert page.get_by_text("Nybro").filter(visible=True).count() >= 1  # a neighbour

    workbook = openpyxl.load_workbook(io.BytesIO(download(page, "Excel (XLSX)")))
    sheet = workbook.worksheets[0]
    lines = [sheet.cell(row=i, column=1).value for i in range(1, 4)]
    assert lines[0].startswith("Källa")
    assert lines[1].startswith("Omgång: ")
    assert lines[2].startswith("Mått: ")
    # a download for a person has readable headers (issue 20 §4): the area column is "Område"
    header = next(
        r for r in sheet.iter_rows(values_only=True) if r and "Grannkommunernas medel" in r
    )
    assert "Kalmar" in header
    assert "area_id" not in header

    png = download(page, "Diagram (PNG)")
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 10_000


def test_a_jamfor_link_restores_the_comparison(page: Page, app_url: str) -> None:
    query = "kommun=0780&kommuner=0780,0765,0885&niva=area&matt=medelbetyg&sortera_area=integration"
    open_url(page, f"{app_url}/jamfor?{query}")
    chosen = page.locator('[data-testid="stMultiSelect"]').first
    for name in ("Växjö", "Älmhult", "Borgholm"):
        assert chosen.get_by_text(name, exact=True).is_visible()
    heatmap_text = page.locator(".js-plotly-plot").first.inner_text()
    assert "Regionens medel" in heatmap_text
    assert "Integration" in heatmap_text
    params = parse_qs(urlsplit(page.url).query)
    assert params["kommuner"] == ["0780,0765,0885"]
    assert params["sortera_area"] == ["integration"]
    xlsx = openpyxl.load_workbook(io.BytesIO(download(page, "Excel (XLSX)")))
    names = {row[1] for row in xlsx.worksheets[0].iter_rows(values_only=True) if row}
    assert {"Växjö", "Älmhult", "Borgholm", "Regionens medel"} <= names


def test_a_bad_link_shows_a_notice_not_an_exception(page: Page, app_url: str) -> None:
    open_url(page, f"{app_url}/jamfor?kommun=0780&kommuner=0780,9999,0765&lang=en")
    page.get_by_text("9999").first.wait_for(timeout=30_000)
    assert page.locator("h1").first.inner_text().strip() == "Compare municipalities"
