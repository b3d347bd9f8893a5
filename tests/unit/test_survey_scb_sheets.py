"""SCB-style and hand-made sheets: an empty first header over ``0780 Växjö`` labels, rows
of totals, ``-`` and ``..`` for blanks. Built here as SCB's tables and a steward's own
summary sheet look: a title row, an empty row, the header, one row per municipality.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from linnedata.survey import read_survey, validation_report

TITLE = "Betyg per kommun och utmaningsområde, 2024"
HEADER = ["", "Integration", "Skolutveckling", "Digitalisering"]
BODY = [
    ["0780 Växjö", "4", "..", "3"],
    ["0781 Ljungby", "-", "5", "2"],
    ["0764 Alvesta", "3", "3", ".."],
    ["Summa", "7", "8", "5"],
    ["00 Riket", "3", "4", "3"],
]
EXPECTED = {
    ("0780", "integration"): 4, ("0780", "digitalisering"): 3,
    ("0781", "skolutveckling"): 5, ("0781", "digitalisering"): 2,
    ("0764", "integration"): 3, ("0764", "skolutveckling"): 3,
}  # fmt: skip


def scb_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tabell 1"
    sheet.append([TITLE])
    sheet.append([])
    sheet.append([None, *HEADER[1:]])
    for label, *ratings in BODY:
        sheet.append([label, *(int(r) if r.isdigit() else r for r in ratings)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scb_csv() -> bytes:
    lines = [TITLE, "", ";".join(HEADER), *(";".join(r) for r in BODY)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def rated(survey) -> dict[tuple[str, str], int]:
    codes = dict(zip(survey.responses["respondent"], survey.responses["kommun_kod"], strict=True))
    return {
        (codes[r.respondent], r.area_id): int(r.betyg) for r in survey.ratings.dropna().itertuples()
    }


@pytest.mark.parametrize(("build", "name"), [(scb_xlsx, "tabell.xlsx"), (scb_csv, "tabell.csv")])
def test_an_scb_sheet_reads_with_its_municipality_column_found_by_content(build, name) -> None:
    survey = read_survey(build(), round_label="2024", file_name=name)
    assert survey.responses["kommun_kod"].tolist() == ["0780", "0781", "0764"]
    assert survey.responses["kalla_rad"].tolist() == [4, 5, 6]
    assert survey.header_row == 3
    assert rated(survey) == EXPECTED
    assert next((d.header, d.target, d.reason) for d in survey.mapping) == (
        "",
        "kommun",
        "innehall",
    )


def test_an_scb_sheet_warns_naming_the_totals_the_blanks_and_the_column() -> None:
    survey = read_survey(scb_xlsx(), round_label="2024", file_name="tabell.xlsx")
    warnings = {w.code: w for w in survey.warnings}
    assert set(warnings) == {
        "rubrikrad_inte_forst",
        "kommun_efter_innehall",
        "rad_summa",
        "betyg_streck_tomt",
    }
    totals = warnings["rad_summa"]
    assert (totals.row, totals.column, totals.value) == (7, "A", "Summa")
    assert totals.message().startswith(
        "Raderna 7 ('Summa'), 8 ('00 Riket') är summarader (kolumn A, t.ex. 'Summa' på rad 7)"
    )
    dashes = warnings["betyg_streck_tomt"]
    assert (dashes.row, dashes.column, dashes.value) == (4, "Skolutveckling", "..")
    assert dashes.message().startswith(
        "3 betygsceller innehåller bara ett streck eller punkter (t.ex. '..' på rad 4, kolumn "
        "Skolutveckling; rader 4, 5, 6) och har lästs som tomma"
    )
    found = warnings["kommun_efter_innehall"]
    assert (found.row, found.column, found.value) == (4, "A", "0780 Växjö")
    assert found.message("en").startswith("Column A has no header but holds municipalities")


def test_totals_are_never_unknown_municipalities_in_a_file_with_a_header() -> None:
    data = "kommun,betyg_integration\nVäxjö,4\nTotalt,4\nHela riket,3\n".encode()
    report = validation_report(data)
    assert report["ok"] is True
    assert report["responses"] == 1
    assert [w["value"] for w in report["warnings"]] == ["Totalt"]


def test_a_dash_in_a_rating_is_blank_never_zero() -> None:
    survey = read_survey(b"kommun;betyg_integration\nV\xe4xj\xf6;-\n", round_label="2024")
    rating = survey.ratings[survey.ratings["area_id"] == "integration"]["betyg"]
    assert rating.isna().all()
    assert [w.code for w in survey.warnings] == ["betyg_streck_tomt"]


def test_a_minus_number_is_still_an_error_not_a_blank() -> None:
    report = validation_report(b"kommun,betyg_integration\nKalmar,-4\n")
    assert [(e["row"], e["value"]) for e in report["errors"]] == [(2, "-4")]
