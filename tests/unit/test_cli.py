"""The command line, checked against an independent computation of SURVEY.md's measures.

The survey files here are generated from a seeded model of the respondents (municipality,
ratings, priorities) and written in every variant SURVEY.md says the import must accept:
comma or semicolon, UTF-8 with or without BOM or Windows-1252, ratings written as ``4``,
``4.0``, ``4,0`` or ``4 - Ganska angeläget``, municipalities written as ``0780``, ``780``,
``Växjö``, ``Växjö kommun``, ``VÄXJÖ`` or ``Vaxjo``. The expected measures are computed
from the model with plain dicts and loops (nothing from ``linnedata.figures.measures``), and the
CLI is run in-process through ``linnedata.cli.main`` (fast), and a handful of the tests as a
real subprocess, exactly as a reviewer runs it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import random
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from linnedata.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

AREA_HEADER = (
    "kommun_kod,kommun,area_id,medelbetyg,prioriteringspoang,andel_angelaget,antal_svarande"
)
THEME_HEADER = (
    "kommun_kod,kommun,theme_id,medelbetyg,prioriteringspoang,andel_angelaget,antal_svarande"
)
TOLERANCE = 1e-12
PERSONAL = {"namn": "Agneta Personsdotter", "epost": "agneta.p@exempel.se", "telefon": "0701234567"}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


REGION = read_rows(DATA / "region.csv")
AREAS = read_rows(DATA / "areas.csv")
THEMES = read_rows(DATA / "themes.csv")
FORMS = read_rows(DATA / "forms.csv")
NAME_OF = {row["kommun_kod"]: row["kommun"] for row in REGION}
AREA_IDS = [row["area_id"] for row in AREAS]
THEME_IDS = [row["theme_id"] for row in THEMES]
AREAS_OF_THEME = {t: [a["area_id"] for a in AREAS if a["theme_id"] == t] for t in THEME_IDS}


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``linnedata.cli.main(ARGS)`` in this process, with its exit code and output (an
    exception, a traceback in a real run, fails the test)."""
    out, err = io.StringIO(), io.StringIO()
    argv = [str(a) for a in args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 2
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def run_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``python -m linnedata ARGS`` as a real subprocess in the repository (a handful of
    tests run this way, exactly as a reviewer runs it), output decoded as UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "linnedata", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


# --- the model and the independent computation ----------------------------------------------


@dataclass
class Respondent:
    """One answer as meant (not as written): code, ratings per area, top three area ids."""

    code: str
    ratings: dict[str, int | None]
    prios: list[str | None]
    personal: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def expected_area_measures(respondents: list[Respondent]) -> dict[tuple[str, str], dict]:
    """SURVEY.md "Measures" for every (municipality in the file, area), with loops."""
    by_code: dict[str, list[Respondent]] = {}
    for person in respondents:
        by_code.setdefault(person.code, []).append(person)
    out: dict[tuple[str, str], dict] = {}
    for code, people in by_code.items():
        for area in AREA_IDS:
            rated = [p.ratings[area] for p in people if p.ratings.get(area) is not None]
            points = 0
            for person in people:
                for rank, chosen in enumerate(person.prios):
                    if chosen == area:
                        points += 3 - rank
            out[(code, area)] = {
                "medelbetyg": sum(rated) / len(rated) if rated else math.nan,
                "prioriteringspoang": points / len(people),
                "andel_angelaget": (
                    len([r for r in rated if r >= 4]) / len(rated) if rated else math.nan
                ),
                "antal_svarande": len(rated),
            }
    return out


def expected_theme_measures(respondents: list[Respondent]) -> dict[tuple[str, str], dict]:
    """Theme figures: mean of the area figures that have a value, priority points summed,
    n = respondents who rated at least one of the theme's areas."""
    areas = expected_area_measures(respondents)
    out: dict[tuple[str, str], dict] = {}
    for code in {p.code for p in respondents}:
        people = [p for p in respondents if p.code == code]
        for theme in THEME_IDS:
            figures = [areas[(code, a)] for a in AREAS_OF_THEME[theme]]
            means = [f["medelbetyg"] for f in figures if not math.isnan(f["medelbetyg"])]
            shares = [f["andel_angelaget"] for f in figures if not math.isnan(f["andel_angelaget"])]
            raters = [
                p
                for p in people
                if any(p.ratings.get(a) is not None for a in AREAS_OF_THEME[theme])
            ]
            out[(code, theme)] = {
                "medelbetyg": sum(means) / len(means) if means else math.nan,
                "prioriteringspoang": sum(f["prioriteringspoang"] for f in figures),
                "andel_angelaget": sum(shares) / len(shares) if shares else math.nan,
                "antal_svarande": len(raters),
            }
    return out


# --- writing the model in every accepted variant --------------------------------------------

RATING_WORDS = {
    1: "Inte alls angeläget",
    2: "Lite angeläget",
    3: "Delvis angeläget",
    4: "Ganska angeläget",
    5: "Mycket angeläget",
}


def ascii_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def municipality_variants(code: str) -> list[str]:
    name = NAME_OF[code]
    if code == "0643":  # "Habo" may be Håbo (0305) with its ring lost: only the code is sure
        return [code, str(int(code))]
    return [code, str(int(code)), name, f"{name} kommun", name.upper(), ascii_name(name)]


def rating_variants(value: int) -> list[str]:
    return [str(value), f"{value}.0", f"{value},0", f"{value} - {RATING_WORDS[value]}"]


def area_variants(area_id: str) -> list[str]:
    row = next(a for a in AREAS if a["area_id"] == area_id)
    return [area_id, row["label_sv"], row["label_en"], row["label_sv"].upper()]


@dataclass(frozen=True)
class FileSpec:
    """How one generated survey file is written."""

    seed: int
    separator: str
    encoding: str
    newline: str = "\n"
    personal_columns: bool = False
    dropped_areas: int = 0  # rating columns left out of the file (blank for everyone)
    shuffle_columns: bool = False


FILE_SPECS = {
    "comma-utf8": FileSpec(seed=1, separator=",", encoding="utf-8"),
    "comma-utf8-bom-crlf": FileSpec(seed=2, separator=",", encoding="utf-8-sig", newline="\r\n"),
    "semicolon-cp1252": FileSpec(seed=3, separator=";", encoding="cp1252", newline="\r\n"),
    "semicolon-utf8-bom": FileSpec(seed=4, separator=";", encoding="utf-8-sig"),
    "comma-cp1252-personal-data": FileSpec(
        seed=5, separator=",", encoding="cp1252", personal_columns=True
    ),
    "semicolon-utf8-shuffled-some-areas-missing": FileSpec(
        seed=6, separator=";", encoding="utf-8", dropped_areas=3, shuffle_columns=True
    ),
    "comma-utf8-bom-personal-data-shuffled": FileSpec(
        seed=7, separator=",", encoding="utf-8-sig", personal_columns=True, shuffle_columns=True
    ),
}


def make_survey(spec: FileSpec) -> tuple[list[Respondent], str]:  # noqa: C901 - one branch per file feature the model may draw
    """A seeded model of the respondents and the CSV text that writes it."""
    rng = random.Random(spec.seed)
    codes = rng.sample(sorted(NAME_OF), 14)
    if "0643" not in codes:
        codes[0] = "0643"  # Habo: written by its code, as "Habo" would be ambiguous with Håbo
    rated_areas = AREA_IDS[: len(AREA_IDS) - spec.dropped_areas]
    respondents: list[Respondent] = []
    for index, code in enumerate(codes):
        for _ in range(rng.choice([1, 1, 2, 3, 4])):
            ratings: dict[str, int | None] = {
                area: (rng.randint(1, 5) if area in rated_areas and rng.random() > 0.2 else None)
                for area in AREA_IDS
            }
            if index == 1:
                ratings = dict.fromkeys(AREA_IDS)  # rated nothing: every mean is undefined
            top = rng.sample(AREA_IDS, 3)
            prios: list[str | None] = [
                top[0],
                top[1] if rng.random() > 0.15 else None,
                top[2] if rng.random() > 0.3 else None,
            ]
            if index == 2 and rng.random() < 0.5:
                prios = [None, None, None]  # named no priorities
            respondents.append(Respondent(code, ratings, prios, personal=spec.personal_columns))

    columns = [
        "kommun",
        "inskickad",
        "roll",
        *[f"betyg_{a}" for a in rated_areas],
        "prio_1",
        "prio_2",
        "prio_3",
        "samverkansformer",
        "seminarieintresse",
        "medfinansiering",
        "utmaning_fritext",
    ]
    if spec.personal_columns:
        columns += ["namn", "epost", "telefon"]
    if spec.shuffle_columns:
        rng.shuffle(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=spec.separator, lineterminator=spec.newline)
    writer.writerow(columns)
    for number, person in enumerate(respondents):
        cells = {
            "kommun": rng.choice(municipality_variants(person.code)),
            "inskickad": f"2024-10-{1 + number // 24:02d} {number % 24:02d}:{number % 60:02d}",
            "roll": rng.choice(["kommundirektör", "förvaltningschef", "annan", ""]),
            "samverkansformer": ";".join(
                rng.choice([f["form_id"], f["label_sv"]]) for f in rng.sample(FORMS, 2)
            ),
            "seminarieintresse": rng.choice(["ja", "nej", "kanske", ""]),
            "medfinansiering": rng.choice(["ja", "nej", "vet ej", ""]),
            "utmaning_fritext": rng.choice(["", "Bostäder, kompetens; och pendling", "Skola"]),
            **PERSONAL,
        }
        for area in rated_areas:
            value = person.ratings[area]
            cells[f"betyg_{area}"] = "" if value is None else rng.choice(rating_variants(value))
        for rank, chosen in enumerate(person.prios, start=1):
            cells[f"prio_{rank}"] = "" if chosen is None else rng.choice(area_variants(chosen))
        writer.writerow([cells[c] for c in columns])
    return respondents, buffer.getvalue()


@pytest.fixture(params=list(FILE_SPECS), ids=list(FILE_SPECS))
def survey_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[Respondent]]:
    """A generated survey file and the model it was written from."""
    spec = FILE_SPECS[request.param]
    respondents, text = make_survey(spec)
    path = tmp_path / f"enkat_2024_{request.param}.csv"
    path.write_bytes(text.encode(spec.encoding))
    return path, respondents


