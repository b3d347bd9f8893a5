"""The page script and style every page draws (ui/a11y.py, ui/a11y_page.js, .css)."""

from __future__ import annotations

import json
import re

import pytest

from linnedata.graphics.charts import contrast_ratio
from ui import a11y


def test_the_page_head_is_the_style_and_a_whole_script_with_both_languages() -> None:
    head = a11y.page_head()
    style = f'<style id="linne-a11y-style">{a11y._page_style()}</style>'
    assert head.startswith(style)
    script = head[len(style) :]
    assert script.startswith("<script>") and script.endswith("</script>")  # noqa: PT018
    assert script.count("</script>") == 1
    assert "__CONFIG__" not in script
    values = json.loads(re.search(r"const CONFIG = (\{.*?\});\n", script).group(1))
    assert values["default"] == "sv"
    assert values["param"] == "lang"
    assert set(values["languages"]) == {"sv", "en"}
    for lang, table, shown in (("sv", "Tabell", "Visa lösenord"), ("en", "Table", "Show password")):
        texts = values["languages"][lang]
        assert texts["table"] == table
        assert [pattern for pattern, said in texts["words"] if said == shown] != []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_script_can_tell_each_run_s_language_from_the_title_app_py_sets(lang: str) -> None:
    values = json.loads(re.search(r"const CONFIG = (\{.*?\});\n", a11y.page_head()).group(1))
    title = a11y.page_title("Karta", lang)
    ends = [
        code for code, texts in values["languages"].items() if title.endswith(texts["titleEnd"])
    ]
    assert ends == [lang]


def test_the_focus_ring_is_two_tone_and_every_colour_is_filled_in() -> None:
    style = a11y._page_style()
    assert "__" not in style
    assert f"outline: {a11y.FOCUS_RING_WIDTH} solid {a11y.FOCUS_RING}" in style
    assert contrast_ratio(a11y.FOCUS_RING, a11y.FOCUS_HALO) >= 3
    # one of the two tones reaches 3:1 on any background: the worst case is mid-grey
    worst = min(
        max(contrast_ratio(a11y.FOCUS_RING, f"#{v:02x}{v:02x}{v:02x}"),
            contrast_ratio(a11y.FOCUS_HALO, f"#{v:02x}{v:02x}{v:02x}"))
        for v in range(256)
    )  # fmt: skip
    assert worst >= 3


def test_a_focus_request_draws_its_script_once(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    state: dict[str, str] = {}
    monkeypatch.setattr(a11y.st, "session_state", state)
    monkeypatch.setattr(a11y.st, "html", lambda body, **_: drawn.append(body))
    a11y.focus_requested()
    assert drawn == []
    a11y.focus_next_run("status")
    a11y.focus_requested()
    a11y.focus_requested()
    assert len(drawn) == 1
    assert '".st-key-a11y_fokus_status"' in drawn[0]
