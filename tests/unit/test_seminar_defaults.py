"""The Seminarier page's default sizes scale with the interested municipalities, so every
region (one county … all 290) opens with a plan rather than an error (issue 23)."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import synthetic_preferences
from linnedata import seminars as sm
from linnedata.seminars import plan, solver
from ui import seminars as page


def test_the_defaults_hold_every_interested_municipality() -> None:
    for interested in range(1, 801):
        seminars, low, high = sm.default_sizes(interested)
        assert solver._fits(interested, seminars, low, high), interested
        assert str(seminars) in page.SEMINAR_OPTIONS  # each default is one of the page's choices
        assert str(low) in page.MIN_OPTIONS
        assert str(high) in page.MAX_OPTIONS


def test_a_region_that_fit_the_old_defaults_keeps_them() -> None:
    assert sm.default_sizes(12) == (4, 3, 8)
    assert sm.default_sizes(32) == (4, 3, 8)


@pytest.mark.parametrize(("municipalities", "topics"), [(9, 15), (26, 15), (290, 15), (290, 6)])
def test_the_defaults_give_a_plan_for_a_county_and_for_all_of_sweden(
    municipalities: int, topics: int
) -> None:
    prefs = synthetic_preferences(municipalities, topics, seed=3)
    seminars, low, high = sm.default_sizes(len(prefs.codes))
    result = sm.plan_seminars(prefs, sm.Settings(seminars, low, high))
    assert result.covered + len(result.uncovered) == len(prefs.codes)
    assert all(low <= len(s.members) <= high for s in result.seminars)
    assert len(result.seminars) <= plan.MOST_SEMINARS
