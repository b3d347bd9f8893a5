"""The collaboration-forms question written as one column per option.

Survey tools split a multi-select question into one column per option:

* Typeform: the option is the header, the cell is the option or empty;
* LimeSurvey: ``Question [Forskning]`` holding ``Ja`` (full answers) or ``Y`` (codes);
* SurveyMonkey "expanded": the option below the question (``Question [Forskning]`` once
  the two header rows are one), the cell the option or empty;
* a Google Forms checkbox grid with one row per form: ``Question [Forskning]`` holding
  ``Under 2025;Under 2026`` (when, not which).

A column whose header's ``[item]`` (or whole header) is a form of collaboration is such a
column when the question is read no other way: its form is chosen when its cell is filled
and not a "no" (``Nej``, ``N``, ``0``, ``FALSE``, listed in ``data/import_alias.toml``
``[svar.kryss_nej]``). The columns are read together as ``samverkansformer`` (reason
``alternativ``).
"""

from __future__ import annotations

from linnedata.errors import Problems
from linnedata.survey import columns as mapping
from linnedata.survey.columns import MappingDecision, grid_question
from linnedata.taxonomy import Taxonomy

FORMS = "samverkansformer"
REASON = "alternativ"
_OPEN = ("okand", "nyckelord", "tom")  # decisions an option column overrules
_FIXED = ("kanonisk", "alias", "profil", "anvandare", "kryssrutnat", "innehall")
SAMPLE_ROWS = 200

Body = list[tuple[list[str], int]]


def form_of(text: str, taxonomy: Taxonomy) -> str | None:
    """The form of collaboration a label names, else None."""
    text = text.strip()
    if not text:
        return None
    return taxonomy.resolve("form", text) or mapping.default_aliases().answer("form", text)


def _item(header: str) -> str | None:
    """The ``[item]`` (or ``- item``) of a header, else None."""
    question = grid_question(header)
    if question is None:
        return None
    rest = header.strip()[len(question) :].strip()
    return rest.strip("[] .:-–—").strip() or None


def is_no(text: str) -> bool:
    """True for a cell saying the option was not chosen (``Nej``, ``N``, ``0``)."""
    return mapping.default_aliases().answer("kryss_nej", text) is not None


def _option_form(d: MappingDecision, body: Body, taxonomy: Taxonomy) -> str | None:
    """The form an unread column stands for as one option of the forms question, else None."""
    if d.reason not in _OPEN or (d.target and d.target != FORMS):
        return None
    item = _item(d.header)
    form = form_of(item, taxonomy) if item else None
    if form is not None:
        return form
    form = form_of(d.header, taxonomy)  # Typeform: the option is the whole header
    if form is None:
        return None
    cells = [r[d.position].strip() for r, _ in body[:SAMPLE_ROWS] if d.position < len(r)]
    marks = mapping.default_aliases()
    fits = all(
        not c or form_of(c, taxonomy) == form or is_no(c) or marks.answer("kryss_ja", c)
        for c in cells
    )
    return form if fits else None


def option_columns(
    decisions: list[MappingDecision], body: Body, taxonomy: Taxonomy, found: Problems, row: int
) -> tuple[list[MappingDecision], dict[int, list[tuple[int, str]]]]:
    """The decisions with the forms question's option columns read as ``samverkansformer``,
    and the first such column → every ``(position, form id)`` of the group.

    Nothing changes when another column is the forms question already.
    """
    if any(d.target == FORMS and d.reason in _FIXED for d in decisions):
        return decisions, {}
    group = [(d, form) for d in decisions if (form := _option_form(d, body, taxonomy))]
    if not group:
        return decisions, {}
    change = {d.position: MappingDecision(d.position, d.header, FORMS, REASON) for d, _ in group}
    # a keyword guess of the forms question that is no option column is left unread
    for d in decisions:
        if d.target == FORMS and d.position not in change:
            change[d.position] = MappingDecision(d.position, d.header, mapping.IGNORE, "okand")
    first = group[0][0]
    found.warn("alternativ_former", row, first.header, None, count=len(group))
    options = {first.position: [(d.position, form) for d, form in group]}
    return [change.get(d.position, d) for d in decisions], options


def chosen(record: list[str], options: list[tuple[int, str]]) -> str:
    """The forms one row chose, joined by ``;`` (each form once)."""
    picked = [
        form
        for position, form in options
        if position < len(record) and record[position].strip() and not is_no(record[position])
    ]
    return ";".join(dict.fromkeys(picked))


__all__ = ["REASON", "chosen", "form_of", "is_no", "option_columns"]
