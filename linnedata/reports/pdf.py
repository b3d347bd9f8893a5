"""Kommunrapport and Regionrapport as A4 PDFs (Swedish or English), drawn with fpdf2.

fpdf2 is pure Python (no browser, no system library), so a report is made offline on any
machine the app runs on. Its text is real text (searchable and selectable) in DejaVu Sans,
shipped in ``data/fonts`` with its licence and embedded as a subset, so every character
(å, –, ≥, −) is written as it is; the charts and the map are vector drawings; the document
carries its title (shown as the window title), its language (``/Lang``) and an outline of
its headings, which are tagged in a structure tree. See docs/notes-reports.md.

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

import numpy as np
import pandas as pd
from fpdf import FPDF, FontFace, TextStyle, ViewerPreferences

from linnedata import i18n, seminars
from linnedata.competence import matching
from linnedata.competence.projects import join_words
from linnedata.competence.registry import demo_researchers
from linnedata.figures import cofinancing, measures, method, municipality, roles, trends
from linnedata.graphics import svgmap
from linnedata.paths import DATA_DIR
from linnedata.places import geo
from linnedata.places.region import default_region
from linnedata.survey import ROLES, Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.views import profile as profile_view
from linnedata.views.common import is_small, marked
from linnedata.views.dataset import Dataset

FONT = "DejaVu"
FONT_FILES = {
    "": DATA_DIR / "fonts" / "DejaVuSans.ttf",
    "B": DATA_DIR / "fonts" / "DejaVuSans-Bold.ttf",
}
"""The embedded font by style (regular, bold); see data/fonts/LICENSE.txt."""
MARGIN = 15.0
MAP_HEIGHT = 105.0
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
    """

    dataset: Dataset
    find_researchers: ResearcherFinder = shipped_researchers
    researcher_source: str | None = None
    today: dt.date = field(default_factory=dt.date.today)

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


