"""Reading and validating the canonical survey CSV (linnedata.survey)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from linnedata import i18n
from linnedata.errors import InputError, Problem
from linnedata.survey import (
    Survey,
    parse_rating,
    parse_timestamp,
    read_survey,
    round_from_file_name,
    validation_report,
)
from linnedata.taxonomy import default_taxonomy

HEADER = (
    "kommun,inskickad,roll,betyg_integration,betyg_skolutveckling,prio_1,prio_2,prio_3,"
    "samverkansformer,seminarieintresse,medfinansiering,utmaning_fritext"
)
GOOD_ROW = "Växjö,2024-10-01 14:03,annan,4,,integration,skolutveckling,,forskning,ja,nej,Text"


def swedish(text: str) -> pd.Timestamp:
    """A Swedish local time as the reader stores it: in UTC."""
    return pd.Timestamp(text, tz="Europe/Stockholm").tz_convert("UTC")


def csv_bytes(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    """Lines joined into a CSV file's bytes."""
    return (newline.join(lines) + newline).encode(encoding)


def one_column(column: str, cell: str, extra: str = "") -> bytes:
    """A file with a municipality column and one other column holding ``cell``."""
    header = f"kommun,{column}" + (f",{extra}" if extra else "")
    quoted = '"' + cell.replace('"', '""') + '"'
    return csv_bytes(header, f"Växjö,{quoted}" + ("," if extra else ""))


def import_errors(data: bytes, **options: object) -> list[Problem]:
    """The errors an import of ``data`` raises (fails the test when it imports)."""
    with pytest.raises(InputError) as caught:
        read_survey(data, round_label="2024", **options)  # type: ignore[arg-type]
    return caught.value.errors


def import_warnings(data: bytes, **options: object) -> list[Problem]:
    """The warnings an import of ``data`` raises (with errors) or returns."""
    try:
        return list(read_survey(data, round_label="2024", **options).warnings)  # type: ignore[arg-type]
    except InputError as error:
        return error.warnings


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# --- a whole file ---------------------------------------------------------------------------


def test_good_file_gives_the_documented_tables() -> None:
    data = csv_bytes(
        HEADER,
        GOOD_ROW,
        '780,2024-10-02T09:00:00,Kommundirektör,"4,0",2,Skills supply,,,'
        '"Forskning; workshop;",Kanske,vet ej,',
        "Kalmar,,,,,,,,,,,",
    )
    survey = read_survey(data, round_label="2024", file_name="enkat_2024.csv")

    assert isinstance(survey, Survey)
    assert (survey.round, survey.source_format, survey.file_name) == (
        "2024",
        "canonical-csv",
        "enkat_2024.csv",
    )
    expected = pd.DataFrame(
        {
            "respondent": pd.Series([1, 2, 3], dtype="int64"),
            "kalla_rad": pd.Series([2, 3, 4], dtype="int64"),
            "kommun_kod": pd.Series(["0780", "0780", "0880"], dtype="string"),
            "inskickad": pd.Series(
                [swedish("2024-10-01 14:03"), swedish("2024-10-02 09:00"), pd.NaT],
                dtype="datetime64[ns, UTC]",
            ),
            "roll": pd.Series(["annan", "kommundirektör", None], dtype="string"),
            "prio_1": pd.Series(["integration", "kompetensforsorjning", None], dtype="string"),
            "prio_2": pd.Series(["skolutveckling", None, None], dtype="string"),
            "prio_3": pd.Series([None, None, None], dtype="string"),
            "seminarieintresse": pd.Series(["ja", "kanske", None], dtype="string"),
            "medfinansiering": pd.Series(["nej", "vet ej", None], dtype="string"),
            "utmaning_fritext": pd.Series(["Text", "", ""], dtype="string"),
        }
    )
    pd.testing.assert_frame_equal(survey.responses, expected)
    forms = pd.DataFrame(
        {
            "respondent": pd.Series([1, 2, 2], dtype="int64"),
            "form_id": pd.Series(["forskning", "forskning", "workshop"], dtype="string"),
        }
    )
    pd.testing.assert_frame_equal(survey.forms, forms)
    assert survey.warnings == ()


def test_ratings_have_every_respondent_and_area_in_taxonomy_order() -> None:
    data = csv_bytes(HEADER, GOOD_ROW, "Kalmar,,,,5,,,,,,,")
    ratings = read_survey(data, round_label="2024").ratings
    areas = default_taxonomy().area_ids

    assert list(ratings.columns) == ["respondent", "area_id", "betyg"]
    assert str(ratings["betyg"].dtype) == "Int64"
    assert ratings["respondent"].tolist() == [1] * len(areas) + [2] * len(areas)
    assert ratings["area_id"].tolist() == areas * 2
    rated = ratings.dropna(subset=["betyg"])
    assert rated[["respondent", "area_id"]].values.tolist() == [
        [1, "integration"],
        [2, "skolutveckling"],
    ]
    assert rated["betyg"].tolist() == [4, 5]
    # Areas without a column in the file are missing, never zero.
    assert ratings.loc[ratings["area_id"] == "digitalisering", "betyg"].isna().all()
    assert (ratings["betyg"].dropna() != 0).all()


