"""LimeSurvey exports (CSV and XLSX), built from the structure LimeSurvey writes: its own
columns first (``id, submitdate, lastpage, startlanguage, seed, startdate, datestamp,
ipaddr, refurl``), then question codes (``Q1``, ``Q3[SQ001]``), full question texts with
``[subquestion]``, or both (``Q1. Text``); "full answers" or "answer codes" (``AO01``,
``Y`` for a ticked option)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from linnedata.survey import read_survey, validation_report
from tests.unit.shape_answers import (
    AREAS,
    FORMS,
    PEOPLE,
    Q_BETYG,
    Q_FORMER,
    Q_FRITEXT,
    Q_KOMMUN,
    Q_MEDFIN,
    Q_ROLL,
    Q_SEMINARIUM,
    ROLES,
    SCALE,
    assert_nothing_personal,
    assert_same_figures,
    csv_text,
)

META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "ipaddr", "refurl"]  # fmt: skip
Q_RANK = "Rangordna de tre viktigaste områdena"
CHOICES = {"ja": "Ja", "nej": "Nej", "kanske": "Kanske", "vet ej": "Vet ej"}
KOMMUN_CODES = {"Växjö": "AO01", "Kalmar": "AO02", "Ljungby": "AO03", "Alvesta": "AO04"}


def questions(style: str) -> list[str]:
    """The question columns' headers: ``codes``, ``texts`` or ``both``."""
    codes = ["Q1", "Q2", *(f"Q3[SQ00{n}]" for n in range(1, len(AREAS) + 1)),
             "Q4[1]", "Q4[2]", "Q4[3]", *(f"Q5[SQ00{n}]" for n in range(1, len(FORMS) + 1)),
             "Q5[other]", "Q6", "Q7", "Q8"]  # fmt: skip
    texts = [Q_KOMMUN, Q_ROLL, *(f"{Q_BETYG} [{sv}]" for sv, _ in AREAS.values()),
             *(f"{Q_RANK} [Rank {n}]" for n in (1, 2, 3)),
             *(f"{Q_FORMER} [{label}]" for label in FORMS.values()), f"{Q_FORMER} [Övrigt]",
             Q_SEMINARIUM, Q_MEDFIN, Q_FRITEXT]  # fmt: skip
    if style == "codes":
        return codes
    if style == "texts":
        return texts
    return [f"{c}. {t}" for c, t in zip(codes, texts, strict=True)]


def table(style: str = "texts", *, coded: bool = False) -> list[list[object]]:
    rows: list[list[object]] = [META + questions(style)]
    for n, p in enumerate(PEOPLE, 1):
        stamp = f"{p.time:%Y-%m-%d %H:%M:%S}"
        meta = [n, stamp, 4, "sv", 1234567 + n, stamp, stamp, p.ip, ""]
        if coded:
            answer = [KOMMUN_CODES[p.kommun], f"A{list(ROLES).index(p.role) + 1}",
                      *("" if p.ratings[a] is None else f"AO0{p.ratings[a]}" for a in AREAS),
                      *(f"AO0{list(AREAS).index(a) + 1}" if a else "" for a in p.prios),
                      *("Y" if f in p.forms else "" for f in FORMS), "",
                      f"A{list(CHOICES).index(p.seminar) + 1}",
                      f"A{list(CHOICES).index(p.cofinancing) + 1}", p.text]  # fmt: skip
        else:
            answer = [p.kommun, ROLES[p.role],
                      *("" if p.ratings[a] is None else SCALE[p.ratings[a]] for a in AREAS),
                      *(AREAS[a][0] if a else "" for a in p.prios),
                      *("Ja" if f in p.forms else "Nej" for f in FORMS), "",
                      CHOICES[p.seminar], CHOICES[p.cofinancing], p.text]  # fmt: skip
        rows.append(meta + answer)
    return rows


def lime_csv(style: str = "texts", *, coded: bool = False) -> bytes:
    return csv_text(table(style, coded=coded), newline="\n").encode("utf-8")


def lime_xlsx(style: str = "texts") -> bytes:
    book = openpyxl.Workbook()
    for row in table(style):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("style", ["texts", "both"])
def test_a_limesurvey_full_answers_export_gives_the_figures_computed_by_hand(style) -> None:
    survey = read_survey(lime_csv(style), round_label="2025", file_name="results-survey123.csv")
    assert survey.source_format == "limesurvey"
    assert_same_figures(survey)  # forms: "Ja" chosen, "Nej" not
    assert_nothing_personal(survey)


def test_a_limesurvey_xlsx_export_reads_the_same() -> None:
    survey = read_survey(lime_xlsx(), round_label="2025", file_name="results-survey123.xlsx")
    assert survey.source_format == "limesurvey"
    assert_same_figures(survey)


def test_limesurvey_metadata_is_not_part_of_the_contract() -> None:
    report = validation_report(lime_csv(), round_label="2025", file_name="results.csv")
    targets = {m["column"]: (m["target"], m["reason"]) for m in report["mapping"]}
    assert targets["submitdate"] == ("inskickad", "verktygstid")  # the time it was sent (issue 20)
    for meta in (
        "id",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "refurl",
    ):
        assert targets[meta] == ("", "metadata"), meta
    assert targets["ipaddr"] == ("personuppgift", "personuppgift")
    assert targets[f"{Q_FORMER} [Forskning]"] == ("samverkansformer", "alternativ")
    unknown = [w["column"] for w in report["warnings"] if "känns inte igen" in w["message"]]
    assert unknown == [f"{Q_FORMER} [Övrigt]"]


@pytest.mark.parametrize("style", ["texts", "codes"])
def test_an_answer_codes_export_is_refused_once_naming_full_answers(style) -> None:
    data = lime_csv(style, coded=True)
    report = validation_report(data, round_label="2025", file_name="results-survey123.csv")
    assert report["ok"] is False
    assert report["error_count"] == 1, [e["message"] for e in report["errors"]]
    message = report["errors"][0]["message"]
    assert "Fullständiga svar" in message
    assert "AO0" in report["errors"][0]["value"] or report["errors"][0]["value"].startswith("A")
    english = validation_report(data, lang="en", file_name="results.csv")
    assert "Full answers" in english["errors"][0]["message"]
