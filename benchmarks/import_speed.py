"""How fast the import refuses a zip bomb and a shared-strings bomb and reads real-sized exports.

Run: ``.venv/bin/python -m benchmarks.import_speed``. Prints one line per measurement;
the figures are quoted in the README, not asserted in tests (the machine varies).
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from datetime import datetime, timedelta

from linnedata.errors import InputError
from linnedata.survey import read_survey
from tests.unit.survey_files import (
    ANSWERS,
    Answer,
    canonical_csv,
    excel_csv,
    google_forms_csv,
    microsoft_forms_xlsx,
    shared_strings_bomb,
)


def zip_bomb(size: int = 300_000_000) -> bytes:
    """A workbook-looking zip whose one sheet unpacks to ``size`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 1_000_000
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def many_answers(n: int, seed: int = 1) -> list[Answer]:
    """``n`` answers varied from the sample ones (different times and ratings)."""
    rng = random.Random(seed)
    answers = []
    for i in range(n):
        base = ANSWERS[i % len(ANSWERS)]
        ratings = {a: rng.choice([None, 1, 2, 3, 4, 5]) for a in base.ratings}
        answers.append(
            Answer(
                base.municipality,
                base.code,
                base.time + timedelta(minutes=i),
                base.role,
                ratings,
                base.prios,
                base.forms,
                base.seminar,
                base.cofinancing,
                base.text,
            )
        )
    return answers


def timed(label: str, data: bytes, repeat: int = 3, **options: object) -> None:
    best = float("inf")
    outcome = ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            survey = read_survey(data, round_label="2024", **options)  # type: ignore[arg-type]
            outcome = f"{len(survey.responses)} responses"
        except InputError as error:
            outcome = f"refused: {error.errors[0].code}"
        best = min(best, time.perf_counter() - start)
    print(f"{label:<38} {len(data) / 1e6:7.2f} MB  {best * 1000:8.1f} ms  {outcome}")


def main() -> None:
    print(f"import benchmark, {datetime.now():%Y-%m-%d %H:%M}")
    bomb = zip_bomb()
    timed("zip bomb (300 MB of zeros)", bomb, file_name="bomb.xlsx")
    big = zip_bomb(1_000_000_000)
    timed("zip bomb (1 GB of zeros)", big, file_name="bomb.xlsx")
    strings = shared_strings_bomb()  # one 20 kB string in 600,000 cells
    timed("shared strings bomb (12 G characters)", strings, file_name="bomb.xlsx")
    fewer = shared_strings_bomb(150_000, 1_000)  # rows within the bound, text beyond it
    timed("shared strings bomb (150 M characters)", fewer, file_name="bomb.xlsx")
    answers = many_answers(5000)
    timed("canonical CSV, 5000 rows", canonical_csv(answers))
    timed("Excel-Swedish CSV cp1252, 5000 rows", excel_csv(answers))
    timed("Google Forms CSV, 5000 rows", google_forms_csv(answers))
    timed("Microsoft Forms XLSX, 5000 rows", microsoft_forms_xlsx(answers), repeat=1)
    timed("Microsoft Forms XLSX, 500 rows", microsoft_forms_xlsx(answers[:500]))


if __name__ == "__main__":
    main()
