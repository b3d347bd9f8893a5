"""The questionnaire in a real Chromium: answers through several links at 1400 and 390 px,
one resumed from a draft in a new page load, one changed; axe on the form; forged, revoked
and expired links. A missing Chromium is a failure, never a skip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.harness import ROOT, block_internet, chromium, streamlit_server
from linnedata import i18n, questionnaire
from linnedata.store import Store
from tests.browser.a11y import (
    axe_violations,
    blocking,
    describe,
    heading_problems,
    headings,
    open_up,
    settle,
)

pytestmark = pytest.mark.browser
PASSWORD = "enkat-forvaltare"
expect.set_options(timeout=30_000)
INVITED = pd.DataFrame(
    {
        "kommun_kod": ["0780", "0765", "0680", "0880"],
        "kommun": ["Växjö", "Älmhult", "Jönköping", "Kalmar"],
    }
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("enkat")
    url = f"sqlite:///{folder}/store.sqlite"
    store = Store(url)
    questionnaire.open_round(store, "2026", municipalities=INVITED, user="test")
    issued = questionnaire.issue_links(store, "2026")
    tokens = {c: _token(u) for c, u in zip(issued["kommun_kod"], issued["url"], strict=True)}
    earlier = questionnaire.today() - timedelta(days=40)
    questionnaire.open_round(store, "2025", municipalities=INVITED, user="test",
                             opens=earlier, closes=earlier + timedelta(days=10))  # fmt: skip
    tokens["expired"] = _token(questionnaire.issue_links(store, "2025", ["0780"]).loc[0, "url"])
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LINNEDATA_DB_URL", url)
        env.setenv("LINNEDATA_ENKAT_MIN_SECONDS", "0")
        env.setenv("LINNEDATA_ADMIN_PASSWORD", PASSWORD)
        with streamlit_server(ROOT / "app.py") as app_url:
            yield app_url, store, tokens


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def new_page(browser: Browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    context.set_default_timeout(60_000)
    page = context.new_page()
    block_internet(page)
    return page


def open_form(page: Page, app_url: str, query: str, kommun: str, lang: str = "sv") -> None:
    page.goto(f"{app_url}/enkat?{query}")
    settle(page)
    title = i18n.t("enkat_rubrik_kommun", lang, kommun=kommun)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def rate(page: Page, area: str, value: int) -> None:
    label = {2: "2 – Lite angeläget", 4: "4 – Ganska angeläget", 5: "5 – Mycket angeläget"}[value]
    group = page.get_by_role("radiogroup", name=area)
    group.get_by_text(label, exact=True).click()
    expect(group.get_by_role("radio", name=label)).to_be_checked()


def choose_role(page: Page, role: str) -> None:
    group = page.get_by_role("radiogroup", name="Din roll")
    group.get_by_text(role, exact=True).click()
    expect(group.get_by_role("radio", name=role)).to_be_checked()


def press(page: Page, name: str, wait_for: str) -> None:
    page.get_by_role("button", name=name).click()
    expect(page.get_by_text(wait_for, exact=False).first).to_be_visible()
    settle(page)


def audit(page: Page) -> list[str]:
    open_up(page)
    found = blocking(axe_violations(page))
    problems = [describe(found)] if found else []
    return problems + [f"headings: {p}" for p in heading_problems(headings(page))]


def sent(store: Store, code: str) -> pd.DataFrame:
    table = store.questionnaire.answers("2026")
    return table[table["kommun_kod"] == code]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("width", [1400, 390])
def test_the_form_has_no_serious_axe_violation(browser, setup, width, lang):
    app_url, _, tokens = setup
    page = new_page(browser, width)
    try:
        query = f"t={tokens['0880']}" + ("&lang=en" if lang == "en" else "")
        open_form(page, app_url, query, "Kalmar", lang)
        if lang == "en":
            expect(page.get_by_role("radiogroup", name="Your role")).to_be_visible()
        bad = audit(page)
        assert not bad, "\n".join(bad)
        width_of = page.evaluate("() => document.documentElement.scrollWidth")
        assert width_of <= width + 1, f"the form scrolls sideways at {width} px"
    finally:
        page.context.close()


def test_answer_then_change_it_at_1400(browser, setup):
    app_url, store, tokens = setup
    page = new_page(browser, 1400)
    try:
        open_form(page, app_url, f"t={tokens['0780']}", "Växjö")
        choose_role(page, "Tjänsteperson")
        rate(page, "Integration", 5)
        page.get_by_role("textbox", name="Beskriv er mest angelägna utmaning").fill(
            "<b>Bostäder</b> och *vägar*"
        )
        press(page, "Skicka svaret", "Tack! Svaret är skickat")
        receipt = page.get_by_test_id("stText").last.inner_text()
        assert "Integration: 5 – Mycket angeläget" in receipt
        assert "<b>Bostäder</b> och *vägar*" in receipt  # plain text, not rendered
        assert sent(store, "0780")["betyg_integration"].tolist() == [5]
        page.wait_for_url("**k=*")
        code = parse_qs(urlsplit(page.url).query)["k"][0]
    finally:
        page.context.close()
    page = new_page(browser, 1400)  # a new page load through the resume link: change it
    try:
        open_form(page, app_url, f"t={tokens['0780']}&k={code}", "Växjö")
        expect(page.get_by_text("Ditt sparade svar är ifyllt")).to_be_visible()
        group = page.get_by_role("radiogroup", name="Integration")
        expect(group.get_by_role("radio", name="5 – Mycket angeläget")).to_be_checked()
        rate(page, "Integration", 2)
        press(page, "Skicka svaret", "Tack! Svaret är skickat")
        assert sent(store, "0780")["betyg_integration"].tolist() == [2]  # changed, not added
    finally:
        page.context.close()


def test_a_draft_on_a_phone_is_resumed_in_a_new_page_load_and_sent(browser, setup):
    app_url, store, tokens = setup
    page = new_page(browser, 390)
    try:
        open_form(page, app_url, f"t={tokens['0765']}", "Älmhult")
        rate(page, "Digitalisering", 4)
        press(page, "Spara utkast", "Utkastet är sparat")
        code = page.get_by_test_id("stCode").first.inner_text().strip()
        assert sent(store, "0765").empty  # a draft is not an answer
    finally:
        page.context.close()
    page = new_page(browser, 390)
    try:
        open_form(page, app_url, f"t={tokens['0765']}", "Älmhult")
        page.get_by_text("Har du sparat ett utkast?").click()
        page.get_by_label("Din kod för att fortsätta").fill(code)
        page.get_by_role("button", name="Hämta utkastet").click()
        expect(page.get_by_text("Ditt sparade svar är ifyllt")).to_be_visible()
        settle(page)
        group = page.get_by_role("radiogroup", name="Digitalisering")
        expect(group.get_by_role("radio", name="4 – Ganska angeläget")).to_be_checked()
        choose_role(page, "Förvaltningschef")
        press(page, "Skicka svaret", "Tack! Svaret är skickat")
        kept = sent(store, "0765")
        assert kept[["roll", "betyg_digitalisering"]].values.tolist() == [["förvaltningschef", 4]]
    finally:
        page.context.close()


SIDEBAR_PARTS = (
    '[data-testid="stSidebar"], [data-testid="stSidebarNav"], [data-testid="stSidebarNavLink"], '
    '[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"], '
    '[data-testid="stTopNavLink"]'
)
"""Every piece of Streamlit's sidebar and navigation a respondent could see or reach."""
SIDEBAR_WATCH = (
    "window.__sidebarSeen = []; new MutationObserver(() => {"
    f" for (const el of document.querySelectorAll('{SIDEBAR_PARTS}'))"
    "  if (!window.__sidebarSeen.includes(el.dataset.testid))"
    "   window.__sidebarSeen.push(el.dataset.testid);"
    "}).observe(document, {subtree: true, childList: true});"
)
"""Notes every part of the sidebar that appears while the page loads, if only for a moment."""


