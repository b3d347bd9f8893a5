"""Solving a plan.

The plan is solved exactly with ``scipy.optimize.milp`` (HiGHS), as one integer program:

1. **Topics**: choose S seminar topics (an excluded topic never, a must-include topic and
   the topic of every locked placement always) maximising the number of interested
   municipalities with at least one of their top-three topics chosen (*coverage*). Topics
   are distinct while there are at least S topics to choose from; with more seminars than
   topics a topic may hold several parallel seminars.
2. **Groups**: place every interested municipality in exactly one chosen seminar,
   maximising the total preference score, with every seminar's size within
   ``[min_size, max_size]``, at most ``county_cap`` municipalities of one county per
   seminar (when set) and the locked placements kept.

The two goals are lexicographic: coverage first, and among the topic sets with the best
coverage the one whose groups have the highest total preference. A municipality none of
whose priorities got a seminar (it is *uncovered*) is still placed — everybody who wants to
take part gets a seat — in the seminar that suits it best by its ratings (score 0.5 where it
finds the topic pressing, else 0), and its reason says so, so the organisers can call it.
Ties between equally good plans are broken by the solver deterministically: the same
input always gives the same plan (inputs are put in a fixed order first).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from linnedata.errors import LinnedataError
from linnedata.seminars.plan import (
    Plan,
    PlanInfeasible,
    Settings,
    assemble,
)
from linnedata.seminars.preferences import (
    Preferences,
)
from linnedata.seminars.rows import Rows

# --- solving ----------------------------------------------------------------------------


def _check_settings(prefs: Preferences, settings: Settings, labels: dict[str, str]) -> None:
    """The checks that name a setting and a value before any solving, in the order a user
    would fix them: the numbers, the topics, the locks, the sizes, the county cap."""
    _check_numbers(prefs, settings)
    _check_topics(prefs, settings, labels)
    locked = _check_locks(prefs, settings, labels)
    available = [t for t in prefs.topics if t not in settings.exclude]
    if not available:
        raise PlanInfeasible("sem_alla_uteslutna")
    forced = [t for t in prefs.topics if t in settings.include or t in locked.values()]
    if len(forced) > settings.seminars:
        raise PlanInfeasible("sem_for_manga_maste", k=len(forced), s=settings.seminars)
    _check_sizes(prefs, settings)
    _check_locked_sizes(settings, labels, locked, len(available))
    _check_county_cap(prefs, settings)


def _check_numbers(prefs: Preferences, settings: Settings) -> None:
    low, high = settings.min_size, settings.max_size
    if settings.seminars < 1:
        raise PlanInfeasible("sem_fel_antal")
    if low < 1 or high < 1:
        raise PlanInfeasible("sem_fel_storlek")
    if low > high:
        raise PlanInfeasible("sem_min_over_max", min=low, max=high)
    if not prefs.codes:
        raise PlanInfeasible("sem_ingen_intresserad")


def _check_topics(prefs: Preferences, settings: Settings, labels: dict[str, str]) -> None:
    unknown = sorted(
        {*settings.include, *settings.exclude, *(t for _, t in settings.locks)} - set(prefs.topics)
    )
    if unknown:
        raise PlanInfeasible("sem_okant_amne", topics=", ".join(unknown))
    both = [t for t in prefs.topics if t in settings.include and t in settings.exclude]
    if both:
        raise PlanInfeasible("sem_med_och_utan", topic=labels[both[0]])


def _check_locks(prefs: Preferences, settings: Settings, labels: dict[str, str]) -> dict[str, str]:
    """The locked placements as ``{code: topic}``, after checking each."""
    names = dict(
        zip(prefs.municipalities["kommun_kod"], prefs.municipalities["kommun"], strict=True)
    )
    seen: dict[str, str] = {}
    for code, topic in settings.locks:
        if code not in names:
            raise PlanInfeasible("sem_last_ej_intresserad", code=code)
        if code in seen and seen[code] != topic:
            raise PlanInfeasible("sem_last_tva", name=names[code])
        seen[code] = topic
        if topic in settings.exclude:
            raise PlanInfeasible("sem_last_utesluten", name=names[code], topic=labels[topic])
    return seen


def _fits(n: int, seminars: int, smallest: int, largest: int) -> bool:
    return (
        seminars >= 1
        and 1 <= smallest <= largest
        and seminars * smallest <= n <= seminars * largest
    )


def _check_sizes(prefs: Preferences, settings: Settings) -> None:
    """S seminars of min..max municipalities must hold the n interested ones; if not, the
    message offers the changes that would work."""
    s, low, high = settings.seminars, settings.min_size, settings.max_size
    n = len(prefs.codes)
    if s * low <= n <= s * high:
        return
    if n < s * low:
        candidates = [
            ("sem_fix_min", n // s, (s, n // s, high)),
            ("sem_fix_farre", n // low, (n // low, low, high)),
        ]
    else:
        candidates = [
            ("sem_fix_max", math.ceil(n / s), (s, low, math.ceil(n / s))),
            ("sem_fix_fler", math.ceil(n / high), (math.ceil(n / high), low, high)),
        ]
    fitting = [(key, value, trial) for key, value, trial in candidates if _fits(n, *trial)]
    # Offer only a change that gives a plan once made: the other settings (a county
    # cap, must-include topics, locks) may still stand in the way of one that fits n.
    fixes = [(key, value) for key, value, trial in fitting if _works(prefs, settings, *trial)]
    both = ("sem_fix_bada", max(1, min(s, n)))
    if not fixes and _fits(n, both[1], 1, high) and _works(prefs, settings, both[1], 1, high):
        fixes = [both]
    fixes = fixes or [(key, value) for key, value, _trial in fitting] or [both]
    code = "sem_for_fa_kommuner" if n < s * low else "sem_for_manga_kommuner"
    raise PlanInfeasible(code, fixes, n=n, s=s, min=low, max=high)


def _check_locked_sizes(
    settings: Settings, labels: dict[str, str], locked: dict[str, str], available: int
) -> None:
    per_topic: dict[str, int] = {}
    for topic in locked.values():
        per_topic[topic] = per_topic.get(topic, 0) + 1
    high = settings.max_size
    for topic, count in per_topic.items():
        if count > high and settings.seminars <= available:
            raise PlanInfeasible("sem_for_manga_last", topic=labels[topic], k=count, max=high)


def _check_county_cap(prefs: Preferences, settings: Settings) -> None:
    if settings.county_cap is None:
        return
    if settings.county_cap < 1:
        raise PlanInfeasible("sem_fel_lan_grans")
    s, low, high, n = settings.seminars, settings.min_size, settings.max_size, len(prefs.codes)
    counts = prefs.municipalities["lan"].value_counts()
    largest = max(sorted(counts.index), key=lambda county: counts[county])
    count = int(counts[largest])
    if count > settings.county_cap * s:
        fixes = [("sem_fix_lan", math.ceil(count / s))]
        more = math.ceil(count / settings.county_cap)
        if more * low <= n <= more * high:
            fixes.append(("sem_fix_fler", more))
        raise PlanInfeasible(
            "sem_lan_grans", fixes, county=largest, n=count, s=s, k=settings.county_cap
        )


def _works(prefs: Preferences, settings: Settings, seminars: int, low: int, high: int) -> bool:
    """Whether the settings with S, min and max changed to these give a plan."""
    trial = Settings(
        **{**settings.__dict__, "seminars": seminars, "min_size": low, "max_size": high}
    )
    try:
        _check_settings(prefs, trial, {t: t for t in prefs.topics})
    except PlanInfeasible:
        return False
    if not trial.locks and trial.county_cap is None:
        # the checks passed: sizes fit and the must-include topics fit in S, and every
        # municipality may sit in any seminar, so a plan exists without solving
        return True
    # whether a plan exists at all: the same program without an objective (much faster)
    _objective, constraints, bounds, integrality, slices = _model(prefs, trial)
    integrality[slices["y"]] = 0  # whole-numbered at the vertices, see _solve
    result = milp(
        np.zeros_like(_objective), constraints=constraints, bounds=bounds, integrality=integrality
    )
    return result.status == 0


def _model(
    prefs: Preferences, settings: Settings
) -> tuple[np.ndarray, list[LinearConstraint], Bounds, np.ndarray, dict[str, slice]]:
    """The integer program of the module docstring (variables y, n, z, c)."""
    m_count, t_count = prefs.rank.shape
    s = settings.seminars
    available = [t not in settings.exclude for t in prefs.topics]
    distinct = s <= sum(available)
    ny = m_count * t_count
    slices = {
        "y": slice(0, ny),
        "n": slice(ny, ny + t_count),
        "z": slice(ny + t_count, ny + 2 * t_count),
        "c": slice(ny + 2 * t_count, ny + 2 * t_count + m_count),
    }
    total = ny + 2 * t_count + m_count
    # Objective: W × coverage + 2 × preference (integral), W larger than any preference.
    doubled = np.rint(prefs.scores() * 2).astype(float)
    weight = float(doubled.max(initial=0) * m_count + 1)
    objective = np.zeros(total)
    objective[slices["y"]] = -doubled.ravel()
    objective[slices["c"]] = -weight

    lower = np.zeros(total)
    upper = np.ones(total)
    n_upper = np.where(available, 1 if distinct else s, 0)
    upper[slices["n"]] = n_upper
    upper[slices["z"]] = np.where(available, 1, 0)
    forced = set(settings.include) | {t for _, t in settings.locks}
    for j, topic in enumerate(prefs.topics):
        if topic in forced:
            lower[slices["z"].start + j] = 1
    index = {code: i for i, code in enumerate(prefs.codes)}
    for code, topic in settings.locks:
        lower[index[code] * t_count + prefs.topics.index(topic)] = 1
    ids = {name: np.arange(part.start, part.stop) for name, part in slices.items()}
    ids["y"] = ids["y"].reshape(m_count, t_count)
    rows = Rows()
    _placement_rows(rows, prefs, settings, n_upper, ids)
    _linking_rows(rows, prefs, ids)
    constraints = [rows.constraint(total)]
    integrality = np.ones(total)
    return objective, constraints, Bounds(lower, upper), integrality, slices


def _placement_rows(
    rows: Rows,
    prefs: Preferences,
    settings: Settings,
    n_upper: np.ndarray,
    ids: dict[str, np.ndarray],
) -> None:
    """Every municipality placed once, S seminars, the sizes and the county cap."""
    m_count, t_count = prefs.rank.shape
    ny = m_count * t_count
    y_of, n_of, z_of = ids["y"], ids["n"], ids["z"]
    # every municipality in exactly one seminar topic
    rows.add(
        np.repeat(np.arange(m_count), t_count),
        y_of.ravel(),
        np.ones(ny),
        np.ones(m_count),
        np.ones(m_count),
    )
    # S seminars
    s = settings.seminars
    rows.add(np.zeros(t_count, int), n_of, np.ones(t_count), [s], [s])
    # z ≤ n ≤ upper · z
    j = np.arange(t_count)
    rows.add(
        np.concatenate([j, j]),
        np.concatenate([n_of, z_of]),
        np.concatenate([np.ones(t_count), -np.ones(t_count)]),
        np.zeros(t_count),
        np.full(t_count, np.inf),
    )
    rows.add(
        np.concatenate([j, j]),
        np.concatenate([n_of, z_of]),
        np.concatenate([np.ones(t_count), -np.maximum(n_upper, 1).astype(float)]),
        np.full(t_count, -np.inf),
        np.zeros(t_count),
    )
    # group sizes: min·n ≤ Σ_m y ≤ max·n
    for bound, sign in ((settings.min_size, 1.0), (settings.max_size, -1.0)):
        rows.add(
            np.concatenate([np.repeat(j, m_count), j]),
            np.concatenate([y_of.T.ravel(), n_of]),
            np.concatenate([np.full(ny, sign), np.full(t_count, -sign * bound)]),
            np.zeros(t_count),
            np.full(t_count, np.inf),
        )
    if settings.county_cap is not None:
        _county_rows(rows, prefs, settings.county_cap, ids)


def _county_rows(rows: Rows, prefs: Preferences, cap: int, ids: dict[str, np.ndarray]) -> None:
    """The county cap: Σ_{m in county} y ≤ k·n for every county and topic."""
    t_count = prefs.rank.shape[1]
    y_of, n_of = ids["y"], ids["n"]
    j = np.arange(t_count)
    counties = prefs.municipalities["lan_kod"].to_numpy()
    for county in sorted(set(counties)):
        members = np.flatnonzero(counties == county)
        rows.add(
            np.concatenate([np.repeat(j, len(members)), j]),
            np.concatenate([y_of[members].T.ravel(), n_of]),
            np.concatenate([np.ones(len(members) * t_count), np.full(t_count, -cap)]),
            np.full(t_count, -np.inf),
            np.zeros(t_count),
        )


def _linking_rows(rows: Rows, prefs: Preferences, ids: dict[str, np.ndarray]) -> None:
    """A municipality sits only in a chosen topic, and is covered by a chosen ranked topic."""
    m_count, t_count = prefs.rank.shape
    ny = m_count * t_count
    y_of, z_of, c_of = ids["y"], ids["z"], ids["c"]
    # y_mt ≤ z_t (implied by the sizes for whole numbers, but it tightens the relaxation,
    # so the LP of _solve is often already a plan)
    rows.add(
        np.concatenate([np.arange(ny), np.arange(ny)]),
        np.concatenate([y_of.ravel(), np.tile(z_of, m_count)]),
        np.concatenate([np.ones(ny), -np.ones(ny)]),
        np.full(ny, -np.inf),
        np.zeros(ny),
    )
    # coverage: c_m ≤ Σ_{t ranked by m} z_t
    ranked_m, ranked_t = np.nonzero(prefs.rank > 0)
    rows.add(
        np.concatenate([np.arange(m_count), ranked_m]),
        np.concatenate([c_of, z_of[ranked_t]]),
        np.concatenate([np.ones(m_count), -np.ones(len(ranked_m))]),
        np.full(m_count, -np.inf),
        np.zeros(m_count),
    )


def _solve(prefs: Preferences, settings: Settings) -> np.ndarray | None:
    """Solve the program exactly; the solution vector rounded to integers, or None.

    First the linear relaxation (every variable continuous, a tenth of a second for all of
    Sweden): it bounds the best plan, and the number of seminars per topic does not enter
    the objective, so when its placements, topics and coverage are whole numbers and whole
    seminar counts fit them (:func:`_whole_counts`), that is an optimal plan, proven so.

    Otherwise, once the numbers of seminars per topic are fixed, the placements form a
    transportation problem (the per-municipality rows and the nested per-topic and
    per-county-and-topic rows are two laminar families, so the matrix is totally
    unimodular): its vertices are whole numbers. So the placements are first left
    continuous, which halves the time on a country-sized instance; should the solver still
    return a fractional placement, the program is solved again with every variable whole.
    """
    objective, constraints, bounds, integrality, slices = _model(prefs, settings)
    relaxation = milp(objective, constraints=constraints, bounds=bounds)
    if relaxation.status == 2:  # no fractional plan, so no plan at all
        return None
    if relaxation.x is not None:
        whole = _whole_counts(prefs, settings, relaxation.x, slices, constraints[0], bounds)
        if whole is not None:
            return whole
    relaxed = integrality.copy()
    relaxed[slices["y"]] = 0
    for attempt in (relaxed, integrality):
        result = milp(
            objective,
            constraints=constraints,
            bounds=bounds,
            integrality=attempt,
            options={"mip_rel_gap": 0.0, "presolve": True},
        )
        if result.status == 2:  # infeasible
            return None
        if result.x is None:
            raise LinnedataError(f"the solver stopped without a plan: {result.message}")
        if np.abs(result.x - np.rint(result.x)).max(initial=0.0) < 1e-6:
            return np.rint(result.x).astype(int)
    raise LinnedataError("the solver returned a fractional plan")  # pragma: no cover


def _whole_counts(
    prefs: Preferences,
    settings: Settings,
    x: np.ndarray,
    slices: dict[str, slice],
    constraint: LinearConstraint,
    bounds: Bounds,
) -> np.ndarray | None:
    """The relaxation's solution ``x`` with whole seminar counts per topic, or None.

    Only when its placements, topics and coverage are already whole: then each chosen
    topic's count may be anything from what its group needs (the group within the sizes,
    each county within the cap, at least one seminar) to what the group allows, and the
    counts are filled up to S in topic order. The result is checked against every row of
    the program, so a None only means "solve the integer program".
    """
    fixed = np.r_[x[slices["y"]], x[slices["z"]], x[slices["c"]]]
    if np.abs(fixed - np.rint(fixed)).max(initial=0.0) > 1e-6:
        return None
    whole = np.rint(x)
    m_count, t_count = prefs.rank.shape
    y = whole[slices["y"]].reshape(m_count, t_count)
    z = whole[slices["z"]]
    sizes = y.sum(axis=0)
    low = np.maximum(z, np.ceil(sizes / settings.max_size))
    if settings.county_cap is not None:
        counties = prefs.municipalities["lan_kod"].to_numpy()
        for county in set(counties):
            in_county = y[counties == county].sum(axis=0)
            low = np.maximum(low, np.ceil(in_county / settings.county_cap))
    high = np.minimum(np.floor(sizes / settings.min_size), np.where(z > 0, settings.seminars, 0))
    spare = settings.seminars - low.sum()
    if (low > high).any() or spare < 0 or high.sum() < settings.seminars:
        return None
    counts = low.copy()
    for j in range(t_count):
        more = min(spare, high[j] - counts[j])
        counts[j] += more
        spare -= more
    whole[slices["n"]] = counts
    rows = constraint.A @ whole
    tolerance = 1e-6
    if (rows < constraint.lb - tolerance).any() or (rows > constraint.ub + tolerance).any():
        return None
    if (whole < bounds.lb - tolerance).any() or (whole > bounds.ub + tolerance).any():
        return None
    return whole.astype(int)


def _diagnose(prefs: Preferences, settings: Settings, labels: dict[str, str]) -> PlanInfeasible:
    """Which setting to change, and to what, when the checks passed but no plan exists."""
    if settings.county_cap is not None:

        def works(cap: int) -> bool:
            return _solve(prefs, Settings(**{**settings.__dict__, "county_cap": cap})) is not None

        # a higher cap never hurts: find the smallest that works by bisection
        low, high = settings.county_cap + 1, settings.max_size
        if low <= high and works(high):
            while low < high:
                middle = (low + high) // 2
                low, high = (low, middle) if works(middle) else (middle + 1, high)
            return PlanInfeasible("sem_lan_grans_hoj", k=settings.county_cap, new_k=low)
        if _solve(prefs, Settings(**{**settings.__dict__, "county_cap": None})) is not None:
            return PlanInfeasible("sem_lan_grans_ta_bort", k=settings.county_cap)
    if settings.locks:
        return PlanInfeasible("sem_lasningar_krockar", k=len(settings.locks))
    return PlanInfeasible("sem_omojlig")


def plan_seminars(
    prefs: Preferences, settings: Settings, labels: dict[str, str] | None = None
) -> Plan:
    """Choose the topics and form the groups (exactly; see the module docstring).

    Args:
        prefs: from :func:`preferences`.
        settings: the organisers' choices.
        labels: topic id → name, used in messages (default: the ids).

    Returns:
        The plan.

    Raises:
        PlanInfeasible: the settings cannot all be met; its message names the setting to
            change and the value that would work.
    """
    labels = labels or {t: t for t in prefs.topics}
    # A canonical order of the input, so that the same question gets the same answer.
    settings = Settings(
        seminars=int(settings.seminars),
        min_size=int(settings.min_size),
        max_size=int(settings.max_size),
        include=tuple(t for t in prefs.topics if t in set(settings.include)),
        exclude=tuple(t for t in prefs.topics if t in set(settings.exclude)),
        county_cap=settings.county_cap,
        locks=tuple(sorted(set(settings.locks))),
    )
    _check_settings(prefs, settings, labels)
    x = _solve(prefs, settings)
    if x is None:
        raise _diagnose(prefs, settings, labels)
    m_count, t_count = prefs.rank.shape
    y = x[: m_count * t_count].reshape(m_count, t_count)
    n = x[m_count * t_count : m_count * t_count + t_count]
    chosen = n > 0
    covered_rows = ((prefs.rank > 0) & chosen[None, :]).any(axis=1)
    topic_of = y.argmax(axis=1)
    return assemble(prefs, settings, topic_of, n, covered_rows)
