"""Exports made the way the survey tools make them, built here without the project's helpers.

Each file is checked against figures computed by hand from the answers below, or, when
broken, against the row, column and value its message must name.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pytest

from linnedata.figures import measures
from linnedata.survey import inspect_survey, read_survey

# (Swedish label, English label) of the areas the answers use
AREAS = {
    "skolutveckling": ("Skolutveckling", "School development"),
    "integration": ("Integration", "Integration"),
    "natur_kultur_fritid": ("Natur, kultur och fritid", "Nature, culture and leisure"),
    "digitalisering": ("Digitalisering", "Digitalisation"),
}
# municipality, ratings per area (None = blank), priorities best first, free text
ANSWERS = [
    ("Växjö", {"skolutveckling": 5, "integration": 3, "natur_kultur_fritid": None, "digitalisering": 4},
     ["integration", "skolutveckling", "digitalisering"], "Vi behöver\nfler, \"snabbt\"."),
    ("Ljungby", {"skolutveckling": 2, "integration": None, "natur_kultur_fritid": 4, "digitalisering": 1},
     ["natur_kultur_fritid", "digitalisering", "integration"], ""),
    ("Ljungby", {"skolutveckling": 4, "integration": 5, "natur_kultur_fritid": 5, "digitalisering": None},
     ["skolutveckling", "natur_kultur_fritid", "integration"], "NA"),
]  # fmt: skip
CODES = {"Växjö": "0780", "Ljungby": "0781"}


def expected() -> dict[tuple[str, str], tuple[float | None, float]]:
    """(code, area) → (mean rating, priority points), by hand from ANSWERS."""
    out = {}
    for code in set(CODES.values()):
        mine = [a for a in ANSWERS if CODES[a[0]] == code]
        for area in AREAS:
            rated = [a[1][area] for a in mine if a[1][area] is not None]
            points = sum(3 - a[2].index(area) for a in mine if area in a[2]) / len(mine)
            out[(code, area)] = (sum(rated) / len(rated) if rated else None, points)
    return out


def figures(data: bytes, name: str) -> dict[tuple[str, str], tuple[float | None, float]]:
    survey = read_survey(data, round_label="2024", file_name=name)
    table = measures.area_measures(survey)
    table = table[table["area_id"].isin(list(AREAS))]
    return {
        (r.kommun_kod, r.area_id): (
            None if r.medelbetyg != r.medelbetyg else r.medelbetyg,
            r.prioriteringspoang,
        )
        for r in table.itertuples()
    }


def google_csv(lang: str = "sv") -> bytes:
    """Google Forms: grid questions as "Question [row]", a ranking grid, e-mail column."""
    en = lang == "en"
    rate = (
        "How pressing is each challenge area for your municipality?"
        if en
        else "Hur angelägen är varje utmaning för er kommun?"
    )
    rank = (
        "Your three most important challenge areas, in order"
        if en
        else "Era tre viktigaste utmaningsområden, i ordning"
    )
    ranks = ["1st", "2nd", "3rd"] if en else ["Viktigast", "Näst viktigast", "Tredje viktigast"]
    header = ["Timestamp", "Email Address"] if en else ["Tidstämpel", "E-postadress"]
    header += ["Which municipality do you represent?" if en else "Vilken kommun representerar du?"]
    header += [f"{rate} [{labels[en]}]" for labels in AREAS.values()]
    header += [f"{rank} [{r}]" for r in ranks]
    header += [
        "Describe your most pressing challenge" if en else "Beskriv er mest angelägna utmaning"
    ]
    rows = [header]
    for i, (kommun, ratings, prios, text) in enumerate(ANSWERS):
        stamp = f"2024/10/22 {i + 1}:15:32 {'PM GMT+2' if en else 'em CEST'}"
        rows.append(
            [stamp, f"p{i}@example.se", kommun]
            + ["" if ratings[a] is None else str(ratings[a]) for a in AREAS]
            + [AREAS[p][en] for p in prios]
            + [text]
        )
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def ms_forms_xlsx(lang: str = "sv", sheet: str = "Sheet1") -> bytes:
    """Microsoft Forms: metadata columns, datetime cells, Likert columns "Question.Row"."""
    en = lang == "en"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    meta = (
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
        if en
        else ["ID", "Starttid", "Sluttid", "E-post", "Namn", "Senaste ändringstid"]
    )
    rate = "How pressing is each area?" if en else "Hur angelägen är varje utmaning?"
    ws.append(
        meta
        + ["Municipality" if en else "Kommun"]
        + [f"{rate}.{labels[en]}" for labels in AREAS.values()]
        + (["Priority 1", "Priority 2", "Priority 3"] if en else ["Prio 1", "Prio 2", "Prio 3"])
    )
    for i, (kommun, ratings, prios, _text) in enumerate(ANSWERS, 1):
        ws.append(
            [i, datetime(2024, 10, 22, 9, i), datetime(2024, 10, 22, 9, i + 5)]
            + [f"p{i}@example.se", f"Person {i}", None, kommun]
            + [ratings[a] for a in AREAS]
            + [AREAS[p][en] for p in prios]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_google_forms_ranking_grid_gives_all_three_priorities(lang: str) -> None:
    data = google_csv(lang)
    found = inspect_survey(data, round_label="2024", file_name="svar.csv")
    assert found.info.source_format == "google-forms-csv"
    targets = {d.target for d in found.info.decisions}
    assert {"prio_1", "prio_2", "prio_3"} <= targets
    assert figures(data, "svar.csv") == expected()


@pytest.mark.parametrize(("lang", "sheet"), [("sv", "Sheet1"), ("en", "Blad1")])
def test_microsoft_forms_metadata_columns_are_read_past_silently(lang: str, sheet: str) -> None:
    data = ms_forms_xlsx(lang, sheet)
    found = inspect_survey(data, round_label="2024", file_name="svar.xlsx")
    assert found.info.source_format == "microsoft-forms-xlsx"
    assert found.info.sheet == sheet
    reasons = {d.header: d.reason for d in found.info.decisions}
    modified = "Last modified time" if lang == "en" else "Senaste ändringstid"
    assert reasons[modified] == "metadata"
    assert not [w for w in found.outcome.warnings if w.code == "kolumn_okand"]
    assert figures(data, "svar.xlsx") == expected()


def excel_csv_rows() -> list[list[str]]:
    """What Swedish Excel saves: codes without their leading zero, ratings as "4,0"."""
    rows = [["Kommun", "Inskickad"] + [labels[0] for labels in AREAS.values()]]
    rows[0] += ["Prio 1", "Prio 2", "Prio 3", "Utmaning"]
    for kommun, ratings, prios, text in ANSWERS:
        rows.append(
            [CODES[kommun].lstrip("0"), "2024-10-22 09:15"]
            + ["" if ratings[a] is None else f"{ratings[a]},0" for a in AREAS]
            + [AREAS[p][0] for p in prios]
            + [text]
        )
    return rows


def excel_csv(rows: list[list[str]], sep_line: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return (("sep=;\r\n" if sep_line else "") + out.getvalue()).encode("cp1252")


@pytest.mark.parametrize("sep_line", [False, True])
def test_swedish_excel_csv_gives_the_independent_figures(sep_line: bool) -> None:
    data = excel_csv(excel_csv_rows(), sep_line)
    found = inspect_survey(data, round_label="2024", file_name="svar.csv")
    assert (found.info.source_format, found.info.encoding, found.info.separator) == (
        "excel-csv",
        "cp1252",
        ";",
    )
    assert figures(data, "svar.csv") == expected()


def errors_of(data: bytes) -> list[tuple[str, int | None, str | None, str | None]]:
    found = inspect_survey(data, round_label="2024", file_name="svar.csv")
    return [(p.code, p.row, p.column, p.value) for p in found.outcome.errors]


def test_an_extra_value_on_an_excel_row_names_its_column_letter_and_value() -> None:
    rows = excel_csv_rows()
    rows[2] = [*rows[2], "Ljungby"]  # one value too many on the second answer
    [(code, row, column, value)] = errors_of(excel_csv(rows))
    assert (code, row, column, value) == ("rad_ojamn", 3, "K", "Ljungby")
    found = inspect_survey(excel_csv(rows), round_label="2024", file_name="svar.csv")
    for lang in ("sv", "en"):
        message = found.outcome.errors[0].message(lang)
        assert all(part in message for part in ("3", "K", "'Ljungby'")), message


def test_a_short_excel_row_names_the_first_missing_column_and_the_last_value() -> None:
    rows = excel_csv_rows()
    rows[3] = rows[3][:6]  # the third answer stops after "Digitalisering"
    [(code, row, column, value)] = errors_of(excel_csv(rows))
    assert (code, row, column) == ("rad_ojamn", 4, "Prio 1")
    assert value == "5,0"  # the last rating read; the blank after it is not a value


@pytest.mark.parametrize("sep_line", [False, True])
def test_an_unclosed_quote_names_row_column_and_cell(sep_line: bool) -> None:
    text = excel_csv(excel_csv_rows(), sep_line).decode("cp1252").split("\r\n")
    line = 3 + sep_line  # the third answer, row 4 as Excel shows it (sep= is hidden)
    assert ";Skolutveckling;" in text[line]
    text[line] = text[line].replace(";Skolutveckling;", ';"Skolutveckling;', 1)
    data = "\r\n".join(text).encode("cp1252")
    found = inspect_survey(data, round_label="2024", file_name="svar.csv")
    [problem] = found.outcome.errors
    assert (problem.code, problem.row, problem.column, problem.value) == (
        "rad_citattecken",
        4,
        "Prio 1",
        '"Skolutveckling',
    )
    for lang in ("sv", "en"):
        assert "Prio 1" in problem.message(lang)
        assert '"Skolutveckling' in problem.message(lang)


def zip_bomb(declared: int | None = None) -> bytes:
    """A ~300 kB "workbook" whose sheet inflates to 300 MB; ``declared`` understates the
    sheet's size in the zip's directory and local header (a crafted bomb)."""
    import struct
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b" " * 300_000_000)
    data = bytearray(out.getvalue())
    if declared is not None:
        at = data.find(b"PK\x01\x02")
        while at != -1:
            length = struct.unpack("<H", data[at + 28 : at + 30])[0]
            if data[at + 46 : at + 46 + length].endswith(b"sheet1.xml"):
                local = struct.unpack("<I", data[at + 42 : at + 46])[0]
                data[at + 24 : at + 28] = struct.pack("<I", declared)
                data[local + 22 : local + 26] = struct.pack("<I", declared)
            at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


@pytest.mark.parametrize(("declared", "code"), [(None, "fil_zipbomb"), (1000, "fil_xlsx_trasig")])
def test_a_zip_bomb_is_refused_in_well_under_a_second(declared: int | None, code: str) -> None:
    import time

    data = zip_bomb(declared)
    assert len(data) < 400_000
    started = time.perf_counter()
    found = inspect_survey(data, round_label="2024", file_name="svar.xlsx")
    elapsed = time.perf_counter() - started
    assert [p.code for p in found.outcome.errors] == [code]
    assert elapsed < 0.5, elapsed


def test_a_refused_workbook_is_not_reported_as_read_as_csv() -> None:
    from linnedata.survey import detection_line

    found = inspect_survey(zip_bomb(), round_label="2024", file_name="svar.xlsx")
    assert found.info.source_format == "xlsx"
    assert "CSV" not in detection_line(found.info, "sv")
    assert "workbook" in detection_line(found.info, "en")


def test_empty_rows_excel_adds_after_the_answers_are_no_warning_but_between_them_are() -> None:
    rows = excel_csv_rows()
    width = len(rows[0])
    margin = [[""] * width] * 5  # Excel writes ";;;;;;;;;" for formatted empty rows
    data = excel_csv([*rows[:2], [""] * width, *rows[2:], *margin])
    found = inspect_survey(data, round_label="2024", file_name="svar.csv")
    assert not found.outcome.errors
    assert [(w.code, w.row) for w in found.outcome.warnings if w.code == "rad_tom"] == [
        ("rad_tom", 3)
    ]
    assert figures(data, "svar.csv") == expected()


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("0780 Växjö", "0780"),
        ("Växjö (0780)", "0780"),
        ("Habo (0643)", "0643"),
        ("0781 - Ljungby", "0781"),
    ],
)
def test_a_drop_down_label_with_code_and_name_resolves_when_they_agree(
    cell: str, code: str
) -> None:
    rows = excel_csv_rows()
    rows[1][0] = cell
    found = inspect_survey(excel_csv(rows), round_label="2024", file_name="svar.csv")
    assert not found.outcome.errors
    assert found.outcome.responses["kommun_kod"].iloc[0] == code


def test_a_code_and_name_that_disagree_are_refused_naming_the_cell() -> None:
    rows = excel_csv_rows()
    rows[1][0] = "0780 Kalmar"
    assert errors_of(excel_csv(rows)) == [("kommun_okand", 2, "Kommun", "0780 Kalmar")]
