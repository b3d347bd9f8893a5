"""Rules several views share: levels, links between pages, small-n marks, export headers."""

from __future__ import annotations

from linnedata import i18n
from linnedata.figures import contrasts
from linnedata.figures.ranks import LEVELS as LEVELS  # re-exported: the views' level rule
from linnedata.figures.ranks import key_of as key_of
from linnedata.graphics import charts
from linnedata.urls import compare_link as compare_link  # re-exported for the views
from linnedata.urls import profile_link as profile_link


def is_small(n: int, kind: str) -> bool:
    """Whether a figure rests on too little: one respondent, or fewer than three municipalities.

    Args:
        n: the count the figure rests on.
        kind: ``"svarande"`` (respondents) or ``"kommuner"`` (municipalities).

    >>> is_small(1, "svarande"), is_small(2, "kommuner"), is_small(0, "kommuner")
    (True, True, False)
    """
    return n == 1 if kind == "svarande" else 0 < n < contrasts.MIN_GROUP


def marked(text: str, small: bool) -> str:
    """``text`` with the small-n mark (``charts.SMALL_MARK``) when ``small``."""
    return text + charts.SMALL_MARK if small else text


def export_header(round_label: str, measure: str | None, lang: str, *, is_demo: bool) -> list[str]:
    """The lines above a downloaded table: source, round, measure, and the demo caveat."""
    lines = [i18n.t("export_kalla", lang), i18n.t("export_omgang", lang, round=round_label)]
    if measure is not None:
        lines.append(i18n.t("export_matt", lang, measure=i18n.t(f"matt_{measure}", lang)))
    if is_demo:
        lines.append(i18n.t("demo_notis", lang))
    return lines
