"""``ui.inline``: what ``st.html`` is given to draw our own markup."""

from __future__ import annotations

import re

import pytest

from tests.pages.inline_markup import unpack
from ui import inline

HOSTILE = "<svg><title>Å & ö</title></svg></script><script>alert(1)</script><!-- x -->"


def test_the_markup_travels_whole_and_comes_back_the_same() -> None:
    assert unpack(inline.body(HOSTILE)) == HOSTILE


def test_nothing_in_the_markup_can_end_the_script_or_be_dropped_by_the_sanitiser() -> None:
    """Streamlit's sanitiser drops a script with "<" before a letter, "/" or "!" in it; the
    markup travels as base64, which has none and cannot end the string or the script."""
    made = inline.body(HOSTILE)
    inside = made.removeprefix("<script>").removesuffix("</script>")
    assert made != inside
    assert "<" not in inside
    assert ">" not in inside.replace("=>", "")
    assert re.search(r'atob\("[A-Za-z0-9+/=]+"\)', inside)


def test_each_markup_is_packed_once() -> None:
    assert inline.body(HOSTILE) is inline.body(HOSTILE)


def test_a_large_map_travels_several_times_smaller() -> None:
    paths = "".join(f'<path class="kommun k{n:04d}" d="M{n} 0l1 2 3 4Z"/>' for n in range(2000))
    markup = f"<svg>{paths}</svg>"
    assert len(inline.body(markup)) < len(markup) / 3


@pytest.mark.parametrize("source", ["// the <main> element", "if (a</b) c();", "x = '<!--'"])
def test_a_script_streamlit_would_drop_is_refused(source: str) -> None:
    """Streamlit's sanitiser drops a whole script with "<" before a letter (even in a
    comment, as "the <main> element" once did): refused loudly, not lost silently."""
    with pytest.raises(ValueError, match="Streamlit would drop"):
        inline.script(source)


def test_a_script_with_a_plain_less_than_passes() -> None:
    assert inline.script("if (a < 1) b();") == "<script>if (a < 1) b();</script>"
