"""The Karta map's smallest legend and tooltip text in CSS pixels, in Chromium, at a phone's
and a desktop's width, for the shipped region and all of Sweden (target: at least 12 px).

    .venv/bin/python -m benchmarks.map_text

For each region a ``streamlit run app.py`` of its own (all of Sweden through a region file,
as ``benchmarks.map_payload`` does); for each width (390 and 1400 CSS px) Chromium opens
/karta offline and measures the rendered height of the legend's texts and of one hover
box's texts (hovering a shape). The last line: ``map-text: smallest N px (target ≥ 12)``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import MAP_SHAPES, ROOT, block_internet, chromium, streamlit_server

WIDTHS = (390, 1400)
TARGET = 12.0
_HEIGHTS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(t => getComputedStyle(t.closest('g')).visibility === 'visible')
    .map(t => t.getBoundingClientRect().height).filter(h => h > 0)"""
_TIP_SHOWN = """[...document.querySelectorAll('.kommunkarta .tip')]
    .some(t => getComputedStyle(t).visibility === 'visible')"""


def _measure(url: str, width: int) -> tuple[float, float]:
    """(smallest legend text px, smallest tooltip text px) on /karta at ``width``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        block_internet(page)
        page.goto(f"{url}/karta", timeout=120_000)
        page.wait_for_selector(MAP_SHAPES, timeout=120_000)
        legend = min(page.evaluate(_HEIGHTS, ".kommunkarta .legend text"))
        shape = page.locator(MAP_SHAPES).nth(3)
        shape.scroll_into_view_if_needed()
        for attempt in range(3):  # a hover was once lost (load 2,9, after a load test): again
            shape.hover(force=True)
            try:
                page.wait_for_function(_TIP_SHOWN, timeout=10_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    message = f"map-text: no tooltip showed on /karta at {width} px"
                    raise SystemExit(message) from None
        tips = page.evaluate(_HEIGHTS.replace("closest('g')", "closest('.tip')"), ".tip text")
        return legend, min(tips)


def main() -> int:
    """Measure both regions at both widths; print a table and the smallest figure."""
    from benchmarks.map_payload import _write_region
    from linnedata.places.region import national_municipalities

    smallest = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        sweden = _write_region(
            Path(folder) / "sverige.csv", national_municipalities()["kommun_kod"].tolist()
        )
        for name, region in (("shipped region", None), ("all of Sweden", sweden)):
            os.environ.pop("LINNEDATA_REGION_FILE", None)
            if region:
                os.environ["LINNEDATA_REGION_FILE"] = str(region)
            with streamlit_server(ROOT / "app.py") as url:
                for width in WIDTHS:
                    legend, tip = _measure(url, width)
                    smallest = min(smallest, legend, tip)
                    print(
                        f"{name:<16} {width:>5} px wide: legend {legend:5.1f} px, tooltip {tip:5.1f} px"
                    )
    print(
        f"map-text: smallest {smallest:.1f} px (target ≥ {TARGET:.0f}); load {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
