"""The reader's path in a real browser: log in to the reading room, search the free text,
see the matches marked as plain text — an answer's HTML is shown as text, never rendered.

Runs ``streamlit run`` with its own store and a reader password; Debian's Chromium, internet
blocked. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from linnedata.store import Store
from linnedata.survey import read_survey

pytestmark = pytest.mark.browser
PASSWORD = "läsare-2025"
expect.set_options(timeout=60_000)
SURVEY = (
    "kommun,roll,prio_1,prio_2,prio_3,samverkansformer,medfinansiering,utmaning_fritext\n"
    '0780,annan,bostadsplanering,,,utvärdering,ja,"Det byggs för få <b>bostäder</b> här"\n'
    "0781,annan,integration,,,utvärdering,ja,Skolan behöver stöd\n"
).encode()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('store')}/linnedata.sqlite"
    Store(url).publish(read_survey(SURVEY, round_label="2024"), SURVEY, user="test")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINNEDATA_DB_URL", url)
        env.setenv("LINNEDATA_READER_PASSWORD", PASSWORD)
        yield url


def test_a_reader_searches_and_sees_matches_marked_as_plain_text(store_url: str) -> None:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with chromium() as browser, streamlit_server(ROOT / "app.py") as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000}, locale="sv-SE")
        page.set_default_timeout(60_000)
        block_internet(page)
        page.goto(f"{url}/kommunprofil?kommun=0780")
        page.locator("h1").first.wait_for()
        expect(page.get_by_text("Det byggs för få")).to_have_count(0)  # a visitor: no free text
        page.goto(f"{url}/lasesal")
        page.get_by_label("Läsarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        search = page.get_by_label("Sök (alla ord, i alla böjningsformer)")
        search.fill("bostad")
        search.press("Enter")
        hit = page.get_by_text("Det byggs för få <b>»bostäder«</b> här", exact=True)
        expect(hit).to_be_visible()
        expect(page.get_by_text("1 av 2 fritextsvar")).to_be_visible()
        assert page.locator("[data-testid='stMain'] b").count() == 0  # never rendered as HTML
        expect(page.get_by_text("Skolan behöver stöd")).to_have_count(0)
        page.screenshot(path=str(ROOT / "artifacts" / "lasesal.png"), full_page=True)
