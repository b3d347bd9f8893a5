"""Similar municipalities: a documented distance over the area ratings."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from linnedata import demo
from linnedata.figures import measures, similarity
from linnedata.taxonomy import default_taxonomy

AREAS = ["a", "b", "c", "d"]


def per_municipality(ratings: dict[str, list[float | None]]) -> pd.DataFrame:
    """An ``area_measures``-shaped table from ``{code: [rating per area]}``."""
    rows = [
        {"kommun_kod": code, "area_id": area, "medelbetyg": np.nan if r is None else float(r)}
        for code, values in ratings.items()
        for area, r in zip(AREAS, values, strict=True)
    ]
    return pd.DataFrame(rows)


TABLE = per_municipality(
    {
        "0001": [5, 4, 1, 1],
        "0002": [5, 4, 2, 1],  # 0.25 from 0001
        "0003": [4, 5, 1, 1],  # 0.5 from 0001
        "0004": [4, 5, 1, 1],  # same as 0003: a tie
        "0005": [1, 1, 5, 5],  # far: (4 + 3 + 4 + 4) / 4
        "0006": [5, None, None, None],  # one area rated: left out
    }
)


def test_distance_is_the_mean_absolute_difference_over_areas_both_rated() -> None:
    table = per_municipality({"0001": [5, 4, None, 1], "0002": [3, 4, 2, None]})
    matrix = similarity.rating_matrix(table, AREAS)
    dist = similarity.distances(matrix, min_areas=1)
    # shared areas a and b: (|5-3| + |4-4|) / 2
    assert dist.loc["0001", "0002"] == 1.0


def test_nearest_first_and_ties_broken_by_code() -> None:
    result = similarity.most_similar(TABLE, "0001", AREAS, n=4, min_areas=3)
    assert result.table["kommun_kod"].tolist() == ["0002", "0003", "0004", "0005"]
    assert result.table["avstand"].tolist() == [0.25, 0.5, 0.5, 3.75]


def test_excludes_itself_and_municipalities_with_too_few_areas_with_a_note() -> None:
    result = similarity.most_similar(TABLE, "0001", AREAS, n=10, min_areas=3)
    assert "0001" not in set(result.table["kommun_kod"])
    assert "0006" not in set(result.table["kommun_kod"])
    assert result.excluded == ("0006",)
    assert result.compared


def test_a_municipality_with_too_few_areas_is_not_compared() -> None:
    result = similarity.most_similar(TABLE, "0006", AREAS, min_areas=3)
    assert not result.compared
    assert result.table.empty


def test_shared_top_areas_are_those_in_both_top_lists() -> None:
    result = similarity.most_similar(TABLE, "0001", AREAS, n=5, min_areas=3)
    shared = dict(zip(result.table["kommun_kod"], result.table["gemensamma"], strict=True))
    # 0001's top three: a (5), b (4), then c and d tie at 1 -> c by the area order
    assert shared["0002"] == ("a", "b", "c")  # 0002: a (5), b (4), c (2)
    assert shared["0003"] == ("a", "b", "c")  # 0003: b (5), a (4), c (1) before d by order
    assert shared["0005"] == ("a", "c")  # 0005: c (5), d (5), a (1) before b by order


@pytest.fixture(scope="module")
def demo_areas() -> pd.DataFrame:
    return measures.area_measures(demo.load_demo()["2024"])


def test_distance_is_symmetric_on_the_demo_round(demo_areas: pd.DataFrame) -> None:
    matrix = similarity.rating_matrix(demo_areas, default_taxonomy().area_ids)
    dist = similarity.distances(matrix)
    assert dist.shape[0] > 30
    np.testing.assert_array_equal(dist.to_numpy(), dist.to_numpy().T)
    assert (np.diag(dist.to_numpy()) == 0).all()


def test_similarity_is_symmetric_and_deterministic(demo_areas: pd.DataFrame) -> None:
    areas = default_taxonomy().area_ids
    first = similarity.most_similar(demo_areas, "0781", areas)
    again = similarity.most_similar(demo_areas.sample(frac=1, random_state=3), "0781", areas)
    pd.testing.assert_frame_equal(first.table, again.table)
    assert len(first.table) == 5
    assert "0781" not in set(first.table["kommun_kod"])
    for row in first.table.itertuples():
        back = similarity.most_similar(demo_areas, row.kommun_kod, areas, n=40)
        distance = back.table.set_index("kommun_kod").at["0781", "avstand"]
        assert math.isclose(distance, row.avstand)
