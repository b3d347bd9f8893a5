"""Personal data never reaches the store: the one redactor, what is recorded of a file (no
byte of it) and the import use case's log, on files built here."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment

from linnedata import importing
from linnedata.store import Store
from linnedata.store.testing import file_record, text_values
from linnedata.survey import ReadOptions, redact

NAMES = ["Astrid Lindqvist", "Bengt Öberg"]
FIRST, LAST = ["Astrid", "Bengt"], ["Lindqvist", "Öberg"]
EMAILS = ["astrid.lindqvist@vaxjo.se", "bengt.oberg(at)kalmar.se"]
PHONES = ["070-123 45 67", "+46 70 123 45 67", "0470 - 70 80 00", "070.123.45.67"]
PNRS = ["19800101-1234", "800101-1234"]
SECRETS = [*NAMES, *FIRST, *LAST, *EMAILS, *PHONES, *PNRS]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mejla anna@vaxjo.se", "Mejla [e-post]"),
        ("Mejla anna.svensson(at)vaxjo.se nu", "Mejla [e-post] nu"),
        ("Ring 0470-70 80 00.", "Ring [telefon]."),
        ("Ring 0470 - 70 80 00", "Ring [telefon]"),
        ("Tel +46 70 123 45 67", "Tel [telefon]"),
        ("Tel 070.123.45.67 eller 070-123 45 67", "Tel [telefon] eller [telefon]"),
        ("Pnr 19800101-1234 och 800101-1234", "Pnr [personnummer] och [personnummer]"),
        ("Samordningsnummer 800161-1234", "Samordningsnummer [personnummer]"),
        ("År 2024 ökade andelen till 35 %", "År 2024 ökade andelen till 35 %"),
        ("Budget 2025-2027, 1 000 000 kr", "Budget 2025-2027, 1 000 000 kr"),
        ("Öppet 08.00-16.30 i 0780 Växjö", "Öppet 08.00-16.30 i 0780 Växjö"),
    ],
)
def test_the_one_redactor(text: str, expected: str) -> None:
    assert redact(text)[0] == expected


def table_bytes(separator: str) -> bytes:
    """A ; , or tab file with a title row, personal columns (also headers outside the old
    alias list) and free text holding an e-mail, phone numbers and a personnummer."""
    rows = [
        ["Enkät 2025, svar"],
        [
            "Förnamn",
            "Efternamn",
            "Kontaktperson",
            "Personnummer",
            "kommun",
            "betyg_integration",
            "Uppgiftslämnare",
            "utmaning_fritext",
        ],
        [
            FIRST[0],
            LAST[0],
            NAMES[0],
            PNRS[0],
            "Växjö",
            "4",
            EMAILS[0],
            f"Ring {PHONES[0]} eller {PHONES[1]}, pnr {PNRS[0]}, {EMAILS[0]}",
        ],
        [
            FIRST[1],
            LAST[1],
            NAMES[1],
            PNRS[1],
            "Kalmar",
            "5",
            EMAILS[1],
            f"Tel {PHONES[2]} / {PHONES[3]}, {EMAILS[1]}, {PNRS[1]}",
        ],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def assert_clean(store: Store) -> None:
    values = list(text_values(store))
    assert any(t == "raw_files" for t, _, _ in values)  # the kept copy is scanned too
    for table, column, value in values:
        for secret in SECRETS:
            assert secret not in value, (table, column, secret)


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_no_personal_value_reaches_any_table_or_kept_file(separator: str, tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    data = table_bytes(separator)
    outcome = importing.run(
        store, data, ReadOptions(file_name="svar.csv"), round_label="2025", user="a"
    )
    assert outcome.status == "published", outcome.found.outcome.errors
    assert outcome.found.info.separator == separator
    assert outcome.found.info.personal == (0, 1, 2, 3, 6)  # "Uppgiftslämnare": by content
    assert_clean(store)
    kept = store.load("2025").responses["utmaning_fritext"].tolist()
    assert kept == [
        "Ring [telefon] eller [telefon], pnr [personnummer], [e-post]",
        "Tel [telefon] / [telefon], [e-post], [personnummer]",
    ]
    again = importing.run(
        store, data, ReadOptions(file_name="kopia.csv"), round_label="x", user="b"
    )
    assert again.status == "duplicate"
    log = store.import_log()
    assert log["action"].tolist() == ["refused", "publish"]  # the duplicate upload is logged


def test_a_refused_files_personal_values_never_reach_the_import_log(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    data = f"kommun;betyg_integration\n{NAMES[0]} {PNRS[0]};4\nVäxjö;{EMAILS[0]}\n".encode()
    outcome = importing.run(
        store, data, ReadOptions(file_name="fel.csv"), round_label="2025", user="a"
    )
    assert outcome.status == "refused"
    shown = [p.value for p in outcome.found.outcome.errors]
    assert f"{NAMES[0]} {PNRS[0]}" in shown  # the steward sees the cell …
    entry = store.import_log().iloc[0]
    assert entry["action"] == "refused"
    assert entry["n_errors"] == 2
    assert_clean(store)  # … the log and the kept copy do not


def workbook_with_metadata() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Starttid", "E-post", "Namn", "Förnamn", "Kommun", "Kommentar"])
    sheet.append([1, "2025-09-01 10:00", EMAILS[0], NAMES[0], FIRST[0], "Växjö", PHONES[0]])
    sheet.append([2, "2025-09-01 11:00", EMAILS[1], NAMES[1], FIRST[1], "Kalmar", PNRS[0]])
    sheet["F2"].comment = Comment(f"Ändrad av {NAMES[1]}", NAMES[1])
    book.properties.creator = f"{NAMES[0]} <{EMAILS[0]}>"
    book.properties.lastModifiedBy = NAMES[1]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbooks_document_properties_comments_and_personal_cells_are_not_kept(
    tmp_path,
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    data = workbook_with_metadata()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the file really holds them
        xml = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert NAMES[0] in xml
    assert EMAILS[0] in xml
    outcome = importing.run(
        store, data, ReadOptions(file_name="forms.xlsx"), round_label="2025", user="a"
    )
    assert outcome.status == "published", outcome.found.outcome.errors
    assert_clean(store)
    record = file_record(store, outcome.result.sha256)
    assert record["size"] == len(data)
    assert record["mapping"] == {
        "columns": {"Kommun": "kommun"},  # the allow-list: what the contract reads
        "dropped": {"metadata": 2, "personuppgift": 4},  # ID, Starttid; E-post … Kommentar
    }


def test_a_semicolon_file_with_a_comma_in_its_title_is_scrubbed_by_its_own_separator(
    tmp_path,
) -> None:
    data = "Svar, hösten 2025\nkommun;Namn;betyg_integration\nVäxjö;Anna Andersson;4\n"
    found = importing.read(data.encode(), ReadOptions(file_name="s.csv"), "2025")
    assert found.info.separator == ";"
    assert not found.outcome.errors
    kept = importing.kept_record(found)
    assert kept["columns"] == {"kommun": "kommun", "betyg_integration": "betyg_integration"}
    assert kept["dropped"] == {"personuppgift": 1}
    assert "Anna Andersson" not in str(kept)


@pytest.mark.parametrize("separator", [";", ",", "\t"])
@pytest.mark.parametrize(
    ("municipality_header", "rating"),
    [("Ort", "4"), ("kommun", "Mycket stor utmaning")],  # proposed column; unknown label
)
def test_a_file_refused_by_this_sessions_rules_leaves_no_personal_value(
    separator: str, municipality_header: str, rating: str, tmp_path
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    title, header, *body = table_bytes(separator).decode("utf-8").split("\n")
    header = header.replace("kommun", municipality_header)
    body = [r.replace(f"{separator}4{separator}", f"{separator}{rating}{separator}") for r in body]
    data = "\n".join([title, header, *body]).encode()
    outcome = importing.run(
        store, data, ReadOptions(file_name="svar.csv"), round_label="2025", user="a"
    )
    assert outcome.status == "refused"
    wanted = "kommun_foreslagen" if municipality_header == "Ort" else "betyg_etiketter_okanda"
    assert [e.code for e in outcome.found.outcome.errors] == [wanted]
    assert_clean(store)
