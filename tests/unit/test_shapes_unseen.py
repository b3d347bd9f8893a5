"""The unseen checker (issue 20 §1–2): files of every tool's shape that the readers' own
tests do not have — other answers, other quirks — read through ``validate --json``,
``measures`` and ``import``, every figure compared with the one computed by hand in
:mod:`tests.unit.unseen_files`, and the store, its file and every file written scanned for
every personal value of the file, for published and refused imports alike. The files are
built in :mod:`tests.unit.unseen_shapes`.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from linnedata import importing
from linnedata.cli import main
from linnedata.figures import measures
from linnedata.store import Store
from linnedata.store.testing import text_values
from linnedata.survey import ReadOptions, read_survey, validation_report
from tests.unit.unseen_files import (
    AREAS,
    CHOICE,
    PEOPLE,
    Q_BETYG,
    Q_KOMMUN,
    SCALE,
    csv_bytes,
    expected_area_rows,
    expected_region_rows,
    expected_theme_rows,
    measures_csv_rows,
    ods_bytes,
    personal_values,
    respondents_by_code,
    xlsx_bytes,
)
from tests.unit.unseen_shapes import (
    GROUP_MERGES,
    Shape,
    group_row,
    limesurvey_rows,
    qualtrics_rank_order_rows,
    qualtrics_rows,
    shapes,
    spreadsheet_rows,
    surveymonkey_condensed_rows,
    typeform_question_per_area_rows,
)

SHAPES = shapes()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def sheet_args(shape: Shape) -> list[str]:
    return ["--sheet", shape.sheet] if shape.sheet else []


def area_rows(survey) -> dict[tuple[str, str], tuple]:
    """The figures of a survey as :func:`expected_area_rows` writes them."""
    table = measures.area_measures(survey)
    return measures_csv_rows(table.to_csv(index=False))


def assert_nothing_kept(values: tuple[str, ...] | list[str], store: Store, tmp_path: Path) -> None:
    """No value in any table, in any byte of the SQLite file, or in any file written."""
    scanned = list(text_values(store))
    assert any(table == "import_log" for table, _, _ in scanned)
    for table, column, text in scanned:
        for value in values:
            assert value not in text, (table, column, value)
    store.engine.dispose()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.startswith("store.sqlite") for p in files)
    for path in files:
        raw = path.read_bytes()
        for value in values:
            assert value.encode("utf-8") not in raw, (path.name, value)


# ---- reading: validate --json, measures ------------------------------------------------------


@pytest.mark.parametrize("label", SHAPES)
def test_validate_json_counts_every_respondent_and_municipality(
    label: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shape = SHAPES[label]
    path = tmp_path / shape.file_name
    path.write_bytes(shape.data)
    code, out = cli(capsys, "validate", "--json", str(path), *sheet_args(shape))
    report = json.loads(out)
    assert report["errors"] == []
    assert code == 0
    assert report["responses"] == len(PEOPLE)
    assert report["municipalities"] == len(respondents_by_code())
    shown = json.dumps(report, ensure_ascii=False)
    for value in shape.personal:
        assert value not in shown, value  # headers are named, never a personal value


@pytest.mark.parametrize("label", SHAPES)
def test_measures_gives_the_figures_computed_by_hand(
    label: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shape = SHAPES[label]
    path = tmp_path / shape.file_name
    path.write_bytes(shape.data)
    code, out = cli(capsys, "measures", str(path), "--level", "area", *sheet_args(shape))
    assert code == 0
    assert measures_csv_rows(out) == expected_area_rows()


@pytest.mark.parametrize("label", ["qualtrics-sv-locale", "surveymonkey-sv-ui", "typeform-csv",
                                   "google-grid-one-row-per-form", "ods"])  # fmt: skip
def test_measures_by_theme_gives_the_figures_computed_by_hand(
    label: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shape = SHAPES[label]
    path = tmp_path / shape.file_name
    path.write_bytes(shape.data)
    code, out = cli(capsys, "measures", str(path), "--level", "theme", *sheet_args(shape))
    assert code == 0
    assert measures_csv_rows(out, "theme") == expected_theme_rows()


@pytest.mark.parametrize("label", SHAPES)
def test_every_answer_reads_as_meant(label: str) -> None:
    shape = SHAPES[label]
    survey = read_survey(shape.data, round_label="2025", file_name=shape.file_name,
                         sheet=shape.sheet)  # fmt: skip
    responses = survey.responses
    assert responses["kommun_kod"].tolist() == [p.code for p in PEOPLE]
    chosen = survey.forms.groupby("respondent")["form_id"].apply(set).to_dict()
    assert [chosen.get(r, set()) for r in responses["respondent"]] == [set(p.forms) for p in PEOPLE]
    assert responses["seminarieintresse"].tolist() == [p.seminar for p in PEOPLE]
    assert responses["medfinansiering"].tolist() == [p.cofinancing for p in PEOPLE]
    named = [p.role for p in PEOPLE if p.role != "annan"]  # "other" may be blank or annan
    assert [r for r, p in zip(responses["roll"], PEOPLE, strict=True) if p.role != "annan"] == named
    texts = " ".join(str(t) for t in responses["utmaning_fritext"])
    assert "Kollektivtrafik på landsbygden" in texts
    for value in shape.personal:
        assert value not in responses.astype(str).to_csv()


# ---- importing: published and refused, nothing personal kept ------------------------------


@pytest.mark.parametrize("label", SHAPES)
def test_a_published_import_keeps_the_figures_and_no_personal_value(
    label: str, tmp_path: Path
) -> None:
    shape = SHAPES[label]
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    options = ReadOptions(file_name=shape.file_name, sheet=shape.sheet)
    outcome = importing.run(store, shape.data, options, round_label="2025", user="steward")
    assert outcome.status == "published", outcome.found.outcome.errors
    stored = store.load("2025")
    assert area_rows(stored) == expected_area_rows()
    assert region_rows(stored) == expected_region_rows()
    assert_nothing_kept(shape.personal, store, tmp_path)


def region_rows(survey) -> dict[str, tuple]:
    """The region's figures of a survey as :func:`expected_region_rows` writes them."""
    table = measures.group_measures(measures.area_measures(survey), "area_id")
    out = {}
    for r in table[table["area_id"].isin(list(AREAS))].itertuples():
        out[r.area_id] = (
            None if r.medelbetyg != r.medelbetyg else round(float(r.medelbetyg), 6),
            None if r.andel_angelaget != r.andel_angelaget else round(float(r.andel_angelaget), 6),
            int(r.antal_kommuner_betyg),
            round(float(r.prioriteringspoang), 6),
            int(r.antal_kommuner),
            int(r.antal_kommuner_topp3),
        )
    return out


