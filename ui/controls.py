"""The selectors several pages share, each bound to the URL and kept across pages."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from linnedata import urls
from linnedata.figures import measures
from ui import bound_select, data, prepared, remember, say, tr


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
    counties = _counties(data.region())
    if len(counties) < 2:
        return ""
    options = {WHOLE_REGION: tr("karta_hela_regionen"), **counties}
    chosen = bound_select(
        urls.MAP_COUNTY, options, WHOLE_REGION, tr("karta_zooma_lan"), container=container
    )
    return "" if chosen == WHOLE_REGION else chosen


def _counties(region: pd.DataFrame) -> dict[str, str]:
    """The region's counties, code → name in code order, made once per region frame (reading
    its columns on every run was ~5 % of Karta's rerun, py-spy)."""
    return prepared.once(
        region,
        "counties",
        lambda: dict(sorted(zip(region["lan_kod"], region["lan"], strict=True))),
    )


SHORTCUTS = {
    "grannar": ("jamfor_genvag_grannar", ":material/share_location:"),
    "liknande": ("jamfor_genvag_liknande", ":material/join_inner:"),
    "samma_lan": ("jamfor_genvag_samma_lan", ":material/location_on:"),
}
"""Jämför's quick choices of a comparison set (``data.shortcut_codes``): text key and icon."""
SHORTCUT_KEY = "genvag"


def compare_shortcuts(code: str, name: str, round_label: str) -> None:
    """Jämför's quick choices as one row of pills (one element, not a label and three buttons):
    a click sets the comparison set (``?kommuner=``) and leaves the pills unselected again."""
    labels = {
        shortcut: f"{icon} {say(key, name=name)}" for shortcut, (key, icon) in SHORTCUTS.items()
    }
    st.pills(
        tr("jamfor_genvagar"),
        list(labels),
        format_func=labels.__getitem__,
        key=SHORTCUT_KEY,
        on_change=_apply_shortcut,
        args=(code, round_label),
    )


def _apply_shortcut(code: str, round_label: str) -> None:
    """on_change of the quick choices: remember the chosen set, unselect the pill."""
    shortcut = st.session_state.get(SHORTCUT_KEY)
    if shortcut in SHORTCUTS:
        remember(urls.MUNICIPALITIES, data.shortcut_codes(code, round_label, shortcut))
    st.session_state[SHORTCUT_KEY] = None
