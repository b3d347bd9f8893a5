"""Every survey tool's metadata columns are dropped by construction (issue 20 §1).

Files shaped like Qualtrics, SurveyMonkey, LimeSurvey and Typeform exports are built here,
each with the tool's own metadata columns (IP address, respondent and response ids, tokens,
recipient names and e-mail, location, referrer, hidden fields) holding personal values, and
free text holding more. After ``validate`` and after ``import`` — published and refused —
no table of the store (SQLite, and PostgreSQL when ``LINNEDATA_TEST_PG_URL`` names one),
no byte of the SQLite file, no file written and no part of the report's "dropped" list
holds any of those values.

Each tool comes twice: with the answer columns under their contract names (so that the
file is read today), and in the tool's own shape with its extra header rows (read or
refused, whatever the reader makes of it: either way nothing of the metadata is kept).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from linnedata import importing
from linnedata.store import Store
from linnedata.store.testing import text_values
from linnedata.survey import ReadOptions, validation_report

# the answers every file gives (the contract's columns), and free text with personal data
ANSWERS = ["kommun", "roll", "betyg_integration", "betyg_digitalisering", "utmaning_fritext"]
FREE_TEXT = [
    "Nås på 0701234567 eller 811228 9874, från 192.0.2.45, id c8a9f0e1d2b3a4958677665544332211",
    "Mejla ingegerd.lindqvist(at)vaxjo.se, tel +46 70 765 43 21, 2001:db8:85a3::8a2e:370:7334",
]
ROWS = [
    ["Växjö", "tjänsteperson", "4", "5", FREE_TEXT[0]],
    ["Kalmar", "förvaltningschef", "3", "2", FREE_TEXT[1]],
]
IN_FREE_TEXT = [
    "0701234567",
    "811228 9874",
    "c8a9f0e1d2b3a4958677665544332211",
    "ingegerd.lindqvist(at)vaxjo.se",
    "+46 70 765 43 21",
    "2001:db8:85a3::8a2e:370:7334",
]

# Each tool: its metadata columns, one personal value per respondent in each.
QUALTRICS = {
    "StartDate": ["2025-09-01 10:00:00", "2025-09-02 11:00:00"],
    "EndDate": ["2025-09-01 10:07:00", "2025-09-02 11:09:00"],
    "Status": ["IP Address", "IP Address"],
    "IPAddress": ["192.0.2.117", "198.51.100.203"],
    "Progress": ["100", "100"],
    "Duration (in seconds)": ["420", "540"],
    "Finished": ["True", "True"],
    "RecordedDate": ["2025-09-01 10:07:01", "2025-09-02 11:09:02"],
    "ResponseId": ["R_1abcDEFghiJKL2m", "R_3xyzUVWrstQPO4n"],
    "RecipientLastName": ["Lindqvistsson", "Öberggren"],
    "RecipientFirstName": ["Ingegerd", "Bengtolof"],
    "RecipientEmail": ["ingegerd.lq@vaxjo.se", "bengtolof.oberg@kalmar.se"],
    "ExternalReference": ["EXTREF-88121-IL", "EXTREF-99342-BO"],
    "LocationLatitude": ["56.877712", "56.663445"],
    "LocationLongitude": ["14.809061", "16.356779"],
    "DistributionChannel": ["email", "email"],
    "UserLanguage": ["SV", "SV"],
}
SURVEYMONKEY = {
    "Respondent ID": ["114123456789", "114987654321"],
    "Collector ID": ["431234567", "431765432"],
    "Start Date": ["09/01/2025 10:00:00 AM", "09/02/2025 11:00:00 AM"],
    "End Date": ["09/01/2025 10:07:00 AM", "09/02/2025 11:09:00 AM"],
    "IP Address": ["203.0.113.77", "203.0.113.154"],
    "Email Address": ["karin.svedberg@ljungby.se", "per-erik.holm@nybro.se"],
    "First Name": ["Karinella", "Per-Erikson"],
    "Last Name": ["Svedbergsdotter", "Holmqvistare"],
    "Custom Data 1": ["kundnr-558812", "kundnr-771293"],
}
LIMESURVEY = {
    "id": ["904711", "904712"],
    "submitdate": ["2025-09-01 10:07:00", "2025-09-02 11:09:00"],
    "lastpage": ["3", "3"],
    "startlanguage": ["sv", "sv"],
    "seed": ["1840392745", "2093847561"],
    "startdate": ["2025-09-01 10:00:00", "2025-09-02 11:00:00"],
    "datestamp": ["2025-09-01 10:07:00", "2025-09-02 11:09:00"],
    "ipaddr": ["192.0.2.201", "192.0.2.202"],
    "refurl": [
        "https://intranat.vaxjo.se/enkat?user=gunnel.bergstrom",
        "https://intranat.kalmar.se/enkat?user=sixten.ahlgren",
    ],
}
TYPEFORM = {
    "#": ["0a1b2c3d4e5f60718293a4b5c6d7e8f9", "f9e8d7c6b5a40918273645a3b2c1d0e9"],
    "Start Date (UTC)": ["2025-09-01 08:00:00", "2025-09-02 09:00:00"],
    "Submit Date (UTC)": ["2025-09-01 08:07:00", "2025-09-02 09:09:00"],
    "Network ID": ["2f1a3b4c5d", "8e7d6c5b4a"],
    "email": ["hidden.astrid@kommun-exempel.se", "hidden.bengt@kommun-exempel.se"],
    "respondent_name": ["Astridella Hiddensson", "Bengtamin Hiddensson"],
}
TOOLS = {
    "qualtrics": QUALTRICS,
    "surveymonkey": SURVEYMONKEY,
    "limesurvey": LIMESURVEY,
    "typeform": TYPEFORM,
}
# each tool's time of submission: read as ``inskickad`` (issue 20), the rest dropped
SUBMITTED = {"qualtrics": "RecordedDate", "surveymonkey": "End Date", "limesurvey": "submitdate",
             "typeform": "Submit Date (UTC)"}  # fmt: skip
# values that are no personal data of anybody (times, flags, a language) need not be scanned
NOT_PERSONAL = {
    "StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
    "RecordedDate", "DistributionChannel", "UserLanguage", "Start Date", "End Date",
    "submitdate", "lastpage", "startlanguage", "startdate", "datestamp", "Start Date (UTC)",
    "Submit Date (UTC)",
}  # fmt: skip


def personal_values(tool: str) -> list[str]:
    columns = TOOLS[tool]
    found = [v for header, values in columns.items() if header not in NOT_PERSONAL for v in values]
    return [*found, *IN_FREE_TEXT]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def flat_file(tool: str, rows: list[list[str]] = ROWS) -> bytes:
    """The tool's metadata columns, then the answers under their contract names."""
    meta = TOOLS[tool]
    header = [*meta, *ANSWERS]
    body = [[*(values[i] for values in meta.values()), *row] for i, row in enumerate(rows)]
    return csv_bytes([header, *body])


