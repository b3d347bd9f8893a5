"""Every export format of the same survey imports to the same figures; mapping and profiles."""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linnedata.errors import InputError
from linnedata.figures import measures
from linnedata.survey import (
    FileProfileStore,
    MappingProfile,
    auto_map,
    grid,
    key,
    parse_rating,
    parse_timestamp,
    read_survey,
    read_table,
    redact,
    signature,
    source,
    validation_report,
)
from linnedata.survey.cells import to_utc
from linnedata.taxonomy import default_taxonomy
from tests.unit.survey_files import ANSWERS, AREA_LABELS, all_formats, google_forms_csv

FORMATS = all_formats()


def independent_means() -> dict[tuple[str, str], float]:
    """Mean rating per (municipality code, area), computed from the answers as meant."""
    sums: dict[tuple[str, str], list[int]] = {}
    for answer in ANSWERS:
        for area, rating in answer.ratings.items():
            if rating is not None:
                sums.setdefault((answer.code, area), []).append(rating)
    return {k: sum(v) / len(v) for k, v in sums.items()}


def independent_priority_points() -> dict[tuple[str, str], float]:
    """Mean priority points per (municipality, area): 3/2/1 for prio 1/2/3."""
    people: dict[str, int] = {}
    points: dict[tuple[str, str], int] = {}
    for answer in ANSWERS:
        people[answer.code] = people.get(answer.code, 0) + 1
        for weight, area in zip((3, 2, 1), answer.prios, strict=True):
            if area:
                points[(answer.code, area)] = points.get((answer.code, area), 0) + weight
    return {
        (code, area): points.get((code, area), 0) / n
        for code, n in people.items()
        for area in AREA_LABELS
    }


@pytest.mark.parametrize("label", list(FORMATS))
def test_each_format_is_recognised_and_gives_the_independent_figures(label: str) -> None:
    data, name, expected_format = FORMATS[label]
    survey = read_survey(data, round_label="2024", file_name=name)
    assert survey.source_format == expected_format
    table = measures.area_measures(survey).set_index(["kommun_kod", "area_id"])
    for (code, area), mean in independent_means().items():
        assert table.loc[(code, area), "medelbetyg"] == pytest.approx(mean)
    for (code, area), points in independent_priority_points().items():
        assert table.loc[(code, area), "prioriteringspoang"] == pytest.approx(points)
    assert math.isnan(table.loc[("0780", "kompetensforsorjning"), "medelbetyg"])
    assert len(survey.responses) == len(ANSWERS)


def test_every_format_gives_identical_tables_and_measures() -> None:
    reference = read_survey(FORMATS["canonical"][0], round_label="2024")
    ref_area = measures.area_measures(reference)
    ref_theme = measures.theme_measures(reference)
    for label, (data, name, _) in FORMATS.items():
        survey = read_survey(data, round_label="2024", file_name=name)
        pd.testing.assert_frame_equal(measures.area_measures(survey), ref_area, obj=label)
        pd.testing.assert_frame_equal(measures.theme_measures(survey), ref_theme, obj=label)
        pd.testing.assert_frame_equal(survey.ratings, reference.ratings, obj=label)
        pd.testing.assert_frame_equal(survey.forms, reference.forms, obj=label)
        columns = ["kommun_kod", "roll", "prio_1", "prio_2", "prio_3", "seminarieintresse"]
        pd.testing.assert_frame_equal(
            survey.responses[[*columns, "medfinansiering", "utmaning_fritext"]],
            reference.responses[[*columns, "medfinansiering", "utmaning_fritext"]],
            obj=label,
        )


def test_personal_data_of_every_format_is_absent_from_the_tables() -> None:
    for label, (data, name, _) in FORMATS.items():
        survey = read_survey(data, round_label="2024", file_name=name)
        cells = {
            str(v)
            for t in (survey.responses, survey.ratings, survey.forms)
            for v in t.values.ravel()
        }
        for answer in ANSWERS:
            assert answer.email not in cells, label
            assert answer.name not in cells, label


