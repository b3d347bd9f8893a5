"""Keyboard-only walks, one per kind of control (WCAG 2.1.1): a select box, a segmented
control, the seminar plan's settings, a multi-select, the language switch, a table that
scrolls on a phone, and the PDF download. Each walk reaches its control with Tab from the
top of the page and operates it with keys only; the page must answer (the URL, a heading,
the plan, a download). The Karta map's walk, the skip links and the steward's upload and
publish walk are in test_a11y_browser.py and test_focus_browser.py.

One server and one Chromium for the module, a fresh context per walk.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from tests.browser.a11y import settle, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_server(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _open(browser: Browser, url: str, width: int = 1400) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 1000 if width > 800 else 844},
        locale="sv-SE",
        accept_downloads=True,
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    block_internet(page)
    page.goto(url)
    settle(page)
    return page


def _labelled(name: str) -> str:
    """A focused-element predicate: the control's accessible label or text is ``name``."""
    return f"e => (e.getAttribute('aria-label') || e.innerText || '').trim() === {name!r}"


def _choose_next_option(page: Page) -> None:
    """In a focused select box: open its list, move one down, take it (keys only)."""
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'true'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    settle(page)


def test_a_select_box_by_keyboard(browser: Browser, app_url: str) -> None:
    """Karta: Tab to "Mått", choose the next measure with the arrow keys and Enter."""
    page = _open(browser, f"{app_url}/karta")
    try:
        before = page.url
        heading = page.locator("h2").first.inner_text()
        tab_to(page, _labelled("Mått"))
        _choose_next_option(page)
        page.wait_for_function("(h) => document.querySelector('h2').innerText !== h", arg=heading)
        assert "matt=" in page.url
        assert page.url != before
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Mått"
    finally:
        page.context.close()


def test_a_segmented_control_by_keyboard(browser: Browser, app_url: str) -> None:
    """Karta: Tab to the Tema/Område control (its chosen button is the Tab stop), the right
    arrow moves to "Område", Enter shows areas instead."""
    page = _open(browser, f"{app_url}/karta")
    try:
        tab_to(page, _labelled("Tema"))
        page.keyboard.press("ArrowRight")
        assert page.evaluate(f"() => ({_labelled('Område')})(document.activeElement)")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('niva=area')")
        settle(page)
        assert page.locator('[data-testid="stMain"] input[aria-label="Område"]').count() == 1
    finally:
        page.context.close()


def test_the_seminar_plan_s_settings_by_keyboard(browser: Browser, app_url: str) -> None:
    """Seminarier: Tab to "Seminarier" (how many), take the next number by keys; the plan
    is drawn again with that many seminars."""
    page = _open(browser, f"{app_url}/seminarier")
    try:
        tab_to(page, _labelled("Seminarier"))
        before = page.evaluate("() => document.activeElement.value")
        _choose_next_option(page)
        after = page.evaluate("() => document.activeElement.value")
        assert after != before
        page.wait_for_function(f"() => location.search.includes('seminarier={after}')")
        titles = page.locator('[data-testid="stMain"] strong').filter(has_text="Seminarium ")
        assert titles.count() == int(after)
    finally:
        page.context.close()


def test_a_multi_select_by_keyboard(browser: Browser, app_url: str) -> None:
    """Jämför: Tab to the municipalities, type part of a name, Enter adds it."""
    page = _open(browser, f"{app_url}/jamfor")
    try:
        tab_to(
            page,
            "e => e.getAttribute('role') === 'combobox' && e.closest('[data-testid=stMultiSelect]')",
        )
        before = page.evaluate("() => new URLSearchParams(location.search).get('kommuner')")
        page.keyboard.type("Ljungby")
        page.wait_for_function(
            "() => document.activeElement.getAttribute('aria-expanded') === 'true'"
        )
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(old) => new URLSearchParams(location.search).get('kommuner') !== old", arg=before
        )
        assert page.evaluate("() => new URLSearchParams(location.search).get('kommuner')").endswith(
            "0781"
        )
    finally:
        page.context.close()


