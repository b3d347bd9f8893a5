"""Answers for the survey tools' shapes (``test_shapes_*.py``), and the figures they give
computed here by hand, independent of the reader.

Every name, address and id below is made up; each tool's test writes these answers in the
structure that tool exports (header rows, metadata columns, answer coding).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from linnedata.figures import measures
from linnedata.survey import Survey

# area id → (Swedish label, English label)
AREAS = {
    "kompetensforsorjning": ("Kompetensförsörjning", "Skills supply"),
    "skolutveckling": ("Skolutveckling", "School development"),
    "integration": ("Integration", "Integration"),
    "digitalisering": ("Digitalisering", "Digitalisation"),
}
FORMS = {"forskning": "Forskning", "workshop": "Workshop", "studentprojekt": "Studentprojekt",
         "utredning": "Utredning"}  # fmt: skip
ROLES = {"kommundirektör": "Kommundirektör", "tjänsteperson": "Tjänsteperson",
         "förtroendevald": "Förtroendevald", "annan": "Annan"}  # fmt: skip
SCALE = {1: "Inte alls angeläget", 2: "Lite angeläget", 3: "Delvis angeläget",
         4: "Ganska angeläget", 5: "Mycket angeläget"}  # fmt: skip
CODES = {"Växjö": "0780", "Kalmar": "0880", "Ljungby": "0781", "Alvesta": "0764"}

Q_KOMMUN = "Vilken kommun representerar du?"
Q_ROLL = "Vilken roll har du?"
Q_BETYG = "Hur angeläget är varje utmaningsområde för din kommun?"
Q_PRIO = ("Prio 1", "Prio 2", "Prio 3")
Q_FORMER = "Vilka former av samverkan skulle ni vilja ha?"
Q_SEMINARIUM = "Vill ni delta i ett arbetsseminarium?"
Q_MEDFIN = "Kan kommunen medfinansiera ett projekt?"
Q_FRITEXT = "Beskriv er mest angelägna utmaning"


@dataclass(frozen=True)
class Person:
    """One respondent: answers and the personal data a tool adds (all made up)."""

    kommun: str
    time: datetime
    role: str
    ratings: dict[str, int | None]
    prios: tuple[str, ...]
    forms: tuple[str, ...]
    seminar: str
    cofinancing: str
    text: str
    first: str
    last: str
    email: str
    ip: str
    response_id: str


PEOPLE = [
    Person("Växjö", datetime(2025, 3, 3, 9, 12, 5), "kommundirektör",
           {"kompetensforsorjning": 5, "skolutveckling": 4, "integration": 2, "digitalisering": None},
           ("kompetensforsorjning", "skolutveckling", "integration"), ("forskning", "workshop"),
           "ja", "vet ej", "Rekrytering av lärare", "Greta", "Grönlund", "greta.g@example.org",
           "192.0.2.17", "R_1aBcDeFgHiJkLmN"),
    Person("Kalmar", datetime(2025, 3, 3, 14, 40, 0), "tjänsteperson",
           {"kompetensforsorjning": 3, "skolutveckling": None, "integration": 4, "digitalisering": 5},
           ("digitalisering", "integration", ""), ("studentprojekt",),
           "kanske", "ja", "", "Hugo", "Holm", "hugo.h@example.org",
           "198.51.100.4", "R_2zYxWvUtSrQpOnM"),
    Person("Växjö", datetime(2025, 3, 4, 8, 5, 30), "förtroendevald",
           {"kompetensforsorjning": 4, "skolutveckling": 1, "integration": None, "digitalisering": 3},
           ("skolutveckling", "", ""), (),
           "nej", "nej", "Bostäder för unga", "Ida", "Ivarsson", "ida.i@example.org",
           "203.0.113.250", "R_3QwErTyUiOpAsDf"),
    Person("Ljungby", datetime(2025, 3, 5, 16, 0, 0), "annan",
           {"kompetensforsorjning": 2, "skolutveckling": 3, "integration": 5, "digitalisering": 4},
           ("integration", "kompetensforsorjning", "digitalisering"),
           ("utredning", "forskning", "workshop"),
           "ja", "vet ej", "Integration på arbetsmarknaden", "Jon", "Jansson", "jon.j@example.org",
           "2001:db8::7", "R_4GhJkLzXcVbNmQw"),
    Person("Alvesta", datetime(2025, 3, 6, 11, 30, 0), "kommundirektör",
           {"kompetensforsorjning": 5, "skolutveckling": 5, "integration": 4, "digitalisering": 4},
           ("kompetensforsorjning", "digitalisering", "skolutveckling"), ("forskning",),
           "kanske", "ja", "", "Karin", "Kvist", "karin.k@example.org",
           "192.0.2.99", "R_5PoIuYtReWqLkJh"),
]  # fmt: skip

# every personal value of the answers (none may reach a survey's tables)
PERSONAL_VALUES = [v for p in PEOPLE for v in (p.first, p.last, p.email, p.ip, p.response_id)]


def csv_text(rows: list[list[object]], separator: str = ",", newline: str = "\r\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def expected_measures() -> dict[tuple[str, str], tuple[float | None, float, int]]:
    """(code, area) → (mean rating, priority points, n), by hand from :data:`PEOPLE`."""
    out = {}
    for code in set(CODES[p.kommun] for p in PEOPLE):
        mine = [p for p in PEOPLE if CODES[p.kommun] == code]
        for area in AREAS:
            rated = [p.ratings[area] for p in mine if p.ratings[area] is not None]
            points = sum(3 - p.prios.index(area) for p in mine if area in p.prios) / len(mine)
            mean = sum(rated) / len(rated) if rated else None
            out[(code, area)] = (mean, points, len(rated))
    return out


def figures(survey: Survey) -> dict[tuple[str, str], tuple[float | None, float, int]]:
    """The same figures as :func:`expected_measures`, by ``measures``."""
    table = measures.area_measures(survey)
    table = table[table["area_id"].isin(list(AREAS))]
    return {
        (r.kommun_kod, r.area_id): (
            None if r.medelbetyg != r.medelbetyg else round(float(r.medelbetyg), 9),
            round(float(r.prioriteringspoang), 9),
            int(r.antal_svarande),
        )
        for r in table.itertuples()
    }


def rounded(found: dict) -> dict:
    return {
        k: (None if m is None else round(m, 9), round(p, 9), n) for k, (m, p, n) in found.items()
    }


def forms_by_respondent(survey: Survey) -> list[set[str]]:
    """The forms each respondent chose, in file order."""
    chosen = survey.forms.groupby("respondent")["form_id"].apply(set).to_dict()
    return [chosen.get(r, set()) for r in survey.responses["respondent"]]


def expected_forms() -> list[set[str]]:
    return [set(p.forms) for p in PEOPLE]


def assert_same_figures(survey: Survey) -> None:
    """The survey holds every respondent once, with the figures computed by hand."""
    assert len(survey.responses) == len(PEOPLE)
    assert survey.responses["kommun_kod"].tolist() == [CODES[p.kommun] for p in PEOPLE]
    assert figures(survey) == rounded(expected_measures())
    assert forms_by_respondent(survey) == expected_forms()
    assert survey.responses["roll"].tolist() == [p.role for p in PEOPLE]
    assert survey.responses["seminarieintresse"].tolist() == [p.seminar for p in PEOPLE]
    assert survey.responses["medfinansiering"].tolist() == [p.cofinancing for p in PEOPLE]


def assert_nothing_personal(survey: Survey) -> None:
    """No personal value of the file in any table of the survey."""
    for frame in (survey.responses, survey.ratings, survey.forms):
        text = frame.astype(str).to_csv()
        for value in PERSONAL_VALUES:
            assert value not in text
