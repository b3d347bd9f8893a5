"""A reader's project in a real browser: log in, turn a proposal into a project on
Kompetens and move it through its statuses; a visitor sees no project titles.

Runs ``streamlit run`` with its own store and a reader password; Debian's Chromium, internet
blocked. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from linnedata.store import Store
from linnedata.survey import read_survey
from tests.browser.a11y import settle

pytestmark = pytest.mark.browser
PASSWORD = "läsare-2025"
expect.set_options(timeout=60_000)
SURVEY = (
    b"kommun,roll,prio_1,prio_2,prio_3,samverkansformer,medfinansiering,utmaning_fritext\n"
    b"0780,annan,integration,,,workshop,ja,\n"
    b"0781,annan,integration,,,workshop,ja,\n"
    b"0764,annan,integration,,,workshop;analys,ja,\n"
)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('store')}/linnedata.sqlite"
    Store(url).publish(read_survey(SURVEY, round_label="2024"), SURVEY, user="test")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINNEDATA_DB_URL", url)
        env.setenv("LINNEDATA_READER_PASSWORD", PASSWORD)
        yield url


def move_to(page: Page, status: str) -> None:
    settle(page)  # the run after the last save has drawn the form
    form = page.locator("[data-testid='stForm']").filter(has_text="Spara ändringen")
    combobox = form.get_by_role("combobox", name="Status")
    option = page.get_by_role("option", name=status, exact=True)
    for attempt in range(4):
        # The page script may still move focus to the last result message, which closes an
        # open list (once in a full browser run the list closed under the click): open the
        # list and choose again until the choice is made.
        combobox.focus()
        page.keyboard.press("ArrowDown")  # opens the list (a first mouse click may only focus)
        try:
            option.click(timeout=10_000)
            expect(combobox).to_have_value(status, timeout=5_000)
            break
        except (PlaywrightTimeoutError, AssertionError):
            if attempt == 3:
                raise
    expect(combobox).to_have_value(status)
    form.get_by_role("button", name="Spara ändringen").click()
    expect(
        page.get_by_test_id("stAlertContentSuccess").get_by_text("Projekt 1 är uppdaterat.")
    ).to_be_visible()
    # the same message stood there after the step before: wait for this step's history
    expect(page.get_by_text("Statushistorik:")).to_contain_text(f"→ {status}")


def test_a_reader_creates_a_project_and_moves_it_through_statuses(store_url: str) -> None:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with chromium() as browser, streamlit_server(ROOT / "app.py") as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000}, locale="sv-SE")
        page.set_default_timeout(60_000)
        block_internet(page)
        page.goto(f"{url}/lasesal")
        page.get_by_label("Läsarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_label("Sök (alla ord, i alla böjningsformer)")).to_be_visible()
        # the sidebar's link keeps the session (a new address would start a new one)
        page.get_by_role("link", name="Kompetens").click()
        create = page.get_by_role("button", name="Skapa projekt av förslaget")
        create.click()
        expect(
            page.get_by_test_id("stAlertContentSuccess").get_by_text("Projekt 1 är sparat.")
        ).to_be_visible()
        for status in ("Kontakt", "Möte", "Ansökan", "Beviljad"):
            move_to(page, status)
        history = page.get_by_text("Statushistorik:")
        expect(history).to_contain_text("Ansökan → Beviljad")
        expect(history).to_contain_text("Idé → Kontakt")
        page.screenshot(path=str(ROOT / "artifacts" / "projekt.png"), full_page=True)
    kept = Store(store_url).projects()
    assert [h["status_to"] for h in kept[0]["history"]] == [
        "idé", "kontakt", "möte", "ansökan", "beviljad",
    ]  # fmt: skip
    assert kept[0]["municipalities"] == ("0764", "0780", "0781")


def test_a_visitor_sees_no_project_titles(store_url: str) -> None:
    with chromium() as browser, streamlit_server(ROOT / "app.py") as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000}, locale="sv-SE")
        block_internet(page)
        page.goto(f"{url}/kompetens")
        expect(page.get_by_role("heading", name="Projekt med universitetet")).to_be_visible()
        expect(page.get_by_text("Integration: ")).to_have_count(0)
        expect(page.get_by_role("button", name="Skapa projekt av förslaget")).to_have_count(0)