def test_the_language_switch_by_keyboard(browser: Browser, app_url: str) -> None:
    """Any page: Tab to the sidebar's language control ("Svenska" chosen), the right arrow
    to "English", Enter; the page is in English."""
    page = _open(browser, f"{app_url}/metod")
    try:
        tab_to(page, _labelled("Svenska"))
        page.keyboard.press("ArrowRight")
        assert page.evaluate(f"() => ({_labelled('English')})(document.activeElement)")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        settle(page)
        assert page.locator("h1").first.inner_text().strip() != "Om data och metod"
    finally:
        page.context.close()


def test_a_table_that_scrolls_on_a_phone_by_keyboard(browser: Browser, app_url: str) -> None:
    """Översikt at 390 px: Tab to "Visa som tabell" (a native box, ui/as_table.py), Enter
    opens it in place with focus on it, Tab reaches the table's box (a named region), and
    the right arrow scrolls it sideways (WCAG 2.1.1, 1.4.10)."""
    page = _open(browser, app_url, width=390)
    try:
        tab_to(page, "e => e.tagName === 'SUMMARY' && e.innerText.includes('Visa som tabell')")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('details').open")
        # the table's box becomes a named region once it scrolls (ui/a11y_page.js)
        page.wait_for_function(
            "() => document.activeElement.closest('details').querySelector('[role=region]')"
        )
        page.keyboard.press("Tab")
        page.wait_for_function("() => document.activeElement.getAttribute('role') === 'region'")
        name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        assert name.startswith("Tabell: "), name
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    finally:
        page.context.close()


_THEMES_BOX = """() => {
    const box = [...document.querySelectorAll('.tabell-rulla')]
        .find(b => b.innerText.includes('Tema'));
    return box && {tab: box.getAttribute('tabindex'), role: box.getAttribute('role'),
                   name: box.getAttribute('aria-label'),
                   scrolls: box.scrollWidth > box.clientWidth + 1};
}"""


@pytest.mark.parametrize("width", [1400, 390])
def test_an_html_table_is_a_tab_stop_only_while_it_scrolls(
    browser: Browser, app_url: str, width: int
) -> None:
    """Kommunprofil's themes, an escaped HTML table (ui.html_table): at 1400 px it fits and
    is no Tab stop; at 390 px it scrolls in a named region that Tab reaches and the right
    arrow scrolls (WCAG 2.1.1, 1.4.10), as st.table's box does."""
    page = _open(browser, f"{app_url}/kommunprofil?kommun=0780", width=width)
    try:
        page.wait_for_function(f"() => ({_THEMES_BOX})() !== undefined")
        if width > 800:
            page.wait_for_function(f"() => ({_THEMES_BOX})().tab === null")
            box = page.evaluate(_THEMES_BOX)
            assert not box["scrolls"], box
            assert box["role"] is None, box
            return
        page.wait_for_function(f"() => ({_THEMES_BOX})().tab === '0'")
        box = page.evaluate(_THEMES_BOX)
        assert box["scrolls"], box
        assert box["role"] == "region", box
        assert box["name"] == "Tabell: Teman i korthet – Medelbetyg (1–5)", box
        tab_to(page, "e => e.classList.contains('tabell-rulla') && e.innerText.includes('Tema')")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    finally:
        page.context.close()


def test_the_pdf_report_downloads_by_keyboard(browser: Browser, app_url: str) -> None:
    """Översikt: Tab to "Regionrapport (PDF)", Enter downloads the region's report."""
    page = _open(browser, app_url)
    try:
        tab_to(page, "e => e.innerText.includes('Regionrapport (PDF)')")
        with page.expect_download(timeout=120_000) as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith(".pdf")
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    finally:
        page.context.close()
