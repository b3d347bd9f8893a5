"""The thin Streamlit layer shared by the pages: language, URL state, notices, downloads.

Everything that computes lives in ``linnedata``; this package only binds it to widgets.
"""

from __future__ import annotations

import runpy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from linnedata import i18n
from linnedata.export import csv_bytes

_STORE = "_state"
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
_APP = Path(__file__).resolve().parent.parent / "app.py"


def page_setup() -> None:
    """Make sure the page runs inside app.py's navigation; call first on every page.

    Streamlit treats an app with a ``pages/`` folder as a legacy multipage app until
    ``st.navigation`` has been called once in the server process. So when the very first
    request after a start opens a page's URL directly (a shared link to ``/karta``),
    Streamlit runs that page's script on its own, without app.py: no language switch,
    no page titles. Then we run app.py, whose ``st.navigation`` switches Streamlit to
    the modern mode for good and runs the same page again properly.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        runpy.run_path(str(_APP), run_name="__main__")
        st.stop()


def _store() -> dict[str, Any]:
    """Values that outlive a page switch (widget state is cleared when its page is left)."""
    return st.session_state.setdefault(_STORE, {})


def lang() -> str:
    """The chosen language: ``?lang=`` in the URL, else the session's, else Swedish."""
    store = _store()
    if "lang" not in store:
        wanted = st.query_params.get("lang", i18n.DEFAULT_LANG)
        store["lang"] = wanted if wanted in i18n.LANGUAGES else i18n.DEFAULT_LANG
    return store["lang"]


def tr(key: str, /, **params: Any) -> str:
    """The text for ``key`` in the chosen language."""
    return i18n.t(key, lang(), **params)


def num(value: float | None, decimals: int = 1) -> str:
    """A number formatted for the chosen language (decimal comma in Swedish)."""
    return i18n.fmt_number(value, decimals, lang())


def language_switch() -> None:
    """The sidebar's language choice; kept in the URL as ``?lang=en``."""
    st.session_state["lang_switch"] = lang()
    st.sidebar.segmented_control(
        tr("sprak"),
        options=list(i18n.LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang_switch",
        on_change=_set_language,
    )
    if lang() == i18n.DEFAULT_LANG:
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang()


def _set_language() -> None:
    """on_change of the language switch (runs before the script, so every text follows)."""
    if st.session_state.get("lang_switch") in i18n.LANGUAGES:
        _store()["lang"] = st.session_state["lang_switch"]


def bound_select(
    key: str,
    options: Sequence[str] | Mapping[str, str],
    default: str,
    label: str,
    *,
    widget: str = "selectbox",
    container: Any = None,
    in_url: bool = True,
) -> str:
    """A selectbox (or radio/segmented control) whose value survives page switches and lives in the URL.

    The first time in a session the value comes from ``?key=`` when that is one of the
    options (otherwise a short notice and ``default``). The chosen value is written back
    to the URL so the view can be shared.

    Args:
        key: the widget key and the query parameter's name.
        options: the allowed values, or ``{value: what the user sees}``. The labels are
            fixed when the widget is drawn (the test harness formats options later, outside
            the script run, where the chosen language is not known).
        default: used when neither the session nor the URL has a valid value.
        label: the widget's label (already translated).
        widget: ``"selectbox"``, ``"radio"`` or ``"segmented"``.
        container: where to draw it (``st.sidebar``, a column); the page by default.
        in_url: whether the value is kept in the URL.

    Returns:
        The chosen value.
    """
    shown = dict(options) if isinstance(options, Mapping) else {o: str(o) for o in options}
    format_func = shown.__getitem__
    options = list(shown)
    store = _store()
    if key not in store or store[key] not in options:
        wanted = st.query_params.get(key) if in_url else None
        if wanted is not None and wanted not in options:
            st.toast(tr("url_ogiltig", key=key, value=wanted))
        store[key] = wanted if wanted in options else default
    # Set the widget from the remembered value on every run: a widget's own state does not
    # survive a page switch, and a user's change reaches the store first via on_change.
    st.session_state[key] = store[key]
    place = container or st
    common = dict(key=key, format_func=format_func, on_change=_remember, args=(key, options))
    if widget == "radio":
        value = place.radio(label, options, horizontal=True, **common)
    elif widget == "segmented":
        value = place.segmented_control(label, options, **common) or store[key]
    else:
        value = place.selectbox(label, options, **common)
    store[key] = value
    if in_url:
        st.query_params[key] = value
    return value


def _remember(key: str, options: list[str]) -> None:
    """on_change of a bound widget: remember the user's choice (an emptied control keeps the old one)."""
    if st.session_state.get(key) in options:
        _store()[key] = st.session_state[key]


def demo_notice(is_demo: bool) -> None:
    """The visible label on every page that shows the fictional demo survey."""
    if is_demo:
        st.warning(tr("demo_notis"), icon=":material/science:")


def download(table: pd.DataFrame, *, file_stem: str, header_lines: list[str], key: str) -> None:
    """A CSV download of the data behind a chart (UTF-8 with BOM, formula-safe)."""
    st.download_button(
        tr("ladda_ner_csv"),
        data=csv_bytes(table, header_lines),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )
