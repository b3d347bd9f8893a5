"""An address that is no page: Streamlit's own "Page not found" dialog speaks the page's
language (ui.a11y translates Streamlit's texts), and the start page opens behind it.
A missing Chromium is a failure, never a skip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from linnedata import i18n

pytestmark = pytest.mark.browser
expect.set_options(timeout=60_000)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_server(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_not_found_dialog_is_in_the_pages_language(browser, app_url, lang):
    page = browser.new_page(locale="sv-SE")
    try:
        block_internet(page)
        page.goto(f"{app_url}/finns-inte" + ("?lang=en" if lang == "en" else ""))
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("heading")).to_have_text(i18n.t("streamlit_sidan_saknas", lang))
        expect(dialog).to_contain_text(i18n.t("streamlit_sidan_saknas_text", lang))
        if lang == "sv":
            assert "not found" not in dialog.inner_text()
            assert "Running the app" not in dialog.inner_text()
        dialog.get_by_role("button", name=i18n.t("streamlit_stang", lang)).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(i18n.t("oversikt_rubrik", lang))
    finally:
        page.close()