def test_source_may_be_a_path_or_a_file_object(tmp_path: Path) -> None:
    data, name, fmt = FORMATS["msforms"]
    path = tmp_path / name
    path.write_bytes(data)
    assert read_survey(path, round_label="2024").source_format == fmt
    with path.open("rb") as handle:
        survey = read_survey(handle, round_label="2024")
    assert (survey.source_format, survey.file_name, survey.sheet) == (fmt, name, "Sheet1")
    assert read_survey(io.BytesIO(data), round_label="2024").source_format == fmt


def test_detection_line_names_the_format_and_sheet() -> None:
    report = validation_report(FORMATS["msforms"][0])
    assert report["detected"] == "Läst som Microsoft Forms, blad 'Sheet1'."
    english = validation_report(FORMATS["msforms"][0], lang="en")
    assert english["detected"] == "Read as Microsoft Forms, sheet 'Sheet1'."
    google = validation_report(FORMATS["google-sv"][0], lang="en")
    assert google["detected"].startswith("Read as Google Forms (CSV), encoding UTF-8")


@pytest.mark.parametrize(
    ("label", "forced"),
    [
        ("google-sv", "google-forms-csv"),
        ("excel-cp1252", "excel-csv"),
        ("unicode-text", "unicode-text"),
        ("msforms", "xlsx"),
        ("canonical", "canonical-csv"),
    ],
)
def test_a_named_format_reads_its_files(label: str, forced: str) -> None:
    survey = read_survey(FORMATS[label][0], round_label="2024", format=forced)
    assert survey.source_format == forced
    assert len(survey.responses) == len(ANSWERS)


@pytest.mark.parametrize(
    ("label", "forced", "code"),
    [
        ("excel-cp1252", "google-forms-csv", "fil_kodning"),
        ("canonical", "microsoft-forms-xlsx", "format_passar_ej"),
        ("msforms", "excel-csv", "format_passar_ej"),
        ("canonical", "pdf", "format_okant"),
    ],
)
def test_a_named_format_that_does_not_fit_is_refused(label: str, forced: str, code: str) -> None:
    with pytest.raises(InputError) as caught:
        read_survey(FORMATS[label][0], round_label="2024", format=forced)
    assert [p.code for p in caught.value.errors] == [code]


# --- mapping ---------------------------------------------------------------------------------


def test_every_mapping_decision_is_reported() -> None:
    survey = read_survey(FORMATS["google-sv"][0], round_label="2024")
    by_header = {d.header: (d.target, d.reason) for d in survey.mapping}
    assert by_header["Tidstämpel"] == ("inskickad", "alias")
    assert by_header["E-postadress"] == ("personuppgift", "personuppgift")
    assert by_header["Hur angeläget är varje utmaningsområde för din kommun? [Integration]"] == (
        "betyg_integration",
        "rutnat",
    )
    assert by_header["Dina tre viktigaste utmaningsområden [Prio 2]"] == ("prio_2", "rutnat")
    assert len(survey.mapping) == len(google_forms_csv().decode().splitlines()[0].split(","))


@pytest.mark.parametrize(
    "header",
    [
        "Vilken kommun representerar du?",
        "VILKEN KOMMUN REPRESENTERAR DU?",
        "vilken  kommun representerar du ?".replace(" ?", "?"),
        "Vilken kommun representerar du?".replace("ö", "o"),
        "\ufeffMunicipality",
        "Kommun\u00a0",
    ],
)
def test_headers_match_aliases_case_diacritics_and_space_insensitively(header: str) -> None:
    [decision] = auto_map([header], default_taxonomy())
    assert decision.target == "kommun"


def test_nfd_and_nfc_headers_map_alike() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Näringslivsutveckling")
    nfc = unicodedata.normalize("NFC", "Näringslivsutveckling")
    targets = [d.target for d in auto_map([nfd, nfc], default_taxonomy())]
    assert targets == ["betyg_naringslivsutveckling"] * 2
    assert key(nfd) == key(nfc)


