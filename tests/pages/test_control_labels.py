"""Every control on a page has its own visible label (WCAG 2.4.6: a screen reader's list of
form controls must tell them apart). Karta had two called "Visa"."""

from __future__ import annotations

from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import i18n
from tests.pages.test_pages import open_page

WIDGETS = (
    "button_group",
    "checkbox",
    "date_input",
    "multiselect",
    "number_input",
    "radio",
    "selectbox",
    "select_slider",
    "slider",
    "text_area",
    "text_input",
    "toggle",
)


def labels(app: AppTest) -> list[str]:
    """The visible label of every widget on the page (sidebar included)."""
    return [w.label for kind in WIDGETS for w in app.get(kind) if getattr(w, "label", "")]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("view", ["varde", "forandring"])
def test_every_control_on_karta_has_a_label_of_its_own(lang: str, view: str) -> None:
    app = open_page("pages/karta.py", lang=lang, kartvy=view)
    found = labels(app)
    assert i18n.t("karta_vy", lang) in found
    assert i18n.t("niva", lang) in found
    twice = sorted(label for label, n in Counter(found).items() if n > 1)
    assert not twice, f"labels used by more than one control: {twice}"


def test_the_level_and_the_map_view_are_named_for_what_they_choose() -> None:
    assert (i18n.t("niva", "sv"), i18n.t("karta_vy", "sv")) == ("Visa per", "Kartan visar")
    assert (i18n.t("niva", "en"), i18n.t("karta_vy", "en")) == ("Show by", "The map shows")