def parse_measures(output: str, key: str) -> dict[tuple[str, str], dict]:
    rows = list(csv.DictReader(io.StringIO(output)))
    table = {}
    for row in rows:
        item = (row["kommun_kod"], row[key])
        assert item not in table, f"row {item} appears twice"
        table[item] = row
    assert len(table) == len(rows)
    return table


def assert_same_number(actual: str, expected: float, where: str) -> None:
    if math.isnan(expected):
        assert actual == "", f"{where}: expected an empty cell (undefined), got {actual!r}"
    else:
        assert actual != "", f"{where}: expected {expected}, got an empty cell"
        assert abs(float(actual) - expected) <= TOLERANCE, f"{where}: {actual} != {expected}"


# --- measures: every number against the independent computation ---------------------------


@pytest.mark.parametrize(
    ("level", "key", "header", "expected_of"),
    [
        ("area", "area_id", AREA_HEADER, expected_area_measures),
        ("theme", "theme_id", THEME_HEADER, expected_theme_measures),
    ],
    ids=["area", "theme"],
)
def test_measures_match_an_independent_computation(
    survey_file: tuple[Path, list[Respondent]], level: str, key: str, header: str, expected_of
) -> None:
    path, respondents = survey_file
    result = run_cli("measures", path, "--level", level)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == header

    expected = expected_of(respondents)
    actual = parse_measures(result.stdout, key)
    items = AREA_IDS if level == "area" else THEME_IDS
    codes = {p.code for p in respondents}
    assert set(actual) == {(code, item) for code in codes for item in items}
    assert set(actual) == set(expected)
    for item, row in actual.items():
        code, _ = item
        assert row["kommun"] == NAME_OF[code], item
        for measure in ("medelbetyg", "prioriteringspoang", "andel_angelaget"):
            assert_same_number(row[measure], expected[item][measure], f"{item} {measure}")
        assert row["antal_svarande"] == str(expected[item]["antal_svarande"]), item


