"""Karta zoomed to one county: only its municipalities drawn and listed, kept in the URL."""

from __future__ import annotations

import re

from linnedata.places.region import default_region
from tests.pages.inline_markup import first_map
from tests.pages.shown import html_tables
from tests.pages.test_pages import open_page


def _map(app) -> str:
    return first_map(app)


def _drawn(app) -> set[str]:
    return set(re.findall(r'class="kommun k(\d{4})', _map(app)))


def _listed(app) -> int:
    """How many municipalities the map's values table lists (in its closed "Visa som tabell")."""
    assert '<details class="visa-tabell"><summary>' in _map(app)  # closed, under the map
    return len(html_tables(app)[0])


def test_a_county_zooms_the_map_and_its_table_to_that_county() -> None:
    region = default_region()
    kronoberg = set(region.loc[region["lan_kod"] == "07", "kommun_kod"])
    app = open_page("pages/karta.py", omgang="2024")
    assert _drawn(app) == set(region["kommun_kod"])  # the whole region by default
    app.selectbox(key="lan").select("07").run()
    assert _drawn(app) == kronoberg
    assert _listed(app) == len(kronoberg)
    assert app.query_params["lan"] == "07"  # a link keeps the zoom


def test_the_change_map_zooms_too_and_a_search_outside_the_county_is_ignored() -> None:
    region = default_region()
    jonkoping = set(region.loc[region["lan_kod"] == "06", "kommun_kod"])
    app = open_page("pages/karta.py", kartvy="forandring", omgang="2024", fran="2023", lan="06")
    assert _drawn(app) == jonkoping
    app = open_page("pages/karta.py", lan="06", sok="0780")  # Växjö is in Kronoberg
    assert _drawn(app) == jonkoping
    assert not app.exception


def test_an_unknown_county_in_the_url_shows_the_whole_region() -> None:
    app = open_page("pages/karta.py", lan="99")
    assert _drawn(app) == set(default_region()["kommun_kod"])
