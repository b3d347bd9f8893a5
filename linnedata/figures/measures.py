"""What the charts show: mean rating, priority points and share pressing.

The definitions are those of SURVEY.md ("Measures"); every function here computes them
with grouped pandas operations, never a Python loop over respondents.

For one municipality, one round and one challenge **area**:

- ``medelbetyg`` (mean rating): the mean of its respondents' 1–5 ratings of the area,
  blanks excluded; NaN (not 0) when nobody rated it.
- ``prioriteringspoang`` (priority points): each respondent gives the area 3 if it is their
  ``prio_1``, 2 for ``prio_2``, 1 for ``prio_3``, else 0; the municipality's figure is the
  mean over **all** its respondents (0–3). A respondent who names the same area twice
  counts its highest rank only, so the figure stays within 0–3.
- ``andel_angelaget`` (share pressing): the share of the respondents who rated the area
  that rated it 4 or 5 (0–1); NaN when nobody rated it.
- ``antal_svarande`` (n): how many respondents rated the area.
- ``antal_respondenter``: how many respondents the municipality has in the round.

For one municipality and one conference **theme**:

- ``medelbetyg`` and ``andel_angelaget``: the mean of the municipality's area figures over
  the theme's areas that have a value (NaN when none has); each area weighs one.
- ``prioriteringspoang``: the sum of the area figures over the theme's areas (0 to
  3 + 2 + 1 = 6, since one respondent hands out 6 points in all).
- ``antal_svarande``: the number of the municipality's respondents who rated at least one
  of the theme's areas. (Chosen over "the largest n of its areas" because it counts
  people, and over "the sum of the areas' n" because that counts one person many times.)

For the **region or a group** of municipalities (a county, the neighbours, …) every
figure is the mean over the municipalities that have a value: each municipality weighs
one, never each respondent. The table says how many municipalities each figure rests on,
and for priority points also how many municipalities put the area (for a theme: any of
its areas) in some respondent's top three.

Municipalities are keyed by ``kommun_kod`` (zero-padded text, ``"0780"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from linnedata import i18n
from linnedata.taxonomy import Taxonomy, default_taxonomy

if TYPE_CHECKING:  # survey.py imports nothing from here; the type is only for hints
    from linnedata.survey import Survey

PRIORITY_POINTS: dict[str, int] = {"prio_1": 3, "prio_2": 2, "prio_3": 1}
"""Points an area gets from a respondent for each priority column (the one home of 3/2/1)."""

RANK_POINTS: dict[int, int] = {
    int(column[-1]): points for column, points in PRIORITY_POINTS.items()
}
"""The same points by rank: ``{1: 3, 2: 2, 3: 1}``."""


@dataclass(frozen=True)
class Measure:
    """Everything the app knows about one measure, in one place.

    Attributes:
        id: the column name (``"medelbetyg"``).
        area_range: the possible values for one area (for fixed colour and axis scales).
        theme_range: the same for one theme.
        decimals: decimals shown (a share is shown as a whole percentage).
        percent: whether the value is a 0–1 share shown as a percentage.
        n_column: the count a municipality's figure rests on, in an
            :func:`area_measures` / :func:`theme_measures` table: who rated the item, or,
            for priority points, every respondent (everyone hands out points).
        group_n_column: the count a group's figure rests on, in a :func:`group_measures`
            table (municipalities).
        theme_rollup: how the areas' figures make a theme's (``"mean"`` or ``"sum"``).
    """

    id: str
    area_range: tuple[float, float]
    theme_range: tuple[float, float]
    decimals: int
    percent: bool
    n_column: str
    group_n_column: str
    theme_rollup: str

    def range(self, key: str = "area_id") -> tuple[float, float]:
        """The possible range for an area (``"area_id"``) or a theme (``"theme_id"``)."""
        _check_key(key)
        return self.area_range if key == "area_id" else self.theme_range

    def format(self, value: float | None, lang: str) -> str:
        """The value as text: a share as a percentage, others with a decimal comma ("–" if missing).

        >>> MEASURE["medelbetyg"].format(3.25, "sv"), MEASURE["andel_angelaget"].format(0.5, "en")
        ('3,2', '50%')
        """
        if self.percent:
            return i18n.fmt_percent(value, lang)
        return i18n.fmt_number(value, self.decimals, lang)

    def format_change(self, value: float, lang: str) -> str:
        """A change of the value as text, without sign (a share's in percentage points)."""
        if self.percent:
            return i18n.t("procentenheter", lang, n=i18n.fmt_number(value * 100, 0, lang))
        return self.format(value, lang)

    def format_signed(self, value: float, lang: str) -> str:
        """A change with its sign ("+0,5", "−0,5", "±0,0"); "–" when missing.

        >>> MEASURE["medelbetyg"].format_signed(-0.04, "sv"), MEASURE["medelbetyg"].format_signed(0.06, "en")
        ('±0,0', '+0.1')
        """
        if pd.isna(value):
            return "–"
        # the sign of the value as shown: a change that rounds to zero is "±0,0", never "−0,0"
        shown = round(value * 100, 0) if self.percent else round(value, self.decimals)
        sign = "+" if shown > 0 else "−" if shown < 0 else "±"
        return sign + self.format_change(abs(value), lang)


MEASURE: dict[str, Measure] = {
    m.id: m
    for m in (
        Measure(
            id="medelbetyg",
            area_range=(1.0, 5.0),
            theme_range=(1.0, 5.0),
            decimals=1,
            percent=False,
            n_column="antal_svarande",
            group_n_column="antal_kommuner_betyg",
            theme_rollup="mean",
        ),
        Measure(
            id="prioriteringspoang",
            area_range=(0.0, 3.0),
            # a theme sums its areas' points: one respondent hands out 3 + 2 + 1 = 6
            theme_range=(0.0, float(sum(PRIORITY_POINTS.values()))),
            decimals=2,
            percent=False,
            n_column="antal_respondenter",  # everyone hands out points, raters or not
            group_n_column="antal_kommuner",
            theme_rollup="sum",
        ),
        Measure(
            id="andel_angelaget",
            area_range=(0.0, 1.0),
            theme_range=(0.0, 1.0),
            decimals=0,
            percent=True,
            n_column="antal_svarande",
            group_n_column="antal_kommuner_betyg",
            theme_rollup="mean",
        ),
    )
}
"""The measure registry: ``{id: Measure}`` in the order the selectors offer them."""

MEASURES: tuple[str, ...] = tuple(MEASURE)
"""The three measures a chart or map can show."""

AREA_RANGES: dict[str, tuple[float, float]] = {m.id: m.area_range for m in MEASURE.values()}
"""The possible range of each measure for one area (for fixed colour and axis scales)."""

THEME_RANGES: dict[str, tuple[float, float]] = {m.id: m.theme_range for m in MEASURE.values()}
"""The possible range of each measure for one theme (priority points: up to 3 + 2 + 1)."""


def get(measure: str) -> Measure:
    """The registry entry of a measure.

    Raises:
        ValueError: for an unknown measure.
    """
    _check_measure(measure)
    return MEASURE[measure]


def format_measure(value: float | None, measure: str, lang: str) -> str:
    """A measure's value as text (see :meth:`Measure.format`)."""
    return get(measure).format(value, lang)


PRESSING_FROM: int = 4
"""A rating of at least this counts as pressing (``andel_angelaget``)."""

AREA_COLUMNS: list[str] = [
    "kommun_kod",
    "area_id",
    "medelbetyg",
    "prioriteringspoang",
    "andel_angelaget",
    "antal_svarande",
    "antal_respondenter",
]
THEME_COLUMNS: list[str] = ["kommun_kod", "theme_id", *AREA_COLUMNS[2:]]
GROUP_COLUMNS_AFTER_KEY: list[str] = [
    "medelbetyg",
    "andel_angelaget",
    "antal_kommuner_betyg",
    "prioriteringspoang",
    "antal_kommuner",
    "antal_kommuner_topp3",
    "antal_svarande",
]
_FLOATS = ("medelbetyg", "prioriteringspoang", "andel_angelaget")
_KEYS = ("area_id", "theme_id")


def measure_range(measure: str, key: str = "area_id") -> tuple[float, float]:
    """The possible range of a measure for an area or a theme.

    Args:
        measure: one of :data:`MEASURES`.
        key: ``"area_id"`` or ``"theme_id"``.

    Returns:
        ``(low, high)``.

    Raises:
        ValueError: for an unknown measure or key.

    >>> measure_range("prioriteringspoang", "theme_id")
    (0.0, 6.0)
    """
    return get(measure).range(key)


def area_measures(survey: Survey, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """The measures of every (municipality in the survey, area of the taxonomy).

    Args:
        survey: one round, as read by :func:`linnedata.survey.read_survey`. Only
            ``responses`` (``respondent, kommun_kod, prio_1, prio_2, prio_3``) and
            ``ratings`` (``respondent, area_id, betyg``) are used; a rating row that is
            missing counts as a blank.
        taxonomy: the areas to report (default: the shipped taxonomy). Ratings and
            priorities of areas it does not have are ignored.

    Returns:
        ``kommun_kod, area_id, medelbetyg, prioriteringspoang, andel_angelaget,
        antal_svarande, antal_respondenter``: one row per municipality (sorted by code)
        and area (in the taxonomy's order); floats are float64 with NaN, counts int64.
    """
    taxonomy = default_taxonomy() if taxonomy is None else taxonomy
    area_ids = taxonomy.area_ids
    people = _people(survey.responses)
    n_resp = people.groupby("kommun_kod").size()
    grid = pd.MultiIndex.from_product(
        [_str_index(n_resp.index), pd.Index(area_ids, dtype="str")],
        names=["kommun_kod", "area_id"],
    )

    rated = _rated(survey, people, area_ids)
    rated["angelaget"] = (rated["betyg"] >= PRESSING_FROM).astype("float64")
    stats = (
        rated.groupby(["kommun_kod", "area_id"])
        .agg(
            medelbetyg=("betyg", "mean"),
            andel_angelaget=("angelaget", "mean"),
            antal_svarande=("betyg", "size"),
        )
        .reindex(grid)
    )

    points = _points(survey.responses, people, area_ids)
    point_sum = points.groupby(["kommun_kod", "area_id"])["poang"].sum().reindex(grid)
    prio = point_sum.fillna(0.0).astype("float64").div(n_resp.astype("float64"), level=0)

    out = pd.DataFrame(
        {
            "medelbetyg": stats["medelbetyg"].astype("float64"),
            "prioriteringspoang": prio,
            "andel_angelaget": stats["andel_angelaget"].astype("float64"),
            "antal_svarande": stats["antal_svarande"].fillna(0).astype("int64"),
            "antal_respondenter": n_resp.reindex(grid, level=0).astype("int64"),
        },
        index=grid,
    )
    return out.reset_index()[AREA_COLUMNS]


def theme_measures(survey: Survey, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """The measures of every (municipality in the survey, conference theme).

    See the module docstring for the roll-up from areas to themes.

    Args:
        survey: one round (see :func:`area_measures`).
        taxonomy: the areas and themes (default: the shipped taxonomy).

    Returns:
        ``kommun_kod, theme_id, medelbetyg, prioriteringspoang, andel_angelaget,
        antal_svarande, antal_respondenter``: one row per municipality (sorted by code)
        and theme (in the taxonomy's order).
    """
    taxonomy = default_taxonomy() if taxonomy is None else taxonomy
    areas = area_measures(survey, taxonomy)
    area_theme = taxonomy.areas[["area_id", "theme_id"]].astype("str")
    people = _people(survey.responses)
    n_resp = people.groupby("kommun_kod").size()
    grid = pd.MultiIndex.from_product(
        [_str_index(n_resp.index), pd.Index(taxonomy.theme_ids, dtype="str")],
        names=["kommun_kod", "theme_id"],
    )

    rolled = (
        areas.merge(area_theme, on="area_id")
        .groupby(["kommun_kod", "theme_id"])
        .agg(**{m.id: (m.id, m.theme_rollup) for m in MEASURE.values()})
        .reindex(grid)
    )
    rated = _rated(survey, people, taxonomy.area_ids).merge(area_theme, on="area_id")
    raters = rated.groupby(["kommun_kod", "theme_id"])["respondent"].nunique().reindex(grid)

    out = pd.DataFrame(
        {
            "medelbetyg": rolled["medelbetyg"].astype("float64"),
            "prioriteringspoang": rolled["prioriteringspoang"].fillna(0.0).astype("float64"),
            "andel_angelaget": rolled["andel_angelaget"].astype("float64"),
            "antal_svarande": raters.fillna(0).astype("int64"),
            "antal_respondenter": n_resp.reindex(grid, level=0).astype("int64"),
        },
        index=grid,
    )
    return out.reset_index()[THEME_COLUMNS]


def group_measures(
    per_municipality: pd.DataFrame,
    key: str,
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """Region, county or any group figures: each municipality weighs one.

    Args:
        per_municipality: the output of :func:`area_measures` or :func:`theme_measures`.
        key: ``"area_id"`` or ``"theme_id"``, matching ``per_municipality``.
        groups: group label per municipality, indexed by ``kommun_kod`` (for counties:
            ``region.set_index("kommun_kod")["lan"]``). The index may repeat a code to put
            a municipality in several groups (neighbourhoods overlap). Municipalities not
            in ``groups`` are left out. None: one group, ``"region"``, of every
            municipality in ``per_municipality``.

    Returns:
        ``grupp, <key>, medelbetyg, andel_angelaget, antal_kommuner_betyg,
        prioriteringspoang, antal_kommuner, antal_kommuner_topp3, antal_svarande``,
        one row per group (in the order of ``groups``) and item (in the order of
        ``per_municipality``), where

        - ``medelbetyg``, ``andel_angelaget``: mean over the group's municipalities that
          have a value; ``antal_kommuner_betyg`` counts those municipalities;
        - ``prioriteringspoang``: mean over the group's municipalities with respondents;
          ``antal_kommuner`` counts those municipalities;
        - ``antal_kommuner_topp3``: municipalities where some respondent put the area
          (for a theme: any of its areas) in the top three, i.e. priority points > 0;
        - ``antal_svarande``: the sum of the municipalities' ``antal_svarande``.

        A group without any municipality in ``per_municipality`` gets NaN and zero counts.

    Raises:
        ValueError: an unknown key, or ``per_municipality`` lacks a column.
    """
    _check_key(key)
    _require(per_municipality, "per_municipality", ["kommun_kod", key, *AREA_COLUMNS[2:]])
    if groups is None:
        codes = pd.unique(per_municipality["kommun_kod"])
        membership = pd.DataFrame({"kommun_kod": codes, "grupp": "region"})
        group_order = ["region"]
    else:
        membership = (
            pd.DataFrame({"kommun_kod": groups.index.astype("str"), "grupp": groups.to_numpy()})
            .dropna()
            .drop_duplicates()
        )
        group_order = list(pd.unique(membership["grupp"]))
    key_order = list(pd.unique(per_municipality[key]))

    frame = per_municipality.merge(membership, on="kommun_kod", how="inner")
    has_respondents = frame["antal_respondenter"] > 0
    frame = frame.assign(
        _prio=frame["prioriteringspoang"].where(has_respondents),
        _har_betyg=frame["medelbetyg"].notna().astype("int64"),
        _har_svar=has_respondents.astype("int64"),
        _topp3=(has_respondents & (frame["prioriteringspoang"] > 0)).astype("int64"),
    )
    stats = frame.groupby(["grupp", key]).agg(
        medelbetyg=("medelbetyg", "mean"),
        andel_angelaget=("andel_angelaget", "mean"),
        antal_kommuner_betyg=("_har_betyg", "sum"),
        prioriteringspoang=("_prio", "mean"),
        antal_kommuner=("_har_svar", "sum"),
        antal_kommuner_topp3=("_topp3", "sum"),
        antal_svarande=("antal_svarande", "sum"),
    )
    grid = pd.MultiIndex.from_product([group_order, key_order], names=["grupp", key])
    stats = stats.reindex(grid)
    for column in GROUP_COLUMNS_AFTER_KEY:
        if column in _FLOATS:
            stats[column] = stats[column].astype("float64")
        else:
            stats[column] = stats[column].fillna(0).astype("int64")
    return stats.reset_index()[["grupp", key, *GROUP_COLUMNS_AFTER_KEY]]


def map_values(
    per_municipality: pd.DataFrame,
    region: pd.DataFrame,
    key: str,
    item_id: str,
    measure: str,
) -> pd.DataFrame:
    """One measure of one area or theme for every municipality of the region (the map).

    Args:
        per_municipality: the output of :func:`area_measures` or :func:`theme_measures`.
        region: ``kommun_kod, kommun`` of the region (:func:`linnedata.places.region.default_region`).
        key: ``"area_id"`` or ``"theme_id"``.
        item_id: the area or theme.
        measure: one of :data:`MEASURES`.

    Returns:
        ``kommun_kod, kommun, value, n`` in the region's order, one row per municipality
        of the region; a municipality without a response has ``value`` NaN and ``n`` 0.
        ``n`` is ``antal_svarande`` for ``medelbetyg`` and ``andel_angelaget`` (who rated
        it) and ``antal_respondenter`` for ``prioriteringspoang`` (everyone counts).
        Municipalities outside the region are not shown.

    Raises:
        ValueError: an unknown key or measure, or a table lacks a column.
    """
    _check_key(key)
    _check_measure(measure)
    n_column = MEASURE[measure].n_column
    _require(per_municipality, "per_municipality", ["kommun_kod", key, measure, n_column])
    _require(region, "region", ["kommun_kod", "kommun"])
    rows = per_municipality.loc[
        per_municipality[key] == item_id, ["kommun_kod", measure, n_column]
    ].rename(columns={measure: "value", n_column: "n"})
    out = region[["kommun_kod", "kommun"]].merge(rows, on="kommun_kod", how="left")
    out["value"] = out["value"].astype("float64")
    out["n"] = out["n"].fillna(0).astype("int64")
    return out.reset_index(drop=True)


# --- helpers -------------------------------------------------------------------------


def _people(responses: pd.DataFrame) -> pd.DataFrame:
    """``respondent, kommun_kod`` of every respondent (codes as text)."""
    people = responses[["respondent", "kommun_kod"]].dropna(subset=["kommun_kod"])
    return people.astype({"kommun_kod": "str"}).drop_duplicates("respondent")


def _str_index(index: pd.Index) -> pd.Index:
    return pd.Index(sorted(index.astype("str")), dtype="str")


def _rated(survey: Survey, people: pd.DataFrame, area_ids: list[str]) -> pd.DataFrame:
    """``respondent, area_id, betyg (float64), kommun_kod``: only the ratings given."""
    ratings = survey.ratings[["respondent", "area_id", "betyg"]]
    ratings = ratings.loc[ratings["betyg"].notna() & ratings["area_id"].isin(area_ids)]
    ratings = ratings.astype({"area_id": "str", "betyg": "float64"})
    return ratings.merge(people, on="respondent", how="inner")


def _points(responses: pd.DataFrame, people: pd.DataFrame, area_ids: list[str]) -> pd.DataFrame:
    """``kommun_kod, respondent, area_id, poang``: one row per area a respondent ranked."""
    ranked = responses[["respondent", *PRIORITY_POINTS]].melt(
        id_vars="respondent", var_name="rank", value_name="area_id"
    )
    ranked = ranked.loc[ranked["area_id"].notna() & ranked["area_id"].isin(area_ids)]
    ranked = ranked.assign(
        area_id=ranked["area_id"].astype("str"),
        poang=ranked["rank"].map(PRIORITY_POINTS).astype("float64"),
    )
    ranked = ranked.merge(people, on="respondent", how="inner")
    # a respondent naming an area twice counts its highest rank only
    return ranked.groupby(["kommun_kod", "respondent", "area_id"], as_index=False)["poang"].max()


def _check_key(key: str) -> None:
    if key not in _KEYS:
        raise ValueError(f"key must be one of {_KEYS}, got {key!r}")


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}; it has {list(frame.columns)}")
