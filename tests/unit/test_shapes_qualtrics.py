"""Qualtrics CSV exports, built from the structure Qualtrics writes: a row of question ids
(``StartDate`` … ``Q1``, ``Q3_1``), a row of question texts (a matrix column reads
``Question - Row``), and since 2016 a row of ``{"ImportId":"QID1"}``; metadata columns
first; choice text or numeric values."""

from __future__ import annotations

import json

import pytest

from linnedata.survey import read_survey, validation_report
from tests.unit.shape_answers import (
    AREAS,
    CODES,
    FORMS,
    PEOPLE,
    Q_BETYG,
    Q_FORMER,
    Q_FRITEXT,
    Q_KOMMUN,
    Q_MEDFIN,
    Q_ROLL,
    Q_SEMINARIUM,
    ROLES,
    SCALE,
    Person,
    assert_nothing_personal,
    assert_same_figures,
    csv_text,
)

META_IDS = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
            "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
            "DistributionChannel", "UserLanguage"]  # fmt: skip
META_TEXTS = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
              "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
              "Recipient Last Name", "Recipient First Name", "Recipient Email",
              "External Data Reference", "Location Latitude", "Location Longitude",
              "Distribution Channel", "User Language"]  # fmt: skip
Q_PRIO = "Välj de tre viktigaste områdena"
CHOICES = {"ja": "Ja", "nej": "Nej", "kanske": "Kanske", "vet ej": "Vet ej"}
# numeric values: the position of each choice in the question (Qualtrics' recode values)
ROLE_NUMBERS = {r: n for n, r in enumerate(ROLES, 1)}
SEMINAR_NUMBERS = {"ja": 1, "nej": 2, "kanske": 3}
COFIN_NUMBERS = {"ja": 1, "nej": 2, "vet ej": 3}


def questions() -> list[tuple[str, str, str]]:
    """(id, text, ImportId) of each question column."""
    out = [("Q1", Q_KOMMUN, "QID1"), ("Q2", Q_ROLL, "QID2")]
    for n, (label, _) in enumerate(AREAS.values(), 1):
        out.append((f"Q3_{n}", f"{Q_BETYG} - {label}", f"QID3_{n}"))
    for n in (1, 2, 3):
        out.append((f"Q4_{n}", f"{Q_PRIO} - Prio {n}", f"QID4_{n}"))
    out += [("Q5", Q_FORMER, "QID5"), ("Q6", Q_SEMINARIUM, "QID6"), ("Q7", Q_MEDFIN, "QID7"),
            ("Q8", Q_FRITEXT, "QID8_TEXT")]  # fmt: skip
    return out


def metadata(p: Person, n: int) -> list[object]:
    start = p.time.replace(minute=max(p.time.minute - 6, 0))
    return [start.strftime("%Y-%m-%d %H:%M:%S"), p.time.strftime("%Y-%m-%d %H:%M:%S"),
            "IP Address", p.ip, 100, 312 + n, "True", p.time.strftime("%Y-%m-%d %H:%M:%S"),
            p.response_id, p.last, p.first, p.email, f"EXT-{n}", "56.8777", "14.8094",
            "anonymous", "SV"]  # fmt: skip


KOMMUN_NUMBERS = {"Växjö": 3, "Kalmar": 1, "Ljungby": 4, "Alvesta": 2}  # dropdown order


def answers(p: Person, numeric: bool, kommun_numbers: bool = False) -> list[object]:
    from tests.unit.shape_answers import AREAS as LABELS

    if numeric:
        role, seminar, cofin = (
            ROLE_NUMBERS[p.role],
            SEMINAR_NUMBERS[p.seminar],
            COFIN_NUMBERS[p.cofinancing],
        )
        ratings = ["" if p.ratings[a] is None else p.ratings[a] for a in AREAS]
    else:
        role, seminar, cofin = ROLES[p.role], CHOICES[p.seminar], CHOICES[p.cofinancing]
        ratings = ["" if p.ratings[a] is None else SCALE[p.ratings[a]] for a in AREAS]
    prios = [LABELS[a][0] if a else "" for a in p.prios]
    forms = ",".join(FORMS[f] for f in p.forms)  # a multiple-answer question: one column
    kommun = KOMMUN_NUMBERS[p.kommun] if kommun_numbers else p.kommun
    return [kommun, role, *ratings, *prios, forms, seminar, cofin, p.text]


