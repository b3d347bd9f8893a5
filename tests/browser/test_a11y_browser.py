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
    map_text_problems,
    open_up,
    settle,
    walk_pages,
    width_problems,
)
from ui import LANGUAGE_NAMES

pytestmark = pytest.mark.browser
PASSWORD = "a11y-steward"
REPORT = ROOT / "artifacts" / "axe-report.json"
READER_PASSWORD = "a11y-reader"
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


WIDTHS = (1400, 390)
"""Every view is audited on a desktop and on a phone (390 × 844, WCAG 1.4.10)."""
ROLES = {
    "visitor": None,
    "reader": ("lasesal", "Läsarens lösenord", READER_PASSWORD),
    "steward": ("data", "Förvaltarens lösenord", PASSWORD),
}
"""Who looks: the role's login page, the password field's label and the password."""


def audit(page: Page, name: str) -> list[str]:
    """axe's serious and critical violations, the heading outline's faults, a page that
    scrolls sideways and a map's text cut off or too small, as lines."""
    settle(page)
    open_up(page)
    found = axe_violations(page)
    _found[name] = found
    problems = [describe(blocking(found))] if blocking(found) else []
    problems += width_problems(page)
    problems += [f"map text: {line}" for line in map_text_problems(page)]
    return problems + [f"headings: {p}" for p in heading_problems(headings(page))]


_NAV_LINK = """(path) => Array.from(document.querySelectorAll('[data-testid="stSidebarNav"] a'))
    .find(a => new URL(a.href).pathname.replace(/\\/$/, '') === (path ? '/' + path : ''))"""


