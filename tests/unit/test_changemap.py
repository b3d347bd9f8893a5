"""The change map's colours and text alternative, and the map file (SVG → PNG)."""

from __future__ import annotations

import pandas as pd
import pytest

from linnedata.graphics.images import PNG_SIGNATURE
from linnedata.reports import mapfile
from linnedata.views import changemap

VALUES = pd.DataFrame(
    {
        "kommun_kod": ["0780", "0765", "0760"],
        "kommun": ["Växjö", "Älmhult", "Uppvidinge"],
        "value": [0.5, -0.25, float("nan")],
    }
)


def _fmt(value: float) -> str:
    return f"{value:+.2f}"


def test_the_scale_is_symmetric_and_white_at_no_change() -> None:
    assert changemap.diverging_colour(0.0, 2.0) == "rgb(247, 247, 247)"
    assert changemap.diverging_colour(9.0, 2.0) == changemap.diverging_colour(2.0, 2.0)
    assert changemap.diverging_colour(-2.0, 2.0) == "rgb(127, 59, 8)"  # PuOr's orange end
    assert changemap.diverging_colour(2.0, 2.0) == "rgb(45, 0, 75)"  # its purple end


def test_the_sentence_names_the_largest_rise_and_fall_and_the_missing() -> None:
    text = changemap.change_sentence(VALUES, _fmt, "sv")
    assert text == (
        "Störst ökning: Växjö (+0.50); störst minskning: Älmhult (-0.25). "
        "2 kommuner jämförda, 1 utan jämförelse."
    )


def test_no_change_anywhere_is_said_so_never_one_area_as_both_rise_and_fall() -> None:
    same = VALUES.assign(value=[0.0, 0.0, float("nan")])
    text = changemap.change_sentence(same, _fmt, "en")
    assert text == (
        "No change between the rounds in any of the 2 municipalities compared; "
        "1 without a comparison."
    )
    nothing = VALUES.assign(value=float("nan"))
    assert "no comparison" in changemap.change_sentence(nothing, _fmt, "en")


def test_a_standalone_svg_keeps_styles_drops_tips_and_links_and_renders() -> None:
    markup = (
        "<style>.kommunkarta .kommun{fill:#123}</style><a class='hoppa-karta'>skip</a>"
        '<svg class="kommunkarta" viewBox="0 0 100 50"><a href="x"><path class="kommun k0780" '
        'd="M0 0L50 0L50 50Z"/></a><g class="tip t0780"><text>Växjö</text></g></svg><span/>'
    )
    svg = mapfile.standalone_svg(mapfile.highlighted(markup, "0780"), "Karta & <test>")
    assert svg.count("<svg") == 1
    assert "skip" not in svg
    assert "<title>Karta &amp; &lt;test&gt;</title>" in svg
    assert "tip" not in svg
    assert "<a" not in svg
    assert mapfile.highlight_css("0780") in svg
    assert mapfile.png_bytes(svg, width=200).startswith(PNG_SIGNATURE)


def test_a_highlight_takes_a_code_never_css() -> None:
    with pytest.raises(ValueError, match="four digits"):
        mapfile.highlight_css("0780}body{display:none")
