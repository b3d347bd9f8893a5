"""The competence list: reading, validation messages, and matching researchers to seminars."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import (
    preferences_from_table,
)
from linnedata import demo
from linnedata import seminars as sm
from linnedata.competence import registry as competence_list
from linnedata.errors import InputError
from linnedata.places.region import default_region
from linnedata.seminars import staffing


def problems(data: bytes, lang: str = "sv") -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputError) as caught:
        competence_list.read_researchers(data)
    return [(p.row, p.column, p.message(lang)) for p in caught.value.errors]


def test_the_demo_list_is_fictional_and_valid() -> None:
    table = competence_list.demo_researchers()
    assert len(table) >= 5
    assert table["forskare"].str.contains("fiktiv").all()
    assert (table["kapacitet"] >= 1).all()
    readme = (competence_list.DEMO_RESEARCHERS.parent / "README.md").read_text(encoding="utf-8")
    assert "forskare.csv" in readme


def test_labels_ids_and_a_label_with_a_comma_resolve() -> None:
    data = (
        'forskare,omraden,kapacitet,forskningsmiljo\nAnna,"Natur, kultur och fritid;'
        'bostadsplanering;Housing planning; SKATTEUNDERLAG ",2,Miljö\n'
    )
    table = competence_list.read_researchers(data.encode())
    assert table.at[0, "omraden"] == ("skatteunderlag", "bostadsplanering", "natur_kultur_fritid")
    assert table.at[0, "kapacitet"] == 2
    assert table.at[0, "forskningsmiljo"] == "Miljö"


def test_semicolon_separated_windows_1252_file_is_read() -> None:
    data = "forskare;omraden;kapacitet\nÅsa Ö;Integration;1\nBo;Integration;2,0\n".encode("cp1252")
    table = competence_list.read_researchers(data)
    assert table.at[0, "forskare"] == "Åsa Ö"
    assert table.at[0, "omraden"] == ("integration",)
    assert table["kapacitet"].tolist() == [1, 2]


def test_every_problem_names_row_column_value_and_what_to_do() -> None:
    found = problems(
        b"forskare,omraden,kapacitet\nAnna,Bostadsplanring,2\nAnna,,x\n,Integration,0\n"
    )
    assert [(row, column) for row, column, _ in found] == [
        (2, "omraden"),
        (3, "forskare"),
        (3, "omraden"),
        (3, "kapacitet"),
        (4, "forskare"),
        (4, "kapacitet"),
    ]
    assert "'Bostadsplanring'" in found[0][2]
    assert "menade du Bostadsplanering?" in found[0][2]
    assert "rad 2" in found[1][2]
    assert "'x'" in found[3][2]
    assert "heltal 1–20" in found[3][2]


def test_messages_in_english() -> None:
    found = problems(b"forskare,omraden,kapacitet\nAnna,Bostadsplanring,2\n", "en")
    assert found[0][2].startswith("Row 2, column 'omraden': the area 'Bostadsplanring'")
    assert "did you mean Bostadsplanering?" in found[0][2]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "tom"),
        (b"namn,omr\nA,B\n", "Kolumnen 'forskare' saknas"),
        (b"forskare,omraden,kapacitet\n", "inga forskare"),
        (b"\x00\xff\xfe\x00garbage\x00", "kan inte läsas"),
    ],
    ids=["empty", "wrong-columns", "no-rows", "binary"],
)
def test_a_file_that_is_not_a_competence_list_gets_one_clear_message(
    data: bytes, expected: str
) -> None:
    assert any(expected in message for _, _, message in problems(data))


# --- matching --------------------------------------------------------------------------------


def researchers_table(rows: list[tuple[str, tuple[str, ...], int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"forskare": n, "forskningsmiljo": "", "omraden": a, "kapacitet": c, "kalla_rad": i}
            for i, (n, a, c) in enumerate(rows, start=2)
        ],
        columns=competence_list.COLUMNS,
    )


PREFS = preferences_from_table(
    [[1, 2, 0], [1, 0, 2], [0, 1, 2], [2, 0, 1], [0, 1, 0], [3, 1, 0]],
)
PLAN = sm.plan_seminars(PREFS, sm.Settings(3, 2, 2))


def test_each_seminar_gets_a_researcher_where_possible_and_gaps_are_named() -> None:
    people = researchers_table([("A", ("t1", "t2"), 1), ("B", ("t1",), 1)])
    matching = staffing.match_researchers(PLAN, PREFS, people, per_seminar=2)
    by_topic = matching.matches.groupby("topic")["forskare"].apply(set).to_dict()
    # A must take t2 (only A fits it); B takes t1
    assert by_topic == {"t1": {"B"}, "t2": {"A"}}
    assert matching.gaps["topic"].tolist() == ["t3"]
    assert matching.gaps["orsak"].tolist() == ["ingen"]


def test_a_seminar_whose_researchers_are_busy_is_a_gap_of_its_own_kind() -> None:
    people = researchers_table([("A", ("t1", "t2"), 1)])
    matching = staffing.match_researchers(PLAN, PREFS, people)
    gaps = dict(zip(matching.gaps["topic"], matching.gaps["orsak"], strict=True))
    assert gaps.pop("t3") == "ingen"
    assert list(gaps.values()) == ["upptagna"]  # t1 or t2: A has room for one of them


def brute_force_matched_seminars(plan: sm.Plan, people: pd.DataFrame, per: int) -> int:
    """The most seminars that can get a fitting researcher, by trying everything."""
    fits = [
        [g for g, s in enumerate(plan.seminars) if s.topic in row.omraden]
        for row in people.itertuples()
    ]
    options = [
        [c for k in range(0, min(row.kapacitet, len(f)) + 1) for c in itertools.combinations(f, k)]
        for row, f in zip(people.itertuples(), fits, strict=True)
    ]
    best = 0
    for choice in itertools.product(*options):
        count = [0] * len(plan.seminars)
        for chosen in choice:
            for g in chosen:
                count[g] += 1
        if max(count, default=0) <= per:
            best = max(best, sum(1 for c in count if c > 0))
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(["t1", "t2", "t3"]), min_size=1, max_size=2),
            st.integers(1, 2),
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(1, 2),
)
def test_capacities_are_never_exceeded_and_matched_seminars_are_maximal(
    rows: list[tuple[set[str], int]], per: int
) -> None:
    people = researchers_table([(f"R{i}", tuple(sorted(a)), c) for i, (a, c) in enumerate(rows)])
    matching = staffing.match_researchers(PLAN, PREFS, people, per_seminar=per)
    used = matching.matches["forskare"].value_counts()
    capacity = people.set_index("forskare")["kapacitet"]
    assert all(used[name] <= capacity[name] for name in used.index)
    assert (matching.matches.groupby("seminarium").size() <= per).all()
    for row in matching.matches.itertuples():
        assert row.topic in row.omraden
    matched = matching.matches["seminarium"].nunique()
    assert matched == brute_force_matched_seminars(PLAN, people, per)
    assert matched + len(matching.gaps) == len(PLAN.seminars)
    assert (matching.load["seminarier"] <= matching.load["kapacitet"]).all()


def test_theme_seminars_match_researchers_by_the_themes_areas() -> None:
    survey = demo.load_demo()["2024"]
    prefs = sm.preferences(survey, "theme", default_region())
    plan = sm.plan_seminars(prefs, sm.Settings(4, 3, 12))
    matching = staffing.match_researchers(plan, prefs, competence_list.demo_researchers())
    assert matching.matches["seminarium"].nunique() == len(plan.seminars)
    assert matching.gaps.empty


def test_demo_area_plan_names_skatteunderlag_as_a_gap() -> None:
    survey = demo.load_demo()["2024"]
    prefs = sm.preferences(survey, "area", default_region())
    plan = sm.plan_seminars(prefs, sm.Settings(4), {t: t for t in prefs.topics})
    matching = staffing.match_researchers(plan, prefs, competence_list.demo_researchers())
    if "skatteunderlag" in plan.topics:
        assert "skatteunderlag" in matching.gaps["topic"].tolist()
    assert set(matching.gaps["orsak"]) <= {"ingen", "upptagna"}
