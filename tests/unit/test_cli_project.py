"""The CLI's project commands, in-process on a temporary SQLite store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from linnedata.cli import main


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/store.sqlite"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_update_and_list_with_the_status_history(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        [
            "project", "add", "--title", "Skola och hälsa", "--area", "skolutveckling",
            "--kommun", "0780", "--kommun", "0764", "--researcher", "Anna Ek", "--db", db,
        ],
        capsys,
    )  # fmt: skip
    assert (code, out) == (0, "1\n")
    for status in ("kontakt", "möte", "ansökan"):
        assert run(["project", "update", "1", "--status", status, "--db", db], capsys)[0] == 0
    code, out, _ = run(
        [
            "project", "update", "1", "--status", "beviljad", "--funder", "Vinnova",
            "--applied", "900000", "--granted", "750000", "--note", "Beslut 12 mars", "--db", db,
        ],
        capsys,
    )  # fmt: skip
    assert (code, out) == (0, "Projekt 1 är uppdaterat (status: Beviljad).\n")
    code, out, _ = run(["project", "list", "--json", "--db", db], capsys)
    listed = json.loads(out)
    assert [p["status"] for p in listed] == ["beviljad"]
    assert listed[0]["municipalities"] == ["0780", "0764"]
    assert (listed[0]["applied"], listed[0]["granted"], listed[0]["funder"]) == (
        900_000,
        750_000,
        "Vinnova",
    )
    assert listed[0]["notes"] == "Beslut 12 mars"
    assert [h["status_to"] for h in listed[0]["history"]] == [
        "idé", "kontakt", "möte", "ansökan", "beviljad",
    ]  # fmt: skip
    assert all(h["by"].startswith("cli") for h in listed[0]["history"])
    code, out, _ = run(["project", "list", "--kommun", "764", "--db", db], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["Titel"] for r in rows] == ["Skola och hälsa"]
    assert "Ansökan → Beviljad" in rows[0]["Statushistorik"]
    assert run(["project", "list", "--status", "idé", "--json", "--db", db], capsys)[1] == "[]\n"


def test_update_changes_title_areas_municipalities_and_form(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ["project", "add", "--title", "T", "--area", "integration", "--kommun", "0780"]
    assert run([*add, "--form", "kurs", "--db", db], capsys)[0] == 0
    code, out, err = run(
        [
            "project", "update", "1", "--title", "Integration i Kronoberg", "--area", "integration",
            "--area", "bostadsplanering", "--kommun", "0780", "--kommun", "765", "--form",
            "utredning", "--db", db,
        ],
        capsys,
    )  # fmt: skip
    assert (code, out) == (0, "Projekt 1 är uppdaterat (status: Idé).\n"), err
    (listed,) = json.loads(run(["project", "list", "--json", "--db", db], capsys)[1])
    assert (listed["title"], listed["areas"], listed["municipalities"], listed["form_id"]) == (
        "Integration i Kronoberg",
        ["integration", "bostadsplanering"],
        ["0780", "0765"],
        "utredning",
    )
    assert set(listed["history"][-1]["changes"]) == {"title", "areas", "municipalities", "form_id"}
    assert run(["project", "update", "1", "--form", "", "--db", db], capsys)[0] == 0
    (listed,) = json.loads(run(["project", "list", "--json", "--db", db], capsys)[1])
    assert (listed["form_id"], listed["areas"]) == (None, ["integration", "bostadsplanering"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "beviljad"], "Ett projekt med status 'idé' kan inte gå till 'beviljad'."),
        (["--status", "klar"], "Statusen 'klar' finns inte."),
        (["--applied", "-100"], "Fältet sökt belopp: '-100' är inget belopp."),
        (["--granted", "mycket"], "Fältet beviljat belopp: 'mycket' är inget belopp."),
        (["--title", " "], "Fältet titel saknas."),
        (["--kommun", "0999"], "Kommunkoden '0999' finns inte"),
        (["--area", "skola"], "Området 'skola' finns inte"),
        (["--form", "brevduva"], "brevduva"),
    ],
)
def test_a_bad_update_says_what_and_saves_nothing(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    add = ["project", "add", "--title", "T", "--area", "integration", "--kommun", "0780"]
    assert run([*add, "--db", db], capsys)[0] == 0
    code, _, err = run(["project", "update", "1", *args, "--funder", "X", "--db", db], capsys)
    assert code == 1
    assert message in err
    assert "Inget sparades" in err
    assert "Traceback" not in err
    listed = json.loads(run(["project", "list", "--json", "--db", db], capsys)[1])
    assert (listed[0]["status"], listed[0]["funder"], len(listed[0]["history"])) == ("idé", "", 1)


def test_a_bad_new_project_names_the_area_and_the_code(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["project", "add", "--title", "T", "--area", "skola", "--kommun", "0999", "--db", db],
        capsys,
    )
    assert (code, out) == (1, "")
    assert "Området 'skola' finns inte" in err
    assert "Kommunkoden '0999' finns inte" in err
    assert run(["project", "list", "--json", "--db", db], capsys)[1] == "[]\n"
    code, _, err = run(["project", "update", "5", "--status", "kontakt", "--db", db], capsys)
    assert code == 1
    assert "Det finns inget projekt med nummer 5" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_a_formula_in_a_title_or_a_researcher(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    evil = '=HYPERLINK("x")'
    add = ["project", "add", "--title", evil, "--area", "integration", "--kommun", "0780"]
    assert run([*add, "--researcher", evil, "--db", db], capsys)[0] == 0
    out = tmp_path / f"projekt.{fmt}"
    code, printed, _ = run(
        ["project", "export", "--format", fmt, "--out", str(out), "--db", db], capsys
    )
    assert code == 0
    assert printed == f"Skrev 1 projekt till {out}.\n"
    if fmt == "csv":
        text = out.read_bytes().decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    else:
        sheet = load_workbook(out).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "'" + evil in cells
    assert cells.count("'" + evil) == 2  # the title and the researcher
    assert not any(c.startswith("=") for c in cells)
