"""Where the shipped data lives (``$LINNEDATA_DATA_DIR`` names another folder: tests, a
second deployment; read when the process starts)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LINNEDATA_DATA_DIR") or ROOT / "data")
DEMO_DIR = DATA_DIR / "demo"