def test_blank_rating_is_missing_never_zero() -> None:
    ratings = read_survey(one_column("betyg_integration", "  "), round_label="2024").ratings
    betyg = ratings.loc[ratings["area_id"] == "integration", "betyg"]
    assert betyg.isna().all()
    assert betyg.fillna(-1).tolist() == [-1]


def test_all_errors_are_collected_in_one_pass() -> None:
    data = csv_bytes(
        HEADER,
        "Växsjö,2024-10-01,boss,7,4.5,Skol,,,forsk,kanhända,,",
        GOOD_ROW,
        ",gisteroch,,abc,,integration,integration,,,,,",
    )
    errors = import_errors(data)
    found = [(p.row, p.column, p.value, p.code) for p in errors]
    assert found == [
        (2, "kommun", "Växsjö", "kommun_okand"),
        (2, "roll", "boss", "val_okant"),
        (2, "betyg_integration", "7", "betyg_ogiltigt"),
        (2, "betyg_skolutveckling", "4.5", "betyg_ogiltigt"),
        (2, "prio_1", "Skol", "omrade_okant"),
        (2, "samverkansformer", "forsk", "form_okand"),
        (2, "seminarieintresse", "kanhända", "val_okant"),
        (4, "kommun", "", "kommun_saknas"),
        (4, "inskickad", "gisteroch", "datum_ogiltigt"),
        (4, "betyg_integration", "abc", "betyg_etiketter_okanda"),  # a label: one error
        (4, "prio_2", "integration", "prio_upprepad"),
    ]


def test_read_survey_accepts_a_path_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "svar_2023.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD_ROW))
    survey = read_survey(path, round_label=round_from_file_name(path.name))
    assert (survey.round, survey.file_name, len(survey.responses)) == ("2023", "svar_2023.csv", 1)


# --- encodings, separators, rows ------------------------------------------------------------


def test_semicolon_cp1252_file_reads_the_same_as_comma_utf8() -> None:
    comma = csv_bytes(HEADER, GOOD_ROW, 'Mörbylånga,,Förtroendevald,"4,0",,,,,,,,"Åtgärd, snart"')
    semicolon = csv_bytes(
        HEADER.replace(",", ";"),
        GOOD_ROW.replace(",", ";"),
        "Mörbylånga;;Förtroendevald;4,0;;;;;;;;Åtgärd, snart",
        encoding="cp1252",
        newline="\r\n",
    )
    a = read_survey(comma, round_label="2024")
    b = read_survey(semicolon, round_label="2024")
    pd.testing.assert_frame_equal(a.responses, b.responses)
    pd.testing.assert_frame_equal(a.ratings, b.ratings)
    pd.testing.assert_frame_equal(a.forms, b.forms)
    assert b.responses["kommun_kod"].tolist() == ["0780", "0840"]
    assert b.responses["utmaning_fritext"].tolist() == ["Text", "Åtgärd, snart"]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_every_encoding_and_separator_variant_reads(separator: str, encoding: str) -> None:
    data = csv_bytes(
        f"Kommun{separator}Betyg_Integration{separator}utmaning_fritext",
        f"Växjö{separator}4{separator}Ökad å",
        encoding=encoding,
    )
    survey = read_survey(data, round_label="2024")
    assert survey.responses["kommun_kod"].tolist() == ["0780"]
    assert survey.responses["utmaning_fritext"].tolist() == ["Ökad å"]
    assert survey.ratings.dropna()["betyg"].tolist() == [4]


def test_utf8_bom_does_not_stick_to_the_first_header() -> None:
    data = b"\xef\xbb\xbf" + csv_bytes("kommun;betyg_integration", "0780;3")
    survey = read_survey(data, round_label="2024")
    assert survey.warnings == ()
    assert survey.responses["kommun_kod"].tolist() == ["0780"]


def test_excel_sep_line_is_honoured() -> None:
    data = csv_bytes("sep=;", "kommun;utmaning_fritext", "Växjö;a, b")
    survey = read_survey(data, round_label="2024")
    assert survey.responses["utmaning_fritext"].tolist() == ["a, b"]
    assert survey.responses["kalla_rad"].tolist() == [2]


def test_semicolon_file_never_becomes_one_garbage_column() -> None:
    data = csv_bytes("kommun;roll;utmaning_fritext", "Växjö;annan;Svårt, mycket svårt")
    survey = read_survey(data, round_label="2024")
    assert survey.responses[["kommun_kod", "roll"]].values.tolist() == [["0780", "annan"]]


def test_file_without_a_kommun_column_names_the_columns_it_has() -> None:
    errors = import_errors(csv_bytes("ort;roll", "Ingen;annan"))
    assert codes(errors) == ["kolumn_saknas"]
    assert "'ort', 'roll'" in errors[0].message()


def test_a_column_of_municipalities_under_an_unknown_header_is_proposed() -> None:
    errors = import_errors(csv_bytes("ort;roll", "Växjö;annan"))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("kommun_foreslagen", 1, "ort", "Växjö")
    ]
    assert "kolumnen 'ort' ser ut att vara kommunen: 1 av 1 värden" in errors[0].message()


