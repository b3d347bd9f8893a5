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
from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from tests.browser.a11y import (
    PAGES,
    axe_violations,
    blocking,
    describe,
    map_text_problems,
    open_up,
    settle,
)

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
    context = browser.new_context(
        viewport={"width": width, "height": 1000 if width > 800 else 844}, locale="sv-SE"
    )
    page = context.new_page()
    block_internet(page)
    problems: list[str] = []
    try:
        for slug, path in PAGES.items():
            page.goto(f"{app_url}/{path}")
            settle(page)
            open_up(page)
            found = [f"map text: {line}" for line in map_text_problems(page)]
            if (wide := page.evaluate("document.documentElement.scrollWidth")) > width:
                found.append(f"the page is {wide} px wide")
            if serious := blocking(axe_violations(page)):
                found.append(describe(serious))
            if found:
                problems.append(f"{slug}:\n" + "\n".join(found))
        shapes = page.goto(f"{app_url}/karta") and page.wait_for_function(
            "document.querySelectorAll('svg.kommunkarta path.kommun').length"
        )
        assert shapes.json_value() == 290
    finally:
        context.close()
    assert not problems, "\n".join(problems)
