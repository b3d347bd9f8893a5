"""SurveyMonkey's "expanded" CSV, built from the structure SurveyMonkey writes: two header
rows (the question over the first column of each question; ``Response``,
``Open-Ended Response``, a matrix's rows or a multi-select's options below), metadata
columns first, US dates, a multi-select as one column per option holding the option."""

from __future__ import annotations

from linnedata.survey import read_survey, validation_report
from tests.unit.shape_answers import (
    AREAS,
    FORMS,
    PEOPLE,
    Q_BETYG,
    Q_FORMER,
    Q_FRITEXT,
    Q_KOMMUN,
    Q_MEDFIN,
    Q_PRIO,
    Q_ROLL,
    Q_SEMINARIUM,
    ROLES,
    SCALE,
    assert_nothing_personal,
    assert_same_figures,
    csv_text,
)

META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
        "Email Address", "First Name", "Last Name", "Custom Data 1"]  # fmt: skip
CHOICES = {"ja": "Ja", "nej": "Nej", "kanske": "Kanske", "vet ej": "Vet ej"}
OTHER = "Annat (ange)"


def surveymonkey_csv() -> bytes:
    top = [*META, Q_KOMMUN, Q_ROLL, Q_BETYG, *[""] * (len(AREAS) - 1), *Q_PRIO, Q_FORMER,
           *[""] * len(FORMS), Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    below = [*[""] * len(META), "Response", "Response", *(sv for sv, _ in AREAS.values()),
             "Response", "Response", "Response", *FORMS.values(), OTHER, "Response",
             "Response", "Open-Ended Response"]  # fmt: skip
    rows: list[list[object]] = [top, below]
    for n, p in enumerate(PEOPLE):
        rows.append([
            11400000000 + n * 7919, 431000001,
            p.time.replace(minute=max(p.time.minute - 4, 0)).strftime("%m/%d/%Y %I:%M:%S %p"),
            p.time.strftime("%m/%d/%Y %I:%M:%S %p"), p.ip, p.email, p.first, p.last, "",
            p.kommun, ROLES[p.role],
            *("" if p.ratings[a] is None else SCALE[p.ratings[a]] for a in AREAS),
            *(AREAS[a][0] if a else "" for a in p.prios),
            *(label if f in p.forms else "" for f, label in FORMS.items()), "",
            CHOICES[p.seminar], CHOICES[p.cofinancing], p.text,
        ])  # fmt: skip
    return csv_text(rows).encode("utf-8")


def test_a_surveymonkey_expanded_export_gives_the_figures_computed_by_hand() -> None:
    survey = read_survey(surveymonkey_csv(), round_label="2025", file_name="Sheet_1.csv")
    assert survey.source_format == "surveymonkey-csv"
    assert_same_figures(survey)  # the label row is no respondent; the options are the forms
    assert survey.responses["kalla_rad"].tolist() == [3, 4, 5, 6, 7]
    assert_nothing_personal(survey)


def test_one_header_row_over_surveymonkey_columns_is_no_two_row_header() -> None:
    """A respondent below Respondent ID (a flat file) is an answer, not a label row."""
    rows = [["Respondent ID", "Collector ID", "kommun", "betyg_integration"],
            ["114123456789", "431234567", "Växjö", "4"],
            ["114987654321", "431234567", "Kalmar", "2"]]  # fmt: skip
    survey = read_survey(csv_text(rows).encode("utf-8"), round_label="2025", file_name="s.csv")
    assert survey.responses["kommun_kod"].tolist() == ["0780", "0880"]
    assert survey.responses["kalla_rad"].tolist() == [2, 3]


def test_surveymonkey_headers_are_combined_and_the_matrix_is_mapped() -> None:
    report = validation_report(surveymonkey_csv(), round_label="2025", file_name="Sheet_1.csv")
    assert report["ok"], report["errors"]
    targets = {m["column"]: (m["target"], m["reason"]) for m in report["mapping"]}
    assert targets[f"{Q_BETYG} [Integration]"] == ("betyg_integration", "rutnat")
    assert targets[Q_KOMMUN] == ("kommun", "alias")
    assert targets[f"{Q_FORMER} [Forskning]"] == ("samverkansformer", "alternativ")
    assert targets["End Date"] == ("inskickad", "verktygstid")  # the time it was sent is kept
    assert targets["Start Date"] == ("", "metadata")  # the start is not
    assert targets["Collector ID"] == ("", "metadata")
    for personal in ("Respondent ID", "IP Address", "Email Address", "First Name", "Last Name"):
        assert targets[personal][0] == "personuppgift", personal
    assert report["header_row"] == 2
    # the one column not read is the open "other" option, named once
    unknown = [w["column"] for w in report["warnings"] if "känns inte igen" in w["message"]]
    assert unknown == [f"{Q_FORMER} [{OTHER}]"]
