"""Any region by editing one file: one county, all 290, a bad file (linnedata.places.region, demo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from linnedata import demo
from linnedata.errors import SchemaError
from linnedata.places import geo, region
from linnedata.places.region import load_region, national_municipalities, region_error


def write_region(path: Path, codes: list[str]) -> Path:
    national, counties_table = national_municipalities(), geo.load_counties()
    names = dict(zip(national["kommun_kod"], national["kommun"], strict=True))
    counties = dict(zip(counties_table["lan_kod"], counties_table["lan"], strict=True))
    lines = ["kommun_kod,kommun,lan_kod,lan"]
    lines += [f"{c},{names[c]},{c[:2]},{counties[c[:2]]}" for c in codes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def all_codes() -> list[str]:
    return list(national_municipalities()["kommun_kod"])


def test_one_county_gets_a_demo_of_its_own_municipalities(tmp_path: Path) -> None:
    skane = [c for c in all_codes() if c.startswith("12")]
    table = load_region(write_region(tmp_path / "region.csv", skane))
    assert len(table) == 33
    rounds = {label: data.decode() for label, data in demo.demo_files(table).items()}
    again = {label: data.decode() for label, data in demo.demo_files(table).items()}
    assert rounds == again  # deterministic per region
    assert "Malmö" in rounds["2024"]
    assert "Växjö" not in rounds["2024"]
    assert demo.municipality_type("1280") == "stad"


def test_all_290_load_and_the_environment_variable_selects_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_region(tmp_path / "sverige.csv", all_codes())
    monkeypatch.setenv(region.REGION_VARIABLE, str(path))
    assert region_error() is None
    assert len(region.default_region()) == 290
    surveys = demo.load_demo()
    assert surveys["2024"].responses["kommun_kod"].nunique() == 290 - 3


def test_the_shipped_region_generates_the_shipped_demo_bytes() -> None:
    files = demo.demo_files()
    assert files["2024"] == (demo.DEMO_DIR / "enkat_2024.csv").read_bytes()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "kod,kommun,lan_kod,lan\n0780,Växjö,07,Kronobergs län\n",
            "missing column(s) ['kommun_kod']",
        ),
        (
            "kommun_kod,kommun,lan_kod,lan\n0780,Växjö,07,K\n0780,Växjö,07,K\n",
            "rows 2 and 3, column kommun_kod: '0780' occurs more than once",
        ),
        (
            "kommun_kod,kommun,lan_kod,lan\n0780,Växjö,07,Kronobergs län\n0799,Ingenstans,07,Kronobergs län\n",
            "row 3, column kommun_kod: '0799' is not an SCB municipality code",
        ),
    ],
)
def test_a_bad_file_gets_one_message_naming_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, expected: str
) -> None:
    path = tmp_path / "region.csv"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setenv(region.REGION_VARIABLE, str(path))
    error = region_error()
    assert isinstance(error, SchemaError)
    assert expected in error.problems


def test_the_cli_stops_with_exit_1_on_a_bad_region_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from linnedata.cli import main

    path = tmp_path / "region.csv"
    path.write_text("kommun_kod,kommun\n0780,Växjö\n", encoding="utf-8")
    monkeypatch.setenv(region.REGION_VARIABLE, str(path))
    assert main(["neighbours", "0780"]) == 1
    assert "missing column(s) ['lan_kod', 'lan']" in capsys.readouterr().err
