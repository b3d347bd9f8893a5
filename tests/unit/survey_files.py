"""One small survey, written the way each survey tool and spreadsheet program exports it.

Used by the format tests and the importer's page test. Every builder writes the same
answers; only the shape differs (headers, labels, separators, encodings, joiners, dates).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import openpyxl

AREA_LABELS = {
    "integration": ("Integration", "Integration"),
    "skolutveckling": ("Skolutveckling", "School development"),
    "digitalisering": ("Digitalisering", "Digitalisation"),
    "naringslivsutveckling": ("Näringslivsutveckling", "Business development"),
}
FORM_LABELS = {
    "forskning": "Forskning",
    "workshop": "Workshop",
    "studentprojekt": "Studentprojekt",
    "forelasning": "Föreläsning",
}
RATING_WORDS = {1: "Inte alls", 2: "Lite", 3: "Något", 4: "Ganska", 5: "Mycket"}
CHOICE_LABELS = {
    "ja": "Ja",
    "nej": "Nej",
    "kanske": "Kanske",
    "vet ej": "Vet ej",
    "annan": "Annan",
    "kommundirektör": "Kommundirektör",
    "tjänsteperson": "Tjänsteperson",
    "förtroendevald": "Förtroendevald",
}


@dataclass
class Answer:
    """One respondent's answers as meant."""

    municipality: str  # as a person writes it
    code: str
    time: datetime
    role: str
    ratings: dict[str, int | None]
    prios: list[str]
    forms: list[str]
    seminar: str
    cofinancing: str
    text: str
    name: str = "Anna Andersson"
    email: str = "anna@example.se"
    extra: dict[str, str] = field(default_factory=dict)


ANSWERS = [
    Answer(
        "Växjö",
        "0780",
        datetime(2024, 10, 1, 14, 3, 7),
        "kommundirektör",
        {"integration": 4, "skolutveckling": 5, "digitalisering": 2, "naringslivsutveckling": None},
        ["integration", "skolutveckling", "digitalisering"],
        ["forskning", "workshop"],
        "ja",
        "vet ej",
        'Kompetens, rekrytering och "bostäder"',
        "Anna Andersson",
        "anna@vaxjo.se",
    ),
    Answer(
        "Kalmar",
        "0880",
        datetime(2024, 10, 2, 9, 15, 0),
        "tjänsteperson",
        {"integration": 3, "skolutveckling": 3, "digitalisering": 5, "naringslivsutveckling": 1},
        ["digitalisering", "naringslivsutveckling", ""],
        ["studentprojekt"],
        "kanske",
        "ja",
        "Digital omställning",
        "Bo Berg",
        "bo@kalmar.se",
    ),
    Answer(
        "Växjö",
        "0780",
        datetime(2024, 10, 3, 16, 45, 30),
        "förtroendevald",
        {"integration": 5, "skolutveckling": None, "digitalisering": 4, "naringslivsutveckling": 4},
        ["naringslivsutveckling", "", ""],
        [],
        "nej",
        "nej",
        "",
        "Cia Ek",
        "cia@vaxjo.se",
    ),
    Answer(
        "Ljungby",
        "0781",
        datetime(2024, 10, 4, 8, 0, 0),
        "annan",
        {"integration": 1, "skolutveckling": 2, "digitalisering": 3, "naringslivsutveckling": 5},
        ["skolutveckling", "integration", "naringslivsutveckling"],
        ["forelasning", "forskning", "workshop"],
        "ja",
        "vet ej",
        "Skola; integration",
        "Dan Dahl",
        "dan@ljungby.se",
    ),
]

QUESTION_RATING = "Hur angeläget är varje utmaningsområde för din kommun?"
QUESTION_PRIO = "Dina tre viktigaste utmaningsområden"


