"""Seminar planning: definitions, exact optimality against brute force, constraints, messages."""

from __future__ import annotations

import io
import itertools
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import (
    preferences_from_table,
    synthetic_preferences,
)
from linnedata import demo
from linnedata import seminars as sm
from linnedata.export import csv_bytes, xlsx_bytes
from linnedata.figures.ranks import municipality_ranks
from linnedata.places.region import default_region
from linnedata.seminars import solver
from linnedata.survey import read_survey

REGION = default_region()


def survey_from_rows(rows: list[str]) -> object:
    """A survey read from canonical CSV lines (kommun, prio_1..3, interest, two ratings)."""
    header = "kommun,prio_1,prio_2,prio_3,seminarieintresse,betyg_skatteunderlag,betyg_integration"
    data = "\n".join([header, *rows]).encode()
    return read_survey(data, round_label="2024")


SMALL = survey_from_rows(
    [
        # Växjö: two respondents, one wants a seminar; best ranks skatt 1, bostad 2, integ 2
        "Växjö,Skatteunderlag,Integration,,nej,5,2",
        "Växjö,Bostadsplanering,Skatteunderlag,Integration,ja,4,",
        # Kalmar: maybe; integration 1; rates skatteunderlag 4 (pressing, not ranked)
        "Kalmar,Integration,,,kanske,4,5",
        # Karlskrona: does not want a seminar
        "Karlskrona,Skatteunderlag,Bostadsplanering,,nej,3,3",
    ]
)


# --- definitions ---------------------------------------------------------------------------


def test_interested_means_someone_answered_ja_or_kanske() -> None:
    assert sm.interested_municipalities(SMALL) == ["0780", "0880"]


def test_a_municipalitys_rank_is_the_best_rank_any_respondent_gave() -> None:
    ranks = municipality_ranks(SMALL, "area")
    vaxjo = ranks.loc[ranks["kommun_kod"] == "0780"].set_index("topic")["rang"].to_dict()
    assert vaxjo == {"skatteunderlag": 1, "bostadsplanering": 1, "integration": 2}


def test_theme_rank_is_the_best_rank_of_its_areas() -> None:
    ranks = municipality_ranks(SMALL, "theme")
    vaxjo = ranks.loc[ranks["kommun_kod"] == "0780"].set_index("topic")["rang"].to_dict()
    assert vaxjo == {"hallbarhet": 1, "demokrati": 2}


def test_preferences_score_ranks_and_pressing_ratings() -> None:
    prefs = sm.preferences(SMALL, "area", REGION)
    assert prefs.codes == ["0780", "0880"]
    scores = pd.DataFrame(prefs.scores(), index=prefs.codes, columns=prefs.topics)
    assert scores.at["0780", "skatteunderlag"] == 3.0
    assert scores.at["0780", "integration"] == 2.0
    assert scores.at["0880", "integration"] == 3.0
    assert scores.at["0880", "skatteunderlag"] == sm.PRESSING_SCORE  # rated 4, not ranked
    assert scores.at["0880", "bostadsplanering"] == 0.0


def test_demand_counts_top_three_and_seminar_wishes() -> None:
    table = sm.demand(SMALL, "area", REGION).set_index("topic")
    # skatteunderlag: Växjö and Karlskrona have it in a top three; only Växjö wants a seminar
    assert table.at["skatteunderlag", "antal_kommuner_topp3"] == 2
    assert table.at["skatteunderlag", "antal_vill_seminarium"] == 1
    assert table.at["integration", "antal_kommuner_topp3"] == 2
    assert table.at["integration", "antal_vill_seminarium"] == 2
    assert table.at["skolutveckling", "antal_kommuner_topp3"] == 0
    # mean over municipalities (Växjö 4.5, Kalmar 4, Karlskrona 3)
    assert table.at["skatteunderlag", "medelbetyg"] == pytest.approx((4.5 + 4 + 3) / 3)
    assert table.at["skatteunderlag", "andel_angelaget"] == pytest.approx((1 + 1 + 0) / 3)
    assert table.index[0] in {"skatteunderlag", "integration", "bostadsplanering"}


