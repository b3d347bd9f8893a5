"""What a respondent may answer, and an answer as the store keeps it.

The choices are the survey contract's (``data/import_alias.toml``: roles, seminar interest,
co-financing; ``data/areas.csv`` and ``data/forms.csv``). Whatever the page sends is checked
again here — a value outside the choices is refused, never stored — and the free text is
cleaned as the import cleans a cell (control characters removed, cut at
``linnedata.survey.grid.MAX_CELL``) and redacted by the one redactor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from linnedata.errors import Problem, problem
from linnedata.survey.cells import CHOICES
from linnedata.survey.grid import MAX_CELL, clean_cell
from linnedata.survey.privacy import redact
from linnedata.taxonomy import Taxonomy

SCALE = (1, 2, 3, 4, 5)
PRIORITIES = ("prio_1", "prio_2", "prio_3")
SINGLE_CHOICES = ("roll", "seminarieintresse", "medfinansiering")


def choices(question: str) -> tuple[str, ...]:
    """The canonical answers of a single-choice question, in the contract's order."""
    return tuple(CHOICES[question])


@dataclass
class Cleaned:
    """An answer checked: the canonical ``values``, the ``ratings`` given, the problems
    that stop sending (``errors``) and what was changed (``notes``: text cut, control
    characters removed, personal data replaced)."""

    values: dict[str, Any]
    ratings: dict[str, int]
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def _one_of(
    value: Any, allowed: tuple[str, ...], question: str, errors: list[Problem]
) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        errors.append(problem("enkat_ogiltigt_val", None, question, None))
        return None
    return str(value)


def _free_text(raw: Any, notes: list[Problem]) -> str:
    text, had_control, cut = clean_cell(str(raw or ""))
    if had_control:
        notes.append(problem("enkat_kontrolltecken", None, "utmaning_fritext"))
    if cut:
        notes.append(problem("enkat_text_kortad", None, "utmaning_fritext", None, max=MAX_CELL))
    text, found = redact(text)
    if found:
        notes.append(problem("enkat_personuppgifter", None, "utmaning_fritext", None, n=found))
    return text.strip()


def clean(raw: Mapping[str, Any], taxonomy: Taxonomy, *, sending: bool) -> Cleaned:
    """Check and clean what a respondent gave.

    Args:
        raw: ``roll``, ``seminarieintresse``, ``medfinansiering``, ``prio_1..3`` (area
            ids), ``samverkansformer`` (list of form ids), ``utmaning_fritext`` and
            ``betyg`` ({area_id: 1–5}).
        taxonomy: the areas and forms.
        sending: a sent answer must have a role and different priorities; a draft may
            be incomplete.

    Returns:
        The cleaned answer with its errors and notes.
    """
    errors: list[Problem] = []
    notes: list[Problem] = []
    values: dict[str, Any] = {q: _one_of(raw.get(q), choices(q), q, errors) for q in SINGLE_CHOICES}
    areas = tuple(taxonomy.area_ids)
    for q in PRIORITIES:
        values[q] = _one_of(raw.get(q), areas, q, errors)
    chosen = [values[q] for q in PRIORITIES if values[q]]
    if len(set(chosen)) < len(chosen):
        errors.append(problem("enkat_prio_dubblett", None, "prio_1"))
    forms = list(dict.fromkeys(raw.get("samverkansformer") or []))
    if any(f not in taxonomy.form_ids for f in forms):
        errors.append(problem("enkat_ogiltigt_val", None, "samverkansformer", None))
        forms = [f for f in forms if f in taxonomy.form_ids]
    values["samverkansformer"] = ";".join(f for f in taxonomy.form_ids if f in forms)
    values["utmaning_fritext"] = _free_text(raw.get("utmaning_fritext"), notes)
    ratings: dict[str, int] = {}
    for area, value in (raw.get("betyg") or {}).items():
        if value in (None, ""):
            continue
        if area not in areas or value not in SCALE:
            errors.append(problem("enkat_ogiltigt_val", None, f"betyg_{area}"[:60], None))
            continue
        ratings[area] = int(value)
    if sending and raw.get("roll") in (None, ""):
        errors.append(problem("enkat_roll_saknas", None, "roll"))
    return Cleaned(values, ratings, errors, notes)


def as_raw(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored answer (``Store.questionnaire.answer``) as :func:`clean`'s input, to refill
    the form when a respondent comes back."""
    raw = {k: stored.get(k) for k in (*SINGLE_CHOICES, *PRIORITIES, "utmaning_fritext")}
    raw["samverkansformer"] = [f for f in str(stored.get("samverkansformer") or "").split(";") if f]
    raw["betyg"] = dict(stored.get("betyg") or {})
    return raw