REFUSED_KOMMUN = "Signe Sandqvistberg 811228-9874"  # a name where the municipality goes


@pytest.mark.parametrize("label", SHAPES)
def test_a_refused_import_keeps_no_personal_value(label: str, tmp_path: Path) -> None:
    people = [dataclasses.replace(PEOPLE[0], kommun=REFUSED_KOMMUN), *PEOPLE[1:]]
    shape = shapes(people)[label]
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    options = ReadOptions(file_name=shape.file_name, sheet=shape.sheet)
    outcome = importing.run(store, shape.data, options, round_label="2025", user="steward")
    assert outcome.status == "refused"
    errors = outcome.found.outcome.errors
    assert [e.value for e in errors] == [REFUSED_KOMMUN]  # one error, naming the cell …
    assert errors[0].row is not None
    assert errors[0].column
    assert store.rounds().empty
    assert_nothing_kept([*shape.personal, "811228-9874"], store, tmp_path)  # … kept nowhere


# ---- the quirks, one by one ---------------------------------------------------------------


def test_qualtrics_matrix_row_that_is_no_area_and_other_texts_are_dropped_and_named() -> None:
    report = validation_report(SHAPES["qualtrics-sv-locale"].data, round_label="2025",
                               file_name="q.csv")  # fmt: skip
    dropped = {d["column"] for d in report["dropped"]}
    assert f"{Q_BETYG} - Annat område" in dropped
    assert f"{Q_BETYG} - Annat område - Text" in dropped
    assert "Kontakt" in dropped  # embedded data holding e-mail
    targets = {m["column"]: m["target"] for m in report["mapping"]}
    assert targets[f"{Q_BETYG} - Natur, kultur och fritid"] == "betyg_natur_kultur_fritid"


