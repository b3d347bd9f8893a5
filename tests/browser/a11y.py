"""Helpers for the accessibility browser tests: settle a Streamlit page, open it up, run axe.

axe-core is vendored (``tests/browser/vendor/axe-core/axe.min.js`` with its MPL-2.0 licence),
so CI needs no npm step.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
PAGES = {
    "oversikt": "",
    "karta": "karta",
    "kommunprofil": "kommunprofil",
    "jamfor": "jamfor",
    "trender": "trender",
    "seminarier": "seminarier",
    "kompetens": "kompetens",
    "lasesal": "lasesal",
    "metod": "metod",
    "data": "data",
    "enkater": "enkater",
    "tillganglighet": "tillganglighet",
    "enkat": "enkat",
}
"""Every page of app.py (slug → URL path); tests/browser/test_a11y_browser.py checks the list
against app.py's ``st.Page``s, so a new page cannot be left out of the audit."""

QUIET_MS = 200
"""The page counts as drawn when nothing in it changed for this long (and the conditions below)."""

_DRAWN = """(quiet) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!app || app.dataset.testScriptState !== 'notRunning' || !main?.querySelector('h1'))
        return false;
    if (!window.__a11yQuiet) {
        window.__a11yQuiet = {at: performance.now()};
        new MutationObserver(() => { window.__a11yQuiet.at = performance.now(); })
            .observe(document.body, {subtree: true, childList: true, characterData: true,
                                     attributes: true, attributeFilter: ['data-stale', 'open']});
        return false;
    }
    if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"], '
                               + '[data-testid="stSkeleton"], [data-stale="true"]')) return false;
    for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (chart.getClientRects().length && !chart.querySelector('.main-svg')) return false;
    return performance.now() - window.__a11yQuiet.at >= quiet;
}"""


def settle(page: Page) -> None:
    """Wait until the script has run and drawn its page: Streamlit says the script is not
    running (``stApp[data-test-script-state]``), there is a heading, no stale or skeleton
    element, every visible plotly chart is drawn, and nothing changed for :data:`QUIET_MS`."""
    page.wait_for_function(_DRAWN, arg=QUIET_MS, timeout=60_000, polling=50)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def open_up(page: Page) -> None:
    """Open every expander, scroll the whole page through the viewport once, and settle."""
    page.evaluate(
        """() => document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary')
            .forEach(s => s.click())"""
    )
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stExpander"] details:not([open])')"""
    )
    page.evaluate(
        """async () => {
            const boxes = [document.scrollingElement,
                           document.querySelector('[data-testid="stMain"]')].filter(Boolean);
            for (const box of boxes) {
                for (let y = 0; y < box.scrollHeight && y < 40000; y += window.innerHeight) {
                    box.scrollTo(0, y);
                    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                }
                box.scrollTo(0, 0);
            }
        }"""
    )
    settle(page)


_HEADINGS = """() => Array.from(document.querySelectorAll(
        '[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)'))
    .filter(h => h.getClientRects().length > 0)
    .map(h => [Number(h.tagName[1]), h.innerText.trim().slice(0, 80)])"""


def headings(page: Page) -> list[tuple[int, str]]:
    """The visible headings of the page's main area, in document order: (level, text)."""
    return [(level, text) for level, text in page.evaluate(_HEADINGS)]


def heading_problems(outline: list[tuple[int, str]]) -> list[str]:
    """What is wrong with a page's heading outline: it must start with its one h1 and never
    skip a level on the way down (h1 → h2 → h3; going back up is fine).

    >>> heading_problems([(1, "Karta"), (2, "Bostäder"), (3, "Tabell"), (2, "Källor")])
    []
    >>> heading_problems([(1, "Karta"), (3, "Bostäder")])
    ['h3 "Bostäder" follows h1 "Karta" (skips a level)']
    """
    if not outline:
        return ["no heading at all"]
    problems = []
    if outline[0][0] != 1:
        problems.append(f'the first heading is h{outline[0][0]} "{outline[0][1]}", not the h1')
    if (ones := sum(level == 1 for level, _ in outline)) != 1:
        problems.append(f"{ones} h1 headings (one per page)")
    for (before, before_text), (level, text) in itertools.pairwise(outline):
        if level > before + 1:
            problems.append(f'h{level} "{text}" follows h{before} "{before_text}" (skips a level)')
    return problems


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A + AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          html: n.html.slice(0, 200),
                                          summary: (n.failureSummary || '').slice(0, 300)}))}));
        }""",
        WCAG_AA,
    )


def blocking(violations: list[dict]) -> list[dict]:
    """The serious and critical ones."""
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per violation and up to three of its elements, for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}")
        lines.extend(f"    {n['target']}: {n['html'][:120]}" for n in v["nodes"][:3])
    return "\n".join(lines)
