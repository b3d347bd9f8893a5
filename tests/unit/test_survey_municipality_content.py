"""No header names the municipality: the column is found by its content and proposed.

The files are built here the way Google Forms' "Ladda ned svar" writes them: every field
quoted, ``,``-separated, the Swedish timestamp ``2024/10/01 2:03:07 em CET``, an e-mail
column (the form collects addresses) and the grid question as ``Question [Row]``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linnedata.cli import main
from linnedata.survey import read_survey, validation_report

GRID = "Hur angeläget är varje utmaningsområde för din kommun?"
TOWNS = ["Växjö", "Kalmar kommun", "Ljungby", "Växjö kommun", "Alvesta"]
CODES = ["0780", "0880", "0781", "0780", "0764"]


def quoted(*cells: str) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


def google_forms(question: str, towns: list[str] = TOWNS) -> bytes:
    lines = [quoted("Tidstämpel", "E-postadress", question, f"{GRID} [Integration]",
                    f"{GRID} [Skolutveckling]")]  # fmt: skip
    for n, town in enumerate(towns):
        lines.append(
            quoted(f"2024/10/0{n + 1} {n + 1}:03:07 em CET", f"svar{n}@exempel.se", town,
                   str(1 + n % 5), str(5 - n % 5))
        )  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("question", ["Ort", "Organisation", "Arbetsplats"])
def test_an_unknown_header_over_municipalities_is_proposed_in_one_error(question: str) -> None:
    report = validation_report(google_forms(question), file_name="svar.csv")
    assert report["ok"] is False
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (1, question, "Växjö")
    ]
    message = report["errors"][0]["message"]
    assert f"kolumnen '{question}' ser ut att vara kommunen: 5 av 5 värden" in message
    assert f'--column "{question}=kommun"' in message
    assert "Citattecknen" not in message
    assert report["proposed"] == {"kommun": question}
    assert report["header_row"] == 1
    assert report["separator"] == ","
    mapped = {m["column"]: m["target"] for m in report["mapping"]}
    assert mapped["E-postadress"] == "personuppgift"
    assert mapped[f"{GRID} [Integration]"] == "betyg_integration"


def test_the_proposal_in_english() -> None:
    report = validation_report(google_forms("Organisation"), lang="en")
    assert report["errors"][0]["message"].startswith(
        "No header on row 1 names the municipality, but the column 'Organisation' looks like"
        " it: 5 of 5 values are municipalities (e.g. 'Växjö')."
    )


def test_mapping_the_proposed_column_imports_the_file() -> None:
    survey = read_survey(
        google_forms("Ort"), round_label="2024", mapping={"Ort": "kommun"}, file_name="s.csv"
    )
    assert survey.responses["kommun_kod"].tolist() == CODES
    assert survey.responses["inskickad"].dt.strftime("%Y-%m-%d %H:%M %Z").tolist()[:2] == [
        "2024-10-01 12:03 UTC",  # 13:03 CET, as written
        "2024-10-02 13:03 UTC",
    ]
    ratings = survey.ratings.dropna()
    assert ratings[ratings["area_id"] == "integration"]["betyg"].tolist() == [1, 2, 3, 4, 5]


def test_a_column_with_a_fifth_not_a_municipality_is_still_proposed() -> None:
    towns = ["Växjö kommun", "Kalmar kommun", "Region Kronoberg", "Ljungby kommun", "Alvesta"]
    report = validation_report(google_forms("Organisation", towns))
    assert report["proposed"] == {"kommun": "Organisation"}
    assert "4 av 5 värden" in report["errors"][0]["message"]


def test_a_column_of_other_words_is_not_proposed() -> None:
    towns = ["Skolförvaltningen", "Kommunledningen", "Socialtjänsten", "Växjö", "Kultur"]
    report = validation_report(google_forms("Förvaltning", towns))
    assert report["proposed"] == {}
    assert [e["message"][:30] for e in report["errors"]] == ["Kolumnen 'kommun' saknas (rubr"]


def test_an_answer_row_is_never_taken_for_the_header() -> None:
    # "Växjö kommun" holds the header word "kommun": once, row 2 was read as the header
    report = validation_report(google_forms("Ort", ["Växjö kommun", *TOWNS[1:]]))
    assert report["header_row"] == 1
    assert report["proposed"] == {"kommun": "Ort"}
    assert report["error_count"] == 1


def test_a_question_naming_the_municipality_in_other_words_is_read() -> None:
    survey = read_survey(google_forms("Vilken kommun arbetar du i?"), round_label="2024")
    assert survey.responses["kommun_kod"].tolist() == CODES


def test_a_fully_quoted_file_is_never_an_unclosed_quote_with_any_header() -> None:
    data = google_forms("Vad heter din arbetsgivare?", ["Skolan"] * 5)
    report = validation_report(data)
    assert [e["message"][:30] for e in report["errors"]] == ["Kolumnen 'kommun' saknas (rubr"]


def test_a_real_unclosed_quote_is_still_reported() -> None:
    data = 'kommun,utmaning_fritext\nVäxjö,"öppnas men\nKalmar,ok\n'.encode()
    report = validation_report(data)
    assert report["errors"][0]["message"].startswith("Citattecknen på rad 2, kolumn")


def test_cli_column_option_reads_the_proposed_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.csv"
    path.write_bytes(google_forms("Ort"))
    assert main(["validate", str(path), "--profiles", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "kolumnen 'Ort' ser ut att vara kommunen" in out
    argv = ["validate", str(path), "--json", "--profiles", str(tmp_path), "--column", "Ort=kommun"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["responses"], report["municipalities"]) == (5, 4)
