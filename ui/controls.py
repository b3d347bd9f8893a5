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


WHOLE_REGION = "-"
"""The county choice that shows the whole region (``?lan=`` absent)."""


def county_select(container: Any = None) -> str:
    """A county of the region to zoom the map to (``?lan=07``), or ``""`` for the whole
    region; only offered when the region has more than one county."""
    region = data.region()
    counties = dict(zip(region["lan_kod"], region["lan"], strict=True))
    if len(counties) < 2:
        return ""
    options = {WHOLE_REGION: tr("karta_hela_regionen"), **dict(sorted(counties.items()))}
    chosen = bound_select(
        urls.MAP_COUNTY, options, WHOLE_REGION, tr("karta_zooma_lan"), container=container
    )
    return "" if chosen == WHOLE_REGION else chosen
