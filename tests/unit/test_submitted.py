"""Issue 20, the tools' own columns (:mod:`linnedata.survey.unfinished`): the time a response
was sent read as ``inskickad`` in every tool's shape (so two respondents with the same
answers are two, and the same row twice is still one), and unfinished responses left out
by default with one warning naming their rows and the column — or kept on request
(``keep_unfinished``, ``--keep-unfinished``). The files are the unseen checker's
(:mod:`tests.unit.unseen_shapes`); every figure is computed by hand
(:func:`tests.unit.unseen_files.expected_area_rows`).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from linnedata.cli import main
from linnedata.figures import measures
from linnedata.survey import ReadOptions, inspect_survey, read_survey
from tests.unit.unseen_files import (
    PEOPLE,
    csv_bytes,
    expected_area_rows,
    measures_csv_rows,
    respondents_by_code,
    xlsx_bytes,
)
from tests.unit.unseen_shapes import (
    limesurvey_rows,
    qualtrics_legacy_rows,
    qualtrics_rows,
    shapes,
    surveymonkey_rows,
    typeform_rows,
)

# PEOPLE[2] is the only respondent of Nybro; PEOPLE[3] the second of Tingsryd
NYBRO, TINGSRYD_2 = 2, 3


def _inspect(data: bytes, file_name: str, sheet: str | None = None, **options):
    return inspect_survey(data, round_label="2025", file_name=file_name, sheet=sheet, **options)


def _area_rows(survey) -> dict[tuple[str, str], tuple]:
    return measures_csv_rows(measures.area_measures(survey).to_csv(index=False))


# ---- the time of submission --------------------------------------------------------------------

TWIN = dataclasses.replace(PEOPLE[0], time=PEOPLE[0].time + timedelta(hours=2, minutes=7))
SAME_ANSWERS = [*PEOPLE, TWIN]  # one respondent more: the same answers, sent later
SAME_ROW = [*PEOPLE, PEOPLE[3]]  # the same response twice (the builders vary rows 1–3)
TWINS = shapes(SAME_ANSWERS)
# SurveyMonkey numbers its rows (Respondent ID): the same response twice is its row copied
DOUBLES = {k: v for k, v in shapes(SAME_ROW).items() if not k.startswith("surveymonkey")}
DOUBLES["surveymonkey-csv"] = dataclasses.replace(
    shapes()["surveymonkey-csv"],
    data=csv_bytes([*(rows := surveymonkey_rows()), rows[2 + 1]]),
)


@pytest.mark.parametrize("label", TWINS)
def test_the_tools_time_of_submission_tells_two_respondents_with_one_answer_apart(
    label: str,
) -> None:
    shape = TWINS[label]
    found = _inspect(shape.data, shape.file_name, shape.sheet)
    assert found.outcome.errors == []
    times = found.outcome.responses["inskickad"]
    assert times.notna().all()  # every tool's own time read, none blank
    assert len(found.outcome.responses) == len(SAME_ANSWERS)
    assert not [w for w in found.outcome.warnings if w.code == "svar_dubblett"]
    survey = read_survey(shape.data, round_label="2025", file_name=shape.file_name,
                         sheet=shape.sheet)  # fmt: skip
    assert _area_rows(survey) == expected_area_rows(SAME_ANSWERS)


@pytest.mark.parametrize("label", DOUBLES)
def test_the_same_response_twice_is_counted_once_with_a_warning(label: str) -> None:
    shape = DOUBLES[label]
    found = _inspect(shape.data, shape.file_name, shape.sheet)
    assert found.outcome.errors == []
    assert len(found.outcome.responses) == len(PEOPLE)
    duplicates = [w for w in found.outcome.warnings if w.code == "svar_dubblett"]
    assert len(duplicates) == 1
    assert duplicates[0].params["first"] < duplicates[0].row


@pytest.mark.parametrize(
    ("label", "header"),
    [("qualtrics-sv-locale", "Recorded Date"), ("qualtrics-legacy-csv", "EndDate"),
     ("surveymonkey-csv", "End Date"), ("surveymonkey-sv-ui", "Slutdatum"),
     ("limesurvey-csv", "submitdate"), ("limesurvey-sv-ui", "Datum skickat"),
     ("typeform-csv", "Submit Date (UTC)")],
)  # fmt: skip
def test_the_submission_time_not_the_start_is_read_and_the_rest_stays_dropped(
    label: str, header: str
) -> None:
    shape = shapes()[label]
    found = _inspect(shape.data, shape.file_name, shape.sheet)
    read = {d.header: d for d in found.info.decisions}
    assert read[header].target == "inskickad"
    assert read[header].reason == "verktygstid"
    assert [d.header for d in found.info.decisions if d.target == "inskickad"] == [header]
    for other in ("StartDate", "Start Date", "Startdatum", "startdate", "Start Date (UTC)",
                  "Duration (in seconds)", "Progress", "datestamp"):  # fmt: skip
        if other in read:
            assert read[other].target == "", other


@pytest.mark.parametrize(("label", "zone"), [("typeform-csv", "UTC"), ("typeform-xlsx", "UTC"),
                                           ("qualtrics-sv-locale", "Europe/Stockholm"),
                                           ("limesurvey-csv", "Europe/Stockholm"),
                                           ("surveymonkey-csv", "Europe/Stockholm")])  # fmt: skip
def test_a_time_is_read_in_the_zone_its_header_names_else_as_swedish_time(
    label: str, zone: str
) -> None:
    shape = shapes()[label]
    found = _inspect(shape.data, shape.file_name, shape.sheet)
    sent = [p.time.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC) for p in PEOPLE]
    assert found.outcome.responses["inskickad"].dt.to_pydatetime().tolist() == sent
    # "Submit Date (UTC)" says its zone: nothing assumed
    assert found.outcome.assumed_zone == (None if zone == "UTC" else "Europe/Stockholm")


def test_a_column_the_steward_reads_as_the_time_wins_over_the_tools_own() -> None:
    shape = shapes()["qualtrics-sv-locale"]
    found = _inspect(shape.data, shape.file_name, mapping={"Start Date": "inskickad"})
    read = [d.header for d in found.info.decisions if d.target == "inskickad"]
    assert read == ["Start Date"]
    assert found.outcome.errors == []


# ---- unfinished responses ----------------------------------------------------------------------


def _mark(rows: list[list[object]], header_rows: int, column: str, cell: object,
          people: tuple[int, ...], header_at: int = 0) -> list[list[object]]:  # fmt: skip
    """The rows with ``column`` set to ``cell`` for the people at ``people``."""
    at = [str(h) for h in rows[header_at]].index(column)
    rows = [list(r) for r in rows]
    for person in people:
        rows[header_rows + person][at] = cell
    return rows


UNFINISHED = (NYBRO, TINGSRYD_2)
FINISHED_ONLY = [p for n, p in enumerate(PEOPLE) if n not in UNFINISHED]


def _qualtrics(cell: object = "False") -> bytes:
    return csv_bytes(_mark(qualtrics_rows(), 3, "Finished", cell, UNFINISHED, header_at=1),
                     sep=";", bom=True)  # fmt: skip


def _limesurvey(xlsx: bool = False) -> bytes:
    rows = _mark(limesurvey_rows(), 1, "submitdate", "", UNFINISHED)
    return xlsx_bytes(rows) if xlsx else csv_bytes(rows, sep=";")


FILES = {
    "qualtrics": (lambda: _qualtrics(), "Linnekommuner_2025.csv", 4, "Finished"),
    "qualtrics-xlsx-bool": (
        lambda: xlsx_bytes(_mark(qualtrics_rows(), 3, "Finished", False, UNFINISHED, 1)),
        "Linnekommuner_2025.xlsx", 4, "Finished"),
    "qualtrics-legacy": (
        lambda: csv_bytes(_mark(qualtrics_legacy_rows(), 2, "Finished", 0, UNFINISHED, 1)),
        "legacy.csv", 3, "Finished"),
    "limesurvey": (lambda: _limesurvey(), "results-survey2025.csv", 2, "submitdate"),
    "limesurvey-xlsx": (lambda: _limesurvey(True), "results-survey2025.xlsx", 2, "submitdate"),
    "typeform": (
        lambda: csv_bytes(_mark(typeform_rows(), 1, "Response Type", "partial", UNFINISHED)),
        "responses_2025.csv", 2, "Response Type"),
}  # fmt: skip


@pytest.mark.parametrize("label", FILES)
def test_unfinished_responses_are_left_out_with_one_warning_naming_rows_and_column(
    label: str,
) -> None:
    make, name, first_row, column = FILES[label]
    found = _inspect(make(), name)
    assert found.outcome.errors == []
    assert found.info.unfinished == 2
    assert len(found.outcome.responses) == len(FINISHED_ONLY)
    rows = [first_row + n for n in UNFINISHED]
    warned = [w for w in found.outcome.warnings if w.code.startswith("ofullstandiga")]
    assert [(w.code, w.row, w.column) for w in warned] == [
        ("ofullstandiga_utelamnade", rows[0], column)
    ]
    sv, en = warned[0].message("sv"), warned[0].message("en")
    listed = f"{rows[0]}, {rows[1]}"
    assert f"2 svar skickades aldrig in färdiga (kolumnen {column} säger det; rader {listed})" in sv
    assert "har lämnats utanför" in sv
    assert "--keep-unfinished" in sv
    assert f"2 responses were never finished and sent (the column {column} says so; rows {listed})" in en  # fmt: skip
    assert "have been left out" in en
    survey = read_survey(make(), round_label="2025", file_name=name)
    assert _area_rows(survey) == expected_area_rows(FINISHED_ONLY)
    assert set(survey.responses["kommun_kod"]) == set(respondents_by_code(FINISHED_ONLY))


@pytest.mark.parametrize("label", FILES)
def test_unfinished_responses_are_kept_on_request_with_a_warning(label: str) -> None:
    make, name, first_row, column = FILES[label]
    options = ReadOptions(file_name=name, keep_unfinished=True)
    found = inspect_survey(make(), round_label="2025", options=options)
    assert found.outcome.errors == []
    assert found.info.unfinished == 2
    assert len(found.outcome.responses) == len(PEOPLE)
    warned = [w for w in found.outcome.warnings if w.code.startswith("ofullstandiga")]
    assert [(w.code, w.row, w.column) for w in warned] == [
        ("ofullstandiga_medtagna", first_row + NYBRO, column)
    ]
    assert "räknas ändå som svarande" in warned[0].message("sv")
    assert "count as respondents all the same" in warned[0].message("en")
    survey = read_survey(make(), round_label="2025", options=options)
    assert _area_rows(survey) == expected_area_rows(PEOPLE)


def test_the_figures_by_hand_differ_with_and_without_the_unfinished() -> None:
    """The test above could not pass by accident: leaving out Nybro's only respondent and
    one of Tingsryd's two changes the figures (a municipality fewer, other means)."""
    with_all, finished = expected_area_rows(PEOPLE), expected_area_rows(FINISHED_ONLY)
    assert {c for c, _ in with_all} - {c for c, _ in finished} == {PEOPLE[NYBRO].code}
    tingsryd = PEOPLE[TINGSRYD_2].code
    assert any(with_all[k] != finished[k] for k in finished if k[0] == tingsryd)


