"""The steward's path in a real browser: log in, upload, publish, see the round on the map,
restart the server and still see it.

Runs ``streamlit run`` with its own store (a temporary SQLite file) and a steward password;
Debian's Chromium, internet blocked. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from benchmarks.harness import (
    CHROMIUM_FLAGS,
    MAP_SHAPES,
    ROOT,
    block_internet,
    require_chromium,
    streamlit_server,
)
from linnedata.store import Store

pytestmark = pytest.mark.browser
PASSWORD = "förvaltare-2025"
expect.set_options(timeout=60_000)  # a shared 2-core machine: reruns may take seconds


def round_2025(path: Path) -> Path:
    """A new round's export: the 2024 demo answers, resubmitted in 2025 (a distinct file),
    from a tool that calls the municipality column "Vilken kommun?"."""
    text = (ROOT / "data" / "demo" / "enkat_2024.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows[0][rows[0].index("kommun")] = "Vilken kommun?"
    submitted = rows[0].index("inskickad")
    for row in rows[1:]:
        row[submitted] = row[submitted].replace("2024", "2025")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('store')}/linnedata.sqlite"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINNEDATA_DB_URL", url)
        env.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
        yield url


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    executable = require_chromium()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="sv-SE")
            context.set_default_timeout(60_000)
            page = context.new_page()
            block_internet(page)
            yield page
        finally:
            browser.close()


def settle(page: Page) -> None:
    """Wait until the script run is over: a click during a rerun may be lost."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        '!document.querySelector(\'[data-testid="stStatusWidgetRunningIcon"],'
        '[data-testid="stStatusWidgetRunningManIcon"]\')'
    )
    page.wait_for_timeout(300)


def choose_in_grid(page: Page, *, row: int, value: str, until: str) -> None:
    """Pick ``value`` in the mapping editor's "read as" column, ``row`` counted from 1,
    until the text ``until`` shows (the grid paints on a canvas: retried if a rerun ate it)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    for _ in range(4):
        settle(page)
        page.wait_for_timeout(1000)  # the canvas is painted after the element is attached
        box = grid.bounding_box()
        assert box is not None
        row_height = 35  # Streamlit's data grid: header and rows 35 px high
        page.mouse.dblclick(box["x"] + box["width"] * 0.75, box["y"] + row_height * row + 17)
        page.wait_for_timeout(300)
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        try:
            page.get_by_text(until).first.wait_for(timeout=15_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {value!r} in row {row} of the mapping editor")


def map_shows_round(page: Page, url: str, label: str) -> None:
    page.goto(f"{url}/karta?omgang={label}")
    page.wait_for_function(f"document.querySelectorAll({MAP_SHAPES!r}).length >= 38")
    assert page.locator(MAP_SHAPES).count() == 38
    expect(page.locator("h3").filter(has_text=f", {label}").first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_log_in_upload_publish_and_the_round_survives_a_restart(
    browser_page: Page, store_url: str, tmp_path: Path
) -> None:
    page = browser_page
    export = round_2025(tmp_path / "enkat_2025.csv")
    with streamlit_server(ROOT / "app.py") as url:
        page.goto(f"{url}/data")
        page.locator("h1").first.wait_for()
        assert page.locator('input[type="file"]').count() == 0  # a visitor cannot upload
        page.get_by_label("Förvaltarens lösenord").fill("fel")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_text("Fel lösenord").first).to_be_visible()
        page.get_by_label("Förvaltarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.locator('input[type="file"]').set_input_files(str(export))
        # The municipality column is not recognised: the report says so, the mapping editor
        # is open, and the steward maps "Vilken kommun?" to kommun (first row of the grid).
        expect(page.get_by_text("Kolumnen 'kommun' saknas").first).to_be_visible()
        choose_in_grid(page, row=1, value="kommun", until="Publicera som omgång 2025")
        name = page.get_by_label("Spara mappningen som profil")
        name.fill("Vår enkät 2025")
        name.press("Enter")
        settle(page)
        page.get_by_role("button", name="Spara profil").click()
        expect(page.get_by_text("Profilen 'Vår enkät 2025' är sparad").first).to_be_visible()
        publish = page.get_by_role("button", name="Publicera som omgång 2025")
        publish.wait_for()
        expect(page.get_by_text("Förhandsvisning").first).to_be_visible()
        page.screenshot(path=str(ROOT / "artifacts" / "data_upload.png"), full_page=True)
        settle(page)
        publish.click()
        try:
            expect(page.get_by_text("Publicerad som omgång 2025").first).to_be_visible()
        except AssertionError:
            page.screenshot(
                path=str(ROOT / "artifacts" / "data_publish_failed.png"), full_page=True
            )
            raise
        settle(page)
        page.get_by_role("tab", name="Importlogg").click()
        expect(page.get_by_role("tab", name="Importlogg")).to_have_attribute(
            "aria-selected", "true"
        )
        page.screenshot(path=str(ROOT / "artifacts" / "data_published.png"), full_page=True)
        map_shows_round(page, url, "2025")
        assert page.get_by_text("Exempeldata – fiktiva svar").count() == 0
    assert Store(store_url).labels() == ["2025"]
    assert [p.name for p in Store(store_url).list_profiles()] == ["Vår enkät 2025"]

    with streamlit_server(ROOT / "app.py") as url:  # a new server process, the same store
        map_shows_round(page, url, "2025")
        page.screenshot(path=str(ROOT / "artifacts" / "karta_2025.png"))
