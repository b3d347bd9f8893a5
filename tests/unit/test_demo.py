"""The fictional demo survey: deterministic, shipped as generated, readable, structured."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from linnedata.demo import (
    COASTAL,
    ROUNDS,
    TOWNS,
    demo_typology,
    generate_demo,
    load_demo,
    municipality_type,
)
from linnedata.figures.measures import area_measures, group_measures
from linnedata.paths import DEMO_DIR
from linnedata.places.region import default_region
from linnedata.survey import Survey

FILES = ["enkat_2023.csv", "enkat_2024.csv", "README.md"]


@pytest.fixture(scope="module")
def demo() -> dict[str, Survey]:
    return load_demo()


@pytest.fixture(scope="module")
def by_type(demo: dict[str, Survey]) -> dict[str, pd.DataFrame]:
    """Per round: mean rating and priority points per (municipality type, area)."""
    typology = demo_typology()
    return {
        label: group_measures(area_measures(survey), "area_id", typology).set_index(
            ["grupp", "area_id"]
        )
        for label, survey in demo.items()
    }


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate_demo(tmp_path / "a")
    second = generate_demo(tmp_path / "b")
    assert [p.name for p in first] == FILES
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_shipped_files_are_exactly_what_the_generator_writes(tmp_path: Path) -> None:
    for path in generate_demo(tmp_path):
        assert path.read_bytes() == (DEMO_DIR / path.name).read_bytes(), (
            f"data/demo/{path.name} differs: run `python -m linnedata demo`"
        )


def test_another_seed_gives_other_answers(tmp_path: Path) -> None:
    other = generate_demo(tmp_path, seed=1)
    assert other[0].read_bytes() != (DEMO_DIR / "enkat_2023.csv").read_bytes()


def test_readme_says_fictional_and_how_to_regenerate() -> None:
    text = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert "Exempeldata – fiktiva svar" in text
    assert "fictional" in text
    assert "python -m linnedata demo" in text


def test_csv_has_the_canonical_columns_and_no_personal_data() -> None:
    header = (DEMO_DIR / "enkat_2024.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = header.split(",")
    assert columns[:3] == ["kommun", "inskickad", "roll"]
    assert columns[-7:] == [
        "prio_1",
        "prio_2",
        "prio_3",
        "samverkansformer",
        "seminarieintresse",
        "medfinansiering",
        "utmaning_fritext",
    ]
    assert len([c for c in columns if c.startswith("betyg_")]) == 15
    assert not {"namn", "epost", "telefon"} & set(columns)


def test_every_file_reads_without_errors_or_warnings(demo: dict[str, Survey]) -> None:
    assert list(demo) == list(ROUNDS)
    for label, survey in demo.items():
        assert survey.round == label
        assert survey.warnings == ()
        assert survey.file_name == f"enkat_{label}.csv"


def test_one_to_three_respondents_per_municipality(demo: dict[str, Survey]) -> None:
    for survey in demo.values():
        counts = survey.responses.groupby("kommun_kod").size()
        assert counts.between(1, 3).all()
        assert set(counts) == {1, 2, 3}


def test_a_few_different_municipalities_are_missing_per_round(
    demo: dict[str, Survey],
) -> None:
    region = set(default_region()["kommun_kod"])
    missing = {
        label: region - set(survey.responses["kommun_kod"]) for label, survey in demo.items()
    }
    for codes in missing.values():
        assert 3 <= len(codes) <= 5
    assert not missing["2023"] & missing["2024"]


def test_names_mostly_and_some_codes_in_the_municipality_cells() -> None:
    cells = pd.read_csv(DEMO_DIR / "enkat_2024.csv", dtype=str)["kommun"]
    is_code = cells.str.fullmatch(r"\d{4}")
    assert 0 < is_code.sum() < len(cells) / 3


def test_a_few_blank_ratings_and_free_texts_are_plain_swedish(
    demo: dict[str, Survey],
) -> None:
    for survey in demo.values():
        assert 0 < survey.ratings["betyg"].isna().sum() < len(survey.ratings) / 20
        texts = survey.responses["utmaning_fritext"].dropna()
        assert texts.str.len().gt(0).sum() > len(texts) / 2
        assert not texts.str.contains(r"[<>=@]", regex=True).any()


def test_typology_covers_the_listed_towns_and_coast() -> None:
    assert municipality_type("0780") == "stad"
    assert municipality_type("0840") == "kust"
    assert municipality_type("0617") == "inland"
    assert not set(TOWNS) & set(COASTAL)
    assert set(TOWNS) | set(COASTAL) <= set(default_region()["kommun_kod"])


@pytest.mark.parametrize("round_label", list(ROUNDS))
@pytest.mark.parametrize(
    ("area", "higher", "lower"),
    [
        ("befolkningsutveckling", "inland", "stad"),
        ("skatteunderlag", "inland", "stad"),
        ("bostadsplanering", "stad", "inland"),
        ("kompetensforsorjning", "stad", "inland"),
        ("natur_kultur_fritid", "kust", "inland"),
        ("natur_kultur_fritid", "kust", "stad"),
    ],
)
def test_the_structure_a_reader_can_discover(
    by_type: dict[str, pd.DataFrame], round_label: str, area: str, higher: str, lower: str
) -> None:
    table = by_type[round_label]
    for measure in ("medelbetyg", "prioriteringspoang"):
        assert table.loc[(higher, area), measure] > table.loc[(lower, area), measure] + 0.5


@pytest.mark.parametrize("area", ["trygghet_tillit", "brottsprevention"])
def test_safety_rises_from_2023_to_2024(demo: dict[str, Survey], area: str) -> None:
    region = {label: group_measures(area_measures(s), "area_id") for label, s in demo.items()}
    before, after = (region[r].set_index("area_id")["medelbetyg"] for r in ("2023", "2024"))
    assert after[area] - before[area] > 0.5
