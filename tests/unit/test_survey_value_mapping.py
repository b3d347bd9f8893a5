"""Rating labels that are not on the scale: one error naming each label once, and the value
mapping that reads them (saved in the mapping profile, applied next time).

The workbook is built here the way Microsoft Forms writes a Likert question whose scale the
organisers wrote themselves: ``ID, Starttid, Sluttid, E-post, Namn``, then one column per
question, the Likert rows as ``Question.Row`` and every answer as its label text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from linnedata.cli import main
from linnedata.survey import FileProfileStore, MappingProfile, read_survey, validation_report

QUESTION = "Hur stor utmaning är följande för er kommun?"
AREAS = ("Integration", "Skolutveckling", "Digitalisering")
OWN_SCALE = {
    "Ingen utmaning": 1,
    "Liten utmaning": 2,
    "Viss utmaning": 3,
    "Stor utmaning": 4,
    "Mycket stor utmaning": 5,
}
LABELS = list(OWN_SCALE)
# municipality, one label per area (None = no answer)
RESPONSES = [
    ("Växjö", ("Mycket stor utmaning", "Stor utmaning", "Ingen utmaning")),
    ("Kalmar", ("Mycket stor utmaning", None, "Viss utmaning")),
    ("Ljungby", ("Liten utmaning", "Mycket stor utmaning", "Stor utmaning")),
    ("Växjö", ("Stor utmaning", "Ganska angeläget", "Mycket stor utmaning")),  # one scale label
]


def ms_forms_likert(responses=RESPONSES) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(
        ["ID", "Starttid", "Sluttid", "E-post", "Namn", "Vilken kommun representerar du?"]
        + [f"{QUESTION}.{area}" for area in AREAS]
    )
    for n, (town, answers) in enumerate(responses, 1):
        sheet.append(
            [n, f"2024-10-0{n} 09:00:00", f"2024-10-0{n} 09:05:00", f"person{n}@kommun.se",
             f"Person {n}", town, *answers]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rated(survey) -> dict[tuple[int, str], int]:
    """(respondent, area) → rating, for the areas of the file."""
    return {
        (int(r.respondent), r.area_id): int(r.betyg)
        for r in survey.ratings.dropna().itertuples()
        if r.area_id in ("integration", "skolutveckling", "digitalisering")
    }


def test_unknown_labels_are_one_error_naming_each_label_once_with_count_and_rows() -> None:
    report = validation_report(ms_forms_likert(), file_name="svar.xlsx")
    assert report["ok"] is False
    assert report["error_count"] == 1
    [error] = report["errors"]
    assert (error["row"], error["column"], error["value"]) == (
        2,
        f"{QUESTION}.Integration",
        "Mycket stor utmaning",
    )
    message = error["message"]
    assert "(5 olika)" in message
    assert "'Mycket stor utmaning' (4 celler, rad 2, 3, 4, 5)" in message
    assert "'Ingen utmaning' (1 cell, rad 2)" in message
    assert "värdemappningen" in message
    assert '--value "ETIKETT=5"' in message
    listed = {u["label"]: (u["count"], u["rows"], u["value"]) for u in report["rating_labels"]}
    assert listed == {
        "Mycket stor utmaning": (4, [2, 3, 4, 5], None),
        "Stor utmaning": (3, [2, 4, 5], None),
        "Ingen utmaning": (1, [2], None),
        "Viss utmaning": (1, [3], None),
        "Liten utmaning": (1, [4], None),
    }


def test_the_message_is_in_english_too() -> None:
    report = validation_report(ms_forms_likert(), file_name="svar.xlsx", lang="en")
    message = report["errors"][0]["message"]
    assert message.startswith("The rating columns hold answers that are not on the 1–5 scale")
    assert "'Mycket stor utmaning' (4 cells, rows 2, 3, 4, 5)" in message
    assert "First on row 2, column" in message


def test_a_value_mapping_reads_the_labels_as_the_numbers_given() -> None:
    survey = read_survey(ms_forms_likert(), round_label="2024", values=OWN_SCALE)
    assert rated(survey) == {
        (1, "integration"): 5, (1, "skolutveckling"): 4, (1, "digitalisering"): 1,
        (2, "integration"): 5, (2, "digitalisering"): 3,
        (3, "integration"): 2, (3, "skolutveckling"): 5, (3, "digitalisering"): 4,
        (4, "integration"): 4, (4, "skolutveckling"): 4, (4, "digitalisering"): 5,
    }  # fmt: skip


def test_a_value_mapping_compares_labels_like_the_scale_case_and_spaces() -> None:
    values = {label.upper().replace(" ", "\u00a0"): n for label, n in OWN_SCALE.items()}
    report = validation_report(ms_forms_likert(), values=values)
    assert report["ok"] is True
    assert {u["label"]: u["value"] for u in report["rating_labels"]}["Stor utmaning"] == 4


def test_a_partial_value_mapping_still_names_the_labels_left(tmp_path: Path) -> None:
    report = validation_report(ms_forms_likert(), values={"Mycket stor utmaning": 5})
    assert report["error_count"] == 1
    message = report["errors"][0]["message"]
    assert "(4 olika)" in message
    assert "Mycket stor utmaning" not in message


def test_the_value_mapping_is_saved_in_the_profile_and_applied_next_time(tmp_path: Path) -> None:
    profiles = FileProfileStore(tmp_path)
    first = validation_report(ms_forms_likert(), profiles=profiles, values=OWN_SCALE)
    assert first["ok"] is True
    from linnedata.survey import inspect_survey

    found = inspect_survey(ms_forms_likert(), profiles=profiles, values=OWN_SCALE)
    profiles.save_profile(
        MappingProfile.from_decisions("Egen skala", found.info.decisions, found.info.values)
    )
    saved = json.loads((tmp_path / "egen-skala.json").read_text("utf-8"))
    assert saved["values"] == OWN_SCALE
    again = read_survey(ms_forms_likert(RESPONSES[:2]), round_label="2025", profiles=profiles)
    assert again.profile == "Egen skala"
    assert rated(again) == {
        (1, "integration"): 5, (1, "skolutveckling"): 4, (1, "digitalisering"): 1,
        (2, "integration"): 5, (2, "digitalisering"): 3,
    }  # fmt: skip


def test_a_number_out_of_range_is_still_an_error_per_cell_not_a_label() -> None:
    rows = [("Växjö", ("7", "Mycket stor utmaning", None)), ("Kalmar", ("4 - 5", None, None))]
    report = validation_report(ms_forms_likert(rows))
    assert [(e["row"], e["value"]) for e in report["errors"]] == [
        (2, "7"),
        (2, "Mycket stor utmaning"),
        (3, "4 - 5"),
    ]


def test_cli_value_option_maps_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "svar.xlsx"
    path.write_bytes(ms_forms_likert())
    values = [arg for label, n in OWN_SCALE.items() for arg in ("--value", f"{label}={n}")]
    assert main(["validate", str(path), "--json", "--profiles", str(tmp_path), *values]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["responses"] == 4
    assert main(["validate", str(path), "--profiles", str(tmp_path)]) == 1
    assert "(5 olika)" in capsys.readouterr().out


def test_cli_value_option_refuses_a_value_off_the_scale(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "x.csv", "--value", "Stor utmaning=7"])
    assert exit_.value.code == 2
    assert "ska vara ETIKETT=N med N 1–5" in capsys.readouterr().err


def test_cli_import_applies_the_value_mapping_of_a_store_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from linnedata.store import Store
    from linnedata.survey import inspect_survey

    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(db)
    found = inspect_survey(ms_forms_likert(), values=OWN_SCALE)
    store.save_profile(
        MappingProfile.from_decisions("Egen skala", found.info.decisions, found.info.values)
    )
    path = tmp_path / "svar.xlsx"
    path.write_bytes(ms_forms_likert())
    assert main(["import", str(path), "--round", "2024", "--db", db]) == 0
    assert {k: v for k, v in rated(Store(db).load("2024")).items() if k[0] == 1} == {
        (1, "integration"): 5, (1, "skolutveckling"): 4, (1, "digitalisering"): 1,
    }  # fmt: skip


def test_a_refused_file_keeps_no_unknown_label_cell_and_logs_no_label(tmp_path: Path) -> None:
    from linnedata import importing
    from linnedata.store import Store
    from linnedata.survey import ReadOptions

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    data = ms_forms_likert()
    outcome = importing.run(store, data, ReadOptions(), round_label="2024", user="t")
    assert outcome.status == "refused"
    log = store.import_log()
    logged = json.dumps(log.astype(str).to_dict("records"), ensure_ascii=False)
    assert "Mycket stor utmaning" not in logged
    assert "person1@kommun.se" not in logged
    from linnedata.store.testing import text_values

    stored = [value for _, _, value in text_values(store)]
    assert stored  # the refusal is recorded …
    for label in OWN_SCALE:  # … and no cell of the file (no copy of it is kept)
        assert not [v for v in stored if label in v]
