"""Kommunprofil: one municipality beside its neighbours and the region, and who is like it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from linnedata import i18n, markdown
from linnedata.figures import contrasts, measures, municipality, sentences, similarity
from linnedata.graphics import charts
from linnedata.markdown import escape
from linnedata.places import geo
from linnedata.views.common import compare_link, is_small, key_of, marked, profile_link
from linnedata.views.dataset import Dataset
from linnedata.views.maps import Geography, locator_map


@dataclass(frozen=True)
class ProfileView:
    """Everything the Kommunprofil page shows for one choice.

    Attributes:
        name: the municipality's name.
        comparison: ``municipality.comparison`` output: the municipality beside its neighbours'
            mean and the region's mean, with the previous round where there is one.
        export: ``comparison`` with readable headers, for the downloads.
        figure: the dot chart of ``comparison``.
        sentence: the chart's text alternative.
        table: ``comparison`` with translated headers and formatted values (n beside each).
        change: the largest rise and fall since the previous round ("" when none).
        contrasts: plain-language contrasts with the neighbours (area level, mean ratings).
        themes: the theme summary for display, indexed by theme (None when the page
            shows themes already).
        small: whether some figure rests on one respondent or fewer than three municipalities.
        priorities: ``municipality.top_priorities`` output.
        priority_lines: its first five rows as the page's sentences.
        forms: ``municipality.forms_wanted`` output.
        form_lines: one line per form wanted (label escaped), most wanted first.
        answers: ``municipality.answers`` output.
        answer_text: ``answers`` as one Markdown text, each response a grey line (number,
            role, seminar interest, co-financing) over its own words (escaped), apart by a
            rule; "" when there are none.
        neighbours: the neighbours' names, those outside the region marked ("–" when none).
        locator: the map of the municipality and its neighbours.
        similar: ``similarity.most_similar`` output.
        similar_lines: one line per similar municipality (name linked, distance, shared areas).
        similar_link: the Jämför link for the municipality and the similar ones ("" when none).
        excluded: names of the municipalities left out of the similarity (too few areas).
    """

    name: str
    comparison: pd.DataFrame
    export: pd.DataFrame
    figure: go.Figure
    sentence: str
    table: pd.DataFrame
    change: str
    contrasts: tuple[str, ...]
    themes: pd.DataFrame | None
    small: bool
    priorities: pd.DataFrame
    priority_lines: tuple[str, ...]
    forms: pd.DataFrame
    form_lines: tuple[str, ...]
    answers: pd.DataFrame
    answer_text: str
    neighbours: str
    locator: str
    similar: similarity.Similar
    similar_lines: tuple[str, ...]
    similar_link: str
    excluded: str


def comparison(data: Dataset, code: str, round_label: str, level: str, measure: str, lang: str):
    """``municipality.comparison`` of a municipality with its neighbours, the region and last round."""
    previous = data.previous_round(round_label)
    return municipality.comparison(
        data.per_municipality(round_label, level),
        data.region_figures(round_label, level),
        code,
        key_of(level),
        measure,
        data.items(level, lang),
        neighbour_figures=data.neighbour_figures(code, round_label, level),
        previous=data.per_municipality(previous, level) if previous else None,
    )


def small_rows(table: pd.DataFrame) -> list[bool]:
    """Per row of a comparison: does its own figure or its neighbours' rest on too little?"""
    return [
        is_small(row.own_n, "svarande") or is_small(row.neighbours_n, "kommuner")
        for row in table.itertuples()
    ]


def _marked(value: float, n: int, kind: str, fmt: Callable[[float], str]) -> str:
    return marked(fmt(value), pd.notna(value) and is_small(n, kind))


