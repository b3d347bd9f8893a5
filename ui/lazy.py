"""Containers whose content a page makes only while they are open (issue 23): an expander
(:func:`opened`), a download menu (:func:`opened_menu`) and tabs (:func:`opened_tab`).

A closed form or menu then costs the run one element, not its widgets; opening or closing
one reruns the page, and the session keeps its state under the key given. (A figure's
"Visa som tabell" needs no run at all: ``ui.as_table``.) Streamlit makes an expander's or
tabs' identity from its labels, so a language switch would make a new, closed one: what
was open is remembered here and kept across it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_MADE = "lazy_made"
"""Session key of how each lazy container was last made: ``{key: (labels, default, open)}``
(one session key: every widget's run builds a dict of the whole session state)."""


def opened(label: str, *, key: str, keep: bool = False, open_first: bool = False) -> Any:
    """An expander whose content the page makes only while it is open: the expander if it
    is open (draw into it), else None. With ``keep`` the content is made even while closed
    (a widget in it holds something the page uses: an uploaded file). With ``open_first``
    it opens when first made on the page (a link that sets what it holds).

    Example (a page script; not a doctest, it needs a script run)::

        if box := ui.opened(ui.tr("proj_ny_ide"), key="proj_ny_oppen"):
            with box:
                new_project_form()
    """
    if open_first and key not in st.session_state:
        st.session_state[key] = True
    expanded = _made_with(key, (label,), False, lambda _label_then, was_open: bool(was_open))
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    _remember(key, (label,), expanded, box.open)
    return box if box.open or keep else None


def opened_menu(label: str, *, key: str) -> Any:
    """A download menu (``st.popover``) whose content the page makes only while it is open:
    the menu if it is open (draw into it), else None; as :func:`opened` for an expander.
    A menu open during a language switch closes (a click anywhere else closes it anyway)."""
    menu = st.popover(label, icon=":material/download:", key=key, on_change="rerun")
    return menu if menu.open else None


def opened_tab(labels: Sequence[str], *, key: str) -> tuple[str, Any] | None:
    """Tabs whose content the page makes only for the open one (a switch reruns the page;
    what was typed or chosen in a tab is not kept when another is opened): the open tab's
    label and the tab to draw into, or None; as :func:`opened`."""
    labels = tuple(labels)

    def reopen(labels_then: tuple[str, ...], position: int) -> str | None:
        # the same tab if it is still there (the panels changed), else the one in its place
        # when only the words changed (a language switch), else the first
        if labels_then[position] in labels:
            return labels_then[position]
        return labels[position] if len(labels) == len(labels_then) else None

    default = _made_with(key, labels, None, reopen)
    tabs = st.tabs(list(labels), default=default, key=key, on_change="rerun")
    position = next((index for index, tab in enumerate(tabs) if tab.open), None)
    _remember(key, labels, default, position or 0)
    return None if position is None else (labels[position], tabs[position])


def _made_with(
    key: str, labels: tuple[str, ...], default: Any, reopen: Callable[[Any, Any], Any]
) -> Any:
    """The default to make the container ``key`` with: the one it was made with while its
    labels stay the same (a new default would make a new, reset container), else what was
    open when the labels changed (``reopen(labels_then, open_then)``: a language switch
    keeps it open)."""
    made = st.session_state.get(_MADE, {}).get(key)
    if made is None:
        return default
    labels_then, default_then, open_then = made
    return default_then if labels_then == labels else reopen(labels_then, open_then)


def _remember(key: str, labels: tuple[str, ...], default: Any, now_open: Any) -> None:
    st.session_state.setdefault(_MADE, {})[key] = (labels, default, now_open)
