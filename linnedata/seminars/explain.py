"""Why each municipality sits where it does, and the gaps, in words."""

from __future__ import annotations

from typing import Any

import pandas as pd

from linnedata import i18n
from linnedata.seminars.plan import Plan, Seminar
from linnedata.seminars.preferences import PRESSING_FROM

# --- explanations ------------------------------------------------------------------------


def reason(row: Any, lang: str = "sv") -> str:
    """Why a municipality sits in its seminar, e.g. "prio 1" or "låst av arrangören, prio 2".

    Args:
        row: a row of ``Plan.placements`` (``rang``, ``medelbetyg``, ``last``, ``tackt``,
            ``fullt``).
        lang: ``"sv"`` or ``"en"``.
    """
    covered = bool(getattr(row, "tackt", False))
    if row.rang > 0:
        text = i18n.t("sem_skal_prio", lang, rank=int(row.rang))
    elif not pd.isna(row.medelbetyg) and row.medelbetyg >= PRESSING_FROM:
        text = i18n.t("sem_skal_angelaget", lang, rating=i18n.fmt_number(row.medelbetyg, 1, lang))
    elif covered and row.last:
        text = i18n.t("sem_skal_ej_bland", lang)
    elif covered:
        # "full" only when every seminar on its priorities is at the maximum size; else
        # the minimum size here or a county limit there kept it out
        full = bool(getattr(row, "fullt", True))
        text = i18n.t("sem_skal_fullt" if full else "sem_skal_granser", lang)
    else:
        text = i18n.t("sem_skal_ingen", lang)
    if row.last:
        text = i18n.t("sem_skal_last", lang, reason=text)
    return text


def gap_text(cause: str, topic_label: str, lang: str = "sv") -> str:
    """Why a seminar has no researcher: ``"ingen"`` fits it, or those who fit are ``"upptagna"``."""
    if cause == "ingen":
        return i18n.t("sem_lucka_ingen", lang, topic=topic_label)
    return i18n.t("sem_lucka_upptagna", lang, topic=topic_label)


def explain(plan: Plan, labels: dict[str, str], lang: str = "sv") -> list[str]:
    """One line per placement: "Växjö → Bostadsplanering: prio 1"."""
    return [
        f"{row.kommun} → {labels[row.topic]}: {reason(row, lang)}"
        for row in plan.placements.itertuples(index=False)
    ]


def seminar_label(seminar: Seminar, plan: Plan, labels: dict[str, str]) -> str:
    """The seminar's name: its topic, numbered when the topic has parallel seminars."""
    same = [s for s in plan.seminars if s.topic == seminar.topic]
    if len(same) == 1:
        return labels[seminar.topic]
    return f"{labels[seminar.topic]} {same.index(seminar) + 1}"
