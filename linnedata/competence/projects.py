"""Joint-project proposals: municipalities that could run and co-finance a project together.

The rule (deterministic; the README, the Kompetens page and the CLI say the same):

1. A municipality is **eligible for area A and form F** when A is among its top challenges
   (some respondent put A in their top three), some respondent wants F, and some respondent
   answered ``ja`` or ``kanske`` to co-financing (``medfinansiering``; ``vet ej`` and ``nej``
   do not count). One respondent is enough, as for seminar interest.
2. For every area A and form F, the municipalities eligible for both form a candidate set;
   sets of fewer than :data:`MIN_SIZE` are dropped. **One proposal per area and set**: a
   set found under several forms is one proposal, and its ``forms`` are *every* form all its
   members want (also forms under which the set was not found alone). No set is split.
3. A proposal lists the active researchers who list A, offer one of its forms (or list no
   forms at all) and have **capacity left**: their ``kapacitet`` minus the projects they are
   already in (``commitments``, from the follow-up record); with their capacity left.
4. The **score** (an integer; higher is stronger), per member municipality:
   ``3`` for taking part, plus its priority of A (``3`` for a best rank of 1, ``2`` for 2,
   ``1`` for 3), plus its co-financing answer (``2`` when some respondent said ``ja``, ``1``
   when only ``kanske``); plus, for the proposal, ``min(members, capacity left of its
   researchers)`` — the faculty can carry at most one member per free place.
5. Proposals are ranked by score, then members (more first), then area (taxonomy order),
   then member codes.
6. **No dominated subsets**: a proposal whose municipalities are a strict subset of a
   stronger (higher-ranked, shown) proposal on the same area is kept only when it adds a form
   that proposal lacks; it then names that proposal and the forms it adds. (Step 2 already
   makes every such subset add a form, so none is dropped today; the check keeps the promise
   if the rule changes.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from linnedata.competence.matching import active
from linnedata.figures.ranks import COFINANCING_OPEN, municipality_ranks
from linnedata.i18n import t
from linnedata.survey import Survey
from linnedata.taxonomy import Taxonomy, default_taxonomy

MIN_SIZE = 2
"""The fewest municipalities in a proposal."""

TOP_N = 10
"""How many proposals the Kompetens page, the Regionrapport and the CLI show by default."""

TAKING_PART = 3
"""Score per member municipality for taking part (rule step 4)."""

COFINANCING_POINTS = {"ja": 2, "kanske": 1}
"""Score per member for its best co-financing answer (rule step 4)."""

PROPOSAL_COLUMNS = [
    "rang",
    "poang",
    "omrade",
    "kommuner",
    "antal",
    "former",
    "forskare",
    "skal",
]


@dataclass(frozen=True)
class Researcher:
    """A researcher who fits a proposal, with the capacity they have left."""

    name: str
    capacity_left: int


@dataclass(frozen=True)
class Score:
    """A proposal's score and its parts (rule step 4)."""

    taking_part: int
    priority: int
    cofinancing: int
    researchers: int

    @property
    def total(self) -> int:
        return self.taking_part + self.priority + self.cofinancing + self.researchers


@dataclass(frozen=True)
class Proposal:
    """One possible joint project.

    Attributes:
        area_id: the shared top challenge.
        members: SCB codes, best rank of the area first, then code.
        forms: every form all members want (taxonomy order).
        researchers: who fits, with capacity left, most capacity first, then name.
        score: the score and its parts.
        subset_of: the members of a stronger proposal on the area that holds all of these
            municipalities (empty when none).
        adds: the forms this proposal adds over ``subset_of``.
        reason: one plain-language sentence.
    """

    area_id: str
    members: tuple[str, ...]
    forms: tuple[str, ...]
    researchers: tuple[Researcher, ...]
    score: Score
    subset_of: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Eligible:
    """The co-financing municipalities of a round and what they want.

    Attributes:
        challenges: ``{code: {area_id: best rank}}``.
        forms: ``{code: wanted form ids}``.
        cofinancing: ``{code: best answer}`` (``ja`` or ``kanske``).
    """

    challenges: dict[str, dict[str, int]]
    forms: dict[str, set[str]]
    cofinancing: dict[str, str]