def test_demand_on_the_demo_round_is_sorted_by_municipalities() -> None:
    table = sm.demand(demo.load_demo()["2024"], "area", REGION)
    counts = table["antal_kommuner_topp3"].tolist()
    assert counts == sorted(counts, reverse=True)
    assert (table["antal_vill_seminarium"] <= table["antal_kommuner_topp3"]).all()


# --- brute force ---------------------------------------------------------------------------


def brute_force(prefs: sm.Preferences, s: sm.Settings) -> tuple[int, float] | None:
    """Best (coverage, total preference) over all distinct topic sets and assignments."""
    m_count, t_count = prefs.rank.shape
    scores = prefs.scores()
    counties = prefs.municipalities["lan_kod"].tolist()
    locks = {prefs.codes.index(c): prefs.topics.index(t) for c, t in s.locks}
    forced = {prefs.topics.index(t) for t in s.include} | set(locks.values())
    allowed = [j for j in range(t_count) if prefs.topics[j] not in s.exclude]
    best: tuple[int, float] | None = None
    for topics in itertools.combinations(allowed, s.seminars):
        if not forced <= set(topics):
            continue
        coverage = int((prefs.rank[:, list(topics)] > 0).any(axis=1).sum())
        if best is not None and coverage < best[0]:
            continue
        best_score = None
        for assignment in itertools.product(topics, repeat=m_count):
            if any(assignment[i] != j for i, j in locks.items()):
                continue
            sizes = [assignment.count(j) for j in topics]
            if not all(s.min_size <= n <= s.max_size for n in sizes):
                continue
            if s.county_cap is not None and any(
                sum(1 for i in range(m_count) if assignment[i] == j and counties[i] == c)
                > s.county_cap
                for j in topics
                for c in set(counties)
            ):
                continue
            score = sum(scores[i, assignment[i]] for i in range(m_count))
            best_score = score if best_score is None else max(best_score, score)
        if best_score is None:
            continue
        if best is None or (coverage, best_score) > best:
            best = (coverage, best_score)
    return best


def check_plan(prefs: sm.Preferences, s: sm.Settings, plan: sm.Plan) -> None:
    """Every constraint of the plan holds."""
    placements = plan.placements
    assert sorted(placements["kommun_kod"]) == sorted(prefs.codes)  # everyone exactly once
    assert len(plan.seminars) == s.seminars
    for seminar in plan.seminars:
        members = placements.loc[placements["seminarium"] == seminar.number]
        assert s.min_size <= len(members) <= s.max_size
        assert set(members["topic"]) == {seminar.topic}
        if s.county_cap is not None:
            assert members["lan"].value_counts().max() <= s.county_cap
    if s.seminars <= len([t for t in prefs.topics if t not in s.exclude]):
        assert len(set(plan.topics)) == s.seminars
    assert not set(plan.topics) & set(s.exclude)
    assert set(s.include) <= set(plan.topics)
    where = dict(zip(placements["kommun_kod"], placements["topic"], strict=True))
    for code, topic in s.locks:
        assert where[code] == topic
    assert plan.covered == sm.covered_by(prefs, plan.topics)
    assert plan.covered + len(plan.uncovered) == plan.interested
    score = prefs.scores()
    expected = sum(score[prefs.codes.index(c), prefs.topics.index(t)] for c, t in where.items())
    assert plan.total_preference == pytest.approx(expected)


EIGHT_BY_FOUR = preferences_from_table(
    [
        [1, 2, 3, 0],
        [1, 0, 2, 3],
        [0, 1, 0, 2],
        [0, 0, 1, 2],
        [3, 0, 0, 1],
        [0, 3, 1, 2],
        [2, 1, 0, 0],
        [0, 0, 0, 1],
    ],
    ratings=[[4, 4, 4, 2]] * 8,
    counties=["01", "01", "01", "02", "02", "02", "03", "03"],
)


