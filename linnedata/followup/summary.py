"""What the follow-up record says: the funnel, projects per area and municipality, totals,
capacity taken, what came of the last round, and the table every export writes.

Visitors see aggregates only, under the one small-numbers rule
(:mod:`linnedata.figures.disclosure`): a count of 1 or 2 projects is hidden, and so is a total
granted that rests on fewer than 3 granted projects. Readers and stewards see the projects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from linnedata.figures import disclosure
from linnedata.followup.rules import FREE_STATUSES, STATUSES
from linnedata.i18n import fmt_number, t
from linnedata.taxonomy import Taxonomy

FUNNEL = ("idé", "kontakt", "möte", "ansökan", "beviljad")
"""The funnel's stages: a project counts in every stage up to the furthest it reached."""

_REACHED = {"idé": 0, "kontakt": 1, "möte": 2, "ansökan": 3, "avslagen": 3, "beviljad": 4}
"""How far in :data:`FUNNEL` a status shows a project came (``pågår`` and ``avslutad``
add nothing: a project may run without an application)."""

GRANTED = ("beviljad", "pågår", "avslutad")
"""Statuses that count a project's granted amount (when it has one)."""

EXPORT_FIELDS = [
    "id",
    "title",
    "status",
    "areas",
    "municipalities",
    "researchers",
    "form_id",
    "funder",
    "applied",
    "granted",
    "cofinancing",
    "start",
    "end",
    "links",
    "notes",
    "round_label",
    "created_at",
    "created_by",
    "history",
]


def statuses_had(project: dict[str, Any]) -> list[str]:
    """Every status the project has had, in order (from its history)."""
    had = [h["status_to"] for h in project.get("history", ())]
    return had or [project["status"]]


def furthest(project: dict[str, Any]) -> int:
    """The index in :data:`FUNNEL` of the furthest stage the project reached."""
    return max(_REACHED.get(s, 0) for s in statuses_had(project))


def funnel(projects: Iterable[dict[str, Any]]) -> dict[str, int]:
    """``{stage: projects that reached it}`` over :data:`FUNNEL` (never increasing)."""
    reached = Counter(furthest(p) for p in projects)
    return {stage: sum(n for i, n in reached.items() if i >= k) for k, stage in enumerate(FUNNEL)}


def commitments(projects: Iterable[dict[str, Any]]) -> dict[str, int]:
    """``{researcher: projects they are in}`` over projects not ``avslagen``/``avslutad``."""
    taken: Counter[str] = Counter()
    for project in projects:
        if project["status"] not in FREE_STATUSES:
            taken.update(set(project["researchers"]))
    return dict(taken)


