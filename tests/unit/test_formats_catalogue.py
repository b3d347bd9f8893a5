"""The bad-input catalogue: files built here, each accepted with a named warning or refused.

Every case states the outcome as ``(code, row, column, value)`` tuples of the errors (when
refused) or of the warnings (when accepted), and every message must name the row, column
and value it is about.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
import pytest

from linnedata.errors import InputError, Problem
from linnedata.survey import Survey, read_survey
from tests.unit.survey_files import canonical_csv, microsoft_forms_xlsx

Outcome = tuple[str, int | None, str | None, str | None]


def csv_of(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def workbook(*sheets: tuple[str, list[list[object]]], merge: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in merge:
            ws.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb(size: int) -> bytes:
    """A workbook-looking zip whose sheet unpacks to ``size`` bytes of zeros."""
    chunk = b"\0" * 1_000_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def damaged(workbook_bytes: bytes) -> bytes:
    """The workbook with bytes in the middle of its sheet's compressed data changed."""
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data = bytearray(workbook_bytes)
    for i in range(start, start + 40):
        data[i] ^= 0x5A
    return bytes(data)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Case:
    """One file of the catalogue and what must come of it."""

    data: bytes | Callable[[], bytes]
    refused: list[Outcome] = field(default_factory=list)
    warned: list[Outcome] = field(default_factory=list)
    options: dict[str, object] = field(default_factory=dict)
    file_name: str = "enkat.csv"
    check: Callable[[Survey], None] | None = None


def codes_of(survey: Survey) -> list[str]:
    return survey.responses["kommun_kod"].tolist()


H = "kommun,betyg_integration,roll,utmaning_fritext"

