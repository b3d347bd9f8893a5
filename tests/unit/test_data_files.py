"""Facts across the shipped data files: region, taxonomy, forms and the translation table."""

from __future__ import annotations

import csv
import re
import string
from pathlib import Path

import pytest

from linnedata import demo, i18n, urls
from linnedata.competence import projects, supply
from linnedata.competence import registry as competence_list
from linnedata.errors import SchemaError
from linnedata.figures import measures
from linnedata.figures.responses import response_table
from linnedata.followup import rules as followup_rules
from linnedata.followup import summary as followup_summary
from linnedata.places.geo import load_municipalities
from linnedata.places.region import load_region
from linnedata.store import registry
from linnedata.survey import CHOICES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- region ------------------------------------------------------------------------------

COUNTIES = {
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "10": "Blekinge län",
}


def test_region_has_38_municipalities_with_4_digit_codes() -> None:
    region = read_rows("region.csv")
    assert len(region) == 38
    assert all(re.fullmatch(r"\d{4}", row["kommun_kod"]) for row in region)
    assert len({row["kommun_kod"] for row in region}) == 38


def test_region_counties_are_exactly_the_four() -> None:
    region = read_rows("region.csv")
    assert {(row["lan_kod"], row["lan"]) for row in region} == set(COUNTIES.items())
    assert all(row["kommun_kod"][:2] == row["lan_kod"] for row in region)


def test_every_region_code_is_in_the_scb_geodata_with_the_same_name() -> None:
    region = read_rows("region.csv")
    geodata = load_municipalities([row["kommun_kod"] for row in region])
    scb_names = dict(zip(geodata["kommun_kod"], geodata["kommun"], strict=True))
    assert {row["kommun_kod"]: row["kommun"] for row in region} == scb_names


def test_the_shipped_region_passes_its_schema_check() -> None:
    assert len(load_region(DATA / "region.csv")) == 38


BROKEN_REGIONS = {
    # name: (row to change (header = 1), new line, text the error must hold)
    "three-digit-code": (5, "780,Växjö,07,Kronobergs län", "row 5"),
    "duplicate-code": (6, "0780,Växjö kopia,07,Kronobergs län", "rows 6 and 21"),
    "county-code-mismatch": (7, "0780,Växjö,06,Kronobergs län", "row 7"),
}


@pytest.mark.parametrize(
    ("row", "line", "named"), list(BROKEN_REGIONS.values()), ids=list(BROKEN_REGIONS)
)
def test_a_broken_region_file_is_rejected_naming_the_row(
    row: int, line: str, named: str, tmp_path: Path
) -> None:
    lines = (DATA / "region.csv").read_text(encoding="utf-8").splitlines()
    if line.startswith("0780,Växjö,"):
        lines = [x for x in lines if not x.startswith("0780,")]  # keep one 0780 only
    lines[row - 1] = line
    path = tmp_path / "region.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_region(path)
    assert named in str(caught.value)


# --- taxonomy ----------------------------------------------------------------------------

AREAS = [
    ("kompetensforsorjning", "Kompetensförsörjning", "Skills supply", "naringsliv"),
    ("skolutveckling", "Skolutveckling", "School development", "skola"),
    ("befolkningsutveckling", "Befolkningsutveckling", "Population development", "hallbarhet"),
    ("kommunal_service", "Kommunal service", "Municipal services", "demokrati"),
    ("naringslivsutveckling", "Näringslivsutveckling", "Business development", "naringsliv"),
    ("integration", "Integration", "Integration", "demokrati"),
    ("investeringsbehov", "Investeringsbehov", "Investment needs", "hallbarhet"),
    ("skatteunderlag", "Skatteunderlag", "Tax base", "hallbarhet"),
    ("digitalisering", "Digitalisering", "Digitalisation", "demokrati"),
    ("infrastruktur", "Infrastruktur", "Infrastructure", "hallbarhet"),
    ("bostadsplanering", "Bostadsplanering", "Housing planning", "hallbarhet"),
    ("trygghet_tillit", "Trygghet och tillit", "Safety and trust", "trygghet"),
    ("brottsprevention", "Förebyggande av kriminalitet", "Crime prevention", "trygghet"),
    (
        "natur_kultur_fritid",
        "Natur, kultur och fritid",
        "Nature, culture and leisure",
        "hallbarhet",
    ),
    ("demokrati", "Demokratiska utmaningar", "Democratic challenges", "demokrati"),
]
THEMES = [
    ("hallbarhet", "Hållbar utveckling", "Sustainable development"),
    ("demokrati", "Demokratiutveckling", "Democracy development"),
    ("skola", "Skolutveckling", "School development"),
    ("trygghet", "Tillits- och trygghetsfrågor", "Trust and safety"),
    ("naringsliv", "Näringslivsutveckling", "Business development"),
]
FORMS = [
    ("forskning", "Forskning", "Research"),
    ("utredning", "Utredning", "Investigation"),
    ("utvardering", "Utvärdering", "Evaluation"),
    ("analys", "Analys", "Analysis"),
    ("studentprojekt", "Studentprojekt", "Student project"),
    ("praktik", "Praktik", "Internship"),
    ("forelasning", "Föreläsning", "Lecture"),
    ("workshop", "Workshop", "Workshop"),
    ("kurs", "Kurs", "Credit-bearing course"),
]


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [("areas.csv", AREAS), ("themes.csv", THEMES), ("forms.csv", FORMS)],
    ids=["15-areas", "5-themes", "9-forms"],
)
def test_taxonomy_files_are_exactly_as_survey_md_lists(file_name: str, expected: list) -> None:
    assert [tuple(row.values()) for row in read_rows(file_name)] == expected


