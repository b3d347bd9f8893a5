"""The collaboration-forms question as one column per option: Typeform (the option as header
and cell), a Google Forms checkbox grid with one row per form (``Question [Forskning]`` =
``Under 2025;Under 2026``), and a Mac/Numbers CSV with CR line endings."""

from __future__ import annotations

import pytest

from linnedata.survey import read_survey, validation_report
from tests.unit.shape_answers import (
    AREAS,
    FORMS,
    PEOPLE,
    Q_BETYG,
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

CHOICES = {"ja": "Ja", "nej": "Nej", "kanske": "Kanske", "vet ej": "Vet ej"}
Q_WHEN = "Vilka samverkansformer vill ni ha, och när?"


def typeform_csv(*, matrix: bool = False) -> bytes:
    """Typeform: ``#`` (the response token), the questions, one column per chosen option,
    then its own columns and the hidden fields (``kampanj``)."""
    ratings = [f"{Q_BETYG} - {sv}" if matrix else sv for sv, _ in AREAS.values()]
    header = ["#", Q_KOMMUN, Q_ROLL, *ratings, *Q_PRIO, *FORMS.values(), "Other",
              Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT, "kampanj", "Start Date (UTC)",
              "Submit Date (UTC)", "Network ID"]  # fmt: skip
    rows: list[list[object]] = [header]
    for n, p in enumerate(PEOPLE):
        rows.append([
            f"{n}x7k2m9q4w8e1r5t3y6u0i2o", p.kommun, ROLES[p.role],
            *("" if p.ratings[a] is None else p.ratings[a] for a in AREAS),
            *(AREAS[a][0] if a else "" for a in p.prios),
            *(label if f in p.forms else "" for f, label in FORMS.items()), "",
            CHOICES[p.seminar], CHOICES[p.cofinancing], p.text, "nyhetsbrev",
            f"{p.time:%Y-%m-%d %H:%M:%S}", f"{p.time:%Y-%m-%d %H:%M:%S}", f"a1b2c3d4e{n}",
        ])  # fmt: skip
    return csv_text(rows, newline="\n").encode("utf-8")


@pytest.mark.parametrize("matrix", [False, True])
def test_a_typeform_export_reads_one_column_per_option_as_the_forms(matrix) -> None:
    data = typeform_csv(matrix=matrix)
    survey = read_survey(data, round_label="2025", file_name="responses.csv")
    assert survey.source_format == "typeform-csv"
    assert_same_figures(survey)
    assert_nothing_personal(survey)
    report = validation_report(data, round_label="2025", file_name="responses.csv")
    targets = {m["column"]: (m["target"], m["reason"]) for m in report["mapping"]}
    assert targets["#"][0] == "personuppgift"
    assert targets["Network ID"][0] == "personuppgift"
    assert targets["Submit Date (UTC)"] == ("inskickad", "verktygstid")  # the time it was sent
    assert targets["Start Date (UTC)"] == ("", "metadata")
    assert targets["Forskning"] == ("samverkansformer", "alternativ")
    assert not [e for e in report["errors"]]


def google_grid_csv() -> bytes:
    """Google Forms: a checkbox grid with one row per form; the cells say when."""
    header = ["Tidstämpel", Q_KOMMUN, Q_ROLL, *(f"{Q_BETYG} [{sv}]" for sv, _ in AREAS.values()),
              *(f"Dina tre viktigaste områden [{q}]" for q in Q_PRIO),
              *(f"{Q_WHEN} [{label}]" for label in FORMS.values()),
              Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    rows: list[list[object]] = [header]
    when = ("Under 2025;Under 2026", "Under 2026", "Under 2025")
    for n, p in enumerate(PEOPLE):
        rows.append([
            f"{p.time:%Y/%m/%d %H:%M:%S}", p.kommun, ROLES[p.role],
            *("" if p.ratings[a] is None else f"{p.ratings[a]} - {SCALE[p.ratings[a]]}" for a in AREAS),
            *(AREAS[a][0] if a else "" for a in p.prios),
            *(when[(n + i) % 3] if f in p.forms else "" for i, f in enumerate(FORMS)),
            CHOICES[p.seminar], CHOICES[p.cofinancing], p.text,
        ])  # fmt: skip
    return csv_text(rows).encode("utf-8")


def test_a_google_checkbox_grid_with_one_row_per_form_reads_the_forms_chosen() -> None:
    data = google_grid_csv()
    survey = read_survey(data, round_label="2025", file_name="Enkät (svar).csv")
    assert_same_figures(survey)
    report = validation_report(data, round_label="2025", file_name="Enkät (svar).csv")
    assert report["error_count"] == 0  # not one misleading error per cell
    targets = {m["column"]: m["target"] for m in report["mapping"]}
    assert {targets[f"{Q_WHEN} [{label}]"] for label in FORMS.values()} == {"samverkansformer"}


def test_a_mac_numbers_csv_with_cr_line_endings_reads_the_same() -> None:
    data = google_grid_csv().decode("utf-8").replace("\r\n", "\r").encode("utf-8")
    assert b"\n" not in data
    survey = read_survey(data, round_label="2025", file_name="Numbers.csv")
    assert_same_figures(survey)
    assert survey.responses["kalla_rad"].tolist() == [2, 3, 4, 5, 6]


def test_an_option_column_saying_no_is_not_a_chosen_form() -> None:
    header = f'kommun,"{Q_WHEN} [Forskning]","{Q_WHEN} [Workshop]"\n'
    data = (header + "Växjö,Ja,Nej\nKalmar,N,Y\nLjungby,0,\n").encode("utf-8")
    survey = read_survey(data, round_label="2025", file_name="svar.csv")
    chosen = survey.forms.groupby("respondent")["form_id"].apply(list).to_dict()
    assert chosen == {1: ["forskning"], 2: ["workshop"]}