_WATCH_RUN = """() => {
    window.__a11yRan = false;
    const app = document.querySelector('[data-testid="stApp"]');
    const watch = new MutationObserver(() => {
        if (app.dataset.testScriptState === 'running') { window.__a11yRan = true; watch.disconnect(); }
    });
    watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def go_to(page: Page, app_url: str, path: str) -> bool:
    """Open the page at ``path`` in this session through its sidebar link (a click keeps the
    login; ``page.goto`` would start a new session), or by URL when it has no link (a page
    hidden from the navigation, such as a respondent's). True when the session was kept."""
    here, h1 = page.evaluate("() => [location.pathname, document.querySelector('h1')?.innerText]")
    if here.rstrip("/") == ("/" + path if path else ""):
        return True
    link = page.evaluate_handle(_NAV_LINK, path).as_element()
    if link is None:
        page.goto(f"{app_url}/{path}")
        settle(page)
        return False
    # The click starts a new script run: wait for the path and for Streamlit to say so (or
    # for a new heading: two pages may share one, so it is no sign of the new page alone).
    page.evaluate(_WATCH_RUN)
    link.evaluate("a => a.click()")  # a click in the page: also when a phone's sidebar is shut
    page.wait_for_function(
        "([path, h1]) => location.pathname.replace(/\\/$/, '') === (path ? '/' + path : '')"
        " && (window.__a11yRan || document.querySelector('h1')?.innerText !== h1)",
        arg=[path, h1],
    )
    settle(page)
    return True


def switch_language(page: Page, lang: str) -> None:
    """Choose ``lang`` in the sidebar (the session's language) and wait for the page."""
    page.locator('[data-testid="stSidebar"]').get_by_text(LANGUAGE_NAMES[lang]).click()
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
    settle(page)


def log_in(page: Page, app_url: str, role: str, lang: str) -> None:
    """Open the app in ``lang`` and, for a reader or steward, log in on the role's page."""
    login = ROLES[role]
    page.goto(f"{app_url}/{login[0] if login else ''}{'?lang=en' if lang == 'en' else ''}")
    settle(page)
    if login is None:
        return
    if lang == "en":  # the labels below are Swedish: log in first, then switch
        switch_language(page, "sv")
    page.get_by_label(login[1]).fill(login[2])
    page.get_by_role("button", name="Logga in").click()
    page.get_by_label(login[1]).wait_for(state="detached")
    settle(page)
    if lang == "en":
        switch_language(page, "en")


def test_every_page_of_the_app_is_audited() -> None:
    """The audits visit every page: app.py builds its navigation from ``urls.PAGES`` (made in
    ``ui.chrome.pages``) and nothing else, the audit's list is that one, and every page file
    is in it."""
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    chrome = (ROOT / "ui" / "chrome.py").read_text(encoding="utf-8")
    assert "st.navigation(chrome.pages()" in app
    assert app.count("st.navigation(") == app.count("st.navigation(chrome.pages()")
    assert "for page in urls.PAGES" in chrome
    assert app.count("st.Page(") + chrome.count("st.Page(") == 1, "a page outside urls.PAGES"
    files = {path.stem for path in (ROOT / "pages").glob("*.py")}
    assert set(PAGES) == files, f"pages/ has {sorted(files)}, the audit has {sorted(PAGES)}"


def _audit_tabs(page: Page, name: str) -> list[str]:
    """Audit every further tab of the page (the steward's Data and Enkät pages; their tabs
    are lazy: a click reruns the page, and ``audit`` settles before it looks)."""
    bad: list[str] = []
    tabs = page.locator('[data-testid="stMain"] [role="tab"]')
    for index in range(1, tabs.count()):
        tabs.nth(index).evaluate("t => t.click()")
        page.wait_for_function(
            "(i) => document.querySelectorAll('[data-testid=\"stMain\"] [role=tab]')[i]"
            ".getAttribute('aria-selected') === 'true'",
            arg=index,
        )
        bad += audit(page, f"{name}/tab{index}")
    if tabs.count() > 1:
        tabs.nth(0).evaluate("t => t.click()")
        settle(page)  # a lazy tab's click reruns the page: let it end before the next step
    return bad


def _audit_page(page: Page, name: str) -> list[str]:
    """The page as it is, at every width in :data:`WIDTHS` (back at the first after)."""
    bad: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000 if width > 800 else 844})
        bad += [f"{width} px: {line}" for line in audit(page, f"{name}/{width}")]
        bad += [f"{width} px: {line}" for line in _audit_tabs(page, f"{name}/{width}")]
    page.set_viewport_size({"width": WIDTHS[0], "height": 1000})
    return bad


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_has_no_serious_axe_violation_on_a_desktop_and_a_phone(
    browser: Browser, app_url: str, role: str, lang: str
) -> None:
    """Every page of app.py for one role and language, at 1400 px and at 390 × 844: no
    serious or critical axe violation, no heading that skips a level, no page wider than
    the screen. One browser tab for all of them (the pages are opened through the sidebar,
    so the login lasts); every tab of a page (the steward's Data) is audited too. A page
    outside the navigation is opened by URL and seen as a visitor."""
    page = _context_page(browser)
    problems: list[str] = []
    try:
        log_in(page, app_url, role, lang)
        for slug, path in PAGES.items():
            if not go_to(page, app_url, path) and role != "visitor":
                log_in(page, app_url, role, lang)
                continue
            if bad := _audit_page(page, f"{role}/{lang}/{slug}"):
                problems.append(f"{slug} ({role}, {lang}):\n" + "\n".join(bad))
        if login := ROLES[role]:  # still logged in at the end: no password asked for
            go_to(page, app_url, PAGES[login[0]])
            assert page.locator('input[type="password"]').count() == 0, f"{role} logged out"
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
        page.get_by_text("Forskarnas kompetenslista").click()  # its uploader is made when open
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
        # the expander stays open across the switch (ui.lazy), its uploader in English
        page.get_by_text("The researchers' competence list").wait_for()
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
        .filter(el => !el.closest('[class*="st-key-rulla_"], .tabell-rulla, [data-testid="stTable"], '
                                  + '[data-testid="stDataFrame"], [data-testid="stTooltipContent"]'))
        .map(el => el.tagName + ' ' + (el.innerText || el.getAttribute('aria-label') || '').slice(0, 40));
    return {page: document.documentElement.scrollWidth, main: main.scrollWidth, width, out};
}"""


MIDDLE_WIDTHS = (1280, 1024, 800, 700, 600)
"""Between the phone and the desktop: where a side column is narrowest (Streamlit stacks
columns only below 640 px) and the maps' text was 6–10 px before their columns wrapped."""


