"""`python -m linnedata seminars`: topics, coverage and placements; errors exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linnedata import seminars as sm
from linnedata.cli import main
from linnedata.demo import load_demo
from linnedata.places.region import default_region


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["seminars", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_topics_coverage_and_one_line_per_placement(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--round", "2024", "--groups", "4")
    assert code == 0
    prefs = sm.preferences(load_demo()["2024"], "area", default_region())
    plan = sm.plan_seminars(prefs, sm.Settings(4))
    assert out.startswith("Seminarieämnen (2024): ")
    assert f"Täckning: {plan.covered} av {plan.interested}" in out
    assert out.count(" → ") == plan.interested
    assert "Växjö → " in out


def test_json_has_the_plan_and_the_researchers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--round", "2023", "--groups", "3", "--min", "4", "--max", "12", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    assert report["round"] == "2023"
    assert report["settings"]["min_size"] == 4
    assert len(report["seminars"]) == 3
    sizes = [len(s["municipalities"]) for s in report["seminars"]]
    assert all(4 <= n <= 12 for n in sizes)
    assert sum(sizes) == report["coverage"]["interested"]
    assert all("researchers" in s for s in report["seminars"])


def test_locks_excludes_and_labels_are_understood(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--groups", "4",
        "--lock", "Växjö=Integration",
        "--exclude", "Befolkningsutveckling",
        "--json",
    )  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert "befolkningsutveckling" not in report["topics"]
    vaxjo = next(
        (s["topic"], m)
        for s in report["seminars"]
        for m in s["municipalities"]
        if m["kommun_kod"] == "0780"
    )
    assert vaxjo[0] == "integration"
    assert vaxjo[1]["locked"] is True


def test_infeasible_settings_exit_1_with_the_setting_to_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--groups", "3")
    assert code == 1
    assert "höj max till" in err
    code, out, _ = run(capsys, "--groups", "3", "--json", "--lang", "en")
    assert code == 1
    assert "raise max to" in json.loads(out)["errors"][0]


def test_a_bad_competence_list_is_reported_with_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "forskare.csv"
    path.write_text("forskare,omraden,kapacitet\nA,Bostadsplanring,2\n", encoding="utf-8")
    code, _, err = run(capsys, "--groups", "4", "--researchers", str(path))
    assert code == 1
    assert "Rad 2, kolumn 'omraden'" in err


def test_an_unknown_round_lists_the_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--round", "1999", "--groups", "4")
    assert code == 1
    assert "2023, 2024" in err


def test_a_lock_on_a_municipality_that_does_not_take_part_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    prefs = sm.preferences(load_demo()["2024"], "area", default_region())
    outside = next(c for c in default_region()["kommun_kod"] if c not in prefs.codes)
    code = main(["seminars", "--groups", "4", "--lock", f"{outside}=Integration", "--json"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert outside in report["errors"][0]
