"""One store revision's data and the tables every view reads, each computed once.

A :class:`Dataset` is immutable from the outside: the rounds, the region and the taxonomy
are fixed when it is made, and every derived table (measures per municipality, the
region's figures, neighbours, similarity …) is computed on first use and kept on the
instance. The app makes one per store revision, so a publish elsewhere means a new
Dataset, never a stale table. The tables it hands out are shared: treat them as read-only.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from linnedata.figures import measures, sentences, similarity
from linnedata.figures.ranks import check_level, level_measures
from linnedata.places import geo
from linnedata.rounds import is_year, newest_first
from linnedata.taxonomy import Taxonomy
from linnedata.views.common import key_of

if TYPE_CHECKING:
    from linnedata.survey import Survey

T = TypeVar("T")


def _in_region(survey: Survey, codes: set[str]) -> Survey:
    """``survey`` with only the respondents of municipalities in ``codes``."""
    inside = survey.responses["kommun_kod"].isin(codes)
    if inside.all():
        return survey
    kept = survey.responses.loc[inside].reset_index(drop=True)
    who = set(kept["respondent"])
    return dataclasses.replace(
        survey,
        responses=kept,
        ratings=survey.ratings.loc[survey.ratings["respondent"].isin(who)].reset_index(drop=True),
        forms=survey.forms.loc[survey.forms["respondent"].isin(who)].reset_index(drop=True),
    )


class Dataset:
    """The published rounds (or the demo) with the region and taxonomy they are read against.

    Args:
        surveys: ``{round label: Survey}``.
        region: ``kommun_kod, kommun, lan_kod, lan`` of the region's municipalities.
        taxonomy: the areas, themes and forms.
        is_demo: whether the rounds are the fictional demo survey.
        neighbours: ``code → geo.neighbours``-style table (default: SCB boundaries); a
            test passes a dict-backed function.
    """

    def __init__(
        self,
        surveys: dict[str, Survey],
        region: pd.DataFrame,
        taxonomy: Taxonomy,
        *,
        is_demo: bool = False,
        neighbours: Callable[[str, set[str]], pd.DataFrame] = geo.neighbours,
    ) -> None:
        codes = set(region["kommun_kod"])
        self.surveys = {label: _in_region(s, codes) for label, s in sorted(surveys.items())}
        self.outside_region = len(
            {c for s in surveys.values() for c in s.responses["kommun_kod"]} - codes
        )
        """How many municipalities of the rounds are outside the region (left out of every
        figure: a round published for another region is kept, and shown in part)."""
        self.region = region
        self.taxonomy = taxonomy
        self.is_demo = is_demo
        self._neighbours = neighbours
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per ``key`` for the life of this dataset (thread-safe enough:
        two sessions may both compute a value the first time; one result is kept)."""
        try:
            return self._memo[key]
        except KeyError:
            value = compute()
            with self._lock:
                return self._memo.setdefault(key, value)

    # --- the rounds -------------------------------------------------------------------------

    @property
    def rounds(self) -> list[str]:
        """Round labels, newest first (years newest first, other labels after: linnedata.rounds)."""
        return newest_first(self.surveys)

    def previous_round(self, label: str) -> str | None:
        """The year round before the year round ``label``, or None (a label that is not a
        year has no place in time: linnedata.rounds)."""
        years = [r for r in self.rounds if is_year(r)]
        if label not in years:
            return None
        index = years.index(label)
        return years[index + 1] if index + 1 < len(years) else None

    @property
    def names(self) -> dict[str, str]:
        """``{code: name}`` of the region's municipalities, in the region's order."""
        return self.memo(
            "names",
            lambda: dict(zip(self.region["kommun_kod"], self.region["kommun"], strict=True)),
        )

    def items(self, level: str, lang: str) -> dict[str, str]:
        """``{id: label}`` of the areas or themes."""
        return self.taxonomy.labels(level, lang)

    # --- measures ---------------------------------------------------------------------------

    def per_municipality(self, round_label: str, level: str) -> pd.DataFrame:
        """Area or theme measures per municipality for one round (``linnedata.figures.measures``)."""
        check_level(level)
        survey = self.surveys[round_label]
        return self.memo(
            ("per", round_label, level), lambda: level_measures(survey, level, self.taxonomy)
        )

    def region_figures(self, round_label: str, level: str) -> pd.DataFrame:
        """The region's figures (each municipality weighs one) for one round."""
        return self.memo(
            ("region", round_label, level),
            lambda: measures.group_measures(
                self.per_municipality(round_label, level), key_of(level)
            ),
        )

    def coverage(self, round_label: str) -> sentences.Coverage:
        """Who answered in a round."""
        return self.memo(
            ("coverage", round_label),
            lambda: sentences.coverage(self.surveys[round_label].responses, self.region),
        )

    def county(self, code: str) -> str:
        """The name of a municipality's county."""
        counties = self.memo(
            "counties",
            lambda: dict(zip(self.region["kommun_kod"], self.region["lan"], strict=True)),
        )
        return str(counties[code])

    def respondents(self, code: str, round_label: str) -> int:
        """How many respondents a municipality has in a round (0 for one not in it)."""

        def counts() -> dict[str, int]:
            table = self.coverage(round_label).per_municipality
            summed = table.groupby("kommun_kod")["respondents"].sum()
            return {str(k): int(v) for k, v in summed.items()}

        return self.memo(("respondents", round_label), counts).get(code, 0)

    # --- neighbours and similar municipalities ---------------------------------------------

    def neighbours(self, code: str) -> pd.DataFrame:
        """A municipality's neighbours by shared border, flagged when outside the region."""
        return self.memo(
            ("neighbours", code),
            lambda: self._neighbours(code, set(self.region["kommun_kod"])),
        )

    def neighbour_codes(self, code: str) -> tuple[str, ...]:
        """The codes of a municipality's neighbours that are in the region (they have data)."""
        table = self.neighbours(code)
        return tuple(table.loc[table["i_regionen"], "kommun_kod"])

    def neighbour_figures(self, code: str, round_label: str, level: str) -> pd.DataFrame:
        """The mean over a municipality's in-region neighbours (``group_measures``, one group)."""

        def compute() -> pd.DataFrame:
            codes = list(self.neighbour_codes(code))
            groups = pd.Series("grannar", index=pd.Index(codes, dtype="str"), dtype="object")
            return measures.group_measures(
                self.per_municipality(round_label, level), key_of(level), groups
            )

        return self.memo(("neighbour_figures", code, round_label, level), compute)

    def rating_matrix(self, round_label: str) -> pd.DataFrame:
        """Mean rating per municipality and area in a round (see ``linnedata.figures.similarity``)."""
        return self.memo(
            ("ratings", round_label),
            lambda: similarity.rating_matrix(
                self.per_municipality(round_label, "area"), self.taxonomy.area_ids
            ),
        )

    def similar(self, code: str, round_label: str) -> similarity.Similar:
        """The municipalities with the most similar challenge profile in a round."""
        return self.memo(
            ("similar", code, round_label),
            lambda: similarity.most_similar(
                self.per_municipality(round_label, "area"), code, self.taxonomy.area_ids
            ),
        )

    def county_codes(self, code: str) -> list[str]:
        """The region's municipalities in the same county as ``code`` (``code`` first)."""
        table = self.region
        county = table.loc[table["kommun_kod"] == code, "lan_kod"].iloc[0]
        same = (table["lan_kod"] == county) & (table["kommun_kod"] != code)
        return [code, *table.loc[same, "kommun_kod"]]
