"""Per script run state of the thin UI layer: scratch values kept for one run, and the URL
changes of a run written as one message at its end.

Streamlit runs a session's script in a thread of its own; app.py starts each run
(:func:`start_run`) and writes the URL after the page (:func:`write_url`).
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_local = threading.local()
"""This script thread's ``(run context, scratch)`` (see :func:`this_run`)."""


def this_run() -> dict[str, Any]:
    """Scratch values of this script run (app.py starts each run afresh: :func:`start_run`);
    a fresh dict outside a running app. Streamlit runs a session's script in a thread of its
    own, so nothing here is seen by another session."""
    ctx = get_script_run_ctx()
    held = getattr(_local, "memo", None)
    if ctx is None or held is None or held[0] is not ctx:
        held = (ctx, {})
        if ctx is not None:
            _local.memo = held
    return held[1]


def start_run() -> None:
    """Forget the last run's scratch values (the first call of app.py)."""
    _local.memo = (get_script_run_ctx(), {})


def set_url_value(key: str, value: str) -> None:
    """Put ``?key=value`` in the URL at the end of the run (:func:`write_url`)."""
    _url_changes()[key] = value


def drop_url_value(key: str) -> None:
    """Take ``?key=`` out of the URL at the end of the run (:func:`write_url`)."""
    _url_changes()[key] = None


def _url_changes() -> dict[str, str | None]:
    """This run's URL writes, ``key → value`` (None: remove), in the order made."""
    return this_run().setdefault("url", {})


def write_url() -> None:
    """Write this run's URL changes to the browser as one message (app.py, after the page).

    Each write to ``st.query_params`` sends the browser a message of its own, and a page's
    bound controls wrote four to seven a run (each costing server CPU); only a change is
    written, so a run that changes nothing sends none."""
    changes = this_run().pop("url", {})
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    wanted = dict(current)
    for key, value in changes.items():
        if value is None:
            wanted.pop(key, None)
        else:
            wanted[key] = [value]
    if wanted != current:
        st.query_params.from_dict(wanted)


# --- the process's garbage collector ------------------------------------------------------
# Streamlit's full collection after every run is off (runner.postScriptGC, .streamlit/
# config.toml), yet Python's own collector still scanned the whole heap (pandas, plotly,
# geopandas, Streamlit: 80–150 ms a time) every few hundred runs, and its youngest generation
# every 700 allocations: together ~1.7 ms a page run in a walk over every page (gc.callbacks,
# docs/notes-page-cpu.md). After the process's first script run, what it holds (the imported
# modules, the first views) lives as long as the process: it is collected once and frozen out
# of every later collection, and the young generation is collected less often. Refcounting
# still frees frozen objects; only the cycle collector skips them.
YOUNG_THRESHOLD = 10_000
"""Allocations between collections of the youngest generation (Python's default is 700)."""

_frozen_modules = [0]
"""How many modules were imported when the heap was last frozen (0: not yet)."""
_freezing = threading.Lock()


def after_run() -> None:
    """After a script run that imported modules (the process's first run, and the first
    visit of a page that needs more: Jämför's scipy, the reports' fpdf): collect the young
    generation less often (the first time), collect the heap and freeze what is left
    (``gc.freeze``). Nothing after the other runs.

    Freezing only after the first run left what later pages imported (and the views built
    meanwhile) in the oldest generation: each of its collections took 25–40 ms inside a
    page's measured runs (``gc.callbacks`` over a run of the shared yardstick, 2026-12-07);
    frozen after those imports, they took 2–15 ms. The freezes come with the imports, so
    they end once every page has been seen (``deploy/warmup.py`` does that before serving)."""
    if len(sys.modules) == _frozen_modules[0] or not _freezing.acquire(blocking=False):
        return
    try:
        if _frozen_modules[0] == 0:
            _, middle, oldest = gc.get_threshold()
            gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)
        _frozen_modules[0] = len(sys.modules)
        gc.collect()
        gc.freeze()
    finally:
        _freezing.release()