@pytest.mark.parametrize(
    "settings_",
    [
        sm.Settings(2, 3, 5),
        sm.Settings(2, 2, 6),
        sm.Settings(2, 4, 4),
        sm.Settings(3, 2, 4),
        sm.Settings(2, 3, 5, county_cap=2),
        sm.Settings(2, 3, 5, exclude=("t4",)),
        sm.Settings(2, 3, 5, include=("t2",)),
        sm.Settings(2, 3, 5, locks=(("k08", "t1"),)),
    ],
    ids=repr,
)
def test_eight_municipalities_four_topics_equal_the_brute_force_optimum(
    settings_: sm.Settings,
) -> None:
    plan = sm.plan_seminars(EIGHT_BY_FOUR, settings_)
    assert (plan.covered, plan.total_preference) == brute_force(EIGHT_BY_FOUR, settings_)
    check_plan(EIGHT_BY_FOUR, settings_, plan)


@st.composite
def instances(draw: st.DrawFn) -> tuple[sm.Preferences, sm.Settings]:
    m_count = draw(st.integers(3, 7))
    t_count = draw(st.integers(2, 4))
    rows = []
    for _ in range(m_count):
        picked = draw(st.permutations(range(t_count)))[: draw(st.integers(0, min(3, t_count)))]
        row = [0] * t_count
        for rank, j in enumerate(picked, start=1):
            row[j] = rank
        rows.append(row)
    ratings = [
        [draw(st.sampled_from([np.nan, 2.0, 4.0, 5.0])) for _ in range(t_count)]
        for _ in range(m_count)
    ]
    counties = [draw(st.sampled_from(["01", "02", "03"])) for _ in range(m_count)]
    prefs = preferences_from_table(rows, ratings, counties)
    seminars = draw(st.integers(1, min(3, t_count)))
    low = draw(st.integers(1, 3))
    high = draw(st.integers(low, 6))
    cap = draw(st.one_of(st.none(), st.integers(1, 3)))
    locks: tuple[tuple[str, str], ...] = ()
    if draw(st.booleans()):
        locks = ((prefs.codes[0], draw(st.sampled_from(prefs.topics))),)
    return prefs, sm.Settings(seminars, low, high, county_cap=cap, locks=locks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_plan_is_optimal_and_keeps_every_constraint(
    instance: tuple[sm.Preferences, sm.Settings],
) -> None:
    prefs, settings_ = instance
    expected = brute_force(prefs, settings_)
    if expected is None:
        with pytest.raises(sm.PlanInfeasible) as caught:
            sm.plan_seminars(prefs, settings_)
        assert caught.value.message("sv")
        assert caught.value.message("en")
        return
    plan = sm.plan_seminars(prefs, settings_)
    assert plan.covered == expected[0]
    assert plan.total_preference == pytest.approx(expected[1])
    check_plan(prefs, settings_, plan)


@pytest.mark.parametrize(
    ("municipalities", "settings_", "seed"),
    [
        (120, sm.Settings(10, 3, 20), 0),
        (120, sm.Settings(10, 3, 20), 1),
        (120, sm.Settings(8, 4, 25, county_cap=3), 2),
        (60, sm.Settings(6, 3, 12), 3),
    ],
)
def test_the_relaxation_shortcut_and_the_integer_program_agree(
    municipalities: int, settings_: sm.Settings, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether or not the linear relaxation already gives the plan (solver._whole_counts), the
    plan is as good as the integer program's: same coverage, same total preference."""
    prefs = synthetic_preferences(municipalities, 12, counties=8, seed=seed)
    shortcut = sm.plan_seminars(prefs, settings_)
    check_plan(prefs, settings_, shortcut)
    monkeypatch.setattr(solver, "_whole_counts", lambda *args: None)
    solved = sm.plan_seminars(prefs, settings_)
    assert shortcut.covered == solved.covered
    assert shortcut.total_preference == pytest.approx(solved.total_preference)


def test_the_relaxation_is_a_plan_when_its_groups_need_whole_seminars_only() -> None:
    """Six seminars on six topics with sizes 1–40: every chosen topic's group fits one
    seminar, so the relaxation's placements with whole counts are the plan, at its bound."""
    prefs = synthetic_preferences(40, 6, counties=4, seed=5)
    settings_ = sm.Settings(6, 1, 40)
    objective, constraints, bounds, _integrality, slices = solver._model(prefs, settings_)
    relaxation = solver.milp(objective, constraints=constraints, bounds=bounds)
    whole = solver._whole_counts(prefs, settings_, relaxation.x, slices, constraints[0], bounds)
    assert whole is not None
    assert whole[slices["n"]].sum() == 6
    assert objective @ whole == pytest.approx(relaxation.fun)


def test_more_seminars_than_topics_gives_parallel_seminars_within_bounds() -> None:
    prefs = synthetic_preferences(40, 3, counties=4, seed=3)
    settings_ = sm.Settings(5, 6, 9, county_cap=3)
    plan = sm.plan_seminars(prefs, settings_)
    check_plan(prefs, settings_, plan)
    assert len(plan.seminars) == 5
    assert plan.covered == sm.covered_by(prefs, prefs.topics)


# --- messages ------------------------------------------------------------------------------


def infeasible(prefs: sm.Preferences, settings_: sm.Settings) -> str:
    with pytest.raises(sm.PlanInfeasible) as caught:
        sm.plan_seminars(prefs, settings_)
    return caught.value.message("sv")


def test_too_few_municipalities_for_min_names_the_new_min_and_the_fewer_seminars() -> None:
    message = infeasible(EIGHT_BY_FOUR, sm.Settings(3, 3, 8))  # 3 × 3 = 9 > 8
    assert "sänk min till 2" in message
    assert "minska antalet seminarier till 2" in message


def test_too_many_municipalities_for_max_names_the_new_max() -> None:
    message = infeasible(EIGHT_BY_FOUR, sm.Settings(2, 1, 3))  # 2 × 3 = 6 < 8
    assert "höj max till 4" in message
    assert "öka antalet seminarier till 3" in message


@pytest.mark.parametrize(
    ("n", "settings_", "expected"),
    [
        (4, sm.Settings(2, 5, 8), "sänk min till 2."),  # fewer seminars (0) would not do
        (10, sm.Settings(3, 6, 6), "sänk min till 3."),  # 1 seminar of 6 cannot hold 10
        (2, sm.Settings(3, 3, 8), "sätt min till 1 och antalet seminarier till högst 2."),
        (9, sm.Settings(2, 4, 4), "höj max till 5."),  # 3 seminars of exactly 4 ≠ 9
    ],
)
def test_every_suggested_change_would_work(n: int, settings_: sm.Settings, expected: str) -> None:
    prefs = preferences_from_table([[1, 2]] * n)
    message = infeasible(prefs, settings_)
    assert message.endswith(": " + expected)


def test_min_above_max_says_so() -> None:
    assert "sänk min till 3" in infeasible(EIGHT_BY_FOUR, sm.Settings(2, 5, 3))


def test_county_cap_too_low_names_the_county_and_the_cap_that_works() -> None:
    message = infeasible(EIGHT_BY_FOUR, sm.Settings(2, 1, 8, county_cap=1))  # 3 from Län 01
    assert "Län 01" in message
    assert "höj gränsen per län till 2" in message


def test_county_cap_found_by_the_solver_names_the_cap_that_works() -> None:
    # Two seminars of exactly 3; the two from county 02 are locked together, so the other
    # seminar gets three from county 01: a cap of 2 passes the simple count, not the solver.
    prefs = preferences_from_table([[1, 2]] * 6, counties=["01", "01", "01", "01", "02", "02"])
    locks = (("k05", "t1"), ("k06", "t1"))
    message = infeasible(prefs, sm.Settings(2, 3, 3, county_cap=2, locks=locks))
    assert "höj gränsen per län till 3" in message
    plan = sm.plan_seminars(prefs, sm.Settings(2, 3, 3, county_cap=3, locks=locks))
    assert plan.placements.set_index("kommun_kod").at["k05", "topic"] == "t1"


def test_more_required_topics_than_seminars_names_the_number() -> None:
    message = infeasible(EIGHT_BY_FOUR, sm.Settings(2, 1, 8, include=("t1", "t2", "t3")))
    assert "öka antalet seminarier till 3" in message


def test_a_lock_to_an_excluded_topic_is_refused_by_name() -> None:
    message = infeasible(
        EIGHT_BY_FOUR, sm.Settings(2, 1, 8, exclude=("t1",), locks=(("k01", "t1"),))
    )
    assert "Kommun 1" in message
    assert "t1" in message


def test_locked_placements_are_kept_even_against_preference() -> None:
    settings_ = sm.Settings(2, 3, 5, locks=(("k01", "t4"), ("k03", "t4")))
    plan = sm.plan_seminars(EIGHT_BY_FOUR, settings_)
    where = plan.placements.set_index("kommun_kod")
    assert where.at["k01", "topic"] == "t4"
    assert where.at["k03", "topic"] == "t4"
    assert bool(where.at["k01", "last"])
    check_plan(EIGHT_BY_FOUR, settings_, plan)


def test_same_input_gives_the_same_plan() -> None:
    survey = demo.load_demo()["2024"]
    first = sm.plan_seminars(sm.preferences(survey, "area", REGION), sm.Settings(4))
    second = sm.plan_seminars(sm.preferences(survey, "area", REGION), sm.Settings(4))
    assert first.seminars == second.seminars
    pd.testing.assert_frame_equal(first.placements, second.placements)


def test_the_order_of_includes_and_locks_does_not_change_the_plan() -> None:
    a = sm.Settings(3, 2, 4, include=("t2", "t4"), locks=(("k01", "t2"), ("k02", "t4")))
    b = sm.Settings(3, 2, 4, include=("t4", "t2"), locks=(("k02", "t4"), ("k01", "t2")))
    plan_a, plan_b = sm.plan_seminars(EIGHT_BY_FOUR, a), sm.plan_seminars(EIGHT_BY_FOUR, b)
    assert plan_a.seminars == plan_b.seminars


# --- explanations and export -----------------------------------------------------------------


def test_each_placement_is_explained_in_one_line() -> None:
    survey = demo.load_demo()["2024"]
    prefs = sm.preferences(survey, "area", REGION)
    plan = sm.plan_seminars(prefs, sm.Settings(4))
    labels = {t: t.capitalize() for t in prefs.topics}
    lines = sm.explain(plan, labels)
    assert len(lines) == plan.interested
    first = plan.placements.iloc[0]
    assert lines[0] == f"{first.kommun} → {labels[first.topic]}: prio {first.rang}"


def test_reasons_for_pressing_uncovered_and_locked() -> None:
    row = pd.Series({"rang": 0, "medelbetyg": 4.4, "last": False})
    assert "medelbetyg 4,4" in sm.reason(row)
    assert "mean rating 4.4" in sm.reason(row, "en")
    row = pd.Series({"rang": 0, "medelbetyg": 2.0, "last": False, "tackt": True})
    assert sm.reason(row).startswith("seminarierna om dess prioriterade ämnen var fulla")
    row = pd.Series({"rang": 0, "medelbetyg": 2.0, "last": True})
    assert sm.reason(row).startswith("låst av arrangören (ingen av kommunens prioriteringar")


def test_export_round_trips_through_openpyxl() -> None:
    plan = sm.plan_seminars(EIGHT_BY_FOUR, sm.Settings(2, 3, 5))
    labels = {"t1": "=Ämne ett", "t2": "Två", "t3": "Tre", "t4": "Fyra"}
    matches = pd.DataFrame(
        {
            "seminarium": [1],
            "topic": [plan.seminars[0].topic],
            "forskare": ["@Forskare A"],
            "forskningsmiljo": ["Miljö"],
            "omraden": [("t1",)],
            "overlap": [3],
        }
    )
    gaps = pd.DataFrame({"seminarium": [2], "topic": [plan.seminars[1].topic], "orsak": ["ingen"]})
    sheets, flat = sm.export_tables(plan, labels, round_label="2024", matches=matches, gaps=gaps)
    data = xlsx_bytes(sheets, ["Källa: test"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Sammanfattning"
    assert len(book.sheetnames) == 1 + len(plan.seminars)
    summary = {
        row[0]: row[1] for row in book["Sammanfattning"].iter_rows(min_row=4, values_only=True)
    }
    assert summary["Antal seminarier"] == "2"
    coverage = summary[
        "Intresserade kommuner med en av sina tre främsta prioriteringar bland ämnena"
    ]
    assert coverage == f"{plan.covered} av 8"
    first = book[book.sheetnames[1]]
    values = [row for row in first.iter_rows(min_row=4, values_only=True)]
    names = [row[1] for row in values]
    members = plan.placements.loc[plan.placements["seminarium"] == 1, "kommun"].tolist()
    assert names[: len(members)] == members
    assert "'@Forskare A" in names  # neutralised, not a formula
    second = book[book.sheetnames[2]]
    assert any(
        "Ingen forskare matchar" in str(row[1]) for row in second.iter_rows(values_only=True)
    )
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    back = pd.read_csv(io.BytesIO(csv_bytes(flat)), encoding="utf-8-sig")
    assert len(back) == 8
    assert back["kommun_kod"].tolist() == plan.placements["kommun_kod"].tolist()


def test_plan_json_has_coverage_and_every_municipality() -> None:
    plan = sm.plan_seminars(EIGHT_BY_FOUR, sm.Settings(2, 3, 5))
    report = sm.plan_json(plan, {t: t for t in EIGHT_BY_FOUR.topics})
    assert report["coverage"] == {"covered": plan.covered, "interested": 8}
    placed = [m["kommun_kod"] for s in report["seminars"] for m in s["municipalities"]]
    assert sorted(placed) == EIGHT_BY_FOUR.codes
    assert math.isclose(report["total_preference"], plan.total_preference)


def test_a_covered_municipality_placed_outside_its_topics_is_told_they_were_full() -> None:
    # four want t1 first; max 2 forces two of them elsewhere although t1 is chosen
    prefs = preferences_from_table([[1, 0], [1, 0], [1, 0], [1, 0]])
    plan = sm.plan_seminars(prefs, sm.Settings(2, 2, 2))
    assert plan.covered == 4
    moved = plan.placements.loc[plan.placements["topic"] == "t2"]
    assert len(moved) == 2
    assert all("fulla" in sm.reason(row) for row in moved.itertuples())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(1, 8), st.integers(1, 8), st.integers(0, 8))
def test_applying_any_suggested_fix_gives_a_plan(n: int, s: int, low: int, extra: int) -> None:
    prefs = synthetic_preferences(n, 3, counties=2, seed=n)
    settings_ = sm.Settings(s, low, low + extra)
    if s * low <= n <= s * (low + extra):
        return
    with pytest.raises(sm.PlanInfeasible) as caught:
        sm.plan_seminars(prefs, settings_)
    assert caught.value.fixes
    for key, value in caught.value.fixes:
        changed = {
            "sem_fix_min": {"min_size": value},
            "sem_fix_max": {"max_size": value},
            "sem_fix_farre": {"seminars": value},
            "sem_fix_fler": {"seminars": value},
            "sem_fix_bada": {"min_size": 1, "seminars": value},
        }[key]
        fixed = sm.Settings(**{**settings_.__dict__, **changed})
        plan = sm.plan_seminars(prefs, fixed)
        assert sorted(plan.placements["kommun_kod"]) == prefs.codes


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30), st.integers(2, 8), st.integers(1, 8), st.integers(0, 8))
def test_a_suggested_fix_also_respects_the_must_include_topics_and_locks(
    n: int, s: int, low: int, extra: int
) -> None:
    # A topic that must be held and a lock on another: two seminars at least, so "reduce
    # the number of seminars to 1" (which fits n) would only lead to the next error.
    prefs = synthetic_preferences(n, 3, counties=2, seed=n)
    settings_ = sm.Settings(
        s, low, low + extra, include=("amne_01",), locks=((prefs.codes[0], "amne_02"),)
    )
    if s * low <= n <= s * (low + extra):
        return
    with pytest.raises(sm.PlanInfeasible) as caught:
        sm.plan_seminars(prefs, settings_)
    assert caught.value.fixes
    for key, value in caught.value.fixes:
        changed = {
            "sem_fix_min": {"min_size": value},
            "sem_fix_max": {"max_size": value},
            "sem_fix_farre": {"seminars": value},
            "sem_fix_fler": {"seminars": value},
            "sem_fix_bada": {"min_size": 1, "seminars": value},
        }[key]
        fixed = sm.Settings(**{**settings_.__dict__, **changed})
        plan = sm.plan_seminars(prefs, fixed)
        assert sorted(plan.placements["kommun_kod"]) == prefs.codes


def test_the_county_limit_fixes_both_work_on_the_demo_round() -> None:
    prefs = sm.preferences(demo.load_demo()["2024"], "area", REGION)
    settings_ = sm.Settings(5, county_cap=2)
    with pytest.raises(sm.PlanInfeasible) as caught:
        sm.plan_seminars(prefs, settings_)
    assert [key for key, _ in caught.value.fixes] == ["sem_fix_lan", "sem_fix_fler"]
    cap, seminars = (value for _, value in caught.value.fixes)
    for fixed in (
        sm.Settings(5, county_cap=cap),
        sm.Settings(seminars, county_cap=2),
    ):
        plan = sm.plan_seminars(prefs, fixed)
        check_plan(prefs, fixed, plan)


def test_locking_a_municipality_that_does_not_want_to_take_part_gives_the_message() -> None:
    # The message's own placeholder is called "code", like the error's first argument.
    prefs = preferences_from_table([[1, 0], [1, 0], [0, 1], [0, 1]])
    with pytest.raises(sm.PlanInfeasible) as caught:
        sm.plan_seminars(prefs, sm.Settings(2, 1, 8, locks=(("0604", "t1"),)))
    assert caught.value.code == "sem_last_ej_intresserad"
    assert "0604" in caught.value.message("sv")
    assert "ta bort låsningen" in caught.value.message("sv")


def test_a_municipality_moved_for_the_minimum_size_is_not_told_its_seminars_were_full() -> None:
    # four want t1 first, at least two per seminar: two must sit in t2 although the t1
    # seminar (two of at most eight) is far from full
    prefs = preferences_from_table([[1, 0], [1, 0], [1, 0], [1, 0]])
    plan = sm.plan_seminars(prefs, sm.Settings(2, 2, 8))
    moved = plan.placements.loc[plan.placements["topic"] == "t2"]
    assert len(moved) == 2
    for row in moved.itertuples():
        assert "fulla" not in sm.reason(row)
        assert "storleks- och länsgränserna" in sm.reason(row)
        assert "size and county limits" in sm.reason(row, "en")


def test_a_locked_municipality_whose_priority_got_a_seminar_is_not_told_none_did() -> None:
    prefs = preferences_from_table([[1, 0], [1, 0], [1, 0], [1, 0]])
    locked = prefs.codes[0]
    plan = sm.plan_seminars(prefs, sm.Settings(2, 1, 8, locks=((locked, "t2"),)))
    row = next(plan.placements.loc[plan.placements["kommun_kod"] == locked].itertuples())
    assert row.tackt
    assert sm.reason(row) == "låst av arrangören (inte bland kommunens prioriteringar)"
    assert sm.reason(row, "en") == "locked by the organisers (not among its priorities)"
