"""A plan as JSON and as the tables of its downloads."""

from __future__ import annotations

from typing import Any

import pandas as pd

from linnedata import i18n
from linnedata.seminars.explain import gap_text, reason, seminar_label
from linnedata.seminars.plan import Plan


def plan_json(
    plan: Plan,
    labels: dict[str, str],
    matches: pd.DataFrame | None = None,
    lang: str = "sv",
) -> dict[str, Any]:
    """The plan as plain values (for ``--json``)."""
    seminars = []
    for seminar in plan.seminars:
        rows = plan.placements.loc[plan.placements["seminarium"] == seminar.number]
        entry: dict[str, Any] = {
            "number": seminar.number,
            "topic": seminar.topic,
            "label": seminar_label(seminar, plan, labels),
            "municipalities": [
                {
                    "kommun_kod": row.kommun_kod,
                    "kommun": row.kommun,
                    "lan": row.lan,
                    "rank": int(row.rang),
                    "score": float(row.poang),
                    "locked": bool(row.last),
                    "reason": reason(row, lang),
                }
                for row in rows.itertuples(index=False)
            ],
        }
        if matches is not None:
            entry["researchers"] = matches.loc[
                matches["seminarium"] == seminar.number, "forskare"
            ].tolist()
        seminars.append(entry)
    return {
        "level": plan.level,
        "settings": plan.settings.as_dict(),
        "coverage": {"covered": plan.covered, "interested": plan.interested},
        "total_preference": plan.total_preference,
        "topics": plan.topics,
        "uncovered": list(plan.uncovered),
        "seminars": seminars,
    }


# --- export ------------------------------------------------------------------------------


def export_tables(
    plan: Plan,
    labels: dict[str, str],
    lang: str = "sv",
    *,
    round_label: str = "",
    matches: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The programme as tables: a summary sheet, one sheet per seminar, and one flat table.

    Args:
        plan: the plan.
        labels: topic id → name in ``lang``.
        lang: ``"sv"`` or ``"en"``.
        round_label: the survey round, for the summary.
        matches: ``Matching.matches`` (researchers per seminar), or None.
        gaps: ``Matching.gaps``, or None.

    Returns:
        ``(sheets, flat)``: sheet name → table for ``export.xlsx_bytes`` (the summary
        first), and one row per placement for ``export.csv_bytes``.
    """

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    names = dict(zip(plan.placements["kommun_kod"], plan.placements["kommun"], strict=True))
    researchers_of: dict[int, list[str]] = {}
    if matches is not None:
        for row in matches.itertuples(index=False):
            researchers_of.setdefault(int(row.seminarium), []).append(str(row.forskare))
    none = t("sem_export_inga")
    summary = _summary_rows(plan, labels, lang, round_label, names)
    sheets: dict[str, pd.DataFrame] = {}
    flat_rows = []
    for seminar in plan.seminars:
        label = seminar_label(seminar, plan, labels)
        rows = plan.placements.loc[plan.placements["seminarium"] == seminar.number]
        people = researchers_of.get(seminar.number, [])
        summary.append(
            (
                t("sem_export_seminarium", number=seminar.number, topic=label),
                t("sem_export_seminarium_rad", n=len(rows), researchers=", ".join(people) or none),
            )
        )
        sheets[f"{seminar.number} {label}"] = _seminar_sheet(
            seminar.number, label, rows, matches, gaps, lang
        )
        flat_rows += _flat_rows(seminar.number, label, rows, people, lang)
    summary_table = pd.DataFrame(summary, columns=[t("sem_export_uppgift"), t("sem_export_varde")])
    return {t("sem_export_sammanfattning"): summary_table, **sheets}, pd.DataFrame(flat_rows)


def _summary_rows(
    plan: Plan, labels: dict[str, str], lang: str, round_label: str, names: dict[str, str]
) -> list[tuple[str, str]]:
    """The summary sheet's rows about the settings and the whole plan."""

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    settings = plan.settings
    none = t("sem_export_inga")
    return [
        (t("sem_export_omgang"), round_label),
        (t("sem_export_niva"), t("niva_area" if plan.level == "area" else "niva_theme")),
        (t("sem_export_antal"), str(settings.seminars)),
        (t("sem_export_min"), str(settings.min_size)),
        (t("sem_export_max"), str(settings.max_size)),
        (
            t("sem_export_lan"),
            str(settings.county_cap) if settings.county_cap is not None else none,
        ),
        (t("sem_export_maste"), ", ".join(labels[x] for x in settings.include) or none),
        (t("sem_export_uteslutna"), ", ".join(labels[x] for x in settings.exclude) or none),
        (
            t("sem_export_lasta"),
            ", ".join(f"{names.get(c, c)} → {labels[x]}" for c, x in settings.locks) or none,
        ),
        (t("sem_export_tackning"), t("n_av_N", n=plan.covered, N=plan.interested)),
        (t("sem_export_preferens"), i18n.fmt_number(plan.total_preference, 1, lang)),
        (t("sem_export_utanfor"), ", ".join(names[c] for c in plan.uncovered) or none),
    ]


def _seminar_sheet(
    number: int,
    label: str,
    rows: pd.DataFrame,
    matches: pd.DataFrame | None,
    gaps: pd.DataFrame | None,
    lang: str,
) -> pd.DataFrame:
    """One seminar's sheet: its municipalities with their reasons, then its researchers
    (or the gap)."""

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    sheet_rows = [
        (t("kolumn_kommun"), row.kommun, row.lan, reason(row, lang))
        for row in rows.itertuples(index=False)
    ]
    if matches is not None:
        for row in matches.loc[matches["seminarium"] == number].itertuples(index=False):
            sheet_rows.append(
                (
                    t("sem_export_forskare"),
                    row.forskare,
                    row.forskningsmiljo,
                    t("sem_export_overlapp", n=int(row.overlap), N=len(rows)),
                )
            )
    if gaps is not None and number in set(gaps["seminarium"]):
        cause = gaps.loc[gaps["seminarium"] == number, "orsak"].iloc[0]
        sheet_rows.append((t("sem_export_forskare"), gap_text(cause, label, lang), "", ""))
    return pd.DataFrame(
        sheet_rows,
        columns=[
            t("sem_export_roll"),
            t("kolumn_namn"),
            t("sem_export_lan_miljo"),
            t("sem_export_skal"),
        ],
    )


def _flat_rows(
    number: int, label: str, rows: pd.DataFrame, people: list[str], lang: str
) -> list[dict[str, Any]]:
    """One seminar's placements as rows of the flat table."""

    def t(key: str) -> str:
        return i18n.t(key, lang)

    return [
        {
            t("sem_export_seminarium_kort"): number,
            t("sem_export_amne"): label,
            t("kolumn_kommun"): row.kommun,
            "kommun_kod": row.kommun_kod,
            t("sem_export_lan_kort"): row.lan,
            t("sem_export_skal"): reason(row, lang),
            t("sem_export_poang"): row.poang,
            t("sem_export_forskare_plural"): ", ".join(people),
        }
        for row in rows.itertuples(index=False)
    ]
