"""Plotly figure builders for the bar and dot charts (the map lives in ``charts_map``).

Every builder takes tidy frames and already-translated labels and returns a
``go.Figure``; nothing here knows about Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from linnedata import i18n
from linnedata.graphics.svgmap import nice_ticks

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREY = "#6b6b6b"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#262730")
TICKS = dict(color=FONT["color"])
"""Axis labels and titles in the text colour (14:1 on white): Streamlit's chart theme greys
them otherwise (the axis title was #808495-ish, about 3.5:1)."""


def with_n(text: str, n: object) -> str:
    """A value's text with the count it rests on, as charts and their tables print it.

    >>> with_n("3,5", 2)
    '3,5 (n=2)'
    """
    return f"{text} (n={n})"


def separators(lang: str) -> str:
    """Plotly's ``layout.separators`` for a language: decimal comma and thin space in Swedish."""
    return ".," if lang == "en" else ", "


MAX_DAY_TICKS = 8
"""At most this many labelled days on a date axis (a tick each day, week or more)."""


def day_axis(days: Sequence[date], lang: str) -> dict:
    """A date axis with our own tick labels ("7 okt" / "Oct 7"), not plotly's English ones.

    Ticks fall on the first day and then every day, every week or every few weeks, so
    that at most :data:`MAX_DAY_TICKS` are labelled; a tick in a new year (and the first)
    carries the year when the days span more than one.

    >>> from datetime import timedelta
    >>> days = [date(2025, 9, 29) + timedelta(days=i) for i in range(10)]
    >>> day_axis(days, "sv")["ticktext"]
    ['29 sep', '6 okt']
    """
    days = list(days)
    span = len(days)
    step = 1 if span <= MAX_DAY_TICKS else 7 * -(-span // (7 * MAX_DAY_TICKS))
    ticks = days[::step]
    years = len({d.year for d in days}) > 1
    text = [
        i18n.fmt_day(d, lang, year=years and (i == 0 or d.year != ticks[i - 1].year))
        for i, d in enumerate(ticks)
    ]
    return dict(type="date", tickvals=[d.isoformat() for d in ticks], ticktext=text, tickfont=TICKS)


def ranked_bars(
    table: pd.DataFrame,
    *,
    value_label: str,
    number_format: Callable[[float], str],
    current_name: str,
    previous_name: str | None = None,
    lang: str = "sv",
    value_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Horizontal bars of one measure per item, largest at the top.

    Args:
        table: ``label, value, n_text`` and optionally ``n`` (printed beside the value as
            "n=…") and ``previous`` (the previous round's value, NaN where none). Rows with
            a missing value are drawn without a bar.
        value_label: the measure's name, for the axis.
        number_format: turns a value into the text printed on the bar.
        current_name: legend name of the bars (the round).
        previous_name: legend name of the previous round's markers; None hides them.
        lang: ``"sv"`` or ``"en"`` (decimal separator on the axis).
        value_range: the axis range, e.g. (1, 5) for a mean rating.

    Returns:
        The figure.
    """
    data = table.sort_values("value", ascending=True, na_position="first")
    texts = [number_format(v) for v in data["value"]]
    if "n" in data:
        texts = [with_n(text, n) for text, n in zip(texts, data["n"], strict=True)]
    # The values are printed in a column right of every bar and tick (at ``column``), so
    # the previous round's tick never covers a printed value.
    top = (
        value_range[1]
        if value_range
        else float(pd.concat([data["value"], data.get("previous", data["value"])]).max())
    )
    start = value_range[0] if value_range and value_range[0] > 0 else 0.0
    column = top + ((top - start) if top > start else 1.0) * 0.32
    figure = go.Figure(
        go.Bar(
            x=data["value"],
            y=data["label"],
            orientation="h",
            name=current_name,
            marker_color=BLUE,
            customdata=list(zip(texts, data["n_text"], strict=True)),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[column] * len(data),
            y=data["label"],
            mode="text",
            text=texts,
            textposition="middle left",
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
        )
    )
    if previous_name is not None and "previous" in data and data["previous"].notna().any():
        previous_texts = [number_format(v) for v in data["previous"]]
        figure.add_trace(
            go.Scatter(
                x=data["previous"],
                y=data["label"],
                mode="markers",
                name=previous_name,
                marker=dict(symbol="line-ns", size=18, line=dict(width=3, color=ORANGE)),
                customdata=previous_texts,
                hovertemplate=f"<b>%{{y}}</b><br>{previous_name}: %{{customdata}}<extra></extra>",
            )
        )
    upper = column
    figure.update_layout(
        font=FONT,
        separators=separators(lang),
        height=max(260, 34 * len(data) + 90),
        margin=dict(l=10, r=30, t=30, b=40),
        xaxis=dict(
            tickfont=TICKS,
            title=dict(text=value_label, font=TICKS),
            range=[start, upper],
            # ticks only on the measure's own range, not under the column of values
            tickvals=nice_ticks(*value_range) if value_range else None,
            gridcolor="#e6e6e6",
        ),
        yaxis=dict(tickfont=TICKS, automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        plot_bgcolor="white",
        bargap=0.25,
    )
    return figure


GREEN = "#009E73"
SMALL_MARK = "*"
"""Appended to a label or a value that rests on one respondent or fewer than three municipalities."""


def comparison_dots(
    table: pd.DataFrame,
    series: list[tuple[str, str]],
    *,
    value_label: str,
    number_format: Callable[[float], str],
    lang: str = "sv",
    value_range: tuple[float, float] = (1, 5),
) -> go.Figure:
    """A dot chart of up to three series per item, joined by a line from lowest to highest.

    Args:
        table: ``label`` (shown on the y axis; put n in it) and, per series, a value column
            ``<column>`` and a hover column ``<column>_n_text``; sorted as given (first row
            at the top).
        series: ``(column, legend name)`` in drawing order; the first is the municipality.
            Markers differ in shape *and* colour (Okabe–Ito: blue circle, green square,
            orange diamond), so nothing depends on colour alone.
        value_label: the measure's name, for the axis.
        number_format: value → text for the hover.
        lang: ``"sv"`` or ``"en"``.
        value_range: the axis range.

    Returns:
        The figure.
    """
    data = table.iloc[::-1]
    columns = [column for column, _ in series]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for _, row in data.iterrows():
        values = [row[c] for c in columns if pd.notna(row[c])]
        if len(values) >= 2:
            line_x += [min(values), max(values), None]
            line_y += [row["label"], row["label"], None]
    figure = go.Figure(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line=dict(color="#c8c8c8", width=3),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    styles = [(BLUE, "circle", 14), (GREEN, "square", 11), (ORANGE, "diamond", 12)]
    for (column, name), (colour, symbol, size) in reversed(list(zip(series, styles, strict=False))):
        texts = [number_format(v) for v in data[column]]
        figure.add_trace(
            go.Scatter(
                x=data[column],
                y=data["label"],
                mode="markers",
                name=name,
                marker=dict(
                    size=size, color=colour, symbol=symbol, line=dict(width=1, color="white")
                ),
                customdata=list(zip(texts, data[f"{column}_n_text"], strict=True)),
                hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{customdata[0]}}<br>%{{customdata[1]}}<extra></extra>",
            )
        )
    figure.update_layout(
        font=FONT,
        separators=separators(lang),
        height=max(300, 30 * len(data) + 110),
        margin=dict(l=10, r=20, t=10, b=40),
        xaxis=dict(
            tickfont=TICKS,
            title=dict(text=value_label, font=TICKS),
            range=[
                value_range[0] - 0.05 * (value_range[1] - value_range[0]),
                value_range[1] + 0.05 * (value_range[1] - value_range[0]),
            ],
            gridcolor="#e6e6e6",
            tickformat=".0%" if value_range == (0.0, 1.0) else None,
        ),
        yaxis=dict(
            tickfont=TICKS,
            automargin=True,
            categoryorder="array",
            categoryarray=list(data["label"]),
        ),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, traceorder="reversed"),
        plot_bgcolor="white",
    )
    return figure


HEATMAP_SCALE = "YlGnBu"
"""Sequential, colour-blind safe (ColorBrewer), the same scale as the maps; no red–green."""

BLACK, WHITE = "#000000", "#ffffff"

HEATMAP_CELL_WIDTH = 48
"""The narrowest a heatmap column is drawn (CSS px): room for "3,5*" at 13 px and a gap."""


def heatmap_min_width(columns: int) -> int:
    """The narrowest a heatmap of ``columns`` columns is drawn, row labels and colour bar
    included; a narrower screen scrolls it sideways (see ``ui.a11y.chart``).

    >>> heatmap_min_width(15)
    930
    """
    return HEATMAP_CELL_WIDTH * columns + 210


def _rgb(colour: str) -> tuple[float, float, float]:
    """``"#rrggbb"`` or ``"rgb(r, g, b)"`` as three numbers 0–255."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    return tuple(unlabel_rgb(colour))  # type: ignore[return-value]


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 … 21).

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (one of them always reaches 4.5:1)."""
    return BLACK if contrast_ratio(BLACK, fill) >= contrast_ratio(WHITE, fill) else WHITE


def heatmap_fill(value: float, value_range: tuple[float, float]) -> str:
    """The colour the heatmap paints ``value`` with (white where there is no value)."""
    if pd.isna(value):
        return WHITE
    low, high = value_range
    share = min(max((value - low) / (high - low), 0.0), 1.0) if high > low else 0.0
    return sample_colorscale(HEATMAP_SCALE, [share])[0]


def heatmap(
    values: pd.DataFrame,
    texts: pd.DataFrame,
    *,
    reference: pd.Series,
    reference_texts: list[str],
    reference_name: str,
    value_label: str,
    hover_texts: pd.DataFrame,
    value_range: tuple[float, float],
    lang: str = "sv",
    reference_hover: list[str] | None = None,
) -> go.Figure:
    """Municipalities × areas (or themes), the values printed in the cells, the region below.

    Args:
        values: municipality names as index (first at the top), item labels as columns.
        texts: what each cell prints (the formatted value, marked when it rests on one
            respondent); same shape as ``values``.
        reference: the region's value per column (drawn as the last row, set apart by a line).
        reference_texts: what the reference cells print.
        reference_name: the reference row's label.
        value_label: the measure's name (colour bar title).
        hover_texts: a second line for each cell's hover (e.g. "based on 2 respondents").
        value_range: the colour scale's fixed range.
        lang: ``"sv"`` or ``"en"``.
        reference_hover: the reference cells' second hover line (e.g. "based on 35
            municipalities"); the reference's name when None.

    Returns:
        The figure. Colour only repeats what the printed numbers say.
    """
    rows = [*values.index, reference_name]
    z = [*values.to_numpy(dtype="float64").tolist(), reference.astype("float64").tolist()]
    text = [*texts.to_numpy().tolist(), list(reference_texts)]
    hover = [
        *hover_texts.to_numpy().tolist(),
        list(reference_hover or [reference_name] * len(values.columns)),
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(values.columns),
            y=rows,
            text=text,
            customdata=hover,
            colorscale=HEATMAP_SCALE,
            zmin=value_range[0],
            zmax=value_range[1],
            xgap=2,
            ygap=2,
            colorbar=dict(
                title=dict(text=value_label, side="right", font=TICKS), tickfont=TICKS, thickness=14
            ),
            hovertemplate="<b>%{y}</b><br>%{x}: %{text}<br>%{customdata}<extra></extra>",
        )
    )
    # The cell texts as a second trace, so each gets black or white by its own fill (≥ 4.5:1).
    columns = list(values.columns)
    cells = [(i, c) for i in range(len(rows)) for c in range(len(columns)) if str(text[i][c])]
    figure.add_trace(
        go.Scatter(
            x=[columns[c] for _, c in cells],
            y=[rows[i] for i, _ in cells],
            mode="text",
            text=[text[i][c] for i, c in cells],
            textfont=dict(
                size=13,
                color=[text_colour_on(heatmap_fill(z[i][c], value_range)) for i, c in cells],
            ),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.add_shape(
        type="line",
        xref="paper",
        yref="y",
        x0=0,
        x1=1,
        y0=len(rows) - 1.5,
        y1=len(rows) - 1.5,
        line=dict(color="#262730", width=2),
    )
    figure.update_layout(
        font=FONT,
        separators=separators(lang),
        height=max(300, 36 * len(rows) + 170),
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(tickfont=TICKS, side="top", tickangle=-35, automargin=True),
        yaxis=dict(tickfont=TICKS, autorange="reversed", automargin=True),
        plot_bgcolor="white",
    )
    return figure
