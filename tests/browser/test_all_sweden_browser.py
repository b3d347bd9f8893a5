"""All 290 municipalities as the region, in Chromium (issue 23: "all of Sweden legible").

Every page opens without an error at 1400 and at 390 px, no page scrolls sideways, every map
text lies inside its map with legend and tooltip text at least 12 px, and axe finds no
serious violation. The shipped region is audited in ``test_a11y_browser.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from benchmarks.bench import all_sweden
from benchmarks.harness import MAP_SHAPES, ROOT, block_internet, chromium, streamlit_server
from tests.browser.a11y import walk_pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with all_sweden(True) as shapes, streamlit_server(ROOT / "app.py") as url:
        assert shapes == 290
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("width", [1400, 390])
def test_every_page_with_all_of_sweden_is_legible(
    browser: Browser, app_url: str, width: int
) -> None:
    problems = walk_pages(browser, app_url, width, axe=True)
    assert not problems, "\n".join(problems)


def test_the_map_draws_all_290_municipalities(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    block_internet(page)
    try:
        page.goto(f"{app_url}/karta")
        page.wait_for_function(f"document.querySelectorAll({MAP_SHAPES!r}).length >= 290")
        assert page.locator(MAP_SHAPES).count() == 290
    finally:
        context.close()
