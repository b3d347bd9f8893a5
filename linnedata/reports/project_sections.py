"""The reports' parts about joint projects: the Regionrapport's top proposals and, in both
reports, what the follow-up record says — as anyone may read it (a report is public):
aggregates under the one small-numbers rule, researchers' names and capacity only where the
registry marks them public."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from linnedata import i18n
from linnedata.competence import projects as proposals
from linnedata.figures import disclosure
from linnedata.followup import summary
from linnedata.reports.typeset import Block, Bullets, Paragraph, Section, Table
from linnedata.views.dataset import Dataset


def proposals_section(
    dataset: Dataset,
    registry: pd.DataFrame,
    records: Sequence[dict[str, Any]],
    round_label: str,
    lang: str,
) -> Section:
    """The top proposals of the round (rank, score and the one-sentence reason) and the rule."""
    found = proposals.find_proposals(
        proposals.eligibility(dataset.surveys[round_label]),
        registry,
        dataset.names,
        dataset.taxonomy,
        lang,
        commitments=summary.commitments(records),
    )[: proposals.TOP_N]
    title = i18n.t("rapport_forslag", lang, n=proposals.TOP_N)
    if not found:
        return Section(title, (Paragraph(i18n.t("komp_projekt_inga", lang)),))
    table = proposals.proposals_table(found, dataset.names, dataset.taxonomy, lang, registry)
    lines = tuple(
        i18n.t("rapport_forslag_rad", lang, rank=row.rang, score=row.poang, reason=row.skal)
        for row in table.itertuples(index=False)
    )
    rule = Paragraph(i18n.t("komp_projekt_regel", lang), "note")
    return Section(title, (Bullets(lines), rule))


def projects_section(
    dataset: Dataset,
    records: Sequence[dict[str, Any]],
    round_label: str,
    lang: str,
    code: str | None = None,
) -> Section:
    """Projects with the university: the region's funnel and total granted, or one
    municipality's count; and what came of the round before. Small counts hidden."""
    title = i18n.t("proj_profil_rubrik", lang)
    chosen = [p for p in records if code is None or code in p["municipalities"]]
    if not chosen:
        key = "proj_inga" if code is None else "proj_profil_inga"
        return Section(title, (Paragraph(i18n.t(key, lang)),))
    blocks: list[Block] = []
    if code is None:
        funnel = summary.funnel_table(chosen, lang, public=True)
        blocks.append(Table(tuple(funnel.columns), tuple(map(tuple, funnel.values)), (120, 60)))
        blocks.append(Paragraph(summary.granted_sentence(chosen, lang, public=True)))
    else:
        fewer = i18n.t("proj_farre_an", lang, least=disclosure.MIN_COUNT)
        granted = sum(summary.furthest(p) >= summary.FUNNEL.index("beviljad") for p in chosen)
        text = i18n.t(
            "proj_profil_antal",
            lang,
            n=disclosure.shown_count(len(chosen), fewer),
            granted=disclosure.shown_count(granted, fewer),
        )
        blocks.append(Paragraph(text))
    for label in sorted({str(p["round_label"]) for p in chosen if p.get("round_label")}):
        line = summary.since_line(chosen, label, dataset.taxonomy, lang, public=True)
        if line:
            blocks.append(Paragraph(line))
    blocks.append(
        Paragraph(i18n.t("proj_aggregat_forklaring", lang, least=disclosure.MIN_COUNT), "note")
    )
    return Section(title, tuple(blocks))
