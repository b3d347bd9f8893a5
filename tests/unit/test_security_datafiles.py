"""Every organiser-edited file in data/, corrupted in a temporary copy: one clear message
naming the file, the row and the value (linnedata.datafiles), never a traceback — on the
pages (AppTest) and on the command line (a subprocess)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from linnedata import datafiles
from linnedata.paths import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _windows_1252(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))


def _append(text: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


# (file, how it is spoilt, what the message must say: the row and the value)
CASES = {
    "fixed_links unknown code": (
        "fixed_links.csv",
        _replace("0840,0880", "0840,0999"),
        ["row 2, column code_b: '0999' is not an SCB municipality code"],
    ),
    "fixed_links Windows-1252": (
        "fixed_links.csv",
        _windows_1252,
        ["row 2:", "Ölandsbron", "UTF-8"],
    ),
    "fixed_links to itself": (
        "fixed_links.csv",
        _replace("1415,1419", "1415,1415"),
        ["row 3: '1415' is linked to itself"],
    ),
    "fixed_links not CSV": (
        "fixed_links.csv",
        _append('0840,0880,bro,"Öppen\n'),
        ["cannot be read as CSV"],
    ),
    "region renamed": (
        "region.csv",
        _replace("0780,Växjö,", "0780,Wexiö stad,"),
        ["row 21, column kommun: 'Wexiö stad' is not SCB's name for 0780 (Växjö)"],
    ),
    "region Windows-1252": ("region.csv", _windows_1252, ["is not UTF-8", "Jönköpings län"]),
    "areas unknown theme": (
        "areas.csv",
        _replace("Skills supply,naringsliv", "Skills supply,näringsliv"),
        ["row 2, column theme_id: 'näringsliv'"],
    ),
    "areas Windows-1252": ("areas.csv", _windows_1252, ["row 2:", "Kompetensförsörjning"]),
    "themes repeated id": (
        "themes.csv",
        _replace("demokrati,", "hallbarhet,"),
        ["rows 2 and 3, column theme_id: 'hallbarhet' occurs more than once"],
    ),
    "forms empty label": ("forms.csv", _replace("Research", ""), ["row 2, column label_en: ''"]),
    "import_alias TOML syntax": (
        "import_alias.toml",
        _append('\n[svar.roll]\nannan = ["x"\n'),
        ["not valid TOML", "line"],
    ),
    "import_alias not a list": (
        "import_alias.toml",
        _replace('kommun = [\n  "Kommun",', 'kommun = "Kommun"\nx = [\n  "Kommun",'),
        ["[kolumner] kommun = 'Kommun': a list of texts in quotes is expected"],
    ),
    "import_alias missing table": (
        "import_alias.toml",
        _replace("[kolumner]", "[kolumnerna]"),
        ["[kolumner] is missing"],
    ),
    "stop words Windows-1252": ("stoppord_sv.txt", _windows_1252, ["is not UTF-8", "då"]),
    "texts TOML syntax": ("texts/data.toml", _append('\n[trasig\nsv = "x"\n'), ["not valid TOML"]),
    "texts missing English": (
        "texts/security.toml",
        _append('\n[bara_svenska]\nsv = "Bara svenska"\n'),
        ["missing or empty texts", "bara_svenska.en"],
    ),
    "texts Windows-1252": ("texts/cluster.toml", _windows_1252, ["row 5:", "Regionfilen", "UTF-8"]),
}


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ (without the fonts) that the app reads instead ($LINNEDATA_DATA_DIR)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("fonts"))
    monkeypatch.setenv(datafiles.DATA_DIR_VARIABLE, str(copy))
    monkeypatch.delenv("LINNEDATA_REGION_FILE", raising=False)
    return copy


def test_the_shipped_files_pass(data_copy: Path) -> None:
    assert datafiles.problems() == []


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_spoilt_file_gives_one_message_naming_file_row_and_value(
    data_copy: Path, case: str
) -> None:
    name, spoil, expected = CASES[case]
    spoil(data_copy / name)
    found = datafiles.problems()
    assert len(found) == 1, [str(e) for e in found]
    error = found[0]
    named = Path(error.path)
    assert named == data_copy / name or (case == "texts missing English" and named.name == "texts")
    text = "\n".join(error.problems)
    for part in expected:
        assert part in text, text
    assert "Traceback" not in text
    assert str(error.path) in datafiles.message(error, "sv")


PAGES = ["app", "pages/oversikt.py", "pages/kommunprofil.py"]


@pytest.mark.parametrize(
    "case", ["fixed_links unknown code", "region renamed", "texts TOML syntax"]
)
@pytest.mark.parametrize("page", PAGES)
def test_a_page_shows_the_message_and_no_exception(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, page: str
) -> None:
    """With no published round (the demo): the case that put an exception box on Översikt."""
    monkeypatch.setenv("LINNEDATA_DB_URL", f"sqlite:///{tmp_path}/empty.sqlite")
    name, spoil, expected = CASES[case]
    spoil(data_copy / name)
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    if page != "app":
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [str(data_copy / name) in e.value for e in app.error] == [True]
    shown = "\n".join(t.value for t in app.text)
    assert expected[0] in shown


@pytest.mark.parametrize(
    "case", ["fixed_links unknown code", "fixed_links Windows-1252", "region renamed"]
)
def test_the_command_line_prints_the_message_and_exits_1(data_copy: Path, case: str) -> None:
    name, spoil, expected = CASES[case]
    spoil(data_copy / name)
    run = subprocess.run(
        [sys.executable, "-m", "linnedata", "neighbours", "Mörbylånga"],
        cwd=ROOT,
        env={**os.environ, datafiles.DATA_DIR_VARIABLE: str(data_copy), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stderr
    assert str(data_copy / name) in run.stderr
    assert expected[0] in run.stderr
