"""The shipped Streamlit settings: the ones the issue asks for, each explained by a comment."""

from __future__ import annotations

import tomllib
from pathlib import Path

from linnedata.survey import MAX_BYTES

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_visitors_see_an_errors_type_only_and_uploads_are_capped() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "type"
    assert config["server"]["maxUploadSize"] * 1_000_000 >= MAX_BYTES  # the reader's own cap


def test_every_setting_has_a_comment_saying_why() -> None:
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    undocumented = []
    for number, line in enumerate(lines):
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        if line.split("=")[0].strip() in {"headless", "runOnSave", "gatherUsageStats"}:
            continue  # Streamlit's own defaults for a server, named in `streamlit config show`
        if not lines[number - 1].lstrip().startswith("#"):
            undocumented.append(line)
    assert undocumented == []
