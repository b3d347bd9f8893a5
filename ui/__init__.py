"""The thin Streamlit layer shared by the pages: language, URL state, notices, downloads.

Everything that computes lives in ``linnedata``; this package only binds it to widgets.
"""

from __future__ import annotations

import runpy
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from linnedata import i18n, urls
from linnedata.graphics import htmltable
from linnedata.markdown import escape as safe
from linnedata.markdown import escape_params
from ui import a11y, inline, prepared

# the pages' lazy containers, as ui.opened, ui.opened_menu, ui.opened_tab
from ui.lazy import opened as opened
from ui.lazy import opened_menu as opened_menu
from ui.lazy import opened_tab as opened_tab
from ui.runstate import drop_url_value, set_url_value, this_run

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
    """Values that outlive a page switch (widget state is cleared when its page is left).

    Looked up once a run: every access to ``st.session_state`` takes its lock and asks the
    script runner whether to stop, and :func:`tr` asks for the language dozens of times a
    run (~10 % of a text page's served run, py-spy; docs/notes-page-cpu.md)."""
    memo = this_run()
    if _STORE not in memo:
        memo[_STORE] = st.session_state.setdefault(_STORE, {})
    return memo[_STORE]


def lang() -> str:
    """The chosen language: ``?lang=`` in the URL, else the session's, else Swedish."""
    store = _store()
    if "lang" not in store:
        wanted = url_value(urls.LANG) or i18n.DEFAULT_LANG
        store["lang"] = wanted if wanted in i18n.LANGUAGES else i18n.DEFAULT_LANG
    return store["lang"]


def tr(key: str, /, **params: Any) -> str:
    """The text for ``key`` in the chosen language."""
    return i18n.t(key, lang(), **params)


def say(key: str, /, **params: Any) -> str:
    """The text for ``key`` with its values quoted as plain text, for anything that renders
    Markdown (st.markdown, captions, notices, labels, help): values from a file, the URL or the
    store can never become a link, an image, a colour or an icon. Texts without values from
    outside may use :func:`tr`; one more value from outside: use :func:`say`, or :func:`safe`
    for a bare value.
    """
    return i18n.t(key, lang(), **escape_params(params))


def secrets() -> dict[str, Any]:
    """Streamlit's secrets as a dict (``{}`` without a secrets file), read once per process.

    While there is no secrets file, every access to ``st.secrets`` looks for the files again
    (a config lookup, the paths, a lock): ~13 % of a served run's CPU under load (py-spy,
    docs/notes-views.md). Restart the app after adding or editing ``secrets.toml``. AppTest
    gives each run its own secrets object, so a test's secrets are read afresh.
    """
    current = st.secrets
    with _secrets_lock:
        if _secrets_seen and _secrets_seen[0] is current:
            return _secrets_seen[1]
    try:
        values = dict(current)
    except FileNotFoundError:  # no secrets.toml: Streamlit's StreamlitSecretNotFoundError
        values = {}
    with _secrets_lock:
        _secrets_seen[:] = [current, values]
    return values


_secrets_seen: list[Any] = []  # [the st.secrets object read, its values]
_secrets_lock = threading.Lock()


def table(data: pd.DataFrame, **options: Any) -> None:
    """``st.table`` with every text cell, index value and column title quoted as plain text:
    st.table renders Markdown in cells, and its cells hold names, labels and file values.

    The quoted copy, as Arrow, is made once per frame (``ui.prepared``): a cached view's
    table is not quoted and converted again on every run. Streamlit shows the Arrow table
    as it would the frame: the index is in its pandas metadata, hidden when a plain range."""
    shown = prepared.once(data, "quoted", lambda: _quote(data))
    converted = prepared.arrow(shown)
    if converted is None:
        st.table(shown, **options)
    else:
        options.setdefault("hide_index", isinstance(shown.index, pd.RangeIndex))
        st.table(converted, **options)


def table_markup(
    frame: pd.DataFrame, *, label: str | None = None, links: Sequence[str] = ()
) -> str:
    """``frame`` as an escaped HTML table in the page's language (``linnedata.graphics.
    htmltable``: every cell, header and index value escaped, web addresses in ``links`` as
    links), made once per frame, language, label and links. ``label`` (the section's heading)
    names the box it scrolls sideways in on a narrow screen ("Tabell: …", as ``st.table``'s
    box is named by ``ui/a11y_page.js``); None draws none (for a table in a wide place)."""
    language = lang()
    name = None if label is None else f"{i18n.t('a11y_tabell', language)}: {label}"
    return prepared.once(
        frame,
        f"html-{language}-{name}-{'|'.join(links)}",
        lambda: htmltable.html_table(frame, lang=language, links=links, label=name),
    )


