"""Checkbox grids (Google Forms' "Kryssrutenät") told apart from rating grids.

Built as Google Forms writes its CSV: a grid question is one column per row,
``Question [Row]``; a multiple-choice grid ("Flervalsrutnät") holds one answer per cell,
a checkbox grid the ticked columns joined with ``;``.
"""

from __future__ import annotations

import csv
import io

from linnedata.survey import read_survey, validation_report

RATE = "Hur angeläget är varje utmaningsområde för din kommun?"
FORMS = "Vilka former av samverkan passar för respektive område?"
HEADER = [
    "Tidstämpel", "Vilken kommun representerar du?",
    f"{RATE} [Integration]", f"{RATE} [Skolutveckling]",
    f"{FORMS} [Integration]", f"{FORMS} [Skolutveckling]", f"{FORMS} [Digitalisering]",
]  # fmt: skip
ROWS = [
    ["2024/10/01 9:00:00 fm CET", "Växjö", "4", "5", "Forskning;Workshop", "Kurs", ""],
    ["2024/10/02 9:00:00 fm CET", "Kalmar", "3", "", "", "Studentprojekt;Forskning", "Praktik"],
    ["2024/10/03 9:00:00 fm CET", "Ljungby", "5", "2", "Föreläsning", "", ""],
]


def google_csv(header=HEADER, rows=ROWS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def forms_of(survey) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in survey.forms.itertuples():
        out.setdefault(int(r.respondent), []).append(r.form_id)
    return out


def test_a_checkbox_grid_of_forms_is_read_as_the_forms_and_the_rating_grid_as_ratings() -> None:
    survey = read_survey(google_csv(), round_label="2024", file_name="svar.csv")
    assert forms_of(survey) == {
        1: ["forskning", "workshop", "kurs"],
        2: ["studentprojekt", "forskning", "praktik"],
        3: ["forelasning"],
    }
    rated = survey.ratings.dropna()
    assert {(int(r.respondent), r.area_id): int(r.betyg) for r in rated.itertuples()} == {
        (1, "integration"): 4, (1, "skolutveckling"): 5,
        (2, "integration"): 3,
        (3, "integration"): 5, (3, "skolutveckling"): 2,
    }  # fmt: skip
    reasons = {d.header: (d.target, d.reason) for d in survey.mapping}
    assert reasons[f"{FORMS} [Digitalisering]"] == ("samverkansformer", "kryssrutnat")
    assert reasons[f"{RATE} [Integration]"] == ("betyg_integration", "rutnat")
    [warning] = [w for w in survey.warnings if w.code == "kryssrutnat_former"]
    assert (warning.row, warning.column, warning.value) == (1, f"{FORMS} [Integration]", FORMS)
    assert "3 kolumner" in warning.message()
    assert "är ett kryssrutenät med samverkansformer, inte ett betygsrutnät" in warning.message()


def test_forms_joined_with_comma_in_a_checkbox_grid_are_read_too() -> None:
    rows = [[*ROWS[0][:4], "Forskning, Workshop", "", ""]]
    survey = read_survey(google_csv(rows=rows), round_label="2024")
    assert forms_of(survey) == {1: ["forskning", "workshop"]}


def test_a_grid_of_both_ratings_and_forms_is_refused_in_one_clear_error() -> None:
    rows = [ROWS[0], [*ROWS[1][:4], "3", "Studentprojekt", ""]]
    report = validation_report(google_csv(rows=rows))
    assert report["ok"] is False
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (2, f"{FORMS} [Integration]", "Forskning;Workshop")
    ]
    message = report["errors"][0]["message"]
    assert message.startswith(f"Rutnätet '{FORMS}' innehåller både samverkansformer")
    assert f"och betyg ('3' på rad 3, kolumn {FORMS} [Integration])" in message
    assert "välj i kolumnmappningen vad de är" in message
    reasons = {m["column"]: m["reason"] for m in report["mapping"]}
    assert reasons[f"{FORMS} [Skolutveckling]"] == "rutnat_tvetydigt"
    en = validation_report(google_csv(rows=rows), lang="en")["errors"][0]["message"]
    assert "so it cannot be told whether it is a rating grid or a checkbox grid" in en


def test_a_checkbox_grid_beside_a_forms_question_is_refused() -> None:
    header = [*HEADER, "Vilka samverkansformer önskar ni?"]
    rows = [[*r, "Forskning"] for r in ROWS]
    report = validation_report(google_csv(header, rows))
    assert [e["message"][:80] for e in report["errors"]] == [
        "Samverkansformerna står både i kolumnen 'Vilka samverkansformer önskar ni?' och "
    ]


def test_several_ticks_in_a_rating_grid_name_the_cell() -> None:
    rows = [[*ROWS[0][:2], "4;5", "5", "Kurs", "", ""]]
    report = validation_report(google_csv(rows=rows))
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (2, f"{RATE} [Integration]", "4;5")
    ]
    assert (
        "har flera betyg: frågan har gjorts som ett kryssrutenät"
        in (report["errors"][0]["message"])
    )


def test_a_column_mapped_by_hand_is_never_turned_into_a_checkbox_grid() -> None:
    mapping = {f"{FORMS} [Integration]": "betyg_digitalisering"}
    report = validation_report(google_csv(), mapping=mapping)
    reasons = {m["column"]: (m["target"], m["reason"]) for m in report["mapping"]}
    assert reasons[f"{FORMS} [Integration]"] == ("betyg_digitalisering", "anvandare")