def test_quoted_line_breaks_count_as_one_row() -> None:
    data = csv_bytes(
        "kommun,utmaning_fritext,betyg_integration",
        'Växjö,"Rad ett\nrad två\r\nrad tre",3',
        "Kalmar,,9",
    )
    errors = import_errors(data)
    assert [(p.row, p.column, p.value) for p in errors] == [(3, "betyg_integration", "9")]


def test_quoted_line_breaks_are_kept_in_free_text() -> None:
    data = csv_bytes("kommun,utmaning_fritext", 'Växjö,"Rad ett\nrad två"', "Kalmar,x")
    survey = read_survey(data, round_label="2024")
    assert survey.responses["utmaning_fritext"].tolist() == ["Rad ett\nrad två", "x"]
    assert survey.responses["kalla_rad"].tolist() == [2, 3]


def test_empty_rows_are_skipped_with_a_warning_and_rows_keep_their_numbers() -> None:
    data = csv_bytes("kommun,betyg_integration", "Växjö,3", "", ",", "Kalmar,2")
    survey = read_survey(data, round_label="2024")
    assert survey.responses["kalla_rad"].tolist() == [2, 5]
    assert [(p.code, p.row) for p in survey.warnings] == [("rad_tom", 3), ("rad_tom", 4)]
    assert "Rad 3" in survey.warnings[0].message()


def test_blank_lines_above_the_header_shift_row_numbers() -> None:
    data = csv_bytes("", "kommun,betyg_integration", "Växjö,0")
    assert [(p.row, p.value) for p in import_errors(data)] == [(3, "0")]


@pytest.mark.parametrize(
    ("line", "found"),
    [("Växjö,3,extra", 3), ("Växjö", 1)],
)
def test_ragged_row_is_an_error_with_its_row(line: str, found: int) -> None:
    data = csv_bytes("kommun,betyg_integration", "Kalmar,2", line)
    errors = import_errors(data)
    assert [(p.code, p.row, p.params["found"], p.params["expected"]) for p in errors] == [
        ("rad_ojamn", 3, found, 2)
    ]
    assert "Rad 3 har" in errors[0].message()


def test_trailing_empty_fields_are_not_ragged() -> None:
    data = csv_bytes("kommun,betyg_integration", "Växjö,3,,")
    assert read_survey(data, round_label="2024").responses["kommun_kod"].tolist() == ["0780"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "fil_tom"),
        (b"  \r\n\n", "fil_tom"),
        (b"\xef\xbb\xbf", "fil_tom"),
        (csv_bytes(HEADER), "fil_inga_rader"),
        (csv_bytes(HEADER, ",,,,,,,,,,,"), "fil_inga_rader"),
        (b"kommun\n\x81\x8d\x8f\x90\x9d", "fil_kodning"),
        (b"kommun\x00,roll\n", "fil_inga_rader"),
        (b"PK\x03\x04\x14\x00\x06\x00", "fil_xlsx_trasig"),
    ],
)
def test_unreadable_file_gives_one_clear_error(data: bytes, code: str) -> None:
    errors = import_errors(data)
    assert [(p.code, p.row) for p in errors] == [(code, None)]
    report = validation_report(data)
    assert report["ok"] is False
    assert [e["row"] for e in report["errors"]] == [None]


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    data = csv_bytes(HEADER, GOOD_ROW)
    errors = import_errors(data, max_bytes=10)
    assert codes(errors) == ["fil_for_stor"]
    assert "större än gränsen" in errors[0].message()
    path = tmp_path / "stor.csv"
    path.write_bytes(data)
    assert codes(import_errors(path.read_bytes(), max_bytes=len(data) - 1)) == ["fil_for_stor"]
    report = validation_report(path, max_bytes=10)
    assert [e["message"][:8] for e in report["errors"]] == ["Filen är"]


# --- columns --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["kommun", "Kommun", " KOMMUN ", "kommun\u00a0", "\ufeffkommun"],
)
def test_kommun_header_variants_are_recognised(header: str) -> None:
    data = csv_bytes(f"{header},Betyg_Integration", "Växjö,3")
    assert read_survey(data, round_label="2024").responses["kommun_kod"].tolist() == ["0780"]


@pytest.mark.parametrize(
    ("header", "area"),
    [
        ("betyg_integration", "integration"),
        ("BETYG_INTEGRATION", "integration"),
        ("betyg_natur_kultur_fritid", "natur_kultur_fritid"),
        ("betyg_Näringslivsutveckling", "naringslivsutveckling"),
        (unicodedata.normalize("NFD", "betyg_näringslivsutveckling"), "naringslivsutveckling"),
        ("betyg_Trygghet och tillit", "trygghet_tillit"),
    ],
)
def test_rating_header_variants_map_to_areas(header: str, area: str) -> None:
    data = csv_bytes(f'kommun,"{header}"', "Växjö,5")
    ratings = read_survey(data, round_label="2024").ratings
    assert ratings.dropna()[["area_id", "betyg"]].values.tolist() == [[area, 5]]