def test_qualtrics_numeric_values_in_a_workbook_are_refused_once_naming_choice_text() -> None:
    rows = qualtrics_rows()
    numbers = {label: n for n, label in enumerate(CHOICE.values(), 1)}
    for row in rows[3:]:
        row[:] = [numbers.get(v, v) if isinstance(v, str) else v for v in row]
        row[:] = [{v: k for k, v in SCALE.items()}.get(v, v) for v in row]
    report = validation_report(xlsx_bytes(rows), round_label="2025", file_name="q.xlsx")
    assert report["ok"] is False
    assert report["error_count"] == 1
    assert "valtext" in report["errors"][0]["message"]
    assert report["errors"][0]["row"] == 4


def test_limesurvey_answer_codes_are_refused_once_naming_full_answers() -> None:
    for data, name in (
        (csv_bytes(limesurvey_rows(codes=True)), "results-survey2025.csv"),
        (xlsx_bytes(limesurvey_rows(codes=True)), "results-survey2025.xlsx"),
    ):
        report = validation_report(data, round_label="2025", file_name=name)
        assert report["ok"] is False
        assert report["error_count"] == 1, report["errors"]
        assert "fullständiga svar" in report["errors"][0]["message"].lower()
        english = validation_report(data, round_label="2025", lang="en", file_name=name)
        assert "full answers" in english["errors"][0]["message"].lower()


@pytest.mark.parametrize("matrix", [True, False])
def test_a_rank_order_grid_is_never_read_as_ratings(matrix: bool) -> None:
    """Qualtrics' rank order (a column per area holding its place) is no rating grid: with
    the rating matrix it was five "same column" errors, alone its places were read as
    ratings (1 = most important read as "Inte alls angeläget"). The ratings are the
    matrix's or none; the places are the priorities, said once."""
    data = csv_bytes(qualtrics_rank_order_rows(matrix=matrix))
    report = validation_report(data, round_label="2025", file_name="q2025.csv")
    assert report["ok"] is True, report["errors"]
    told = [w for w in report["warnings"] if "rangordningsfråga" in w["message"]]
    assert len(told) == 1
    assert told[0]["column"] == "Rangordna områdena - Befolkningsutveckling"
    assert "Prio 1" in told[0]["message"]
    assert not [d for d in report["dropped"] if d["column"].startswith("Rangordna")]  # read
    survey = read_survey(data, round_label="2025", file_name="q2025.csv")
    rows = area_rows(survey)
    if matrix:
        assert rows == expected_area_rows()
    else:  # no rating at all: no mean, no share, no one rated; the priority points stand
        expected = expected_area_rows()
        assert rows == {k: (None, v[1], None, 0) for k, v in expected.items()}