CATALOGUE: dict[str, Case] = {
    # --- encodings and separators
    "cp1252 semicolon": Case(
        csv_of("kommun;betyg_integration", "Växjö;4", encoding="cp1252"),
        check=lambda s: s.encoding == "cp1252" and s.separator == ";",  # type: ignore[arg-type,return-value]
    ),
    "utf-8 with BOM": Case(b"\xef\xbb\xbf" + csv_of("kommun;roll", "Växjö;annan")),
    "utf-16 tab with BOM": Case(csv_of("kommun\troll", "Växjö\tannan", encoding="utf-16")),
    "utf-16 without BOM": Case(csv_of("kommun\troll", "Mörbylånga\tannan", encoding="utf-16-le")),
    "bytes of no encoding": Case(
        b"kommun\n\x81\x8d\x8f\x90\x9d\n", [("fil_kodning", None, None, None)]
    ),
    "semicolon never one garbage column": Case(
        csv_of("kommun;utmaning_fritext", "Växjö;a, b, c"),
        check=lambda s: s.responses["utmaning_fritext"].tolist() == ["a, b, c"],  # type: ignore[return-value]
    ),
    "tab separated": Case(csv_of("kommun\tbetyg_integration", "Växjö\t5")),
    # --- decimal comma and ratings
    "decimal comma 4,0": Case(
        csv_of("kommun;betyg_integration", "Växjö;4,0"),
        check=lambda s: s.ratings.dropna()["betyg"].tolist() == [4],  # type: ignore[return-value]
    ),
    "rating 4,5": Case(
        csv_of("kommun;betyg_integration", "Växjö;4,5"),
        [("betyg_ogiltigt", 2, "betyg_integration", "4,5")],
    ),
    "rating 0": Case(csv_of(H, "Växjö,0,,"), [("betyg_ogiltigt", 2, "betyg_integration", "0")]),
    "rating 6": Case(csv_of(H, "Växjö,6,,"), [("betyg_ogiltigt", 2, "betyg_integration", "6")]),
    "rating 99": Case(csv_of(H, "Växjö,99,,"), [("betyg_ogiltigt", 2, "betyg_integration", "99")]),
    "rating as label text": Case(
        csv_of(H, "Växjö,Mycket angeläget,,"),
        check=lambda s: s.ratings.dropna()["betyg"].tolist() == [5],  # type: ignore[return-value]
    ),
    "rating blank is missing": Case(
        csv_of(H, "Växjö,,,"),
        check=lambda s: s.ratings["betyg"].isna().all(),  # type: ignore[return-value]
    ),
    # --- structure
    "ragged row": Case(
        csv_of("kommun,roll", "Växjö,annan", "Kalmar,annan,extra"),
        [("rad_ojamn", 3, "C", "extra")],
    ),
    "unterminated quote": Case(
        csv_of("kommun,utmaning_fritext", "Växjö,ok", 'Kalmar,"öppnas men', "Ljungby,x"),
        [("rad_citattecken", 3, "utmaning_fritext", '"öppnas men')],
    ),
    "duplicate headers": Case(
        csv_of("kommun,roll,Roll", "Växjö,annan,annan"), [("kolumn_dubblett", 1, "Roll", None)]
    ),
    "title rows above the header": Case(
        csv_of(
            "Enkät 2024;;",
            "Linnékommuner;;",
            ";;",
            "kommun;roll;betyg_integration",
            "Växjö;annan;3",
        ),
        warned=[("rubrikrad_inte_forst", 4, None, None)],
        check=lambda s: s.header_row == 4 and s.responses["kalla_rad"].tolist() == [5],  # type: ignore[return-value]
    ),
    "header row given by hand": Case(
        csv_of("kommun,roll", "x,y", "Kommun,Roll", "Växjö,annan"),
        warned=[("rubrikrad_inte_forst", 3, None, None)],
        options={"header_row": 3},
    ),
    "header only": Case(csv_of(H), [("fil_inga_rader", None, None, None)]),
    "empty": Case(b"", [("fil_tom", None, None, None)]),
    "only blank lines": Case(b"\r\n \n\n", [("fil_tom", None, None, None)]),
    "line break inside a cell keeps row numbers": Case(
        csv_of(
            "kommun,betyg_integration,utmaning_fritext", 'Växjö,3,"rad ett\nrad två"', "Kalmar,7,x"
        ),
        [("betyg_ogiltigt", 3, "betyg_integration", "7")],
    ),
    # --- cells
    "NUL and control characters": Case(
        csv_of("kommun,utmaning_fritext", "Växjö,Bra\x00 text\x07"),
        warned=[("cell_styrtecken", 2, "utmaning_fritext", "Bra text")],
        check=lambda s: s.responses["utmaning_fritext"].tolist() == ["Bra text"],  # type: ignore[return-value]
    ),
    "huge cell": Case(
        csv_of("kommun,utmaning_fritext", "Växjö," + "å" * 12_000),
        warned=[("cell_for_lang", 2, "utmaning_fritext", "å" * 60 + "…")],
        check=lambda s: len(s.responses["utmaning_fritext"].iloc[0]) == 10_000,  # type: ignore[return-value]
    ),
    "code 0780 and 780": Case(
        csv_of(
            "kommun,betyg_integration", "0780,1", "780,2", "Växjö kommun,3", "VÄXJÖ,4", "vaxjo,5"
        ),
        check=lambda s: codes_of(s) == ["0780"] * 5,  # type: ignore[return-value]
    ),
    "Håbo/Habo ambiguity": Case(
        csv_of("kommun", "Hàbo"), [("kommun_tvetydig", 2, "kommun", "Hàbo")]
    ),
    "unknown municipality with a suggestion": Case(
        csv_of("kommun", "Växsjö"), [("kommun_okand", 2, "kommun", "Växsjö")]
    ),
    "municipality outside the region": Case(
        csv_of("kommun", "Stockholm"), [("kommun_utanfor", 2, "kommun", "Stockholm")]
    ),
    "outside the region allowed": Case(
        csv_of("kommun", "Stockholm"),
        warned=[("kommun_utanfor_tillaten", 2, "kommun", "Stockholm")],
        options={"allow_outside_region": True},
    ),
    "NA and None as answers": Case(csv_of(H, "Växjö,,None,NA"), [("val_okant", 2, "roll", "None")]),
    "NA kept as free text": Case(
        csv_of(H, "Växjö,,,NA", "Kalmar,,,None"),
        check=lambda s: s.responses["utmaning_fritext"].tolist() == ["NA", "None"],  # type: ignore[return-value]
    ),
    "formula text kept as text": Case(
        csv_of(H, 'Växjö,,,"=HYPERLINK(""http://x"")"'),
        check=lambda s: s.responses["utmaning_fritext"].tolist() == ['=HYPERLINK("http://x")'],  # type: ignore[return-value]
    ),
    "script text kept as text": Case(
        csv_of(H, "Växjö,,,<script>alert(1)</script>"),
        check=lambda s: s.responses["utmaning_fritext"].tolist() == ["<script>alert(1)</script>"],  # type: ignore[return-value]
    ),
    "mixed dates": Case(
        csv_of(
            "kommun,inskickad",
            "Växjö,2024-10-01 14:03",
            "Kalmar,1 okt 2024 14:03",
            "Ljungby,2024/10/01 2:03:07 PM GMT+2",
            "Alvesta,2024-10-01T12:03:00Z",
        ),
        check=lambda s: (
            set(s.responses["inskickad"].dt.tz_convert("Europe/Stockholm").dt.strftime("%H:%M"))
            == {"14:03"}
        ),  # type: ignore[return-value]
    ),
    "unreadable date": Case(
        csv_of("kommun,inskickad", "Växjö,13/45/2024"),
        [("datum_ogiltigt", 2, "inskickad", "13/45/2024")],
    ),
    "duplicate respondents": Case(
        csv_of("kommun,epost,betyg_integration", "Växjö,a@x.se,4", "Växjö,a@x.se,4"),
        warned=[("kolumn_personuppgift", 1, "epost", None), ("svar_dubblett", 3, None, None)],
        check=lambda s: len(s.responses) == 1,  # type: ignore[return-value]
    ),
    "same answers from two people are not duplicates": Case(
        csv_of("kommun,epost,betyg_integration", "Växjö,a@x.se,4", "Växjö,b@x.se,4"),
        warned=[("kolumn_personuppgift", 1, "epost", None)],
        check=lambda s: len(s.responses) == 2,  # type: ignore[return-value]
    ),
    "e-mail and phone in free text": Case(
        csv_of("kommun,utmaning_fritext", "Växjö,Ring 070-123 45 67 el. anna@vaxjo.se"),
        warned=[("fritext_redigerad", None, "utmaning_fritext", None)],
        check=lambda s: (
            s.redactions == 2  # type: ignore[return-value]
            and "anna@" not in s.responses["utmaning_fritext"].iloc[0]
            and "070" not in s.responses["utmaning_fritext"].iloc[0]
        ),
    ),
    # --- workbooks
    "several sheets": Case(
        lambda: microsoft_forms_xlsx(sheets=("Svar", "Sammanfattning")),
        [("blad_valj", None, None, None)],
        file_name="enkat.xlsx",
    ),
    "several sheets, one chosen": Case(
        lambda: microsoft_forms_xlsx(sheets=("Svar", "Sammanfattning")),
        warned=[
            ("kolumn_personuppgift", 1, "E-post", None),
            ("kolumn_personuppgift", 1, "Namn", None),
        ],
        options={"sheet": "Svar"},
        check=lambda s: s.sheet == "Svar" and len(s.responses) == 4,  # type: ignore[return-value]
    ),
    "sheet that does not exist": Case(
        lambda: microsoft_forms_xlsx(),
        [("blad_saknas", None, None, "Blad9")],
        options={"sheet": "Blad9"},
    ),
    "merged header rows": Case(
        lambda: workbook(
            (
                "Blad1",
                [
                    ["Enkät Linnékommuner 2024", None, None],
                    [None, "Hur angeläget är området?", None],
                    ["Kommun", "Integration", "Skolutveckling"],
                    ["Växjö", 4, 5],
                ],
            ),
            merge=("A1:C1", "B2:C2"),
        ),
        warned=[("rubrikrad_inte_forst", 3, None, None)],
        check=lambda s: s.ratings.dropna()["betyg"].tolist() == [5, 4],  # type: ignore[return-value]
    ),
    "formulas without cached values": Case(
        lambda: workbook(("Blad1", [["kommun", "betyg_integration"], ["Växjö", "=2+2"]])),
        warned=[("cell_formel_utan_varde", 2, "betyg_integration", "=2+2")],
    ),
    "title rows in a workbook": Case(
        lambda: microsoft_forms_xlsx(title_rows=2),
        warned=[
            ("rubrikrad_inte_forst", 3, None, None),
            ("kolumn_personuppgift", 3, "E-post", None),
            ("kolumn_personuppgift", 3, "Namn", None),
        ],
    ),
    "CSV renamed .xlsx": Case(
        csv_of("kommun", "Växjö"),
        warned=[("fil_xlsx_ar_text", None, None, "svar.xlsx")],
        file_name="svar.xlsx",
    ),
    "legacy .xls": Case(
        OLE + b"\0" * 500 + "Workbook".encode("utf-16-le"), [("fil_xls", None, None, None)]
    ),
    "password-protected workbook": Case(
        OLE + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100,
        [("fil_xlsx_losenord", None, None, None)],
    ),
    "corrupt workbook": Case(
        lambda: microsoft_forms_xlsx()[:3000], [("fil_xlsx_trasig", None, None, None)]
    ),
    "workbook with a damaged member": Case(
        lambda: damaged(microsoft_forms_xlsx()), [("fil_xlsx_trasig", None, None, None)]
    ),
    "zip that is not a workbook": Case(
        lambda: zip_of({"word/document.xml": b"<w/>"}), [("fil_zip_inte_xlsx", None, None, None)]
    ),
    "zip bomb by ratio": Case(lambda: zip_bomb(20_000_000), [("fil_zipbomb", None, None, None)]),
    "zip bomb by size": Case(lambda: zip_bomb(120_000_000), [("fil_zipbomb", None, None, None)]),
    "oversized file": Case(
        lambda: canonical_csv() + b"\n" * 2000,
        [("fil_for_stor", None, None, None)],
        options={"max_bytes": 1000},
    ),
}


