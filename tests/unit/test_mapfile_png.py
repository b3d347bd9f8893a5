"""The map file's PNG: its longer side bounded (all of Sweden is tall), no hover rules in the file."""

from __future__ import annotations

import struct

from linnedata.reports import mapfile

TALL = (  # as svgmap.render writes it: the styles, then the drawing
    "<style>.kommunkarta .kommun{fill:#005a8c}"
    ".kommunkarta:has(.k0114:hover) .t0114,.kommunkarta .t0114:hover{visibility:visible}"
    '.kommunkarta a:focus .kommun{stroke:#000}</style><svg class="kommunkarta" '
    'viewBox="0 0 1000 2412"><a href="x"><path class="kommun k0114" '
    'd="M10 10l900 0l0 2300l-900 0z"/></a><g class="tip t0114"><text>Upplands Väsby</text></g>'
    "</svg>"
)


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


def test_a_tall_map_is_drawn_with_its_longer_side_bounded() -> None:
    file = mapfile.standalone_svg(TALL, "Sverige")
    width, height = _size(mapfile.png_bytes(file))
    assert height == mapfile.PNG_LONGEST
    assert abs(width - mapfile.PNG_LONGEST * 1000 / 2412) <= 1


def test_a_wide_map_keeps_its_width_and_an_explicit_width_wins() -> None:
    wide = TALL.replace("0 0 1000 2412", "0 0 1000 600")
    assert _size(mapfile.png_bytes(mapfile.standalone_svg(wide, "Region")))[0] == 2000
    assert _size(mapfile.png_bytes(mapfile.standalone_svg(TALL, "Sverige"), width=300))[0] == 300


def test_the_file_keeps_the_drawing_rules_and_drops_hover_and_focus_rules() -> None:
    file = mapfile.standalone_svg(TALL, "Sverige")
    assert ".kommunkarta .kommun{fill:#005a8c}" in file
    assert ":hover" not in file
    assert ":focus" not in file
    assert ":has(" not in file
    assert "Upplands Väsby" not in file  # the hover box itself is left out too
