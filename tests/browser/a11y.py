"""Helpers for the accessibility browser tests: settle a Streamlit page, open it up, run axe.

axe-core is vendored (``tests/browser/vendor/axe-core/axe.min.js`` with its MPL-2.0 licence),
so CI needs no npm step.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from playwright.sync_api import Browser, Page

from benchmarks.harness import block_internet
from linnedata import urls
from linnedata.graphics import svgmap
from linnedata.graphics.charts import contrast_ratio

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
PAGES = {page.slug: "" if page.default else page.slug for page in urls.PAGES}
"""Every page of the app (``linnedata.urls.PAGES``, which app.py's navigation is built from):
its slug → URL path (``""`` for the default page). A page added there is audited."""

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


_CLOSED = ('[data-testid="stExpander"] details:not([open])', "details.visa-tabell:not([open])")


def open_up(page: Page) -> None:
    """Open every expander and "Visa som tabell" box (ui/as_table.py), scroll the whole page
    through the viewport once, and settle."""
    summaries = ", ".join(f"{closed} > summary" for closed in _CLOSED)
    page.evaluate(f"""() => document.querySelectorAll('{summaries}').forEach(s => s.click())""")
    page.wait_for_function(f"""() => !document.querySelector('{", ".join(_CLOSED)}')""")
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


_FOCUS_RING = """() => {
    // Where the focused element shows its focus: itself or, for a control whose focused
    // element is hidden (a select's input, a check box), the nearest ancestor with a ring.
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const place = {tag: el.tagName, name: (el.getAttribute('aria-label') || el.innerText || '')
                   .trim().slice(0, 40), x: box.left, y: box.top, bottom: box.bottom,
                   inMain: !!el.closest('[data-testid="stMain"]'),
                   inMap: !!el.closest('svg')};
    const background = (node) => {
        for (; node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            if (colour && colour !== 'transparent' && !colour.endsWith(', 0)')) return colour;
        }
        return 'rgb(255, 255, 255)';
    };
    if (place.inMap) {
        const style = getComputedStyle(el.querySelector('path') || el);
        return {...place, ring: style.stroke, width: parseFloat(style.strokeWidth),
                halo: style.filter, behind: background(el.closest('svg').parentElement)};
    }
    const near = [];
    for (let node = el, up = 0; node && up < 6; up++, node = node.parentElement) near.push(node);
    near.push(...(el.closest('label')?.querySelectorAll('*') || []));
    for (const node of near) {
        const style = getComputedStyle(node);
        if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            return {...place, ring: style.outlineColor, width: parseFloat(style.outlineWidth),
                    halo: style.boxShadow, behind: background(node.parentElement),
                    shown_on: node.tagName};
    }
    return {...place, ring: null};
}"""


def focus_ring(page: Page) -> dict:
    """The focused element, where it is, and the focus indicator it shows: ``ring`` (the
    outline's or, on a map, the stroke's colour; None when there is none), ``width`` (px),
    ``halo`` (the box-shadow or filter around it) and ``behind`` (the colour next to it)."""
    return page.evaluate(_FOCUS_RING)


_COLOUR = re.compile(r"rgba?\([^)]*\)")


def ring_problem(ring: dict) -> str | None:
    """What is wrong with one Tab stop's focus indicator, or None: it must be at least 2 px,
    have a second colour around it (two tones, at least 3:1 apart), and one of the two must
    reach 3:1 against the colour next to it (WCAG 2.4.7, 1.4.11)."""
    if ring["ring"] is None:
        return "no focus indicator"
    if ring["width"] < 2:
        return f"a {ring['width']} px indicator"
    opaque = [c for c in _COLOUR.findall(ring["halo"] or "") if not c.endswith(", 0)")]
    if not opaque:
        return f"one tone only ({ring['ring']}, no halo)"
    halo = max(opaque, key=lambda c: contrast_ratio(_rgb(c), _rgb(ring["ring"])))
    if contrast_ratio(_rgb(halo), _rgb(ring["ring"])) < 3:
        return f"ring {ring['ring']} and halo {halo} are less than 3:1 apart"
    behind = _rgb(ring["behind"])
    if max(contrast_ratio(_rgb(ring["ring"]), behind), contrast_ratio(_rgb(halo), behind)) < 3:
        return f"neither {ring['ring']} nor {halo} reaches 3:1 on {ring['behind']}"
    return None


def _rgb(colour: str) -> str:
    """``rgb(…)``/``rgba(…)`` as ``#rrggbb`` (alpha ignored: the rings are opaque)."""
    parts = [round(float(p)) for p in re.findall(r"[\d.]+", colour)[:3]]
    return "#" + "".join(f"{p:02x}" for p in parts)


def tab_to(page: Page, test: str, limit: int = 90) -> int:
    """Press Tab until ``test`` (a JavaScript predicate of the focused element) holds; the
    number of presses. Fails after ``limit`` presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            return presses
    raise AssertionError(f"{limit} Tab presses never reached {test}")


def width_problems(page: Page) -> list[str]:
    """The page, as a line, when it is wider than the screen (it scrolls sideways)."""
    width = page.viewport_size["width"]
    wide = page.evaluate("document.documentElement.scrollWidth")
    return [f"the page is {wide} px wide on a {width} px screen"] if wide > width else []


_MAP_TEXT = """(smallest) => {
    // Our maps' own SVG (not plotly's): text cut off at the drawing's edge, and legend or
    // tooltip text drawn under `smallest` CSS px (the drawing scales with the screen).
    const found = [];
    for (const svg of document.querySelectorAll('[data-testid="stMain"] svg:not(.main-svg)')) {
        const box = svg.getBoundingClientRect(), scale = svg.getScreenCTM()?.a || 1;
        if (!box.width) continue;
        for (const text of svg.querySelectorAll('text')) {
            const label = (text.textContent || '').slice(0, 30), drawn = text.getBoundingClientRect();
            if (text.getClientRects().length && drawn.width
                    && (drawn.left < box.left - 1 || drawn.right > box.right + 1))
                found.push(`"${label}" runs past the map's edge (${Math.round(drawn.left)}–`
                           + `${Math.round(drawn.right)} px, the map ${Math.round(box.left)}–${Math.round(box.right)})`);
            const px = parseFloat(getComputedStyle(text).fontSize) * scale;
            if (text.closest('.legend, .tip') && px < smallest - 0.05)
                found.push(`"${label}" is ${px.toFixed(1)} px`);
        }
    }
    return found;
}"""


def map_text_problems(page: Page) -> list[str]:
    """Our maps' text cut off at the drawing's edge, or legend and tooltip text under 12 CSS
    px (issue 23), as lines."""
    return page.evaluate(_MAP_TEXT, svgmap.MIN_TEXT_PX)


def walk_pages(browser: Browser, app_url: str, width: int, *, axe: bool = False) -> list[str]:
    """Every page of the app (:data:`PAGES`, a visitor, Swedish) at ``width`` CSS px, each
    opened up: its map text problems (:func:`map_text_problems`), a page wider than the
    screen and, with ``axe``, serious or critical axe violations, as lines."""
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
            found += width_problems(page)
            if axe and (serious := blocking(axe_violations(page))):
                found.append(describe(serious))
            problems += [f"{slug}: {line}" for line in found]
    finally:
        context.close()
    return problems
