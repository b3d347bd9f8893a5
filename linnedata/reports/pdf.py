"""Kommunrapport and Regionrapport as tagged A4 PDFs (Swedish or English).

Each report is built here as plain data — a title and a list of sections, each a heading
with paragraphs, lists, tables and figures (:mod:`linnedata.reports.typeset`) — and typeset
by Typst into a tagged PDF (PDF/UA-1): headings H1/H2, paragraphs, lists, tables with header
cells, the map as a figure with its text alternative and its values as a table, the running
footer as an artifact, ``/Lang`` and the title shown as the window title. The text is real
text in DejaVu Sans, shipped in ``data/fonts`` and embedded as a subset; the charts and the
map are vector drawings. See docs/notes-reports.md.

Every figure comes from the view layer (:class:`~linnedata.views.dataset.Dataset`,
:mod:`linnedata.views.profile`) and is formatted by the measure registry
(:mod:`linnedata.figures.measures`); the builders of this package add trends, roles and
co-financing. Nothing here computes a measure of its own. Every figure has its n beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from linnedata import i18n
from linnedata.competence import matching
from linnedata.competence.projects import join_words
from linnedata.competence.registry import demo_researchers
from linnedata.figures import cofinancing, disclosure, measures, method, municipality, trends
from linnedata.places.region import default_region
from linnedata.reports import drawings, project_sections, region_sections
from linnedata.reports.typeset import (
    FONT_FILES,
    Block,
    Bullets,
    Notice,
    Paragraph,
    Report,
    Section,
    Table,
    render,
)
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.views import profile as profile_view
from linnedata.views.dataset import Dataset

__all__ = [
    "FONT_FILES",
    "ReportData",
    "kommun_document",
    "kommun_report",
    "page_count",
    "region_document",
    "region_name",
    "region_report",
    "registry_finder",
    "shipped_researchers",
]

MAX_COUNTIES_NAMED = 4
"""A region of more counties is called "N län" in the title instead of naming them."""
RATING = measures.get("medelbetyg")
POINTS = measures.get("prioriteringspoang")
ResearcherFinder = Callable[[Sequence[str]], pd.DataFrame]
"""Area ids → ``forskare, forskningsmiljo, omraden`` (a tuple of area ids) of the researchers
whose areas include any of them. The competence registry can replace the shipped list here."""


def registry_finder(registry: pd.DataFrame) -> ResearcherFinder:
    """The researchers of a competence registry (``linnedata.competence.registry`` columns) for a
    report, which anyone may read: active rows only, and a field a researcher did not mark
    public is blanked (``competence.matching.public_view``; a hidden name reads "")."""
    people = matching.active(registry)

    def find(area_ids: Sequence[str]) -> pd.DataFrame:
        wanted = set(area_ids)
        hits = people.loc[people["omraden"].map(lambda areas: bool(wanted & set(areas)))]
        shown = matching.public_view(hits, registry)
        return shown[["forskare", "forskningsmiljo", "omraden"]].reset_index(drop=True)

    return find


def shipped_researchers(area_ids: Sequence[str]) -> pd.DataFrame:
    """Researchers from the shipped, fictional competence list (``data/demo/forskare.csv``)."""
    return registry_finder(demo_researchers())(area_ids)


@dataclass(frozen=True)
class ReportData:
    """What a report is made from.

    Attributes:
        dataset: the published rounds (or the demo) as the pages see them.
        find_researchers: see :data:`ResearcherFinder`.
        researcher_source: names the competence list in the report; None for the shipped
            fictional list (the report then says it is fictional).
        today: the date printed on the report.
        registry: the competence registry the Regionrapport's proposals match (None: the
            shipped fictional list); only its public fields reach the report.
        projects: the follow-up record (``Store.projects()``); shown as aggregates.
    """

    dataset: Dataset
    find_researchers: ResearcherFinder = shipped_researchers
    researcher_source: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    registry: pd.DataFrame | None = None
    projects: tuple[dict[str, Any], ...] = ()

    @classmethod
    def of_surveys(
        cls,
        surveys: Mapping[str, Survey],
        *,
        is_demo: bool,
        region: pd.DataFrame | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> ReportData:
        """Report data over ``surveys`` (the command line's way in: no app, no cache)."""
        region = default_region() if region is None else region
        taxonomy = default_taxonomy() if taxonomy is None else taxonomy
        return cls(Dataset(dict(surveys), region, taxonomy, is_demo=is_demo))

    @property
    def region(self) -> pd.DataFrame:
        """``kommun_kod, kommun, lan_kod, lan`` of the region."""
        return self.dataset.region

    @property
    def taxonomy(self) -> Taxonomy:
        """Areas, themes and forms."""
        return self.dataset.taxonomy

    def per_round(self) -> dict[str, pd.DataFrame]:
        """Area measures of every round, oldest first."""
        return {
            label: self.dataset.per_municipality(label, "area")
            for label in trends.round_order(self.dataset.surveys)
        }


def region_name(region: pd.DataFrame, lang: str) -> str:
    """The region as its counties: "Kalmar län och Blekinge län", or "21 län" when many.

    >>> table = pd.DataFrame({"lan": ["Kalmar län", "Kalmar län", "Blekinge län"]})
    >>> region_name(table, "sv"), region_name(table, "en")
    ('Kalmar län och Blekinge län', 'Kalmar län and Blekinge län')
    """
    counties = list(pd.unique(region["lan"]))
    if len(counties) > MAX_COUNTIES_NAMED:
        return i18n.t("rapport_region_lan", lang, n=len(counties))
    return join_words(counties, i18n.t("komp_och", lang))


# --- the frame of both reports ------------------------------------------------------------


def _report(
    data: ReportData,
    title: str,
    round_label: str,
    lang: str,
    sections: Sequence[Section],
    intro: Sequence[Block] = (),
) -> Report:
    """A report: its title, the line under it, the demo label, ``intro``, the ``sections``
    and "About the figures"; a running footer with the page number."""
    subtitle = i18n.t(
        "rapport_undertitel",
        lang,
        round=round_label,
        date=data.today.isoformat(),
        app=i18n.t("app_namn", lang),
    )
    head: list[Block] = [Paragraph(subtitle)]
    parts = [i18n.t("app_namn", lang), i18n.t("export_omgang", lang, round=round_label)]
    if data.dataset.is_demo:
        head.append(Notice(i18n.t("demo_notis", lang)))
        parts.append(i18n.t("demo_notis", lang).split(".")[0])
    return Report(
        lang=lang,
        title=title,
        author=i18n.t("app_namn", lang),
        intro=(*head, *intro),
        sections=(*sections, _closing(data, round_label, lang)),
        footer=" | ".join(parts),
        page_label=i18n.t("rapport_sida", lang, page="{page}", pages="{pages}"),
    )


def _closing(data: ReportData, round_label: str, lang: str) -> Section:
    """ "About the figures": the measures' definitions, the caveats, sources, how to cite."""
    texts = (
        *(method.definition(m, lang) for m in (RATING.id, POINTS.id)),
        i18n.t("rapport_om_text", lang),
        i18n.t("kalla_scb", lang),
        i18n.t("export_kalla", lang),
        i18n.t("rapport_citera", lang, round=round_label, date=data.today.isoformat()),
    )
    return Section(
        i18n.t("rapport_om_siffrorna", lang), tuple(Paragraph(t, "small") for t in texts)
    )


# --- Kommunrapport ----------------------------------------------------------------------


def kommun_report(data: ReportData, code: str, round_label: str, lang: str = "sv") -> bytes:
    """The Kommunrapport of one municipality and round as PDF bytes (A4, 1–3 pages)."""
    return render(kommun_document(data, code, round_label, lang))


def kommun_document(data: ReportData, code: str, round_label: str, lang: str = "sv") -> Report:
    """The Kommunrapport as plain data (:class:`~linnedata.reports.typeset.Report`)."""
    dataset = data.dataset
    name = dataset.names[code]
    survey = dataset.surveys[round_label]
    labels = dataset.items("area", lang)
    prios = municipality.top_priorities(survey, code, labels)
    intro = () if not prios.empty else (
        Paragraph(i18n.t("rapport_inga_svar", lang, name=name, round=round_label)),
    )  # fmt: skip
    comparison = profile_view.comparison(dataset, code, round_label, "area", RATING.id, lang)
    sections = [
        Section(i18n.t("rapport_prioriteringar", lang), (_priorities(prios, lang),)),
        Section(i18n.t("rapport_jamforelse", lang), (drawings.dot_chart(comparison, lang),)),
        Section(i18n.t("rapport_trender", lang), (_trend(data, labels, lang, code=code),)),
        _similar_section(dataset, code, round_label, labels, lang),
        _forms_section(data, survey, code, lang),
        *_researchers_section(data, prios, labels, lang),
        project_sections.projects_section(dataset, data.projects, round_label, lang, code),
    ]
    title = i18n.t("rapport_kommun_titel", lang, name=f"{name} ({code})")
    return _report(data, title, round_label, lang, sections, intro)


def _priorities(prios: pd.DataFrame, lang: str) -> Bullets:
    """The municipality's five highest priorities with their points and top-three counts."""
    return Bullets(
        tuple(
            i18n.t(
                "rapport_prioritet_rad",
                lang,
                label=row.label,
                points=POINTS.format(row.poang, lang),
                top=row.i_topp3,
                of=row.av,
            )
            for row in prios.head(5).itertuples(index=False)
            if row.poang > 0
        )
    )


def _similar_section(
    dataset: Dataset, code: str, round_label: str, labels: dict[str, str], lang: str
) -> Section:
    """The five municipalities whose answers are most like this one's."""
    lines = tuple(
        i18n.t(
            "rapport_liknande_rad",
            lang,
            name=dataset.names.get(row.kommun_kod, row.kommun_kod),
            distance=i18n.fmt_number(row.avstand, 2, lang),
            areas=row.antal_omraden,
            shared=", ".join(labels[a] for a in row.gemensamma) or i18n.t("rapport_inget", lang),
        )
        for row in dataset.similar(code, round_label).table.itertuples(index=False)
    )
    note = Paragraph(i18n.t("rapport_liknande_not", lang), "note")
    return Section(i18n.t("rapport_liknande", lang), (Bullets(lines), note))


def _trend(data: ReportData, labels: dict[str, str], lang: str, code: str | None = None) -> Block:
    """The mean rating per area in (at most the last four) rounds with n, and the change
    since the round before: the municipality's, or the region's when ``code`` is None."""
    per_round = data.per_round()
    rounds = list(per_round)
    if len(rounds) < 2:
        return Paragraph(i18n.t("rapport_trender_en_omgang", lang))
    table = trends.trend(
        per_round, "area_id", RATING.id, code=code, region_codes=list(data.region["kommun_kod"])
    )
    scope, kind = ("kommun", "svarande") if code else ("region", "kommuner")
    value = table.pivot(index="id", columns="omgang", values=f"{scope}_varde")
    n = table.pivot(index="id", columns="omgang", values=f"{scope}_n")
    shown = rounds[-4:]
    rows = tuple(
        (
            label,
            *(
                drawings.value_text(value.loc[item, r], n.loc[item, r], kind, RATING, lang)
                for r in shown
            ),
            RATING.format_signed(value.loc[item, rounds[-1]] - value.loc[item, rounds[-2]], lang),
        )
        for item, label in labels.items()
    )
    header = (
        i18n.t("rapport_kolumn_omrade", lang),
        *shown,
        i18n.t("rapport_kolumn_forandring", lang),
    )
    width = (180 - 58) / (len(shown) + 1)
    return Table(header, rows, (58, *([width] * (len(shown) + 1))))


def _share_lines(
    table: pd.DataFrame, labels: Sequence[str], lang: str, region: bool
) -> tuple[str, ...]:
    """One line per form or co-financing answer: "k of n respondents (share)" for a
    municipality (answers nobody gave left out), shares and municipalities for the region.
    An answer resting on 1 or 2 respondents is left out and said so (the one small-numbers
    rule, :mod:`linnedata.figures.disclosure`)."""
    rows = list(zip(labels, table.itertuples(index=False), strict=True))
    hidden = [
        disclosure.is_hidden(int(r.antal_svarande)) or disclosure.is_hidden(int(r.av_svarande))
        for _, r in rows
    ]
    shown = tuple(
        i18n.t(
            "rapport_former_region_rad" if region else "rapport_former_rad",
            lang,
            label=label,
            count=row.antal_svarande,
            of=row.av_svarande,
            share=i18n.fmt_percent(row.andel_svarande, lang),
            municipalities=row.antal_kommuner,
            of_municipalities=row.av_kommuner,
        )
        for (label, row), hide in zip(rows, hidden, strict=True)
        if not hide and (region or row.antal_svarande > 0)
    )
    if any(hidden):
        note = i18n.t("rapport_fa_svar", lang, least=disclosure.MIN_COUNT)
        return (*shown, note)
    return shown


def _forms_section(data: ReportData, survey: Survey, code: str | None, lang: str) -> Section:
    """The collaboration forms wanted (most wanted first) and the co-financing answers."""
    forms = cofinancing.forms_summary(survey.responses, survey.forms, data.taxonomy.form_ids, code)
    forms = forms.sort_values("antal_svarande", ascending=False, kind="stable")
    answers = cofinancing.cofinancing_summary(survey.responses, code)
    region = code is None
    form_labels = [data.taxonomy.label("form", f, lang) for f in forms["form_id"]]
    answer_labels = [i18n.t(f"svar_{a}", lang) for a in answers["svar"]]
    return Section(
        i18n.t("rapport_region_former" if region else "rapport_former", lang),
        (
            Bullets(_share_lines(forms, form_labels, lang, region)),
            Paragraph(i18n.t("rapport_medfinansiering", lang), "strong"),
            Bullets(_share_lines(answers, answer_labels, lang, region)),
        ),
    )


def _researchers_section(
    data: ReportData, prios: pd.DataFrame, labels: dict[str, str], lang: str
) -> tuple[Section, ...]:
    """Researchers whose areas match the municipality's top three (none: no section)."""
    top = [a for a, p in zip(prios["area_id"], prios["poang"], strict=True) if p > 0][:3]
    if not top:
        return ()
    found = data.find_researchers(top)
    if found.empty:
        areas = ", ".join(labels[a] for a in top)
        listing: Block = Paragraph(i18n.t("rapport_forskare_ingen", lang, areas=areas))
    else:
        listing = Bullets(
            tuple(
                i18n.t(
                    "rapport_forskare_rad",
                    lang,
                    name=row.forskare or i18n.t("komp_ej_publikt", lang),
                    environment=row.forskningsmiljo or "–",
                    areas=", ".join(labels[a] for a in row.omraden if a in top),
                )
                for row in found.itertuples(index=False)
            )
        )
    source = data.researcher_source or i18n.t("rapport_kompetenslista_demo", lang)
    note = Paragraph(i18n.t("rapport_forskare_kalla", lang, source=source), "note")
    return (Section(i18n.t("rapport_forskare", lang), (listing, note)),)


# --- Regionrapport ----------------------------------------------------------------------


def region_report(data: ReportData, round_label: str, lang: str = "sv") -> bytes:
    """The Regionrapport of one round as PDF bytes (A4, 2–4 pages)."""
    return render(region_document(data, round_label, lang))


def region_document(data: ReportData, round_label: str, lang: str = "sv") -> Report:
    """The Regionrapport as plain data (:class:`~linnedata.reports.typeset.Report`)."""
    dataset = data.dataset
    survey = dataset.surveys[round_label]
    labels = dataset.items("area", lang)
    areas = region_sections.ranked(dataset, round_label, "area")
    top_area = areas[0].id
    values = measures.map_values(
        dataset.per_municipality(round_label, "area"), data.region, "area_id", top_area, RATING.id
    )
    sections = [
        region_sections.coverage_section(dataset, round_label, lang),
        region_sections.themes_section(dataset, round_label, lang),
        region_sections.areas_section(survey, data.region, data.taxonomy, areas, labels, lang),
        Section(
            i18n.t("rapport_karta", lang, label=labels[top_area]),
            (drawings.region_map(values, labels[top_area], lang),),
        ),
        Section(i18n.t("rapport_region_trender", lang), (_trend(data, labels, lang),)),
        *region_sections.roles_section(
            survey, data.taxonomy, [row.id for row in areas[:5]], labels, lang
        ),
        _forms_section(data, survey, None, lang),
        project_sections.proposals_section(
            dataset,
            demo_researchers() if data.registry is None else data.registry,
            data.projects,
            round_label,
            lang,
        ),
        project_sections.projects_section(dataset, data.projects, round_label, lang),
    ]
    title = i18n.t("rapport_region_titel", lang, name=region_name(data.region, lang))
    return _report(data, title, round_label, lang, sections)


def page_count(content: bytes) -> int:
    """The number of pages of a PDF this module wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", content))
