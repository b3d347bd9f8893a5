"""Rules several views share: levels, links between pages, small-n marks, export headers."""

from __future__ import annotations

from urllib.parse import urlencode

from linnedata import charts, i18n
from linnedata.figures import contrasts
from linnedata.figures.ranks import LEVELS as LEVELS  # re-exported: the views' level rule
from linnedata.figures.ranks import key_of as key_of


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


def _query(query: dict[str, str], lang: str) -> dict[str, str]:
    if lang != i18n.DEFAULT_LANG:
        query["lang"] = lang
    return query


def profile_link(code: str, round_label: str, lang: str) -> str:
    """The relative link that opens a municipality's profile in a round and language.

    >>> profile_link("0780", "2024", "en")
    'kommunprofil?kommun=0780&omgang=2024&lang=en'
    """
    return "kommunprofil?" + urlencode(_query({"kommun": code, "omgang": round_label}, lang))


def compare_link(code: str, codes: list[str], round_label: str, lang: str) -> str:
    """The relative link that opens the Jämför page on a comparison set.

    >>> compare_link("0780", ["0780", "0765"], "2024", "sv")
    'jamfor?kommun=0780&kommuner=0780,0765&omgang=2024'
    """
    query = _query({"kommun": code, "kommuner": ",".join(codes), "omgang": round_label}, lang)
    return "jamfor?" + urlencode(query, safe=",")


def export_header(round_label: str, measure: str | None, lang: str, *, is_demo: bool) -> list[str]:
    """The lines above a downloaded table: source, round, measure, and the demo caveat."""
    lines = [i18n.t("export_kalla", lang), i18n.t("export_omgang", lang, round=round_label)]
    if measure is not None:
        lines.append(i18n.t("export_matt", lang, measure=i18n.t(f"matt_{measure}", lang)))
    if is_demo:
        lines.append(i18n.t("demo_notis", lang))
    return lines
