"""Trends over every published round, and the change between two chosen rounds.

Built on the per-municipality tables of :mod:`linnedata.figures.measures` (one per round) so the
figures are exactly those the other pages show:

- a municipality's value per area or theme in each round, with its ``n`` (respondents who
  rated it; for priority points every respondent counts);
- the region's value per area or theme in each round: the mean over its municipalities
  that have a value (each municipality weighs one), with ``n`` the number of those
  municipalities;
- the change of one measure between two rounds for every municipality (the change map).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from linnedata.figures import measures
from linnedata.rounds import is_year, newest_first

TREND_COLUMNS = ["omgang", "id", "kommun_varde", "kommun_n", "region_varde", "region_n"]


def round_order(labels: list[str] | tuple[str, ...] | Mapping[str, object]) -> list[str]:
    """Round labels oldest first: the year rounds in time, then the others in the order
    ``linnedata.rounds`` lists them (a label that is not a year has no place in time).

    >>> round_order(["2024", "2023", "2025b"])
    ['2023', '2024', '2025b']
    """
    listed = newest_first(labels)
    return [r for r in reversed(listed) if is_year(r)] + [r for r in listed if not is_year(r)]


def trend(
    per_round: Mapping[str, pd.DataFrame],
    key: str,
    measure: str,
    code: str | None = None,
    region_codes: list[str] | None = None,
) -> pd.DataFrame:
    """One measure per round and area/theme, for a municipality and the region.

    Args:
        per_round: round label → :func:`linnedata.figures.measures.area_measures` (or
            ``theme_measures``) of that round.
        key: ``"area_id"`` or ``"theme_id"``.
        measure: one of :data:`linnedata.figures.measures.MEASURES`.
        code: the municipality, or None for the region only (its columns are NaN / 0).
        region_codes: the region's municipalities (default: every municipality in the table).

    Returns:
        ``omgang, id, kommun_varde, kommun_n, region_varde, region_n``: rounds oldest first,
        items in the table's order. ``kommun_n`` is the municipality's respondents behind the
        value (0 when it did not answer that round); ``region_n`` the municipalities.
    """
    spec = measures.get(measure)
    rows = []
    for label in round_order(per_round):
        table = per_round[label]
        if region_codes is not None:
            table = table.loc[table["kommun_kod"].isin(region_codes)]
        group = measures.group_measures(table, key)
        part = pd.DataFrame(
            {
                "omgang": label,
                "id": group[key].to_numpy(),
                "region_varde": group[measure].to_numpy(dtype="float64"),
                "region_n": group[spec.group_n_column].to_numpy(dtype="int64"),
            }
        )
        own = table.loc[table["kommun_kod"] == code, [key, measure, spec.n_column]]
        own = own.rename(columns={key: "id", measure: "kommun_varde", spec.n_column: "kommun_n"})
        rows.append(part.merge(own, on="id", how="left"))
    if not rows:
        return pd.DataFrame(columns=TREND_COLUMNS)
    out = pd.concat(rows, ignore_index=True)
    out["kommun_varde"] = out["kommun_varde"].astype("float64")
    out["kommun_n"] = out["kommun_n"].fillna(0).astype("int64")
    return out[TREND_COLUMNS]


def change_between(
    earlier: pd.DataFrame,
    later: pd.DataFrame,
    region: pd.DataFrame,
    key: str,
    item_id: str,
    measure: str,
) -> pd.DataFrame:
    """The change of one measure of one area/theme for every municipality of the region.

    Args:
        earlier: the per-municipality table of the earlier round.
        later: the same table for the later round.
        region: ``kommun_kod, kommun`` of the region.
        key: ``"area_id"`` or ``"theme_id"``.
        item_id: the area or theme.
        measure: one of :data:`linnedata.figures.measures.MEASURES`.

    Returns:
        ``kommun_kod, kommun, forra, nu, value, n_forra, n`` in the region's order, where
        ``value = nu - forra`` is NaN ("no comparison") when either round has no value.
    """
    before = measures.map_values(earlier, region, key, item_id, measure)
    now = measures.map_values(later, region, key, item_id, measure)
    out = now.rename(columns={"value": "nu"}).assign(
        forra=before["value"].to_numpy(), n_forra=before["n"].to_numpy()
    )
    out["value"] = out["nu"] - out["forra"]
    return out[["kommun_kod", "kommun", "forra", "nu", "value", "n_forra", "n"]]


def change_limit(changes: pd.Series, measure: str, key: str = "area_id") -> float:
    """A symmetric colour range ±limit for a change map: the largest change shown, rounded
    up to a tenth of the measure's range (never 0, so an all-zero map still has a scale)."""
    low, high = measures.measure_range(measure, key)
    step = (high - low) / 10
    biggest = (
        float(np.nanmax(np.abs(changes.to_numpy(dtype="float64"))))
        if changes.notna().any()
        else 0.0
    )
    return max(step, float(np.ceil(biggest / step - 1e-9) * step))
