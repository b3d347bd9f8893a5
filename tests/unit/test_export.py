"""Downloads: CSV and XLSX round-trip with å/ä/ö, and nothing in them runs as a formula."""

import io

import openpyxl
import pandas as pd

from linnedata.export import csv_bytes, xlsx_bytes

TABLE = pd.DataFrame(
    {
        "kommun": ["Växjö", "Åtvidaberg", "Älmhult"],
        "fritext": ['=HYPERLINK("http://evil.example","klicka")', "+46 70", "Öppen förskola"],
        "medelbetyg": [3.5, None, 4.25],
        "antal": pd.array([12, 1, 7], dtype="Int64"),
    }
)
HEADER = ["Källa: Exempeldata – fiktiva svar", "Omgång: 2024", "Mått: medelbetyg"]


def test_csv_round_trips_with_bom_and_neutralised_formulas():
    data = csv_bytes(TABLE, HEADER)
    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=len(HEADER), dtype=str)
    assert back["kommun"].tolist() == ["Växjö", "Åtvidaberg", "Älmhult"]
    assert back["fritext"][0] == '\'=HYPERLINK("http://evil.example","klicka")'
    assert back["fritext"][1] == "'+46 70"


def test_xlsx_round_trips_and_holds_no_formula():
    data = xlsx_bytes({"Jämförelse": TABLE, "Andra bladet": TABLE.head(1)}, HEADER)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Jämförelse", "Andra bladet"]
    sheet = workbook["Jämförelse"]
    assert [sheet.cell(row=i, column=1).value for i in (1, 2, 3)] == HEADER
    rows = list(sheet.iter_rows(min_row=len(HEADER) + 2, values_only=True))
    assert rows[0] == ("kommun", "fritext", "medelbetyg", "antal")
    assert [row[0] for row in rows[1:]] == ["Växjö", "Åtvidaberg", "Älmhult"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","klicka")'
    assert rows[2][2] is None
    assert rows[3][2] == 4.25
    assert rows[1][3] == 12
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


HOSTILE = [
    ";=cmd|' /C calc'!A0",
    "ok,=1+1",
    "text\t@SUM(A1)",
    "a | -2+3",
    'rad ett\n=HYPERLINK("http://evil.example")',
    "hej;  +46 70",
    "x;\u00a0=1",
    "\r=1",
]


def _pieces(text: str, separator: str) -> list[str]:
    """What a spreadsheet that splits on ``separator`` (ignoring quotes) puts in each cell."""
    return [p.strip(' "\u00a0') for line in text.splitlines() for p in line.split(separator)]


def test_no_split_of_a_csv_line_can_start_a_formula():
    data = csv_bytes(pd.DataFrame({"fritext": HOSTILE, ";=rubrik": range(len(HOSTILE))}), HEADER)
    text = data.decode("utf-8-sig")
    for separator in (";", ",", "\t", "|"):
        starts = [p for p in _pieces(text, separator) if p[:1] in ("=", "+", "-", "@")]
        assert starts == [], separator


def test_neutralised_text_keeps_its_words():
    from linnedata.export import neutralise

    assert neutralise(";=cmd|' /C calc'!A0") == ";'=cmd|' /C calc'!A0"
    assert neutralise("hej;  +46 70") == "hej;  '+46 70"
    assert neutralise("2020-2024, bra") == "2020-2024, bra"
    assert neutralise(-3) == -3


def test_xlsx_cells_hold_no_formula_after_any_separator():
    data = xlsx_bytes(pd.DataFrame({"fritext": HOSTILE}))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Data"]
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    for value in values:
        for separator in (";", ",", "\t", "|"):
            assert not [p for p in _pieces(value, separator) if p[:1] in ("=", "+", "-", "@")]