def test_every_theme_has_at_least_one_area() -> None:
    used = {row["theme_id"] for row in read_rows("areas.csv")}
    assert {row["theme_id"] for row in read_rows("themes.csv")} == used


# --- translation table -------------------------------------------------------------------

TEXTS = i18n.load_texts()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_swedish_and_english() -> None:
    assert all(texts.get("sv") and texts.get("en") for texts in TEXTS.values())


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_swedish_and_english_have_the_same_placeholders(key: str) -> None:
    assert placeholders(TEXTS[key]["sv"]) == placeholders(TEXTS[key]["en"])


SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "linnedata").rglob("*.py")),
]
# tr("key"  ui.tr("key"  i18n.t("key"  i18n.t(f"matt_{m}"  - whitespace/newlines allowed.
# A literal followed by "+" is a prefix ("cli_" + kind), expanded by hand below.
TEXT_CALL = re.compile(r"""(?:\btr|\bi18n\.t)\(\s*(f?)(["'])([^"'\n]*)\2(?!\s*\+)""", re.DOTALL)
FIELD = re.compile(r"\{[^}]*\}")
# What the f-string fields range over (the ids and values the code fills in).
EXPANSIONS = {
    "matt_": list(measures.MEASURES),
    "metod_def_": [*measures.MEASURES, "svarande"],
    "niva_": ["theme", "area"],
    "roll_": list(CHOICES["roll"]),
    "svar_": sorted({*CHOICES["seminarieintresse"], *CHOICES["medfinansiering"]}),
    "komp_kol_": [column for column in supply.COLUMNS if column != "area_id"],
    "komp_gkol_": projects.PROPOSAL_COLUMNS,
    "proj_kol_": followup_summary.EXPORT_FIELDS,
    "proj_status_": list(followup_rules.STATUSES),
    "proj_falt_": list(followup_rules.FIELDS),
    "proj_agg_": ["areas", "municipalities"],
    "komp_reg_kol_": competence_list.LIST_COLUMNS,
    "komp_ver_": registry.VERSION_COLUMNS,
    "komp_andring_": ["added", "removed", "changed"],
    # the steward's response table (ui.steward.shown_responses): the export's columns
    "svarskol_": [
        c for c in response_table(demo.load_demo()["2024"]).columns if not c.startswith("betyg_")
    ],
}


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        for is_f, _, text in TEXT_CALL.findall(path.read_text(encoding="utf-8")):
            if not is_f:
                keys.add(text)
                continue
            prefix = FIELD.split(text)[0]
            keys.update(FIELD.sub(value, text, count=1) for value in EXPANSIONS[prefix])
    # Keys built without a literal first argument (cli.py).
    keys.update({"cli_errors", "cli_warnings", "cli_inte_ok"})
    # The pages' titles: keys held as data in the page list (linnedata.urls.PAGES).
    keys.update(page.title_key for page in urls.PAGES)
    return keys


def test_the_key_scan_finds_the_keys_it_should() -> None:
    keys = used_keys()
    assert {"nav_oversikt", "matt_andel_angelaget", "niva_area_plural", "roll_annan"} <= keys
    assert {"svar_vet ej", "cli_ok", "sammanfattning_tom", "eller"} <= keys


def test_every_text_key_used_in_the_code_exists() -> None:
    assert sorted(used_keys() - set(TEXTS)) == []


def test_every_problem_code_used_in_survey_exists() -> None:
    package = ROOT / "linnedata" / "survey"
    source = "".join(path.read_text(encoding="utf-8") for path in package.glob("*.py"))
    pattern = r"""(?:_p|problem|bad|Phrase|error|warn)\(\s*["'](\w+)["']"""
    codes = set(re.findall(pattern, source))
    codes |= set(re.findall(r"""problem == ["'](\w+)["']""", source))
    assert {"fil_tom", "betyg_ogiltigt", "kommun_utanfor", "forslag", "rad_ojamn"} <= codes
    assert sorted(codes - set(TEXTS)) == []
