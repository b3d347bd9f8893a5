"""The demo's fictional questionnaire round open for answers (shown on the Enkät page while the
app runs on demo data): tracking figures as the store gives them, made up and labelled so."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from linnedata.demo import SEED
from linnedata.places.region import default_region

OPEN_ROUND = "Exempel 2025"
"""The label of the demo's fictional questionnaire round open for answers."""
OPEN_ROUND_OPENS = datetime(2025, 9, 1).date()
OPEN_ROUND_DAYS = 21


def open_round_tracking(region: pd.DataFrame | None = None, seed: int = SEED) -> pd.DataFrame:
    """A fictional open questionnaire round, as ``Store.questionnaire.tracking`` gives it:
    about half the municipalities have sent answers over three weeks, some have begun.

    Deterministic, dated from :data:`OPEN_ROUND_OPENS` (never the clock). Nobody answered it.
    """
    region = default_region() if region is None else region
    rng = np.random.default_rng([seed, 2025])
    rows = []
    for code, name in zip(region["kommun_kod"], region["kommun"], strict=True):
        draw = rng.random()
        submitted = int(rng.integers(1, 4)) if draw < 0.55 else 0
        started = submitted + (int(rng.integers(0, 2)) if submitted else int(draw < 0.7))
        day = int(rng.integers(0, OPEN_ROUND_DAYS))
        first = (
            pd.Timestamp(OPEN_ROUND_OPENS, tz="UTC") + pd.Timedelta(days=day, hours=9)
            if submitted
            else pd.NaT
        )
        rows.append((code, name, started, submitted, first, pd.NaT, False, 1))
    columns = ["kommun_kod", "kommun", "started", "submitted", "first_submitted_at",
               "reminded_at", "has_contact", "active_links"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
