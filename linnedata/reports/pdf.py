"""Kommunrapport and Regionrapport as A4 PDFs (Swedish or English), drawn with fpdf2.

fpdf2 is pure Python (no browser, no system library), so a report is made offline on any
machine the app runs on, in well under a second. Its text is real text (searchable and
selectable, in the PDF core font Helvetica), the charts and the map are vector drawings,
and the document carries a title and a language (``/Lang``). See docs/notes-reports.md.

The figures come from :mod:`linnedata.measures`, :mod:`linnedata.profile`,
:mod:`linnedata.similarity`, :mod:`linnedata.seminars` and the builders of this package;
nothing here computes a measure of its own. Every figure has its n beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from fpdf import FPDF, FontFace

from linnedata import geo, i18n, measures, profile, seminars, similarity, summaries, svgmap
from linnedata.region import default_region
from linnedata.reports import cofinancing, roles, trends
from linnedata.researchers import demo_researchers
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.views.dataset import Dataset

FONT = "Helvetica"
MARGIN = 15.0
MAP_HEIGHT = 105.0
_PLAIN = str.maketrans({"–": "-", "—": "-", "≥": ">=", "≤": "<=", "’": "'", "…": "...", "−": "-"})
"""The core PDF fonts cover Latin-1 (å, ä, ö, é …); these few others are written plainly."""

ResearcherFinder = Callable[[Sequence[str]], pd.DataFrame]
"""Area ids → ``forskare, forskningsmiljo, omraden`` (a tuple of area ids) of the researchers
whose areas include any of them. The competence registry can replace the shipped list here."""


def shipped_researchers(area_ids: Sequence[str]) -> pd.DataFrame:
    """Researchers from the shipped competence list (``data/demo/forskare.csv``)."""
    table = demo_researchers()
    wanted = set(area_ids)
    hits = table["omraden"].map(lambda areas: bool(wanted & set(areas)))
    return table.loc[hits, ["forskare", "forskningsmiljo", "omraden"]].reset_index(drop=True)


@dataclass(frozen=True)
class ReportData:
    """What a report is made from.

    Attributes:
        surveys: every published round (label → survey), or the demo.
        is_demo: True when ``surveys`` is the fictional demo (every page then says so).
        region: ``kommun_kod, kommun, lan`` of the region.
        taxonomy: areas, themes and forms.
        find_researchers: see :data:`ResearcherFinder`.
        researcher_source: names the competence list in the report.
        today: the date printed on the report.
    """

    surveys: Mapping[str, Survey]
    is_demo: bool
    region: pd.DataFrame = field(default_factory=default_region)
    taxonomy: Taxonomy = field(default_factory=default_taxonomy)
    find_researchers: ResearcherFinder = shipped_researchers
    researcher_source: str = "data/demo/forskare.csv"
    today: dt.date = field(default_factory=dt.date.today)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> ReportData:
        """The report data of one store revision, as the pages see it."""
        return cls(
            surveys=dataset.surveys,
            is_demo=dataset.is_demo,
            region=dataset.region,
            taxonomy=dataset.taxonomy,
        )

    def per_round(self) -> dict[str, pd.DataFrame]:
        """Area measures of every round, oldest first."""
        return {
            label: measures.area_measures(self.surveys[label], self.taxonomy)
            for label in trends.round_order(self.surveys)
        }


class _Document(FPDF):
    """An A4 page with the report's running footer (page x of y, demo label)."""

    def __init__(self, lang: str, title: str, footer: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.footer_text = footer
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(_plain(title))
        self.set_lang(lang)
        self.set_author(_plain(i18n.t("app_namn", lang)))
        self.set_creator("linnedata")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=7.5)
        self.set_text_color(80, 80, 80)
        page = i18n.t("rapport_sida", self.lang, page=self.page_no(), pages="{nb}")
        self.cell(0, 4, _plain(f"{self.footer_text}  |  {page}"), align="C")
        self.set_text_color(0, 0, 0)

    # --- text blocks ------------------------------------------------------------------

    def heading(self, text: str, size: float = 12.5) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, style="B", size=size)
        self.multi_cell(0, size * 0.5, _plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font(FONT, style=style, size=size)
        self.multi_cell(0, size * 0.47, _plain(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def bullets(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.set_font(FONT, size=9.5)
            self.set_x(MARGIN + 2)
            self.multi_cell(0, 4.5, _plain(f"- {line}"), align="L", new_x="LMARGIN", new_y="NEXT")

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table whose headings wrap and repeat on a new page; numbers right-aligned."""
        self.set_font(FONT, size=8.5)
        align = ["LEFT", *(["RIGHT"] * (len(header) - 1))]
        with super().table(
            col_widths=tuple(widths), width=sum(widths), align="LEFT", text_align=tuple(align),
            borders_layout="HORIZONTAL_LINES", line_height=4.4, padding=(0.6, 1.0),
            cell_fill_color=(246, 247, 249), cell_fill_mode="ROWS",
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 242)),
        ) as table:  # fmt: skip
            for cells in [header, *rows]:
                row = table.row()
                for text in cells:
                    row.cell(_plain(text))
        self.ln(1.5)


def _plain(text: str) -> str:
    return str(text).translate(_PLAIN)


def _mark(n: int, of: str) -> str:
    """The small-number mark: one respondent, or fewer than three municipalities."""
    return "*" if (of == "svarande" and n == 1) or (of == "kommuner" and 0 < n < 3) else ""


def _value(value: float, n: int, of: str, lang: str, decimals: int = 1) -> str:
    if pd.isna(value):
        return "–"
    return f"{i18n.fmt_number(float(value), decimals, lang)}{_mark(int(n), of)} ({int(n)})"


def _header(doc: _Document, title: str, data: ReportData, round_label: str, lang: str) -> None:
    doc.add_page()
    doc.set_font(FONT, style="B", size=17)
    doc.multi_cell(0, 8, _plain(title), new_x="LMARGIN", new_y="NEXT")
    sub = i18n.t(
        "rapport_undertitel",
        lang,
        round=round_label,
        date=data.today.isoformat(),
        app=i18n.t("app_namn", lang),
    )
    doc.para(sub, size=9.5)
    if data.is_demo:
        doc.ln(1)
        doc.set_fill_color(255, 243, 205)
        doc.set_font(FONT, style="B", size=9.5)
        doc.multi_cell(
            0, 5, _plain(i18n.t("demo_notis", lang)), fill=True, new_x="LMARGIN", new_y="NEXT"
        )
    doc.ln(1)


def _footer_text(data: ReportData, round_label: str, lang: str) -> str:
    parts = [i18n.t("app_namn", lang), i18n.t("export_omgang", lang, round=round_label)]
    if data.is_demo:
        parts.append(i18n.t("demo_notis", lang).split(".")[0])
    return " | ".join(parts)


def _closing(doc: _Document, data: ReportData, round_label: str, lang: str) -> None:
    doc.heading(i18n.t("rapport_om_siffrorna", lang), size=11)
    doc.para(i18n.t("rapport_om_text", lang), size=8.5)
    doc.para(i18n.t("kalla_scb", lang), size=8.5)
    doc.para(i18n.t("export_kalla", lang), size=8.5)
    doc.para(
        i18n.t("rapport_citera", lang, round=round_label, date=data.today.isoformat()), size=8.5
    )


# --- the dot chart ----------------------------------------------------------------------

_OWN = (8, 64, 129)
_NEAR = (65, 171, 93)
_REGION = (217, 95, 2)


def _marker(doc: _Document, kind: str, x: float, y: float, size: float = 1.3) -> None:
    colour = {"own": _OWN, "near": _NEAR, "region": _REGION}[kind]
    doc.set_fill_color(*colour)
    doc.set_draw_color(*colour)
    if kind == "own":
        doc.circle(x=x, y=y, radius=size, style="F")
    elif kind == "near":
        doc.rect(x - size, y - size, 2 * size, 2 * size, style="F")
    else:
        doc.polygon(
            [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)],
            style="F",
        )


def _dot_table(doc: _Document, table: pd.DataFrame, lang: str) -> None:
    """Label | dots on 1–5 | municipality (n) | neighbours (n) | region (n)."""
    label_w, chart_w, col_w, line = 52.0, 56.0, 24.0, 5.0
    x_chart = MARGIN + label_w + 2
    low, high = measures.measure_range("medelbetyg")

    def x_of(value: float) -> float:
        return x_chart + (value - low) / (high - low) * (chart_w - 4) + 2

    doc.set_font(FONT, style="B", size=8.5)
    top = doc.get_y()
    doc.cell(label_w + 2, line, _plain(i18n.t("rapport_kolumn_omrade", lang)))
    for tick in range(int(low), int(high) + 1):
        doc.set_xy(x_of(tick) - 3, top)
        doc.cell(6, line, str(tick), align="C")
    doc.set_xy(x_chart + chart_w, top)
    for key in ("rapport_kolumn_kommunen", "rapport_kolumn_grannar", "rapport_kolumn_regionen"):
        doc.cell(col_w, line, _plain(i18n.t(key, lang)), align="R")
    doc.ln(line)
    doc.set_font(FONT, size=8.5)
    start = doc.get_y()
    for row in table.itertuples(index=False):
        y = doc.get_y()
        doc.set_draw_color(225, 225, 225)
        doc.line(MARGIN, y + line, MARGIN + label_w + chart_w + 3 * col_w + 2, y + line)
        doc.cell(label_w + 2, line, _plain(row.label))
        mid = y + line / 2
        for kind, value in (("region", row.reference), ("near", row.neighbours), ("own", row.own)):
            if not pd.isna(value):
                _marker(doc, kind, x_of(float(value)), mid)
        doc.set_xy(x_chart + chart_w, y)
        doc.cell(col_w, line, _value(row.own, row.own_n, "svarande", lang), align="R")
        doc.cell(col_w, line, _value(row.neighbours, row.neighbours_n, "kommuner", lang), align="R")
        doc.cell(col_w, line, _value(row.reference, row.reference_n, "kommuner", lang), align="R")
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
        text = _plain(i18n.t(key, doc.lang))
        doc.set_xy(x + 2.5, y - 2)
        doc.cell(doc.get_string_width(text) + 2, 4, text)
        x += doc.get_string_width(text) + 10
    doc.set_xy(MARGIN, y + 3)
    doc.para(i18n.t("rapport_jamforelse_not", lang), size=8)


# --- Kommunrapport ----------------------------------------------------------------------


def kommun_report(data: ReportData, code: str, round_label: str, lang: str = "sv") -> bytes:
    """The Kommunrapport of one municipality and round as PDF bytes (A4, 1–3 pages)."""
    names = dict(zip(data.region["kommun_kod"], data.region["kommun"], strict=True))
    name = names[code]
    title = i18n.t("rapport_kommun_titel", lang, name=f"{name} ({code})")
    doc = _Document(lang, title, _footer_text(data, round_label, lang))
    _header(doc, title, data, round_label, lang)
    survey = data.surveys[round_label]
    labels = {a: data.taxonomy.label("area", a, lang) for a in data.taxonomy.area_ids}
    per_round = data.per_round()
    area = per_round[round_label]
    region_codes = list(data.region["kommun_kod"])
    in_region = area.loc[area["kommun_kod"].isin(region_codes)]

    prios = profile.top_priorities(survey, code, labels)
    if prios.empty:
        doc.para(i18n.t("rapport_inga_svar", lang, name=name, round=round_label))
    doc.heading(i18n.t("rapport_prioriteringar", lang))
    doc.bullets(
        [
            i18n.t(
                "rapport_prioritet_rad",
                lang,
                label=row.label,
                points=i18n.fmt_number(row.poang, 2, lang),
                top=row.i_topp3,
                of=row.av,
            )
            for row in prios.head(5).itertuples(index=False)
            if row.poang > 0
        ]
    )

    near = geo.neighbours(code, set(region_codes))
    near_codes = list(near.loc[near["i_regionen"], "kommun_kod"])
    groups = pd.Series("grannar", index=pd.Index(near_codes, dtype="str"), dtype="object")
    comparison = profile.comparison(
        in_region,
        measures.group_measures(in_region, "area_id"),
        code,
        "area_id",
        "medelbetyg",
        labels,
        neighbour_figures=measures.group_measures(in_region, "area_id", groups),
    )
    doc.heading(i18n.t("rapport_jamforelse", lang))
    _dot_table(doc, comparison, lang)

    _kommun_trend(doc, per_round, code, region_codes, labels, lang)

    similar = similarity.most_similar(in_region, code, data.taxonomy.area_ids)
    doc.heading(i18n.t("rapport_liknande", lang))
    doc.bullets(
        [
            i18n.t(
                "rapport_liknande_rad",
                lang,
                name=names.get(row.kommun_kod, row.kommun_kod),
                distance=i18n.fmt_number(row.avstand, 2, lang),
                areas=row.antal_omraden,
                shared=", ".join(labels[a] for a in row.gemensamma)
                or i18n.t("rapport_inget", lang),
            )
            for row in similar.table.itertuples(index=False)
        ]
    )
    doc.para(i18n.t("rapport_liknande_not", lang), size=8)

    _forms_section(doc, data, survey, code, lang)
    _researchers_section(doc, data, prios, labels, lang)
    _closing(doc, data, round_label, lang)
    return bytes(doc.output())


def _kommun_trend(
    doc: _Document,
    per_round: Mapping[str, pd.DataFrame],
    code: str,
    region_codes: list[str],
    labels: dict[str, str],
    lang: str,
) -> None:
    doc.heading(i18n.t("rapport_trender", lang))
    rounds = list(per_round)
    if len(rounds) < 2:
        doc.para(i18n.t("rapport_trender_en_omgang", lang))
        return
    table = trends.trend(per_round, "area_id", "medelbetyg", code=code, region_codes=region_codes)
    own = table.pivot(index="id", columns="omgang", values="kommun_varde")
    own_n = table.pivot(index="id", columns="omgang", values="kommun_n")
    rows = []
    for area_id, label in labels.items():
        cells = [
            _value(own.loc[area_id, r], own_n.loc[area_id, r], "svarande", lang) for r in rounds
        ]
        change = own.loc[area_id, rounds[-1]] - own.loc[area_id, rounds[-2]]
        sign = "+" if change > 0 else ""
        rows.append(
            [label, *cells, "–" if pd.isna(change) else sign + i18n.fmt_number(change, 1, lang)]
        )
    shown = rounds[-4:]
    rows = [[r[0], *r[1 + len(rounds) - len(shown) : 1 + len(rounds)], r[-1]] for r in rows]
    width = (180 - 58) / (len(shown) + 1)
    header = [
        i18n.t("rapport_kolumn_omrade", lang),
        *shown,
        i18n.t("rapport_kolumn_forandring", lang),
    ]
    doc.table(header, rows, [58, *([width] * (len(shown) + 1))])


def _answer_label(answer: str, lang: str) -> str:
    return i18n.t(f"svar_{answer}", lang)


def _forms_section(
    doc: _Document, data: ReportData, survey: Survey, code: str | None, lang: str
) -> None:
    forms = cofinancing.forms_summary(survey.responses, survey.forms, data.taxonomy.form_ids, code)
    co = cofinancing.cofinancing_summary(survey.responses, code)
    if code is None:
        doc.heading(i18n.t("rapport_region_former", lang))
        lines = [
            i18n.t(
                "rapport_former_region_rad",
                lang,
                label=data.taxonomy.label("form", row.form_id, lang),
                share=i18n.fmt_percent(row.andel_svarande, lang),
                of=row.av_svarande,
                municipalities=row.antal_kommuner,
                of_municipalities=row.av_kommuner,
            )
            for row in forms.sort_values(
                "antal_svarande", ascending=False, kind="stable"
            ).itertuples(index=False)
        ]
    else:
        doc.heading(i18n.t("rapport_former", lang))
        lines = [
            i18n.t(
                "rapport_former_rad",
                lang,
                label=data.taxonomy.label("form", row.form_id, lang),
                count=row.antal_svarande,
                of=row.av_svarande,
                share=i18n.fmt_percent(row.andel_svarande, lang),
            )
            for row in forms.sort_values(
                "antal_svarande", ascending=False, kind="stable"
            ).itertuples(index=False)
            if row.antal_svarande > 0
        ]
    doc.bullets(lines)
    doc.para(i18n.t("rapport_medfinansiering", lang), style="B")
    if code is not None:
        doc.bullets(
            [
                i18n.t(
                    "rapport_former_rad",
                    lang,
                    label=_answer_label(row.svar, lang),
                    count=row.antal_svarande,
                    of=row.av_svarande,
                    share=i18n.fmt_percent(row.andel_svarande, lang),
                )
                for row in co.itertuples(index=False)
                if row.antal_svarande > 0
            ]
        )
        return
    doc.bullets(
        [
            i18n.t(
                "rapport_medfinansiering_rad",
                lang,
                label=_answer_label(row.svar, lang),
                share=i18n.fmt_percent(row.andel_svarande, lang),
                of=row.av_svarande,
                municipalities=row.antal_kommuner,
            )
            for row in co.itertuples(index=False)
            if row.antal_svarande > 0
        ]
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
                    name=row.forskare,
                    environment=row.forskningsmiljo or "–",
                    areas=", ".join(labels[a] for a in row.omraden if a in top),
                )
                for row in found.itertuples(index=False)
            ]
        )
    source = i18n.t("rapport_kompetenslista_demo", lang) if data.is_demo else data.researcher_source
    doc.para(i18n.t("rapport_forskare_kalla", lang, source=source), size=8)


# --- Regionrapport ----------------------------------------------------------------------


def region_report(data: ReportData, round_label: str, lang: str = "sv") -> bytes:
    """The Regionrapport of one round as PDF bytes (A4, 1–3 pages)."""
    title = i18n.t("rapport_region_titel", lang, name=i18n.t("rapport_regionnamn", lang))
    doc = _Document(lang, title, _footer_text(data, round_label, lang))
    _header(doc, title, data, round_label, lang)
    survey = data.surveys[round_label]
    region_codes = list(data.region["kommun_kod"])
    labels = {a: data.taxonomy.label("area", a, lang) for a in data.taxonomy.area_ids}
    per_round = data.per_round()
    area = per_round[round_label].loc[lambda f: f["kommun_kod"].isin(region_codes)]

    cover = summaries.coverage(survey.responses, data.region)
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

    theme = measures.group_measures(
        measures.theme_measures(survey, data.taxonomy).loc[
            lambda f: f["kommun_kod"].isin(region_codes)
        ],
        "theme_id",
    )
    theme = theme.sort_values("medelbetyg", ascending=False, kind="stable")
    doc.heading(i18n.t("rapport_teman_rankade", lang))
    doc.table(
        [
            i18n.t("rapport_kolumn_tema", lang),
            i18n.t("rapport_kolumn_medelbetyg", lang),
            i18n.t("rapport_kolumn_kommuner", lang),
            i18n.t("rapport_kolumn_prio", lang),
        ],
        [
            [
                data.taxonomy.label("theme", row.theme_id, lang),
                i18n.fmt_number(row.medelbetyg, 2, lang)
                + _mark(row.antal_kommuner_betyg, "kommuner"),
                str(row.antal_kommuner_betyg),
                i18n.fmt_number(row.prioriteringspoang, 2, lang),
            ]
            for row in theme.itertuples(index=False)
        ],
        [70, 35, 35, 35],
    )

    ranked = measures.group_measures(area, "area_id").sort_values(
        "medelbetyg", ascending=False, kind="stable"
    )
    demand = seminars.demand(survey, "area", data.region, data.taxonomy).set_index("topic")
    doc.heading(i18n.t("rapport_omraden_rankade", lang))
    doc.table(
        [
            i18n.t("rapport_kolumn_omrade", lang),
            i18n.t("rapport_kolumn_medelbetyg", lang),
            i18n.t("rapport_kolumn_kommuner", lang),
            i18n.t("rapport_kolumn_prio", lang),
            i18n.t("rapport_kolumn_topp3", lang),
            i18n.t("rapport_kolumn_vill_seminarium", lang),
        ],
        [
            [
                labels[row.area_id],
                i18n.fmt_number(row.medelbetyg, 2, lang)
                + _mark(row.antal_kommuner_betyg, "kommuner"),
                str(row.antal_kommuner_betyg),
                i18n.fmt_number(row.prioriteringspoang, 2, lang),
                str(row.antal_kommuner_topp3),
                str(demand.loc[row.area_id, "antal_vill_seminarium"]),
            ]
            for row in ranked.itertuples(index=False)
        ],
        [52, 22, 24, 22, 32, 28],
    )
    doc.para(i18n.t("rapport_seminarier_not", lang), size=8)

    top_area = str(ranked["area_id"].iloc[0])
    if doc.get_y() + MAP_HEIGHT + 25 > doc.h - 20:
        doc.add_page()
    doc.heading(i18n.t("rapport_karta", lang, label=labels[top_area]))
    values = measures.map_values(area, data.region, "area_id", top_area, "medelbetyg")
    _map(doc, values, lang)

    _region_trend(doc, per_round, region_codes, labels, lang)
    _roles_section(doc, survey, data, ranked["area_id"].head(5).tolist(), labels, lang)
    _forms_section(doc, data, survey, None, lang)
    _closing(doc, data, round_label, lang)
    return bytes(doc.output())


def _region_trend(
    doc: _Document,
    per_round: Mapping[str, pd.DataFrame],
    region_codes: list[str],
    labels: dict[str, str],
    lang: str,
) -> None:
    doc.heading(i18n.t("rapport_region_trender", lang))
    rounds = list(per_round)
    if len(rounds) < 2:
        doc.para(i18n.t("rapport_trender_en_omgang", lang))
        return
    table = trends.trend(per_round, "area_id", "medelbetyg", region_codes=region_codes)
    value = table.pivot(index="id", columns="omgang", values="region_varde")
    n = table.pivot(index="id", columns="omgang", values="region_n")
    shown = rounds[-4:]
    rows = []
    for area_id, label in labels.items():
        change = value.loc[area_id, rounds[-1]] - value.loc[area_id, rounds[-2]]
        sign = "+" if change > 0 else ""
        rows.append(
            [
                label,
                *(
                    _value(value.loc[area_id, r], n.loc[area_id, r], "kommuner", lang, 2)
                    for r in shown
                ),
                "–" if pd.isna(change) else sign + i18n.fmt_number(change, 2, lang),
            ]
        )
    width = (180 - 58) / (len(shown) + 1)
    header = [
        i18n.t("rapport_kolumn_omrade", lang),
        *shown,
        i18n.t("rapport_kolumn_forandring", lang),
    ]
    doc.table(header, rows, [58, *([width] * (len(shown) + 1))])


def _roles_section(
    doc: _Document,
    survey: Survey,
    data: ReportData,
    area_ids: list[str],
    labels: dict[str, str],
    lang: str,
) -> None:
    cells = roles.role_cells(
        survey.responses, survey.ratings, "medelbetyg", "area_id", data.taxonomy
    )
    role_order = [
        r
        for r in ("kommundirektör", "förvaltningschef", "förtroendevald", "tjänsteperson", "annan")
    ]
    region = cells.loc[cells["omfang"] == roles.REGION].set_index(["id", "roll"])
    present = [r for r in role_order if r in set(region.index.get_level_values("roll"))]
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
                row.append(f"{i18n.fmt_number(cell['value'], 1, lang)} ({int(cell['n'])})")
        rows.append(row)
    width = (180 - 50) / len(present)
    doc.table(
        [i18n.t("rapport_kolumn_omrade", lang), *(i18n.t(f"roll_{r}", lang) for r in present)],
        rows,
        [50, *([width] * len(present))],
    )
    doc.para(i18n.t("rapport_roller_not", lang), size=8)


# --- the map ----------------------------------------------------------------------------


def _map(doc: _Document, values: pd.DataFrame, lang: str) -> None:
    """The region's municipalities coloured by ``value`` (vector), no value grey with a cross."""
    shapes = geo.load_municipalities(list(values["kommun_kod"]))
    by_code = values.set_index("kommun_kod")
    projected = svgmap.project(np.asarray(shapes.geometry.values))
    left, bottom, right, top = np.array(
        [
            min(g.bounds[0] for g in projected),
            min(g.bounds[1] for g in projected),
            max(g.bounds[2] for g in projected),
            max(g.bounds[3] for g in projected),
        ]
    )
    box_w, box_h = 95.0, MAP_HEIGHT
    scale = min(box_w / (right - left), box_h / (top - bottom))
    x0, y0 = MARGIN, doc.get_y()
    low, high = measures.measure_range("medelbetyg")

    def point(x: float, y: float) -> tuple[float, float]:
        return (x0 + (x - left) * scale, y0 + (top - y) * scale)

    doc.set_line_width(0.2)
    for code, geometry in zip(shapes["kommun_kod"], projected, strict=True):
        value = by_code.loc[code, "value"]
        fill = (
            svgmap.colour_for(float(value), low, high)
            if not pd.isna(value)
            else svgmap.MISSING_FILL
        )
        doc.set_fill_color(*_rgb(fill))
        doc.set_draw_color(255, 255, 255)
        polygons = getattr(geometry, "geoms", [geometry])
        for polygon in polygons:
            doc.polygon([point(x, y) for x, y in polygon.exterior.coords], style="DF")
        if pd.isna(value):
            doc.set_draw_color(110, 110, 110)
            c = geometry.representative_point()
            cx, cy = point(c.x, c.y)
            doc.line(cx - 1.5, cy - 1.5, cx + 1.5, cy + 1.5)
            doc.line(cx - 1.5, cy + 1.5, cx + 1.5, cy - 1.5)
    # the legend beside the map: colour steps with their values, then the missing swatch
    lx, ly = x0 + box_w + 8, y0 + 4
    doc.set_font(FONT, style="B", size=8)
    doc.set_xy(lx, ly - 6)
    doc.cell(60, 5, _plain(i18n.t("matt_medelbetyg", lang)))
    doc.set_font(FONT, size=8)
    for step in range(5):
        value = low + step * (high - low) / 4
        doc.set_fill_color(*_rgb(svgmap.colour_for(value, low, high)))
        doc.rect(lx, ly + step * 6, 8, 5, style="F")
        doc.set_xy(lx + 10, ly + step * 6)
        doc.cell(30, 5, _plain(i18n.fmt_number(value, 0, lang)))
    doc.set_fill_color(*_rgb(svgmap.MISSING_FILL))
    doc.rect(lx, ly + 32, 8, 5, style="F")
    doc.set_xy(lx + 10, ly + 32)
    doc.cell(60, 5, _plain(f"{i18n.t('inget_svar', lang)} (x)"))
    answered = values.loc[values["value"].notna()]
    doc.set_xy(lx, ly + 42)
    doc.multi_cell(
        70,
        4,
        _plain(i18n.t("vilar_pa_kommuner", lang, n=len(answered))),
        new_x="LMARGIN",
        new_y="NEXT",
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
