"""The joint-project finder: municipalities that could run and co-finance a project together.

The rule (deterministic; the README and the Kompetens page say the same):

1. A municipality is **eligible for area A and form F** when A is among its top challenges
   (some respondent put A in their top three), some respondent wants F, and some respondent
   answered ``ja`` or ``kanske`` to co-financing (``medfinansiering``; the survey's
   ``vet ej`` and ``nej`` do not count). One respondent is enough, as for seminar interest.
2. For every area A and form F with at least :data:`MIN_SIZE` eligible municipalities,
   those municipalities form a candidate group. Candidate groups of one area with exactly
   the same municipalities are one group, listing every such form.
3. A group of more than :data:`MAX_SIZE` is split into ``ceil(n / 6)`` groups of as equal a
   size as possible (larger first), dealing its municipalities in order of their best rank
   of A, then SCB code.
4. Each group lists the active researchers who list A and offer one of its forms (or list no
   forms at all), by name, and a plain-language reason.

Groups are ordered by area (taxonomy order), then first form, then their part of a split.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from linnedata.competence.matching import active
from linnedata.figures.ranks import COFINANCING_OPEN, municipality_ranks
from linnedata.i18n import t
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

MIN_SIZE = 2
MAX_SIZE = 6

GROUP_COLUMNS = ["omrade", "former", "kommuner", "antal", "forskare", "skal"]


@dataclass(frozen=True)
class Group:
    """One possible joint project.

    Attributes:
        area_id: the shared top challenge.
        forms: the form ids every member wants (taxonomy order).
        members: SCB codes, in the order of the rule's step 3.
        researchers: names of the matching researchers, sorted.
        reason: the plain-language reason.
    """

    area_id: str
    forms: tuple[str, ...]
    members: tuple[str, ...]
    researchers: tuple[str, ...]
    reason: str


def cofinancers(survey: Survey) -> set[str]:
    """Codes of the municipalities where some respondent answered ``ja`` or ``kanske``."""
    answers = survey.responses.dropna(subset=["kommun_kod", "medfinansiering"])
    open_ = answers["medfinansiering"].astype(str).str.strip().str.casefold()
    return set(answers.loc[open_.isin(COFINANCING_OPEN), "kommun_kod"].astype(str))


def eligibility(survey: Survey) -> tuple[dict[str, dict[str, int]], dict[str, set[str]]]:
    """``({code: {area: best rank}}, {code: wanted forms})`` of the co-financing municipalities."""
    can_pay = cofinancers(survey)
    ranks = municipality_ranks(survey, "area")
    challenges: dict[str, dict[str, int]] = {}
    for row in ranks.itertuples(index=False):
        if row.kommun_kod in can_pay:
            challenges.setdefault(row.kommun_kod, {})[row.topic] = int(row.rang)
    chosen = survey.forms.merge(survey.responses[["respondent", "kommun_kod"]], on="respondent")
    forms: dict[str, set[str]] = {}
    for row in chosen.itertuples(index=False):
        if row.kommun_kod in can_pay:
            forms.setdefault(str(row.kommun_kod), set()).add(row.form_id)
    return challenges, forms


def split_sizes(n: int, most: int = MAX_SIZE) -> list[int]:
    """Sizes of a split of ``n`` into ``ceil(n / most)`` near-equal parts, larger first.

    >>> split_sizes(7), split_sizes(12), split_sizes(13)
    ([4, 3], [6, 6], [5, 4, 4])
    """
    parts = math.ceil(n / most)
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def find_groups(
    challenges: dict[str, dict[str, int]],
    forms: dict[str, set[str]],
    registry: pd.DataFrame,
    names: dict[str, str],
    taxonomy: Taxonomy | None = None,
    lang: str = "sv",
) -> list[Group]:
    """The joint-project groups by the rule in the module docstring.

    Args:
        challenges: ``{code: {area_id: best rank}}`` of the eligible (co-financing)
            municipalities (:func:`eligibility`).
        forms: ``{code: wanted form ids}`` of the same municipalities.
        registry: the competence registry.
        names: ``{code: municipality name}`` for the reason.
        taxonomy: order and labels (default: the shipped one).
        lang: language of the reason.

    Returns:
        The groups, ordered as the docstring says.
    """
    taxonomy = taxonomy or default_taxonomy()
    people = active(registry)
    groups: list[Group] = []
    for area in taxonomy.area_ids:
        candidates: dict[tuple[str, ...], list[str]] = {}
        for form in taxonomy.form_ids:
            members = sorted(
                code
                for code, areas in challenges.items()
                if area in areas and form in forms.get(code, set())
            )
            if len(members) >= MIN_SIZE:
                candidates.setdefault(tuple(members), []).append(form)
        for members, shared in candidates.items():
            ordered = sorted(members, key=lambda c: (challenges[c][area], c))
            start = 0
            for size in split_sizes(len(ordered)):
                part = tuple(ordered[start : start + size])
                start += size
                who = tuple(
                    sorted(
                        p.forskare
                        for p in people.itertuples(index=False)
                        if area in p.omraden
                        and (not p.samverkansformer or set(p.samverkansformer) & set(shared))
                    )
                )
                text = reason(part, area, tuple(shared), names, taxonomy, lang)
                groups.append(Group(area, tuple(shared), part, who, text))
    return groups


def reason(
    members: tuple[str, ...],
    area: str,
    forms: tuple[str, ...],
    names: dict[str, str],
    taxonomy: Taxonomy,
    lang: str = "sv",
) -> str:
    """ "Alvesta, Ljungby och Markaryd prioriterar Kompetensförsörjning, vill ha utvärdering …"."""
    form_labels = taxonomy.labels("form", lang)
    who = join_words([names.get(c, c) for c in members], t("komp_och", lang))
    what = join_words([form_labels[f].lower() for f in forms], t("komp_eller", lang))
    return t(
        "komp_grupp_skal", lang, members=who, area=taxonomy.label("area", area, lang), forms=what
    )


def join_words(words: list[str], last: str) -> str:
    """``["a", "b", "c"]`` → ``"a, b och c"`` (``last`` is the final joining word).

    >>> join_words(["Alvesta", "Ljungby", "Markaryd"], "och")
    'Alvesta, Ljungby och Markaryd'
    """
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def groups_table(
    groups: list[Group], names: dict[str, str], taxonomy: Taxonomy, lang: str = "sv"
) -> pd.DataFrame:
    """The groups as a table: ``omrade, former, kommuner, antal, forskare, skal``."""
    form_labels = taxonomy.labels("form", lang)
    return pd.DataFrame(
        [
            {
                "omrade": taxonomy.label("area", g.area_id, lang),
                "former": ", ".join(form_labels[f] for f in g.forms),
                "kommuner": ", ".join(names.get(c, c) for c in g.members),
                "antal": len(g.members),
                "forskare": "; ".join(g.researchers),
                "skal": g.reason,
            }
            for g in groups
        ],
        columns=GROUP_COLUMNS,
    )


def groups_json(groups: list[Group]) -> list[dict[str, object]]:
    """The groups as plain JSON-ready dicts (the CLI's ``--json``)."""
    return [
        {
            "area_id": g.area_id,
            "forms": list(g.forms),
            "members": list(g.members),
            "researchers": list(g.researchers),
            "reason": g.reason,
        }
        for g in groups
    ]
