"""WCAG 2.1 AA in a real browser: axe-core on every page, both languages, visitor and steward.

One server and one Chromium for the module; each page view gets a fresh context (visitor) or
the steward's logged-in session (clicking through the sidebar). Every expander is opened and
the whole page scrolled into view before axe runs. A serious or critical violation fails the
test. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from tests.browser.a11y import (
    PAGES,
    axe_violations,
    blocking,
    describe,
    heading_problems,
    headings,
    open_up,
    settle,
)

pytestmark = pytest.mark.browser
PASSWORD = "a11y-steward"
REPORT = ROOT / "artifacts" / "axe-report.json"
READER_PASSWORD = "a11y-reader"
STEWARD_PAGES = ("kommunprofil", "kompetens", "lasesal", "data")
"""The pages a steward sees differently (the respondents' answers, the reading room, the
import and the registry: every tab of Data is opened and audited)."""
_found: dict[str, list[dict]] = {}


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
        env.setenv("LINNEDATA_READER_PASSWORD", READER_PASSWORD)  # Läsesal shows its login
        with streamlit_server(ROOT / "app.py") as url:
            yield url
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(_found, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _context_page(browser: Browser, locale: str = "sv-SE") -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    context.set_default_timeout(60_000)
    page = context.new_page()
    block_internet(page)
    return page


def audit(page: Page, name: str) -> list[str]:
    """axe's serious and critical violations and the heading outline's faults, as lines."""
    settle(page)
    open_up(page)
    found = axe_violations(page)
    _found[name] = found
    problems = [describe(blocking(found))] if blocking(found) else []
    return problems + [f"headings: {p}" for p in heading_problems(headings(page))]


def test_every_page_of_the_app_is_audited() -> None:
    """PAGES (the audited list) names every ``st.Page`` of app.py (``urls.PAGES``), so none
    is left out."""
    from linnedata import urls

    in_app = {page.slug for page in urls.PAGES}
    assert in_app == set(PAGES), f"app.py has {sorted(in_app)}, PAGES has {sorted(PAGES)}"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("slug", list(PAGES))
def test_visitor_page_has_no_serious_axe_violation(
    browser: Browser, app_url: str, slug: str, lang: str
) -> None:
    page = _context_page(browser)
    try:
        query = "?lang=en" if lang == "en" else ""
        page.goto(f"{app_url}/{PAGES[slug]}{query}")
        bad = audit(page, f"visitor/{lang}/{slug}")
        assert not bad, f"{slug} ({lang}):\n" + "\n".join(bad)
    finally:
        page.context.close()


def test_steward_pages_have_no_serious_axe_violation(browser: Browser, app_url: str) -> None:
    """Log in on Data; audit the pages that differ for a steward, in Swedish and English."""
    page = _context_page(browser)
    problems: list[str] = []
    try:
        page.goto(f"{app_url}/data")
        settle(page)
        page.get_by_label("Förvaltarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.get_by_role("button", name="Logga ut").wait_for()
        for lang in ("sv", "en"):
            if lang == "en":
                page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
                page.wait_for_function("() => document.documentElement.lang === 'en'")
            for slug in STEWARD_PAGES:
                before = page.locator("h1").first.inner_text()
                page.locator(f'[data-testid="stSidebarNav"] a[href$="/{slug}"]').click()
                page.wait_for_function(
                    "(old) => { const h = document.querySelector('h1');"
                    " return h && h.innerText !== old; }",
                    arg=before,
                )
                bad = audit(page, f"steward/{lang}/{slug}")
                tabs = page.locator('[data-testid="stMain"] [role="tab"]')
                for index in range(1, tabs.count()):
                    tabs.nth(index).click()
                    page.wait_for_function(
                        '(i) => document.querySelectorAll(\'[data-testid="stMain"] '
                        "[role=tab]')[i].getAttribute('aria-selected') === 'true'",
                        arg=index,
                    )
                    bad += audit(page, f"steward/{lang}/{slug}/tab{index}")
                if bad:
                    problems.append(f"{slug} ({lang}):\n" + "\n".join(bad))
        assert page.get_by_role("button", name="Log out").count() == 1, "steward logged out"
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def _tab_until(page: Page, selector: str, limit: int = 80) -> int:
    """Press Tab until the focused element matches ``selector``; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return presses
    raise AssertionError(f"{limit} Tab presses never reached {selector}")


