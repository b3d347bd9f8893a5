"""A text file of two encodings: answers pasted from a Windows-1252 export into a UTF-8
file (Excel "CSV (semikolonavgränsad)" rows appended to a Google Sheets download). Each
line is read in its own encoding and the Windows-1252 rows are named; nothing is garbled.
"""

from __future__ import annotations

from linnedata import importing
from linnedata.survey import ReadOptions, read_survey, validation_report

HEADER = "kommun;betyg_integration;utmaning_fritext\r\n"


def mixed() -> bytes:
    utf8 = HEADER + "Växjö;4;Fler lärare behövs\r\nLjungby;3;Vägar\r\n"
    cp1252 = "Älmhult;5;Bättre vägar och öar\r\nHöganäs kommun;2;Åtgärder\r\n"
    after = "Kalmar;4;Bostäder åt unga\r\n"
    return utf8.encode("utf-8") + cp1252.encode("cp1252") + after.encode("utf-8")


def test_each_line_is_read_in_its_own_encoding() -> None:
    survey = read_survey(mixed(), round_label="2024", allow_outside_region=True)
    assert survey.responses["kommun_kod"].tolist() == ["0780", "0781", "0765", "1284", "0880"]
    assert survey.responses["utmaning_fritext"].tolist() == [
        "Fler lärare behövs",
        "Vägar",
        "Bättre vägar och öar",
        "Åtgärder",
        "Bostäder åt unga",
    ]
    assert survey.encoding == "utf-8+cp1252"


def test_the_windows_1252_rows_are_named_in_one_warning() -> None:
    report = validation_report(mixed(), allow_outside_region=True)
    [warning] = [w for w in report["warnings"] if "Windows-1252" in w["message"]]
    assert (warning["row"], warning["column"], warning["value"]) == (4, "A", "Älmhult")
    assert "(rad 4, 5; t.ex. 'Älmhult' på rad 4, kolumn A)" in warning["message"]
    assert "UTF-8 + Windows-1252" in report["detected"]
    english = validation_report(mixed(), lang="en", allow_outside_region=True)["warnings"]
    assert any("some rows are saved as Windows-1252 (rows 4, 5;" in w["message"] for w in english)


def test_a_quoted_line_break_keeps_the_rows_as_a_spreadsheet_shows_them() -> None:
    data = (HEADER + 'Växjö;4;"två\r\nrader"\r\n').encode() + "Älmhult;5;ö\r\n".encode("cp1252")
    report = validation_report(data)
    [warning] = [w for w in report["warnings"] if "Windows-1252" in w["message"]]
    assert warning["row"] == 3


def test_a_file_wholly_windows_1252_is_no_mixed_file() -> None:
    report = validation_report((HEADER + "Växjö;4;Åtgärder\r\n").encode("cp1252"))
    assert report["encoding"] == "cp1252"
    assert not [w for w in report["warnings"] if "Windows-1252" in w["message"]]


def test_the_kept_free_text_is_without_garbled_letters() -> None:
    found = importing.read(mixed(), ReadOptions(allow_outside_region=True), "2024")
    kept = " ".join(found.outcome.responses["utmaning_fritext"])
    assert "Bättre vägar och öar" in kept
    assert "Ã" not in kept
    assert "Bättre" not in str(importing.kept_record(found))  # no cell of the file recorded
