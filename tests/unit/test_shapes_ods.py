"""LibreOffice/OpenDocument spreadsheets (``.ods``), built here as LibreOffice writes them
(``mimetype`` stored first, ``content.xml`` with typed cells, the rest of each row and of
the sheet as repeated empty cells and rows), and the bombs the format allows."""

from __future__ import annotations

import io
import time
import zipfile
from unittest import mock
from xml.sax.saxutils import escape

import pytest

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
    assert_nothing_personal,
    assert_same_figures,
)

CHOICES = {"ja": "Ja", "nej": "Nej", "kanske": "Kanske", "vet ej": "Vet ej"}
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)


def cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
    if hasattr(value, "isoformat"):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%Y-%m-%d %H:%M:%S}</text:p></table:table-cell>")  # fmt: skip
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>")  # fmt: skip


def row(values: list[object], repeat: int = 1) -> str:
    tail = '<table:table-cell table:number-columns-repeated="1000"/>'  # as LibreOffice
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(map(cell, values))}{tail}</table:table-row>"


def ods(sheets: dict[str, list[str]], *, encrypted: bool = False) -> bytes:
    tables = "".join(
        f'<table:table table:name="{name}">{"".join(rows)}'
        '<table:table-row table:number-rows-repeated="1048500">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"
        for name, rows in sheets.items()
    )
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")  # fmt: skip
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                + ("<manifest:encryption-data/>" if encrypted else "")
                + "</manifest:file-entry></manifest:manifest>")  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def survey_rows() -> list[str]:
    header = ["Tidstämpel", "E-postadress", Q_KOMMUN, Q_ROLL,
              *(f"{Q_BETYG} [{sv}]" for sv, _ in AREAS.values()), *Q_PRIO, Q_FORMER,
              Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    rows = [row(["Enkät om utmaningar 2025"]), row([]), row(header)]
    for p in PEOPLE:
        rows.append(row([p.time, p.email, p.kommun, ROLES[p.role],
                         *(p.ratings[a] for a in AREAS), *(AREAS[a][0] if a else "" for a in p.prios),
                         ";".join(FORMS[f] for f in p.forms), CHOICES[p.seminar],
                         CHOICES[p.cofinancing], p.text]))  # fmt: skip
    return rows


def test_an_ods_spreadsheet_gives_the_figures_computed_by_hand() -> None:
    data = ods({"Formulärsvar 1": survey_rows()})
    survey = read_survey(data, round_label="2025", file_name="svar.ods")
    assert survey.source_format == "ods"
    assert_same_figures(survey)
    assert survey.responses["kalla_rad"].tolist() == [4, 5, 6, 7, 8]  # title rows above
    assert_nothing_personal(survey)
    report = validation_report(data, round_label="2025", file_name="svar.ods")
    assert "OpenDocument" in report["detected"]
    assert report["sheet"] == "Formulärsvar 1"


def test_an_ods_with_two_sheets_asks_which_and_reads_the_one_chosen() -> None:
    data = ods({"Svar": survey_rows(), "Anteckningar": [row(["annat", "innehåll"])]})
    report = validation_report(data, file_name="svar.ods")
    assert report["errors"][0]["message"].count("'") >= 4  # both sheets named
    assert report["ok"] is False
    survey = read_survey(data, round_label="2025", file_name="svar.ods", sheet="Svar")
    assert_same_figures(survey)


@pytest.mark.parametrize(
    "bomb",
    [
        row(["x"] * 3, repeat=1_000_000),  # one filled row repeated a million times
        '<table:table-row><table:table-cell table:number-columns-repeated="16000" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        * 400,  # 16,000 filled columns in 400 rows: 6,4 million cells
        '<table:table-row><table:table-cell office:value-type="string"><text:p>'
        '<text:s text:c="900000000"/></text:p></table:table-cell></table:table-row>',
    ],
    ids=["rows-repeated", "columns-repeated", "spaces"],
)
def test_an_ods_bomb_is_refused_before_odfpy_parses_it(bomb: str) -> None:
    data = ods({"Svar": [row(["kommun", "betyg_integration"]), bomb]})
    assert len(data) < 200_000
    start = time.perf_counter()
    with mock.patch("pandas.read_excel", side_effect=AssertionError("parsed")):
        report = validation_report(data, file_name="bomb.ods")
    assert time.perf_counter() - start < 5
    assert report["ok"] is False
    assert "för stor" in report["errors"][0]["message"]


def test_an_encrypted_ods_is_refused_with_the_password_message() -> None:
    report = validation_report(ods({"Svar": survey_rows()}, encrypted=True), file_name="x.ods")
    assert "lösenordsskyddad" in report["errors"][0]["message"]


def test_an_ods_whose_content_has_a_dtd_is_refused() -> None:
    data = ods({"Svar": survey_rows()})
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "content.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            dst.writestr(item.filename, body)
    report = validation_report(out.getvalue(), file_name="x.ods")
    assert report["ok"] is False
    assert "skadad" in report["errors"][0]["message"]


def test_the_data_page_accepts_ods_and_zip_uploads() -> None:
    from ui.steward import UPLOAD_TYPES

    assert {"ods", "zip", "xlsx", "csv"} <= set(UPLOAD_TYPES)
