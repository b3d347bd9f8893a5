"""Crafted links: values from the URL echoed in a notice are quoted, never rendered as Markdown."""

from __future__ import annotations

import re

import pytest

from tests.pages.test_pages import open_page

PAYLOADS = [
    "![x](https://evil.example/p.png)",
    "[klicka](https://evil.example)",
    ":red[VARNING]:material/home:",
    "www.exempel.se/login",
]


def _inert(text: str) -> bool:
    bare = re.sub(r"\\.", "", text)
    return not re.search(r"[\[\]<>]|www\.|://|:[a-z]", bare)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(
    ("page", "param"),
    [
        ("pages/oversikt.py", "omgang"),
        ("pages/oversikt.py", "matt"),
        ("pages/oversikt.py", "niva"),
        ("pages/jamfor.py", "kommuner"),
    ],
)
def test_a_crafted_value_is_quoted_in_the_notice(page: str, param: str, payload: str) -> None:
    app = open_page(page, **{param: payload})
    notices = [t.value for t in app.toast]
    assert notices, "the notice that the value is not recognised"
    assert all(_inert(n) for n in notices), notices


def test_a_crafted_kommun_on_the_profile_is_quoted() -> None:
    app = open_page("pages/kommunprofil.py", kommun="[x](https://evil.example)")
    notices = [t.value for t in app.toast]
    assert notices
    assert all(_inert(n) for n in notices), notices