def cofinancing_answers(survey: Survey) -> dict[str, str]:
    """``{code: "ja" | "kanske"}``: each municipality's best willing co-financing answer."""
    answers = survey.responses.dropna(subset=["kommun_kod", "medfinansiering"])
    said = answers["medfinansiering"].astype(str).str.strip().str.casefold()
    best: dict[str, str] = {}
    for code, answer in zip(answers["kommun_kod"].astype(str), said, strict=True):
        if answer in COFINANCING_OPEN and best.get(code) != COFINANCING_OPEN[0]:
            best[code] = answer
    return best


def eligibility(survey: Survey) -> Eligible:
    """The co-financing municipalities' top challenges and wanted forms (rule step 1)."""
    willing = cofinancing_answers(survey)
    challenges: dict[str, dict[str, int]] = {}
    for row in municipality_ranks(survey, "area").itertuples(index=False):
        if row.kommun_kod in willing:
            challenges.setdefault(row.kommun_kod, {})[row.topic] = int(row.rang)
    chosen = survey.forms.merge(survey.responses[["respondent", "kommun_kod"]], on="respondent")
    forms: dict[str, set[str]] = {}
    for row in chosen.itertuples(index=False):
        if str(row.kommun_kod) in willing:
            forms.setdefault(str(row.kommun_kod), set()).add(row.form_id)
    return Eligible(challenges, forms, {c: willing[c] for c in challenges})


def candidate_sets(eligible: Eligible, taxonomy: Taxonomy) -> list[tuple[str, frozenset[str]]]:
    """Every distinct ``(area, set of codes)`` of rule step 2, in taxonomy order."""
    found: list[tuple[str, frozenset[str]]] = []
    for area in taxonomy.area_ids:
        seen: set[frozenset[str]] = set()
        for form in taxonomy.form_ids:
            members = frozenset(
                code
                for code, areas in eligible.challenges.items()
                if area in areas and form in eligible.forms.get(code, set())
            )
            if len(members) >= MIN_SIZE and members not in seen:
                seen.add(members)
                found.append((area, members))
    return found


class Person(NamedTuple):
    """An active researcher as the finder reads them (plain values, read once)."""

    name: str
    areas: frozenset[str]
    forms: frozenset[str]
    capacity: int


def people_of(registry: pd.DataFrame) -> tuple[Person, ...]:
    """The registry's active researchers as :class:`Person` values."""
    return tuple(
        Person(
            str(p.forskare), frozenset(p.omraden), frozenset(p.samverkansformer), int(p.kapacitet)
        )
        for p in active(registry).itertuples(index=False)
    )


def fitting_researchers(
    people: tuple[Person, ...], area: str, forms: tuple[str, ...], commitments: dict[str, int]
) -> tuple[Researcher, ...]:
    """Rule step 3: active, listing ``area``, offering one of ``forms`` (or none), with room."""
    fit = []
    for person in people:
        if area not in person.areas or (person.forms and not person.forms & set(forms)):
            continue
        left = person.capacity - commitments.get(person.name, 0)
        if left > 0:
            fit.append(Researcher(person.name, left))
    return tuple(sorted(fit, key=lambda r: (-r.capacity_left, r.name)))


def score(
    members: tuple[str, ...], area: str, eligible: Eligible, researchers: tuple[Researcher, ...]
) -> Score:
    """Rule step 4."""
    return Score(
        taking_part=TAKING_PART * len(members),
        priority=sum(4 - eligible.challenges[c][area] for c in members),
        cofinancing=sum(COFINANCING_POINTS[eligible.cofinancing[c]] for c in members),
        researchers=min(len(members), sum(r.capacity_left for r in researchers)),
    )