def total_granted(projects: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """``(SEK granted, projects it rests on)`` over projects granted (or running since)."""
    amounts = [
        int(p["granted"])
        for p in projects
        if p["status"] in GRANTED and p.get("granted") is not None
    ]
    return sum(amounts), len(amounts)


def per_key(projects: Iterable[dict[str, Any]], field: str) -> Counter[str]:
    """Projects per area (``field="areas"``) or municipality (``"municipalities"``)."""
    counted: Counter[str] = Counter()
    for project in projects:
        counted.update(set(project[field]))
    return counted


def public_table(
    projects: list[dict[str, Any]],
    field: str,
    labels: dict[str, str],
    lang: str,
) -> pd.DataFrame:
    """Projects and granted projects per area or municipality, small counts hidden (text).

    Returns:
        ``<label column>, projekt, beviljade`` in the language, one row per key with a
        project, most projects first; a hidden count reads "–".
    """
    every = per_key(projects, field)
    granted = per_key((p for p in projects if furthest(p) >= FUNNEL.index("beviljad")), field)
    rows = sorted(every.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
    return pd.DataFrame(
        {
            t(f"proj_agg_{field}", lang): [labels.get(k, k) for k, _ in rows],
            t("proj_agg_projekt", lang): [disclosure.shown_count(n) for _, n in rows],
            t("proj_agg_beviljade", lang): [disclosure.shown_count(granted[k]) for k, _ in rows],
        }
    )


def funnel_table(projects: list[dict[str, Any]], lang: str, *, public: bool) -> pd.DataFrame:
    """The funnel as ``stage label, projects`` (counts hidden by the rule when ``public``)."""
    stages = funnel(projects)
    return pd.DataFrame(
        {
            t("proj_agg_steg", lang): [t(f"proj_status_{s}", lang) for s in stages],
            t("proj_agg_projekt", lang): [
                disclosure.shown_count(n) if public else str(n) for n in stages.values()
            ],
        }
    )


def granted_sentence(projects: list[dict[str, Any]], lang: str, *, public: bool) -> str:
    """ "Beviljat hittills: 1 200 000 kr i 3 projekt." (hidden when public and 1–2 projects)."""
    amount, n = total_granted(projects)
    if public and disclosure.is_hidden(n):
        return t("proj_beviljat_dolt", lang, least=disclosure.MIN_COUNT)
    return t("proj_beviljat_summa", lang, amount=fmt_number(amount, 0, lang), n=n)


def since_line(
    projects: list[dict[str, Any]],
    round_label: str,
    taxonomy: Taxonomy,
    lang: str,
    *,
    public: bool,
) -> str:
    """What came of a round's proposals: "Sedan 2024: 3 projekt inom Skolutveckling (1
    beviljat); …" over the projects recorded from that round, areas with most first; "" when
    none. Counts the rule hides read "färre än 3" when ``public``."""
    chosen = [p for p in projects if p.get("round_label") == round_label]
    if not chosen:
        return ""
    areas = per_key(chosen, "areas")
    granted = per_key((p for p in chosen if furthest(p) >= FUNNEL.index("beviljad")), "areas")
    labels = taxonomy.labels("area", lang)
    parts = [
        t(
            "proj_sedan_del",
            lang,
            n=_count(n, public, lang),
            area=labels.get(area, area),
            granted=_count(granted[area], public, lang),
        )
        for area, n in sorted(areas.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
    ]
    return t("proj_sedan", lang, round=round_label, parts="; ".join(parts))


def _count(n: int, public: bool, lang: str) -> str:
    if public and disclosure.is_hidden(n):
        return t("proj_farre_an", lang, least=disclosure.MIN_COUNT)
    return str(n)


def export_table(
    projects: list[dict[str, Any]], names: dict[str, str], taxonomy: Taxonomy, lang: str
) -> pd.DataFrame:
    """Every project, one row each, with readable values and its status history as text;
    the column names in ``lang``. Written only through ``linnedata.export`` (formula-safe)."""
    areas = taxonomy.labels("area", lang)
    forms = taxonomy.labels("form", lang)
    rows = []
    for p in projects:
        rows.append(
            {
                "id": p["id"],
                "title": p["title"],
                "status": t(f"proj_status_{p['status']}", lang),
                "areas": "; ".join(areas.get(a, a) for a in p["areas"]),
                "municipalities": "; ".join(names.get(c, c) for c in p["municipalities"]),
                "researchers": "; ".join(p["researchers"]),
                "form_id": forms.get(p["form_id"], "") if p["form_id"] else "",
                "funder": p["funder"],
                "applied": p["applied"],
                "granted": p["granted"],
                "cofinancing": "; ".join(
                    f"{names.get(c, c)}: {fmt_number(v, 0, lang)}"
                    for c, v in p["cofinancing"].items()
                ),
                "start": p["start"].isoformat() if p["start"] else "",
                "end": p["end"].isoformat() if p["end"] else "",
                "links": " ".join(p["links"]),
                "notes": p["notes"],
                "round_label": p["round_label"] or "",
                "created_at": _when(p["created_at"]),
                "created_by": p["created_by"],
                "history": history_text(p, lang),
            }
        )
    table = pd.DataFrame(rows, columns=EXPORT_FIELDS)
    return table.rename(columns={c: t(f"proj_kol_{c}", lang) for c in EXPORT_FIELDS})


def history_text(project: dict[str, Any], lang: str) -> str:
    """The status history in one line: "2025-01-10 anna: idé; 2025-02-01 bo: idé → kontakt"."""
    parts = []
    for h in project.get("history", ()):
        step = t(f"proj_status_{h['status_to']}", lang)
        before = h["status_from"]
        if before and before != h["status_to"]:
            step = t(f"proj_status_{before}", lang) + " → " + step
        fields = [f for f in h["changes"] if f != "status"]
        extra = f" ({', '.join(t(f'proj_falt_{f}', lang) for f in fields)})" if fields else ""
        parts.append(f"{_when(h['at'])} {h['by']}: {step}{extra}")
    return "; ".join(parts)


def _when(moment: Any) -> str:
    """A stored moment (UTC; SQLite gives it back without a zone) in Swedish time."""
    if moment is None:
        return ""
    stamp = pd.Timestamp(moment)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert("Europe/Stockholm").strftime("%Y-%m-%d %H:%M")


def status_labels(lang: str) -> dict[str, str]:
    """``{status: its label}`` in ``lang``, in funnel order."""
    return {s: t(f"proj_status_{s}", lang) for s in STATUSES}