class _Document(FPDF):
    """An A4 page with the report's running footer (page x of y, demo label)."""

    def __init__(self, lang: str, title: str, footer: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.footer_text = footer
        for style, path in FONT_FILES.items():
            self.add_font(FONT, style=style, fname=str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_lang(lang)
        self.set_author(i18n.t("app_namn", lang))
        self.set_creator("linnedata")
        self.set_display_mode("fullwidth")
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_section_title_styles(
            TextStyle(font_family=FONT, font_style="B", font_size_pt=12.5, t_margin=2, b_margin=1)
        )
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=7.5)
        self.set_text_color(80, 80, 80)
        page = i18n.t("rapport_sida", self.lang, page=self.page_no(), pages="{nb}")
        self.cell(0, 4, f"{self.footer_text}  |  {page}", align="C")
        self.set_text_color(0, 0, 0)

    # --- text blocks ------------------------------------------------------------------

    def heading(self, text: str) -> None:
        """A heading: in the outline and the structure tree, never alone at a page's foot."""
        if self.get_y() > self.h - 45:
            self.add_page()
        self.start_section(text)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font(FONT, style=style, size=size)
        self.multi_cell(0, size * 0.47, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def note(self, text: str) -> None:
        self.para(text, size=8)

    def bullets(self, lines: Sequence[str]) -> None:
        self.set_font(FONT, size=9.5)
        for line in lines:
            self.set_x(MARGIN + 2)
            self.multi_cell(0, 4.5, f"– {line}", align="L", new_x="LMARGIN", new_y="NEXT")

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table whose headings wrap and repeat on a new page; numbers right-aligned."""
        self.set_font(FONT, size=8.5)
        # fpdf2 fills a row's text box with the current fill colour: set it to the rows'
        self.set_fill_color(*_ROW_FILL)
        self.set_draw_color(190, 190, 190)
        align = ["LEFT", *(["RIGHT"] * (len(header) - 1))]
        with super().table(
            col_widths=tuple(widths), width=sum(widths), align="LEFT", text_align=tuple(align),
            borders_layout="HORIZONTAL_LINES", line_height=4.4, padding=(0.6, 1.0),
            cell_fill_color=_ROW_FILL, cell_fill_mode="ROWS",
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 242)),
        ) as table:  # fmt: skip
            for cells in [header, *rows]:
                row = table.row()
                for text in cells:
                    row.cell(str(text))
        self.ln(1.5)


_ROW_FILL = (246, 247, 249)
"""Every other table row's fill."""


def _value(value: float, n: int, kind: str, spec: measures.Measure, lang: str) -> str:
    """``3,4 (5)``, with the small-number mark when the figure rests on too little."""
    if pd.isna(value):
        return "–"
    return f"{marked(spec.format(float(value), lang), is_small(int(n), kind))} ({int(n)})"


def _header(doc: _Document, title: str, data: ReportData, round_label: str, lang: str) -> None:
    doc.add_page()
    doc.set_font(FONT, style="B", size=17)
    doc.multi_cell(0, 8, title, align="L", new_x="LMARGIN", new_y="NEXT")
    sub = i18n.t(
        "rapport_undertitel",
        lang,
        round=round_label,
        date=data.today.isoformat(),
        app=i18n.t("app_namn", lang),
    )
    doc.para(sub, size=9.5)
    if data.dataset.is_demo:
        doc.ln(1)
        doc.set_fill_color(255, 243, 205)
        doc.set_font(FONT, style="B", size=9.5)
        doc.multi_cell(
            0, 5, i18n.t("demo_notis", lang), fill=True, align="L", new_x="LMARGIN", new_y="NEXT"
        )
    doc.ln(1)


def _document(data: ReportData, title: str, round_label: str, lang: str) -> _Document:
    """A new report with its running footer and its first page's header."""
    parts = [i18n.t("app_namn", lang), i18n.t("export_omgang", lang, round=round_label)]
    if data.dataset.is_demo:
        parts.append(i18n.t("demo_notis", lang).split(".")[0])
    doc = _Document(lang, title, " | ".join(parts))
    _header(doc, title, data, round_label, lang)
    return doc


def _closing(doc: _Document, data: ReportData, round_label: str, lang: str) -> bytes:
    """ "About the figures", the sources and how to cite; the finished PDF."""
    doc.heading(i18n.t("rapport_om_siffrorna", lang))
    for text in (
        *(method.definition(m, lang) for m in (RATING.id, POINTS.id)),
        i18n.t("rapport_om_text", lang),
        i18n.t("kalla_scb", lang),
        i18n.t("export_kalla", lang),
        i18n.t("rapport_citera", lang, round=round_label, date=data.today.isoformat()),
    ):
        doc.para(text, size=8.5)
    return bytes(doc.output())


# --- the dot chart ----------------------------------------------------------------------

_COLOURS = {"own": (8, 64, 129), "near": (65, 171, 93), "region": (217, 95, 2)}


def _marker(doc: _Document, kind: str, x: float, y: float, size: float = 1.3) -> None:
    """A circle (the municipality), a square (neighbours) or a diamond (region): told
    apart by shape as well as colour."""
    doc.set_fill_color(*_COLOURS[kind])
    doc.set_draw_color(*_COLOURS[kind])
    if kind == "own":
        doc.circle(x=x, y=y, radius=size, style="F")
    elif kind == "near":
        doc.rect(x - size, y - size, 2 * size, 2 * size, style="F")
    else:
        big = size * 1.3
        doc.polygon([(x, y - big), (x + big, y), (x, y + big), (x - big, y)], style="F")


def _dot_table(doc: _Document, table: pd.DataFrame, lang: str) -> None:
    """Label | dots on 1–5 | municipality (n) | neighbours (n) | region (n)."""
    columns = ("rapport_kolumn_kommunen", "rapport_kolumn_grannar", "rapport_kolumn_regionen")
    doc.set_font(FONT, style="B", size=8.5)
    col_w = max(23.0, *(doc.get_string_width(i18n.t(key, lang)) + 2.5 for key in columns))
    label_w, line = 50.0, 5.0
    chart_w = 180 - label_w - 3 - 3 * col_w
    x_chart = MARGIN + label_w + 2
    low, high = RATING.range()

    def x_of(value: float) -> float:
        return x_chart + (value - low) / (high - low) * (chart_w - 4) + 2

    top = doc.get_y()
    doc.cell(label_w + 2, line, i18n.t("rapport_kolumn_omrade", lang))
    for tick in range(int(low), int(high) + 1):
        doc.set_xy(x_of(tick) - 3, top)
        doc.cell(6, line, str(tick), align="C")
    doc.set_xy(x_chart + chart_w + 1, top)
    for key in columns:
        doc.cell(col_w, line, i18n.t(key, lang), align="R")
    doc.ln(line)
    doc.set_font(FONT, size=8.5)
    start = doc.get_y()
    for row in table.itertuples(index=False):
        y = doc.get_y()
        doc.set_draw_color(225, 225, 225)
        doc.line(MARGIN, y + line, MARGIN + label_w + chart_w + 3 * col_w + 2, y + line)
        doc.cell(label_w + 2, line, row.label)
        for kind, value in (("region", row.reference), ("near", row.neighbours), ("own", row.own)):
            if not pd.isna(value):
                _marker(doc, kind, x_of(float(value)), y + line / 2)
        doc.set_xy(x_chart + chart_w + 1, y)
        for value, n, of in (
            (row.own, row.own_n, "svarande"),
            (row.neighbours, row.neighbours_n, "kommuner"),
            (row.reference, row.reference_n, "kommuner"),
        ):
            doc.cell(col_w, line, _value(value, n, of, RATING, lang), align="R")
        doc.ln(line)
    doc.set_draw_color(200, 200, 200)
    for tick in range(int(low), int(high) + 1):
        doc.line(x_of(tick), start, x_of(tick), doc.get_y())
    doc.ln(1)
    _legend(doc, lang)


def _legend(doc: _Document, lang: str) -> None:
    y = doc.get_y() + 2
    x = MARGIN + 2
    doc.set_font(FONT, size=8)
    for kind, key in (
        ("own", "rapport_legend_kommunen"),
        ("near", "rapport_legend_grannar"),
        ("region", "regionens_medel"),
    ):
        _marker(doc, kind, x, y)
        text = i18n.t(key, lang)
        doc.set_xy(x + 2.5, y - 2)
        doc.cell(doc.get_string_width(text) + 2, 4, text)
        x += doc.get_string_width(text) + 10
    doc.set_xy(MARGIN, y + 3)
    doc.note(i18n.t("rapport_jamforelse_not", lang))


# --- Kommunrapport ----------------------------------------------------------------------


def kommun_report(data: ReportData, code: str, round_label: str, lang: str = "sv") -> bytes:
    """The Kommunrapport of one municipality and round as PDF bytes (A4, 1–3 pages)."""
    dataset = data.dataset
    name = dataset.names[code]
    doc = _document(
        data, i18n.t("rapport_kommun_titel", lang, name=f"{name} ({code})"), round_label, lang
    )
    survey = dataset.surveys[round_label]
    labels = dataset.items("area", lang)

    prios = municipality.top_priorities(survey, code, labels)
    if prios.empty:
        doc.para(i18n.t("rapport_inga_svar", lang, name=name, round=round_label))
    doc.heading(i18n.t("rapport_prioriteringar", lang))
    doc.bullets(
        [
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
        ]
    )

    doc.heading(i18n.t("rapport_jamforelse", lang))
    comparison = profile_view.comparison(dataset, code, round_label, "area", RATING.id, lang)
    _dot_table(doc, comparison, lang)

    doc.heading(i18n.t("rapport_trender", lang))
    _trend(doc, data, labels, lang, code=code)

    doc.heading(i18n.t("rapport_liknande", lang))
    doc.bullets(
        [
            i18n.t(
                "rapport_liknande_rad",
                lang,
                name=dataset.names.get(row.kommun_kod, row.kommun_kod),
                distance=i18n.fmt_number(row.avstand, 2, lang),
                areas=row.antal_omraden,
                shared=", ".join(labels[a] for a in row.gemensamma)
                or i18n.t("rapport_inget", lang),
            )
            for row in dataset.similar(code, round_label).table.itertuples(index=False)
        ]
    )
    doc.note(i18n.t("rapport_liknande_not", lang))

    _forms_section(doc, data, survey, code, lang)
    _researchers_section(doc, data, prios, labels, lang)
    return _closing(doc, data, round_label, lang)


def _trend(
    doc: _Document, data: ReportData, labels: dict[str, str], lang: str, code: str | None = None
) -> None:
    """The mean rating per area in (at most the last four) rounds with n, and the change
    since the round before: the municipality's, or the region's when ``code`` is None."""
    per_round = data.per_round()
    rounds = list(per_round)
    if len(rounds) < 2:
        doc.para(i18n.t("rapport_trender_en_omgang", lang))
        return
    table = trends.trend(
        per_round, "area_id", RATING.id, code=code, region_codes=list(data.region["kommun_kod"])
    )
    scope, kind = ("kommun", "svarande") if code else ("region", "kommuner")
    value = table.pivot(index="id", columns="omgang", values=f"{scope}_varde")
    n = table.pivot(index="id", columns="omgang", values=f"{scope}_n")
    shown = rounds[-4:]
    rows = [
        [
            label,
            *(_value(value.loc[item, r], n.loc[item, r], kind, RATING, lang) for r in shown),
            RATING.format_signed(value.loc[item, rounds[-1]] - value.loc[item, rounds[-2]], lang),
        ]
        for item, label in labels.items()
    ]
    width = (180 - 58) / (len(shown) + 1)
    header = [
        i18n.t("rapport_kolumn_omrade", lang),
        *shown,
        i18n.t("rapport_kolumn_forandring", lang),
    ]
    doc.table(header, rows, [58, *([width] * (len(shown) + 1))])


def _share_lines(table: pd.DataFrame, labels: Sequence[str], lang: str, region: bool) -> list[str]:
    """One line per form or co-financing answer: "k of n respondents (share)" for a
    municipality (answers nobody gave left out), shares and municipalities for the region."""
    return [
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
        for label, row in zip(labels, table.itertuples(index=False), strict=True)
        if region or row.antal_svarande > 0
    ]


def _forms_section(
    doc: _Document, data: ReportData, survey: Survey, code: str | None, lang: str
) -> None:
    """The collaboration forms wanted (most wanted first) and the co-financing answers."""
    forms = cofinancing.forms_summary(survey.responses, survey.forms, data.taxonomy.form_ids, code)
    forms = forms.sort_values("antal_svarande", ascending=False, kind="stable")
    answers = cofinancing.cofinancing_summary(survey.responses, code)
    region = code is None
    doc.heading(i18n.t("rapport_region_former" if region else "rapport_former", lang))
    doc.bullets(
        _share_lines(
            forms, [data.taxonomy.label("form", f, lang) for f in forms["form_id"]], lang, region
        )
    )
    doc.para(i18n.t("rapport_medfinansiering", lang), style="B")
    doc.bullets(
        _share_lines(answers, [i18n.t(f"svar_{a}", lang) for a in answers["svar"]], lang, region)
    )


def _researchers_section(
    doc: _Document, data: ReportData, prios: pd.DataFrame, labels: dict[str, str], lang: str
) -> None:
    top = [a for a, p in zip(prios["area_id"], prios["poang"], strict=True) if p > 0][:3]
    if not top:
        return
    doc.heading(i18n.t("rapport_forskare", lang))
    found = data.find_researchers(top)
    if found.empty:
        doc.para(i18n.t("rapport_forskare_ingen", lang, areas=", ".join(labels[a] for a in top)))
    else:
        doc.bullets(
            [
                i18n.t(
                    "rapport_forskare_rad",
                    lang,
                    name=row.forskare or i18n.t("komp_ej_publikt", lang),
                    environment=row.forskningsmiljo or "–",
                    areas=", ".join(labels[a] for a in row.omraden if a in top),
                )
                for row in found.itertuples(index=False)
            ]
        )
    source = data.researcher_source or i18n.t("rapport_kompetenslista_demo", lang)
    doc.note(i18n.t("rapport_forskare_kalla", lang, source=source))


# --- Regionrapport ----------------------------------------------------------------------


def region_report(data: ReportData, round_label: str, lang: str = "sv") -> bytes:
    """The Regionrapport of one round as PDF bytes (A4, 1–3 pages)."""
    dataset = data.dataset
    title = i18n.t("rapport_region_titel", lang, name=region_name(data.region, lang))
    doc = _document(data, title, round_label, lang)
    survey = dataset.surveys[round_label]
    labels = dataset.items("area", lang)

    cover = dataset.coverage(round_label)
    doc.heading(i18n.t("rapport_tackning", lang))
    doc.para(
        i18n.t(
            "rapport_tackning_text",
            lang,
            answered=cover.answered,
            invited=cover.invited,
            respondents=cover.respondents,
            missing=", ".join(cover.missing_names) or i18n.t("rapport_inget", lang),
        )
    )

    themes = _ranked(dataset, round_label, "theme")
    doc.heading(i18n.t("rapport_teman_rankade", lang))
    doc.table(
        _ranked_header(lang, "rapport_kolumn_tema"),
        [_ranked_cells(row, dataset.items("theme", lang)[row.id], lang) for row in themes],
        [70, 35, 35, 35],
    )

    areas = _ranked(dataset, round_label, "area")
    demand = seminars.demand(survey, "area", data.region, data.taxonomy).set_index("topic")
    doc.heading(i18n.t("rapport_omraden_rankade", lang))
    doc.table(
        [
            *_ranked_header(lang, "rapport_kolumn_omrade"),
            i18n.t("rapport_kolumn_topp3", lang),
            i18n.t("rapport_kolumn_vill_seminarium", lang),
        ],
        [
            [
                *_ranked_cells(row, labels[row.id], lang),
                str(row.antal_kommuner_topp3),
                str(demand.loc[row.id, "antal_vill_seminarium"]),
            ]
            for row in areas
        ],
        [46, 18, 30, 20, 36, 30],
    )
    doc.note(i18n.t("rapport_seminarier_not", lang))

    top_area = areas[0].id
    if doc.get_y() + MAP_HEIGHT + 25 > doc.h - 20:
        doc.add_page()
    doc.heading(i18n.t("rapport_karta", lang, label=labels[top_area]))
    per_municipality = dataset.per_municipality(round_label, "area")
    _map(
        doc,
        measures.map_values(per_municipality, data.region, "area_id", top_area, RATING.id),
        lang,
    )

    doc.heading(i18n.t("rapport_region_trender", lang))
    _trend(doc, data, labels, lang)
    _roles_section(doc, survey, data, [row.id for row in areas[:5]], labels, lang)
    _forms_section(doc, data, survey, None, lang)
    return _closing(doc, data, round_label, lang)


def _ranked(dataset: Dataset, round_label: str, level: str) -> list:
    """The region's figures of a level, highest mean rating first (``id`` = the item)."""
    key = f"{level}_id"
    table = dataset.region_figures(round_label, level).rename(columns={key: "id"})
    return list(
        table.sort_values(RATING.id, ascending=False, kind="stable").itertuples(index=False)
    )


def _ranked_header(lang: str, item_key: str) -> list[str]:
    return [
        i18n.t(item_key, lang),
        i18n.t("rapport_kolumn_medelbetyg", lang),
        i18n.t("rapport_kolumn_kommuner", lang),
        i18n.t("rapport_kolumn_prio", lang),
    ]


def _ranked_cells(row: object, label: str, lang: str) -> list[str]:
    """Label, mean rating (marked when few municipalities), its n, priority points."""
    n = getattr(row, RATING.group_n_column)
    rating = marked(RATING.format(row.medelbetyg, lang), is_small(n, "kommuner"))
    return [label, rating, str(n), POINTS.format(row.prioriteringspoang, lang)]


def _roles_section(
    doc: _Document,
    survey: Survey,
    data: ReportData,
    area_ids: list[str],
    labels: dict[str, str],
    lang: str,
) -> None:
    """Mean rating per respondent role for the top areas; small cells suppressed (``..``)."""
    cells = roles.role_cells(survey.responses, survey.ratings, RATING.id, "area_id", data.taxonomy)
    region = cells.loc[cells["omfang"] == roles.REGION].set_index(["id", "roll"])
    present = [r for r in ROLES if r in set(region.index.get_level_values("roll"))]
    if not present:
        return
    doc.heading(i18n.t("rapport_roller", lang))
    rows = []
    for area_id in area_ids:
        row = [labels[area_id]]
        for role in present:
            if (area_id, role) not in region.index or region.loc[(area_id, role), "undertryckt"]:
                row.append("..")
            else:
                cell = region.loc[(area_id, role)]
                row.append(f"{RATING.format(cell['value'], lang)} ({int(cell['n'])})")
        rows.append(row)
    header = [i18n.t(f"roll_{r}", lang) for r in present]
    doc.set_font(FONT, style="B", size=8.5)  # a heading wraps between words, never inside one
    widths = [max(18.0, max(doc.get_string_width(w) for w in h.split()) + 3) for h in header]
    doc.table([i18n.t("rapport_kolumn_omrade", lang), *header], rows, [180 - sum(widths), *widths])
    doc.note(i18n.t("rapport_roller_not", lang))


# --- the map ----------------------------------------------------------------------------


def _map(doc: _Document, values: pd.DataFrame, lang: str) -> None:
    """The region's municipalities coloured by ``value`` (vector), no value grey with a cross."""
    shapes = geo.load_municipalities(list(values["kommun_kod"]))
    by_code = values.set_index("kommun_kod")
    projected = svgmap.project(np.asarray(shapes.geometry.values))
    bounds = np.array([g.bounds for g in projected])
    left, bottom = bounds[:, 0].min(), bounds[:, 1].min()
    right, top = bounds[:, 2].max(), bounds[:, 3].max()
    box_w = 95.0
    scale = min(box_w / (right - left), MAP_HEIGHT / (top - bottom))
    x0, y0 = MARGIN, doc.get_y()
    low, high = RATING.range()

    def point(x: float, y: float) -> tuple[float, float]:
        return (x0 + (x - left) * scale, y0 + (top - y) * scale)

    doc.set_line_width(0.2)
    for code, geometry in zip(shapes["kommun_kod"], projected, strict=True):
        value = by_code.loc[code, "value"]
        missing = pd.isna(value)
        fill = svgmap.MISSING_FILL if missing else svgmap.colour_for(float(value), low, high)
        doc.set_fill_color(*_rgb(fill))
        doc.set_draw_color(255, 255, 255)
        for polygon in getattr(geometry, "geoms", [geometry]):
            doc.polygon([point(x, y) for x, y in polygon.exterior.coords], style="DF")
        if missing:
            doc.set_draw_color(110, 110, 110)
            cx, cy = point(*geometry.representative_point().coords[0])
            doc.line(cx - 1.5, cy - 1.5, cx + 1.5, cy + 1.5)
            doc.line(cx - 1.5, cy + 1.5, cx + 1.5, cy - 1.5)
    # the legend beside the map: colour steps with their values, then the missing swatch
    lx, ly = x0 + box_w + 8, y0 + 4
    doc.set_font(FONT, style="B", size=8)
    doc.set_xy(lx, ly - 6)
    doc.cell(60, 5, i18n.t("matt_medelbetyg", lang))
    doc.set_font(FONT, size=8)
    swatches = [
        (svgmap.colour_for(v, low, high), RATING.format(v, lang))
        for v in svgmap.nice_ticks(low, high)
    ]
    swatches.append((svgmap.MISSING_FILL, f"{i18n.t('inget_svar', lang)} (×)"))
    for step, (colour, text) in enumerate(swatches):
        doc.set_fill_color(*_rgb(colour))
        doc.rect(lx, ly + step * 6, 8, 5, style="F")
        doc.set_xy(lx + 10, ly + step * 6)
        doc.cell(60, 5, text)
    answered = int(values["value"].notna().sum())
    doc.set_xy(lx, ly + 6 * len(swatches) + 4)
    doc.multi_cell(
        70, 4, i18n.t("vilar_pa_kommuner", lang, n=answered), new_x="LMARGIN", new_y="NEXT"
    )
    doc.set_draw_color(0, 0, 0)
    doc.set_y(y0 + (top - bottom) * scale + 4)


def _rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` or ``rgb(r, g, b)`` → a tuple."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    parts = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    return tuple(int(float(p)) for p in parts[:3])  # type: ignore[return-value]


def page_count(content: bytes) -> int:
    """The number of pages of a PDF this module wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", content))