def test_rating_column_of_an_unknown_area_is_an_error_with_suggestions() -> None:
    errors = import_errors(csv_bytes("kommun,betyg_integratoin", "Växjö,5"))
    assert [(p.code, p.row, p.column) for p in errors] == [
        ("kolumn_betyg_okand", 1, "betyg_integratoin")
    ]
    assert "menade du Integration?" in errors[0].message()


@pytest.mark.parametrize("header", ["namn", "Epost", "E-post", "telefon", "Email"])
def test_personal_data_columns_are_dropped_with_a_warning(header: str) -> None:
    data = csv_bytes(f"kommun,{header},utmaning_fritext", "Växjö,Anna Andersson 070-1234567,Hej")
    survey = read_survey(data, round_label="2024")
    assert [(p.code, p.column) for p in survey.warnings] == [("kolumn_personuppgift", header)]
    for table in (survey.responses, survey.ratings, survey.forms):
        assert header not in table.columns
        assert header.lower() not in table.columns
        assert not table.astype(str).isin(["Anna Andersson 070-1234567"]).any().any()


def test_name_email_and_phone_are_absent_from_every_table() -> None:
    data = csv_bytes(
        "kommun,namn,epost,telefon,utmaning_fritext",
        "Växjö,Anna,anna@example.se,0701234567,Hej",
    )
    survey = read_survey(data, round_label="2024")
    assert codes(list(survey.warnings)) == ["kolumn_personuppgift"] * 3
    cells = {
        str(v) for t in (survey.responses, survey.ratings, survey.forms) for v in t.values.ravel()
    }
    assert cells.isdisjoint({"Anna", "anna@example.se", "0701234567"})
    columns = {c for t in (survey.responses, survey.ratings, survey.forms) for c in t.columns}
    assert columns.isdisjoint({"namn", "epost", "telefon"})


def test_unknown_column_is_a_warning_that_names_it() -> None:
    data = csv_bytes("kommun,betyg_integration,Kommentar", "Växjö,4,x")
    survey = read_survey(data, round_label="2024")
    assert [(p.code, p.column) for p in survey.warnings] == [("kolumn_okand", "Kommentar")]
    assert "'Kommentar'" in survey.warnings[0].message()


def test_a_file_whose_unread_columns_leave_it_without_ratings_is_told_once() -> None:
    data = csv_bytes("kommun,Hur angeläget är området?,Kommentar", "Växjö,Ganska,x")
    survey = read_survey(data, round_label="2024")
    assert [p.code for p in survey.warnings].count("betyg_inga") == 1
    assert "inga betyg" in next(p for p in survey.warnings if p.code == "betyg_inga").message()


def test_column_without_header_but_with_content_is_a_warning() -> None:
    survey = read_survey(csv_bytes("kommun,", "Växjö,x", "Kalmar,y"), round_label="2024")
    assert [(p.code, p.row, p.value) for p in survey.warnings] == [("kolumn_utan_rubrik", 2, "x")]


@pytest.mark.parametrize(
    "header", ["kommun,roll,roll", "kommun,betyg_integration,Betyg_Integration"]
)
def test_duplicate_headers_are_an_error(header: str) -> None:
    data = csv_bytes(header, "Växjö,,")
    errors = import_errors(data)
    assert [(p.code, p.row) for p in errors] == [("kolumn_dubblett", 1)]


def test_two_unread_columns_with_one_header_are_no_error() -> None:
    survey = read_survey(
        csv_bytes("kommun,betyg_integration,x,x", "Växjö,4,a,b"), round_label="2024"
    )
    assert [(p.code, p.column) for p in survey.warnings] == [("kolumn_okand", "x")] * 2


# --- municipality cells ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("0780", "0780"),
        ("780", "0780"),
        (" 780 ", "0780"),
        ("Växjö", "0780"),
        ("Växjö kommun", "0780"),
        ("VÄXJÖ", "0780"),
        ("Vaxjo", "0780"),
        ("vaxjo", "0780"),
        (unicodedata.normalize("NFD", "Växjö"), "0780"),
        ("Jönköpings kommun", "0680"),
        ("Mörbylånga", "0840"),
        ("604", "0604"),
        ("0643", "0643"),
    ],
)
def test_municipality_variants_resolve(cell: str, code: str) -> None:
    data = csv_bytes("kommun", f'"{cell}"')
    assert read_survey(data, round_label="2024").responses["kommun_kod"].tolist() == [code]


def test_unknown_municipality_suggests_the_closest_names() -> None:
    errors = import_errors(csv_bytes("kommun", "Kalmar", "Kalmar", "Kalmar", "Växsjö"))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("kommun_okand", 5, "kommun", "Växsjö")
    ]
    assert (
        errors[0]
        .message()
        .startswith("Okänd kommun 'Växsjö' på rad 5, kolumn kommun – menade du Växjö")
    )
    assert "did you mean Växjö" in errors[0].message("en")


def test_unknown_code_says_so_without_suggestions() -> None:
    errors = import_errors(csv_bytes("kommun", "9999"))
    assert codes(errors) == ["kommun_okand"]
    assert "menade du" not in errors[0].message()
    assert "kolumn kommun. Skriv" in errors[0].message()


