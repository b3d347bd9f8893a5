"""The reports' proposals and projects: the Regionrapport lists the top 10 proposals (public
fields only), both reports say what the follow-up record holds under the small-numbers rule."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from linnedata import i18n
from linnedata.competence import projects as proposals
from linnedata.competence.registry import demo_researchers
from linnedata.demo import load_demo
from linnedata.reports import pdf
from linnedata.reports.typeset import Bullets, Paragraph, Table

SURVEYS = load_demo()


def record(n: int, statuses: list[str], code: str = "0780") -> dict:
    return {
        "id": n,
        "title": f"Hemligt projekt {n}",
        "status": statuses[-1],
        "areas": ("skolutveckling",),
        "municipalities": (code,),
        "researchers": ("Exempelforskare Anna Ek (fiktiv)",),
        "granted": 300_000 if "beviljad" in statuses else None,
        "round_label": "2023",
        "history": [{"status_to": s} for s in statuses],
    }


PROJECTS = (
    record(1, ["idé"]),
    record(2, ["idé", "kontakt"]),
    record(3, ["idé", "kontakt", "möte"]),
    record(4, ["ansökan", "beviljad"]),
)
DATA = dataclasses.replace(pdf.ReportData.of_surveys(SURVEYS, is_demo=True), projects=PROJECTS)


def section(report, title: str):
    return next(s for s in report.sections if s.heading == title)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_regionrapport_lists_the_top_ten_proposals_by_score(lang: str) -> None:
    report = pdf.region_document(DATA, "2024", lang)
    found = section(report, i18n.t("rapport_forslag", lang, n=10))
    lines = next(b for b in found.blocks if isinstance(b, Bullets)).items
    assert len(lines) == proposals.TOP_N
    scores = [int(re.match(r"\d+\. \((?:score )?(\d+)", line).group(1)) for line in lines]
    assert scores == sorted(scores, reverse=True)
    assert [line.split(".")[0] for line in lines] == [str(n) for n in range(1, 11)]
    expected = proposals.find_proposals(
        proposals.eligibility(SURVEYS["2024"]),
        demo_researchers(),
        DATA.dataset.names,
        DATA.taxonomy,
        lang,
        commitments={"Exempelforskare Anna Ek (fiktiv)": 4},
    )
    assert scores == [p.score.total for p in expected[:10]]


def test_a_report_never_shows_a_capacity_the_registry_keeps_private() -> None:
    report = pdf.region_document(DATA, "2024", "sv")
    lines = next(
        b for b in section(report, i18n.t("rapport_forslag", "sv", n=10)).blocks
        if isinstance(b, Bullets)
    ).items  # fmt: skip
    text = "\n".join(lines)
    assert "Exempelforskare" in text  # names are public in the demo list
    assert not re.search(r"\(fiktiv\) \(\d+\)", text)  # capacity is not (the default)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_both_reports_say_what_the_follow_up_record_holds_small_numbers_hidden(
    lang: str,
) -> None:
    region = section(pdf.region_document(DATA, "2024", lang), i18n.t("proj_profil_rubrik", lang))
    funnel = next(b for b in region.blocks if isinstance(b, Table))
    assert [row[1] for row in funnel.rows] == ["4", "3", "..", "..", ".."]
    texts = [b.text for b in region.blocks if isinstance(b, Paragraph)]
    assert i18n.t("proj_beviljat_dolt", lang, least=3) in texts
    fewer = i18n.t("proj_farre_an", lang, least=3)
    since = i18n.t("proj_sedan_del", lang, n=4, area="", granted=fewer).split(" ")[0]
    assert any(t.startswith(("Sedan 2023: " if lang == "sv" else "Since 2023: ") + since)
               for t in texts)  # fmt: skip
    municipality = section(
        pdf.kommun_document(DATA, "0780", "2024", lang), i18n.t("proj_profil_rubrik", lang)
    )
    assert municipality.blocks[0].text == i18n.t("proj_profil_antal", lang, n=4, granted=fewer)
    other = section(
        pdf.kommun_document(DATA, "0680", "2024", lang), i18n.t("proj_profil_rubrik", lang)
    )
    assert other.blocks[0].text == i18n.t("proj_profil_inga", lang)
    every = str(pdf.region_document(DATA, "2024", lang)) + str(
        pdf.kommun_document(DATA, "0780", "2024", lang)
    )
    assert "Hemligt projekt" not in every  # no titles: aggregates only


def test_the_printed_regionrapport_has_the_proposals_and_the_projects() -> None:
    content = pdf.region_report(DATA, "2024", "sv")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "De 10 starkaste förslagen till gemensamma projekt" in text
    assert "Projekt med universitetet" in text
    assert "1. (" in text
