"""The accessibility statement says only what the tests show: every claim under "Det här
fungerar" (``ui.a11y.STATEMENT_WORKS``) names the tests behind it, and every one of those
tests exists. A claim added without a test, or a test renamed under a claim, fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linnedata import i18n
from ui import a11y

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "tests/browser/"

CLAIMS: dict[str, tuple[str, ...]] = {
    "a11y_ok_sprak": (
        f"{BROWSER}test_a11y_browser.py::test_html_lang_and_title_follow_the_language_and_the_page",
        f"{BROWSER}test_a11y_browser.py::test_every_page_has_no_serious_axe_violation_on_a_desktop_and_a_phone",
    ),
    "a11y_ok_granskning": (
        f"{BROWSER}test_a11y_browser.py::test_every_page_has_no_serious_axe_violation_on_a_desktop_and_a_phone",
        f"{BROWSER}test_a11y_browser.py::test_every_page_of_the_app_is_audited",
    ),
    "a11y_ok_fokus": (
        f"{BROWSER}test_focus_browser.py::test_every_tab_stop_of_every_page_shows_a_two_tone_ring_in_visual_order",
        f"{BROWSER}test_focus_browser.py::test_the_current_page_link_shows_focus_too",
    ),
    "a11y_ok_tangentbord": (
        f"{BROWSER}test_keyboard_walks.py::test_a_select_box_by_keyboard",
        f"{BROWSER}test_keyboard_walks.py::test_a_multi_select_by_keyboard",
        f"{BROWSER}test_keyboard_walks.py::test_a_segmented_control_by_keyboard",
        f"{BROWSER}test_keyboard_walks.py::test_the_language_switch_by_keyboard",
        f"{BROWSER}test_keyboard_walks.py::test_the_seminar_plan_s_settings_by_keyboard",
        f"{BROWSER}test_keyboard_walks.py::test_the_pdf_report_downloads_by_keyboard",
        f"{BROWSER}test_focus_browser.py::test_zz_focus_moves_to_the_result_after_login_and_after_publish_by_keyboard",
    ),
    "a11y_ok_fokus_efter": (
        f"{BROWSER}test_focus_browser.py::test_zz_focus_moves_to_the_result_after_login_and_after_publish_by_keyboard",
    ),
    "a11y_ok_status": (
        f"{BROWSER}test_focus_browser.py::test_only_errors_are_alerts_and_a_bad_link_is_said_politely",
        f"{BROWSER}test_focus_browser.py::test_zz_focus_moves_to_the_result_after_login_and_after_publish_by_keyboard",
    ),
    "a11y_ok_kartor": (
        f"{BROWSER}test_a11y_browser.py::test_keyboard_reaches_a_municipality_on_the_map_and_opens_its_profile",
        f"{BROWSER}test_a11y_browser.py::test_the_skip_link_jumps_past_the_map",
        f"{BROWSER}test_a11y_browser.py::test_the_map_can_print_its_values",
        "tests/unit/test_svgmap.py::test_the_map_is_a_group_of_links_with_a_skip_link_before_it",
        "tests/unit/test_svgmap.py::test_tooltips_show_on_focus_and_hover_and_sit_beside_their_shape",
        f"{BROWSER}test_a11y_browser.py::test_every_maps_text_is_legible_and_inside_it_at_middle_widths",
        f"{BROWSER}test_all_sweden_browser.py::test_every_page_with_all_of_sweden_is_legible",
        "tests/unit/test_svgmap.py::test_a_long_tooltip_line_wraps_inside_the_drawing",
        "tests/unit/test_smaller_things.py::test_every_legend_text_stays_inside_the_drawing",
    ),
    "a11y_ok_tabeller": (
        f"{BROWSER}test_a11y_browser.py::test_every_map_with_values_and_every_chart_has_its_table",
    ),
    "a11y_ok_mobil": (
        f"{BROWSER}test_a11y_browser.py::test_every_page_has_no_serious_axe_violation_on_a_desktop_and_a_phone",
        f"{BROWSER}test_a11y_browser.py::test_nothing_is_cut_off_or_scrolls_sideways_at_200_percent_zoom",
        f"{BROWSER}test_a11y_browser.py::test_the_compare_heatmap_scrolls_in_its_own_box_on_a_phone",
        f"{BROWSER}test_keyboard_walks.py::test_a_table_that_scrolls_on_a_phone_by_keyboard",
    ),
    "a11y_ok_kontrast": (
        "tests/unit/test_contrast.py::test_every_heatmap_cell_text_reaches_aa",
        "tests/unit/test_contrast.py::test_theme_and_chart_text_reach_aa_on_white_and_the_sidebar",
        "tests/unit/test_svgmap.py::test_municipality_without_value_is_grey_and_hatched_not_coloured",
        "ui/a11y.py::ui.a11y.delta_in_words",
    ),
    "a11y_ok_pdf": (
        "tests/unit/test_reports_tagged.py::test_every_drawn_text_is_tagged_content_or_an_artifact",
        "tests/unit/test_reports_tagged.py::test_the_structure_has_headings_in_reading_order_paragraphs_lists_and_tables",
        "tests/unit/test_reports_tagged.py::test_every_table_has_column_and_row_headers_and_data_cells",
        "tests/unit/test_reports_tagged.py::test_the_map_is_a_figure_with_alt_text_and_its_values_are_a_table",
        "tests/unit/test_reports_tagged.py::test_language_title_marked_and_pdf_ua_identification",
    ),
}
"""Each claim's text key → the tests that show it (pytest ids; a doctest as path::module.name)."""


def test_every_claim_shown_has_tests_and_every_claim_text_is_shown() -> None:
    texts = i18n.load_texts()
    assert list(CLAIMS) == list(a11y.STATEMENT_WORKS)
    written = [key for key in texts if key.startswith("a11y_ok_")]
    assert sorted(written) == sorted(a11y.STATEMENT_WORKS), "a claim text not on the page"
    assert all(key in texts for key in a11y.STATEMENT_GAPS)


def _exists(test_id: str) -> bool:
    path, name = test_id.split("::")
    source = ROOT / path
    if not source.exists():
        return False
    if "." in name:  # a doctest: module.function, with an example in its docstring
        function = name.rsplit(".", 1)[1]
        text = source.read_text(encoding="utf-8")
        return bool(re.search(rf"def {function}\(.*?>>> ", text, re.DOTALL))
    return (
        re.search(rf"^def {re.escape(name)}\(", source.read_text(encoding="utf-8"), re.M)
        is not None
    )


@pytest.mark.parametrize(
    "test_id", sorted({test_id for tests in CLAIMS.values() for test_id in tests})
)
def test_every_test_behind_a_claim_exists(test_id: str) -> None:
    assert _exists(test_id), f"{test_id} is named behind a claim of the statement but missing"


def test_the_page_shows_the_claims_and_the_shortcomings() -> None:
    shown = a11y.bullets(a11y.STATEMENT_WORKS, "sv").splitlines()
    assert len(shown) == len(a11y.STATEMENT_WORKS)
    assert shown[0] == f"- {i18n.t('a11y_ok_sprak', 'sv')}"
    gaps = a11y.bullets(a11y.STATEMENT_GAPS, "en")
    assert "veraPDF" in gaps
    assert "390" in i18n.t("a11y_status", "sv")
