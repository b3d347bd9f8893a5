"""``python -m linnedata questionnaire …`` in-process on a temporary store: open, links,
status, revoke, remind, close → published through the import."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from linnedata import questionnaire
from linnedata.cli import main
from linnedata.questionnaire import limits
from linnedata.store import Store
from linnedata.store.testing import text_values


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/store.sqlite"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_open_links_status_revoke_remind_close(db, tmp_path, capsys, monkeypatch):
    region = tmp_path / "inbjudna.csv"
    region.write_text(
        "kommun_kod,kommun,lan_kod,lan\n0780,Växjö,07,Kronobergs län\n0680,Jönköping,06,Jönköpings län\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "questionnaire", "open", "--round", "2026", "--municipalities",
                       str(region), "--db", db)  # fmt: skip
    assert code == 0
    assert "2026" in err
    code, out, _ = run(capsys, "questionnaire", "links", "--round", "2026", "--json", "--db", db)
    links = json.loads(out)
    assert code == 0
    assert [sorted(r) for r in links] == [["kommun", "kommun_kod", "url"]] * 2
    assert [r["kommun_kod"] for r in links] == ["0680", "0780"]
    tokens = {r["kommun_kod"]: parse_qs(urlsplit(r["url"]).query)["t"][0] for r in links}
    store = Store(db)
    assert not any(t in v for _, _, v in text_values(store) for t in tokens.values())
    monkeypatch.setattr(limits, "MIN_FILL_SECONDS", 0.0)
    raw = {"roll": "annan", "betyg": {"integration": 5}, "prio_1": "integration"}
    assert questionnaire.save(
        store, tokens["0780"], raw, resume_code=None, submit=True, shown_at=0.0
    ).stored
    code, out, _ = run(capsys, "questionnaire", "status", "--round", "2026", "--json", "--db", db)
    assert json.loads(out) == [
        {
            "kommun_kod": "0680",
            "kommun": "Jönköping",
            "invited": True,
            "started": 0,
            "submitted": 0,
        },
        {"kommun_kod": "0780", "kommun": "Växjö", "invited": True, "started": 1, "submitted": 1},
    ]
    code, out, _ = run(
        capsys,
        "questionnaire",
        "revoke",
        "--round",
        "2026",
        "--kommun",
        "0680",
        "--json",
        "--db",
        db,
    )
    new = json.loads(out)
    assert [r["kommun_kod"] for r in new] == ["0680"]
    assert questionnaire.access(store, tokens["0680"]).status == "revoked"
    monkeypatch.delenv("LINNEDATA_SMTP_HOST", raising=False)
    code, out, _ = run(
        capsys, "questionnaire", "remind", "--round", "2026", "--dry-run", "--json", "--db", db
    )
    assert json.loads(out) == [
        {"kommun_kod": "0680", "kommun": "Jönköping", "status": "no_address"}
    ]
    code, out, err = run(capsys, "questionnaire", "close", "--round", "2026", "--db", db)
    assert code == 0, err
    assert Store(db).labels() == ["2026"]
    assert questionnaire.access(store, tokens["0780"]).status == "closed"
    code, out, _ = run(capsys, "rounds", "--db", db)
    assert "2026" in out


def test_an_unknown_round_is_one_clear_message(db, capsys):
    code, _, err = run(capsys, "questionnaire", "status", "--round", "1999", "--db", db)
    assert code == 1
    assert "1999" in err
    assert "Traceback" not in err


def test_links_as_csv_have_exactly_the_columns(db, capsys):
    run(capsys, "questionnaire", "open", "--round", "r1", "--db", db)
    code, out, _ = run(capsys, "questionnaire", "links", "--round", "r1", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "kommun_kod,kommun,url"
    assert len(lines) == 1 + 38


def _open_with_one_answer(db: str, tmp_path: Path, capsys, monkeypatch) -> tuple[Store, str]:
    """Växjö and Jönköping invited, Växjö has answered in the app; Växjö's token."""
    region = tmp_path / "inbjudna.csv"
    region.write_text(
        "kommun_kod,kommun,lan_kod,lan\n0780,Växjö,07,Kronobergs län\n0680,Jönköping,06,Jönköpings län\n",
        encoding="utf-8",
    )
    run(capsys, "questionnaire", "open", "--round", "2026", "--municipalities", str(region),
        "--db", db)  # fmt: skip
    store = Store(db)
    url = questionnaire.issue_links(store, "2026", ["0780"]).loc[0, "url"]
    token = parse_qs(urlsplit(url).query)["t"][0]
    monkeypatch.setattr(limits, "MIN_FILL_SECONDS", 0.0)
    raw = {"roll": "annan", "betyg": {"integration": 5}, "prio_1": "integration"}
    assert questionnaire.save(store, token, raw, resume_code=None, submit=True, shown_at=0.0).stored
    return store, token


def test_close_with_a_paper_file_publishes_the_app_and_the_paper_answers_as_one_round(
    db, tmp_path, capsys, monkeypatch
):
    store, token = _open_with_one_answer(db, tmp_path, capsys, monkeypatch)
    paper = tmp_path / "papper.csv"
    paper.write_text(
        "kommun,roll,betyg_integration,betyg_digitalisering\n"
        "Jönköping,annan,2,4\nJönköping,förvaltningschef,3,\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "questionnaire", "close", "--round", "2026", "--paper",
                         str(paper), "--db", db, "--lang", "en")  # fmt: skip
    assert code == 0, err
    assert "3" in out
    assert questionnaire.access(store, token).status == "closed"
    survey = Store(db).load("2026")
    assert sorted(survey.responses["kommun_kod"]) == ["0680", "0680", "0780"]
    ratings = survey.ratings[survey.ratings["area_id"] == "integration"]
    merged = ratings.merge(survey.responses, on="respondent")
    assert sorted(zip(merged["kommun_kod"], merged["betyg"], strict=True)) == [
        ("0680", 2),
        ("0680", 3),
        ("0780", 5),
    ]


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("kommun,betyg_integration\nJönköping,9\n", "9"),
        ("kommun,betyg_integration\nAtlantis,3\n", "Atlantis"),
        (None, "saknas.csv"),  # no such file
    ],
)
def test_a_paper_file_that_cannot_be_added_closes_nothing_and_says_why(
    db, tmp_path, capsys, monkeypatch, content, named
):
    store, token = _open_with_one_answer(db, tmp_path, capsys, monkeypatch)
    paper = tmp_path / ("papper.csv" if content is not None else "saknas.csv")
    if content is not None:
        paper.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "questionnaire", "close", "--round", "2026", "--paper",
                         str(paper), "--db", db)  # fmt: skip
    assert code == 1
    assert out == ""
    assert f"Filen {paper.name} kan inte läggas till" in err
    assert named in err
    assert "Traceback" not in err
    assert questionnaire.access(store, token).status == "ok"  # not closed: the link still works
    assert Store(db).labels() == []  # nothing published
