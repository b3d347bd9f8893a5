"""The import review in a real browser: a column is mapped by hand in the data editor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from benchmarks.harness import block_internet, chromium, streamlit_server

pytestmark = pytest.mark.browser
APP = Path(__file__).resolve().parent / "importer_app.py"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    os.environ["IMPORT_PROFILES"] = str(tmp_path_factory.mktemp("profiles"))
    with streamlit_server(APP) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 1100})
        block_internet(page)
        page.goto(url)
        yield page


def test_mapping_a_column_by_hand_makes_the_file_importable(page: Page) -> None:
    page.get_by_text("Kolumnmappning", exact=True).wait_for(timeout=60_000)
    # No header names the municipality; the reader proposes "Ort" by its content.
    proposal = page.get_by_text("kolumnen 'Ort' ser ut att vara kommunen")
    proposal.wait_for(timeout=30_000)
    grid = page.get_by_test_id("stDataFrameResizable").first
    grid.wait_for()
    page.wait_for_timeout(1500)  # let the grid finish its layout
    box = grid.bounding_box()
    assert box is not None
    # the "Läses som" cell of the first row ("Ort"): the first column is 340 px wide.
    # A grid cell is edited by pixel position; on a loaded machine the first double-click can
    # land before the grid is ready, so the edit is tried up to three times.
    for _attempt in range(3):
        page.mouse.dblclick(box["x"] + 340 + 100, box["y"] + 35 + 17)
        page.wait_for_timeout(1000)  # the cell's selection list opens
        page.keyboard.type("Kommun")
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        page.mouse.click(box["x"] + 10, box["y"] - 80)  # leave the grid: the edit is sent
        try:
            page.get_by_text("imported 2 0780,0880").wait_for(timeout=20_000)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        pytest.fail("the mapping edit in the data editor never reached the app")
    page.get_by_text("Filen kan läsas in: 2 svar från 2 kommuner").wait_for(timeout=30_000)
    assert proposal.count() == 0