def test_ambiguous_municipality_names_both() -> None:
    errors = import_errors(csv_bytes("kommun", "Hābo"))
    assert codes(errors) == ["kommun_tvetydig"]
    assert "Håbo eller Habo" in errors[0].message()


@pytest.mark.parametrize(
    ("cell", "code"),
    [("Håbo", "0305"), (unicodedata.normalize("NFD", "Håbo kommun"), "0305"), ("305", "0305")],
)
def test_habo_with_its_ring_or_code_is_hbo(cell: str, code: str) -> None:
    data = csv_bytes("kommun", cell)
    survey = read_survey(data, round_label="2024", allow_outside_region=True)
    assert survey.responses["kommun_kod"].tolist() == [code]


@pytest.mark.parametrize("cell", ["Habo", "HABO", "habo kommun", "Habo kommun"])
def test_an_exact_name_wins_whatever_its_case(cell: str) -> None:
    survey = read_survey(csv_bytes("kommun", cell), round_label="2024")
    assert survey.responses["kommun_kod"].tolist() == ["0643"]


@pytest.mark.parametrize("cell", ["Hâbo", "Hàbo", "HÀBO"])
def test_a_spelling_that_is_no_name_is_ambiguous_between_habo_and_habo(cell: str) -> None:
    errors = import_errors(csv_bytes("kommun", cell))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("kommun_tvetydig", 2, "kommun", cell)
    ]
    message = errors[0].message()
    assert "Håbo" in message
    assert "Habo" in message
    assert f"'{cell}'" in message


def test_municipality_outside_the_region_is_an_error_unless_allowed() -> None:
    data = csv_bytes("kommun", "Växjö", "Stockholm")
    errors = import_errors(data)
    assert [(p.code, p.row, p.value) for p in errors] == [("kommun_utanfor", 3, "Stockholm")]
    assert "0180" in errors[0].message()
    survey = read_survey(data, round_label="2024", allow_outside_region=True)
    assert survey.responses["kommun_kod"].tolist() == ["0780", "0180"]
    assert codes(list(survey.warnings)) == ["kommun_utanfor_tillaten"]


def test_blank_municipality_is_an_error() -> None:
    errors = import_errors(csv_bytes("kommun,roll", " ,annan"))
    assert [(p.code, p.row, p.column) for p in errors] == [("kommun_saknas", 2, "kommun")]


# --- ratings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1", 1),
        ("4", 4),
        ("5", 5),
        ("4.0", 4),
        ("4,0", 4),
        ("4,00", 4),
        (" 4 ", 4),
        ("4 - Ganska angeläget", 4),
        ("4 – Ganska angeläget", 4),
        ("5 Mycket angeläget", 5),
        ("1: Inte alls", 1),
        ("\u00a03\u00a0", 3),
        ("", None),
        ("   ", None),
    ],
)
def test_rating_variants_are_read(cell: str, expected: int | None) -> None:
    assert parse_rating(cell) == expected
    ratings = read_survey(one_column("betyg_integration", cell), round_label="2024").ratings
    value = ratings.loc[ratings["area_id"] == "integration", "betyg"].iloc[0]
    assert (value is pd.NA) if expected is None else (value == expected)


@pytest.mark.parametrize("cell", ["0", "6", "4.5", "3,7", "-4", "45", "4/5", "1e0", "0,0", "5.01"])
def test_bad_rating_names_row_column_and_value(cell: str) -> None:
    data = csv_bytes("kommun,Betyg_Integration", "Kalmar,3", f'Växjö,"{cell}"')
    errors = import_errors(data)
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("betyg_ogiltigt", 3, "Betyg_Integration", cell)
    ]
    assert errors[0].message() == (
        f"Betyget '{cell}' på rad 3, kolumn Betyg_Integration är inte ett heltal 1–5. "
        "Skriv 1, 2, 3, 4 eller 5, eller lämna cellen tom."
    )


@pytest.mark.parametrize("cell", ["abc", "fyra"])
def test_a_word_off_the_scale_is_a_label_named_in_the_one_label_error(cell: str) -> None:
    data = csv_bytes("kommun,Betyg_Integration", "Kalmar,3", f'Växjö,"{cell}"')
    errors = import_errors(data)
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("betyg_etiketter_okanda", 3, "Betyg_Integration", cell)
    ]
    assert f"(1 olika): '{cell}' (1 cell, rad 3)." in errors[0].message()


# --- priorities and forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "area"),
    [
        ("integration", "integration"),
        ("Integration", "integration"),
        ("Näringslivsutveckling", "naringslivsutveckling"),
        ("Naringslivsutveckling", "naringslivsutveckling"),
        ("Skills supply", "kompetensforsorjning"),
        ("  trygghet och tillit ", "trygghet_tillit"),
        ("natur_kultur_fritid", "natur_kultur_fritid"),
        ("Natur, kultur och fritid", "natur_kultur_fritid"),
        ("", None),
    ],
)
def test_priority_variants_resolve(cell: str, area: str | None) -> None:
    value = read_survey(one_column("prio_1", cell), round_label="2024").responses["prio_1"][0]
    assert (value is pd.NA) if area is None else (value == area)


