"""The CLI's competence commands, in-process on a temporary SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linnedata.cli import main
from linnedata.paths import DATA_DIR


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    assert main(["competence", "import", str(DATA_DIR / "demo" / "forskare.csv"), "--db", url]) == 0
    assert (
        main(["import", str(DATA_DIR / "demo" / "enkat_2024.csv"), "--round", "2024", "--db", url])
        == 0
    )
    return url


def test_import_then_list_and_versions(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["competence", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == "forskare,forskningsmiljo,omraden,kapacitet,samverkansformer,profil,aktiv,publikt"
    )
    assert len(lines) == 11
    assert main(["competence", "versions", "--db", db]) == 0
    assert ",import,forskare.csv,10," in capsys.readouterr().out


def test_a_bad_list_saves_nothing_and_names_the_cell(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "lista.csv"
    bad.write_text("forskare,omraden,kapacitet\nA,Okänt,2\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["competence", "import", str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "Rad 2, kolumn 'omraden': området 'Okänt'" in err
    assert "Inget sparades" in err
    main(["competence", "versions", "--db", db])
    assert len(capsys.readouterr().out.splitlines()) == 2  # header + version 1 only


def test_projects_json_and_search_text(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["projects", "--round", "2024", "--json", "--db", db]) == 0
    top = json.loads(capsys.readouterr().out)
    assert len(top) == 10
    assert {"area_id", "members", "forms", "researchers", "score", "reason"} <= set(top[0])
    assert [g["score"] for g in top] == sorted((g["score"] for g in top), reverse=True)
    assert all(len(g["members"]) >= 2 and "kan medfinansiera" in g["reason"] for g in top)
    assert main(["projects", "--round", "2024", "--json", "--all", "--db", db]) == 0
    every = json.loads(capsys.readouterr().out)
    assert every[:10] == top
    assert len(every) > 10
    assert len({(g["area_id"], frozenset(g["members"])) for g in every}) == len(every)
    assert main(["search-text", "bostad", "--round", "2024", "--json", "--db", db]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits
    assert all("»bostäder«" in h["traff"] or "»bostad" in h["traff"] for h in hits)
    assert main(["search-text", "bostad", "--round", "1999", "--db", db]) == 1
    assert "1999" in capsys.readouterr().err