def test_finished_responses_and_files_without_the_column_have_no_warning() -> None:
    for label in ("qualtrics-sv-locale", "limesurvey-csv", "typeform-csv", "ods"):
        shape = shapes()[label]
        found = _inspect(shape.data, shape.file_name, shape.sheet)
        assert found.info.unfinished == 0
        assert not [w for w in found.outcome.warnings if w.code.startswith("ofullstandiga")]


def test_an_empty_row_under_limesurveys_header_is_no_unfinished_response() -> None:
    rows = limesurvey_rows()
    rows.insert(3, [""] * len(rows[0]))
    found = _inspect(csv_bytes(rows, sep=";"), "results.csv")
    assert found.info.unfinished == 0
    assert len(found.outcome.responses) == len(PEOPLE)


def test_the_cli_leaves_out_or_keeps_the_unfinished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Linnekommuner_2025.csv"
    path.write_bytes(_qualtrics())
    counts = {}
    for extra in ((), ("--keep-unfinished",)):
        assert main(["validate", "--json", str(path), *extra]) == 0
        report = json.loads(capsys.readouterr().out)
        counts[extra] = (report["responses"], report["municipalities"])
        assert any("Finished" in w["message"] for w in report["warnings"])
    assert counts[()] == (len(FINISHED_ONLY), len(respondents_by_code(FINISHED_ONLY)))
    assert counts[("--keep-unfinished",)] == (len(PEOPLE), len(respondents_by_code(PEOPLE)))
    assert main(["measures", str(path), "--level", "area", "--keep-unfinished"]) == 0
    assert measures_csv_rows(capsys.readouterr().out) == expected_area_rows(PEOPLE)
    assert main(["measures", str(path), "--level", "area"]) == 0
    assert measures_csv_rows(capsys.readouterr().out) == expected_area_rows(FINISHED_ONLY)


