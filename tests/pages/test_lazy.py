"""ui.lazy's tabs and expanders when their labels change: a language switch keeps what was
open; a tab that is still there after the panels changed stays open."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _tabs_app() -> None:
    import streamlit as st

    from ui import lazy

    found = lazy.opened_tab(st.session_state.get("labels", ["A", "B", "C"]), key="tabs")
    st.markdown(f"open: {found[0] if found else None}")  # the open tab's label
    box = lazy.opened(st.session_state.get("label", "Tabell"), key="box")
    st.markdown(f"box: {box is not None}")


def _shown(app: AppTest) -> list[str]:
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return [m.value for m in app.markdown]


def test_a_tab_and_an_expander_keep_open_when_their_labels_change() -> None:
    app = AppTest.from_function(_tabs_app)
    assert _shown(app) == ["open: A", "box: False"]
    app.session_state["tabs"] = "B"
    app.session_state["box"] = True
    assert _shown(app) == ["open: B", "box: True"]
    app.session_state["labels"] = ["Ny", "A", "B", "C"]  # a panel added before: B stays
    app.session_state["label"] = "Table"  # the words changed: still open
    assert _shown(app) == ["open: B", "box: True"]
    app.session_state["labels"] = ["Nw", "a", "b", "c"]  # a language switch: the same place
    assert _shown(app) == ["open: b", "box: True"]
    app.session_state["labels"] = ["x", "y"]  # neither: the first
    assert _shown(app) == ["open: x", "box: True"]
    app.session_state["box"] = False
    assert _shown(app) == ["open: x", "box: False"]
    app.session_state["label"] = "Tabell"
    assert _shown(app) == ["open: x", "box: False"]  # closed stays closed
