"""The validation report's tables show a problem's row as a whole number, blank for a
problem of the whole file: never ``nan`` or ``7.0`` (a frame of rows with and without a
number used to turn them into floats)."""

from __future__ import annotations

from linnedata.errors import problem_table
from linnedata.survey import inspect_survey

# a file warning without a row (the free-text redaction) beside warnings and errors on rows
DATA = (
    "kommun,betyg_integration,utmaning_fritext\nVäxjö,4,ring 070-123 45 67\n,3,\nKalmar,9,\n"
).encode()


def test_problem_rows_are_whole_numbers_or_blank_in_the_report_tables() -> None:
    found = inspect_survey(DATA, file_name="svar.csv")
    problems = [*found.outcome.errors, *found.outcome.warnings]
    assert any(p.row is None for p in problems)
    assert any(p.row is not None for p in problems)
    for lang in ("sv", "en"):
        rows = problem_table(problems, lang).iloc[:, 0].tolist()
        assert rows == ["" if p.row is None else str(p.row) for p in problems]
        assert all(r == "" or r.isdigit() for r in rows)


def test_the_data_page_table_shows_the_same_rows() -> None:
    found = inspect_survey(DATA, file_name="svar.csv")
    table = problem_table(found.outcome.warnings + found.outcome.errors, "en")
    shown = table.iloc[:, 0].tolist()
    assert "nan" not in shown
    assert not any(r.endswith(".0") for r in shown)
    assert set(shown) >= {"", "3", "4"}