QUESTION_TEXT = {
    "kommun": "Vilken kommun representerar du?",
    "roll": "Vilken är din roll?",
    "betyg_integration": "Hur angeläget är varje område? - Integration",
    "betyg_digitalisering": "Hur angeläget är varje område? - Digitalisering",
    "utmaning_fritext": "Beskriv er mest angelägna utmaning",
}


def tool_shaped_file(tool: str) -> bytes:
    """The tool's own shape: Qualtrics' three header rows, SurveyMonkey's two, LimeSurvey's
    question codes, Typeform's question texts."""
    meta = TOOLS[tool]
    body = [[*(values[i] for values in meta.values()), *row] for i, row in enumerate(ROWS)]
    texts = [QUESTION_TEXT[a] for a in ANSWERS]
    if tool == "qualtrics":
        ids = [*meta, "Q1", "Q2", "Q3_1", "Q3_2", "Q4"]
        import_ids = [json.dumps({"ImportId": f"QID{i}"}) for i in range(len(ids))]
        return csv_bytes([ids, [*meta, *texts], import_ids, *body])
    if tool == "surveymonkey":
        first = [*meta, texts[0], texts[1], "Hur angeläget är varje område?", "", texts[4]]
        second = [""] * len(meta) + ["Response", "Response", "Integration", "Digitalisering",
                                     "Open-Ended Response"]  # fmt: skip
        return csv_bytes([first, second, *body])
    if tool == "limesurvey":
        return csv_bytes([[*meta, "Q1", "Q2", "Q3[SQ001]", "Q3[SQ002]", "Q4"], *body])
    return csv_bytes([[*meta, *texts], *body])


def assert_nothing_kept(values: list[str], store: Store | None, tmp_path: Path) -> None:
    """No value in any table, in the SQLite file's bytes, or in any file written."""
    if store is not None:
        scanned = list(text_values(store))
        assert any(table == "import_log" for table, _, _ in scanned)  # the scan sees the log
        for table, column, text in scanned:
            for value in values:
                assert value not in text, (table, column, value)
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.name.startswith("upload"):
            raw = path.read_bytes()
            for value in values:
                assert value.encode("utf-8") not in raw, (path.name, value)


def stores(db_url: str) -> Store:
    return Store(db_url)


READERS: dict[str, Callable[[str], bytes]] = {
    "flat": flat_file,
    "tool-shaped": tool_shaped_file,
}


@pytest.mark.parametrize("shape", READERS)
@pytest.mark.parametrize("tool", TOOLS)
def test_validate_reports_the_dropped_columns_and_writes_nothing(
    tool: str, shape: str, tmp_path: Path
) -> None:
    data = READERS[shape](tool)
    (tmp_path / "upload.csv").write_bytes(data)
    report = validation_report(tmp_path / "upload.csv", round_label="2025")
    dropped = {d["column"]: d["reason"] for d in report["dropped"]}
    if shape == "flat":
        assert report["ok"], report["errors"]
        sent = SUBMITTED[tool]  # the tool's time of submission is the contract's inskickad
        assert set(TOOLS[tool]) - {sent} <= set(dropped)  # every other metadata column is named …
        kept = {m["column"] for m in report["mapping"]} - set(dropped)
        assert kept == {*ANSWERS, sent}  # … and only the contract's columns are read
        assert report["redactions"] == 7  # in the free text: 4 + 3 items
    shown = json.dumps(report["dropped"], ensure_ascii=False)
    for value in personal_values(tool):
        assert value not in shown  # headers, never values
    assert_nothing_kept(personal_values(tool), None, tmp_path)  # validate writes nothing


