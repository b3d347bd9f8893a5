"""What Streamlit is handed for a cached view's tables and charts, made once per object.

The views are cached and shared between sessions (``ui.data``), yet Streamlit converted
their frames to Arrow and deep-copied their plotly figures into dicts on every page run:
~10 % and ~3 ms a chart of a served run's CPU (py-spy, docs/notes-views.md). Here each
object's converted form is kept for as long as the object lives (a weak reference, so a
frame made for one run is not kept). The objects are read-only, as the cached views are.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa

T = TypeVar("T")

_MADE: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}
"""``(id(object), kind) → (a weak reference to the object, what was made of it)``."""


def once(source: object, kind: str, make: Callable[[], T]) -> T:
    """``make()`` for ``source``, once for as long as ``source`` lives."""
    key = (id(source), kind)
    known = _MADE.get(key)
    if known is not None and known[0]() is source:
        return known[1]
    value = make()
    _MADE[key] = (weakref.ref(source, lambda _: _MADE.pop(key, None)), value)
    return value


def arrow(frame: pd.DataFrame) -> pa.Table | None:
    """``frame`` as an Arrow table, as Streamlit would convert it (the index in the pandas
    metadata); None when pyarrow cannot convert it as it is (Streamlit's own conversion
    then fixes the column types)."""

    def convert() -> pa.Table | None:
        try:
            return pa.Table.from_pandas(frame)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return None

    return once(frame, "arrow", convert)


class _PlainFigure(go.Figure):
    """A copy of a figure whose ``to_dict()`` is made once: st.plotly_chart asks for it
    (a deep copy of every trace) on every run, and only reads it."""

    _plain: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self._plain


def figure(source: go.Figure) -> go.Figure:
    """``source`` for st.plotly_chart: the same chart, its dict made once, of plain JSON
    values: st.plotly_chart encodes it on every run, and plotly's encoder handled the numpy
    arrays in ``to_dict()`` value by value in Python; plain lists and numbers it encodes in
    C (Kommunprofil's chart 0.149 → 0.108 ms a run, ``plotly.io.to_json`` timed alone)."""

    def make() -> go.Figure:
        plain = _PlainFigure(source)
        plain._plain = json.loads(pio.to_json(source, validate=False))
        return plain

    return once(source, "figure", make)
