"""The real thing: `streamlit run` on a free port, Debian's Chromium, no internet.

This test must run in CI: a missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from benchmarks.harness import (
    MAP_SHAPES,
    ROOT,
    block_internet,
    chromium,
    open_map,
    streamlit_server,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_server(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url: str) -> Iterator[Page]:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        page = context.new_page()
        block_internet(page)
        yield page


def shape_centre(page: Page, code: str) -> tuple[float, float]:
    """The screen position of a municipality's shape on the map, found by its SCB code."""
    box = page.locator(f"{MAP_SHAPES}.k{code}").bounding_box()
    assert box is not None, f"no shape for {code}"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_map_draws_all_38_municipalities_offline_and_a_click_opens_the_profile(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/karta")
    page.wait_for_function(
        f"document.querySelectorAll({MAP_SHAPES!r}).length >= 38", timeout=60_000
    )
    shapes = page.locator(MAP_SHAPES)
    assert shapes.count() == 38
    drawn = page.evaluate(
        f"Array.from(document.querySelectorAll({MAP_SHAPES!r}))"
        ".filter(p => p.getBoundingClientRect().width > 1).length"
    )
    assert drawn == 38, "every municipality must have a visible shape"
    assert page.get_by_text("Exempeldata – fiktiva svar").first.is_visible()
    # Opened directly as the server's first request, the page still runs inside app.py's
    # navigation: translated page titles and the language switch are there.
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Kommunprofil").is_visible()
    assert sidebar.get_by_text("Språk").is_visible()
    page.screenshot(path=str(ROOT / "artifacts" / "karta.png"))

    x, y = shape_centre(page, "0780")
    page.mouse.move(x, y)
    tooltip = page.locator("svg.kommunkarta .tip.t0780")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert (tooltip.text_content() or "").startswith("Växjö")
    page.mouse.click(x, y)
    page.wait_for_url("**/kommunprofil**", timeout=30_000)
    heading = page.locator("h1").first
    heading.wait_for(timeout=30_000)
    assert heading.inner_text().strip() == "Växjö"
    assert "kommun=0780" in page.url
    page.screenshot(path=str(ROOT / "artifacts" / "kommunprofil.png"), full_page=True)


def test_a_link_to_a_page_connects_at_once(page: Page, app_url: str) -> None:
    """Opened at /karta (a shared link, a questionnaire link), the front end connects to the
    server at / at once: the page's HTML says where the server is (ui/serving.py), so it
    never asks /karta/_stcore/… first, a 404 and a 100 ms wait each load."""
    assert page.context.browser is not None
    context = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    fresh, asked = open_map(context, f"{app_url}/karta?lang=en")
    assert fresh.evaluate("window.__streamlit.BACKEND_BASE_URL") == app_url
    assert "/_stcore/health" in asked
    assert [path for path in asked if path.startswith("/karta/")] == []
    assert fresh.locator("h1").first.inner_text().strip() == "Map"
    context.close()


@pytest.mark.parametrize("path", ["", "karta", "kommunprofil?kommun=1080"])
def test_every_page_renders_without_an_exception(page: Page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Exempeldata – fiktiva svar").first.is_visible()
