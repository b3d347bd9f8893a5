"""Helpers for the accessibility browser tests: settle a Streamlit page, open it up, run axe.

axe-core is vendored (``tests/browser/vendor/axe-core/axe.min.js`` with its MPL-2.0 licence),
so CI needs no npm step.
"""

from __future__ import annotations

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
    "seminarier": "seminarier",
    "data": "data",
    "tillganglighet": "tillganglighet",
}
_IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
    && !document.querySelector('[data-testid="stSkeleton"]')"""


def settle(page: Page) -> None:
    """Wait until the script has run and drawn its page (a heading and no running widget)."""
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_timeout(300)
    page.wait_for_function(_IDLE, timeout=60_000)
    page.wait_for_timeout(300)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def open_up(page: Page) -> None:
    """Open every expander and scroll the whole page through the viewport once."""
    page.evaluate(
        """() => document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary')
            .forEach(s => s.click())"""
    )
    page.evaluate(
        """async () => {
            const boxes = [document.scrollingElement,
                           document.querySelector('[data-testid="stMain"]')].filter(Boolean);
            for (const box of boxes) {
                for (let y = 0; y < box.scrollHeight && y < 40000; y += window.innerHeight) {
                    box.scrollTo(0, y);
                    await new Promise(r => setTimeout(r, 30));
                }
                box.scrollTo(0, 0);
            }
        }"""
    )
    page.wait_for_timeout(200)


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
