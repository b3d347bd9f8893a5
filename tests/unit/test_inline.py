"""``ui.inline``: what ``st.html`` is given to draw our own markup."""

from __future__ import annotations

import re

import pytest

from tests.pages.inline_markup import unpack
from ui import inline

HOSTILE = '<svg><title>Å & "ö" \\</title></svg></script><script>alert(1)</script><!-- x -->'
LARGE = HOSTILE + "".join(f'<path class="kommun k{n:04d}" d="M{n} 0l1 2Z"/>' for n in range(3000))
"""Longer than ``inline.PACK_ABOVE``: travels deflated."""


@pytest.mark.parametrize("markup", [HOSTILE, LARGE], ids=["small", "large"])
def test_the_markup_travels_whole_and_comes_back_the_same(markup: str) -> None:
    assert unpack(inline.body(markup)) == markup


@pytest.mark.parametrize("markup", [HOSTILE, LARGE], ids=["small", "large"])
def test_nothing_in_the_markup_can_end_the_script_or_be_dropped_by_the_sanitiser(
    markup: str,
) -> None:
    """Streamlit's sanitiser drops a script with "<" before a letter, "/" or "!" in it; the
    markup travels as a JSON string with every "<" escaped, or as base64 (which has none)."""
    made = inline.body(markup)
    inside = made.removeprefix("<script>").removesuffix("</script>")
    assert made != inside
    assert "<" not in inside


def test_a_large_map_travels_deflated_and_several_times_smaller() -> None:
    assert len(LARGE.encode()) > inline.PACK_ABOVE
    assert re.search(r'atob\("[A-Za-z0-9+/=]+"\)', inline.body(LARGE))
    assert len(inline.body(LARGE)) < len(LARGE) / 3


def test_a_small_map_travels_as_it_is_and_is_drawn_without_waiting() -> None:
    assert "atob" not in inline.body(HOSTILE)
    assert "DecompressionStream" not in inline.body(HOSTILE)


def test_each_markup_is_made_once() -> None:
    assert inline.body(LARGE) is inline.body(LARGE)


@pytest.mark.parametrize("source", ["// the <main> element", "if (a</b) c();", "x = '<!--'"])
def test_a_script_streamlit_would_drop_is_refused(source: str) -> None:
    """Streamlit's sanitiser drops a whole script with "<" before a letter (even in a
    comment, as "the <main> element" once did): refused loudly, not lost silently."""
    with pytest.raises(ValueError, match="Streamlit would drop"):
        inline.script(source)


def test_a_script_with_a_plain_less_than_passes() -> None:
    assert inline.script("if (a < 1) b();") == "<script>if (a < 1) b();</script>"