def find_proposals(
    eligible: Eligible,
    registry: pd.DataFrame,
    names: dict[str, str],
    taxonomy: Taxonomy | None = None,
    lang: str = "sv",
    commitments: dict[str, int] | None = None,
) -> list[Proposal]:
    """Every proposal by the rule in the module docstring, strongest first.

    Args:
        eligible: what :func:`eligibility` returned.
        registry: the competence registry.
        names: ``{code: municipality name}`` for the reason.
        taxonomy: order and labels (default: the shipped one).
        lang: language of the reason.
        commitments: ``{researcher: projects they are in}`` (capacity already taken).

    Returns:
        The proposals, ranked (rule step 5), without dominated subsets (step 6).
    """
    taxonomy = taxonomy or default_taxonomy()
    commitments = commitments or {}
    everyone = people_of(registry)
    made = []
    for area, found in candidate_sets(eligible, taxonomy):
        members = tuple(sorted(found, key=lambda c: (eligible.challenges[c][area], c)))
        forms = tuple(
            f for f in taxonomy.form_ids if all(f in eligible.forms.get(c, ()) for c in found)
        )
        people = fitting_researchers(everyone, area, forms, commitments)
        made.append(Proposal(area, members, forms, people, score(members, area, eligible, people)))
    order = {a: n for n, a in enumerate(taxonomy.area_ids)}
    made.sort(key=lambda p: (-p.score.total, -len(p.members), order[p.area_id], sorted(p.members)))
    kept = drop_dominated(made)
    words = Words(taxonomy.labels("area", lang), taxonomy.labels("form", lang), lang)
    return [Proposal(**{**p.__dict__, "reason": reason(p, eligible, names, words)}) for p in kept]


@dataclass(frozen=True)
class Words:
    """The labels a reason is written with (looked up once per call of the finder)."""

    areas: dict[str, str]
    forms: dict[str, str]
    lang: str


def drop_dominated(ranked: list[Proposal]) -> list[Proposal]:
    """Rule step 6 over ``ranked`` (strongest first): drop a subset that adds no form to a
    stronger shown proposal on its area; else record which proposal and what it adds."""
    kept: list[Proposal] = []
    for proposal in ranked:
        own = set(proposal.members)
        stronger = [p for p in kept if p.area_id == proposal.area_id and own < set(p.members)]
        if any(set(proposal.forms) <= set(p.forms) for p in stronger):
            continue
        if stronger:
            first = stronger[0]
            adds = tuple(f for f in proposal.forms if f not in first.forms)
            proposal = Proposal(**{**proposal.__dict__, "subset_of": first.members, "adds": adds})
        kept.append(proposal)
    return kept


def reason(proposal: Proposal, eligible: Eligible, names: dict[str, str], words: Words) -> str:
    """One sentence: who, what they prioritise and want, their co-financing, who fits."""
    lang, members = words.lang, proposal.members
    answers = [eligible.cofinancing[c] for c in members]
    text = t(
        "komp_forslag_skal",
        lang,
        members=join_words([names.get(c, c) for c in members], t("komp_och", lang)),
        area=words.areas[proposal.area_id],
        first=sum(eligible.challenges[c][proposal.area_id] == 1 for c in members),
        n=len(members),
        forms=join_words([words.forms[f].lower() for f in proposal.forms], t("komp_och", lang)),
        ja=answers.count("ja"),
        kanske=answers.count("kanske"),
        fit=_fit_words(proposal.researchers, lang),
    )
    if proposal.subset_of:
        text += t(
            "komp_forslag_tillfor",
            lang,
            others=join_words([names.get(c, c) for c in proposal.subset_of], t("komp_och", lang)),
            forms=join_words([words.forms[f].lower() for f in proposal.adds], t("komp_och", lang)),
        )
    return text + "."


