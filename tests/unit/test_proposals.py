"""Joint-project proposals: one per area and set, no dominated subsets, ranked by score."""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest

from linnedata.competence import projects
from linnedata.competence.registry import demo_researchers, read_researchers
from linnedata.demo import demo_files, load_demo
from linnedata.places.region import national_municipalities
from linnedata.survey import Survey, read_survey
from linnedata.taxonomy import default_taxonomy

HEADER = "kommun,roll,prio_1,prio_2,prio_3,samverkansformer,medfinansiering,utmaning_fritext\n"
NAMES = {"0780": "Växjö", "0781": "Ljungby", "0760": "Uppvidinge", "0761": "Lessebo"}
REGISTRY = read_researchers(
    b"forskare,omraden,kapacitet,samverkansformer,aktiv\n"
    b"Anna,Kompetensf\xc3\xb6rs\xc3\xb6rjning,2,Utv\xc3\xa4rdering;Analys,ja\n"
    b"Bj\xc3\xb6rn,Kompetensf\xc3\xb6rs\xc3\xb6rjning,1,Forskning,ja\n"
    b"Cecilia,Kompetensf\xc3\xb6rs\xc3\xb6rjning;Integration,1,,ja\n"
    b"Dag,Kompetensf\xc3\xb6rs\xc3\xb6rjning,3,Utv\xc3\xa4rdering,nej\n"
)


def survey_of(lines: list[str]) -> Survey:
    return read_survey((HEADER + "\n".join(lines) + "\n").encode(), round_label="2024")


def test_one_proposal_per_set_lists_every_shared_form_and_scores_by_the_rule() -> None:
    survey = survey_of(
        [
            "0781,annan,kompetensforsorjning,,,utvärdering;analys,ja,",
            "0780,annan,integration,kompetensforsorjning,,utvärdering;analys,ja,",
            "0760,annan,kompetensforsorjning,,,analys,ja,",
            "0761,annan,kompetensforsorjning,,,utvärdering,vet ej,",  # not willing
        ]
    )
    eligible = projects.eligibility(survey)
    assert eligible.cofinancing == {"0781": "ja", "0780": "ja", "0760": "ja"}
    found = projects.find_proposals(eligible, REGISTRY, NAMES)
    assert [(p.area_id, p.members, p.forms) for p in found] == [
        ("kompetensforsorjning", ("0760", "0781", "0780"), ("analys",)),
        ("kompetensforsorjning", ("0781", "0780"), ("utvardering", "analys")),
    ]
    first = found[0]
    # 3 × 3 taking part; priority 3 + 3 + 2; co-financing 2 × 3; Anna 2 + Cecilia 1 → 3
    assert first.score == projects.Score(9, 8, 6, 3)
    assert first.score.total == 26
    assert first.researchers == (projects.Researcher("Anna", 2), projects.Researcher("Cecilia", 1))
    assert first.reason == (
        "Uppvidinge, Ljungby och Växjö prioriterar Kompetensförsörjning (2 av 3 som prio 1), "
        "vill ha analys och kan medfinansiera (3 ja, 0 kanske); forskare med plats kvar: "
        "Anna (2) och Cecilia (1)."
    )
    second = found[1]
    assert second.subset_of == first.members
    assert second.adds == ("utvardering",)
    assert second.reason.endswith(
        "– ingår i förslaget med Uppvidinge, Ljungby och Växjö men delar dessutom utvärdering."
    )
    english = projects.find_proposals(eligible, REGISTRY, NAMES, lang="en")[0].reason
    assert english.startswith("Uppvidinge, Ljungby and Växjö prioritise Skills supply (2 of 3")
    maybe = projects.Eligible(
        eligible.challenges, eligible.forms, {**eligible.cofinancing, "0780": "kanske"}
    )
    assert projects.find_proposals(maybe, REGISTRY, NAMES)[0].score.cofinancing == 5