def test_override_maps_an_unknown_column_and_is_reported_as_by_hand() -> None:
    data = "Ort,Hur ser det ut?\nVäxjö,ja\n".encode()
    with pytest.raises(InputError) as caught:
        read_survey(data, round_label="2024")
    assert [p.code for p in caught.value.errors] == ["kommun_foreslagen"]
    survey = read_survey(
        data,
        round_label="2024",
        mapping={"Ort": "kommun", "Hur ser det ut?": "seminarieintresse"},
    )
    assert survey.responses["seminarieintresse"].tolist() == ["ja"]
    assert [(d.target, d.reason) for d in survey.mapping] == [
        ("kommun", "anvandare"),
        ("seminarieintresse", "anvandare"),
    ]


def test_override_to_nothing_drops_a_column_with_a_warning() -> None:
    data = "kommun,roll\nVäxjö,nonsens\n".encode()
    survey = read_survey(data, round_label="2024", mapping={"roll": ""})
    assert [(p.code, p.column) for p in survey.warnings] == [("kolumn_ignorerad", "roll")]
    assert survey.responses["roll"].isna().all()


def test_override_to_an_unknown_question_is_an_error() -> None:
    data = "kommun,roll\nVäxjö,annan\n".encode()
    with pytest.raises(InputError) as caught:
        read_survey(data, round_label="2024", mapping={"roll": "betyg_nothing"})
    assert [(p.code, p.column, p.value) for p in caught.value.errors] == [
        ("mappning_ogiltig", "roll", "betyg_nothing")
    ]


def test_profile_is_saved_and_reused_for_the_same_headers(tmp_path: Path) -> None:
    store = FileProfileStore(tmp_path / "profiles")
    assert store.list_profiles() == []
    data = "Ort,Roll i kommunen\nVäxjö,annan\n".encode()
    first = read_survey(
        data, round_label="2024", mapping={"Ort": "kommun", "Roll i kommunen": "roll"}
    )
    store.save_profile(MappingProfile.from_decisions("Vår enkät", first.mapping))
    assert [p.name for p in FileProfileStore(tmp_path / "profiles").list_profiles()] == [
        "Vår enkät"
    ]
    next_year = "ORT, roll i kommunen\nKalmar,annan\nVäxjö,annan\n".encode()
    survey = read_survey(next_year, round_label="2025", profiles=store)
    assert survey.profile == "Vår enkät"
    assert survey.responses["kommun_kod"].tolist() == ["0880", "0780"]
    assert {d.reason for d in survey.mapping} == {"profil"}
    other = "Stad,roll\nVäxjö,annan\n".encode()
    assert store.find_for(["Stad", "roll"]) is None
    with pytest.raises(InputError):
        read_survey(other, round_label="2025", profiles=store)


def test_profile_store_survives_a_broken_file(tmp_path: Path) -> None:
    store = FileProfileStore(tmp_path)
    (tmp_path / "trasig.json").write_text("{not json", "utf-8")
    store.save_profile(MappingProfile("A", signature(["x"]), {"x": "kommun"}))
    assert [p.name for p in store.list_profiles()] == ["A"]
    assert store.get("a") is not None


def test_area_and_form_aliases_in_answers_resolve() -> None:
    data = (
        "kommun,prio_1,samverkansformer\n"
        'Växjö,Brottsförebyggande arbete,"Examensarbete, Workshoppar"\n'
    ).encode()
    survey = read_survey(data, round_label="2024")
    assert survey.responses["prio_1"].tolist() == ["brottsprevention"]
    assert survey.forms["form_id"].tolist() == ["studentprojekt", "workshop"]


# --- low-level pieces ------------------------------------------------------------------------


def test_openpyxl_parses_through_defusedxml() -> None:
    assert source.xml_is_defused()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("kommun\nVäxjö\n".encode("utf-8-sig"), "utf-8-sig"),
        ("kommun\nVäxjö\n".encode("utf-16"), "utf-16"),
        ("kommun\nVäxjö\n".encode("utf-16-le"), "utf-16-le"),
        ("kommun\nVäxjö\n".encode(), "utf-8"),
        ("kommun\nVäxjö\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_tried_in_the_documented_order(data: bytes, encoding: str) -> None:
    assert source.decode(data) == ("kommun\nVäxjö\n", encoding)
    assert read_survey(data, round_label="2024").encoding == encoding


def test_bytes_no_encoding_fits_are_refused() -> None:
    assert source.decode(b"\x81\x8d\x8f") is None


# --- properties of the cell parsers ----------------------------------------------------------


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    max_size=40,
)


