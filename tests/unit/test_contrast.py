"""Contrast (WCAG 2.1): the heatmap's cell texts, the theme's colours, the chart fonts."""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd
import pytest

from benchmarks.harness import ROOT
from linnedata.graphics import charts
from linnedata.graphics.charts import contrast_ratio, heatmap_fill, text_colour_on
from ui.a11y import FADED_TEXT

AA = 4.5


def test_contrast_ratio_matches_known_pairs() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("rgb(0, 114, 178)", "#ffffff") == pytest.approx(5.19, abs=0.01)


@pytest.mark.parametrize("value", np.linspace(1, 5, 81))
def test_every_heatmap_cell_text_reaches_aa(value: float) -> None:
    fill = heatmap_fill(value, (1, 5))
    assert contrast_ratio(text_colour_on(fill), fill) >= AA, (value, fill)


def test_heatmap_uses_white_on_dark_and_black_on_pale_cells() -> None:
    assert text_colour_on(heatmap_fill(5, (1, 5))) == charts.WHITE
    assert text_colour_on(heatmap_fill(1, (1, 5))) == charts.BLACK
    assert heatmap_fill(float("nan"), (1, 5)) == charts.WHITE


def test_heatmap_figure_prints_each_value_in_its_readable_colour() -> None:
    values = pd.DataFrame({"A": [1.0, 5.0], "B": [3.0, np.nan]}, index=["Ljungby", "Växjö"])
    texts = pd.DataFrame({"A": ["1", "5"], "B": ["3", ""]}, index=values.index)
    figure = charts.heatmap(
        values, texts, reference=pd.Series({"A": 3.0, "B": 4.0}), reference_texts=["3", "4"],
        reference_name="Regionen", value_label="Medelbetyg", hover_texts=texts,
        value_range=(1, 5),
    )  # fmt: skip
    labels = figure.data[1]
    assert figure.layout.xaxis.tickfont.color == charts.FONT["color"]  # not the theme's grey
    assert figure.layout.yaxis.tickfont.color == charts.FONT["color"]
    assert list(labels.text) == ["1", "3", "5", "3", "4"]
    for x, y, colour in zip(labels.x, labels.y, labels.textfont.color, strict=True):
        row = [*values.index, "Regionen"].index(y)
        value = values[x].iloc[row] if row < 2 else {"A": 3.0, "B": 4.0}[x]
        fill = heatmap_fill(value, (1, 5))
        assert contrast_ratio(colour, fill) >= AA, (x, y, colour, fill)


def test_theme_and_chart_text_reach_aa_on_white_and_the_sidebar() -> None:
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for background in ("#ffffff", "#f0f2f6"):
        assert contrast_ratio(theme["textColor"], background) >= AA
        assert contrast_ratio(theme["primaryColor"], background) >= AA
        assert contrast_ratio(FADED_TEXT, background) >= AA
    # The selected language button: primary text on the primary's pale tint.
    assert contrast_ratio(theme["primaryColor"], "#dfebf0") >= AA
    assert contrast_ratio(charts.FONT["color"], "#ffffff") >= AA
