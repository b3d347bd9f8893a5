"""The one round-label rule (linnedata.rounds) and the store, CLI and Data page that use it."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest

from linnedata import demo, rounds
from linnedata.cli import main
from linnedata.store import InvalidRoundError, LookalikeRoundError, Store

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("２０２４", "2024"),
        ("  2024 ", "2024"),
        ("höst\u00a0 2025", "höst 2025"),
        ("Ｈöst", "Höst"),
    ],
)
def test_labels_are_normalised(typed: str, stored: str) -> None:
    assert rounds.normalise(typed) == stored


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("2024", None),
        ("höst 2025", None),
        ("2024/25", None),
        ("x" * 40, None),
        ("x" * 41, "omgang_for_lang"),
        ("x" * 10_000, "omgang_for_lang"),
        ("", "omgang_ogiltig"),
        ("svar (1)", "omgang_ogiltig"),
        ("_2024", "omgang_ogiltig"),
        ("2024\n--", "omgang_ogiltig"),
        ("[2024](http://x)", "omgang_ogiltig"),
    ],
)
def test_the_validator(label: str, code: str | None) -> None:
    assert rounds.problem(label) == code


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("enkat_2024_v2.csv", "2024"),
        ("svar (1).csv", "svar 1"),
        ("Svar på enkäten, höst.xlsx", "Svar på enkäten höst"),
        ("((.csv", ""),
        ("２０２５.csv", "2025"),
        ("x" * 60 + ".csv", "x" * 40),
        ("123456.csv", "123456"),
    ],
)
def test_a_suggested_label_is_one_the_validator_accepts_or_nothing(name: str, label: str) -> None:
    assert rounds.suggest(name) == label
    assert label == "" or rounds.problem(label) is None


def test_rounds_sort_by_year_newest_first_and_other_labels_after() -> None:
    assert rounds.newest_first(["2023", "empty", "2025", "Höst", "2024", "abc"]) == [
        "2025",
        "2024",
        "2023",
        "abc",
        "empty",
        "Höst",
    ]
    assert [rounds.is_year(x) for x in ("2024", "1899", "20245", "２０２４")] == [
        True,
        False,
        False,
        False,
    ]


def publish(store: Store, label: str, demo_label: str = "2024") -> None:
    survey = dataclasses.replace(demo.load_demo()[demo_label], round=label)
    store.publish(survey, (DEMO / f"enkat_{demo_label}.csv").read_bytes(), user="t")


def test_the_store_stores_the_normalised_label_and_lists_newest_first(db_url: str) -> None:
    store = Store(db_url)
    publish(store, "２０２３", "2023")
    publish(store, "2024")
    assert store.labels() == ["2024", "2023"]
    assert store.rounds()["label"].tolist() == ["2024", "2023"]
    assert list(store.load_all()) == ["2024", "2023"]


def test_the_store_refuses_a_lookalike_and_an_invalid_label(db_url: str) -> None:
    store = Store(db_url)
    publish(store, "Höst 2024", "2023")
    with pytest.raises(LookalikeRoundError) as similar:
        publish(store, "höst  2024")
    assert "'Höst 2024'" in similar.value.message("sv")
    with pytest.raises(InvalidRoundError):
        publish(store, "svar (1)")
    assert store.labels() == ["Höst 2024"]


def test_the_cli_derives_the_label_the_page_suggests() -> None:
    from linnedata.cli.common import round_label as _round

    assert _round(argparse.Namespace(round=None, file=Path("svar (1).csv"))) == "svar 1"
    assert _round(argparse.Namespace(round=" ２０２４ ", file=Path("x.csv"))) == "2024"
    assert _round(argparse.Namespace(round=None, file=Path("((.csv"))) == "enkat"


def test_the_cli_lists_rounds_newest_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite"
    store = Store(url)
    publish(store, "2023", "2023")
    publish(store, "2024")
    capsys.readouterr()
    assert main(["rounds", "--db", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["2024", "2023"]
