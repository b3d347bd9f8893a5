"""Focus in a real browser (WCAG 2.4.3, 2.4.7, 4.1.3): every Tab stop of every page shows a
two-tone focus ring and the Tab order follows the page's visual order; after logging in and
after publishing, focus moves to the result, which the page's polite live region says;
only errors are alerts.

One server (with its own empty store, so publishing touches no real data) and one Chromium
for the module; the publishing test runs last. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from linnedata import urls
from tests.browser.a11y import PAGES, focus_ring, ring_problem, settle, tab_to
from tests.browser.test_a11y_browser import go_to
from tests.browser.test_upload_browser import microsoft_forms_2025

pytestmark = pytest.mark.browser
PASSWORD = "fokus-förvaltare"
TAB_LIMIT = 90
"""Tab presses per page at most: past the sidebar, the controls and into the maps' links."""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("store") / "linnedata.sqlite"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINNEDATA_DB_URL", f"sqlite:///{store}")
        env.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
        with streamlit_server(ROOT / "app.py") as url:
            yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.set_default_timeout(60_000)
    page = context.new_page()
    block_internet(page)
    yield page
    context.close()


_WHERE = """() => {
    // The focused element's box in page coordinates (every scrolled ancestor added back).
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    let x = box.left, y = box.top;
    for (let node = el.parentElement; node; node = node.parentElement) {
        x += node.scrollLeft; y += node.scrollTop;
    }
    return {x, y, bottom: y + box.height, main: !!el.closest('[data-testid="stMain"]'),
            map: !!el.closest('svg'), sideways: !!el.closest('[class*="st-key-rulla_"]'),
            body: el === document.body, isMain: el.matches('[data-testid="stMain"]')};
}"""


def order_problem(before: dict, after: dict) -> str | None:
    """A Tab from ``before`` to ``after`` (both in the main area) that goes against the
    visual order: ``after`` lies wholly above ``before`` and not in a column to its right.
    The maps' own links (a group in the map's order) are left out by the caller.

    >>> order_problem({"x": 80, "y": 500, "bottom": 540}, {"x": 80, "y": 600, "bottom": 640})
    >>> order_problem({"x": 80, "y": 900, "bottom": 940}, {"x": 800, "y": 300, "bottom": 340})
    >>> order_problem({"x": 80, "y": 900, "bottom": 940}, {"x": 80, "y": 300, "bottom": 340})
    'back up from (80, 900) to (80, 300)'
    """
    if after["bottom"] <= before["y"] - 2 and after["x"] <= before["x"] + 2:
        return f"back up from ({before['x']:.0f}, {before['y']:.0f}) to ({after['x']:.0f}, {after['y']:.0f})"
    return None


def walk(page: Page) -> tuple[list[dict], list[str]]:
    """Tab through the page from the top until focus comes back round (or TAB_LIMIT): each
    Tab stop's focus ring and place, and every problem with a ring or with the order."""
    stops: list[dict] = []
    problems: list[str] = []
    previous: dict | None = None
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        where = page.evaluate(_WHERE)
        if where["body"]:
            break
        ring = focus_ring(page)
        stops.append(ring | where)
        label = f"{ring['tag']} {ring['name']!r}"
        if where["isMain"]:
            problems.append("<main> is a Tab stop")
        if (problem := ring_problem(ring)) is not None:
            problems.append(f"{label}: {problem}")
        inside = where["main"] and not where["map"] and not where["sideways"]
        if inside and previous is not None and (bad := order_problem(previous, where)):
            problems.append(f"{label}: {bad}")
        previous = where if inside else previous
        if len(stops) > 1 and stops[0]["name"] == ring["name"] and stops[0]["tag"] == ring["tag"]:
            break  # round again
    return stops, problems


def test_every_tab_stop_of_every_page_shows_a_two_tone_ring_in_visual_order(
    page: Page, app_url: str
) -> None:
    """Every page as a visitor: Tab from the top through the sidebar (the page links, the
    current page among them; none on the respondent's form), the controls and into the maps. Each stop shows a ring of at
    least 2 px with a second colour around it 3:1 apart (one of them 3:1 against what is
    next to it); <main> is no Tab stop; no Tab goes back up within the main area."""
    page.goto(app_url)
    settle(page)
    problems: list[str] = []
    in_main = 0
    for slug, path in PAGES.items():
        go_to(page, app_url, path)
        # From the top: the skip link is the first Tab stop of every page.
        page.evaluate("() => document.querySelector('[data-testid=stSkipToContent]').focus()")
        stops, bad = walk(page)
        problems += [f"{slug}: {line}" for line in bad]
        links = [s for s in stops if s["tag"] == "A" and not s["main"] and s["name"]]
        shown = sum(not page.hidden for page in urls.PAGES)  # the sidebar's page links
        if slug == urls.QUESTIONNAIRE_PAGE:  # a respondent's form: no dashboard navigation
            assert not links, f"{slug}: sidebar links reached on the respondent's form"
        else:
            assert len(links) >= shown, f"{slug}: {len(links)} sidebar links reached"
        in_main += sum(s["main"] for s in stops)
    assert in_main >= 10 * len(PAGES) // 2, f"{in_main} Tab stops in the pages' main areas"
    assert not problems, "\n".join(problems)


