"""The unseen files in each tool's shape (see :mod:`tests.unit.unseen_files` for the answers,
the figures by hand and the writers): Qualtrics (three header rows, ``;`` from a Swedish
locale, BOM, embedded data, an "other" text column, a matrix row that is no area; the legacy
``V1…V10`` export), SurveyMonkey expanded (English and Swedish interface, "Other (please
specify)", custom data holding e-mail; condensed), LimeSurvey (full texts or codes, full
answers or answer codes, participant columns, ``refurl`` query strings, a ranking question),
Typeform (``#``, hidden fields, one column per option), a Google Forms checkbox grid with one
row per form, LibreOffice ``.ods``, an old Excel's cp1252 CSV, a Mac CSV with CR endings.
All names and addresses are made up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tests.unit.unseen_files import (
    AREAS,
    CHOICE,
    CODE,
    FORMS,
    PEOPLE,
    Q_BETYG,
    Q_FORMER,
    Q_FRITEXT,
    Q_KOMMUN,
    Q_MEDFIN,
    Q_PRIO,
    Q_ROLL,
    Q_SEMINARIUM,
    ROLE,
    SCALE,
    Person,
    csv_bytes,
    ods_bytes,
    personal_values,
    xlsx_bytes,
)


def _rating(p: Person, area: str, as_text: bool = True) -> object:
    value = p.ratings[area]
    if value is None:
        return ""
    return SCALE[value] if as_text else value


def _prios(p: Person) -> list[str]:
    return [AREAS[a] if a else "" for a in p.prios]


# ---- Qualtrics ----------------------------------------------------------------------------

QUALTRICS_META = [
    ("StartDate", "Start Date"), ("EndDate", "End Date"), ("Status", "Response Type"),
    ("IPAddress", "IP Address"), ("Progress", "Progress"),
    ("Duration (in seconds)", "Duration (in seconds)"), ("Finished", "Finished"),
    ("RecordedDate", "Recorded Date"), ("ResponseId", "Response ID"),
    ("RecipientLastName", "Recipient Last Name"), ("RecipientFirstName", "Recipient First Name"),
    ("RecipientEmail", "Recipient Email"), ("ExternalReference", "External Data Reference"),
    ("LocationLatitude", "Location Latitude"), ("LocationLongitude", "Location Longitude"),
    ("DistributionChannel", "Distribution Channel"), ("UserLanguage", "User Language"),
]  # fmt: skip
# embedded data a project adds: one harmless, one holding the contact's e-mail
EMBEDDED = [("Kommungrupp", "Kommungrupp"), ("Kontakt", "Kontakt")]


def qualtrics_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """Three header rows; a role question with an "Annan, nämligen" text column; a matrix
    with a sixth row that is no area (and its text box); embedded data at the end."""
    qs = [("Q1", Q_KOMMUN), ("Q2", Q_ROLL), ("Q2_5_TEXT", f"{Q_ROLL} - Annan, nämligen - Text")]
    qs += [(f"Q3_{n}", f"{Q_BETYG} - {label}") for n, label in enumerate(AREAS.values(), 1)]
    qs += [("Q3_6", f"{Q_BETYG} - Annat område"), ("Q3_6_TEXT", f"{Q_BETYG} - Annat område - Text")]
    qs += [(f"Q4_{n}", f"Prioritera - {t}") for n, t in enumerate(Q_PRIO, 1)]
    qs += [("Q5", Q_FORMER), ("Q6", Q_SEMINARIUM), ("Q7", Q_MEDFIN), ("Q8", Q_FRITEXT)]
    meta_ids = [m[0] for m in QUALTRICS_META]
    rows: list[list[object]] = [
        [*meta_ids, *(q[0] for q in qs), *(e[0] for e in EMBEDDED)],
        [*(m[1] for m in QUALTRICS_META), *(q[1] for q in qs), *(e[1] for e in EMBEDDED)],
        [*(json.dumps({"ImportId": m[0][0].lower() + m[0][1:]}) for m in QUALTRICS_META),
         *(json.dumps({"ImportId": "QID" + q[0][1:]}) for q in qs),
         *(json.dumps({"ImportId": e[0]}) for e in EMBEDDED)],
    ]  # fmt: skip
    for n, p in enumerate(people):
        role_text = f"Samordnare åt {p.first} {p.last}" if p.role == "annan" else ""
        meta = [f"{p.time:%Y-%m-%d %H:%M:%S}", f"{p.time:%Y-%m-%d %H:%M:%S}", "IP Address",
                p.ip, "100", str(300 + n), "True", f"{p.time:%Y-%m-%d %H:%M:%S}", p.token,
                p.last, p.first, p.email, f"EXT-{p.token[:6]}", "56,5412", "14,1345",
                "email", "SV-FI" if n == 2 else "SV"]  # fmt: skip
        answers = [p.kommun, ROLE[p.role], role_text,
                   *(_rating(p, a) for a in AREAS), SCALE[2] if n == 0 else "",
                   "Avlopp" if n == 0 else "", *_prios(p),
                   ",".join(FORMS[f] for f in p.forms), CHOICE[p.seminar],
                   CHOICE[p.cofinancing], p.text]  # fmt: skip
        rows.append([*meta, *answers, "Liten", p.email])
    return rows


def qualtrics_legacy_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """The legacy exporter: ``V1…V10`` over ``ResponseID…Finished``, then the texts."""
    meta = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
            "IPAddress", "Status", "StartDate", "EndDate", "Finished"]  # fmt: skip
    qs = [Q_KOMMUN, Q_ROLL, *(f"{Q_BETYG}-{label}" for label in AREAS.values()),
          *Q_PRIO, Q_FORMER, Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    ids = [f"V{n}" for n in range(1, 11)] + ["Q1", "Q2"] + [f"Q3_{n}" for n in range(1, 6)]
    ids += ["Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10"]
    rows: list[list[object]] = [ids, meta + qs]
    for p in people:
        rows.append([p.token, "Default Response Set", f"{p.last}, {p.first}", "", p.email, p.ip,
                     0, f"{p.time:%Y-%m-%d %H:%M:%S}", f"{p.time:%Y-%m-%d %H:%M:%S}", 1,
                     p.kommun, ROLE[p.role], *(_rating(p, a) for a in AREAS), *_prios(p),
                     ",".join(FORMS[f] for f in p.forms), CHOICE[p.seminar],
                     CHOICE[p.cofinancing], p.text])  # fmt: skip
    return rows


def qualtrics_rank_order_rows(people: list[Person] = PEOPLE, *, matrix: bool = True,
                              every: bool = False, prio: bool = False) -> list[list[object]]:  # fmt: skip
    """The three priorities asked as Qualtrics' rank order: one column per area holding its
    place (1 = most important); the areas a person did not prioritise are blank, or (with
    ``every``, as when the question makes every area ranked) placed after them in the order
    of :data:`AREAS`; with or without the rating matrix, the text question's priority
    columns kept besides with ``prio``."""
    rows = qualtrics_rows(people)
    at = [i for i, h in enumerate(rows[1]) if str(h).startswith("Prioritera - ")]
    ranks: list[list[object]] = [
        [f"Q4_{n}" for n in range(1, len(AREAS) + 1)],
        [f"Rangordna områdena - {label}" for label in AREAS.values()],
        [json.dumps({"ImportId": f"QID4_{n}"}) for n in range(1, len(AREAS) + 1)],
    ]
    for p in people:
        order = [a for a in p.prios if a] + [a for a in AREAS if a not in p.prios and every]
        ranks.append([order.index(a) + 1 if a in order else "" for a in AREAS])
    cut = at[-1] + 1 if prio else at[0]  # the text question's columns kept, or replaced
    rows = [r[:cut] + new + r[at[-1] + 1 :] for r, new in zip(rows, ranks, strict=True)]
    if matrix:
        return rows
    keep = [i for i, h in enumerate(rows[1]) if not str(h).startswith(Q_BETYG)]
    return [[r[i] for i in keep] for r in rows]


# ---- SurveyMonkey ---------------------------------------------------------------------------

MONKEY_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
               "Email Address", "First Name", "Last Name", "Custom Data 1"]  # fmt: skip


def surveymonkey_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """Expanded: the question over its first column, option labels below; "Other (please
    specify)" after the role and the forms; custom data holding the e-mail."""
    first: list[object] = [*MONKEY_META, Q_KOMMUN, Q_ROLL, "", Q_BETYG, *[""] * 4]
    second: list[object] = [""] * len(MONKEY_META) + ["Response", "Response",
                                                       "Other (please specify)", *AREAS.values()]  # fmt: skip
    for q in Q_PRIO:
        first.append(q)
        second.append("Response")
    first += [Q_FORMER, *[""] * len(FORMS)]
    second += [*FORMS.values(), "Other (please specify)"]
    first += [Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]
    second += ["Response", "Response", "Open-Ended Response"]
    rows = [first, second]
    for n, p in enumerate(people):
        meta = [str(11400000000 + 7919 * n), "431998877", f"{p.time:%m/%d/%Y %I:%M:%S %p}",
                f"{p.time:%m/%d/%Y %I:%M:%S %p}", p.ip, p.email, p.first, p.last, p.email]  # fmt: skip
        # "Other" chosen: the Response cell stays empty, the text goes to the next column
        other_role = f"{p.first} {p.last}, samordnare" if p.role == "annan" else ""
        role = "" if p.role == "annan" else ROLE[p.role]
        rows.append([*meta, p.kommun, role, other_role, *(_rating(p, a) for a in AREAS),
                     *_prios(p), *(FORMS[f] if f in p.forms else "" for f in FORMS),
                     "", CHOICE[p.seminar], CHOICE[p.cofinancing], p.text])  # fmt: skip
    return rows


