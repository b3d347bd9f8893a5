"""The page script and style every page draws (ui/a11y.py, ui/a11y_page.js, .css)."""

from __future__ import annotations

import json
import re

import pytest

from linnedata.graphics.charts import contrast_ratio
from ui import a11y


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_script_is_whole_and_carries_the_language_and_its_words(lang: str) -> None:
    script = a11y._page_script(lang)
    assert script.startswith("<script>") and script.endswith("</script>")  # noqa: PT018
    assert "__CONFIG__" not in script
    config = re.search(r"const CONFIG = (\{.*?\});\n", script).group(1)
    values = json.loads(config)
    assert values["lang"] == lang
    assert values["table"] == {"sv": "Tabell", "en": "Table"}[lang]
    to = {"sv": "Visa lösenord", "en": "Show password"}[lang]
    assert [pattern for pattern, said in values["words"] if said == to] != []
    assert values["style"] == a11y._page_style()  # the script carries the style


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
    a11y._focus_requested()
    assert drawn == []
    a11y.focus_next_run("status")
    a11y._focus_requested()
    a11y._focus_requested()
    assert len(drawn) == 1
    assert '".st-key-a11y_fokus_status"' in drawn[0]
