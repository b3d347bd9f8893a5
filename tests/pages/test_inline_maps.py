"""Every page with a map draws it through ``ui.inline.show``, never through Markdown (issue 23:
no Markdown-with-raw-HTML parser for the maps)."""

from __future__ import annotations

import pytest

from tests.pages.inline_markup import drawn
from tests.pages.test_pages import open_page

MAP_PAGES = {
    "pages/oversikt.py": {},
    "pages/karta.py": {},
    "pages/trender.py": {},
    "pages/kompetens.py": {},
    "pages/kommunprofil.py": {"kommun": "0780"},
    "pages/seminarier.py": {},
}


@pytest.mark.parametrize("page", sorted(MAP_PAGES))
def test_the_maps_are_drawn_inline_and_no_markdown_carries_html(page: str) -> None:
    app = open_page(page, **MAP_PAGES[page])
    maps = [markup for markup in drawn(app) if "<svg" in markup]
    assert maps, f"no map on {page}"
    assert all('role="group"' in markup and "<title>" in markup for markup in maps)
    assert not [m.value for m in app.markdown if "<svg" in m.value or "<span" in m.value]
