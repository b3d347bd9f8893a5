"""The answers of the unseen files (issue 20 §1–2), the figures they give computed here
by hand (:func:`expected_area_rows`, independent of the reader), every personal value they
hold (:func:`personal_values`, for the privacy scan) and the writers (CSV, XLSX, ODS).
The files themselves, in each tool's shape, are built in :mod:`tests.unit.unseen_shapes`.
Written from SURVEY.md and what the tools hand out, not from the readers. All names and
addresses are made up.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

import openpyxl
import pandas as pd

# the areas the unseen files ask about (one label holds a comma: a joiner inside a label)
AREAS = {
    "befolkningsutveckling": "Befolkningsutveckling",
    "natur_kultur_fritid": "Natur, kultur och fritid",
    "trygghet_tillit": "Trygghet och tillit",
    "brottsprevention": "Förebyggande av kriminalitet",
    "infrastruktur": "Infrastruktur",
}
FORMS = {"praktik": "Praktik", "analys": "Analys", "utvardering": "Utvärdering",
         "forelasning": "Föreläsning", "kurs": "Kurs"}  # fmt: skip
SCALE = {1: "Inte alls angeläget", 2: "Lite angeläget", 3: "Delvis angeläget",
         4: "Ganska angeläget", 5: "Mycket angeläget"}  # fmt: skip
ROLE = {"kommundirektör": "Kommundirektör", "förvaltningschef": "Förvaltningschef",
        "tjänsteperson": "Tjänsteperson", "förtroendevald": "Förtroendevald", "annan": "Annan"}  # fmt: skip
CHOICE = {"ja": "Ja", "nej": "Nej", "kanske": "Kanske", "vet ej": "Vet ej"}
CODE = {"Älmhult": "0765", "Tingsryd": "0763", "Nybro": "0881", "Karlskrona": "1080",
        "Mörbylånga": "0840"}  # fmt: skip

Q_KOMMUN = "Vilken kommun arbetar du i?"
Q_ROLL = "Vilken är din roll i kommunen?"
Q_BETYG = "Hur angeläget är respektive område för er kommun?"
Q_PRIO = ("Viktigast", "Näst viktigast", "Tredje viktigast")
Q_FORMER = "Vilka former av samverkan skulle ni vilja ha?"
Q_SEMINARIUM = "Vill ni delta i ett arbetsseminarium?"
Q_MEDFIN = "Kan kommunen medfinansiera ett projekt?"
Q_FRITEXT = "Beskriv er mest angelägna utmaning"


@dataclass(frozen=True)
class Person:
    """One respondent: the answers as meant, and what a tool adds about them."""

    kommun: str  # as the person chose or wrote it
    code: str
    time: datetime
    role: str
    ratings: dict[str, int | None]
    prios: tuple[str, str, str]
    forms: tuple[str, ...]
    seminar: str
    cofinancing: str
    text: str
    first: str
    last: str
    email: str
    ip: str
    token: str


def _p(kommun: str, time: datetime, role: str, ratings: list[int | None], *rest: object) -> Person:
    return Person(kommun, CODE[kommun.split(" ")[0]], time, role,
                  dict(zip(AREAS, ratings, strict=True)), *rest)  # type: ignore[arg-type]  # fmt: skip


PEOPLE = [
    _p("Älmhult", datetime(2025, 10, 6, 8, 14, 22), "förvaltningschef", [4, 5, None, 2, 3],
       ("natur_kultur_fritid", "befolkningsutveckling", "infrastruktur"), ("praktik", "analys"),
       "kanske", "nej", "Mötesplatser för unga, ring 0476-551234", "Signe", "Sandqvistberg",
       "signe.sandqvistberg@almhult.example", "192.0.2.61", "Xq7Lm2Pz9Rt4Vw8Ys1Kd"),
    _p("Tingsryd", datetime(2025, 10, 6, 13, 2, 0), "tjänsteperson", [2, None, 5, 5, 4],
       ("brottsprevention", "trygghet_tillit", ""), ("utvardering",),
       "ja", "vet ej", "", "Torvald", "Tjäderström", "torvald.tj@tingsryd.example",
       "198.51.100.88", "Hh3Jk5Lm7Nn9Pp2Qq4Rr"),
    _p("Nybro", datetime(2025, 10, 7, 9, 45, 10), "kommundirektör", [1, 3, 4, None, None],
       ("infrastruktur", "", ""), (),
       "nej", "ja", "Trygghet i centrum", "Ulrika", "Uddenfeldt", "ulrika.udd@nybro.example",
       "203.0.113.19", "Bb6Cc8Dd0Ee2Ff4Gg6Hh"),
    _p("Tingsryd", datetime(2025, 10, 8, 15, 30, 45), "förtroendevald", [5, 4, 3, 4, 5],
       ("trygghet_tillit", "befolkningsutveckling", "natur_kultur_fritid"),
       ("forelasning", "praktik", "kurs"),
       "ja", "ja", "Kollektivtrafik på landsbygden", "Vendela", "Wikströmer",
       "vendela.w@tingsryd.example", "2001:db8:4:2::19", "Mm1Nn3Oo5Pp7Qq9Rr1Ss"),
    _p("Karlskrona", datetime(2025, 10, 9, 10, 0, 5), "annan", [None, None, None, None, None],
       ("befolkningsutveckling", "", ""), ("analys",),
       "kanske", "vet ej", "Svar från sven.ohrn(at)karlskrona.example", "Sven", "Öhrnbergsson",
       "sven.ohrn@karlskrona.example", "192.0.2.144", "Tt2Uu4Vv6Ww8Xx0Yy2Zz"),
    _p("Mörbylånga", datetime(2025, 10, 10, 11, 11, 11), "kommundirektör", [3, 3, 2, 1, 4],
       ("natur_kultur_fritid", "infrastruktur", "brottsprevention"),
       ("utvardering", "forelasning"),
       "nej", "nej", "Vatten och avlopp", "Ylva", "Åkerlindqvist", "ylva.akl@morbylanga.example",
       "198.51.100.201", "Aa9Bb7Cc5Dd3Ee1Ff9Gg"),
]  # fmt: skip

# free-text values that are personal (the redactor must take them out)
IN_TEXT = ["0476-551234", "sven.ohrn(at)karlskrona.example"]


def personal_values(people: list[Person] = PEOPLE) -> list[str]:
    """Every personal value of the people (none may be kept anywhere)."""
    return [v for p in people for v in (p.first, p.last, p.email, p.ip, p.token)] + IN_TEXT


# ---- the figures, by hand -------------------------------------------------------------


def respondents_by_code(people: list[Person] = PEOPLE) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in people:
        out[p.code] = out.get(p.code, 0) + 1
    return out


def expected_area_rows(people: list[Person] = PEOPLE) -> dict[tuple[str, str], tuple]:
    """(code, area) → (mean rating, priority points, share pressing, n), per SURVEY.md."""
    out = {}
    for code in respondents_by_code(people):
        mine = [p for p in people if p.code == code]
        for area in AREAS:
            rated = [p.ratings[area] for p in mine if p.ratings[area] is not None]
            points = sum(3 - p.prios.index(area) for p in mine if area in p.prios) / len(mine)
            mean = round(sum(rated) / len(rated), 6) if rated else None
            share = round(sum(r >= 4 for r in rated) / len(rated), 6) if rated else None
            out[(code, area)] = (mean, round(points, 6), share, len(rated))
    return out


# the themes of the areas asked (SURVEY.md); the themes' other areas hold no answer here
THEMES = {"hallbarhet": ("befolkningsutveckling", "natur_kultur_fritid", "infrastruktur"),
          "trygghet": ("trygghet_tillit", "brottsprevention")}  # fmt: skip


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 6) if values else None


def expected_theme_rows(people: list[Person] = PEOPLE) -> dict[tuple[str, str], tuple]:
    """(code, theme) → (mean rating, priority points, share pressing, n): the mean of the
    theme's area figures that have a value, the sum of its priority points, and the
    respondents who rated any of its areas."""
    areas = expected_area_rows(people)
    out = {}
    for code in respondents_by_code(people):
        mine = [p for p in people if p.code == code]
        for theme, ids in THEMES.items():
            rows = [areas[(code, a)] for a in ids]
            rated = sum(1 for p in mine if any(p.ratings[a] is not None for a in ids))
            out[(code, theme)] = (
                _mean([r[0] for r in rows if r[0] is not None]),
                round(sum(r[1] for r in rows), 6),
                _mean([r[2] for r in rows if r[2] is not None]),
                rated,
            )
    return out


def expected_region_rows(people: list[Person] = PEOPLE) -> dict[str, tuple]:
    """area → (mean rating, share pressing, municipalities rated, priority points,
    municipalities, municipalities with it in a top three): each municipality weighs one."""
    rows = expected_area_rows(people)
    codes = list(respondents_by_code(people))
    out = {}
    for area in AREAS:
        mine = [rows[(c, area)] for c in codes]
        rated = [r for r in mine if r[0] is not None]
        out[area] = (
            _mean([r[0] for r in rated]),
            _mean([r[2] for r in rated]),
            len(rated),
            _mean([r[1] for r in mine]),
            len(codes),
            sum(1 for r in mine if r[1] > 0),
        )
    return out


def _number(cell: str) -> float | None:
    return round(float(cell), 6) if cell not in ("", "nan") else None


def measures_csv_rows(text: str, level: str = "area") -> dict[tuple[str, str], tuple]:
    """The same figures, read from the CSV ``measures --level area|theme`` prints."""
    out = {}
    wanted = AREAS if level == "area" else THEMES
    for row in csv.DictReader(io.StringIO(text)):
        if row[f"{level}_id"] in wanted:
            out[(row["kommun_kod"], row[f"{level}_id"])] = (
                _number(row["medelbetyg"]),
                _number(row["prioriteringspoang"]),
                _number(row["andel_angelaget"]),
                int(float(row["antal_svarande"])),
            )
    return out


# ---- writers ----------------------------------------------------------------------------


def csv_bytes(rows: list[list[object]], *, sep: str = ",", newline: str = "\r\n",
              encoding: str = "utf-8", bom: bool = False) -> bytes:  # fmt: skip
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=newline).writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    return ("\ufeff" if bom else "").encode(encoding) + out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], merged: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([None if v == "" else v for v in row])
    for cells in merged:
        book.active.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(rows: list[list[object]], *, sheets: dict[str, list[list[object]]] | None = None) -> bytes:  # fmt: skip
    out = io.BytesIO()
    width = max(len(row) for row in rows)
    rows = [[*row, *[""] * (width - len(row))] for row in rows]
    with pd.ExcelWriter(out, engine="odf") as writer:
        pd.DataFrame(rows).to_excel(writer, sheet_name="Svar", header=False, index=False)
        for name, extra in (sheets or {}).items():
            pd.DataFrame(extra).to_excel(writer, sheet_name=name, header=False, index=False)
    return out.getvalue()
