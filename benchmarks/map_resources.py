"""Which front-end code a page makes Chromium load, against a blank Streamlit page.

Run from the repository root::

    .venv/bin/python -m benchmarks.map_resources [--path /karta] [--path /oversikt]

For each path (and the blank one-title app) one load in a new browser context (empty
cache), offline, until a map's shapes (or the blank page's title) show and the app
has finished its run; then the JavaScript files from Chromium's resource list
(``performance.getEntriesByType("resource")``). Prints the files each page loads that the
blank page does not, with their sizes (as Streamlit sends them, uncompressed), and on its
last line, per page, whether the Markdown-with-raw-HTML (``rehype-raw``), DOMPurify
(``purify``, ``Html``), Arrow or Components v2 chunks were among them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server

BLANK_APP = Path(__file__).resolve().parent / "blank_app.py"
TIMEOUT_MS = 60_000
ANY_MAP = "svg path.kommun"
"""A municipality's shape on any of the maps (each map has its own class)."""
WATCHED = {
    "Markdown with raw HTML": ("rehype-raw",),
    "DOMPurify (st.html)": ("purify", "Html."),
    "Arrow": ("recordbatch", "arrowFormatUtils", "Quiver"),
    "Components v2": ("BidiComponent",),
}
"""Front-end code issue 23 asks the map to do without, by what it is for."""

_SCRIPTS = """() => performance.getEntriesByType("resource")
  .filter((e) => e.name.endsWith(".js"))
  .map((e) => [e.name.split("/").pop(), e.decodedBodySize])"""


def scripts(browser, url: str, wait_for: str) -> dict[str, int]:
    """The JavaScript files (name → bytes) one fresh load of ``url`` fetched."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    try:
        page = context.new_page()
        block_internet(page)
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_function(
            f"document.querySelectorAll({wait_for!r}).length > 0", timeout=TIMEOUT_MS
        )
        page.wait_for_function(
            "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"
            " === 'notRunning'",
            timeout=TIMEOUT_MS,
        )
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        return dict(page.evaluate(_SCRIPTS))
    finally:
        context.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Load each path and the blank page; print what each loads beyond the blank page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", action="append", help="a page of the app (default /karta)")
    args = parser.parse_args(argv)
    paths = args.path or ["/karta"]
    summary: list[str] = []
    with (
        streamlit_server(ROOT / "app.py") as app_url,
        streamlit_server(BLANK_APP) as blank_url,
        chromium() as browser,
    ):
        blank = scripts(browser, blank_url, "h1")
        print(f"blank: {len(blank)} files, {sum(blank.values()) / 1024:.0f} KB")
        for path in paths:
            loaded = scripts(browser, f"{app_url}{path}", ANY_MAP)
            extra = {name: size for name, size in loaded.items() if name not in blank}
            print(
                f"{path}: {len(loaded)} files, {sum(loaded.values()) / 1024:.0f} KB; "
                f"beyond the blank page {len(extra)} files, {sum(extra.values()) / 1024:.0f} KB"
            )
            for name, size in sorted(extra.items(), key=lambda item: -item[1]):
                print(f"   {size / 1024:8.1f} KB  {name}")
            found = {
                what: sorted(name for name in loaded if any(p in name for p in parts))
                for what, parts in WATCHED.items()
            }
            summary.append(
                f"{path}: "
                + "; ".join(f"{what} {'yes' if names else 'no'}" for what, names in found.items())
            )
    print("map-resources: " + " | ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
