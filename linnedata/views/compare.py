"""Jämför: 2–12 municipalities side by side, area by area (or theme by theme)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from linnedata import i18n
from linnedata.figures import measures, sentences
from linnedata.graphics import charts
from linnedata.views.common import is_small, key_of, marked
from linnedata.views.dataset import Dataset

MAX_COMPARED = 12
"""The Jämför page compares 2–12 municipalities."""

SHORTCUTS: tuple[str, ...] = ("grannar", "liknande", "samma_lan")
"""The comparison sets offered as buttons: neighbours, similar ones, the same county."""


def shortcut_codes(data: Dataset, code: str, round_label: str, shortcut: str) -> list[str]:
    """A comparison set: the municipality with its neighbours, similar ones or its county.

    At most :data:`MAX_COMPARED` codes; neighbours outside the region are left out (they
    have no survey data).
    """
    if shortcut == "grannar":
        codes = [code, *data.neighbour_codes(code)]
    elif shortcut == "liknande":
        codes = [code, *data.similar(code, round_label).table["kommun_kod"]]
    else:
        codes = data.county_codes(code)
    return codes[:MAX_COMPARED]


@dataclass(frozen=True)
class CompareView:
    """What the Jämför page shows for one comparison.

    Attributes:
        values: municipality names (rows, in the shown order) × item labels (columns).
        figure: the heatmap with the region mean as a reference row.
        sentence: the heatmap's text alternative.
        export: the data behind it, one row per municipality and item (region rows last).
        table: the heatmap as a table to show, items (rows) × municipalities and the
            region (columns), each cell the value with its n: the on-page alternative,
            narrow enough to read on a phone.
        small: whether some cell rests on a single respondent.
        missing: names of the chosen municipalities without a response in the round.
    """

    values: pd.DataFrame
    figure: go.Figure
    sentence: str
    export: pd.DataFrame
    table: pd.DataFrame
    small: bool
    missing: tuple[str, ...]


def grid(
    per_municipality: pd.DataFrame,
    codes: tuple[str, ...],
    key: str,
    measure: str,
    items: list[str],
    names: dict[str, str],
    sort_by: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values and their counts, municipalities (rows, codes) × items (columns).

    Args:
        per_municipality: ``area_measures``/``theme_measures`` output.
        codes: the municipalities, in the chosen order.
        key: ``"area_id"`` or ``"theme_id"``.
        measure: the measure.
        items: the item ids (columns, in order).
        names: ``{code: name}`` (ties in the sort are broken by name).
        sort_by: an item id (rows by its value, largest first, missing last) or anything
            else (rows in the chosen order).

    Returns:
        ``(values, counts)``: float64 with NaN, and int (the measure's n column, 0 where none).
    """
    n_column = measures.get(measure).n_column
    table = per_municipality.loc[per_municipality["kommun_kod"].isin(codes)]
    wide = table.pivot_table(index="kommun_kod", columns=key, values=measure, dropna=False)
    counts = table.pivot_table(index="kommun_kod", columns=key, values=n_column, dropna=False)
    wide = wide.reindex(index=list(codes), columns=items).astype("float64")
    counts = counts.reindex(index=list(codes), columns=items).fillna(0).astype(int)
    if sort_by in items:
        order = (
            pd.DataFrame({"value": wide[sort_by], "name": [names[c] for c in wide.index]})
            .sort_values(["value", "name"], ascending=[False, True], na_position="last")
            .index
        )
        wide, counts = wide.loc[order], counts.loc[order]
    return wide, counts


def _export(
    wide: pd.DataFrame,
    counts: pd.DataFrame,
    reference: pd.Series,
    reference_n: pd.Series,
    key: str,
    level: str,
    measure: str,
    labels: dict[str, str],
    names: dict[str, str],
    lang: str,
) -> pd.DataFrame:
    """One row per municipality and item, then the region's rows."""
    long = wide.stack(future_stack=True)
    codes = long.index.get_level_values(0)
    name_header = i18n.t("kolumn_kommun", lang)
    item_header = i18n.t(f"niva_{level}", lang)
    rows = pd.DataFrame(
        {
            "kommun_kod": codes,
            name_header: [names[c] for c in codes],
            key: long.index.get_level_values(1),
            item_header: [labels[i] for i in long.index.get_level_values(1)],
            measure: long.to_numpy(),
            i18n.t("export_n_svarande", lang): counts.stack().to_numpy(),
        }
    )
    region_rows = pd.DataFrame(
        {
            "kommun_kod": "",
            name_header: i18n.t("regionens_medel", lang),
            key: list(labels),
            item_header: list(labels.values()),
            measure: reference.to_numpy(),
            i18n.t("export_n_kommuner", lang): reference_n.to_numpy(),
        }
    )
    return pd.concat([rows, region_rows], ignore_index=True)


