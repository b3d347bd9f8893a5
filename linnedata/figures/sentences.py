"""Tables and one-sentence text alternatives that the pages show beside their charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from linnedata import i18n
from linnedata.figures import measures


def rests_on_column(measure: str) -> str:
    """The column of a group table that says how many municipalities a measure rests on."""
    return measures.get(measure).group_n_column


def ranked_items(
    figures: pd.DataFrame, key: str, measure: str, labels: dict[str, str]
) -> pd.DataFrame:
    """Group figures ranked by one measure, largest first, items without a value last.

    Args:
        figures: a ``group_measures`` table for one group (e.g. the region).
        key: ``"area_id"`` or ``"theme_id"``.
        measure: the measure to rank by.
        labels: ``{id: label}`` in the chosen language.

    Returns:
        ``key, label, <measure>, antal_kommuner`` (the municipalities it rests on), ranked;
        ties are broken by the label so the order is stable.
    """
    table = pd.DataFrame(
        {
            key: figures[key].to_numpy(),
            "label": figures[key].map(labels).to_numpy(),
            measure: figures[measure].astype(float).to_numpy(),
            "antal_kommuner": figures[rests_on_column(measure)].fillna(0).astype(int).to_numpy(),
        }
    )
    table = table.sort_values([measure, "label"], ascending=[False, True], na_position="last")
    return table.reset_index(drop=True)


def ranking_sentence(
    table: pd.DataFrame, measure: str, number_format: Callable[[float], str], lang: str
) -> str:
    """One sentence naming the highest and lowest item, as a chart's text alternative.

    >>> t = pd.DataFrame({"label": ["A", "B"], "x": [2.5, 1.0], "antal_kommuner": [3, 3]})
    >>> ranking_sentence(t, "x", lambda v: f"{v:.1f}", "en")
    'Highest: A (2.5); lowest: B (1.0); 2 items with a value.'
    """
    valued = table.dropna(subset=[measure])
    if valued.empty:
        return i18n.t("sammanfattning_tom", lang)
    first, last = valued.iloc[0], valued.iloc[-1]
    return i18n.t(
        "sammanfattning_rangordning",
        lang,
        top=first["label"],
        top_value=number_format(first[measure]),
        bottom=last["label"],
        bottom_value=number_format(last[measure]),
        count=len(valued),
    )


@dataclass(frozen=True)
class Coverage:
    """How many of the invited municipalities answered a round.

    Attributes:
        invited: municipalities in the region.
        answered: municipalities in the region with at least one response.
        respondents: responses from the region's municipalities.
        per_municipality: ``kommun_kod, kommun, respondents`` for every invited
            municipality (0 where none answered).
        missing_names: names of the municipalities without a response, sorted.
    """

    invited: int
    answered: int
    respondents: int
    per_municipality: pd.DataFrame
    missing_names: tuple[str, ...]


def coverage(responses: pd.DataFrame, region: pd.DataFrame) -> Coverage:
    """Who answered: respondents per invited municipality.

    Args:
        responses: a survey's responses (needs ``kommun_kod``).
        region: ``kommun_kod, kommun`` of the invited municipalities.

    Returns:
        The coverage of the round.
    """
    counts = responses["kommun_kod"].value_counts()
    table = region[["kommun_kod", "kommun"]].copy()
    table["respondents"] = table["kommun_kod"].map(counts).fillna(0).astype(int)
    missing = tuple(sorted(table.loc[table["respondents"] == 0, "kommun"]))
    return Coverage(
        invited=len(table),
        answered=int((table["respondents"] > 0).sum()),
        respondents=int(table["respondents"].sum()),
        per_municipality=table,
        missing_names=missing,
    )


def map_sentence(values: pd.DataFrame, number_format: Callable[[float], str], lang: str) -> str:
    """A map's text alternative: the highest and lowest municipality and how many have a value.

    Args:
        values: ``kommun, value`` for every municipality on the map (NaN = no value).
        number_format: value → text.
        lang: ``"sv"`` or ``"en"``.
    """
    valued = values.dropna(subset=["value"]).sort_values(
        ["value", "kommun"], ascending=[False, True]
    )
    if valued.empty:
        return i18n.t("sammanfattning_tom", lang)
    return i18n.t(
        "sammanfattning_karta",
        lang,
        top=valued["kommun"].iloc[0],
        top_value=number_format(valued["value"].iloc[0]),
        bottom=valued["kommun"].iloc[-1],
        bottom_value=number_format(valued["value"].iloc[-1]),
        n=len(valued),
        N=len(values),
    )


def profile_sentence(
    table: pd.DataFrame, name: str, number_format: Callable[[float], str], lang: str
) -> str:
    """The profile chart's text alternative: the top item and the largest gap to the region.

    Args:
        table: ``profile.comparison`` output (``label, own, reference``).
        name: the municipality's name.
        number_format: value → text.
        lang: ``"sv"`` or ``"en"``.
    """
    valued = table.dropna(subset=["own"])
    if valued.empty:
        return i18n.t("sammanfattning_tom", lang)
    top = valued.iloc[0]
    both = valued.dropna(subset=["reference"])
    gap = both.loc[
        (both["own"] - both["reference"]).abs().sort_values(ascending=False, kind="stable").index
    ]
    widest = gap.iloc[0] if len(gap) else top
    return i18n.t(
        "sammanfattning_profil",
        lang,
        name=name,
        top=top["label"],
        top_value=number_format(top["own"]),
        gap=widest["label"],
        gap_own=number_format(widest["own"]),
        gap_reference=number_format(widest["reference"]),
    )


def change_sentence(
    ranking: pd.DataFrame,
    measure: str,
    previous_round: str,
    number_format: Callable[[float], str],
    lang: str,
) -> str:
    """The largest rise and fall of a measure since the previous round, in one sentence.

    Args:
        ranking: ``label, <measure>, previous`` (the previous round's value).
        measure: the measure's column.
        previous_round: the previous round's label.
        number_format: a value (or a difference) → text.
        lang: ``"sv"`` or ``"en"``.

    >>> t = pd.DataFrame({"label": ["A", "B", "C"], "x": [2.0, 1.0, 3.0], "previous": [1.5, 1.25, 3.0]})
    >>> change_sentence(t, "x", "2023", lambda v: f"{v:.2f}", "en")
    'Largest rise since 2023: A (+0.50); largest fall: B (-0.25).'
    >>> change_sentence(t.assign(previous=t["x"]), "x", "2023", str, "en")
    'No change since 2023 in any of them.'
    """
    both = ranking.dropna(subset=[measure, "previous"])
    if both.empty:
        return i18n.t("forandring_saknas", lang, round=previous_round)
    change = (both[measure] - both["previous"]).round(10)
    if (change == 0).all():  # never one item named as both the largest rise and fall
        return i18n.t("forandring_ingen_sedan", lang, round=previous_round)
    rise, fall = change.idxmax(), change.idxmin()

    def signed(value: float) -> str:
        return ("+" if value > 0 else "−" if value < 0 and lang == "sv" else "") + number_format(
            abs(value) if lang == "sv" else value
        )

    return i18n.t(
        "forandring_mening",
        lang,
        round=previous_round,
        rise=both.at[rise, "label"],
        rise_value=signed(change[rise]),
        fall=both.at[fall, "label"],
        fall_value=signed(change[fall]),
    )


def comparison_sentence(
    table: pd.DataFrame, name: str, number_format: Callable[[float], str], lang: str
) -> str:
    """The profile chart's text alternative with the neighbours: top item and largest gaps.

    Args:
        table: ``profile.comparison`` output with ``neighbours`` (``label, own,
            neighbours, reference``).
        name: the municipality's name.
        number_format: value → text.
        lang: ``"sv"`` or ``"en"``.

    >>> t = pd.DataFrame({"label": ["A", "B"], "own": [4.0, 2.0], "neighbours": [2.5, 2.0],
    ...                   "reference": [3.5, 3.0]})
    >>> comparison_sentence(t, "X", lambda v: f"{v:.1f}", "en")
    'X rates A highest (4.0). Largest difference from the neighbours: A (4.0 against 2.5); from the region: B (2.0 against 3.0).'
    """
    valued = table.dropna(subset=["own"])
    if valued.empty:
        return i18n.t("sammanfattning_tom", lang)
    top = valued.iloc[0]

    def widest(column: str) -> pd.Series | None:
        both = valued.dropna(subset=[column])
        if both.empty:
            return None
        order = (
            (both["own"] - both[column]).abs().round(9).sort_values(ascending=False, kind="stable")
        )
        return both.loc[order.index[0]]

    parts = [
        i18n.t(
            "sammanfattning_topp",
            lang,
            name=name,
            top=top["label"],
            top_value=number_format(top["own"]),
        )
    ]
    for column, key in (
        ("neighbours", "sammanfattning_mot_grannar"),
        ("reference", "sammanfattning_mot_regionen"),
    ):
        row = widest(column) if column in valued else None
        if row is not None:
            parts.append(
                i18n.t(
                    key,
                    lang,
                    gap=row["label"],
                    gap_own=number_format(row["own"]),
                    gap_other=number_format(row[column]),
                )
            )
    if len(parts) < 3:  # no neighbour with a value: the sentence against the region alone
        return profile_sentence(table, name, number_format, lang)
    if len(parts) == 3:
        return i18n.t("sammanfattning_tre", lang, first=parts[0], second=parts[1], third=parts[2])
    return " ".join(parts)


def heatmap_sentence(
    values: pd.DataFrame, number_format: Callable[[float], str], items: str, lang: str
) -> str:
    """The comparison heatmap's text alternative: highest and lowest cell, widest spread.

    Args:
        values: municipality names as index, item labels as columns (NaN = no value).
        number_format: value → text.
        items: what the columns are, in the plural ("areas").
        lang: ``"sv"`` or ``"en"``.

    >>> v = pd.DataFrame({"A": [4.0, 2.0], "B": [3.0, 3.0]}, index=["X", "Y"])
    >>> heatmap_sentence(v, lambda v: f"{v:.1f}", "areas", "en")
    '2 municipalities across 2 areas. Highest: X, A (4.0); lowest: Y, A (2.0). Widest spread: A (2.0–4.0).'
    """
    long = values.stack().dropna()
    if long.empty:
        return i18n.t("sammanfattning_tom", lang)
    frame = long.rename("value").reset_index()
    frame.columns = ["kommun", "item", "value"]
    frame = frame.sort_values(["value", "kommun", "item"], ascending=[False, True, True])
    high, low = (
        frame.iloc[0],
        frame.sort_values(["value", "kommun", "item"], ascending=[True, True, True]).iloc[0],
    )
    spread = frame.groupby("item", sort=False)["value"].agg(["min", "max"])
    spread["range"] = (spread["max"] - spread["min"]).round(9)
    order = [c for c in values.columns if c in spread.index]
    spread = spread.loc[order]
    widest = spread["range"].idxmax()
    return i18n.t(
        "sammanfattning_jamfor",
        lang,
        n=len(values.index),
        count=len(values.columns),
        items=items,
        top=f"{high['kommun']}, {high['item']}",
        top_value=number_format(high["value"]),
        bottom=f"{low['kommun']}, {low['item']}",
        bottom_value=number_format(low["value"]),
        spread=widest,
        low=number_format(spread.at[widest, "min"]),
        high=number_format(spread.at[widest, "max"]),
    )
