"""What the one redactor costs per free-text cell, and the refusals that bound a hostile file.

Run: ``.venv/bin/python -m benchmarks.redaction``. Prints one line per measurement (CPU
seconds, ``time.process_time``); the figures are quoted in ``docs/notes-privacy.md``, not
asserted in tests (the machine varies).

- 100,000 free-text cells like a survey's (most without any digit; one in ten with a phone
  number, personnummer, e-mail or IP address): ``redact`` once per cell, as the import does.
- A ``.csv.zip`` whose member holds 500,000 rows: refused before any parsing.
- A workbook with one cell at ``XFD1048576``: read and refused, nothing after the refusal.
- A competence list of 75,000 bad rows (1.7 MB): refused with a bounded report.
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile

import openpyxl

from linnedata.competence.registry import read_researchers
from linnedata.errors import InputError
from linnedata.survey import ReadOptions, validation_report
from linnedata.survey.privacy import redact

PLAIN = [
    "Brist på bostäder för unga vuxna och svårt att rekrytera lärare.",
    "Vi behöver hjälp med digitalisering av äldreomsorgen och kompetensförsörjning.",
    "Integration av nyanlända, språkträning och praktikplatser saknas.",
    "Budget 2025-2027 är pressad; investeringsbehovet i VA är stort.",
    "Öppet 08.00-16.30, kontakta oss via växeln.",
]
PERSONAL = [
    "Ring mig på 0701234567 om seminariet.",
    "Mitt pnr 750505 1230 behövs inte, men mejla anna.berg(at)kalmar.se.",
    "Svar från 192.0.2.45 via länk med id c8a9f0e1d2b3a4958677665544332211.",
]


def cells(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(PERSONAL) if rng.random() < 0.1 else rng.choice(PLAIN) for _ in range(count)]


def timed(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def zipped_rows(count: int) -> bytes:
    noise = os.urandom(count * 3).hex().encode()
    lines = [b"V\xc3\xa4xj\xc3\xb6;4;" + noise[i * 6 : i * 6 + 6] for i in range(count)]
    member = b"kommun;betyg_integration;utmaning_fritext\n" + b"\n".join(lines) + b"\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("svar.csv", member)
    return out.getvalue()


def xfd_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "kommun"
    book.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    texts = cells(100_000)
    found = [0]

    def run() -> None:
        found[0] = sum(redact(t)[1] for t in texts)

    seconds = timed(run)
    print(f"redact 100,000 free-text cells: {seconds:.3f} s CPU ({found[0]} items replaced)")
    data = zipped_rows(500_000)
    seconds = timed(lambda: validation_report(data, round_label="2025"))
    print(f"refuse a {len(data) / 1e6:.1f} MB .csv.zip of 500,000 rows: {seconds:.3f} s CPU")
    book = xfd_workbook()
    seconds = timed(lambda: validation_report(book, options=ReadOptions(file_name="x.xlsx")))
    print(f"refuse a {len(book) / 1e3:.1f} kB workbook with a cell at XFD1048576: {seconds:.3f} s")
    rows = [f"F{i};Område {i};x" for i in range(75_000)]
    listing = ("forskare;omraden;kapacitet\n" + "\n".join(rows) + "\n").encode()
    reported = [0]

    def refuse_list() -> None:
        try:
            read_researchers(listing)
        except InputError as error:
            reported[0] = len(error.errors)

    seconds = timed(refuse_list)
    print(
        f"refuse a {len(listing) / 1e6:.1f} MB competence list of 75,000 bad rows: "
        f"{seconds:.2f} s CPU, {reported[0]} problems listed"
    )


if __name__ == "__main__":
    main()
