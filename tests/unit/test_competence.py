"""The competence registry's pure logic: matching, gaps, demand/supply, projects, search."""

from __future__ import annotations

import pandas as pd
import pytest

from linnedata.competence import matching, search, supply
from linnedata.competence.registry import DEFAULT_PUBLIC, read_researchers
from linnedata.errors import InputError
from linnedata.survey import Survey, read_survey

HEADER = "kommun,roll,prio_1,prio_2,prio_3,samverkansformer,medfinansiering,utmaning_fritext\n"


def survey_of(lines: list[str], label: str = "2024") -> Survey:
    return read_survey((HEADER + "\n".join(lines) + "\n").encode(), round_label=label)


def registry_of(csv: str) -> pd.DataFrame:
    return read_researchers(csv.encode())


REGISTRY = registry_of(
    "forskare,omraden,kapacitet,samverkansformer,aktiv\n"
    "Anna,Bostadsplanering,2,Utvärdering;Analys,ja\n"
    "Björn,Kompetensförsörjning,1,Forskning,ja\n"
    "Cecilia,Bostadsplanering;Integration,1,,ja\n"
    "Dag,Skatteunderlag,3,Utvärdering,nej\n"
)


def test_matching_gives_one_line_reasons_and_orders_by_rank() -> None:
    survey = survey_of(
        [
            "0780,annan,bostadsplanering,skatteunderlag,integration,utvärdering,ja,",
            "0780,annan,kompetensforsorjning,,,kurs,nej,",
        ]
    )
    challenges = matching.top_challenges(survey, "0780")
    assert challenges == {
        "bostadsplanering": 1,
        "kompetensforsorjning": 1,
        "skatteunderlag": 2,
        "integration": 3,
    }
    table = matching.match_for(challenges, matching.wanted_forms(survey, "0780"), REGISTRY)
    assert table[["forskare", "skal"]].values.tolist() == [
        ["Anna", "Bostadsplanering, prio 1; erbjuder utvärdering"],
        ["Cecilia", "Bostadsplanering, prio 1; Integration, prio 3"],
    ]  # Björn offers only research (not wanted); Dag is not active


def test_gaps_name_the_top_challenges_nobody_active_lists() -> None:
    challenges = {"bostadsplanering": 1, "skatteunderlag": 2, "demokrati": 3}
    assert matching.gaps_for(challenges, REGISTRY) == [
        "Ingen forskare på fakulteten anger Skatteunderlag",
        "Ingen forskare på fakulteten anger Demokratiska utmaningar",
    ]
    assert matching.gaps_for(challenges, REGISTRY, lang="en")[0] == (
        "No researcher at the faculty lists Tax base"
    )


def test_public_view_blanks_what_a_researcher_keeps_private() -> None:
    people = registry_of(
        "forskare,forskningsmiljo,omraden,kapacitet,profil,publikt\n"
        "Anna,Miljö A,Integration,1,https://x.se/a,omraden\n"
        "Bo,Miljö B,Integration,1,https://x.se/b,\n"
    )
    table = matching.match_for({"integration": 1}, set(), people)
    shown = matching.public_view(table, people)
    assert shown[["forskare", "forskningsmiljo", "profil"]].values.tolist() == [
        ["", "", ""],
        ["Bo", "Miljö B", "https://x.se/b"],
    ]
    assert people["publikt"].tolist() == [("omraden",), DEFAULT_PUBLIC]


def test_demand_against_supply_lists_the_largest_unmet_demand_first() -> None:
    survey = survey_of(
        [
            "0780,annan,skatteunderlag,bostadsplanering,,,ja,",
            "0781,annan,skatteunderlag,,,,ja,",
            "0760,annan,bostadsplanering,skatteunderlag,,,ja,",
            "0760,annan,skatteunderlag,,,,ja,",
        ]
    )
    table = supply.demand_supply(survey, REGISTRY)
    top = table.head(2).set_index("area_id")
    assert top.loc[
        "skatteunderlag", ["kommuner", "svarande", "forskare", "kapacitet"]
    ].tolist() == [
        3,
        4,
        0,
        0,
    ]  # Dag lists it but is inactive
    assert top.loc["skatteunderlag", "ouppfyllt"] == 3
    assert table.iloc[1]["area_id"] == "bostadsplanering"  # demand 2, capacity 3: 0 unmet
    assert table.loc[table["area_id"] == "bostadsplanering", "kapacitet"].item() == 3


# --- Swedish search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("bostäder", "Det saknas en bostad för unga"),
        ("bostad", "Vi bygger för få bostäder"),
        ("BOSTÄDERNA", "bostaden vid torget"),
        ("skolor", "En skola i varje by"),
        ("växjö", "Samarbete med VÄXJÖ kommun"),
        ("vaxjo", "Samarbete med Växjö"),
        ("städer", "en stad i förändring"),
    ],
)
def test_word_forms_case_and_diacritics_match(query: str, text: str) -> None:
    assert search.matches(text, query)


@pytest.mark.parametrize(
    ("query", "text"),
    [("bostad", "Vi behöver fler lärare"), ("skola", "Skatteunderlaget minskar"), ("", "x")],
)
def test_unrelated_words_do_not_match(query: str, text: str) -> None:
    assert not search.matches(text, query)


def test_highlight_marks_every_form_as_plain_text() -> None:
    text = "Bostäder saknas; <b>en bostad</b> kostar."
    assert search.highlight(text, "bostad") == "»Bostäder« saknas; <b>en »bostad«</b> kostar."


def test_search_filters_by_round_municipality_area_and_role() -> None:
    surveys = {
        "2023": survey_of(["0780,annan,bostadsplanering,,,,ja,Brist på bostäder"], "2023"),
        "2024": survey_of(
            [
                "0780,förtroendevald,bostadsplanering,,,,ja,Bostaden är dyr",
                "0781,annan,integration,,,,ja,Bostadsfrågan och bostad för nyanlända",
                "0781,annan,integration,,,,ja,",
            ]
        ),
    }
    answers = search.answers_table(surveys)
    assert len(answers) == 3  # the empty answer is left out
    found = search.search(answers, "bostäder", round_label="2024")
    assert found[["kommun_kod", "traff"]].values.tolist() == [
        ["0780", "»Bostaden« är dyr"],
        ["0781", "Bostadsfrågan och »bostad« för nyanlända"],
    ]
    assert search.search(answers, "bostad", municipality="0781")["omgang"].tolist() == ["2024"]
    assert len(search.search(answers, "bostad", area="bostadsplanering")) == 2
    assert search.search(answers, "", role="förtroendevald")["traff"].tolist() == [
        "Bostaden är dyr"
    ]


def test_frequent_words_count_answers_and_skip_stop_words() -> None:
    table = search.frequent_words(
        ["Brist på bostäder och bostäder", "Bostäder saknas", "Vi och de saknar lärare"], top=3
    )
    assert table.values.tolist() == [["bostäder", 2], ["saknas", 2], ["bostäder saknas", 1]]


def test_the_list_may_be_an_xlsx_workbook_with_the_same_errors() -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["forskare", "omraden", "kapacitet", "samverkansformer"])
    book.active.append(["Anna", "Integration", 2, "Workshop"])
    book.active.append(["Bo", "Integration", 2, "Workshopp"])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(InputError) as caught:
        read_researchers(data.getvalue())
    assert [(p.row, p.column, p.value) for p in caught.value.errors] == [
        (3, "samverkansformer", "Workshopp")
    ]