def _rows(table: list[list[object]], separator: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=newline)
    for row in table:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def canonical_table(answers: list[Answer] = ANSWERS) -> list[list[object]]:
    """The canonical columns (ids, ISO times)."""
    areas = list(AREA_LABELS)
    header = [
        "kommun",
        "inskickad",
        "roll",
        *(f"betyg_{a}" for a in areas),
        "prio_1",
        "prio_2",
        "prio_3",
        "samverkansformer",
        "seminarieintresse",
        "medfinansiering",
        "utmaning_fritext",
    ]
    rows: list[list[object]] = [header]
    for a in answers:
        rows.append(
            [
                a.municipality,
                a.time.strftime("%Y-%m-%d %H:%M:%S"),
                a.role,
                *(a.ratings[x] for x in areas),
                *a.prios,
                ";".join(a.forms),
                a.seminar,
                a.cofinancing,
                a.text,
            ]
        )
    return rows


def canonical_csv(answers: list[Answer] = ANSWERS) -> bytes:
    """Canonical CSV: UTF-8, comma."""
    return _rows(canonical_table(answers)).encode("utf-8")


def excel_csv(answers: list[Answer] = ANSWERS, encoding: str = "cp1252") -> bytes:
    """Saved in Swedish Excel: ";", decimal comma on ratings, Swedish labels, CRLF."""
    table = canonical_table(answers)
    table[0] = [
        "Kommun",
        "Inskickad",
        "Roll",
        *(label for label, _ in AREA_LABELS.values()),
        "Prio 1",
        "Prio 2",
        "Prio 3",
        "Samverkansformer",
        "Seminarieintresse",
        "Medfinansiering",
        "Utmaning",
    ]
    for row, a in zip(table[1:], answers, strict=True):
        row[1] = a.time.strftime("%Y-%m-%d %H:%M")  # Excel drops the seconds
        for i, area in enumerate(AREA_LABELS, start=3):
            rating = a.ratings[area]
            row[i] = "" if rating is None else f"{rating},0"
        row[3 + len(AREA_LABELS) : 6 + len(AREA_LABELS)] = [
            AREA_LABELS[p][0] if p else "" for p in a.prios
        ]
        row[-4] = ";".join(FORM_LABELS[f] for f in a.forms)
        row[2] = CHOICE_LABELS[a.role]
    return _rows(table, ";", "\r\n").encode(encoding)


def unicode_text(answers: list[Answer] = ANSWERS) -> bytes:
    """Excel's "Unicode text": UTF-16 with BOM, tab-separated, CRLF."""
    return _rows(canonical_table(answers), "\t", "\r\n").encode("utf-16")


def google_forms_csv(answers: list[Answer] = ANSWERS, lang: str = "sv") -> bytes:
    """Google Forms: timestamp first, e-mail, grid questions as "Question [Area]", ", "."""
    sv = lang == "sv"
    header = [
        "Tidstämpel" if sv else "Timestamp",
        "E-postadress" if sv else "Email address",
        "Vilken kommun representerar du?" if sv else "Which municipality do you represent?",
        "Din roll" if sv else "Your role",
        *(f"{QUESTION_RATING} [{sv_l if sv else en_l}]" for sv_l, en_l in AREA_LABELS.values()),
        *(f"{QUESTION_PRIO} [Prio {n}]" for n in (1, 2, 3)),
        "Vilka former av samverkan skulle ni vilja ha?",
        "Vill ni delta i ett arbetsseminarium?",
        "Kan kommunen medfinansiera ett projekt?",
        "Beskriv er mest angelägna utmaning",
    ]
    rows: list[list[object]] = [header]
    for a in answers:
        stamp = (
            a.time.strftime("%Y/%m/%d %H:%M:%S")
            if sv
            else a.time.strftime("%Y/%m/%d %I:%M:%S %p GMT+2").replace("/0", "/")
        )
        rows.append(
            [
                stamp,
                a.email,
                a.municipality.upper() if not sv else a.municipality,
                CHOICE_LABELS[a.role],
                *(
                    "" if a.ratings[x] is None else f"{a.ratings[x]} - {RATING_WORDS[a.ratings[x]]}"
                    for x in AREA_LABELS
                ),
                *(AREA_LABELS[p][0 if sv else 1] if p else "" for p in a.prios),
                ", ".join(FORM_LABELS[f] for f in a.forms),
                CHOICE_LABELS[a.seminar],
                CHOICE_LABELS[a.cofinancing],
                a.text,
            ]
        )
    return _rows(rows).encode("utf-8")


