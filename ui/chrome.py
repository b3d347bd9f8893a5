"""What app.py draws on every page before the page itself: the check of the organiser-edited
data files and the navigation's pages (the language switch is ``ui.language_switch``).

Each is cheap on a rerun: the files are checked at most every ``FILES_CHECK_SECONDS`` (their
sizes and times: ~0.5 ms a run before), the pages are made once a process and language, and copied once a session.
"""

from __future__ import annotations

import copy
import functools
import os
import threading
import time
from typing import Any

import streamlit as st

from linnedata import i18n, urls
from linnedata.places.region import REGION_VARIABLE
from ui import _store, lang, this_run

FILES_CHECK_SECONDS = 2.0
"""How long a passed check of the data files holds in this process (an edit shows within it)."""
_passed: dict[tuple[str, str], float] = {}
_lock = threading.Lock()


def stop_on_bad_region() -> None:
    """One clear message per file naming the rows and values, and the page stopped, when an
    organiser-edited data file (data/region.csv or ``$LINNEDATA_REGION_FILE``,
    fixed_links.csv, the taxonomy, import_alias.toml, the stop words, the texts) cannot be
    used (:mod:`linnedata.datafiles`); app.py calls it first, before any page runs
    (``ui.page_setup`` makes sure a page runs inside app.py). A check that passed holds for
    this run and for :data:`FILES_CHECK_SECONDS` in this process."""
    from linnedata import datafiles

    memo = this_run()
    if memo.get("files_checked"):
        return
    where = (str(datafiles.data_dir()), os.environ.get(REGION_VARIABLE, ""))
    now = time.monotonic()
    with _lock:
        recent = now - _passed.get(where, -FILES_CHECK_SECONDS) < FILES_CHECK_SECONDS
    found = [] if recent else datafiles.problems()
    if not found:
        memo["files_checked"] = True
        if not recent:
            with _lock:
                _passed[where] = now
        return
    language = lang()
    for bad in found:
        st.error(datafiles.message(bad, language), icon=":material/error:")
        st.text("\n".join(bad.problems))
    st.stop()


def pages() -> list[Any]:
    """The navigation's pages (``urls.PAGES``) in the chosen language, once a session and
    language: copies of the process's pages (:func:`_made`). Not shared between sessions:
    ``st.navigation`` marks the page it returns on the object."""
    store, key = _store(), f"_pages_{lang()}"
    if key not in store:
        store[key] = [copy.copy(page) for page in _made(lang())]
    return store[key]


@functools.lru_cache(maxsize=len(i18n.LANGUAGES))
def _made(language: str) -> tuple[Any, ...]:
    """The pages in ``language``, made once a process: each ``st.Page`` resolves and checks
    its script's path when made (~0.3 ms of a new session's first run for the 13 pages, py-spy
    on the served Kommunprofil); a shallow copy of one is a few microseconds."""
    return tuple(
        st.Page(
            page.script,
            title=i18n.t(page.title_key, language),
            icon=page.icon,
            default=page.default,
            visibility="hidden" if page.hidden else "visible",
        )
        for page in urls.PAGES
    )