def test_keyboard_reaches_a_municipality_on_the_map_and_opens_its_profile(
    browser: Browser, app_url: str
) -> None:
    page = _context_page(browser)
    try:
        page.goto(f"{app_url}/karta")
        settle(page)
        # The first Tab stop is Streamlit's skip link; Enter on it passes the sidebar.
        assert _tab_until(page, '[data-testid="stSkipToContent"]') == 1
        page.keyboard.press("Enter")
        presses = _tab_until(page, "svg.kommunkarta a")
        name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        code = page.evaluate("() => document.activeElement.querySelector('path').dataset.kod")
        # The accessible name carries the value and n, not only the name.
        assert len(name.split(" – ")) >= 2, name
        tip = page.locator(f"svg.kommunkarta .t{code}")
        assert tip.evaluate("t => getComputedStyle(t).visibility") == "visible"
        page.keyboard.press("Escape")
        assert tip.evaluate("t => getComputedStyle(t).visibility") == "hidden"
        # The focus ring: 3 px black (inside a white halo), in screen pixels.
        ring = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement.querySelector('path'));"
            " return [s.stroke, s.strokeWidth, s.filter]; }"
        )
        assert ring[:2] == ["rgb(0, 0, 0)", "3px"], ring
        assert "255, 255, 255" in ring[2], ring
        # After the skip link: the page's controls, the map's skip link, the map.
        assert presses <= 12, f"{presses} Tab presses from the main content to the map"
        page.keyboard.press("Enter")
        page.wait_for_url("**/kommunprofil?*")
        settle(page)
        assert f"kommun={code}" in page.url
        assert page.locator("h1").first.inner_text().strip() == name.split(" – ")[0]
    finally:
        page.context.close()


def test_the_skip_link_jumps_past_the_map(browser: Browser, app_url: str) -> None:
    page = _context_page(browser)
    try:
        page.goto(f"{app_url}/karta")
        settle(page)
        _tab_until(page, "a.hoppa-karta")
        assert page.evaluate("() => document.activeElement.innerText") == "Hoppa förbi kartan"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        inside = page.evaluate("() => !!document.activeElement.closest('svg')")
        assert not inside, "after the skip link, Tab must land after the map"
        after_map = page.evaluate(
            "() => !!(document.querySelector('svg.kommunkarta').compareDocumentPosition("
            "document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        assert after_map
    finally:
        page.context.close()


def test_html_lang_and_title_follow_the_language_and_the_page(
    browser: Browser, app_url: str
) -> None:
    page = _context_page(browser)
    try:
        page.goto(f"{app_url}/karta")
        settle(page)
        page.wait_for_function("() => document.documentElement.lang === 'sv'")
        page.wait_for_function("() => document.title === 'Karta – Linnékommuner i samverkan'")
        page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        page.wait_for_function(
            "() => document.title === 'Map – Linnaeus municipalities in collaboration'"
        )
        page.locator('[data-testid="stSidebarNav"] a[href$="/jamfor"]').click()
        page.wait_for_function("() => document.title.startsWith('Compare – ')")
        assert page.evaluate("() => document.documentElement.lang") == "en"
        page.locator('[data-testid="stSidebar"]').get_by_text("Svenska").click()
        page.wait_for_function("() => document.documentElement.lang === 'sv'")
        page.wait_for_function("() => document.title.startsWith('Jämför – ')")
    finally:
        page.context.close()


def test_streamlits_own_texts_follow_the_language(browser: Browser, app_url: str) -> None:
    """The skip link, the uploader and the placeholders are Swedish on a Swedish page, and
    English again after switching."""
    page = _context_page(browser)
    try:
        page.goto(f"{app_url}/seminarier")
        settle(page)
        skip = page.locator('[data-testid="stSkipToContent"]')
        uploader = page.locator(
            '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
        )
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSkipToContent]')"
            ".innerText === 'Hoppa till huvudinnehållet'"
        )
        assert (uploader.text_content() or "").strip() == "Ladda upp"
        placeholders = page.evaluate(
            "() => Array.from(document.querySelectorAll('[data-testid=stMain] input[placeholder]'))"
            ".map(i => i.placeholder)"
        )
        assert placeholders, "no placeholder found"
        assert not [p for p in placeholders if p.startswith("Choose")], placeholders
        page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSkipToContent]')"
            ".innerText === 'Skip to main content'"
        )
        settle(page)
        assert (uploader.text_content() or "").strip() == "Upload"
        assert skip.count() == 1
    finally:
        page.context.close()


