"""The selectors several pages share, each bound to the URL and kept across pages."""

from __future__ import annotations

from typing import Any

from linnedata import urls
from linnedata.figures import measures
from ui import bound_select, data, tr


def round_select(container: Any = None) -> str:
    """The survey round (newest first, newest by default)."""
    return bound_select(
        urls.ROUND, data.rounds(), data.rounds()[0], tr("omgang"), container=container
    )


def level_select(default: str, container: Any = None) -> str:
    """Theme or area."""
    options = {level: tr(f"niva_{level}") for level in data.LEVELS}
    return bound_select(
        urls.LEVEL, options, default, tr("niva"), widget="segmented", container=container
    )


def measure_select(default: str, container: Any = None) -> str:
    """Mean rating, priority points or share pressing."""
    options = {measure: tr(f"matt_{measure}") for measure in measures.MEASURES}
    return bound_select(urls.MEASURE, options, default, tr("matt"), container=container)
