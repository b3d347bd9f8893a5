"""Plain-language contrasts between a municipality and its neighbours, computed from the data.

"3 av 5 grannkommuner anger Integration som angeläget (4–5) – Ljungby anger 2."

A neighbour *finds an area pressing* when its mean rating of the area is at least
:data:`linnedata.figures.measures.PRESSING_FROM` (4). A contrast is an area where

- the municipality does not find it pressing (mean rating below 4) while at least half of
  the neighbours that rated it do, or
- the municipality finds it pressing while at most a third of those neighbours do.

Contrasts are ordered by the gap between the municipality's rating and the neighbours'
mean rating (largest first, ties by label). A contrast resting on fewer than three
neighbours, or on a single respondent in the municipality, says so.
"""

from __future__ import annotations

import math

import pandas as pd

from linnedata import i18n
from linnedata.figures.measures import PRESSING_FROM

MIN_GROUP = 3
"""A figure over fewer municipalities than this is marked as resting on few."""


def rating_text(value: float, lang: str) -> str:
    """A mean rating as a person would say it: "2" for 2.0, "3,5" for 3.5 (Swedish).

    >>> rating_text(2.0, "sv"), rating_text(3.5, "sv"), rating_text(3.25, "en")
    ('2', '3,5', '3.2')
    """
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return i18n.fmt_number(value, 1, lang)


def neighbour_contrasts(
    matrix: pd.DataFrame,
    code: str,
    neighbour_codes: list[str],
    labels: dict[str, str],
    name: str,
    lang: str,
    own_n: dict[str, int] | None = None,
    limit: int = 3,
) -> pd.DataFrame:
    """The areas where a municipality and its neighbours disagree most, as sentences.

    Args:
        matrix: mean rating per municipality (index ``kommun_kod``) and area (columns),
            e.g. :func:`linnedata.figures.similarity.rating_matrix`.
        code: the municipality.
        neighbour_codes: its neighbours (those without a row in ``matrix`` are ignored).
        labels: ``{area_id: label}``.
        name: the municipality's name.
        lang: ``"sv"`` or ``"en"``.
        own_n: respondents who rated each area in the municipality; an area resting on one
            is marked.
        limit: at most this many contrasts.

    Returns:
        ``area_id, label, own, pressing, rated, gap, sentence`` — ``pressing`` of the
        ``rated`` neighbours find it pressing — largest gap first; empty when there is
        no contrast (or no data).

    >>> m = pd.DataFrame({"integration": [2.0, 4.0, 5.0, 4.5, 3.0, 2.0]},
    ...                  index=["0781", "a", "b", "c", "d", "e"])
    >>> neighbour_contrasts(m, "0781", list("abcde"), {"integration": "Integration"},
    ...                     "Ljungby", "sv")["sentence"].tolist()
    ['3 av 5 grannkommuner anger Integration som angeläget (4–5) – Ljungby anger 2.']
    """
    columns = ["area_id", "label", "own", "pressing", "rated", "gap", "sentence"]
    neighbours = [c for c in neighbour_codes if c in matrix.index and c != code]
    if code not in matrix.index or not neighbours:
        return pd.DataFrame(columns=columns)
    own = matrix.loc[code]
    others = matrix.loc[neighbours]
    rows = []
    for area in matrix.columns:
        value = own[area]
        rated_values = others[area].dropna()
        if math.isnan(value) or rated_values.empty or area not in labels:
            continue
        rated = len(rated_values)
        pressing = int((rated_values >= PRESSING_FROM).sum())
        own_pressing = value >= PRESSING_FROM
        if own_pressing and pressing * 3 <= rated:
            key = "kontrast_bara_egen"
        elif not own_pressing and pressing * 2 >= rated and pressing > 0:
            key = "kontrast_grannar"
        else:
            continue
        sentence = i18n.t(
            key,
            lang,
            n=pressing,
            N=rated,
            area=labels[area],
            name=name,
            value=rating_text(value, lang),
        )
        notes = []
        if rated < MIN_GROUP:
            notes.append(i18n.t("fa_kommuner", lang, n=rated))
        if own_n is not None and own_n.get(area, 0) == 1:
            notes.append(i18n.t("en_svarande", lang, name=name))
        if notes:
            sentence = f"{sentence.removesuffix('.')} ({'; '.join(notes)})."
        rows.append(
            {
                "area_id": area,
                "label": labels[area],
                "own": float(value),
                "pressing": pressing,
                "rated": rated,
                "gap": round(abs(float(value) - float(rated_values.mean())), 9),
                "sentence": sentence,
            }
        )
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows).sort_values(["gap", "label"], ascending=[False, True])
    return table.head(limit).reset_index(drop=True)[columns]
