"""Karta's change map, municipality search and map downloads, driven as a user would."""

from __future__ import annotations

import xml.dom.minidom

import pandas as pd

from linnedata import i18n
from linnedata.demo import load_demo
from linnedata.figures.measures import area_measures
from linnedata.graphics import svgmap
from linnedata.graphics.images import PNG_SIGNATURE
from linnedata.reports import mapfile
from linnedata.views import changemap
from tests.pages import test_report_buttons
from tests.pages.inline_markup import first_map
from tests.pages.shown import html_notes, html_tables, open_expander
from tests.pages.test_pages import open_page

deferred = test_report_buttons.deferred  # the fixture that keeps deferred downloads


def _map(app) -> str:
    return first_map(app)


def _table(app) -> pd.DataFrame:
    """The map's values table, read back, by municipality."""
    table = html_tables(app)[0]
    return table.set_index(table.columns[0])


def test_the_change_map_compares_two_rounds_and_hatches_no_comparison() -> None:
    app = open_page(
        "pages/karta.py", kartvy="forandring", omgang="2024", fran="2023", niva="area",
        objekt_area="kompetensforsorjning", matt="medelbetyg",
    )  # fmt: skip
    heading = app.header[0].value
    assert heading == "Kompetensförsörjning – förändring i medelbetyg (1–5), 2023 → 2024"
    svg = _map(app)
    assert "Ingen jämförelse" in svg  # the legend's hatched swatch
    assert 'class="hatch"' in svg
    # Mörbylånga's change, computed here from the two rounds' own ratings
    rounds = load_demo()
    before, now = (
        area_measures(rounds[r])
        .set_index(["kommun_kod", "area_id"])
        .loc[("0840", "kompetensforsorjning"), "medelbetyg"]
        for r in ("2023", "2024")
    )
    change = now - before
    row = _table(app).loc["Mörbylånga"]
    expected = ("+" if change > 0 else "−") + f"{abs(change):.1f}".replace(".", ",")
    assert row["Förändring"] == expected
    assert svgmap.short_colour(changemap.diverging_colour(change, 3.2)) in svg  # scale ±3,2
    alt = next(n for n in html_notes(app) if "Störst ökning" in n or "Ingen" in n)
    assert "jämförda" in alt or "Ingen" in alt
    table = _table(app)
    assert list(table.columns) == ["2023", "2024", "Förändring", "Svarande"]


def test_the_same_round_twice_gives_a_note_and_the_values_map() -> None:
    app = open_page("pages/karta.py", kartvy="forandring", omgang="2024", fran="2024")
    assert i18n.t("karta_samma_omgang", "sv") in [i.value for i in app.info]
    assert "förändring" not in app.header[0].value


def test_the_search_outlines_the_municipality_and_names_its_value() -> None:
    app = open_page("pages/karta.py", sok="0765", niva="area", objekt_area="integration")
    assert mapfile.highlight_css("0765") in _map(app)
    line = next(n for n in html_notes(app) if "Älmhult" in n)
    assert "svart kant" in line
    assert "n = " in line
    app.selectbox(key="sok").select("-").run()
    assert mapfile.highlight_css("0765") not in _map(app)


def test_the_map_downloads_as_svg_and_png(deferred) -> None:
    app = open_page("pages/karta.py", sok="0780")
    assert not app.get("download_button")  # the files are in the "Ladda ner" menu
    open_expander(app, "karta_dl_meny")  # opened as a click would (a popover's open state)
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in app.get("download_button")}
    assert {"karta_dl", "karta_dl_xlsx"} <= {key.rsplit("-", 1)[-1] for key in buttons}
    svg_button = next(b for key, b in buttons.items() if key.endswith("karta_dl_svg"))
    png_button = next(b for key, b in buttons.items() if key.endswith("karta_dl_png"))
    make_svg, svg_name = deferred[svg_button.deferred_file_id]
    make_png, png_name = deferred[png_button.deferred_file_id]
    assert svg_name.endswith(".svg")
    assert png_name.endswith(".png")
    svg = make_svg()
    document = xml.dom.minidom.parseString(svg.encode())
    assert document.documentElement.tagName == "svg"
    assert document.getElementsByTagName("title")[0].firstChild.data == app.header[0].value
    assert 'class="tip' not in svg
    assert "<a " not in svg
    assert mapfile.highlight_css("0780") in svg
    png = make_png()
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 50_000