def test_unknown_priority_is_an_error_with_suggestions() -> None:
    errors = import_errors(one_column("prio_2", "Digitalsering"))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("omrade_okant", 2, "prio_2", "Digitalsering")
    ]
    assert "menade du Digitalisering?" in errors[0].message()


def test_same_area_twice_in_one_response_is_an_error() -> None:
    data = csv_bytes("kommun,prio_1,prio_2,prio_3", "Växjö,Integration,skolutveckling,integration")
    errors = import_errors(data)
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("prio_upprepad", 2, "prio_3", "integration")
    ]
    assert "kolumn prio_1" in errors[0].message()


@pytest.mark.parametrize(
    ("cell", "forms"),
    [
        ("forskning", ["forskning"]),
        ("forskning;workshop", ["forskning", "workshop"]),
        ("Forskning; Workshop;", ["forskning", "workshop"]),
        ("Research, Workshop", ["forskning", "workshop"]),
        ("Student project;Kurs", ["studentprojekt", "kurs"]),
        ("utvärdering;Utvardering;forskning", ["utvardering", "forskning"]),
        ("", []),
        (";", []),
    ],
)
def test_form_variants_are_split_and_counted_once(cell: str, forms: list[str]) -> None:
    survey = read_survey(one_column("samverkansformer", cell), round_label="2024")
    assert survey.forms["form_id"].tolist() == forms
    assert survey.forms["respondent"].tolist() == [1] * len(forms)


def test_unknown_form_is_an_error_with_suggestions() -> None:
    errors = import_errors(one_column("samverkansformer", "forskning;Analyss;"))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("form_okand", 2, "samverkansformer", "Analyss")
    ]
    assert "menade du Analys?" in errors[0].message()


# --- single choices -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("seminarieintresse", "ja", "ja"),
        ("seminarieintresse", "JA", "ja"),
        ("seminarieintresse", " Nej ", "nej"),
        ("seminarieintresse", "Kanske", "kanske"),
        ("seminarieintresse", "yes", "ja"),
        ("seminarieintresse", "Maybe", "kanske"),
        ("seminarieintresse", "", None),
        ("medfinansiering", "Vet ej", "vet ej"),
        ("medfinansiering", "vet inte", "vet ej"),
        ("medfinansiering", "Don't know", "vet ej"),
        ("medfinansiering", "don’t know", "vet ej"),
        ("medfinansiering", "No", "nej"),
        ("roll", "Kommundirektör", "kommundirektör"),
        ("roll", "KOMMUNDIREKTOR", "kommundirektör"),
        ("roll", "förvaltningschef", "förvaltningschef"),
        ("roll", "Fortroendevald", "förtroendevald"),
        ("roll", "Tjänsteperson", "tjänsteperson"),
        ("roll", unicodedata.normalize("NFD", "tjänsteperson"), "tjänsteperson"),
        ("roll", "Annan", "annan"),
        ("roll", "", None),
    ],
)
def test_choice_variants_are_read(column: str, cell: str, expected: str | None) -> None:
    value = read_survey(one_column(column, cell), round_label="2024").responses[column][0]
    assert (value is pd.NA) if expected is None else (value == expected)


@pytest.mark.parametrize(
    ("column", "cell", "allowed"),
    [
        ("seminarieintresse", "kanhända", "ja, nej eller kanske"),
        ("medfinansiering", "kanske", "ja, nej eller vet ej"),
        (
            "roll",
            "chef",
            "kommundirektör, förvaltningschef, förtroendevald, tjänsteperson eller annan",
        ),
    ],
)
def test_bad_choice_lists_the_allowed_values(column: str, cell: str, allowed: str) -> None:
    errors = import_errors(one_column(column, cell))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [("val_okant", 2, column, cell)]
    assert allowed in errors[0].message()
    assert "or" in errors[0].message("en")


# --- submission time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-10-01", "2024-10-01 00:00"),
        ("2024-10-01 14:03", "2024-10-01 14:03"),
        ("2024-10-01T14:03:00", "2024-10-01 14:03"),
        ("2024-10-01T14:03:27.123", "2024-10-01 14:03:27.123"),
        ("2024/10/01 14:03", "2024-10-01 14:03"),
        ("2024-1-5 9:07", "2024-01-05 09:07"),
        ("2024-10-01T12:03:00Z", "2024-10-01 14:03"),
        ("2024-01-15T12:03:00+00:00", "2024-01-15 13:03"),
        ("1 okt 2024", "2024-10-01 00:00"),
        ("1 oktober 2024 14:03", "2024-10-01 14:03"),
        ("15 May 2024", "2024-05-15 00:00"),
    ],
)
def test_timestamp_variants_are_read(cell: str, expected: str) -> None:
    assert parse_timestamp(cell) == swedish(expected)
    value = read_survey(one_column("inskickad", cell), round_label="2024").responses["inskickad"]
    assert value.tolist() == [swedish(expected)]
    assert str(value.dtype) == "datetime64[ns, UTC]"


