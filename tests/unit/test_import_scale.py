"""The import at scale (issue 20 §3): the shortcuts that make 100,000 responses cheap read
exactly what the slow, cell-by-cell way read.

Speed and memory are measured in ``benchmarks/import_speed.py --scale``, never here.
"""

from __future__ import annotations

import dataclasses
import gc
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from linnedata.store.rows import _places
from linnedata.survey import ReadOptions, inspect_survey, read_survey, read_table, text_grid
from linnedata.survey.cells import LOCAL_TIME, parse_timestamp, plain_times
from linnedata.survey.grid import MAX_ROWS
from linnedata.survey.validation import _joined_codes
from linnedata.taxonomy import default_taxonomy
from tests.unit.survey_files import ANSWERS, AREA_LABELS, Answer, canonical_csv


def _parsed(cell: str) -> np.datetime64 | None:
    """What parse_timestamp makes of a cell, as the validator keeps it (None: refused)."""
    try:
        moment = parse_timestamp(cell)
    except ValueError:
        return None
    return None if moment is None else np.datetime64(moment.replace(tzinfo=None), "ns")


def _summer_time_changes() -> list[str]:
    """Every ten minutes of the weeks Sweden changes to and from summer time, 1980–2090."""
    cells = []
    for year in range(1980, 2091, 11):
        for month in (3, 10):
            start = datetime(year, month, 24)
            cells += [
                (start + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:%S")
                for m in range(7, 8 * 24 * 60, 10)
            ]
    return cells


def test_plain_times_are_read_as_parse_timestamp_reads_each_cell():
    cells = _summer_time_changes()
    odd = ["2024-02-30 10:00:00", "2024-10-01 24:00:00", "2024-10-01 14:03:60", "1/10/2024",
           "2024-10-01 14:03", "2024-10-01T14:03:07", " 2024-10-01 14:03:07", "",
           "1899-12-31 23:00:00", "2250-01-01 00:00:00", "2024-10-01 14:03:07 CET"]  # fmt: skip
    utc, read = plain_times(cells + odd)
    assert read[: len(cells)].all()
    assert not read[len(cells) :].any()  # each left to parse_timestamp and its own error
    mismatched = [c for c, u in zip(cells, utc, strict=False) if _parsed(c) != u]
    assert mismatched == []


def test_the_repeated_and_the_skipped_hour_read_as_before():
    utc, _ = plain_times(["2024-03-31 02:30:00", "2024-10-27 02:30:00", "2024-07-01 12:00:00"])
    assert [str(u) for u in utc.astype("datetime64[s]")] == [
        "2024-03-31T01:30:00",  # the skipped hour: with the offset before the change
        "2024-10-27T00:30:00",  # the repeated hour: its first time (summer time)
        "2024-07-01T10:00:00",
    ]


def _answers(n: int, seed: int = 7) -> list[Answer]:
    """``n`` answers built from the sample ones: other times, ratings and forms."""
    rng = random.Random(seed)
    forms = ["forskning", "workshop", "studentprojekt", "forelasning"]
    out = []
    for i in range(n):
        base = ANSWERS[i % len(ANSWERS)]
        out.append(
            Answer(
                base.municipality,
                base.code,
                datetime(2024, 3, 30, 23, 0) + timedelta(minutes=7 * i),  # over the change
                base.role,
                {a: rng.choice([None, 1, 2, 3, 4, 5]) for a in base.ratings},
                base.prios,
                rng.sample(forms, rng.randint(0, 3)),
                base.seminar,
                base.cofinancing,
                base.text if i % 3 else f"Svar nummer {i}",
            )
        )
    return out


def test_a_big_file_gives_the_figures_computed_by_hand():
    answers = _answers(600)
    data = canonical_csv(answers)
    table, _ = read_table(data, ReadOptions())
    assert table.cells["kommun"].dtype == "category"  # repeated texts: a code a cell
    assert table.cells["inskickad"].dtype == "string"  # every text its own
    survey = read_survey(data, round_label="2024")
    responses = survey.responses
    assert len(responses) == len(answers)
    assert responses["kommun_kod"].tolist() == [a.code for a in answers]
    expected_times = [a.time.replace(tzinfo=LOCAL_TIME).astimezone(UTC) for a in answers]
    assert responses["inskickad"].tolist() == [pd.Timestamp(t) for t in expected_times]
    assert responses["utmaning_fritext"].tolist() == [a.text for a in answers]
    assert responses["roll"].tolist() == [a.role for a in answers]
    for column in ("kommun_kod", "roll", "prio_1", "utmaning_fritext"):
        assert responses[column].dtype == "string"
    areas = default_taxonomy().area_ids
    ratings = survey.ratings
    assert ratings["area_id"].dtype == "string"
    assert ratings["betyg"].dtype == "Int64"
    assert ratings["area_id"].tolist() == areas * len(answers)
    expected = [a.ratings.get(x) if x in AREA_LABELS else None for a in answers for x in areas]
    assert [None if pd.isna(b) else int(b) for b in ratings["betyg"]] == expected
    chosen = [(i + 1, f) for i, a in enumerate(answers) for f in a.forms]
    got = list(zip(survey.forms["respondent"], survey.forms["form_id"], strict=True))
    assert sorted(got) == sorted(chosen)


def test_the_same_answers_twice_are_counted_once_whatever_the_order_of_the_forms():
    first = _answers(3)
    first[1] = dataclasses.replace(first[1], forms=["forskning", "workshop"])
    again = dataclasses.replace(first[1], forms=["workshop", "forskning"])
    rated = (first[1].ratings["integration"] or 0) % 5 + 1  # another rating of one area
    other = dataclasses.replace(first[1], ratings={**first[1].ratings, "integration": rated})
    survey = read_survey(canonical_csv([*first, again, other]), round_label="2024")
    assert len(survey.responses) == 4  # the repeated one dropped, the other rating kept
    repeated = [w for w in survey.warnings if w.code == "svar_dubblett"]
    assert [(w.row, w.params["first"]) for w in repeated] == [(5, 3)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_joined_codes_group_as_groupby_over_every_part(seed):
    rng = np.random.default_rng(seed)
    parts = [rng.integers(-1, k, size=500) for k in (2, 3, 1, 4, 2)]
    expected = pd.DataFrame(parts).T.groupby(list(range(5)), sort=False).ngroup()
    assert _joined_codes(iter(parts), 500).tolist() == expected.tolist()


@pytest.mark.parametrize("ordered", [True, False])
def test_places_are_cumcount_of_the_rows_kept(ordered):
    rng = np.random.default_rng(5)
    respondents = pd.Series(rng.integers(1, 40, size=400))
    if ordered:
        respondents = respondents.sort_values(ignore_index=True)
    kept = rng.random(400) < 0.3
    expected = respondents.groupby(respondents).cumcount().to_numpy()
    assert _places(respondents).tolist() == expected.tolist()
    assert _places(respondents, kept).tolist() == expected[kept].tolist()


@pytest.mark.parametrize("data", [canonical_csv(), b"kommun;x\n\x00\x00\n", b"\x00 \n"])
def test_the_cycle_collector_runs_again_after_a_read(data):
    assert gc.isenabled()
    read_table(data, ReadOptions())
    assert gc.isenabled()
    gc.disable()  # paused by someone else: left paused
    try:
        read_table(data, ReadOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_text_file_of_more_rows_than_a_sheet_may_have_is_refused_before_it_is_read():
    tall = ("kommun\n" + "Kalmar\n" * MAX_ROWS).encode()  # 23 MB of these: 3 million rows
    found = inspect_survey(tall, round_label="2024")
    assert [e.code for e in found.outcome.errors] == ["fil_for_manga_rader"]
    assert "200,000 rows" in found.outcome.errors[0].message("en")
    assert "200\u00a0000 rader" in found.outcome.errors[0].message("sv")
    assert found.outcome.responses.empty


def test_the_row_bound_counts_the_records_of_a_text_file(monkeypatch):
    monkeypatch.setattr(text_grid, "MAX_ROWS", 5)
    lines = ["kommun,utmaning_fritext", "Kalmar,a", "Kalmar,b", "Kalmar,c", 'Kalmar,"två\nrader"']
    assert len(read_survey("\n".join(lines).encode(), round_label="2024").responses) == 4
    found = inspect_survey("\n".join([*lines, "Kalmar,sex"]).encode(), round_label="2024")
    assert [e.code for e in found.outcome.errors] == ["fil_for_manga_rader"]