SCALE = {1: "Inte alls angeläget", 2: "Lite angeläget", 3: "Delvis angeläget"}
SCALE |= {4: "Ganska angeläget", 5: "Mycket angeläget"}


@given(
    st.integers(1, 5),
    st.sampled_from(["", ".0", ",0", ",00", " - {label}", " – {label}", ": x", "\u00a0{label}"]),
    st.sampled_from(["", " ", "  "]),
)
def test_a_rating_in_range_reads_as_its_number(n: int, suffix: str, pad: str) -> None:
    assert parse_rating(f"{pad}{n}{suffix.format(label=SCALE[n])}{pad}") == n


@given(st.integers().filter(lambda n: not 1 <= n <= 5))
def test_a_rating_out_of_range_is_refused(n: int) -> None:
    with pytest.raises(ValueError, match=re.escape(str(n))):
        parse_rating(str(n))


@given(st.text(max_size=30))
def test_cell_parsers_fail_only_with_value_error(text: str) -> None:
    for parse in (parse_rating, parse_timestamp):
        with contextlib.suppress(ValueError):
            parse(text)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)))
def test_timestamps_in_every_export_style_read_back(moment: datetime) -> None:
    # A text without a zone carries no fold: the hour that comes twice in October reads as
    # its first occurrence (parse_timestamp's rule), so the moment written is that one.
    moment = moment.replace(microsecond=0, fold=0)
    for text in (
        moment.strftime("%Y-%m-%d %H:%M:%S"),
        moment.strftime("%Y/%m/%d %H:%M:%S"),
        moment.strftime("%Y-%m-%dT%H:%M:%S"),
        moment.strftime("%Y/%m/%d %I:%M:%S %p"),
    ):
        assert parse_timestamp(text) == to_utc(moment), text  # Swedish time, in UTC


@given(st.text(max_size=200))
def test_clean_cell_leaves_no_control_characters(text: str) -> None:
    cleaned, had_control, cut = grid.clean_cell(text)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", cleaned)
    assert grid.clean_cell(cleaned) == (cleaned, False, False)
    assert had_control == bool(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text))
    assert not cut