def shown_table(
    texts: pd.DataFrame,
    counts: pd.DataFrame,
    reference_texts: list[str],
    reference_n: pd.Series,
    level: str,
    lang: str,
) -> pd.DataFrame:
    """The heatmap's cells as a table: items as rows, municipalities then the region as
    columns, "3,5 (n=2)" in each cell ("–" without a value; the region's n counts
    municipalities)."""

    def cell(text: str, n: int) -> str:
        return charts.with_n(text, n) if n else "–"

    shown = pd.DataFrame(
        {
            name: [cell(t, n) for t, n in zip(texts.loc[name], row, strict=True)]
            for name, row in zip(texts.index, counts.to_numpy(), strict=True)
        },
        index=pd.Index(texts.columns, name=i18n.t(f"niva_{level}", lang)),
    )
    shown[i18n.t("regionens_medel", lang)] = [
        cell(t, n) for t, n in zip(reference_texts, reference_n, strict=True)
    ]
    return shown


def compare_view(
    data: Dataset,
    codes: tuple[str, ...],
    round_label: str,
    level: str,
    measure: str,
    sort_by: str,
    lang: str,
) -> CompareView:
    """Municipalities × areas or themes for one measure; rows sorted by ``sort_by``.

    Args:
        data: the rounds.
        codes: the municipalities compared.
        round_label: the round.
        level: ``"area"`` or ``"theme"``.
        measure: the measure.
        sort_by: an item id (rows by its value, largest first, missing last, ties by name)
            or ``""`` (rows in the order chosen).
        lang: the language.
    """
    spec = measures.get(measure)
    key = key_of(level)
    labels = data.items(level, lang)
    names = data.names
    wide, counts = grid(
        data.per_municipality(round_label, level), codes, key, measure, list(labels), names, sort_by
    )

    def fmt(value: float) -> str:
        return spec.format(value, lang)

    row_names = [names[c] for c in wide.index]
    values = pd.DataFrame(wide.to_numpy(), index=row_names, columns=list(labels.values()))
    small = (counts == 1) & wide.notna()
    texts = pd.DataFrame(
        [
            [marked(fmt(v), s) for v, s in zip(vr, sr, strict=True)]
            for vr, sr in zip(wide.to_numpy(), small.to_numpy(), strict=True)
        ],
        index=row_names,
        columns=values.columns,
    )
    hover = pd.DataFrame(
        [[i18n.t("vilar_pa_svarande", lang, n=n) for n in row] for row in counts.to_numpy()],
        index=row_names,
        columns=values.columns,
    )
    reference = data.region_figures(round_label, level).set_index(key)
    ref_values = reference[measure].reindex(list(labels))
    ref_n = reference[spec.group_n_column].reindex(list(labels)).fillna(0).astype(int)
    ref_small = [
        pd.notna(v) and is_small(n, "kommuner") for v, n in zip(ref_values, ref_n, strict=True)
    ]
    ref_texts = [marked(fmt(v), s) for v, s in zip(ref_values, ref_small, strict=True)]
    figure = charts.heatmap(
        values,
        texts,
        reference=ref_values,
        reference_texts=ref_texts,
        reference_name=i18n.t("regionens_medel", lang),
        value_label=i18n.t(f"matt_{measure}", lang),
        hover_texts=hover,
        value_range=spec.range(key),
        lang=lang,
        reference_hover=[i18n.t("vilar_pa_kommuner", lang, n=n) for n in ref_n],
    )
    return CompareView(
        values=values,
        figure=figure,
        sentence=sentences.heatmap_sentence(
            values, fmt, i18n.t(f"niva_{level}_plural", lang), lang
        ),
        export=_export(wide, counts, ref_values, ref_n, key, level, measure, labels, names, lang),
        table=shown_table(texts, counts, ref_texts, ref_n, level, lang),
        small=bool(small.to_numpy().any()) or any(ref_small),
        missing=tuple(names[c] for c in wide.index[wide.isna().all(axis=1)]),
    )