@pytest.mark.parametrize(
    ("cell", "utc"),
    [
        ("2024-03-31 01:59", "2024-03-31 00:59"),  # the last minute of winter time
        ("2024-03-31 03:00", "2024-03-31 01:00"),  # the first of summer time
        ("2024-10-27 01:00", "2024-10-26 23:00"),
        ("2024-10-27 04:00", "2024-10-27 03:00"),  # winter time again
        ("2024-07-01 12:00 CET", "2024-07-01 11:00"),  # a written zone is honoured as written
    ],
)
def test_times_without_a_zone_are_swedish_time_with_summer_time_by_the_date(
    cell: str, utc: str
) -> None:
    assert parse_timestamp(cell) == pd.Timestamp(utc, tz="UTC")


@pytest.mark.parametrize(
    "cell", ["igår", "2024-13-01", "2024-02-30", "13/13/2024", "2024-10-01 25:00", "32 okt 2024"]
)
def test_unreadable_timestamp_is_an_error(cell: str) -> None:
    errors = import_errors(one_column("inskickad", cell))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("datum_ogiltigt", 2, "inskickad", cell)
    ]


def test_a_day_month_date_no_other_date_settles_is_an_error_saying_so() -> None:
    errors = import_errors(one_column("inskickad", "01/10/2024"))
    assert [(p.code, p.row, p.column, p.value) for p in errors] == [
        ("datum_tvetydigt", 2, "inskickad", "01/10/2024")
    ]
    assert "dag/månad och månad/dag" in errors[0].message()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["01/10/2024 14:03", "13/10/2024 09:00"], ["2024-10-01 14:03", "2024-10-13 09:00"]),
        (["10/01/2024 2:03:07 PM", "10/13/2024 9:00"], ["2024-10-01 14:03:07", "2024-10-13 09:00"]),
        (["1.10.2024 14:03", "2.10.2024"], ["2024-10-01 14:03", "2024-10-02 00:00"]),
    ],
)
def test_day_month_order_is_settled_by_the_column(cells: list[str], expected: list[str]) -> None:
    lines = ["kommun,inskickad", *(f"Växjö,{c}" for c in cells)]
    survey = read_survey(csv_bytes(*lines), round_label="2024")
    assert survey.responses["inskickad"].tolist() == [swedish(e) for e in expected]


def test_blank_timestamp_is_nat() -> None:
    value = read_survey(one_column("inskickad", ""), round_label="2024").responses["inskickad"]
    assert value.isna().tolist() == [True]


# --- free text and duplicates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("NA", "NA"),
        ("None", "None"),
        ("null", "null"),
        ("N/A", "N/A"),
        ("0780", "0780"),
        ("  Vi behöver fler lärare.  ", "Vi behöver fler lärare."),
        ("=SUM(A1:A2)", "=SUM(A1:A2)"),
        ("<b>fet</b>", "<b>fet</b>"),
        ('Säg "hej"', 'Säg "hej"'),
        ("", ""),
    ],
)
def test_free_text_is_kept_as_text(cell: str, expected: str) -> None:
    survey = read_survey(one_column("utmaning_fritext", cell), round_label="2024")
    assert survey.responses["utmaning_fritext"].tolist() == [expected]


def test_na_cells_stay_text_everywhere() -> None:
    data = csv_bytes("kommun,utmaning_fritext,roll", "Växjö,NA,NA")
    errors = import_errors(data)
    assert [(p.code, p.value) for p in errors] == [("val_okant", "NA")]


def test_duplicate_respondent_is_counted_once_with_a_warning() -> None:
    data = csv_bytes(
        HEADER, GOOD_ROW, GOOD_ROW.replace("Växjö", "780"), GOOD_ROW.replace(",4,", ",5,")
    )
    survey = read_survey(data, round_label="2024")
    assert survey.responses["kalla_rad"].tolist() == [2, 4]
    assert survey.responses["respondent"].tolist() == [1, 2]
    assert [(p.code, p.row, p.params["first"]) for p in survey.warnings] == [
        ("svar_dubblett", 3, 2)
    ]
    assert "Rad 3" in survey.warnings[0].message()
    assert "rad 2" in survey.warnings[0].message()
    assert len(survey.ratings) == 2 * len(default_taxonomy().area_ids)
    assert survey.forms["respondent"].tolist() == [1, 2]
    report = validation_report(data)
    assert (report["responses"], report["municipalities"], len(report["warnings"])) == (2, 1, 1)


def test_same_municipality_with_other_time_is_not_a_duplicate() -> None:
    data = csv_bytes(HEADER, GOOD_ROW, GOOD_ROW.replace("14:03", "14:04"))
    survey = read_survey(data, round_label="2024")
    assert len(survey.responses) == 2
    assert survey.warnings == ()


# --- rounds and the report ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("enkat_2024.csv", "2024"),
        ("Linné 2023 svar (1).csv", "2023"),
        ("svar-1999-v2.xlsx", "1999"),
        ("20241001_export.csv", "20241001_export"),
        ("svar 12024.csv", "svar 12024"),
        ("2025_2024.csv", "2025"),
        ("svar hösten.csv", "svar hösten"),
        ("/tmp/ut/enkät_2022.csv", "2022"),
    ],
)
def test_round_from_file_name(name: str, expected: str) -> None:
    assert round_from_file_name(name) == expected