def _fit_words(people: tuple[Researcher, ...], lang: str) -> str:
    if not people:
        return t("komp_forslag_ingen_forskare", lang)
    who = join_words([f"{p.name} ({p.capacity_left})" for p in people], t("komp_och", lang))
    return t("komp_forslag_forskare", lang, who=who)


def join_words(words: list[str], last: str) -> str:
    """``["a", "b", "c"]`` → ``"a, b och c"`` (``last`` is the final joining word).

    >>> join_words(["Alvesta", "Ljungby", "Markaryd"], "och")
    'Alvesta, Ljungby och Markaryd'
    """
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def public_names(people: tuple[Researcher, ...], registry: pd.DataFrame, lang: str = "sv") -> str:
    """The researchers as a visitor may see them: a name only where the researcher marked
    it public (else a placeholder), the capacity left only where ``kapacitet`` is public."""
    public = dict(zip(registry["forskare"], registry["publikt"], strict=True))
    shown = []
    for person in people:
        fields = public.get(person.name, ())
        name = person.name if "forskare" in fields else t("komp_ej_publikt", lang)
        shown.append(f"{name} ({person.capacity_left})" if "kapacitet" in fields else name)
    return "; ".join(shown)


def proposals_table(
    proposals: list[Proposal],
    names: dict[str, str],
    taxonomy: Taxonomy,
    lang: str = "sv",
    public: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The proposals as a table (:data:`PROPOSAL_COLUMNS`), in their rank order.

    Args:
        proposals: what :func:`find_proposals` returned.
        names: ``{code: municipality name}``.
        taxonomy: the labels.
        lang: the language of the labels.
        public: the registry, for a visitor's table: researchers are shown as
            :func:`public_names` allows, and ``skal`` names them likewise (the reason is
            rebuilt without their names). None (readers, stewards, the CLI): everything.
    """
    form_labels = taxonomy.labels("form", lang)

    def who(p: Proposal) -> str:
        if public is not None:
            return public_names(p.researchers, public, lang)
        return "; ".join(f"{r.name} ({r.capacity_left})" for r in p.researchers)

    return pd.DataFrame(
        [
            {
                "rang": rank,
                "poang": p.score.total,
                "omrade": taxonomy.label("area", p.area_id, lang),
                "kommuner": ", ".join(names.get(c, c) for c in p.members),
                "antal": len(p.members),
                "former": ", ".join(form_labels[f] for f in p.forms),
                "forskare": who(p),
                "skal": p.reason if public is None else _public_reason(p, who(p), lang),
            }
            for rank, p in enumerate(proposals, start=1)
        ],
        columns=PROPOSAL_COLUMNS,
    )


def _public_reason(proposal: Proposal, who: str, lang: str) -> str:
    """The reason with the researchers' part as a visitor may see it."""
    fit = _fit_words(proposal.researchers, lang)
    if not proposal.researchers:
        return proposal.reason
    return proposal.reason.replace(fit, t("komp_forslag_forskare", lang, who=who), 1)


def proposals_json(proposals: list[Proposal]) -> list[dict[str, object]]:
    """The proposals as JSON-ready dicts (the CLI's ``--json``), in rank order.

    ``researchers`` holds the names; ``capacity_left`` maps each name to its free places;
    ``score_parts`` the four parts of ``score``.
    """
    return [
        {
            "rank": rank,
            "area_id": p.area_id,
            "members": list(p.members),
            "forms": list(p.forms),
            "researchers": [r.name for r in p.researchers],
            "capacity_left": {r.name: r.capacity_left for r in p.researchers},
            "score": p.score.total,
            "score_parts": {
                "taking_part": p.score.taking_part,
                "priority": p.score.priority,
                "cofinancing": p.score.cofinancing,
                "researchers": p.score.researchers,
            },
            "subset_of": list(p.subset_of),
            "adds": list(p.adds),
            "reason": p.reason,
        }
        for rank, p in enumerate(proposals, start=1)
    ]