@pytest.mark.parametrize("shape", READERS)
@pytest.mark.parametrize("tool", TOOLS)
def test_an_import_keeps_no_metadata_value_published_or_refused(
    tool: str, shape: str, db_url: str, tmp_path: Path
) -> None:
    store = stores(db_url)
    data = READERS[shape](tool)
    outcome = importing.run(
        store, data, ReadOptions(file_name=f"{tool}.csv"), round_label="2025", user="steward"
    )
    if shape == "flat":
        assert outcome.status == "published", outcome.found.outcome.errors
        texts = store.load("2025").responses["utmaning_fritext"].tolist()
        assert texts == [
            "Nås på [telefon] eller [personnummer], från [ip-adress], id [id]",
            "Mejla [e-post], tel [telefon], [ip-adress]",
        ]
    else:  # read today or refused: either way recorded and logged
        assert outcome.status in ("published", "refused")
    assert_nothing_kept(personal_values(tool), store, tmp_path)


@pytest.mark.parametrize("tool", TOOLS)
def test_a_refused_import_keeps_no_metadata_value_nor_its_bad_cells(
    tool: str, db_url: str, tmp_path: Path
) -> None:
    store = stores(db_url)
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[0][0] = "Ingegerd Lindqvistsson 811228-9874"  # a name in the municipality cell
    rows[1][2] = "kanske 0701234567"  # a phone number in a rating cell
    data = flat_file(tool, rows)
    outcome = importing.run(
        store, data, ReadOptions(file_name=f"{tool}.csv"), round_label="2025", user="steward"
    )
    assert outcome.status == "refused"
    shown = [p.value for p in outcome.found.outcome.errors]
    assert "Ingegerd Lindqvistsson 811228-9874" in shown  # the steward sees the cell …
    secrets = [*personal_values(tool), "Lindqvistsson", "811228-9874", "0701234567"]
    assert_nothing_kept(secrets, store, tmp_path)  # … the store does not


def test_the_sqlite_file_itself_holds_no_metadata_value(tmp_path: Path) -> None:
    """Not a table's text only: no byte of the database file or its journal."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    for n, tool in enumerate(TOOLS):
        importing.run(
            store,
            flat_file(tool),
            ReadOptions(file_name=f"{tool}.csv"),
            round_label=str(2020 + n),
            user="steward",
        )
    store.engine.dispose()
    everything = [v for tool in TOOLS for v in personal_values(tool)]
    files = list(tmp_path.glob("store.sqlite*"))
    assert files
    for path in files:
        raw = path.read_bytes()
        for value in everything:
            assert value.encode("utf-8") not in raw, (path.name, value)


def upload_panel() -> None:
    import streamlit as st

    from ui import data, steward

    class Upload:
        def __init__(self, name: str, content: bytes) -> None:
            self.name, self._content = name, content

        def getvalue(self) -> bytes:
            return self._content

    name, content = st.session_state["test_file"]
    st.file_uploader = lambda *args, **kwargs: Upload(name, content)
    steward.upload_panel(data.store())


def test_the_data_page_says_which_columns_are_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit
    from streamlit.testing.v1 import AppTest

    from ui import data

    monkeypatch.setattr(streamlit, "file_uploader", streamlit.file_uploader)  # put back after
    monkeypatch.setenv("LINNEDATA_DB_URL", f"sqlite:///{tmp_path}/store.sqlite")
    data.invalidate()
    try:
        app = AppTest.from_function(upload_panel, default_timeout=60)
        app.session_state["test_file"] = ("qualtrics_2025.csv", flat_file("qualtrics"))
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        shown = [c.value for c in app.caption if "Sparas inte" in c.value]
        assert len(shown) == 1
        for header in ("IPAddress", "RecipientEmail", "ResponseId", "LocationLatitude"):
            assert header in shown[0]
        for value in personal_values("qualtrics"):
            assert value not in shown[0]
    finally:
        data.invalidate()


def test_a_file_whose_first_row_is_an_answer_logs_none_of_it(db_url: str, tmp_path: Path) -> None:
    """No header: the first respondent's row is presumed to be it, and the refusal names the
    columns it found — to the steward, not to the log."""
    store = stores(db_url)
    data = csv_bytes(
        [["Ingegerd Lindqvistsson", "Växjö", "4"], ["Bengtolof Öberggren", "Kalmar", "5"]]
    )
    outcome = importing.run(
        store, data, ReadOptions(file_name="utan_rubrik.csv"), round_label="2025", user="s"
    )
    assert outcome.status == "refused"
    shown = [p.message("sv") for p in outcome.found.outcome.errors]
    assert shown  # the steward is told what is wrong …
    names = ["Ingegerd", "Lindqvistsson", "Bengtolof", "Öberggren"]
    assert_nothing_kept(names, store, tmp_path)  # … and the log keeps none of the names