def test_commitments_take_capacity_and_a_full_researcher_no_longer_fits() -> None:
    eligible = projects.Eligible(
        {"0780": {"integration": 1}, "0781": {"integration": 2}},
        {"0780": {"workshop"}, "0781": {"workshop"}},
        {"0780": "ja", "0781": "ja"},
    )
    free = projects.find_proposals(eligible, REGISTRY, NAMES)[0]
    assert free.researchers == (projects.Researcher("Cecilia", 1),)
    assert free.score.researchers == 1
    busy = projects.find_proposals(eligible, REGISTRY, NAMES, commitments={"Cecilia": 1})[0]
    assert busy.researchers == ()
    assert busy.score.researchers == 0
    assert "ingen matchande forskare har plats kvar" in busy.reason


def test_a_subset_that_adds_no_form_to_a_stronger_proposal_is_dropped() -> None:
    big = projects.Proposal("integration", ("a", "b", "c"), ("kurs", "workshop"), (), _s(30))
    part = projects.Proposal("integration", ("a", "b"), ("workshop",), (), _s(20))
    adds = projects.Proposal("integration", ("b", "c"), ("kurs", "praktik"), (), _s(19))
    other_area = projects.Proposal("demokrati", ("a", "b"), ("kurs",), (), _s(18))
    kept = projects.drop_dominated([big, part, adds, other_area])
    assert [p.members for p in kept] == [("a", "b", "c"), ("b", "c"), ("a", "b")]
    assert kept[1].subset_of == ("a", "b", "c")
    assert kept[1].adds == ("praktik",)


def _s(total: int) -> projects.Score:
    return projects.Score(total, 0, 0, 0)


# --- against brute force -----------------------------------------------------------------


def brute_force(eligible: projects.Eligible, registry: pd.DataFrame, area_ids, form_ids):
    """Every (area, set) some form gives, by enumerating every subset, with its score."""
    codes = sorted(eligible.challenges)
    expected = {}
    for area in area_ids:
        for size in range(2, len(codes) + 1):
            for subset in itertools.combinations(codes, size):
                chosen = set(subset)
                if not any(
                    chosen
                    == {
                        c
                        for c in codes
                        if area in eligible.challenges[c] and f in eligible.forms.get(c, set())
                    }
                    for f in form_ids
                ):
                    continue
                shared = tuple(f for f in form_ids if all(f in eligible.forms[c] for c in subset))
                room = sum(
                    int(r.kapacitet)
                    for r in registry.itertuples()
                    if r.aktiv
                    and area in r.omraden
                    and (not r.samverkansformer or set(r.samverkansformer) & set(shared))
                )
                points = sum(
                    3
                    + (4 - eligible.challenges[c][area])
                    + (2 if eligible.cofinancing[c] == "ja" else 1)
                    for c in subset
                ) + min(size, room)
                expected[(area, frozenset(subset))] = (shared, points)
    return expected


def check_proposals(found: list[projects.Proposal], expected: dict) -> None:
    keys = [(p.area_id, frozenset(p.members)) for p in found]
    assert len(keys) == len(set(keys)), "a set appears twice"
    assert [p.score.total for p in found] == sorted((p.score.total for p in found), reverse=True)
    for p in found:
        assert (p.forms, p.score.total) == expected[(p.area_id, frozenset(p.members))]
    for i, p in enumerate(found):
        stronger = [
            q for q in found[:i] if q.area_id == p.area_id and set(p.members) < set(q.members)
        ]
        for q in stronger:
            assert not set(p.forms) <= set(q.forms), f"{p} is dominated by {q}"
        assert bool(p.subset_of) == bool(stronger)
        assert not stronger or p.adds
    dropped = set(expected) - set(keys)
    for area, members in dropped:  # only a dominated set may be missing
        shared = expected[(area, members)][0]
        assert any(
            a == area and members < m and set(shared) <= set(expected[(a, m)][0]) for a, m in keys
        )