def html_table(
    frame: pd.DataFrame, *, label: str | None = None, links: Sequence[str] = (), note: str = ""
) -> None:
    """``frame`` drawn as an escaped HTML table (:func:`table_markup`). Unlike
    ``st.table``/``st.dataframe`` it sends no Arrow bytes each run and needs no table
    component in the browser (issue 23). ``note`` (plain text, escaped here) is drawn under
    the table as a caption, in the same element: one message a run, not two."""
    table = table_markup(frame, label=label, links=links)
    inline.html(table + a11y.note_html(note) if note else table)


def dataframe(data: pd.DataFrame, **options: Any) -> None:
    """``st.dataframe`` (its cells are plain text) of a frame converted to Arrow once."""
    converted = prepared.arrow(data)
    st.dataframe(data if converted is None else converted, **options)


def headed(heading: str, *paragraphs: str) -> None:
    """A section heading (h2, as ``st.header``) and the paragraphs under it as one element:
    one message per run instead of one each (issue 23). ``heading`` is our own text; each
    paragraph is our own Markdown with every outside text escaped (``safe``, ``say``);
    empty ones are left out."""
    st.markdown("\n\n".join([f"## {heading}", *(p for p in paragraphs if p)]))


CHART_CONFIG = {"displayModeBar": False}
"""The plotly charts' settings: no mode bar (the downloads sit below each chart)."""


def chart(figure: go.Figure, *, key: str, name: str, min_width: int | None = None) -> None:
    """``st.plotly_chart`` of a cached view's figure (its dict made once: ``ui.prepared``)
    with an accessible name, scrolling sideways below ``min_width`` (see ``ui.a11y.chart``)."""
    a11y.chart(
        prepared.figure(figure), name=name, key=key, min_width=min_width, config=CHART_CONFIG
    )


def _quote(data: pd.DataFrame) -> pd.DataFrame:
    shown = data.copy()
    shown.columns = [safe(c) for c in shown.columns]
    shown.index = shown.index.map(lambda v: safe(v) if isinstance(v, str) else v)
    if shown.index.name is not None:
        shown.index.name = safe(shown.index.name)
    for index in range(shown.shape[1]):
        column = shown.iloc[:, index]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            shown.isetitem(index, column.map(lambda v: safe(v) if isinstance(v, str) else v))
    return shown


def num(value: float | None, decimals: int = 1) -> str:
    """A number formatted for the chosen language (decimal comma in Swedish)."""
    return i18n.fmt_number(value, decimals, lang())


