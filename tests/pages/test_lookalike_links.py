"""A look-alike value in a link (full-width digits) is the value it looks like."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from linnedata.text import normalize


def test_full_width_digits_are_the_code_they_look_like() -> None:
    assert normalize("０７８０") == "0780"


def test_a_full_width_municipality_code_in_the_link_opens_that_profile() -> None:
    at = AppTest.from_file("../../app.py", default_timeout=60)
    at.query_params["kommun"] = "０７８０"
    at.switch_page("pages/kommunprofil.py")
    at.run()
    assert not at.exception
    assert at.query_params["kommun"] == "0780"
    assert not [t.value for t in at.toast]
