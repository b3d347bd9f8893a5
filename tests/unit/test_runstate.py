"""Per-run state (ui/runstate.py): a run's URL changes as one message; the collector settled."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.runtime.state.query_params import QueryParams
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, {str(ROOT)!r})
    import streamlit as st
    from ui import runstate, url_value

    runstate.start_run()
    runstate.set_url_value("omgang", "2023")
    runstate.set_url_value("niva", "theme")
    runstate.drop_url_value("matt")
    st.text(url_value("omgang") or "-")  # a write is read back within the run
    runstate.write_url()
    """
)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URL messages sent to the browser (one per call of Streamlit's sender)."""
    messages: list[str] = []
    original = QueryParams._send_query_param_msg

    def counting(self: QueryParams) -> None:
        messages.append(str(self))
        original(self)

    monkeypatch.setattr(QueryParams, "_send_query_param_msg", counting)
    return messages


def test_a_run_s_url_changes_go_as_one_message_and_none_when_nothing_changes(
    tmp_path: Path, sent: list[str]
) -> None:
    script = tmp_path / "app.py"
    script.write_text(SCRIPT, encoding="utf-8")
    app = AppTest.from_file(str(script), default_timeout=30)
    app.query_params.update({"matt": "medelbetyg", "lang": "en"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.text[0].value == "2023"
    assert len(sent) == 1  # three changes, one message
    assert dict(app.query_params) == {"lang": "en", "omgang": "2023", "niva": "theme"}
    app.run()  # the URL already says all of it
    assert len(sent) == 1


def test_after_a_run_that_imported_modules_the_heap_is_frozen_again() -> None:
    """The first run freezes the heap and lets the young generation wait longer; a run that
    imported nothing new freezes nothing more; one after an import freezes what it brought."""
    code = (
        "import gc\n"
        "from ui import runstate\n"
        "assert gc.get_freeze_count() == 0\n"
        "runstate.after_run()\n"
        "first = gc.get_freeze_count()\n"
        "runstate.after_run()\n"
        "same = gc.get_freeze_count() == first\n"
        "import colorsys, wave  # not imported by the app\n"
        "runstate.after_run()\n"
        "print(gc.get_threshold()[0], first > 0, same, gc.get_freeze_count() > first)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    from ui import runstate

    assert out.stdout.split() == [str(runstate.YOUNG_THRESHOLD), "True", "True", "True"]
