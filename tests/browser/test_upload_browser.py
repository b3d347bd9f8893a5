"""The steward's path in a real browser: log in, upload a Microsoft Forms XLSX, publish, see
the round on the map, restart the server and still see it.

Runs ``streamlit run`` with its own store (a temporary SQLite file) and a steward password;
Debian's Chromium, internet blocked. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from benchmarks.harness import (
    MAP_SHAPES,
    ROOT,
    block_internet,
    chromium,
    streamlit_server,
)
from linnedata import demo
from linnedata.places.region import default_region
from linnedata.store import Store
from linnedata.taxonomy import default_taxonomy

pytestmark = pytest.mark.browser
PASSWORD = "förvaltare-2025"
expect.set_options(timeout=60_000)  # a shared 2-core machine: reruns may take seconds


QUESTION_RATING = "Hur angeläget är varje utmaningsområde för din kommun?"


def microsoft_forms_2025(path: Path) -> Path:
    """This year's export as Microsoft Forms writes it: the 2024 demo answers resubmitted in
    2025, with ID/Starttid/Sluttid/E-post/Namn first, question texts as headers, Swedish
    labels, multi-select joined with ";" (trailing ";"), and names and e-mails filled in."""
    survey = demo.load_demo()["2024"]
    taxonomy = default_taxonomy()
    areas = taxonomy.labels("area", "sv")
    forms = taxonomy.labels("form", "sv")
    names = dict(zip(default_region()["kommun_kod"], default_region()["kommun"], strict=True))
    names["0643"] = "0643"  # "Habo" alone is refused by the reader as Habo or Håbo (issue 5)
    ratings = survey.ratings.pivot(index="respondent", columns="area_id", values="betyg")
    chosen = survey.forms.groupby("respondent")["form_id"].agg(list)
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(
        [
            "ID", "Starttid", "Sluttid", "E-post", "Namn", "Vilken kommun representerar du?",
            "Din roll", *(f"{QUESTION_RATING}.{label}" for label in areas.values()),
            "Viktigast", "Näst viktigast", "Tredje viktigast",
            "Vilka former av samverkan skulle ni vilja ha?",
            "Vill ni delta i ett arbetsseminarium?", "Kan kommunen medfinansiera ett projekt?",
            "Beskriv er mest angelägna utmaning",
        ]
    )  # fmt: skip
    for row in survey.responses.itertuples():
        # the survey holds UTC; Microsoft Forms writes Swedish time without a zone
        local = row.inskickad.tz_convert("Europe/Stockholm").tz_localize(None)
        done = local.to_pydatetime().replace(year=2025)
        sheet.append(
            [
                row.respondent, done - timedelta(minutes=7), done,
                f"person{row.respondent}@example.se", f"Person {row.respondent}",
                names[row.kommun_kod], str(row.roll).capitalize(),
                *(None if pd.isna(ratings.at[row.respondent, a]) else int(ratings.at[row.respondent, a]) for a in areas),
                *(areas[p] if isinstance(p, str) else None for p in (row.prio_1, row.prio_2, row.prio_3)),
                "".join(forms[f] + ";" for f in chosen.get(row.respondent, [])) or None,
                str(row.seminarieintresse).capitalize(), str(row.medfinansiering).capitalize(),
                row.utmaning_fritext or None,
            ]
        )  # fmt: skip
    book.save(path)
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
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="sv-SE")
        context.set_default_timeout(60_000)
        page = context.new_page()
        block_internet(page)
        yield page


def settle(page: Page) -> None:
    """Wait until the script run is over: a click during a rerun may be lost."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        '!document.querySelector(\'[data-testid="stStatusWidgetRunningIcon"],'
        '[data-testid="stStatusWidgetRunningManIcon"]\')'
    )
    page.wait_for_timeout(300)


def log_in_after_a_wrong_attempt(page: Page) -> None:
    """Log in with the right password. Right after a wrong one the session's next turn may not
    have come yet: the app then answers "Försök igen om N s" without trying the password, and
    this waits the N seconds the app names before trying again (at most five times)."""
    for _ in range(5):
        page.get_by_label("Förvaltarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        settle(page)
        state = page.wait_for_function(
            "document.querySelector('input[type=file]') ? 'in'"
            " : (document.body.innerText.match(/Försök igen om (\\d+) s/) || [])[1]"
        ).json_value()
        if state == "in":
            return
        page.wait_for_timeout(1000 * int(state) + 200)  # the wait the app itself names
    raise AssertionError("the right password was never tried")


def map_shows_round(page: Page, url: str, label: str) -> None:
    page.goto(f"{url}/karta?omgang={label}")
    page.wait_for_function(f"document.querySelectorAll({MAP_SHAPES!r}).length >= 38")
    assert page.locator(MAP_SHAPES).count() == 38
    expect(page.locator("h2").filter(has_text=f", {label}").first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_log_in_upload_publish_and_the_round_survives_a_restart(
    browser_page: Page, store_url: str, tmp_path: Path
) -> None:
    page = browser_page
    export = microsoft_forms_2025(tmp_path / "Linnékommuner 2025.xlsx")
    with streamlit_server(ROOT / "app.py") as url:
        page.goto(f"{url}/data")
        page.locator("h1").first.wait_for()
        assert page.locator('input[type="file"]').count() == 0  # a visitor cannot upload
        page.get_by_label("Förvaltarens lösenord").fill("fel")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_text("Fel lösenord").first).to_be_visible()
        log_in_after_a_wrong_attempt(page)
        page.locator('input[type="file"]').first.set_input_files(str(export))  # the rounds tab
        expect(page.get_by_text("Microsoft Forms").first).to_be_visible()
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
        page.wait_for_timeout(800)  # the tab's slide-in, for the screenshot
        page.screenshot(path=str(ROOT / "artifacts" / "data_published.png"), full_page=True)
        map_shows_round(page, url, "2025")
        assert page.get_by_text("Exempeldata – fiktiva svar").count() == 0
    assert Store(store_url).labels() == ["2025"]
    stored = Store(store_url).load("2025")
    assert len(stored.responses) == len(demo.load_demo()["2024"].responses)
    assert stored.source_format == "microsoft-forms-xlsx"

    with streamlit_server(ROOT / "app.py") as url:  # a new server process, the same store
        map_shows_round(page, url, "2025")
        page.screenshot(path=str(ROOT / "artifacts" / "karta_2025.png"))
