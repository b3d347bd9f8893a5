"""The real shapes of the survey tools' exports and hostile files, built here from the
structures the tools write (not from the demo writer)."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, datetime

import pytest

from linnedata.survey import parse_rating, parse_timestamp, read_survey, validation_report

GOOGLE_HEADER = "Tidstämpel,Vilken kommun representerar du?,Hur angeläget är varje utmaningsområde för din kommun? [Integration]"


def google_csv(*rows: str) -> bytes:
    return ("\n".join([GOOGLE_HEADER, *rows]) + "\n").encode("utf-8")


def zipped(members: dict[str, bytes], *, cp437_name: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if cp437_name:
                info.flag_bits &= ~0x800  # the name is not marked as UTF-8
            archive.writestr(info, data)
    return buffer.getvalue()


def test_a_google_forms_csv_zip_with_one_csv_is_read() -> None:
    data = zipped(
        {"Enkät om utmaningar (svar).csv": google_csv('2024/10/01 14:03:00,Växjö,"4"')},
        cp437_name=True,
    )
    survey = read_survey(data, round_label="2024", file_name="Enkät (svar).csv.zip")
    assert survey.responses["kommun_kod"].tolist() == ["0780"]
    assert survey.ratings.dropna()["betyg"].tolist() == [4]
    report = validation_report(data, file_name="svar.csv.zip")
    assert "zip" in report["detected"]


def test_a_zip_with_two_files_is_refused_with_one_message() -> None:
    data = zipped({"a.csv": google_csv("x,Växjö,4"), "b.csv": b"kommun\n"})
    report = validation_report(data, file_name="svar.zip")
    assert [e["message"][:40] for e in report["errors"]] == [
        "Zip-arkivet innehåller 2 filer ('a.csv',"
    ]


def test_a_zip_bomb_inside_a_csv_zip_is_refused_quickly() -> None:
    data = zipped({"svar.csv": b"kommun\n" + b"Vaxjo\n" * 20_000_000})
    start = time.perf_counter()
    report = validation_report(data, file_name="svar.csv.zip")
    assert time.perf_counter() - start < 10
    assert report["ok"] is False
    assert "packas upp till 120,0 MB" in report["errors"][0]["message"]


@pytest.mark.parametrize(
    ("cell", "utc"),
    [
        ("2022/03/22 8:53:03 fm CET", datetime(2022, 3, 22, 7, 53, 3)),  # CET = UTC+1
        ("2022/03/22 12:20:58 fm", datetime(2022, 3, 21, 23, 20, 58)),  # 00:20 Swedish time
        ("2022/03/22 1:05:00 em", datetime(2022, 3, 22, 12, 5)),
        ("2023-09-29 14.54.27", datetime(2023, 9, 29, 12, 54, 27)),  # Swedish summer time
        (
            "Mon Sep 08 2025 13:58:23 GMT-0500 (Central Daylight Time)",
            datetime(2025, 9, 8, 18, 58, 23),
        ),
        ("45567.5", datetime(2024, 10, 2, 10, 0)),  # an Excel serial: noon Swedish time
    ],
)
def test_timestamps_as_the_tools_write_them(cell: str, utc: datetime) -> None:
    assert parse_timestamp(cell) == utc.replace(tzinfo=UTC)


def test_the_report_names_the_zone_assumed_for_times_without_one() -> None:
    assert validation_report(google_csv("2024/10/01 14:03:00,Växjö,4"))["assumed_zone"] == (
        "Europe/Stockholm"
    )
    written = google_csv("2024/10/01 14:03:00 CET,Växjö,4")
    assert validation_report(written)["assumed_zone"] is None


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Ganska angeläget", 4),
        ("GANSKA ANGELÄGET", 4),
        ("ganska\u00a0angeläget", 4),
        ("4 - Ganska angeläget", 4),
        ("Very pressing", 5),
        ("1. Not at all pressing", 1),
        ("5,0", 5),
        ("3.0", 3),
    ],
)
def test_likert_labels_read_as_their_values(cell: str, value: int) -> None:
    assert parse_rating(cell) == value


@pytest.mark.parametrize("cell", ["4 - 5", "3 eller 4", "5 -2", "4,5", "2 - Mycket angeläget"])
def test_a_rating_that_is_not_one_value_is_an_error_naming_the_cell(cell: str) -> None:
    report = validation_report(google_csv(f'2024/10/01 14:03:00,Växjö,"{cell}"'))
    assert [(e["row"], e["value"]) for e in report["errors"]] == [(2, cell)]


def test_utf16_big_endian_without_bom_is_read() -> None:
    data = "kommun\tbetyg_integration\nVäxjö\t4\n".encode("utf-16-be")
    survey = read_survey(data, round_label="2024")
    assert survey.responses["kommun_kod"].tolist() == ["0780"]


def test_a_200000_character_cell_is_cut_with_a_warning() -> None:
    data = ('kommun,utmaning_fritext\nVäxjö,"' + "x" * 200_000 + '"\n').encode()
    survey = read_survey(data, round_label="2024")
    assert len(survey.responses["utmaning_fritext"].iloc[0]) == 10_000
    assert [w.code for w in survey.warnings] == ["cell_for_lang"]


def test_a_header_of_a_million_columns_is_refused_quickly() -> None:
    start = time.perf_counter()
    report = validation_report(("," * 1_000_000 + "\nVäxjö\n").encode())
    assert time.perf_counter() - start < 10
    assert len(report["errors"]) == 1
    assert "1\u00a0000\u00a0001 kolumner" in report["errors"][0]["message"]


def test_reports_list_at_most_100_per_column_and_rule_and_count_all() -> None:
    rows = [f"2024/10/01 14:03:00,Växjö,{7 + n % 3}" for n in range(250)]
    report = validation_report(google_csv(*rows))
    assert report["error_count"] == 250
    assert len(report["errors"]) == 100
    assert report["errors_left_off"] == 150
    assert all(isinstance(e["row"], int) for e in report["errors"])


def test_exact_municipality_names_win_in_a_google_forms_drop_down_export() -> None:
    survey = read_survey(
        google_csv("2024/10/01 14:03:00,Habo,4", "2024/10/01 14:04:00,HABO,5"), round_label="2024"
    )
    assert survey.responses["kommun_kod"].tolist() == ["0643", "0643"]


def test_one_cell_at_xfd1048576_is_refused_within_seconds_without_allocating() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"], book.active["A2"], book.active["XFD1048576"] = "kommun", "Växjö", "x"
    buffer = io.BytesIO()
    book.save(buffer)
    start = time.perf_counter()
    report = validation_report(buffer.getvalue(), file_name="bomb.xlsx")
    assert time.perf_counter() - start < 10
    assert [e["message"][:40] for e in report["errors"]] == [
        "Bladet är för stort för en enkätexport ("
    ]


def test_a_formula_without_a_saved_value_in_a_trailing_row_is_no_traceback() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["kommun", "betyg_integration"])
    sheet.append(["Växjö", 4])
    sheet["B3"] = "=B2+1"  # saved by openpyxl without a value
    buffer = io.BytesIO()
    book.save(buffer)
    report = validation_report(buffer.getvalue(), file_name="f.xlsx")
    assert report["ok"] is True
    assert report["responses"] == 1


@pytest.mark.parametrize(
    ("cells", "length", "said"),
    [
        (600_000, 20_000, "(600\u00a0000 rader, 600\u00a0000 celler, "),  # the reviewer's bomb
        # few enough rows: the text
        (150_000, 1_000, "(150\u00a0000 rader, 150\u00a0000 celler, 150,"),
    ],
)
def test_a_shared_strings_bomb_is_refused_before_the_workbook_is_parsed(
    cells: int, length: int, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from tests.unit.survey_files import shared_strings_bomb

    data = shared_strings_bomb(cells, length)
    assert len(data) < 5_000_000

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl parsed the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    report = validation_report(data, file_name="bomb.xlsx")
    assert [e["message"][:44] for e in report["errors"]] == [
        "Arbetsboken är för stor för en enkätexport ("
    ]
    assert said in report["errors"][0]["message"]


def test_a_workbook_of_shared_strings_within_the_bounds_is_read() -> None:
    from tests.unit.survey_files import shared_strings_bomb

    report = validation_report(shared_strings_bomb(3, 20), file_name="liten.xlsx")
    assert report["errors"][0]["message"].startswith("Kolumnen 'kommun' saknas")