def assert_message_names_it(problem: Problem) -> None:
    """Row, column and value, where the problem has them, appear in both languages."""
    for lang in ("sv", "en"):
        message = problem.message(lang).lower()
        if problem.row is not None:
            assert f"{'rad' if lang == 'sv' else 'row'} {problem.row}" in message, message
        if problem.column is not None:
            assert problem.column.lower() in message, message
        if problem.value is not None:
            assert problem.value.lower() in message, message
        assert "{" not in message, message


def outcome(problems: list[Problem]) -> list[Outcome]:
    return [(p.code, p.row, p.column, p.value) for p in problems]


def test_the_catalogue_has_at_least_thirty_files() -> None:
    assert len(CATALOGUE) >= 30


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_catalogue(name: str) -> None:
    case = CATALOGUE[name]
    data = case.data() if callable(case.data) else case.data
    options = {"file_name": case.file_name, **case.options}
    if case.refused:
        with pytest.raises(InputError) as caught:
            read_survey(data, round_label="2024", **options)  # type: ignore[arg-type]
        assert outcome(caught.value.errors) == case.refused
        problems = caught.value.errors + caught.value.warnings
    else:
        survey = read_survey(data, round_label="2024", **options)  # type: ignore[arg-type]
        assert outcome(list(survey.warnings)) == case.warned
        if case.check is not None:
            assert case.check(survey)
        problems = list(survey.warnings)
    for problem in problems:
        assert_message_names_it(problem)


def test_a_workbook_formatted_far_beyond_its_content_reads_only_the_content() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["kommun", "betyg_integration"])
    ws.append(["Växjö", 4])
    ws.cell(row=500, column=30).number_format = "0.00"  # formatting, no value
    ws.cell(row=400, column=20).value = ""
    out = io.BytesIO()
    book.save(out)
    survey = read_survey(out.getvalue(), round_label="2024")
    assert survey.warnings == ()
    assert survey.responses["kalla_rad"].tolist() == [2]