def comparison_table(
    table: pd.DataFrame,
    name: str,
    level: str,
    previous: str | None,
    spec: measures.Measure,
    lang: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The comparison for display (formatted, n beside each) and for download (numbers).

    Args:
        table: ``municipality.comparison`` output (with neighbours; ``previous``/``change``
            when ``previous`` is given).
        name: the municipality's name (a column header).
        level: ``"area"`` or ``"theme"``.
        previous: the previous round's label, or None.
        spec: the measure.
        lang: the language.

    Returns:
        ``(shown, export)``.
    """

    def fmt(value: float) -> str:
        return spec.format(value, lang)

    neighbour_name = i18n.t("grannarnas_medel", lang)
    region_name = i18n.t("regionens_medel", lang)
    item_header = i18n.t(f"niva_{level}", lang)
    rows = list(table.itertuples())
    shown = {
        item_header: table["label"],
        name: [_marked(r.own, r.own_n, "svarande", fmt) for r in rows],
        i18n.t("n_svarande", lang): table["own_n"],
        neighbour_name: [_marked(r.neighbours, r.neighbours_n, "kommuner", fmt) for r in rows],
        i18n.t("n_grannar", lang): table["neighbours_n"],
        region_name: [fmt(v) for v in table["reference"]],
        i18n.t("n_kommuner", lang): table["reference_n"],
    }
    export = pd.DataFrame(
        {
            key_of(level): table[key_of(level)],
            item_header: table["label"],
            name: table["own"],
            i18n.t("export_n_svarande", lang): table["own_n"],
            neighbour_name: table["neighbours"],
            i18n.t("export_n_grannar", lang): table["neighbours_n"],
            region_name: table["reference"],
            i18n.t("export_n_kommuner", lang): table["reference_n"],
        }
    )
    if previous:
        shown[f"{name} {previous}"] = [fmt(v) for v in table["previous"]]
        shown[i18n.t("forandring_kort", lang)] = [
            spec.format_signed(v, lang) for v in table["change"]
        ]
        export[f"{name} {previous}"] = table["previous"]
        export[i18n.t("forandring_kort", lang)] = table["change"]
    return pd.DataFrame(shown), export


def comparison_figure(
    table: pd.DataFrame, name: str, level: str, spec: measures.Measure, lang: str
) -> go.Figure:
    """The dot chart of a comparison: the municipality, its neighbours (if any), the region."""
    dots = table.assign(
        label=[
            f"{row.label} (n={row.own_n})" + (charts.SMALL_MARK if mark else "")
            for row, mark in zip(table.itertuples(), small_rows(table), strict=True)
        ],
        own_n_text=[i18n.t("vilar_pa_svarande", lang, n=n) for n in table["own_n"]],
        neighbours_n_text=[i18n.t("vilar_pa_kommuner", lang, n=n) for n in table["neighbours_n"]],
        reference_n_text=[i18n.t("vilar_pa_kommuner", lang, n=n) for n in table["reference_n"]],
    )
    series = [("own", name)]
    if table["neighbours"].notna().any():
        series.append(("neighbours", i18n.t("grannarnas_medel", lang)))
    series.append(("reference", i18n.t("regionens_medel", lang)))
    return charts.comparison_dots(
        dots,
        series,
        value_label=i18n.t(f"matt_{spec.id}", lang),
        number_format=lambda v: spec.format(v, lang),
        lang=lang,
        value_range=spec.range(key_of(level)),
    )


def theme_summary(
    table: pd.DataFrame, name: str, spec: measures.Measure, lang: str
) -> pd.DataFrame:
    """The themes beside the area comparison: own (marked), n, neighbours', region's;
    indexed by the theme's label, as the page shows it."""

    def fmt(value: float) -> str:
        return spec.format(value, lang)

    theme = i18n.t("niva_theme", lang)
    return pd.DataFrame(
        {
            theme: table["label"],
            name: [_marked(r.own, r.own_n, "svarande", fmt) for r in table.itertuples()],
            i18n.t("n_svarande", lang): table["own_n"],
            i18n.t("grannarnas_medel", lang): [fmt(v) for v in table["neighbours"]],
            i18n.t("regionens_medel", lang): [fmt(v) for v in table["reference"]],
        }
    ).set_index(theme)


def similar_lines(
    data: Dataset, found: similarity.Similar, round_label: str, lang: str
) -> tuple[str, ...]:
    """One Markdown line per similar municipality: its name linked to its profile, the
    distance and the top areas both share (names and labels come from shipped data files)."""
    labels = data.items("area", lang)
    return tuple(
        i18n.t(
            "liknande_rad",
            lang,
            name=escape(data.names.get(row.kommun_kod, row.kommun_kod)),
            link=profile_link(row.kommun_kod, round_label, lang),
            distance=i18n.fmt_number(row.avstand, 2, lang),
            shared=escape(", ".join(labels[a] for a in row.gemensamma) or "–"),
        )
        for row in found.table.itertuples(index=False)
    )


def _contrasts(data: Dataset, code: str, round_label: str, name: str, lang: str) -> tuple[str, ...]:
    area_rows = data.per_municipality(round_label, "area")
    own_rows = area_rows.loc[area_rows["kommun_kod"] == code]
    found = contrasts.neighbour_contrasts(
        data.rating_matrix(round_label),
        code,
        list(data.neighbour_codes(code)),
        data.items("area", lang),
        name,
        lang,
        own_n=dict(zip(own_rows["area_id"], own_rows["antal_svarande"].astype(int), strict=True)),
    )
    return tuple(found["sentence"])


def _neighbour_text(data: Dataset, code: str, lang: str) -> str:
    """ "Kalmar (via Ölandsbron), Osby (möts i en punkt, utanför regionen), Växjö"."""
    names = []
    for row in data.neighbours(code).itertuples():
        notes = geo.neighbour_notes(row.typ, row.via, bool(row.i_regionen), lang)
        names.append(f"{row.kommun} ({', '.join(notes)})" if notes else row.kommun)
    return ", ".join(names) or "–"


def _similar_link(code: str, found: Any, round_label: str, lang: str) -> str:
    """The Jämför link for the municipality and the similar ones ("" when none)."""
    if not found.compared:
        return ""
    return compare_link(code, [code, *found.table["kommun_kod"]], round_label, lang)


def _change(table: pd.DataFrame, measure: str, previous: str, spec: Any, lang: str) -> str:
    """The sentence on the change since the previous round."""
    return sentences.change_sentence(
        table.rename(columns={"own": measure}),
        measure,
        previous,
        lambda v: spec.format_change(v, lang),
        lang,
    )


def answer_text(answers: pd.DataFrame, lang: str) -> str:
    """The individual responses as one Markdown text to read at any width: per response a
    grey line (number, role, seminar interest and co-financing in words) over its own words,
    escaped ("–" where a value is missing)."""

    def role(value: object) -> str:
        return i18n.t(f"roll_{value}", lang) if isinstance(value, str) else "–"

    def choice(value: object) -> str:
        return i18n.t(f"svar_{value}", lang) if isinstance(value, str) else "–"

    parts = []
    for number, (who, seminar, cofinance, text) in enumerate(
        answers[["roll", "seminarieintresse", "medfinansiering", "utmaning_fritext"]].itertuples(
            index=False, name=None
        ),
        start=1,
    ):
        meta = i18n.t(
            "profil_svar_meta", lang, number=number, role=role(who),
            seminar=choice(seminar), cofinance=choice(cofinance),
        )  # fmt: skip
        own = escape(text) if isinstance(text, str) and text.strip() else "–"
        parts.append(f":gray[{meta}]  \n{own}")
    return markdown.BREAK.join(parts)


def _form_lines(forms: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """The forms wanted as lines (labels escaped for Markdown)."""
    return tuple(
        i18n.t("profil_form_rad", lang, label=escape(label), n=n, N=of)
        for label, n, of in zip(forms["label"], forms["antal"], forms["av"], strict=True)
    )


def _priority_lines(priorities: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """The five top priorities as lines (labels escaped for Markdown)."""
    return tuple(
        i18n.t(
            "profil_prio_rad",
            lang,
            rank=rank,
            label=escape(row.label),
            points=i18n.fmt_number(row.poang, 2, lang),
            n=row.i_topp3,
            N=row.av,
        )
        for rank, row in enumerate(priorities.head(5).itertuples(), start=1)
    )


def profile_view(
    data: Dataset,
    geography: Geography,
    code: str,
    round_label: str,
    level: str,
    measure: str,
    lang: str,
) -> ProfileView:
    """The Kommunprofil page's view for one municipality and choice.

    (Over 60 lines because most of it is the one constructor call naming every field.)
    """
    spec = measures.get(measure)
    survey = data.surveys[round_label]
    name = data.names[code]
    previous = data.previous_round(round_label)
    table = comparison(data, code, round_label, level, measure, lang)
    shown, export = comparison_table(table, name, level, previous, spec, lang)
    change = _change(table, measure, previous, spec, lang) if previous else ""
    themes = (
        theme_summary(comparison(data, code, round_label, "theme", measure, lang), name, spec, lang)
        if level == "area"
        else None
    )
    priorities = municipality.top_priorities(survey, code, data.items("area", lang))
    found = data.similar(code, round_label)
    answers = municipality.answers(survey, code)
    forms = municipality.forms_wanted(survey, code, data.taxonomy.labels("form", lang))
    return ProfileView(
        name=name,
        comparison=table,
        export=export,
        figure=comparison_figure(table, name, level, spec, lang),
        sentence=sentences.comparison_sentence(table, name, lambda v: spec.format(v, lang), lang),
        table=shown,
        change=change,
        contrasts=_contrasts(data, code, round_label, name, lang),
        themes=themes,
        small=any(small_rows(table)),
        priorities=priorities,
        priority_lines=_priority_lines(priorities, lang),
        forms=forms,
        form_lines=_form_lines(forms, lang),
        answers=answers,
        answer_text=answer_text(answers, lang),
        neighbours=_neighbour_text(data, code, lang),
        locator=data.memo(
            ("locator", code, round_label, lang),
            lambda: locator_map(data, geography, code, round_label, lang),
        ),
        similar=found,
        similar_lines=similar_lines(data, found, round_label, lang),
        similar_link=_similar_link(code, found, round_label, lang),
        excluded=", ".join(data.names.get(c, c) for c in found.excluded),
    )
