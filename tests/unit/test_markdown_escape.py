"""The one escape helper: text from a file, a URL or the store never becomes Markdown."""

from __future__ import annotations

import re

import pytest

from linnedata.markdown import escape

ATTACKS = [
    "![pixel](https://evil.example/p.png)",
    "[logga in](https://evil.example/login)",
    "www.exempel.se/login",
    "http://evil.example",
    "<https://evil.example>",
    "kontakt@evil.example",
    ":red[VARNING] :material/warning: :smile:",
    "**fet** _kursiv_ ~~struken~~ `kod`",
    "# Rubrik\n- lista\n1. en",
    "$x^2$ &amp; <b>html</b>",
    "| a | b |",
    "[^1]",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_no_unescaped_active_character_survives(text: str) -> None:
    out = escape(text)
    assert "\n" not in out
    unescaped = re.sub(r"\\.", "", out)  # drop every backslash-escaped character
    assert not re.search(r"[\[\]*_~`<>&|$@]", unescaped), out
    assert not re.match(r"\s*([-+>#]|\d+[.)])", unescaped), out
    assert "www." not in out
    assert "://" not in out
    assert not re.search(r":[a-z]", out), out  # no directive/icon/emoji/scheme after a colon


def test_plain_words_and_numbers_read_the_same() -> None:
    assert escape("Växjö") == "Växjö"
    assert escape("3,5 poäng 2020-2024") == "3,5 poäng 2020-2024"
    assert escape("3.5") == "3.5"
    assert escape("Läst som Google Formulär (CSV), blad 'Svar'.") == (
        "Läst som Google Formulär (CSV), blad 'Svar'."
    )
