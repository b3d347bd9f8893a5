"""The store keeps only rated areas; a loaded round has every respondent × area again."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from pandas.testing import assert_frame_equal

from linnedata import demo
from linnedata.store import Store
from linnedata.store.testing import integrity_problems

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _stored_ratings(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        query = "SELECT respondent, seq, area_id, betyg FROM ratings ORDER BY respondent, seq"
        return [tuple(row) for row in conn.execute(sa.text(query))]


def test_only_rated_areas_are_stored_and_the_round_loads_as_it_was_read(db_url: str) -> None:
    store = Store(db_url)
    survey = demo.load_demo()["2024"]
    assert survey.ratings["betyg"].isna().any()  # the demo has blanks to leave out
    store.publish(survey, (DEMO / "enkat_2024.csv").read_bytes(), user="anna")
    stored = _stored_ratings(store)
    rated = survey.ratings.dropna(subset=["betyg"])
    assert len(stored) == len(rated)
    assert all(betyg is not None for *_, betyg in stored)
    assert_frame_equal(store.load("2024").ratings, survey.ratings)
    assert integrity_problems(store) == []


def test_a_store_that_kept_its_blank_rows_loads_the_same(db_url: str) -> None:
    """No schema upgrade: rounds written before this branch kept one row per area."""
    store = Store(db_url)
    survey = demo.load_demo()["2024"]
    store.publish(survey, (DEMO / "enkat_2024.csv").read_bytes(), user="anna")
    blanks = survey.ratings.assign(seq=survey.ratings.groupby("respondent").cumcount())
    blanks = blanks[blanks["betyg"].isna()]
    with store.engine.begin() as conn:
        round_id = conn.execute(sa.text("SELECT id FROM rounds")).scalar()
        conn.execute(
            sa.text("INSERT INTO ratings VALUES (:r, :p, :s, :a, NULL)"),
            [
                {"r": round_id, "p": int(p), "s": int(s), "a": a}
                for p, s, a in zip(
                    blanks["respondent"], blanks["seq"], blanks["area_id"], strict=True
                )
            ],
        )
    assert len(_stored_ratings(store)) == len(survey.ratings)  # as an old store holds them
    assert_frame_equal(store.load("2024").ratings, survey.ratings)
