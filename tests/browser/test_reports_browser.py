"""The report and map downloads in a real browser: Debian's Chromium against `streamlit run`.

A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser import test_compare_browser as shared_links
from tests.browser.a11y import (
    axe_violations,
    blocking,
    describe,
    heading_problems,
    headings,
    open_up,
    settle,
)

pytestmark = pytest.mark.browser

# The server, the browser and a fresh context per test (downloads accepted, internet
# blocked, requests that leave the machine fail the test) are the shared-links tests'.
app_url, browser, page = shared_links.app_url, shared_links.browser, shared_links.page


def download(page: Page, label: str) -> tuple[str, bytes]:
    """Click the download button named ``label``; the file's suggested name and bytes."""
    button = page.get_by_role("button", name=label).first
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=90_000) as info:
        button.click()
    return info.value.suggested_filename, open(info.value.path(), "rb").read()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_the_kommunprofil_downloads_the_municipality_s_report(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/kommunprofil?kommun=0880&omgang=2024")
    page.locator("h1").first.wait_for(timeout=60_000)
    assert page.locator("h1").first.inner_text().strip() == "Kalmar"
    name, content = download(page, "Kommunrapport (PDF)")
    assert name == "kommunrapport_0880_2024_sv.pdf"
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert "Kommunrapport: Kalmar (0880)" in text
    assert "Omgång 2024" in text
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_oversikt_downloads_the_region_s_report_in_english(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=en&omgang=2024")
    page.locator("h1").first.wait_for(timeout=60_000)
    name, content = download(page, "Region report (PDF)")
    assert name == "regionrapport_2024_en.pdf"
    text = pdf_text(content)
    assert "Region report" in text
    assert "municipalities answered" in text


def test_karta_finds_a_municipality_and_downloads_the_change_map_as_png(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/karta?kartvy=forandring&omgang=2024&fran=2023&sok=0780")
    page.locator("svg.kommunkarta path.k0780").first.wait_for(timeout=60_000)
    assert "förändring" in page.locator("h2").first.inner_text()
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('svg.kommunkarta path.k0780')).strokeWidth"
    )
    assert outline == "5px"  # the found municipality is outlined
    expect(page.get_by_text("Växjö är markerad med svart kant").first).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Ladda ner", exact=True).first.click()  # the map's files
    name, png = download(page, "Karta (PNG)")
    assert name.startswith("karta_")
    assert name.endswith("_medelbetyg_2023_2024.png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 50_000
    name, svg = download(page, "Karta (SVG)")
    assert name.endswith("_2023_2024.svg")
    assert b"<svg" in svg
    assert b"Ingen j\xc3\xa4mf\xc3\xb6relse" in svg


def test_the_change_map_with_a_search_has_no_serious_axe_violation(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/karta?kartvy=forandring&omgang=2024&fran=2023&sok=0780&lang=en")
    page.locator("svg.kommunkarta path.k0780").first.wait_for(timeout=60_000)
    settle(page)
    open_up(page)
    found = blocking(axe_violations(page))
    assert not found, describe(found)
    assert not heading_problems(headings(page))