@pytest.mark.parametrize("label", ["", "   ", "2024\n--", "<script>"])
def test_bad_round_label_is_an_error(label: str) -> None:
    with pytest.raises(InputError) as caught:
        read_survey(csv_bytes(HEADER, GOOD_ROW), round_label=label)
    assert [(p.code, p.value) for p in caught.value.errors] == [("omgang_ogiltig", label)]


def test_validation_report_of_a_good_file() -> None:
    data = csv_bytes(HEADER, GOOD_ROW, GOOD_ROW.replace("Växjö", "Kalmar"), "Kalmar,,,,,,,,,,,")
    report = validation_report(data, file_name="x.csv")
    assert report == {
        "ok": True,
        "file_name": "x.csv",
        "source_format": "canonical-csv",
        "detected": "Läst som CSV (enkätens standardkolumner), teckenkodning UTF-8, "
        "avgränsare ','.",
        "sheet": None,
        "sheets": [],
        "header_row": 1,
        "encoding": "utf-8",
        "separator": ",",
        "profile": None,
        "mapping": [{"column": h, "target": h, "reason": "kanonisk"} for h in HEADER.split(",")],
        "responses": 3,
        "municipalities": 2,
        "redactions": 0,
        "dropped": [],
        "errors": [],
        "warnings": [],
        "assumed_zone": "Europe/Stockholm",
        "rating_labels": [],
        "proposed": {},
        "error_count": 0,
        "warning_count": 0,
        "errors_left_off": 0,
        "warnings_left_off": 0,
    }


def test_validation_report_lists_errors_in_the_chosen_language() -> None:
    data = csv_bytes("kommun,betyg_integration,foo", "Växjö,7,x")
    report = validation_report(data, lang="en")
    assert report["ok"] is False
    assert report["errors"] == [
        {
            "row": 2,
            "column": "betyg_integration",
            "value": "7",
            "message": "The rating '7' on row 2, column betyg_integration is not a whole "
            "number 1–5. Enter 1, 2, 3, 4 or 5, or leave the cell empty.",
        }
    ]
    assert [w["column"] for w in report["warnings"]] == ["foo"]
    assert report["responses"] == 1


def test_input_error_carries_the_warnings_too() -> None:
    data = csv_bytes("kommun,namn", "Växjö,Anna", "Växsjö,Bo")
    with pytest.raises(InputError) as caught:
        read_survey(data, round_label="2024")
    assert codes(caught.value.errors) == ["kommun_okand"]
    assert codes(caught.value.warnings) == ["kolumn_personuppgift"]


# --- messages -------------------------------------------------------------------------------


def test_every_message_key_used_by_the_survey_reader_exists_in_both_languages() -> None:
    package = Path(__file__).parents[2] / "linnedata" / "survey"
    source = "".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    used = set(re.findall(r'(?:_p|problem|error|warn)\(\s*"([a-z_]+)"', source))
    used |= set(re.findall(r'bad\(\s*"([a-z_]+)"', source))
    used |= {"forslag", "eller"}
    texts = i18n.load_texts()
    assert len(used) > 20
    for key in sorted(used):
        assert texts[key]["sv"], key
        assert texts[key]["en"], key


def test_swedish_messages_name_row_column_and_value() -> None:
    data = csv_bytes(
        "kommun,inskickad,roll,betyg_integration,prio_1,samverkansformer",
        "Växsjö,igår,chef,7,Skol,forsk",
    )
    for problem in import_errors(data):
        message = problem.message()
        assert "rad 2" in message, message
        assert f"kolumn {problem.column}" in message, message
        assert f"'{problem.value}'" in message, message
        assert "{" not in message, message
        assert "}" not in message, message


@pytest.mark.parametrize(
    ("data", "row"),
    [
        (csv_bytes("kommun,utmaning_fritext", "Kalmar,x", 'Växjö,"ingen slutfnutt', "Kalmar,y"), 3),
        (csv_bytes("kommun;utmaning_fritext", 'Växjö;"citat"och mer', "Kalmar;y"), 2),
        (csv_bytes("", "kommun,utmaning_fritext", 'Växjö,"öppen'), 3),
    ],
)
def test_broken_quotes_are_one_error_not_a_swallowed_file(data: bytes, row: int) -> None:
    errors = import_errors(data)
    assert [(p.code, p.row) for p in errors] == [("rad_citattecken", row)]
    assert f"rad {row}" in errors[0].message()


def test_validation_report_of_a_missing_path_does_not_raise(tmp_path: Path) -> None:
    report = validation_report(tmp_path / "saknas.csv")
    assert report["ok"] is False
    assert report["file_name"] == "saknas.csv"
    assert [e["row"] for e in report["errors"]] == [None]


def test_large_file_reads_every_row() -> None:
    rows = [GOOD_ROW.replace("14:03", f"{i // 60 % 24:02d}:{i % 60:02d}") for i in range(1440)]
    survey = read_survey(csv_bytes(HEADER, *rows), round_label="2024")
    assert len(survey.responses) == 1440
    assert survey.responses["kalla_rad"].iloc[-1] == 1441
    assert survey.ratings["betyg"].sum() == 4 * 1440
