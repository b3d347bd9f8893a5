"""The Seminarier page in Debian's Chromium against `streamlit run`, offline.

A missing Chromium is a failure, never a skip (see benchmarks.harness.require_chromium).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from benchmarks.harness import (
    ROOT,
    block_internet,
    chromium,
    streamlit_server,
)

pytestmark = pytest.mark.browser
MAPS = "svg.seminariekarta"


@pytest.fixture(scope="module")
def page() -> Iterator[tuple[Page, str, list[str]]]:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with streamlit_server(ROOT / "app.py") as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="sv-SE")
        page = context.new_page()
        blocked = block_internet(page)
        yield page, url, blocked


def test_the_page_draws_both_maps_the_plan_and_the_downloads(
    page: tuple[Page, str, list[str]],
) -> None:
    browser_page, url, _ = page
    browser_page.goto(f"{url}/seminarier?omgang=2024&niva=area&seminarier=4")
    browser_page.wait_for_function(
        f"document.querySelectorAll({MAPS!r}).length >= 2", timeout=60_000
    )
    assert browser_page.locator('[data-testid="stException"]').count() == 0
    assert browser_page.get_by_text("Exempeldata – fiktiva svar").first.is_visible()
    assert browser_page.locator("h1").first.inner_text().strip() == "Arbetsseminarier"
    shapes = browser_page.locator(f"{MAPS} path.kommun")
    assert shapes.count() == 2 * 38
    # the plan's text comes after its map in the run: wait for it (CI once checked too early)
    browser_page.get_by_text("Seminarium 4:").first.wait_for(timeout=30_000)
    browser_page.get_by_text("→").first.wait_for(timeout=30_000)
    browser_page.get_by_role("button", name="Ladda ner programmet").click()  # its menu
    download = browser_page.get_by_text("Programmet som Excel (XLSX)")
    download.wait_for(timeout=30_000)
    assert download.is_visible()
    browser_page.screenshot(path=str(ROOT / "artifacts" / "seminarier.png"), full_page=True)


def test_an_infeasible_setting_shows_the_named_fix_in_the_browser(
    page: tuple[Page, str, list[str]],
) -> None:
    browser_page, url, _ = page
    browser_page.goto(f"{url}/seminarier?omgang=2024&niva=area&seminarier=20&min_per_grupp=5")
    message = browser_page.get_by_text("sänk min till")
    message.wait_for(timeout=60_000)
    assert browser_page.locator('[data-testid="stException"]').count() == 0
    browser_page.wait_for_function(
        f"document.querySelectorAll({(MAPS + ' path.kommun')!r}).length >= 38", timeout=30_000
    )
    assert browser_page.locator(f"{MAPS} path.kommun").count() == 38  # the demand map only


def test_an_uploaded_competence_list_is_validated_and_then_used(
    page: tuple[Page, str, list[str]],
) -> None:
    browser_page, url, blocked = page
    browser_page.goto(f"{url}/seminarier?omgang=2024&niva=area&seminarier=4")
    # the uploader is made once its expander is opened (a closed one is one element a run)
    browser_page.get_by_text("Forskarnas kompetenslista").click(timeout=60_000)
    uploader = browser_page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.wait_for(state="attached", timeout=60_000)
    bad = "forskare,omraden,kapacitet\nTest Testsson,Bostadsplanring,2\n"
    uploader.set_input_files(
        files=[{"name": "lista.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    message = browser_page.get_by_text("Kompetenslistan har 1 fel")
    message.wait_for(timeout=30_000)
    # the problem table comes in the same run, drawn once its table component has loaded
    browser_page.get_by_text("menade du Bostadsplanering?").first.wait_for(timeout=30_000)
    good = "forskare,omraden,kapacitet\nTest Testsson,Befolkningsutveckling;Skatteunderlag,4\n"
    uploader.set_input_files(
        files=[{"name": "lista.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    browser_page.get_by_text("Test Testsson, –").first.wait_for(timeout=30_000)
    assert browser_page.get_by_text("Kompetenslistan har").count() == 0
    assert browser_page.locator('[data-testid="stException"]').count() == 0
    assert blocked == []