def test_a_rank_order_grid_reads_as_the_three_priorities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Places 1, 2, 3 → prio_1, prio_2, prio_3; blank places are fewer priorities."""
    data = csv_bytes(qualtrics_rank_order_rows())
    survey = read_survey(data, round_label="2025", file_name="q2025.csv")
    assert area_rows(survey) == expected_area_rows()
    path = tmp_path / "q2025.csv"
    path.write_bytes(data)
    code, out = cli(capsys, "measures", str(path), "--level", "area")
    assert code == 0
    assert measures_csv_rows(out) == expected_area_rows()
    points = {k: v[1] for k, v in measures_csv_rows(out).items()}
    # by hand: Nybro ranked only Infrastruktur (3 points); Tingsryd's two respondents put
    # Trygghet och tillit 2nd and 1st: (2 + 3) / 2; Befolkningsutveckling 2nd once: 2 / 2
    assert points[("0881", "infrastruktur")] == 3.0
    assert points[("0881", "befolkningsutveckling")] == 0.0
    assert points[("0763", "trygghet_tillit")] == 2.5
    assert points[("0763", "befolkningsutveckling")] == 1.0


def test_places_after_the_third_are_left_out() -> None:
    """Every area ranked (places 1–5): the first three are the priorities, 4 and 5 nothing."""
    data = csv_bytes(qualtrics_rank_order_rows(every=True))
    survey = read_survey(data, round_label="2025", file_name="q2025.csv")

    def first_three(p):
        order = [a for a in p.prios if a] + [a for a in AREAS if a not in p.prios]
        return dataclasses.replace(p, prios=tuple(order[:3]))

    assert area_rows(survey) == expected_area_rows([first_three(p) for p in PEOPLE])
    points = {k: v[1] for k, v in area_rows(survey).items()}
    # by hand: Nybro: Infrastruktur 1st, then Befolkningsutveckling, Natur, kultur och fritid
    assert points[("0881", "befolkningsutveckling")] == 2.0
    assert points[("0881", "natur_kultur_fritid")] == 1.0
    assert points[("0881", "trygghet_tillit")] == 0.0  # place 4


def _rank_cell(rows: list[list[object]], person: int, area: str, value: object) -> str:
    """Set one person's place for one area; the column's header."""
    column = rows[1].index(f"Rangordna områdena - {AREAS[area]}")
    rows[3 + person][column] = value
    return rows[1][column]


@pytest.mark.parametrize("value", ["2,5", "två", "0", "-1"])
def test_a_place_that_is_no_whole_number_is_refused_naming_the_cell(value: str) -> None:
    rows = qualtrics_rank_order_rows()
    column = _rank_cell(rows, 2, "trygghet_tillit", value)  # Nybro, row 7 of the file
    report = validation_report(csv_bytes(rows), round_label="2025", file_name="q.csv")
    assert report["ok"] is False
    assert report["error_count"] == 1, report["errors"]
    error = report["errors"][0]
    assert (error["row"], error["column"], error["value"]) == (6, column, value)
    assert "heltal" in error["message"]
    english = validation_report(csv_bytes(rows), round_label="2025", lang="en", file_name="q.csv")
    assert "whole number" in english["errors"][0]["message"]


def test_two_areas_on_one_place_are_refused_naming_the_cell() -> None:
    rows = qualtrics_rank_order_rows()
    # Älmhult: Natur, kultur och fritid 1st, Befolkningsutveckling 2nd; now Infrastruktur too
    column = _rank_cell(rows, 0, "infrastruktur", "2")
    report = validation_report(csv_bytes(rows), round_label="2025", file_name="q.csv")
    assert report["ok"] is False
    assert report["error_count"] == 1, report["errors"]
    error = report["errors"][0]
    assert (error["row"], error["column"], error["value"]) == (4, column, "2")
    assert "Rangordna områdena - Befolkningsutveckling" in error["message"]
    assert "egen plats" in error["message"]


def test_a_whole_number_from_a_workbook_is_a_place() -> None:
    rows = qualtrics_rank_order_rows()
    _rank_cell(rows, 0, "infrastruktur", 3.0)  # a number cell: typed as a float
    survey = read_survey(xlsx_bytes(rows), round_label="2025", file_name="q.xlsx")
    assert area_rows(survey) == expected_area_rows()


def test_a_rank_order_grid_besides_priority_columns_is_refused_once() -> None:
    data = csv_bytes(qualtrics_rank_order_rows(prio=True))
    report = validation_report(data, round_label="2025", file_name="q2025.csv")
    assert report["ok"] is False
    assert report["error_count"] == 1, report["errors"]
    error = report["errors"][0]
    assert error["column"] == "Rangordna områdena - Befolkningsutveckling"
    assert "Prioritera - Viktigast" in error["message"]
    assert "rangordningsfråga" in error["message"]
    english = validation_report(data, round_label="2025", lang="en", file_name="q2025.csv")
    assert "ranking question" in english["errors"][0]["message"]


def test_limesurvey_question_code_headings_are_refused_once_naming_the_question_text() -> None:
    """LimeSurvey's default headings are the codes (``betyg[SQ001]``): no area in them."""
    rows = limesurvey_rows()
    rows[0] = limesurvey_rows(codes=True)[0]  # full answers under the question codes
    for data, name in ((csv_bytes(rows), "r2025.csv"), (xlsx_bytes(rows), "r2025.xlsx")):
        report = validation_report(data, round_label="2025", file_name=name)
        assert report["ok"] is False
        assert report["error_count"] == 1, report["errors"]
        assert "Fullständig frågetext" in report["errors"][0]["message"]
        assert report["errors"][0]["column"] == "betyg[SQ001]"
        english = validation_report(data, round_label="2025", lang="en", file_name=name)
        assert "Full question text" in english["errors"][0]["message"]
    areas = {f"betyg[SQ00{n}]": f"betyg_{a}" for n, a in enumerate(AREAS, 1)}
    prios = {f"prio[{n}]": f"prio_{n}" for n in (1, 2, 3)}
    chosen = {**areas, **prios}
    survey = read_survey(csv_bytes(rows), round_label="2025", file_name="r.csv", mapping=chosen)
    assert area_rows(survey) == expected_area_rows()  # the steward's own mapping reads it