# ---- the Data page ---------------------------------------------------------------------------


def _data_page(data: bytes, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The Data page's upload panel with ``data`` uploaded (as the unseen checker runs it)."""
    import streamlit
    from streamlit.testing.v1 import AppTest

    from tests.unit.test_privacy_shapes import upload_panel

    monkeypatch.setattr(streamlit, "file_uploader", streamlit.file_uploader)  # put back after
    monkeypatch.setenv("LINNEDATA_DB_URL", f"sqlite:///{tmp_path}/store.sqlite")
    app = AppTest.from_function(upload_panel, default_timeout=60)
    app.session_state["test_file"] = (name, data)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _keep_boxes(app) -> list:
    from linnedata import i18n

    return [c for c in app.checkbox if c.label == i18n.t("import_ta_med_ofullstandiga", "sv")]


def test_the_data_page_offers_to_keep_the_unfinished_only_when_the_file_has_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import data

    data.invalidate()
    try:
        finished = shapes()["qualtrics-sv-locale"]
        app = _data_page(finished.data, finished.file_name, tmp_path, monkeypatch)
        assert {m.label: m.value for m in app.metric}["Svar"] == str(len(PEOPLE))
        assert app.checkbox  # the page's other choices are there …
        assert _keep_boxes(app) == []  # … but no box for unfinished responses

        app = _data_page(_qualtrics(), "Linnekommuner_2025.csv", tmp_path, monkeypatch)
        metrics = {m.label: m.value for m in app.metric}
        assert metrics["Svar"] == str(len(FINISHED_ONLY))
        assert metrics["Kommuner"].startswith(f"{len(respondents_by_code(FINISHED_ONLY))} / ")
        [box] = _keep_boxes(app)
        assert box.value is False
        box.check().run()
        assert not app.exception, [e.value for e in app.exception]
        metrics = {m.label: m.value for m in app.metric}
        assert metrics["Svar"] == str(len(PEOPLE))
        assert metrics["Kommuner"].startswith(f"{len(respondents_by_code(PEOPLE))} / ")
        [box] = _keep_boxes(app)
        assert box.value is True  # still offered, to undo
    finally:
        data.invalidate()


def test_the_cli_import_stores_the_finished_or_on_request_every_response(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from linnedata.store import Store

    path = tmp_path / "results-survey2025.csv"
    path.write_bytes(_limesurvey())
    for extra, people in (((), FINISHED_ONLY), (("--keep-unfinished",), PEOPLE)):
        url = f"sqlite:///{tmp_path}/store{len(extra)}.sqlite"
        assert main(["import", str(path), "--round", "2025", "--db", url, *extra]) == 0
        capsys.readouterr()
        store = Store(url)
        survey = store.load("2025")
        assert len(survey.responses) == len(people)
        assert _area_rows(survey) == expected_area_rows(people)
        store.engine.dispose()