def test_measures_rows_sorted_by_code_and_taxonomy_order(
    survey_file: tuple[Path, list[Respondent]],
) -> None:
    path, respondents = survey_file
    lines = run_cli("measures", path, "--level", "area").stdout.splitlines()[1:]
    keys = [tuple(line.split(",")[:3:2]) for line in lines]
    codes = sorted({p.code for p in respondents})
    assert keys == [(code, area) for code in codes for area in AREA_IDS]


def test_measures_keeps_the_leading_zero_of_the_code(tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_text("kommun,betyg_integration,prio_1\n780,4,integration\nVaxjo,2,\n")
    result = run_cli("measures", path, "--level", "area")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == AREA_HEADER
    assert "0780,Växjö,integration,3.0,1.5,0.5,2" in lines
    assert all(line.startswith("0780,Växjö,") for line in lines[1:])
    theme = run_cli("measures", path, "--level", "theme").stdout.splitlines()
    assert theme[0] == THEME_HEADER
    # demokrati: only integration rated (mean 3, share 0.5); 1.5 points from integration.
    assert "0780,Växjö,demokrati,3.0,1.5,0.5,2" in theme
    assert "0780,Växjö,skola,,0.0,,0" in theme


def test_personal_data_never_reaches_any_output(tmp_path: Path) -> None:
    _, text = make_survey(FILE_SPECS["comma-cp1252-personal-data"])
    path = tmp_path / "enkat_2024.csv"
    path.write_bytes(text.encode("cp1252"))
    outputs = [
        run_process("validate", path),
        run_cli("validate", path, "--json"),
        run_cli("validate", path, "--json", "--lang", "en"),
        run_cli("measures", path, "--level", "area"),
        run_cli("measures", path, "--level", "theme"),
    ]
    for result in outputs:
        assert result.returncode == 0, result.stderr
        for value in PERSONAL.values():
            assert value not in result.stdout + result.stderr
    report = json.loads(outputs[1].stdout)
    dropped = {w["column"] for w in report["warnings"] if w["row"] == 1}
    assert {"namn", "epost", "telefon"} <= dropped


# --- validate on good files ----------------------------------------------------------------


def test_validate_json_on_good_files(survey_file: tuple[Path, list[Respondent]]) -> None:
    path, respondents = survey_file
    result = run_cli("validate", path, "--json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert {"ok", "responses", "municipalities", "errors", "warnings"} <= set(report)
    assert report["ok"] is True
    assert report["errors"] == []
    assert report["responses"] == len(respondents)
    assert report["municipalities"] == len({p.code for p in respondents})
    for warning in report["warnings"]:
        assert set(warning) == {"row", "column", "value", "message"}


def test_validate_text_mode_on_a_good_file(survey_file: tuple[Path, list[Respondent]]) -> None:
    path, respondents = survey_file
    result = run_process("validate", path)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert str(len(respondents)) in result.stdout.splitlines()[-1]


# --- validate and measures on bad files ----------------------------------------------------

HEADER = "kommun,inskickad,betyg_integration,betyg_skolutveckling,prio_1,prio_2,prio_3"
GOOD_1 = "Växjö,2024-10-01 10:00,4,3,integration,skolutveckling,"
GOOD_2 = "0680,2024-10-01 11:00,,5,Skolutveckling,,"


@dataclass(frozen=True)
class BadCase:
    """A file with one bad cell and the error it must get."""

    lines: tuple[str, ...]
    row: int
    column: str
    value: str
    also_in_message: tuple[str, ...] = ()
    separator: str = ","
    encoding: str = "utf-8"


BAD_CASES = {
    "rating-0": BadCase(
        (HEADER, GOOD_1, GOOD_2, "Kalmar,2024-10-02 09:00,0,3,,,"), 4, "betyg_integration", "0"
    ),
    "rating-6": BadCase(
        (HEADER, GOOD_1, "Kalmar,2024-10-02 09:00,3,6,,,", GOOD_2), 3, "betyg_skolutveckling", "6"
    ),
    "rating-4.5": BadCase((HEADER, "Kalmar,,4.5,,,,", GOOD_1), 2, "betyg_integration", "4.5"),
    "rating-abc": BadCase(
        (HEADER, GOOD_1, GOOD_2, "Kalmar,,,abc,,,"), 4, "betyg_skolutveckling", "abc"
    ),
    "rating-4,5-semicolon": BadCase(
        (HEADER.replace(",", ";"), GOOD_1.replace(",", ";"), "Kalmar;;4,5;;;;"),
        3,
        "betyg_integration",
        "4,5",
        separator=";",
    ),
    "unknown-municipality-with-suggestion": BadCase(
        (HEADER, GOOD_1, "Växsjö,,4,,,,"), 3, "kommun", "Växsjö", ("Växjö",)
    ),
    "municipality-outside-region": BadCase(
        (HEADER, GOOD_1, GOOD_2, "Malmö,,4,,,,"), 4, "kommun", "Malmö", ("1280",)
    ),
    "unknown-area-in-prio_1": BadCase(
        (HEADER, GOOD_1, "Kalmar,,4,,Klimatanpassning,,"), 3, "prio_1", "Klimatanpassning"
    ),
    "header-as-written-semicolon-cp1252": BadCase(
        (
            "Kommun;Inskickad;Betyg_Integration;Prio 1",
            "Växjö;;4 - Ganska angeläget;",
            "Kalmar;;sju;",
        ),
        3,
        "Betyg_Integration",
        "sju",
        separator=";",
        encoding="cp1252",
    ),
    "unknown-municipality-semicolon-bom": BadCase(
        ("kommun;betyg_integration", "Växjö;4", "Ljungbyy;2"),
        3,
        "kommun",
        "Ljungbyy",
        ("Ljungby",),
        separator=";",
        encoding="utf-8-sig",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES.values()), ids=list(BAD_CASES))
def test_validate_json_names_row_column_and_value(case: BadCase, tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_bytes(("\n".join(case.lines) + "\n").encode(case.encoding))
    result = run_cli("validate", path, "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert len(report["errors"]) == 1, report["errors"]
    error = report["errors"][0]
    assert set(error) == {"row", "column", "value", "message"}
    assert (error["row"], error["column"], error["value"]) == (case.row, case.column, case.value)
    for part in (case.value, str(case.row), case.column, *case.also_in_message):
        assert part in error["message"], (part, error["message"])


@pytest.mark.parametrize("case", list(BAD_CASES.values()), ids=list(BAD_CASES))
def test_measures_refuses_a_bad_file_with_the_message(case: BadCase, tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_bytes(("\n".join(case.lines) + "\n").encode(case.encoding))
    result = run_cli("measures", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert case.value in result.stderr
    assert f"{case.row}" in result.stderr


WHOLE_FILE_CASES = {
    "empty-file": (b"", "Filen är tom"),
    "only-blank-lines": (b"\n\n  \n", "Filen är tom"),
    "header-only": (HEADER.encode() + b"\n", "Filen har rubriker men inga svar"),
    "header-only-semicolon-bom": (
        ("\ufeff" + HEADER.replace(",", ";") + "\r\n").encode(),
        "Filen har rubriker men inga svar",
    ),
    "no-municipality-column": (b"namn,betyg_integration\nAnna,4\n", "Kolumnen 'kommun' saknas"),
}


@pytest.mark.parametrize(
    ("content", "message"), list(WHOLE_FILE_CASES.values()), ids=list(WHOLE_FILE_CASES)
)
def test_whole_file_problems_get_one_clear_error(
    content: bytes, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_bytes(content)
    result = run_cli("validate", path, "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["responses"] == 0
    assert len(report["errors"]) == 1
    assert message in report["errors"][0]["message"]

    measured = run_cli("measures", path, "--level", "theme")
    assert measured.returncode == 1
    assert measured.stdout == ""
    assert "Traceback" not in measured.stderr
    assert message in measured.stderr


def test_validate_reports_every_error_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_text(
        "\n".join(
            [HEADER, "Växjö,,abc,0,,,", GOOD_1, "Malmö,,4,,Klimat,,", "Okändby,,,,,,", GOOD_2]
        )
        + "\n"
    )
    result = run_cli("validate", path, "--json")
    assert result.returncode == 1
    found = [(e["row"], e["column"], e["value"]) for e in json.loads(result.stdout)["errors"]]
    assert found == [
        (2, "betyg_integration", "abc"),
        (2, "betyg_skolutveckling", "0"),
        (4, "kommun", "Malmö"),
        (4, "prio_1", "Klimat"),
        (5, "kommun", "Okändby"),
    ]


def test_validate_in_english(tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_text("\n".join([HEADER, "Vaxsjo,,4,,,,"]) + "\n")
    result = run_cli("validate", path, "--json", "--lang", "en")
    error = json.loads(result.stdout)["errors"][0]
    assert error["message"].startswith("Unknown municipality 'Vaxsjo' on row 2, column kommun")
    assert "did you mean Växjö" in error["message"]


def test_missing_file_is_refused_without_traceback(tmp_path: Path) -> None:
    for args in (("validate", "--json"), ("measures",)):
        result = run_process(args[0], tmp_path / "finns_inte_2024.csv", *args[1:])
        assert result.returncode == 1
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "file_name",
    [
        "svar (kopia).csv",
        "Survey export, final.csv",
        "x" * 60 + ".csv",
        "(2).csv",
        "enkät+svar.csv",
    ],
)
def test_a_good_file_is_not_refused_for_its_file_name(file_name: str, tmp_path: Path) -> None:
    path = tmp_path / file_name
    path.write_text("kommun,betyg_integration\n780,4\n")
    validated = run_cli("validate", path, "--json")
    assert validated.returncode == 0, validated.stdout
    assert json.loads(validated.stdout)["errors"] == []
    measured = run_cli("measures", path)
    assert measured.returncode == 0, measured.stderr
    assert "0780,Växjö,integration,4.0,0.0,1.0,1" in measured.stdout.splitlines()


def test_an_invalid_round_given_by_the_user_is_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_text("kommun,betyg_integration\n780,4\n")
    result = run_cli("measures", path, "--round", "(fel)")
    assert result.returncode == 1
    assert "(fel)" in result.stderr


def test_a_duplicate_respondent_is_counted_once(tmp_path: Path) -> None:
    path = tmp_path / "enkat_2024.csv"
    path.write_text(
        "kommun,inskickad,betyg_integration,prio_1\n"
        "780,2024-01-01 10:00,4,integration\n"
        "Växjö,2024-01-01 10:00,4,Integration\n"
        "Växjö,,2,\n"
    )
    report = json.loads(run_cli("validate", path, "--json").stdout)
    assert (report["ok"], report["responses"], report["municipalities"]) == (True, 2, 1)
    assert [w["row"] for w in report["warnings"]] == [3]
    lines = run_cli("measures", path).stdout.splitlines()
    assert "0780,Växjö,integration,3.0,1.5,0.5,2" in lines


# --- every export format (issue 5) ----------------------------------------------------------


def test_measures_are_identical_for_every_export_format(tmp_path: Path) -> None:
    from tests.unit.survey_files import all_formats

    outputs = {}
    for label, (data, name, _) in all_formats().items():
        path = tmp_path / label / name
        path.parent.mkdir()
        path.write_bytes(data)
        result = run_cli("measures", path, "--round", "2024")
        assert result.returncode == 0, result.stderr
        outputs[label] = result.stdout
    assert len(set(outputs.values())) == 1
    assert "0780,Växjö,integration,4.5" in outputs["msforms"]


def test_validate_names_the_format_and_takes_sheet_and_header_row(tmp_path: Path) -> None:
    from tests.unit.survey_files import microsoft_forms_xlsx

    path = tmp_path / "svar 2024.xlsx"
    path.write_bytes(microsoft_forms_xlsx(title_rows=1, sheets=("Svar", "Diagram")))
    refused = run_cli("validate", path, "--json")
    assert refused.returncode == 1
    errors = json.loads(refused.stdout)["errors"]
    assert [e["message"] for e in errors] == [
        "Arbetsboken har flera blad med innehåll: 'Svar', 'Diagram'. "
        "Välj vilket blad som innehåller enkätsvaren."
    ]
    chosen = run_cli("validate", path, "--sheet", "Svar", "--header-row", "2", "--json")
    report = json.loads(chosen.stdout)
    assert chosen.returncode == 0, chosen.stdout
    assert (report["source_format"], report["sheet"], report["header_row"]) == (
        "microsoft-forms-xlsx",
        "Svar",
        2,
    )
    text = run_cli("validate", path, "--sheet", "Svar", "--format", "microsoft-forms-xlsx")
    lines = text.stdout.splitlines()
    assert "  'Sluttid' → inskickad (känd frågetext)" in lines
    assert "  'E-post' → personuppgift (personuppgift)" in lines
    assert "  'ID' → – (enkätverktygets egen kolumn)" in lines
    assert (
        text.stdout.splitlines()[0] == "Läst som Microsoft Forms, blad 'Svar', rubriker på rad 2."
    )
    wrong = run_cli("validate", path, "--sheet", "Svar", "--format", "excel-csv", "--json")
    assert wrong.returncode == 1
    assert "inte i formatet excel-csv" in json.loads(wrong.stdout)["errors"][0]["message"]


def test_validate_and_measures_apply_a_saved_mapping_profile(tmp_path: Path) -> None:
    from linnedata.survey import FileProfileStore, MappingProfile, signature

    store = tmp_path / "profiler"
    headers = ["Ort", "Hur viktigt är integration?"]
    FileProfileStore(store).save_profile(
        MappingProfile(
            "Vår enkät", signature(headers), {"Ort": "kommun", headers[1]: "betyg_integration"}
        )
    )
    path = tmp_path / "enkat_2024.csv"
    path.write_text("Ort,Hur viktigt är integration?\nVäxjö,4\nKalmar,2\n", encoding="utf-8")
    without = run_cli("validate", path, "--json", "--profiles", tmp_path / "tom")
    assert without.returncode == 1
    named = run_cli("measures", path, "--mapping", "vår enkät", "--profiles", store)
    assert named.returncode == 0, named.stderr
    assert "0780,Växjö,integration,4.0" in named.stdout
    found = json.loads(run_cli("validate", path, "--json", "--profiles", store).stdout)
    assert (found["ok"], found["profile"]) == (True, "Vår enkät")
    missing = run_cli("validate", path, "--mapping", "Annan", "--profiles", store)
    assert missing.returncode == 2
    assert "ingen sparad kolumnmappning som heter 'Annan'" in missing.stderr
    assert "Vår enkät" in missing.stderr