def test_the_current_page_link_shows_focus_too(page: Page, app_url: str) -> None:
    """The current page's link (highlighted already) gets the same ring on focus."""
    page.goto(f"{app_url}/karta")
    settle(page)
    current = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')
    assert current.count() == 1
    page.keyboard.press("Tab")  # the skip link first; then to the current page by Tab
    for _ in range(len(PAGES) + 2):
        page.keyboard.press("Tab")
        if current.evaluate("a => a === document.activeElement"):
            break
    ring = focus_ring(page)
    assert ring_problem(ring) is None, ring
    assert ring["ring"] == "rgb(0, 0, 0)", ring
    assert "255, 255, 255" in ring["halo"], ring


def test_only_errors_are_alerts_and_a_bad_link_is_said_politely(page: Page, app_url: str) -> None:
    """The demo notice is no alert; a bad value in a shared link shows a toast that is a
    status (not an alertdialog) and is said in the page's polite live region; a wrong
    password is an alert. "Show password" is Swedish on a Swedish page."""
    page.goto(f"{app_url}/karta?omgang=1999")
    settle(page)
    toast = page.locator('[data-testid="stToast"]').first
    toast.wait_for()
    assert page.locator('[role="alertdialog"]').count() == 0
    assert toast.evaluate("t => t.closest('[role]').getAttribute('role')") == "status"
    page.wait_for_function(
        "() => document.getElementById('a11y-status').textContent.startsWith(\"Värdet '1999'\")"
    )
    live = page.locator("#a11y-status")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    notice = page.locator('[data-testid="stAlertContainer"]').filter(has_text="Exempeldata")
    assert notice.count() >= 1
    assert notice.first.get_attribute("role") == "status"
    assert page.locator('[role="alert"]').count() == 0
    page.goto(f"{app_url}/data")
    settle(page)
    assert page.get_by_role("button", name="Visa lösenord").count() == 1
    page.get_by_label("Förvaltarens lösenord").fill("fel")
    page.get_by_label("Förvaltarens lösenord").press("Enter")
    alert = page.locator('[role="alert"]').filter(has_text="Fel lösenord")
    alert.wait_for()
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    page.get_by_role("button", name="Show password").wait_for()


def _focused_text(page: Page) -> str:
    return page.evaluate("() => document.activeElement.innerText.trim()")


def test_zz_focus_moves_to_the_result_after_login_and_after_publish_by_keyboard(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    """The steward's whole path by keyboard only: Tab to the password, type it, Enter →
    focus on "Inloggad som …", said in the live region. Tab to the uploader's button, Enter
    opens the file chooser; Tab to Publicera, Enter → focus on "Publicerad som omgång …",
    said too. (Named zz: it publishes a round, so it runs last in the module.)"""
    export = microsoft_forms_2025(tmp_path / "Linnékommuner 2025.xlsx")
    page.goto(f"{app_url}/data")
    settle(page)
    tab_to(page, "e => e.type === 'password'")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.dataset.a11yFocus === '1'")
    assert _focused_text(page).startswith("Inloggad som"), _focused_text(page)
    page.wait_for_function(
        "() => document.getElementById('a11y-status').textContent.startsWith('Inloggad som')"
    )
    settle(page)
    with page.expect_file_chooser() as chooser:
        tab_to(page, "e => e.closest('[data-testid=stFileUploaderDropzone]') !== null")
        page.keyboard.press("Enter")
    chooser.value.set_files(str(export))
    page.get_by_role("button", name="Publicera som omgång 2025").wait_for()
    settle(page)
    page.evaluate("() => document.activeElement.blur()")
    tab_to(page, "e => e.innerText.trim().startsWith('Publicera som omgång')", limit=150)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement.dataset.a11yFocus === '1'"
        " && document.activeElement.innerText.includes('Publicerad')"
    )
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "status"
    page.wait_for_function(
        "() => document.getElementById('a11y-status').textContent.startsWith('Publicerad')"
    )
    ring = focus_ring(page)
    assert ring_problem(ring) is None, ring
