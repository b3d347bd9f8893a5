"""The import review (``ui.importer.review``) through Streamlit's AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from linnedata import i18n
from linnedata.survey import FileProfileStore
from tests.unit.survey_files import google_forms_csv, microsoft_forms_xlsx
from ui.importer import shorten

TIMEOUT = 60


def importer_page(data: bytes, file_name: str, profile_dir: str) -> None:
    """A page that reviews one file, as the Data page does with an upload."""
    import streamlit as st

    from linnedata.survey import FileProfileStore
    from ui import importer

    survey = importer.review(
        data, file_name, round_label="2024", profiles=FileProfileStore(profile_dir)
    )
    if survey is not None:
        st.text(f"imported {len(survey.responses)} {survey.source_format}")


def run_review(data: bytes, file_name: str, profiles: Path, lang: str = "sv") -> AppTest:
    app = AppTest.from_function(
        importer_page, args=(data, file_name, str(profiles)), default_timeout=TIMEOUT
    )
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _read(value: object) -> object:
    """A st.table cell as the reader sees it (its Markdown quoting undone)."""
    if not isinstance(value, str):
        return value
    return re.sub(r"\\(.)", r"\1", value).replace("\u200b", "")


def frames(app: AppTest) -> list[pd.DataFrame]:
    """The mapping table (a data editor) and the report tables (as read), in page order."""
    tables = [t.value.map(_read).rename(columns=_read) for t in app.table]
    return [element.value for element in app.dataframe] + tables


def shown_text(app: AppTest) -> str:
    parts = [
        e.value
        for kind in (
            "subheader",
            "markdown",
            "caption",
            "text",
            "info",
            "success",
            "warning",
            "error",
        )
        for e in getattr(app, kind)
    ]
    parts += [
        w.label
        for kind in ("text_input", "button", "number_input", "checkbox")
        for w in getattr(app, kind)
    ]
    return "\n".join(str(p) for p in parts)


BAD = ("kommun,betyg_integration,roll\nVäxjö,4,annan\nVäxsjö,7,annan\nHàbo,3,chef\n").encode(
    "cp1252"
)


def test_a_bad_file_shows_the_report_with_row_column_value_and_message(tmp_path: Path) -> None:
    app = run_review(BAD, "svar.csv", tmp_path)
    assert [e.value for e in app.error] == [
        "Filen kan inte läsas in (fel: 4, varningar: 0). Rätta felen i filen (eller "
        "kolumnmappningen) och ladda upp den igen."
    ]
    report = frames(app)[-1]
    assert list(report.columns) == ["Rad", "Kolumn", "Värde", "Vad är fel och vad ska göras"]
    rows = [tuple(r) for r in report[["Rad", "Kolumn", "Värde"]].itertuples(index=False)]
    assert rows == [
        ("3", "kommun", "Växsjö"),
        ("3", "betyg_integration", "7"),
        ("4", "kommun", "Hàbo"),
        ("4", "roll", "chef"),
    ]
    messages = report["Vad är fel och vad ska göras"].tolist()
    assert "menade du Växjö" in messages[0]
    assert "Håbo eller Habo" in messages[2]
    assert not [t for t in app.text if t.value.startswith("imported")]
    assert "Windows-1252" in app.info[0].value


def test_an_unusual_file_shows_the_mapping_table_and_imports(tmp_path: Path) -> None:
    app = run_review(google_forms_csv(), "Enkät.csv", tmp_path)
    assert app.info[0].value.startswith("Läst som Google Formulär (CSV)")
    mapping = frames(app)[0]
    assert list(mapping.columns) == ["kolumn", "mal", "grund"]
    decided = dict(zip(mapping["kolumn"], mapping["mal"], strict=True))
    assert decided["Tidstämpel"] == "inskickad"
    assert decided["E-postadress"] == "personuppgift"
    grid = shorten("Hur angeläget är varje utmaningsområde för din kommun? [Skolutveckling]")
    assert grid.endswith(" kommun? [Skolutveckling]")
    assert decided[grid] == "betyg_skolutveckling"
    assert set(mapping["grund"]) >= {"känd frågetext", "personuppgift", "rutnätsfråga [del]"}
    assert [t.value for t in app.text] == ["imported 4 google-forms-csv"]


def test_a_workbook_with_several_sheets_asks_which(tmp_path: Path) -> None:
    data = microsoft_forms_xlsx(sheets=("Svar", "Diagram"))
    app = run_review(data, "svar.xlsx", tmp_path)
    assert "flera blad" in app.error[0].value or "flera blad" in frames(app)[-1].iloc[0, 3]
    [choice] = app.selectbox
    assert choice.options == ["Svar", "Diagram"]
    choice.select("Svar").run()
    assert not app.exception
    assert app.info[0].value == "Läst som Microsoft Forms, blad 'Svar'."
    assert [t.value for t in app.text] == ["imported 4 microsoft-forms-xlsx"]


def test_the_header_row_can_be_given_by_hand(tmp_path: Path) -> None:
    data = "Ort,Roll\nx,y\nkommun,roll\nVäxjö,annan\n".encode()
    app = run_review(data, "svar.csv", tmp_path)
    assert app.info[0].value.endswith("rubriker på rad 3.")
    app.number_input[0].set_value(3).run()
    assert not app.exception
    assert [t.value for t in app.text] == ["imported 1 canonical-csv"]


def test_a_mapping_is_saved_as_a_profile_and_found_again(tmp_path: Path) -> None:
    data = "Kommun,Ort\nVäxjö,x\n".encode()
    app = run_review(data, "svar.csv", tmp_path)
    app.text_input[0].input("Min enkät")
    app.button[0].click().run()
    assert not app.exception
    assert any("Mappningen 'Min enkät' är sparad" in s.value for s in app.success)
    [profile] = FileProfileStore(tmp_path).list_profiles()
    assert profile.name == "Min enkät"
    again = run_review(b"kommun , ORT\nKalmar,y\n", "nästa.csv", tmp_path)
    assert again.info[0].value.endswith("kolumnmappning 'Min enkät'.")
    assert set(frames(again)[0]["grund"]) == {"sparad mappning"}


def test_english_review_shows_no_swedish_interface_text(tmp_path: Path) -> None:
    app = run_review(BAD, "svar.csv", tmp_path, lang="en")
    text = shown_text(app)
    assert "The file cannot be imported" in text
    assert "Column mapping" in text
    swedish = {i18n.t(k, "sv") for k in ("mappning_rubrik", "mappning_spara", "import_rubrikrad")}
    assert not [s for s in swedish if s in text]
    report = frames(app)[-1]
    assert list(report.columns) == ["Row", "Column", "Value", "What is wrong and what to do"]
    assert report.iloc[0, 3].startswith("Unknown municipality 'Växsjö' on row 3, column kommun")


def test_the_value_mapping_editor_maps_unknown_labels_and_saves_them(tmp_path: Path) -> None:
    from tests.unit.test_survey_value_mapping import OWN_SCALE, ms_forms_likert

    app = run_review(ms_forms_likert(), "svar.xlsx", tmp_path)
    assert next(e.value for e in app.error).startswith("Filen kan inte läsas in (fel: 1,")
    assert "Värdemappning" in [s.value for s in app.subheader]
    assert [box.label for box in app.selectbox] == [
        "'Mycket stor utmaning' (4 celler, rad 2, 3, 4, 5)",
        "'Stor utmaning' (3 celler, rad 2, 4, 5)",
        "'Ingen utmaning' (1 cell, rad 2)",
        "'Viss utmaning' (1 cell, rad 3)",
        "'Liten utmaning' (1 cell, rad 4)",
    ]
    assert app.selectbox[0].options == [
        "1 – Inte alls angeläget",
        "2 – Lite angeläget",
        "3 – Delvis angeläget",
        "4 – Ganska angeläget",
        "5 – Mycket angeläget",
    ]
    for n in range(len(OWN_SCALE)):
        box = app.selectbox[n]
        label = box.label.split("'")[1]
        box.select(OWN_SCALE[label]).run()
        assert not app.exception
    assert [t.value for t in app.text] == ["imported 4 microsoft-forms-xlsx"]
    app.text_input[0].input("Egen skala")
    app.button[0].click().run()
    [profile] = FileProfileStore(tmp_path).list_profiles()
    assert profile.values == OWN_SCALE
    again = run_review(ms_forms_likert(), "nästa.xlsx", tmp_path)
    assert [t.value for t in again.text] == ["imported 4 microsoft-forms-xlsx"]
    assert again.info[0].value.endswith("kolumnmappning 'Egen skala'.")


def test_the_proposed_municipality_column_is_one_click_away(tmp_path: Path) -> None:
    from tests.unit.test_survey_municipality_content import google_forms

    app = run_review(google_forms("Organisation"), "svar.csv", tmp_path)
    report = frames(app)[-1]
    assert report.iloc[0, :3].tolist() == ["1", "Organisation", "Växjö"]
    assert "ser ut att vara kommunen" in report.iloc[0, 3]
    [button] = [b for b in app.button if b.label.startswith("Läs kolumnen")]
    assert button.label == "Läs kolumnen 'Organisation' som Kommun"
    button.click().run()
    assert not app.exception
    assert [t.value for t in app.text] == ["imported 5 google-forms-csv"]
    mapping = frames(app)[0]
    assert dict(zip(mapping["kolumn"], mapping["mal"], strict=True))["Organisation"] == "kommun"