def language_switch(container: Any = None) -> None:
    """The language choice, in the sidebar unless ``container`` says where; kept in the URL
    as ``?lang=en``."""
    st.session_state["lang_switch"] = lang()
    (container or st.sidebar).segmented_control(
        tr("sprak"),
        options=list(i18n.LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang_switch",
        on_change=_set_language,
    )
    if lang() == i18n.DEFAULT_LANG:
        drop_url_value(urls.LANG)
    else:
        set_url_value(urls.LANG, lang())


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
    _recall(store, key, options, default, in_url)
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
        value = place.selectbox(label, options, placeholder=tr("streamlit_valj_ett"), **common)
    store[key] = value
    if in_url:
        set_url_value(key, value)
    return value


def remembered(key: str, options: Sequence[str] | Mapping[str, str], default: str) -> str:
    """A :func:`bound_select`'s value without drawing it (while its expander is closed): the
    session's, else the URL's, else ``default``; kept in the URL as the widget keeps it."""
    store = _store()
    _recall(store, key, list(options), default, True)
    set_url_value(key, store[key])
    return store[key]


def _recall(
    store: dict[str, Any], key: str, options: list[str], default: str, in_url: bool
) -> None:
    """Put the session's value of ``key`` in ``store``: kept while it is an option; the first
    time in a session the URL's when that is one (otherwise a short notice), else ``default``."""
    if key not in store or store[key] not in options:
        wanted = url_value(key) if in_url else None
        if wanted is not None and wanted not in options:
            st.toast(say("url_ogiltig", key=key, value=wanted))
        store[key] = wanted if wanted in options else default


def input_row(count: int) -> list[Any]:
    """Where a page's ``count`` inputs go: one horizontal container, the same for each, so
    the row is one message to the browser instead of one per column (each costs server CPU
    on every run: docs/notes-views.md). Inputs share the row's width and align at the bottom."""
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    return [row] * count


def _remember(key: str, options: list[str]) -> None:
    """on_change of a bound widget: remember the user's choice (an emptied control keeps the old one)."""
    if st.session_state.get(key) in options:
        _store()[key] = st.session_state[key]


def url_value(key: str) -> str | None:
    """The query parameter ``key`` as the app reads it: NFKC-normalised and stripped, so a
    look-alike (``?kommun=０７８０``) is the value it looks like, never a second one."""
    changes = this_run().get("url", {})
    wanted = changes[key] if key in changes else st.query_params.get(key)
    return None if wanted is None else unicodedata.normalize("NFKC", wanted).strip()


URL_LIST_SEPARATOR = urls.LIST_SEPARATOR
"""Joins the values of a multi-choice in the URL: ``?kommuner=0780,0765``."""


def _from_url(
    key: str, wanted: str, shown: Mapping[str, str], max_selections: int | None
) -> list[str]:
    """The valid values of a list in the URL, in order; a notice names those dropped."""
    parts = [p.strip() for p in wanted.split(URL_LIST_SEPARATOR) if p.strip()]
    valid = list(dict.fromkeys(p for p in parts if p in shown))
    invalid = [p for p in parts if p not in shown]
    if max_selections is not None and len(valid) > max_selections:
        invalid += valid[max_selections:]
        valid = valid[:max_selections]
    if not valid:
        st.toast(say("url_ogiltig", key=key, value=wanted))
    elif invalid:
        st.toast(say("url_ogiltig_del", key=key, value=URL_LIST_SEPARATOR.join(invalid)))
    return valid


def bound_multiselect(
    key: str,
    options: Mapping[str, str],
    default: Sequence[str],
    label: str,
    *,
    max_selections: int | None = None,
    container: Any = None,
    in_url: bool = True,
) -> list[str]:
    """A multiselect whose choice survives page switches and lives in the URL as ``?key=a,b``.

    The first time in a session the choice comes from the URL: values that are not options
    are dropped with a short notice naming them (and so are values beyond
    ``max_selections``); when nothing valid is left, ``default`` is used. The choice is
    written back to the URL in the order chosen, so the view can be shared.

    Args:
        key: the widget key and the query parameter's name.
        options: ``{value: what the user sees}``.
        default: used when neither the session nor the URL has a valid choice.
        label: the widget's label (already translated).
        max_selections: at most this many values.
        container: where to draw it; the page by default.
        in_url: whether the choice is kept in the URL.

    Returns:
        The chosen values, in the order chosen.
    """
    shown = dict(options)
    store = _store()
    remembered = store.get(key)
    if not isinstance(remembered, list) or any(v not in shown for v in remembered):
        wanted = url_value(key) if in_url else None
        # an empty ?key= means nothing chosen: the default
        chosen = _from_url(key, wanted, shown, max_selections) if wanted else []
        chosen = chosen or list(default)
        store[key] = chosen[:max_selections] if max_selections else chosen
    st.session_state[key] = list(store[key])
    place = container or st
    value = place.multiselect(
        label,
        list(shown),
        format_func=shown.__getitem__,
        key=key,
        max_selections=max_selections,
        placeholder=tr("streamlit_valj_flera"),
        on_change=_remember_many,
        args=(key, list(shown)),
    )
    store[key] = list(value)
    if in_url:
        set_url_value(key, URL_LIST_SEPARATOR.join(value))
    return list(value)


def remembered_many(key: str, options: Mapping[str, str]) -> list[str]:
    """A bound multiselect's choice without drawing it (e.g. while it is hidden): the
    session's, else the URL's; only values that are options."""
    remembered = _store().get(key)
    if not isinstance(remembered, list):
        remembered = (url_value(key) or "").split(URL_LIST_SEPARATOR)
    return [value for value in remembered if value in options]


def _remember_many(key: str, options: list[str]) -> None:
    """on_change of a bound multiselect: remember the user's choice."""
    value = st.session_state.get(key)
    if isinstance(value, list) and all(v in options for v in value):
        _store()[key] = list(value)


def bound_text(key: str, label: str, *, placeholder: str = "", container: Any = None) -> str:
    """A text input whose value survives page switches and lives in the URL (``?key=…``,
    at most ``urls.MAX_TEXT`` characters: a longer URL value is cut, never trusted whole).

    Args:
        key: the widget key and the query parameter's name.
        label: the widget's label (already translated).
        placeholder: shown while empty.
        container: where to draw it; the page by default.

    Returns:
        The text as typed (stripped).
    """
    store = _store()
    if not isinstance(store.get(key), str):
        store[key] = (url_value(key) or "")[: urls.MAX_TEXT]
    st.session_state[key] = store[key]
    value = (container or st).text_input(
        label,
        key=key,
        placeholder=placeholder,
        max_chars=urls.MAX_TEXT,
        on_change=_remember_text,
        args=(key,),
    )
    store[key] = value
    if value.strip():
        set_url_value(key, value.strip())
    else:
        drop_url_value(key)
    return value.strip()


def _remember_text(key: str) -> None:
    """on_change of a bound text input: remember what was typed."""
    value = st.session_state.get(key)
    if isinstance(value, str):
        _store()[key] = value


def remember(key: str, value: Any) -> None:
    """Set a bound widget's value from code (e.g. a shortcut button's on_click)."""
    _store()[key] = value