@pytest.mark.parametrize("width", [1400, 390])
def test_a_respondent_sees_no_dashboard_navigation_and_picks_a_language_on_the_form(
    browser, setup, width
):
    app_url, _, tokens = setup
    warm = new_page(browser, width)  # a server's very first page shows pages/ before app.py
    try:  # has run once (Streamlit's legacy mode; make run warms every page before it opens)
        open_form(warm, app_url, f"t={tokens['0880']}", "Kalmar")
    finally:
        warm.context.close()
    page = new_page(browser, width)
    page.add_init_script(SIDEBAR_WATCH)
    try:
        open_form(page, app_url, f"t={tokens['0880']}", "Kalmar")
        assert page.evaluate("() => window.__sidebarSeen") == []  # not even while loading
        assert page.locator(SIDEBAR_PARTS).filter(visible=True).count() == 0
        for other in ("oversikt", "karta", "data", "enkater", "lasesal"):
            assert page.locator(f'a[href$="/{other}"]').count() == 0, other
        page.get_by_test_id("stMain").get_by_text("English", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            i18n.t("enkat_rubrik_kommun", "en", kommun="Kalmar")
        )
        settle(page)
        assert page.locator(SIDEBAR_PARTS).filter(visible=True).count() == 0
        query = parse_qs(urlsplit(page.url).query)
        assert query["lang"] == ["en"]
        assert query["t"] == [tokens["0880"]]  # the link still opens the form
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_the_dashboard_pages_still_have_their_navigation(browser, setup, width):
    app_url, _, _ = setup
    page = new_page(browser, width)
    try:
        page.goto(f"{app_url}/metod")
        settle(page)
        if width < 700:  # a phone: the sidebar starts closed, behind its button
            page.get_by_test_id("stExpandSidebarButton").click()
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        expect(page.get_by_test_id("stSidebar").get_by_text("English", exact=True)).to_be_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("forged", "enkat_lank_okand"),
        ("revoked", "enkat_lank_ersatt"),
        ("expired", "enkat_stangd"),
    ],
)
def test_forged_revoked_and_expired_links_show_a_message_and_no_form(
    browser, setup, which, message
):
    app_url, store, tokens = setup
    if which == "revoked":
        token = tokens["0680"]
        questionnaire.revoke(store, "2026", "0680")
    elif which == "forged":
        token = tokens["0680"][:-4] + "AAAA"
    else:
        token = tokens["expired"]
    page = new_page(browser, 390)
    try:
        page.goto(f"{app_url}/enkat?t={token}")
        expect(page.get_by_text(i18n.t(message))).to_be_visible()
        settle(page)
        main = page.get_by_test_id("stMain")
        # no question: the one group is the language switch above the (absent) form
        expect(main.get_by_role("radiogroup", name=i18n.t("sprak"))).to_have_count(1)
        assert main.get_by_role("radiogroup").count() == 1
        assert main.get_by_role("button", name="Skicka svaret").count() == 0
        body = page.locator("body").inner_text()
        assert not any(name in body for name in INVITED["kommun"])
        assert "Traceback" not in body
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_the_stewards_enkat_page_has_no_serious_axe_violation_in_any_tab(browser, setup, width):
    app_url, _, _ = setup
    page = new_page(browser, width)
    problems = []
    try:
        page.goto(f"{app_url}/enkater")
        page.get_by_label("Förvaltarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.get_by_role("button", name="Logga ut").wait_for()
        settle(page)
        for tab in ("Följ svaren", "Länkar", "Påminn", "Stäng och publicera", "Öppna ny omgång"):
            page.get_by_role("tab", name=tab).click()
            settle(page)
            problems += [f"{tab}: {p}" for p in audit(page)]
        assert not problems, "\n".join(problems)
    finally:
        page.context.close()


def test_the_tracking_panel_follows_the_answers_live(browser, setup):
    app_url, store, tokens = setup
    page = new_page(browser, 1400)
    try:
        page.goto(f"{app_url}/enkater")
        page.get_by_label("Förvaltarens lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.get_by_role("button", name="Logga ut").wait_for()
        settle(page)
        page.get_by_label("Enkätomgång").click()  # the newest opened (2025) is shown first
        page.get_by_role("option", name="2026").click()
        settle(page)
        answered = page.get_by_test_id("stMetric").filter(has_text="Har svarat")
        before = sent_count = len(set(store.questionnaire.answers("2026")["kommun_kod"]))
        expect(answered).to_contain_text(f"{before} av 4")
        raw = {"roll": "annan", "betyg": {"integration": 3}}
        saved = questionnaire.save(
            store, tokens["0880"], raw, resume_code=None, submit=True, shown_at=0.0
        )
        assert saved.stored
        sent_count += 1
        # no reload, no click: the panel reads the store again by itself
        expect(answered).to_contain_text(f"{sent_count} av 4", timeout=60_000)
    finally:
        page.context.close()