MONKEY_SV = {"Respondent ID": "Respondent-ID", "Collector ID": "Insamlar-ID",
             "Start Date": "Startdatum", "End Date": "Slutdatum", "IP Address": "IP-adress",
             "Email Address": "E-postadress", "First Name": "Förnamn", "Last Name": "Efternamn",
             "Custom Data 1": "Anpassade data 1", "Response": "Svar",
             "Open-Ended Response": "Öppet svar", "Other (please specify)": "Annat (ange)"}  # fmt: skip


def surveymonkey_sv_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """The expanded export from SurveyMonkey's Swedish interface (``Insamlar-ID``, ``Svar``)."""
    rows = surveymonkey_rows(people)
    rows[:2] = [[MONKEY_SV.get(str(h), h) for h in row] for row in rows[:2]]
    return rows


def surveymonkey_condensed_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """Condensed: one column per question under ``Response``; a multiple answer's choices
    joined with ", " and a matrix's rows joined as ``Area: label | …`` in one cell."""
    rows = surveymonkey_rows(people)
    keep = [i for i, top in enumerate(rows[0]) if top]
    out = [[row[i] for i in keep] for row in rows]
    out[1] = [("Open-Ended Response" if v == "Open-Ended Response" else "Response") if v else ""
              for v in out[1]]  # fmt: skip
    forms_at, rating_at = out[0].index(Q_FORMER), out[0].index(Q_BETYG)
    for row, p in zip(out[2:], people, strict=True):
        row[forms_at] = ", ".join(FORMS[f] for f in p.forms)
        row[rating_at] = " | ".join(
            f"{AREAS[a]}: {SCALE[v]}" for a, v in p.ratings.items() if v is not None
        )
    return out