@given(st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8})?@[a-z]{2,8}\.(se|com|nu)", fullmatch=True), TEXT)
def test_redact_removes_every_email(email: str, text: str) -> None:
    redacted, count = redact(f"{text} {email} {text}")
    assert email not in redacted
    assert count >= 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(TEXT, min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_any_text_cells_round_trip_through_csv(
    cells: list[str], separator: str, encoding: str
) -> None:
    if encoding == "cp1252":
        cells = [c.encode("cp1252", "ignore").decode("cp1252") for c in cells]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(["kommun", "utmaning_fritext"])
    for cell in cells:
        writer.writerow(["Växjö", cell])
    table, info = read_table(out.getvalue().encode(encoding))
    assert table.errors == ()
    assert info.separator == separator
    read = table.cells["utmaning_fritext"].tolist() if "utmaning_fritext" in table.cells else []
    assert read == cells


def test_every_problem_code_of_the_reader_has_texts() -> None:
    from linnedata.i18n import t

    package = Path(source.__file__).parent
    text = "".join(path.read_text("utf-8") for path in package.glob("*.py"))
    codes = set(re.findall(r"""(?:_p|problem|error|warn)\(\s*["'](\w+)["']""", text))
    assert {"fil_zipbomb", "fil_xls", "fil_xlsx_losenord", "blad_valj"} <= codes
    for code in codes:
        assert t(code, "sv") != code
        assert t(code, "en") != code


def test_every_question_and_reason_of_the_importer_has_texts() -> None:
    from linnedata.i18n import t
    from linnedata.survey import FORMAT_TEXT_KEYS, FORMATS
    from ui.importer import QUESTION_KEYS, REASON_KEYS

    assert set(FORMAT_TEXT_KEYS) == set(FORMATS)
    for key_ in [*QUESTION_KEYS.values(), *REASON_KEYS.values(), *FORMAT_TEXT_KEYS.values()]:
        assert t(key_, "sv") != key_
        assert t(key_, "en") != key_


def test_headers_never_seen_are_guessed_from_their_words_and_say_so() -> None:
    headers = [
        "Tidstämpel",
        "Vilken kommun tillhör du?",
        "Vilken är din befattning?",
        "Viktigaste utmaningsområdet",
        "Näst viktigaste utmaningsområdet",
        "Tredje viktigaste utmaningsområdet",
        "Kan er kommun tänka sig att medfinansiera?",
        "Övriga kommentarer",
    ]
    decided = {d.header: (d.target, d.reason) for d in auto_map(headers, default_taxonomy())}
    assert decided == {
        "Tidstämpel": ("inskickad", "alias"),
        "Vilken kommun tillhör du?": ("kommun", "nyckelord"),
        "Vilken är din befattning?": ("roll", "nyckelord"),
        "Viktigaste utmaningsområdet": ("prio_1", "nyckelord"),
        "Näst viktigaste utmaningsområdet": ("prio_2", "nyckelord"),
        "Tredje viktigaste utmaningsområdet": ("prio_3", "nyckelord"),
        "Kan er kommun tänka sig att medfinansiera?": ("medfinansiering", "nyckelord"),
        "Övriga kommentarer": ("", "okand"),
    }


def test_a_guess_never_takes_a_column_another_header_names() -> None:
    decisions = auto_map(["Kommun", "Vilken kommun?", "Kommunens storlek"], default_taxonomy())
    assert [(d.target, d.reason) for d in decisions] == [
        ("kommun", "kanonisk"),
        ("kommun", "alias"),
        ("", "okand"),
    ]
    guessed = auto_map(["Din kommun", "Kommunens namn i dag"], default_taxonomy())
    assert [(d.target, d.reason) for d in guessed] == [("kommun", "nyckelord"), ("", "okand")]


def test_a_microsoft_forms_ranking_column_gives_the_three_priorities() -> None:
    data = (
        "kommun,Rangordna utmaningsområdena\n"
        "Växjö,Integration;Skolutveckling;Digitalisering;Infrastruktur;\n"
        "Kalmar,Digitalisering;\n"
        "Ljungby,\n"
    ).encode()
    survey = read_survey(
        data, round_label="2024", mapping={"Rangordna utmaningsområdena": "prio_1"}
    )
    prios = survey.responses[["prio_1", "prio_2", "prio_3"]].astype(object).fillna("")
    assert prios.values.tolist() == [
        ["integration", "skolutveckling", "digitalisering"],
        ["digitalisering", "", ""],
        ["", "", ""],
    ]
    assert [(p.code, p.row, p.column) for p in survey.warnings] == [
        ("prio_rangordning", 1, "Rangordna utmaningsområdena")
    ]
    bad = data.replace(b"Skolutveckling", b"Skolan")
    with pytest.raises(InputError) as caught:
        read_survey(bad, round_label="2024")
    assert [(p.code, p.row, p.column, p.value) for p in caught.value.errors] == [
        ("omrade_okant", 2, "Rangordna utmaningsområdena", "Skolan")
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=600).map(lambda b: source._OLE + b),
        st.text(st.sampled_from('kommun,;\t"\n\r x0780Växjö=<>\x00'), max_size=200).map(str.encode),
    ),
    st.sampled_from(["x.csv", "x.xlsx", ""]),
)
def test_no_file_makes_the_reader_raise_anything_but_its_own_error(data: bytes, name: str) -> None:
    report = validation_report(data, file_name=name)
    assert isinstance(report["ok"], bool)
    for problem in report["errors"] + report["warnings"]:
        assert not re.search(r"\{(row|column|value|detail|found|first)\}", problem["message"])
    if report["ok"]:
        read_survey(data, round_label="2024", file_name=name)
    else:
        with pytest.raises(InputError):
            read_survey(data, round_label="2024", file_name=name)
