"""The Kommunprofil and Jämför downloads: CSV and XLSX round-trip, formula-safe; PNG is a PNG."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from linnedata.export import csv_bytes, xlsx_bytes
from linnedata.graphics import charts, images
from ui import data

EVIL = '=HYPERLINK("http://evil.example","klicka")'


@pytest.fixture(scope="module")
def compare_export() -> pd.DataFrame:
    codes = ("0765", "0780", "0767", "0885")  # Älmhult, Växjö, Markaryd, Borgholm
    view = data.compare_view(codes, "2024", "area", "medelbetyg", "integration", "sv")
    table = view.export.copy()
    table.loc[len(table)] = [EVIL, "Åseda", "integration", "Integration", 3.0, 1, None]
    return table


def test_compare_export_holds_every_municipality_and_area_and_the_region(compare_export) -> None:
    names = set(compare_export["Kommun"])
    assert {"Älmhult", "Växjö", "Markaryd", "Borgholm", "Regionens medel"} <= names
    per_kommun = compare_export.groupby("Kommun").size()
    assert per_kommun["Växjö"] == 15
    assert per_kommun["Regionens medel"] == 15


def test_compare_csv_round_trips_with_bom_and_neutralised_formula(compare_export) -> None:
    header = data.export_header("2024", "medelbetyg", "sv")
    raw = csv_bytes(compare_export, header)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[:3] == [f'"{line}"' for line in header[:3]]
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", skiprows=len(header), dtype=str)
    assert "Älmhult" in set(back["Kommun"])
    assert "Åseda" in set(back["Kommun"])
    assert back["kommun_kod"].iloc[-1] == "'" + EVIL
    assert set(back["kommun_kod"].dropna()) - {"'" + EVIL} <= {"0765", "0780", "0767", "0885"}


def test_compare_xlsx_round_trips_and_holds_no_formula(compare_export) -> None:
    header = data.export_header("2024", "medelbetyg", "sv")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"Data": compare_export}, header)))
    sheet = workbook["Data"]
    assert sheet["A1"].value.startswith("Källa")
    assert sheet["A2"].value == "Omgång: 2024"
    assert sheet["A3"].value == "Mått: Medelbetyg (1–5)"
    rows = list(sheet.iter_rows(min_row=len(header) + 2, values_only=True))
    assert rows[0][:2] == ("kommun_kod", "Kommun")
    assert rows[-1][0] == "'" + EVIL
    assert "Älmhult" in {row[1] for row in rows}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_profile_export_names_the_neighbours_and_the_region() -> None:
    view = data.profile_view("0781", "2024", "area", "medelbetyg", "sv")
    assert list(view.export.columns[:8]) == [
        "area_id",
        "Område",
        "Ljungby",
        "antal svarande",
        "Grannkommunernas medel",
        "antal grannkommuner",
        "Regionens medel",
        "antal kommuner",
    ]
    assert (view.export["antal grannkommuner"] <= 5).all()
    assert view.export["Ljungby 2023"].notna().any()


def test_a_chart_exports_as_a_real_png() -> None:
    figure = charts.heatmap(
        pd.DataFrame({"Integration": [3.0]}, index=["Växjö"]),
        pd.DataFrame({"Integration": ["3,0"]}, index=["Växjö"]),
        reference=pd.Series({"Integration": 2.5}),
        reference_texts=["2,5"],
        reference_name="Regionens medel",
        value_label="Medelbetyg",
        hover_texts=pd.DataFrame({"Integration": ["n=2"]}, index=["Växjö"]),
        value_range=(1, 5),
    )
    first = images.png_bytes(figure, width=500, height=300, scale=1)
    second = images.png_bytes(figure, width=600, height=300, scale=1)
    assert first.startswith(images.PNG_SIGNATURE)
    # the IHDR chunk holds the width: the same server drew both sizes
    assert int.from_bytes(first[16:20], "big") == 500
    assert int.from_bytes(second[16:20], "big") == 600
