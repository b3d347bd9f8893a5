"""The reading room's search never reveals what redaction removed (issue 21), and the one
redactor's rules: what it replaces, and what it must leave alone."""

from __future__ import annotations

import dataclasses

import pytest

from linnedata.competence import search
from linnedata.survey import read_survey, redact
from linnedata.survey.privacy import luhn_ok

# a Luhn-valid personnummer (date 1975-05-05) and its samordningsnummer (day + 60)
PNR = "750505 1230"
assert luhn_ok(PNR.replace(" ", ""))
SAMORDNING = "750565-1234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mobil 0701234567", "Mobil [telefon]"),
        ("Mobil 070 123 45 67 eller 070-1234567", "Mobil [telefon] eller [telefon]"),
        ("Tel +46 (0)70 123 45 67", "Tel [telefon]"),
        ("Tel 0046 470 70 80 00", "Tel [telefon]"),
        ("tel:0701234567, Tel.070-1234567", "tel:[telefon], Tel.[telefon]"),
        ("mobil:+46701234567", "mobil:[telefon]"),
        (f"Pnr {PNR}", "Pnr [personnummer]"),
        ("Pnr 7505051230", "Pnr [personnummer]"),
        ("Pnr 197505051230 och 19750505-1230", "Pnr [personnummer] och [personnummer]"),
        ("Pnr 750505+1230 (över 100)", "Pnr [personnummer] (över 100)"),
        (f"Samordningsnummer {SAMORDNING}", "Samordningsnummer [personnummer]"),
        ("Mejla anna.berg(at)kalmar.se", "Mejla [e-post]"),
        ("Mejla anna.berg [at] kalmar [punkt] se", "Mejla [e-post]"),
        ("Från 192.168.10.20 i går", "Från [ip-adress] i går"),
        ("Från fe80::1ff:fe23:4567:890a", "Från [ip-adress]"),
        ("Svar 123e4567-e89b-12d3-a456-426614174000", "Svar [id]"),
        ("Token c8a9f0e1d2b3a4958677665544332211", "Token [id]"),
        ("Svar-id R_1abcDEFghiJKL2m", "Svar-id [id]"),
        # left alone: organisation numbers, date ranges, case numbers, amounts, times …
        ("Org.nr 212000-0720 (Växjö kommun)", "Org.nr 212000-0720 (Växjö kommun)"),
        ("Period 20230101-20231231", "Period 20230101-20231231"),
        ("Period 230101-231231", "Period 230101-231231"),
        ("Dnr KS 2023/0123 och KS2023-000123", "Dnr KS 2023/0123 och KS2023-000123"),
        ("Dnr 2023-00456", "Dnr 2023-00456"),
        ("Budget 2025-2027, 1 000 000 kr", "Budget 2025-2027, 1 000 000 kr"),
        ("Öppet 08.00-16.30 i 0780 Växjö", "Öppet 08.00-16.30 i 0780 Växjö"),
        ("Kl. 12:30:45 den 2024-05-01", "Kl. 12:30:45 den 2024-05-01"),
        ("kl.08.00-16.30, 1.0701234567", "kl.08.00-16.30, 1.0701234567"),
        ("Version 1.2.3.4.5", "Version 1.2.3.4.5"),
        ("Digitaliseringsplanen2025 och kompetensförsörjningsutmaningarna",
         "Digitaliseringsplanen2025 och kompetensförsörjningsutmaningarna"),
        ("Ett tal 7505051231 utan giltig kontrollsiffra", "Ett tal 7505051231 utan giltig kontrollsiffra"),
    ],
)  # fmt: skip
def test_the_one_redactor(text: str, expected: str) -> None:
    assert redact(text)[0] == expected


def test_redaction_is_idempotent_and_counts() -> None:
    text, count = redact(f"Ring 0701234567, pnr {PNR}, från 10.0.0.1")
    assert count == 3
    assert redact(text) == (text, 0)


def old_round():
    """A round as a store of an older version may hold it: free text redacted by older rules
    (a bare mobile number and a personnummer with a space survived)."""
    data = (
        "kommun,utmaning_fritext\n"
        "Växjö,Brist på bostäder\n"
        "Kalmar,Bostäder saknas\n"
        "Ljungby,Unga flyttar\n"
    ).encode()
    survey = read_survey(data, round_label="2024")
    responses = survey.responses.copy()
    responses["utmaning_fritext"] = [
        f"Brist på bostäder, ring 0701234567 eller pnr {PNR}",
        "Bostäder saknas, [telefon]",
        "Unga flyttar",
    ]
    return dataclasses.replace(survey, responses=responses)


def test_the_search_never_shows_what_redaction_removed() -> None:
    answers = search.answers_table({"2024": old_round()})
    shown = " ".join(answers["utmaning_fritext"])
    assert "0701234567" not in shown
    assert "750505" not in shown
    for query in ("0701234567", "750505", "1230", "07012"):
        assert search.search(answers, query).empty, query
    hits = search.search(answers, "bostad")
    assert len(hits) == 2
    assert not any("0701234567" in t or "750505" in t for t in hits["traff"])


def test_a_placeholder_is_no_word_to_search_for_or_count() -> None:
    answers = search.answers_table({"2024": old_round()})
    for query in ("telefon", "personnummer"):
        assert search.search(answers, query).empty, query  # no list of who had one
    counted = set(search.frequent_words(answers["utmaning_fritext"], top=50)["ord"])
    assert not counted & {"telefon", "personnummer"}
    assert "bostäder" in counted