@pytest.mark.parametrize("seed", range(25))
def test_the_proposals_agree_with_brute_force_on_small_instances(seed: int) -> None:
    rng = random.Random(seed)
    taxonomy = default_taxonomy()
    areas, form_ids = taxonomy.area_ids[:3], taxonomy.form_ids[:4]
    codes = [f"{i:04d}" for i in range(rng.randint(2, 7))]
    eligible = projects.Eligible(
        {c: {a: rng.randint(1, 3) for a in rng.sample(areas, rng.randint(1, 2))} for c in codes},
        {c: set(rng.sample(form_ids, rng.randint(0, 3))) for c in codes},
        {c: rng.choice(["ja", "kanske"]) for c in codes},
    )
    rows = "".join(
        f"R{i},{rng.choice(areas)},{rng.randint(1, 3)},"
        f"{';'.join(rng.sample(form_ids, rng.randint(0, 2)))}\n"
        for i in range(3)
    )
    registry = read_researchers(("forskare,omraden,kapacitet,samverkansformer\n" + rows).encode())
    found = projects.find_proposals(eligible, registry, {}, taxonomy)
    check_proposals(found, brute_force(eligible, registry, areas, form_ids))


def _names() -> dict[str, str]:
    return dict(national_municipalities()[["kommun_kod", "kommun"]].itertuples(index=False))


def _check_round(survey: Survey) -> list[projects.Proposal]:
    taxonomy = default_taxonomy()
    eligible = projects.eligibility(survey)
    registry = demo_researchers()
    found = projects.find_proposals(eligible, registry, _names(), taxonomy)
    # the brute force over every subset is too large here: enumerate per form instead,
    # then check every promise of the rule on the result
    expected = {}
    for area in taxonomy.area_ids:
        for form in taxonomy.form_ids:
            members = frozenset(
                c
                for c, areas in eligible.challenges.items()
                if area in areas and form in eligible.forms.get(c, set())
            )
            if len(members) >= 2:
                small = projects.Eligible(
                    {c: eligible.challenges[c] for c in members},
                    {c: eligible.forms[c] for c in members},
                    {c: eligible.cofinancing[c] for c in members},
                )
                shared = tuple(
                    f for f in taxonomy.form_ids if all(f in small.forms[c] for c in members)
                )
                people = projects.fitting_researchers(
                    projects.people_of(registry), area, shared, {}
                )
                points = projects.score(tuple(members), area, small, people).total
                expected[(area, members)] = (shared, points)
    check_proposals(found, expected)
    return found


def test_the_demo_round_has_ranked_proposals_without_duplicates_or_dominated_subsets() -> None:
    found = _check_round(load_demo()["2024"])
    assert len(found) > projects.TOP_N
    assert all(p.reason.endswith(".") and p.reason.count(".") == 1 for p in found)


def test_an_unseen_generated_round_keeps_every_promise() -> None:
    national = national_municipalities()
    region = national.loc[national["kommun_kod"].str.startswith(("12", "13"))].reset_index(
        drop=True
    )[["kommun_kod", "kommun"]]
    data = demo_files(region, seed=2027)["2024"]
    found = _check_round(read_survey(data, round_label="2024", allow_outside_region=True))
    assert found
    assert all(len(p.members) >= 2 for p in found)


def test_a_visitors_table_shows_only_what_each_researcher_made_public() -> None:
    registry = read_researchers(
        b"forskare,omraden,kapacitet,publikt\n"
        b"Anna,Integration,2,forskare;kapacitet\n"
        b"Bo,Integration,1,\n"  # default: the name, not the capacity
        b"Cia,Integration,1,omraden\n"  # not even the name
    )
    eligible = projects.Eligible(
        {"0780": {"integration": 1}, "0781": {"integration": 2}},
        {"0780": {"workshop"}, "0781": {"workshop"}},
        {"0780": "ja", "0781": "ja"},
    )
    found = projects.find_proposals(eligible, registry, NAMES)
    taxonomy = default_taxonomy()
    public = projects.proposals_table(found, NAMES, taxonomy, "sv", registry)
    assert public["forskare"].tolist() == ["Anna (2); Bo; (namnet är inte publikt)"]
    assert public["skal"].iloc[0] == (
        "Växjö och Ljungby prioriterar Integration (1 av 2 som prio 1), vill ha workshop och "
        "kan medfinansiera (2 ja, 0 kanske); forskare med plats kvar: Anna (2); Bo; (namnet "
        "är inte publikt)."
    )
    full = projects.proposals_table(found, NAMES, taxonomy, "sv")
    assert full["forskare"].tolist() == ["Anna (2); Bo (1); Cia (1)"]