@pytest.mark.parametrize("builder", [surveymonkey_condensed_rows, typeform_question_per_area_rows])
def test_ratings_in_no_recognised_column_are_never_published_silently(builder) -> None:
    """A matrix condensed into one column, a rating question per area: the reader finds no
    rating column; the steward is told once that the round would have no ratings."""
    report = validation_report(csv_bytes(builder()), round_label="2025", file_name="s.csv")
    if report["ok"]:
        told = [w for w in report["warnings"] if "inga betyg" in w["message"]]
        assert len(told) == 1
        assert "kolumnmappningen" in told[0]["message"]
    else:
        assert report["error_count"] <= 2, report["errors"]


def test_a_condensed_surveymonkey_export_reads_its_joined_choices() -> None:
    data = csv_bytes(surveymonkey_condensed_rows())
    survey = read_survey(data, round_label="2025", file_name="s.csv")
    chosen = survey.forms.groupby("respondent")["form_id"].apply(set).to_dict()
    assert [chosen.get(r, set()) for r in survey.responses["respondent"]] == [
        set(p.forms) for p in PEOPLE
    ]


def test_an_ods_with_a_notes_sheet_asks_for_the_sheet_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ods_bytes(spreadsheet_rows(), sheets={"Anteckningar": [["Ring Signe"]]})
    report = validation_report(data, round_label="2025", file_name="enkat_2025.ods")
    assert report["error_count"] == 1
    assert "'Svar'" in report["errors"][0]["message"]
    assert "'Anteckningar'" in report["errors"][0]["message"]


def test_an_ods_with_an_empty_first_row_reads_the_header_below() -> None:
    data = ods_bytes([[""] * 3, *spreadsheet_rows()])
    survey = read_survey(data, round_label="2025", file_name="enkat_2025.ods")
    assert area_rows(survey) == expected_area_rows()


@pytest.mark.parametrize("container", ["xlsx", "ods"])
def test_group_headings_over_the_header_are_no_header(container: str) -> None:
    rows = [group_row(), *spreadsheet_rows(decimal_comma=False)]
    data = xlsx_bytes(rows, merged=GROUP_MERGES) if container == "xlsx" else ods_bytes(rows)
    report = validation_report(data, round_label="2025", file_name=f"enkat_2025.{container}")
    assert report["ok"], report["errors"]
    assert report["header_row"] == 2
    survey = read_survey(data, round_label="2025", file_name=f"enkat_2025.{container}")
    assert area_rows(survey) == expected_area_rows()


def test_two_unread_columns_with_the_same_header_do_not_refuse_the_file() -> None:
    rows = spreadsheet_rows(extra=True)
    report = validation_report(csv_bytes(rows, sep=";", encoding="cp1252"), round_label="2025",
                               file_name="enkat_2025.csv")  # fmt: skip
    assert report["ok"], report["errors"]


def test_two_columns_read_as_the_same_question_still_refuse_the_file() -> None:
    rows = spreadsheet_rows()
    rows[0].append("Kommun")
    for row in rows[1:]:
        row.append("Växjö")
    report = validation_report(csv_bytes(rows), round_label="2025", file_name="e.csv")
    assert report["ok"] is False
    assert any(e["column"] == "Kommun" for e in report["errors"])