def qualtrics_csv(
    *, numeric: bool = False, legacy: bool = False, kommun_numbers: bool = False
) -> bytes:
    qs = questions()
    if legacy:  # two header rows: ids (metadata named the old way) and texts
        meta = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
                "IPAddress", "Status", "StartDate", "EndDate", "Finished"]  # fmt: skip
        rows: list[list[object]] = [meta + [q[0] for q in qs], meta + [q[1] for q in qs]]
        for _n, p in enumerate(PEOPLE, 1):
            start = p.time.replace(minute=max(p.time.minute - 6, 0))
            rows.append([p.response_id, "Default Response Set", f"{p.last}, {p.first}", "",
                         p.email, p.ip, 0, f"{start:%Y-%m-%d %H:%M:%S}", f"{p.time:%Y-%m-%d %H:%M:%S}",
                         1, *answers(p, numeric)])  # fmt: skip
        return csv_text(rows).encode("utf-8")
    import_ids = [json.dumps({"ImportId": i[0].lower() + i[1:]}) for i in META_IDS]
    import_ids[0] = json.dumps({"ImportId": "startDate", "timeZone": "Europe/Stockholm"})
    rows = [
        META_IDS + [q[0] for q in qs],
        META_TEXTS + [q[1] for q in qs],
        import_ids + [json.dumps({"ImportId": q[2]}) for q in qs],
    ]
    rows += [metadata(p, n) + answers(p, numeric, kommun_numbers) for n, p in enumerate(PEOPLE, 1)]
    return ("\ufeff" + csv_text(rows)).encode("utf-8")


@pytest.mark.parametrize("legacy", [False, True])
def test_a_qualtrics_export_with_choice_text_gives_the_figures_computed_by_hand(legacy) -> None:
    data = qualtrics_csv(legacy=legacy)
    survey = read_survey(data, round_label="2025", file_name="Linnekommuner_2025.csv")
    assert survey.source_format == "qualtrics-csv"
    assert_same_figures(survey)  # five respondents: no header row read as one
    assert survey.responses["kalla_rad"].tolist() == [r + (3 if legacy else 4) for r in range(5)]
    assert_nothing_personal(survey)


def test_qualtrics_header_rows_are_one_header_and_its_metadata_is_not_part_of_the_contract() -> (
    None
):
    report = validation_report(qualtrics_csv(), round_label="2025", file_name="q.csv")
    assert report["ok"], report["errors"]
    targets = {m["column"]: (m["target"], m["reason"]) for m in report["mapping"]}
    assert targets[f"{Q_BETYG} - Kompetensförsörjning"] == ("betyg_kompetensforsorjning", "rutnat")
    assert targets["Recorded Date"] == ("inskickad", "verktygstid")  # the time it was sent
    for meta in ("Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)", "Finished",
                 "Distribution Channel", "User Language"):  # fmt: skip
        assert targets[meta] == ("", "metadata"), meta
    for personal in ("IP Address", "Response ID", "Recipient Last Name", "Recipient First Name",
                     "Recipient Email", "External Data Reference", "Location Latitude",
                     "Location Longitude"):  # fmt: skip
        assert targets[personal] == ("personuppgift", "personuppgift"), personal
    unknown = [w for w in report["warnings"] if "känns inte igen" in w["message"]]
    assert unknown == []
    assert "Qualtrics" in report["detected"]


def test_qualtrics_numeric_values_are_refused_once_naming_the_export_setting() -> None:
    report = validation_report(qualtrics_csv(numeric=True), round_label="2025", file_name="q.csv")
    assert report["ok"] is False
    assert report["error_count"] == 1
    message = report["errors"][0]["message"]
    assert "valtext" in message
    assert "Qualtrics" in message
    assert report["errors"][0]["row"] == 4  # the first answer row, as a spreadsheet shows it
    english = validation_report(qualtrics_csv(numeric=True), lang="en", file_name="q.csv")
    assert "choice text" in english["errors"][0]["message"]


@pytest.mark.parametrize("mapping", [{"Q1": "kommun"}, {Q_KOMMUN: "kommun"}])
def test_a_column_chosen_by_id_or_text_never_reads_header_rows_as_respondents(mapping) -> None:
    survey = read_survey(qualtrics_csv(), round_label="2025", file_name="q.csv", mapping=mapping)
    assert len(survey.responses) == len(PEOPLE)
    assert survey.responses["kommun_kod"].tolist() == [CODES[p.kommun] for p in PEOPLE]


@pytest.mark.parametrize("header_row", [1, 2, 3])
def test_a_header_row_given_inside_the_header_rows_reads_the_same_respondents(header_row) -> None:
    survey = read_survey(qualtrics_csv(), round_label="2025", file_name="q.csv",
                         header_row=header_row)  # fmt: skip
    assert_same_figures(survey)


def test_a_municipality_dropdown_exported_as_numbers_is_refused_once() -> None:
    data = qualtrics_csv(kommun_numbers=True)  # the other answers as text
    report = validation_report(data, round_label="2025", file_name="q.csv")
    assert report["error_count"] == 1
    assert report["errors"][0]["column"] == Q_KOMMUN
    assert "valtext" in report["errors"][0]["message"]


def test_municipality_codes_without_their_leading_zero_are_no_choice_numbers() -> None:
    text = qualtrics_csv().decode("utf-8-sig")
    for p in PEOPLE:
        text = text.replace(f",{p.kommun},", f",{int(CODES[p.kommun])},", 1)
    survey = read_survey(text.encode("utf-8"), round_label="2025", file_name="q.csv")
    assert_same_figures(survey)