def typeform_question_per_area_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """Typeform with one opinion-scale question per area, the area inside its title."""
    rows = typeform_rows(people)
    rows[0] = [f"Hur angeläget är {h.lower()} för er kommun?" if h in AREAS.values() else h
               for h in rows[0]]  # fmt: skip
    return rows


# ---- LimeSurvey -----------------------------------------------------------------------------

LIME_META = ["id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
             "datestamp", "ipaddr", "refurl", "firstname", "lastname", "email"]  # fmt: skip
Q_RANK = "Rangordna de tre viktigaste områdena"


def limesurvey_rows(people: list[Person] = PEOPLE, *, codes: bool = False) -> list[list[object]]:
    """Full question texts with ``[subquestion]`` (or the codes), full answers (or the
    answer codes ``AO01``…), participant columns, a ranking question, a multiple-choice
    question as one ``Ja`` column per option and its ``[Övrigt]`` text box."""
    forms = list(FORMS)
    if codes:
        questions = ["kommun", "roll", *(f"betyg[SQ00{n}]" for n in range(1, 6)),
                     *(f"prio[{n}]" for n in (1, 2, 3)), *(f"former[SQ00{n}]" for n in range(1, 6)),
                     "former[other]", "seminarium", "medfin", "fritext"]  # fmt: skip
    else:
        questions = [Q_KOMMUN, Q_ROLL, *(f"{Q_BETYG} [{label}]" for label in AREAS.values()),
                     *(f"{Q_RANK} [Rank {n}]" for n in (1, 2, 3)),
                     *(f"{Q_FORMER} [{label}]" for label in FORMS.values()), f"{Q_FORMER} [Övrigt]",
                     Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    rows: list[list[object]] = [[*LIME_META, *questions]]
    kommuner = sorted(CODE)
    for n, p in enumerate(people, 1):
        stamp = f"{p.time:%Y-%m-%d %H:%M:%S}"
        meta = [str(n), p.token, stamp, "4", "sv", str(1_000_000 + 7 * n), stamp, stamp, p.ip,
                f"https://intranet.example/enkat?anvandare={p.first.lower()}.{p.last.lower()}",
                p.first, p.last, p.email]  # fmt: skip
        if codes:
            answers = [f"AO{kommuner.index(p.kommun) + 1:02d}", f"AO{list(ROLE).index(p.role) + 1:02d}",
                       *(_rating(p, a, as_text=False) for a in AREAS),
                       *(f"AO{list(AREAS).index(a) + 1:02d}" if a else "" for a in p.prios),
                       *("Y" if f in p.forms else "" for f in forms), "",
                       f"AO{list(CHOICE).index(p.seminar) + 1:02d}",
                       f"AO{list(CHOICE).index(p.cofinancing) + 1:02d}", p.text]  # fmt: skip
        else:
            answers = [p.kommun, ROLE[p.role], *(_rating(p, a) for a in AREAS), *_prios(p),
                       *("Ja" if f in p.forms else "" for f in forms),
                       "Hör av er till " + p.email if n == 2 else "",
                       CHOICE[p.seminar], CHOICE[p.cofinancing], p.text]  # fmt: skip
        rows.append([*meta, *answers])
    return rows


LIME_SV = {"id": "Svar-ID", "token": "Åtkomstkod", "submitdate": "Datum skickat",
           "lastpage": "Senaste sida", "startlanguage": "Startspråk", "startdate": "Datum startat",
           "datestamp": "Datum senaste åtgärd", "ipaddr": "IP-adress", "refurl": "Hänvisnings-URL",
           "firstname": "Förnamn", "lastname": "Efternamn", "email": "E-post"}  # fmt: skip


def limesurvey_sv_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """The full-text export from LimeSurvey's Swedish interface (``Datum skickat`` …)."""
    rows = limesurvey_rows(people)
    rows[0] = [LIME_SV.get(str(h), h) for h in rows[0]]
    return rows


# ---- Typeform -------------------------------------------------------------------------------

TYPEFORM_TAIL = ["Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)",
                 "Network ID", "Tags", "email", "name"]  # fmt: skip


def typeform_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """``#`` token, one question per column (a matrix: one column per area), the forms as one
    column per option (header = option, cell = option or empty) plus ``Other``, then the
    dates, ``Network ID``, and the hidden fields ``email`` and ``name``."""
    header = ["#", Q_KOMMUN, Q_ROLL, *AREAS.values(),
              *Q_PRIO, *FORMS.values(), "Other", Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT,
              *TYPEFORM_TAIL]  # fmt: skip
    rows: list[list[object]] = [header]
    for p in people:
        stamp = f"{p.time:%Y-%m-%d %H:%M:%S}"
        rows.append([p.token.lower() + "a1b2c3d4e5f6", p.kommun, ROLE[p.role],
                     *(_rating(p, a, as_text=False) for a in AREAS), *_prios(p),
                     *(FORMS[f] if f in p.forms else "" for f in FORMS), "",
                     CHOICE[p.seminar], CHOICE[p.cofinancing], p.text, "completed", stamp,
                     stamp, stamp, p.token[:10].lower(), "", p.email, f"{p.first} {p.last}"])  # fmt: skip
    return rows


# ---- Google Forms, spreadsheets ---------------------------------------------------------------

Q_GRID_FORMS = "Vilka samverkansformer är aktuella för er?"
WHEN = ("Under 2026", "Under 2027")


def google_grid_rows(people: list[Person] = PEOPLE) -> list[list[object]]:
    """A checkbox grid with one row per form: ``Question [Form]`` = when (``;``-joined)."""
    header = ["Tidstämpel", "E-postadress", Q_KOMMUN, Q_ROLL,
              *(f"{Q_BETYG} [{label}]" for label in AREAS.values()),
              *(f"Prioritera [{q}]" for q in Q_PRIO),
              *(f"{Q_GRID_FORMS} [{label}]" for label in FORMS.values()),
              Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    rows: list[list[object]] = [header]
    for n, p in enumerate(people):
        when = ";".join(WHEN[: 1 + n % 2])
        rows.append([f"{p.time:%Y/%m/%d %H:%M:%S}", p.email, p.kommun, ROLE[p.role],
                     *(f"{p.ratings[a]} - {SCALE[p.ratings[a]]}" if p.ratings[a] else ""
                       for a in AREAS), *_prios(p),
                     *(when if f in p.forms else "" for f in FORMS),
                     CHOICE[p.seminar], CHOICE[p.cofinancing], p.text])  # fmt: skip
    return rows


def spreadsheet_rows(people: list[Person] = PEOPLE, *, decimal_comma: bool = True,
                     extra: bool = False) -> list[list[object]]:  # fmt: skip
    """A steward's own sheet: Swedish headers, area labels as headers, a ``Namn`` and an
    ``E-post`` column; with ``extra``, a duplicate ``Kommentar`` header, trailing empty
    columns and rows, and ``Kommun`` written ``Tingsryds kommun``, ``881``, ``MÖRBYLÅNGA``."""
    header = ["Kommun", "Inskickad", "Roll", *AREAS.values(), "Prio 1", "Prio 2", "Prio 3",
              "Samverkansformer", "Seminarieintresse", "Medfinansiering", "Utmaning", "Namn",
              "E-post"]  # fmt: skip
    if extra:
        header += ["Kommentar", "Kommentar", "", ""]
    rows: list[list[object]] = [header]
    for n, p in enumerate(people):
        kommun = p.kommun
        if extra:
            kommun = {1: "Tingsryds kommun", 2: "881", 5: "MÖRBYLÅNGA"}.get(n, p.kommun)
        ratings = [("" if p.ratings[a] is None else
                    (f"{p.ratings[a]},0" if decimal_comma else p.ratings[a])) for a in AREAS]  # fmt: skip
        row = [kommun, f"{p.time:%Y-%m-%d %H:%M}", ROLE[p.role], *ratings, *_prios(p),
               ";".join(FORMS[f] for f in p.forms), CHOICE[p.seminar], CHOICE[p.cofinancing],
               p.text, f"{p.first} {p.last}", p.email]  # fmt: skip
        if extra:
            row += [f"ring {p.first}", "", "", ""]
        rows.append(row)
    if extra:
        rows += [[""] * len(header), [""] * len(header)]
    return rows


def group_row() -> list[object]:
    """Group headings over a steward's header (merged over their columns in a workbook);
    the rating question's text names "kommun"."""
    return ["Om dig", "", "", Q_BETYG, "", "", "", "", "Prioritering", "", "", "Övrigt",
            *[""] * 5]  # fmt: skip


GROUP_MERGES = ("A1:C1", "D1:H1", "I1:K1")


# ---- every shape ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """One unseen file: its bytes, the name a steward gives it, the format expected."""

    data: bytes
    file_name: str
    source_format: str
    personal: tuple[str, ...]
    sheet: str | None = None  # the sheet a steward picks, where a workbook has several


def _shape(data: bytes, name: str, fmt: str, *extra: str, sheet: str | None = None) -> Shape:
    return Shape(data, name, fmt, (*personal_values(), *extra), sheet)


def shapes(people: list[Person] = PEOPLE) -> dict[str, Shape]:
    """Every unseen file that should read, by label (of ``people``'s answers)."""
    lime_extra = tuple(f"{p.first.lower()}.{p.last.lower()}" for p in PEOPLE)
    type_tokens = tuple(p.token.lower() + "a1b2c3d4e5f6" for p in PEOPLE)
    return {
        "qualtrics-sv-locale": _shape(
            csv_bytes(qualtrics_rows(people), sep=";", bom=True), "Linnekommuner_2025.csv",
            "qualtrics-csv"),
        "qualtrics-xlsx": _shape(xlsx_bytes(qualtrics_rows(people)), "Linnekommuner_2025.xlsx",
                                 "qualtrics-csv"),
        "qualtrics-rank-order": _shape(csv_bytes(qualtrics_rank_order_rows(people)),
                                       "Linnekommuner_rang_2025.csv", "qualtrics-csv"),
        "qualtrics-legacy-csv": _shape(csv_bytes(qualtrics_legacy_rows(people)),
                                       "legacy_2025.csv", "qualtrics-csv"),
        "qualtrics-legacy-xlsx": _shape(xlsx_bytes(qualtrics_legacy_rows(people)),
                                        "legacy_2025.xlsx", "qualtrics-csv"),
        "surveymonkey-csv": _shape(csv_bytes(surveymonkey_rows(people)), "Data_All_2025.csv",
                                   "surveymonkey-csv"),
        "surveymonkey-sv-ui": _shape(csv_bytes(surveymonkey_sv_rows(people)),
                                     "Data_All_2025.csv", "surveymonkey-csv"),
        "surveymonkey-xlsx": _shape(xlsx_bytes(surveymonkey_rows(people)), "Data_All_2025.xlsx",
                                    "surveymonkey-csv"),
        "limesurvey-csv": _shape(csv_bytes(limesurvey_rows(people), sep=";"), "results-survey2025.csv",
                                 "limesurvey", *lime_extra),
        "limesurvey-xlsx": _shape(xlsx_bytes(limesurvey_rows(people)), "results-survey2025.xlsx",
                                  "limesurvey", *lime_extra),
        "limesurvey-sv-ui": _shape(csv_bytes(limesurvey_sv_rows(people), sep=";"),
                                   "results-survey2025.csv", "limesurvey", *lime_extra),
        "typeform-xlsx": _shape(xlsx_bytes(typeform_rows(people)), "responses_2025.xlsx",
                                "typeform-csv", *type_tokens),
        "typeform-csv": _shape(csv_bytes(typeform_rows(people), newline="\n"), "responses_2025.csv",
                               "typeform-csv", *type_tokens),
        "google-grid-one-row-per-form": _shape(csv_bytes(google_grid_rows(people)), "Enkät 2025.csv",
                                               "google-forms-csv"),
        "ods-with-second-sheet": _shape(
            ods_bytes(spreadsheet_rows(people, decimal_comma=False),
                      sheets={"Anteckningar": [["Signe Sandqvistberg ringer tillbaka"]]}),
            "enkat_2025.ods", "ods", sheet="Svar"),
        "ods": _shape(ods_bytes(spreadsheet_rows(people)), "enkat_2025.ods", "ods"),
        "excel-cp1252-extra": _shape(
            csv_bytes(spreadsheet_rows(people, extra=True), sep=";", encoding="cp1252"),
            "enkat_2025.csv", "excel-csv"),
        "mac-cr": _shape(csv_bytes(spreadsheet_rows(people, decimal_comma=False), newline="\r"),
                         "enkat_2025.csv", "canonical-csv"),
    }  # fmt: skip