def test_the_warnings_row_column_holds_whole_numbers(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:  # fmt: skip
    path = tmp_path / "Linnekommuner_2025.csv"
    path.write_bytes(SHAPES["qualtrics-sv-locale"].data)
    _, out = cli(capsys, "validate", "--json", str(path))
    for warning in json.loads(out)["warnings"]:
        assert warning["row"] is None or isinstance(warning["row"], int)
    _, text = cli(capsys, "validate", str(path))
    assert ".0" not in "".join(line.split(":")[0] for line in text.splitlines())
    assert "nan" not in text.lower().split()


def test_a_municipality_question_asked_in_the_header_only_by_the_tool_text() -> None:
    """The municipality column is found by its question text in every tool's shape."""
    for label in ("qualtrics-sv-locale", "surveymonkey-csv", "limesurvey-csv", "typeform-csv"):
        report = validation_report(SHAPES[label].data, round_label="2025",
                                   file_name=SHAPES[label].file_name)  # fmt: skip
        targets = {m["column"]: m["target"] for m in report["mapping"]}
        assert targets.get(Q_KOMMUN) == "kommun", label


def test_every_area_of_the_files_is_an_area_of_the_taxonomy() -> None:
    """Guard for the builder: the hand-made figures cover exactly the areas asked."""
    assert set(k[1] for k in expected_area_rows()) == set(AREAS)
    assert len(personal_values()) == 5 * len(PEOPLE) + 2


# ---- the Data page ------------------------------------------------------------------------


def _shown(app) -> str:
    """Every text the page shows: messages, captions, metrics, tables."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "text", "error", "warning", "info", "success", "code"):
        parts += [str(e.value) for e in getattr(app, kind)]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    parts += [e.value.to_csv() for e in [*app.dataframe, *app.table]]
    return "\n".join(parts)


@pytest.mark.parametrize("label", ["surveymonkey-xlsx", "qualtrics-legacy-csv", "limesurvey-csv"])
def test_the_data_page_reads_and_publishes_an_unseen_file_keeping_nothing_personal(
    label: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit
    from streamlit.testing.v1 import AppTest

    from tests.unit.test_privacy_shapes import upload_panel
    from ui import data

    shape = SHAPES[label]
    monkeypatch.setattr(streamlit, "file_uploader", streamlit.file_uploader)  # put back after
    monkeypatch.setenv("LINNEDATA_DB_URL", f"sqlite:///{tmp_path}/store.sqlite")
    data.invalidate()
    try:
        app = AppTest.from_function(upload_panel, default_timeout=60)
        app.session_state["test_file"] = (shape.file_name, shape.data)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        metrics = {m.label: m.value for m in app.metric}
        assert metrics["Svar"] == str(len(PEOPLE))
        assert metrics["Kommuner"].startswith(f"{len(respondents_by_code())} / ")
        shown = _shown(app)
        for value in shape.personal:
            assert value not in shown, value
        assert not re.search(r"\b\d+\.0\b|\bnan\b", shown)  # whole row numbers, no nan
        publish = next(b for b in app.button if b.label.startswith("Publicera"))
        publish.click().run()
        assert not app.exception, [e.value for e in app.exception]
        store = Store(f"sqlite:///{tmp_path}/store.sqlite")
        assert area_rows(store.load("2025")) == expected_area_rows()
        assert_nothing_kept(shape.personal, store, tmp_path)
    finally:
        data.invalidate()


@pytest.mark.parametrize("refused", [False, True])
@pytest.mark.parametrize("label", ["qualtrics-sv-locale", "surveymonkey-xlsx", "limesurvey-csv",
                                   "typeform-csv", "ods"])  # fmt: skip
def test_every_backend_keeps_no_personal_value(label: str, refused: bool, db_url: str) -> None:
    """The same scan on every store backend (PostgreSQL when LINNEDATA_TEST_PG_URL is set)."""
    people = [dataclasses.replace(PEOPLE[0], kommun=REFUSED_KOMMUN), *PEOPLE[1:]]
    shape = shapes(people if refused else PEOPLE)[label]
    store = Store(db_url)
    options = ReadOptions(file_name=shape.file_name, sheet=shape.sheet)
    outcome = importing.run(store, shape.data, options, round_label="2025", user="steward")
    assert outcome.status == ("refused" if refused else "published")
    scanned = list(text_values(store))
    assert any(table == "import_log" for table, _, _ in scanned)
    for table, column, text in scanned:
        for value in [*shape.personal, "811228-9874"]:
            assert value not in text, (table, column, value)
    store.engine.dispose()


def test_a_zipped_google_grid_reads_the_same_figures() -> None:
    """Google Forms' "Ladda ned svar" gives the CSV inside a zip."""
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("Enkät 2025.csv", SHAPES["google-grid-one-row-per-form"].data)
    survey = read_survey(packed.getvalue(), round_label="2025", file_name="Enkät 2025.csv.zip")
    assert area_rows(survey) == expected_area_rows()


def test_a_workbooks_properties_and_comments_are_kept_nowhere(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(SHAPES["surveymonkey-xlsx"].data))
    book.properties.creator = "Signe Sandqvistberg"
    book.properties.lastModifiedBy = "Torvald Tjäderström"
    book.active["J3"].comment = Comment("ring ulrika.udd@nybro.example", "Ulrika Uddenfeldt")
    data = io.BytesIO()
    book.save(data)
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    options = ReadOptions(file_name="Data_All_2025.xlsx")
    outcome = importing.run(store, data.getvalue(), options, round_label="2025", user="steward")
    assert outcome.status == "published"
    assert_nothing_kept(personal_values(), store, tmp_path)
