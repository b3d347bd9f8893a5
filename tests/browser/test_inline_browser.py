"""``ui.inline.show`` in Chromium: the markup is drawn (SVG, its style, its titles), nothing
in it runs, and a rerun keeps the drawn nodes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from benchmarks.harness import block_internet, chromium, streamlit_server

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "inline_app.py"
SHAPE = "svg.prov path.kommun"
IDLE = "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with streamlit_server(APP) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        page = context.new_page()
        block_internet(page)
        page.goto(url)
        page.wait_for_function(f"!!document.querySelector({SHAPE!r}) && {IDLE}", timeout=60_000)
        yield page


def test_the_svg_is_drawn_with_its_style_and_title(page: Page) -> None:
    assert page.locator(SHAPE).evaluate("p => getComputedStyle(p).fill") == "rgb(32, 112, 176)"
    assert page.locator(f"{SHAPE} title").text_content() == "Ö & å"
    assert page.locator("svg.prov a").get_attribute("aria-label") == "Ö & å"
    assert page.locator("[data-testid=stHtml] script").count() == 0  # the drawing script left


def test_a_large_markup_is_inflated_and_drawn_whole(page: Page) -> None:
    page.wait_for_function("document.querySelectorAll('svg.stor path.del').length >= 3000")
    assert page.locator("svg.stor path.del").count() == 3000


def test_nothing_in_the_markup_runs(page: Page) -> None:
    page.wait_for_function("document.querySelectorAll('[data-testid=stHtml] img').length >= 1")
    assert page.evaluate("document.body.dataset.ran") is None
    assert page.locator("[data-testid=stHtml] img").first.get_attribute("onerror") is None
    assert page.locator("a.js").get_attribute("href") is None
    assert page.locator("foreignObject").count() == 0


def test_a_rerun_with_the_same_markup_keeps_the_drawn_nodes(page: Page) -> None:
    """The same nodes, not a fresh copy: a hovered or focused municipality stays so."""
    page.evaluate(f"window.__shape = document.querySelector({SHAPE!r})")
    before = page.get_by_text("Körning ").text_content()
    page.get_by_role("button", name="Kör om").click()  # a rerun with the same markup
    page.wait_for_function(
        f"[...document.querySelectorAll('[data-testid=stText]')].some("
        f"e => e.textContent.startsWith('Körning ') && e.textContent !== {before!r}) && {IDLE}"
    )
    assert page.evaluate(f"document.querySelector({SHAPE!r}) === window.__shape")