@pytest.mark.parametrize("width", MIDDLE_WIDTHS)
def test_every_maps_text_is_legible_and_inside_it_at_middle_widths(
    browser: Browser, app_url: str, width: int
) -> None:
    """Every page's maps at laptop and tablet widths: no text outside its map, legend and
    tooltip text at least 12 px, and no page wider than the screen (the audit checks 1400
    and 390 px)."""
    problems = walk_pages(browser, app_url, width)
    assert not problems, "\n".join(problems[:40])


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


_UNTABLED = """() => {
    // Each map with values and each chart in the main area, in document order, must be
    // followed by a table before the next map or chart (its "Visa som tabell").
    const main = document.querySelector('[data-testid="stMain"]');
    const items = Array.from(main.querySelectorAll(
        'svg[role="group"]:not(.lageskarta), [data-testid="stPlotlyChart"], table'));
    const missing = [];
    items.forEach((item, i) => {
        if (item.matches('table')) return;
        const next = items[i + 1];
        if (!next || !next.matches('table'))
            missing.push(item.getAttribute('aria-label') || item.getAttribute('class'));
    });
    return {missing, figures: items.filter(i => !i.matches('table')).length};
}"""


def test_every_map_with_values_and_every_chart_has_its_table(
    browser: Browser, app_url: str
) -> None:
    """On every page (as a visitor, expanders opened), each map that shows values and each
    chart is followed by a table of its values (WCAG 1.1.1, 1.3.1). Kommunprofil's location
    map (``lageskarta``: where the neighbours are, no values) lists them in text instead."""
    page = _context_page(browser)
    missing: list[str] = []
    figures = 0
    try:
        page.goto(app_url)
        settle(page)
        for slug, path in PAGES.items():
            go_to(page, app_url, path)
            open_up(page)
            found = page.evaluate(_UNTABLED)
            figures += found["figures"]
            missing += [f"{slug}: {name}" for name in found["missing"]]
    finally:
        page.context.close()
    assert figures >= 8, f"only {figures} maps and charts found"
    assert not missing, "no table after:\n" + "\n".join(missing)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_download_menu_opened_has_no_serious_axe_violation(
    browser: Browser, app_url: str, width: int
) -> None:
    """The *Ladda ner* menus (popovers made only when opened: ``ui.downloads.download``, the seminar
    programme) are closed in the page audit above; here each one on every page is opened in
    turn, its buttons drawn, and the page audited with it open (a visitor in Swedish: the
    menus are the same for every role)."""
    page = _context_page(browser)
    page.set_viewport_size({"width": width, "height": 1000 if width > 800 else 844})
    problems: list[str] = []
    opened = 0
    try:
        for slug, path in PAGES.items():
            go_to(page, app_url, path)
            menus = page.locator('[data-testid="stMain"] [data-testid="stPopoverButton"]')
            for index in range(menus.count()):
                menus.nth(index).click()
                page.locator('[data-testid="stPopoverBody"] button').first.wait_for()
                settle(page)
                opened += 1
                if bad := blocking(axe_violations(page)):
                    problems.append(f"{slug} menu {index + 1}: {describe(bad)}")
                page.keyboard.press("Escape")
                page.locator('[data-testid="stPopoverBody"]').first.wait_for(state="hidden")
                settle(page)  # closing the menu reruns the page: let that run end first
    finally:
        page.context.close()
    assert opened >= 6, f"only {opened} download menus found"  # Översikt … Seminarier have them
    assert not problems, "\n".join(problems)