def test_the_compare_heatmap_scrolls_in_its_own_box_on_a_phone(
    browser: Browser, app_url: str
) -> None:
    """At 390 and 320 px the heatmap keeps its 48 px columns in a box that scrolls sideways
    and takes keyboard focus; the page itself never scrolls sideways (WCAG 1.4.10)."""
    for width in (390, 320):
        context = browser.new_context(viewport={"width": width, "height": 844}, locale="sv-SE")
        page = context.new_page()
        block_internet(page)
        try:
            page.goto(f"{app_url}/jamfor")
            settle(page)
            sizes = page.evaluate(
                """() => { const box = document.querySelector('[class*="st-key-rulla_"]');
                    const chart = box.querySelector('[data-testid="stPlotlyChart"]');
                    return {page: document.documentElement.scrollWidth, box: box.clientWidth,
                            inside: box.scrollWidth, tab: chart.getAttribute('tabindex'),
                            name: chart.getAttribute('aria-label')}; }"""
            )
            assert sizes["page"] <= width, sizes
            assert sizes["box"] < width, sizes
            assert sizes["inside"] >= 15 * 48, sizes
            assert sizes["tab"] == "0", sizes
            assert sizes["name"].startswith("Medelbetyg (1–5) – 7 kommuner"), sizes
        finally:
            context.close()


ZOOM_PAGES = ("oversikt", "karta", "kommunprofil", "jamfor", "seminarier", "tillganglighet")
_OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const width = document.documentElement.clientWidth;
    // What sticks out past the right edge, outside a box that scrolls sideways on purpose.
    const out = Array.from(main.querySelectorAll('p, h1, h2, h3, label, button, input, svg, table'))
        .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.closest('[class*="st-key-rulla_"], [data-testid="stTable"], '
                                  + '[data-testid="stDataFrame"], [data-testid="stTooltipContent"]'))
        .map(el => el.tagName + ' ' + (el.innerText || el.getAttribute('aria-label') || '').slice(0, 40));
    return {page: document.documentElement.scrollWidth, main: main.scrollWidth, width, out};
}"""


@pytest.mark.parametrize("slug", ZOOM_PAGES)
def test_nothing_is_cut_off_or_scrolls_sideways_at_200_percent_zoom(
    browser: Browser, app_url: str, slug: str
) -> None:
    """200 % zoom of a 1280 × 800 screen: a 640 × 400 CSS-pixel viewport drawn at twice
    the pixels (WCAG 1.4.4 and 1.4.10). No page scrolls sideways and no text, control or
    map sticks out, except inside the boxes meant to scroll (Jämför's heatmap, tables)."""
    context = browser.new_context(
        viewport={"width": 640, "height": 400}, device_scale_factor=2, locale="sv-SE"
    )
    page = context.new_page()
    block_internet(page)
    try:
        page.goto(f"{app_url}/{PAGES[slug]}")
        settle(page)
        open_up(page)
        found = page.evaluate(_OVERFLOW)
        assert found["page"] <= found["width"], found
        assert found["main"] <= found["width"], found
        assert not found["out"], found
    finally:
        context.close()


def test_the_map_can_print_its_values(browser: Browser, app_url: str) -> None:
    """Karta's toggle prints every value on the map (no hover needed); off again hides them."""
    page = _context_page(browser)
    try:
        page.goto(f"{app_url}/karta")
        settle(page)
        marks = page.locator("svg.kommunkarta text.mark")
        assert marks.count() >= 30
        assert marks.first.evaluate("m => getComputedStyle(m).visibility") == "hidden"
        page.get_by_role("switch", name="Skriv värdena på kartan").check(force=True)
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('svg.kommunkarta text.mark'))"
            ".visibility === 'visible'"
        )
        shown = [t.strip() for t in marks.all_text_contents()]
        assert all(re.fullmatch(r"\d,\d", t) for t in shown), shown[:5]
        page.get_by_role("switch", name="Skriv värdena på kartan").uncheck(force=True)
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('svg.kommunkarta text.mark'))"
            ".visibility === 'hidden'"
        )
    finally:
        page.context.close()