def microsoft_forms_xlsx(
    answers: list[Answer] = ANSWERS,
    *,
    title_rows: int = 0,
    sheets: tuple[str, ...] = ("Sheet1",),
) -> bytes:
    """Microsoft Forms: ID, Starttid, Sluttid, E-post, Namn, …; ";" with a trailing ";"."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheets[0]
    for _ in range(title_rows):
        ws.append(["Enkätsvar Linnékommuner 2024"])
    ws.append(
        [
            "ID",
            "Starttid",
            "Sluttid",
            "E-post",
            "Namn",
            "Vilken kommun representerar du?",
            "Din roll",
            *(f"{QUESTION_RATING}.{label}" for label, _ in AREA_LABELS.values()),
            "Viktigast",
            "Näst viktigast",
            "Tredje viktigast",
            "Vilka former av samverkan skulle ni vilja ha?",
            "Vill ni delta i ett arbetsseminarium?",
            "Kan kommunen medfinansiera ett projekt?",
            "Beskriv er mest angelägna utmaning",
        ]
    )
    for number, a in enumerate(answers, start=1):
        ws.append(
            [
                number,
                a.time.replace(minute=max(a.time.minute - 5, 0)),
                a.time,
                a.email,
                a.name,
                a.municipality,
                CHOICE_LABELS[a.role],
                *(a.ratings[x] for x in AREA_LABELS),
                *(AREA_LABELS[p][0] if p else None for p in a.prios),
                "".join(FORM_LABELS[f] + ";" for f in a.forms) or None,
                CHOICE_LABELS[a.seminar],
                CHOICE_LABELS[a.cofinancing],
                a.text or None,
            ]
        )
    for name in sheets[1:]:
        book.create_sheet(name).append(["annat", "innehåll"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def all_formats() -> dict[str, tuple[bytes, str, str]]:
    """``{label: (bytes, file name, expected source_format)}`` of the same survey."""
    return {
        "canonical": (canonical_csv(), "enkat_2024.csv", "canonical-csv"),
        "google-sv": (google_forms_csv(), "Enkät 2024.csv", "google-forms-csv"),
        "google-en": (google_forms_csv(lang="en"), "Survey 2024.csv", "google-forms-csv"),
        "msforms": (microsoft_forms_xlsx(), "Enkät 2024.xlsx", "microsoft-forms-xlsx"),
        "excel-cp1252": (excel_csv(), "enkat_2024.csv", "excel-csv"),
        "excel-bom": (b"\xef\xbb\xbf" + excel_csv(encoding="utf-8"), "enkat.csv", "excel-csv"),
        "unicode-text": (unicode_text(), "enkat_2024.txt", "unicode-text"),
    }


def shared_strings_bomb(cells: int = 600_000, length: int = 20_000) -> bytes:
    """A workbook whose sheet has ``cells`` cells in column A that all refer to one shared
    string of ``length`` characters: 3 MB that expand to ``cells × length`` characters
    (the reviewer's bomb: one 20 kB string in 600,000 cells). Its XML is written here
    directly; openpyxl would take minutes to write it."""
    book = openpyxl.Workbook()
    book.active["A1"] = "kommun"
    book.active["A2"] = "x"
    buf = io.BytesIO()
    book.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(1, cells + 1)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )
    shared = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
        + b"x" * length
        + b"</t></si></sst>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                continue
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml" and b"sharedStrings" not in data:
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in data:
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            dst.writestr(item.filename, data)
        dst.writestr("xl/worksheets/sheet1.xml", sheet)
        dst.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()
