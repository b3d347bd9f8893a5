"""The working seminars: demand per topic, the choice of topics, and the groups.

Definitions (the page, the command line and the tests use these):

- A **topic** is a challenge area (``level="area"``) or a conference theme (``"theme"``).
- An **interested municipality** is a municipality of the region where at least one
  respondent answered ``ja`` or ``kanske`` to ``seminarieintresse``. One willing respondent
  is enough: taking part is decided per municipality, not per person.
- A municipality's **rank** of a topic is the best rank any of its respondents gave it
  (``prio_1`` → 1, ``prio_2`` → 2, ``prio_3`` → 3; for a theme: the best rank of any of its
  areas). So a municipality has a topic "in anyone's top three" exactly when its rank is
  1–3; with several respondents it can have more than three such topics. Every respondent
  of the municipality counts here, also one who answered ``nej``: the priorities are the
  municipality's, the wish to take part is separate.
- A topic is **pressing** for a municipality when its mean rating (the survey contract's
  ``medelbetyg``) is 4 or more.
- The **preference score** of placing a municipality in a seminar on a topic is 3, 2 or 1
  for rank 1, 2 or 3; :data:`PRESSING_SCORE` (0.5) for a topic it did not rank but finds
  pressing; 0 otherwise.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from linnedata import i18n, measures
from linnedata.errors import LinnedataError
from linnedata.taxonomy import Taxonomy, default_taxonomy

if TYPE_CHECKING:
    from linnedata.survey import Survey

LEVELS = ("area", "theme")
INTERESTED_ANSWERS = ("ja", "kanske")
RANK_SCORES: dict[int, float] = {rank: float(p) for rank, p in measures.RANK_POINTS.items()}
"""Preference score of a topic the municipality ranked 1, 2 or 3."""
PRESSING_SCORE = 0.5
"""Preference score of a topic the municipality did not rank but rated 4–5 on average."""
PRESSING_FROM = float(measures.PRESSING_FROM)
DEFAULT_MIN = 3
DEFAULT_MAX = 8
_PRIO_COLUMNS = tuple(measures.PRIORITY_POINTS)


# --- preferences -------------------------------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    """What the plan needs to know about the interested municipalities, in a fixed order.

    Attributes:
        level: ``"area"`` or ``"theme"``.
        topics: topic ids in the taxonomy's order.
        municipalities: ``kommun_kod, kommun, lan_kod, lan`` of the interested
            municipalities, sorted by code (row ``i`` is row ``i`` of the arrays).
        rank: int array (municipalities × topics): 1–3 = best rank, 0 = not in anyone's
            top three.
        rating: float array (municipalities × topics): mean rating, NaN when nobody rated.
    """

    level: str
    topics: tuple[str, ...]
    municipalities: pd.DataFrame
    rank: np.ndarray
    rating: np.ndarray

    @property
    def codes(self) -> list[str]:
        """Municipality codes in row order."""
        return self.municipalities["kommun_kod"].tolist()

    def scores(self) -> np.ndarray:
        """The preference score of every (municipality, topic), see the module docstring."""
        score = np.zeros(self.rank.shape, dtype=float)
        pressing = np.nan_to_num(self.rating, nan=0.0) >= PRESSING_FROM
        score[pressing] = PRESSING_SCORE
        for rank, points in RANK_SCORES.items():
            score[self.rank == rank] = points
        return score


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


def topic_ids(level: str, taxonomy: Taxonomy | None = None) -> list[str]:
    """Area or theme ids in the taxonomy's order."""
    _check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    return taxonomy.area_ids if level == "area" else taxonomy.theme_ids


def municipality_ranks(
    survey: Survey, level: str, taxonomy: Taxonomy | None = None
) -> pd.DataFrame:
    """Each responding municipality's best rank of each topic it has in anyone's top three.

    Args:
        survey: one round.
        level: ``"area"`` or ``"theme"``.
        taxonomy: the taxonomy (default: the shipped one).

    Returns:
        ``kommun_kod, topic, rang`` (int 1–3), one row per municipality and topic that
        some respondent of it ranked, sorted by code and rank.
    """
    _check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    responses = survey.responses.dropna(subset=["kommun_kod"])
    long = responses[["kommun_kod", *_PRIO_COLUMNS]].melt(
        id_vars="kommun_kod", var_name="kolumn", value_name="area_id"
    )
    long = long.loc[long["area_id"].notna() & long["area_id"].isin(taxonomy.area_ids)]
    long = long.assign(
        kommun_kod=long["kommun_kod"].astype(str),
        rang=long["kolumn"].str[-1].astype(int),
        area_id=long["area_id"].astype(str),
    )
    if level == "theme":
        to_theme = dict(zip(taxonomy.areas["area_id"], taxonomy.areas["theme_id"], strict=True))
        long["topic"] = long["area_id"].map(to_theme)
    else:
        long["topic"] = long["area_id"]
    best = long.groupby(["kommun_kod", "topic"], as_index=False)["rang"].min()
    return best.sort_values(["kommun_kod", "rang", "topic"], ignore_index=True)


def interested_municipalities(survey: Survey) -> list[str]:
    """Codes of the municipalities where someone answered ``ja`` or ``kanske``, sorted."""
    responses = survey.responses.dropna(subset=["kommun_kod"])
    wants = responses["seminarieintresse"].isin(INTERESTED_ANSWERS).fillna(False)
    return sorted(responses.loc[wants.astype(bool), "kommun_kod"].astype(str).unique())


def _mean_ratings(survey: Survey, level: str, taxonomy: Taxonomy) -> pd.DataFrame:
    table = (
        measures.area_measures(survey, taxonomy)
        if level == "area"
        else measures.theme_measures(survey, taxonomy)
    )
    key = "area_id" if level == "area" else "theme_id"
    return table.rename(columns={key: "topic"})


def preferences(
    survey: Survey,
    level: str,
    region: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
) -> Preferences:
    """The interested municipalities of the region and how they rank and rate each topic.

    Args:
        survey: one round.
        level: ``"area"`` or ``"theme"``.
        region: ``kommun_kod, kommun, lan_kod, lan`` (``linnedata.region.default_region``);
            municipalities outside it are left out.
        taxonomy: the taxonomy (default: the shipped one).

    Returns:
        The :class:`Preferences`.
    """
    _check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    topics = topic_ids(level, taxonomy)
    wanted = set(interested_municipalities(survey))
    municipalities = (
        region.loc[region["kommun_kod"].isin(wanted), ["kommun_kod", "kommun", "lan_kod", "lan"]]
        .sort_values("kommun_kod")
        .reset_index(drop=True)
    )
    codes = municipalities["kommun_kod"].tolist()
    ranks = municipality_ranks(survey, level, taxonomy)
    rank = (
        ranks.pivot(index="kommun_kod", columns="topic", values="rang")
        .reindex(index=codes, columns=topics)
        .fillna(0)
        .to_numpy(dtype=int)
        if codes
        else np.zeros((0, len(topics)), dtype=int)
    )
    ratings = _mean_ratings(survey, level, taxonomy)
    rating = (
        ratings.pivot(index="kommun_kod", columns="topic", values="medelbetyg")
        .reindex(index=codes, columns=topics)
        .to_numpy(dtype=float)
        if codes
        else np.zeros((0, len(topics)), dtype=float)
    )
    return Preferences(level, tuple(topics), municipalities, rank, rating)


def demand(
    survey: Survey,
    level: str,
    region: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """How much each topic is wanted in the region.

    Args:
        survey: one round.
        level: ``"area"`` or ``"theme"``.
        region: the region (municipalities outside it are left out).
        taxonomy: the taxonomy (default: the shipped one).

    Returns:
        ``topic, antal_kommuner_topp3, antal_vill_seminarium, prioriteringspoang,
        medelbetyg, andel_angelaget, antal_kommuner``, one row per topic, the most wanted
        first (by municipalities with it in anyone's top three, then priority points, then
        the taxonomy's order), where ``antal_kommuner_topp3`` counts the municipalities
        that have the topic in some respondent's top three, ``antal_vill_seminarium`` those
        of them that are interested in a seminar, and the three measures are the region's
        means over municipalities (``measures.group_measures``) resting on
        ``antal_kommuner`` responding municipalities.
    """
    _check_level(level)
    taxonomy = taxonomy or default_taxonomy()
    topics = topic_ids(level, taxonomy)
    codes = set(region["kommun_kod"])
    per_municipality = _mean_ratings(survey, level, taxonomy)
    per_municipality = per_municipality.loc[per_municipality["kommun_kod"].isin(codes)]
    key = "area_id" if level == "area" else "theme_id"
    region_figures = measures.group_measures(
        per_municipality.rename(columns={"topic": key}), key
    ).set_index(key)
    ranks = municipality_ranks(survey, level, taxonomy)
    ranks = ranks.loc[ranks["kommun_kod"].isin(codes)]
    interested = set(interested_municipalities(survey))
    top3 = ranks.groupby("topic")["kommun_kod"].nunique()
    wants = ranks.loc[ranks["kommun_kod"].isin(interested)].groupby("topic")["kommun_kod"].nunique()
    out = pd.DataFrame({"topic": topics})
    out["antal_kommuner_topp3"] = out["topic"].map(top3).fillna(0).astype("int64")
    out["antal_vill_seminarium"] = out["topic"].map(wants).fillna(0).astype("int64")
    for column in ("prioriteringspoang", "medelbetyg", "andel_angelaget"):
        out[column] = out["topic"].map(region_figures[column]).astype("float64")
    out["antal_kommuner"] = (
        out["topic"].map(region_figures["antal_kommuner"]).fillna(0).astype("int64")
    )
    out["_order"] = range(len(out))
    out = out.sort_values(
        ["antal_kommuner_topp3", "prioriteringspoang", "_order"],
        ascending=[False, False, True],
        kind="stable",
    )
    return out.drop(columns="_order").reset_index(drop=True)


def topic_wanters(prefs: Preferences, topic: str) -> pd.DataFrame:
    """The interested municipalities with ``topic`` in anyone's top three, best rank first.

    Returns:
        ``kommun_kod, kommun, rang``.
    """
    column = prefs.topics.index(topic)
    ranks = prefs.rank[:, column]
    out = prefs.municipalities[["kommun_kod", "kommun"]].assign(rang=ranks)
    out = out.loc[out["rang"] > 0]
    return out.sort_values(["rang", "kommun_kod"], ignore_index=True)


# --- settings, plan and errors -----------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the organisers choose.

    Attributes:
        seminars: how many parallel seminars (S).
        min_size: the fewest municipalities in a seminar.
        max_size: the most municipalities in a seminar.
        include: topics that must get a seminar.
        exclude: topics that must not.
        county_cap: at most this many municipalities of one county per seminar; None for
            no limit.
        locks: ``(kommun_kod, topic)`` placements that must be kept.
    """

    seminars: int
    min_size: int = DEFAULT_MIN
    max_size: int = DEFAULT_MAX
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    county_cap: int | None = None
    locks: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain values (for JSON)."""
        return {
            "seminars": self.seminars,
            "min_size": self.min_size,
            "max_size": self.max_size,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "county_cap": self.county_cap,
            "locks": [list(lock) for lock in self.locks],
        }


class PlanInfeasible(LinnedataError):
    """The settings cannot all be met; the message says which setting to change, to what.

    Attributes:
        code: the message's key in the translation table.
        fixes: ``(key, value)`` of each change that would work ("sänk min till 2"),
            filled into the message's ``{fix}``.
        params: values filled into it (topic and municipality names already as text).
    """

    def __init__(self, code: str, fixes: Sequence[tuple[str, int]] = (), /, **params: Any) -> None:
        self.code = code
        self.fixes = tuple(fixes)
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang``; ``fixes`` (fragment key, value) are joined by "or"."""
        params = dict(self.params)
        if self.fixes:
            params["fix"] = f" {i18n.t('eller', lang)} ".join(
                i18n.t(key, lang, value=value) for key, value in self.fixes
            )
        return i18n.t(self.code, lang, **params)


@dataclass(frozen=True)
class Seminar:
    """One seminar of a plan.

    Attributes:
        number: 1..S in the plan's order (largest first, then the taxonomy's order).
        topic: its topic id.
        members: the municipality codes placed in it, sorted by code.
    """

    number: int
    topic: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A solved plan.

    Attributes:
        level: ``"area"`` or ``"theme"``.
        settings: the settings it was solved for.
        seminars: the seminars, numbered 1..S.
        placements: ``seminarium, topic, kommun_kod, kommun, lan, rang, medelbetyg,
            poang, last, tackt`` (one row per interested municipality, by seminar then
            code): ``rang`` 0 when the topic is not in its top three, ``poang`` the
            preference score, ``last`` True for a locked placement, ``tackt`` True when one
            of its top-three topics got a seminar (it may still sit elsewhere when those
            seminars are full, or to keep the size and county limits), ``fullt`` True when
            every seminar on its top-three topics is at the maximum size.
        covered: how many interested municipalities have a top-three topic chosen.
        interested: how many interested municipalities there are (N).
        uncovered: codes of those without any top-three topic chosen.
        total_preference: the sum of ``poang``.
    """

    level: str
    settings: Settings
    seminars: tuple[Seminar, ...]
    placements: pd.DataFrame
    covered: int
    interested: int
    uncovered: tuple[str, ...]
    total_preference: float = field(default=0.0)

    @property
    def topics(self) -> list[str]:
        """The seminars' topics in seminar order (a topic repeats for parallel seminars)."""
        return [s.topic for s in self.seminars]


# --- solving ----------------------------------------------------------------------------


def _check_settings(prefs: Preferences, settings: Settings, labels: dict[str, str]) -> None:
    """The checks that name a setting and a value before any solving."""
    s, low, high = settings.seminars, settings.min_size, settings.max_size
    n = len(prefs.codes)
    if s < 1:
        raise PlanInfeasible("sem_fel_antal")
    if low < 1 or high < 1:
        raise PlanInfeasible("sem_fel_storlek")
    if low > high:
        raise PlanInfeasible("sem_min_over_max", min=low, max=high)
    if n == 0:
        raise PlanInfeasible("sem_ingen_intresserad")
    unknown = sorted(
        {*settings.include, *settings.exclude, *(t for _, t in settings.locks)} - set(prefs.topics)
    )
    if unknown:
        raise PlanInfeasible("sem_okant_amne", topics=", ".join(unknown))
    both = [t for t in prefs.topics if t in settings.include and t in settings.exclude]
    if both:
        raise PlanInfeasible("sem_med_och_utan", topic=labels[both[0]])
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
    available = [t for t in prefs.topics if t not in settings.exclude]
    if not available:
        raise PlanInfeasible("sem_alla_uteslutna")
    forced = [t for t in prefs.topics if t in settings.include or t in seen.values()]
    if len(forced) > s:
        raise PlanInfeasible("sem_for_manga_maste", k=len(forced), s=s)
    if not s * low <= n <= s * high:

        def fits(seminars: int, smallest: int, largest: int) -> bool:
            return (
                seminars >= 1
                and 1 <= smallest <= largest
                and seminars * smallest <= n <= seminars * largest
            )

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
        fitting = [(key, value, trial) for key, value, trial in candidates if fits(*trial)]
        # Offer only a change that gives a plan once made: the other settings (a county
        # cap, must-include topics, locks) may still stand in the way of one that fits n.
        fixes = [(key, value) for key, value, trial in fitting if _works(prefs, settings, *trial)]
        both = ("sem_fix_bada", max(1, min(s, n)))
        if not fixes and fits(both[1], 1, high) and _works(prefs, settings, both[1], 1, high):
            fixes = [both]
        if not fixes:
            fixes = [(key, value) for key, value, _trial in fitting]
        if not fixes:
            fixes = [both]
        code = "sem_for_fa_kommuner" if n < s * low else "sem_for_manga_kommuner"
        raise PlanInfeasible(code, fixes, n=n, s=s, min=low, max=high)
    per_topic: dict[str, int] = {}
    for _code, topic in seen.items():
        per_topic[topic] = per_topic.get(topic, 0) + 1
    for topic, count in per_topic.items():
        if count > high and s <= len(available):
            raise PlanInfeasible("sem_for_manga_last", topic=labels[topic], k=count, max=high)
    if settings.county_cap is not None:
        if settings.county_cap < 1:
            raise PlanInfeasible("sem_fel_lan_grans")
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
    y_of = np.arange(ny).reshape(m_count, t_count)
    n_of = np.arange(slices["n"].start, slices["n"].stop)
    z_of = np.arange(slices["z"].start, slices["z"].stop)
    c_of = np.arange(slices["c"].start, slices["c"].stop)

    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lo: list[float] = []
    hi: list[float] = []
    row = 0

    def add(r: np.ndarray, c: np.ndarray, v: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> None:
        nonlocal row
        rows.append(r + row)
        cols.append(c)
        vals.append(v)
        lo.extend(lb)
        hi.extend(ub)
        row += len(lb)

    # every municipality in exactly one seminar topic
    add(
        np.repeat(np.arange(m_count), t_count),
        y_of.ravel(),
        np.ones(ny),
        np.ones(m_count),
        np.ones(m_count),
    )
    # S seminars
    add(np.zeros(t_count, int), n_of, np.ones(t_count), [s], [s])
    # z ≤ n ≤ upper · z
    j = np.arange(t_count)
    add(
        np.concatenate([j, j]),
        np.concatenate([n_of, z_of]),
        np.concatenate([np.ones(t_count), -np.ones(t_count)]),
        np.zeros(t_count),
        np.full(t_count, np.inf),
    )
    add(
        np.concatenate([j, j]),
        np.concatenate([n_of, z_of]),
        np.concatenate([np.ones(t_count), -np.maximum(n_upper, 1).astype(float)]),
        np.full(t_count, -np.inf),
        np.zeros(t_count),
    )
    # group sizes: min·n ≤ Σ_m y ≤ max·n
    for bound, sign in ((settings.min_size, 1.0), (settings.max_size, -1.0)):
        add(
            np.concatenate([np.repeat(j, m_count), j]),
            np.concatenate([y_of.T.ravel(), n_of]),
            np.concatenate([np.full(ny, sign), np.full(t_count, -sign * bound)]),
            np.zeros(t_count),
            np.full(t_count, np.inf),
        )
    # county cap: Σ_{m in county} y ≤ k·n
    if settings.county_cap is not None:
        counties = prefs.municipalities["lan_kod"].to_numpy()
        for county in sorted(set(counties)):
            members = np.flatnonzero(counties == county)
            add(
                np.concatenate([np.repeat(j, len(members)), j]),
                np.concatenate([y_of[members].T.ravel(), n_of]),
                np.concatenate(
                    [np.ones(len(members) * t_count), np.full(t_count, -settings.county_cap)]
                ),
                np.full(t_count, -np.inf),
                np.zeros(t_count),
            )
    # a municipality sits only in a chosen topic: y_mt ≤ z_t (implied by the sizes for whole
    # numbers, but it tightens the relaxation, so the LP of _solve is often already a plan)
    add(
        np.concatenate([np.arange(ny), np.arange(ny)]),
        np.concatenate([y_of.ravel(), np.tile(z_of, m_count)]),
        np.concatenate([np.ones(ny), -np.ones(ny)]),
        np.full(ny, -np.inf),
        np.zeros(ny),
    )
    # coverage: c_m ≤ Σ_{t ranked by m} z_t
    ranked_m, ranked_t = np.nonzero(prefs.rank > 0)
    add(
        np.concatenate([np.arange(m_count), ranked_m]),
        np.concatenate([c_of, z_of[ranked_t]]),
        np.concatenate([np.ones(m_count), -np.ones(len(ranked_m))]),
        np.full(m_count, -np.inf),
        np.zeros(m_count),
    )
    matrix = coo_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(row, total)
    ).tocsr()
    constraints = [LinearConstraint(matrix, np.array(lo, float), np.array(hi, float))]
    integrality = np.ones(total)
    return objective, constraints, Bounds(lower, upper), integrality, slices


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
    return _assemble(prefs, settings, topic_of, n, covered_rows)


def _assemble(
    prefs: Preferences,
    settings: Settings,
    topic_of: np.ndarray,
    copies: np.ndarray,
    covered_rows: np.ndarray,
) -> Plan:
    """Split each topic's municipalities over its seminars and build the tables."""
    municipalities = prefs.municipalities
    scores = prefs.scores()
    groups: list[tuple[str, list[int]]] = []
    for j, topic in enumerate(prefs.topics):
        if copies[j] == 0:
            continue
        members = [i for i in range(len(topic_of)) if topic_of[i] == j]
        # Parallel seminars on one topic: deal the members out in turn, sorted by county,
        # so sizes and every county's count differ by at most one between them.
        members.sort(
            key=lambda i: (municipalities.at[i, "lan_kod"], municipalities.at[i, "kommun_kod"])
        )
        for copy in range(int(copies[j])):
            groups.append((topic, sorted(members[copy :: int(copies[j])])))
    order = {t: k for k, t in enumerate(prefs.topics)}
    groups.sort(key=lambda g: (-len(g[1]), order[g[0]], g[1]))
    locked = set(settings.locks)
    full_topics = {
        topic
        for topic in {g[0] for g in groups}
        if all(len(m) >= settings.max_size for t, m in groups if t == topic)
    }
    seminars = []
    rows = []
    for number, (topic, members) in enumerate(groups, start=1):
        codes = tuple(municipalities.at[i, "kommun_kod"] for i in members)
        seminars.append(Seminar(number, topic, codes))
        j = order[topic]
        for i in members:
            code = municipalities.at[i, "kommun_kod"]
            rating = prefs.rating[i, j]
            rows.append(
                {
                    "seminarium": number,
                    "topic": topic,
                    "kommun_kod": code,
                    "kommun": municipalities.at[i, "kommun"],
                    "lan": municipalities.at[i, "lan"],
                    "rang": int(prefs.rank[i, j]),
                    "medelbetyg": float(rating),
                    "poang": float(scores[i, j]),
                    "last": (code, topic) in locked,
                    "tackt": bool(covered_rows[i]),
                    "fullt": all(
                        prefs.topics[k] in full_topics or copies[k] == 0
                        for k in np.flatnonzero(prefs.rank[i] > 0)
                    ),
                }
            )
    placements = pd.DataFrame(
        rows,
        columns=[
            "seminarium", "topic", "kommun_kod", "kommun", "lan", "rang", "medelbetyg",
            "poang", "last", "tackt", "fullt",
        ],
    )  # fmt: skip
    uncovered = tuple(code for code, ok in zip(prefs.codes, covered_rows, strict=True) if not ok)
    return Plan(
        level=prefs.level,
        settings=settings,
        seminars=tuple(seminars),
        placements=placements,
        covered=int(covered_rows.sum()),
        interested=len(prefs.codes),
        uncovered=uncovered,
        total_preference=float(placements["poang"].sum()),
    )


# --- explanations ------------------------------------------------------------------------


def reason(row: Any, lang: str = "sv") -> str:
    """Why a municipality sits in its seminar, e.g. "prio 1" or "låst av arrangören, prio 2".

    Args:
        row: a row of ``Plan.placements`` (``rang``, ``medelbetyg``, ``last``, ``tackt``,
            ``fullt``).
        lang: ``"sv"`` or ``"en"``.
    """
    covered = bool(getattr(row, "tackt", False))
    if row.rang > 0:
        text = i18n.t("sem_skal_prio", lang, rank=int(row.rang))
    elif not pd.isna(row.medelbetyg) and row.medelbetyg >= PRESSING_FROM:
        text = i18n.t("sem_skal_angelaget", lang, rating=i18n.fmt_number(row.medelbetyg, 1, lang))
    elif covered and row.last:
        text = i18n.t("sem_skal_ej_bland", lang)
    elif covered:
        # "full" only when every seminar on its priorities is at the maximum size; else
        # the minimum size here or a county limit there kept it out
        full = bool(getattr(row, "fullt", True))
        text = i18n.t("sem_skal_fullt" if full else "sem_skal_granser", lang)
    else:
        text = i18n.t("sem_skal_ingen", lang)
    if row.last:
        text = i18n.t("sem_skal_last", lang, reason=text)
    return text


def gap_text(cause: str, topic_label: str, lang: str = "sv") -> str:
    """Why a seminar has no researcher: ``"ingen"`` fits it, or those who fit are ``"upptagna"``."""
    if cause == "ingen":
        return i18n.t("sem_lucka_ingen", lang, topic=topic_label)
    return i18n.t("sem_lucka_upptagna", lang, topic=topic_label)


def explain(plan: Plan, labels: dict[str, str], lang: str = "sv") -> list[str]:
    """One line per placement: "Växjö → Bostadsplanering: prio 1"."""
    return [
        f"{row.kommun} → {labels[row.topic]}: {reason(row, lang)}"
        for row in plan.placements.itertuples(index=False)
    ]


def seminar_label(seminar: Seminar, plan: Plan, labels: dict[str, str]) -> str:
    """The seminar's name: its topic, numbered when the topic has parallel seminars."""
    same = [s for s in plan.seminars if s.topic == seminar.topic]
    if len(same) == 1:
        return labels[seminar.topic]
    return f"{labels[seminar.topic]} {same.index(seminar) + 1}"


def plan_json(
    plan: Plan,
    labels: dict[str, str],
    matches: pd.DataFrame | None = None,
    lang: str = "sv",
) -> dict[str, Any]:
    """The plan as plain values (for ``--json``)."""
    seminars = []
    for seminar in plan.seminars:
        rows = plan.placements.loc[plan.placements["seminarium"] == seminar.number]
        entry: dict[str, Any] = {
            "number": seminar.number,
            "topic": seminar.topic,
            "label": seminar_label(seminar, plan, labels),
            "municipalities": [
                {
                    "kommun_kod": row.kommun_kod,
                    "kommun": row.kommun,
                    "lan": row.lan,
                    "rank": int(row.rang),
                    "score": float(row.poang),
                    "locked": bool(row.last),
                    "reason": reason(row, lang),
                }
                for row in rows.itertuples(index=False)
            ],
        }
        if matches is not None:
            entry["researchers"] = matches.loc[
                matches["seminarium"] == seminar.number, "forskare"
            ].tolist()
        seminars.append(entry)
    return {
        "level": plan.level,
        "settings": plan.settings.as_dict(),
        "coverage": {"covered": plan.covered, "interested": plan.interested},
        "total_preference": plan.total_preference,
        "topics": plan.topics,
        "uncovered": list(plan.uncovered),
        "seminars": seminars,
    }


def covered_by(prefs: Preferences, topics: Iterable[str]) -> int:
    """How many interested municipalities have one of ``topics`` in their top three."""
    columns = [prefs.topics.index(t) for t in set(topics)]
    if not columns:
        return 0
    return int((prefs.rank[:, columns] > 0).any(axis=1).sum())


def synthetic_preferences(
    municipalities: int,
    topics: int,
    *,
    counties: int = 21,
    seed: int = 0,
    level: str = "area",
) -> Preferences:
    """A random but realistic instance (for the benchmark and property tests).

    Each municipality ranks three distinct topics, drawn with skewed popularity, and rates
    every topic 1–5.

    Args:
        municipalities: how many interested municipalities.
        topics: how many topics.
        counties: how many counties the municipalities are spread over.
        seed: the random seed.
        level: the level to label the instance with.
    """
    rng = np.random.default_rng(seed)
    popularity = rng.dirichlet(np.full(topics, 0.8))
    rank = np.zeros((municipalities, topics), dtype=int)
    for i in range(municipalities):
        chosen = rng.choice(topics, size=min(3, topics), replace=False, p=popularity)
        for r, j in enumerate(chosen, start=1):
            rank[i, j] = r
    rating = np.clip(rng.normal(3 + (rank > 0) * 1.2, 0.8), 1, 5).round(1)
    codes = [f"{9000 + i:04d}"[-4:] if i < 1000 else str(i) for i in range(municipalities)]
    county_codes = [f"{(i % counties) + 1:02d}" for i in range(municipalities)]
    table = pd.DataFrame(
        {
            "kommun_kod": codes,
            "kommun": [f"Kommun {i + 1}" for i in range(municipalities)],
            "lan_kod": county_codes,
            "lan": [f"Län {c}" for c in county_codes],
        }
    )
    return Preferences(
        level, tuple(f"amne_{j + 1:02d}" for j in range(topics)), table, rank, rating
    )


def preferences_from_table(
    ranks: Sequence[Sequence[int]],
    ratings: Sequence[Sequence[float]] | None = None,
    counties: Sequence[str] | None = None,
) -> Preferences:
    """A small instance written out by hand (tests, examples).

    >>> prefs = preferences_from_table([[1, 0], [0, 1], [2, 1]])
    >>> prefs.topics, prefs.codes
    (('t1', 't2'), ['k01', 'k02', 'k03'])
    """
    rank = np.asarray(ranks, dtype=int)
    m_count, t_count = rank.shape
    rating = np.full(rank.shape, np.nan) if ratings is None else np.asarray(ratings, dtype=float)
    county_codes = list(counties) if counties is not None else ["01"] * m_count
    table = pd.DataFrame(
        {
            "kommun_kod": [f"k{i + 1:02d}" for i in range(m_count)],
            "kommun": [f"Kommun {i + 1}" for i in range(m_count)],
            "lan_kod": county_codes,
            "lan": [f"Län {c}" for c in county_codes],
        }
    )
    return Preferences("area", tuple(f"t{j + 1}" for j in range(t_count)), table, rank, rating)


# --- export ------------------------------------------------------------------------------


def export_tables(
    plan: Plan,
    labels: dict[str, str],
    lang: str = "sv",
    *,
    round_label: str = "",
    matches: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The programme as tables: a summary sheet, one sheet per seminar, and one flat table.

    Args:
        plan: the plan.
        labels: topic id → name in ``lang``.
        lang: ``"sv"`` or ``"en"``.
        round_label: the survey round, for the summary.
        matches: ``Matching.matches`` (researchers per seminar), or None.
        gaps: ``Matching.gaps``, or None.

    Returns:
        ``(sheets, flat)``: sheet name → table for ``export.xlsx_bytes`` (the summary
        first), and one row per placement for ``export.csv_bytes``.
    """

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang, **params)

    settings = plan.settings
    names = dict(zip(plan.placements["kommun_kod"], plan.placements["kommun"], strict=True))
    researchers_of: dict[int, list[str]] = {}
    if matches is not None:
        for row in matches.itertuples(index=False):
            researchers_of.setdefault(int(row.seminarium), []).append(str(row.forskare))
    none = t("sem_export_inga")
    summary: list[tuple[str, str]] = [
        (t("sem_export_omgang"), round_label),
        (t("sem_export_niva"), t("niva_area" if plan.level == "area" else "niva_theme")),
        (t("sem_export_antal"), str(settings.seminars)),
        (t("sem_export_min"), str(settings.min_size)),
        (t("sem_export_max"), str(settings.max_size)),
        (
            t("sem_export_lan"),
            str(settings.county_cap) if settings.county_cap is not None else none,
        ),
        (t("sem_export_maste"), ", ".join(labels[x] for x in settings.include) or none),
        (t("sem_export_uteslutna"), ", ".join(labels[x] for x in settings.exclude) or none),
        (
            t("sem_export_lasta"),
            ", ".join(f"{names.get(c, c)} → {labels[x]}" for c, x in settings.locks) or none,
        ),
        (t("sem_export_tackning"), t("n_av_N", n=plan.covered, N=plan.interested)),
        (t("sem_export_preferens"), i18n.fmt_number(plan.total_preference, 1, lang)),
        (t("sem_export_utanfor"), ", ".join(names[c] for c in plan.uncovered) or none),
    ]
    sheets: dict[str, pd.DataFrame] = {}
    flat_rows = []
    for seminar in plan.seminars:
        label = seminar_label(seminar, plan, labels)
        rows = plan.placements.loc[plan.placements["seminarium"] == seminar.number]
        people = researchers_of.get(seminar.number, [])
        summary.append(
            (
                t("sem_export_seminarium", number=seminar.number, topic=label),
                t(
                    "sem_export_seminarium_rad",
                    n=len(rows),
                    researchers=", ".join(people) or none,
                ),
            )
        )
        sheet_rows = [
            (t("kolumn_kommun"), row.kommun, row.lan, reason(row, lang))
            for row in rows.itertuples(index=False)
        ]
        if matches is not None:
            for row in matches.loc[matches["seminarium"] == seminar.number].itertuples(index=False):
                sheet_rows.append(
                    (
                        t("sem_export_forskare"),
                        row.forskare,
                        row.forskningsmiljo,
                        t("sem_export_overlapp", n=int(row.overlap), N=len(rows)),
                    )
                )
        if gaps is not None and seminar.number in set(gaps["seminarium"]):
            cause = gaps.loc[gaps["seminarium"] == seminar.number, "orsak"].iloc[0]
            sheet_rows.append((t("sem_export_forskare"), gap_text(cause, label, lang), "", ""))
        sheets[f"{seminar.number} {label}"] = pd.DataFrame(
            sheet_rows,
            columns=[
                t("sem_export_roll"),
                t("kolumn_namn"),
                t("sem_export_lan_miljo"),
                t("sem_export_skal"),
            ],
        )
        for row in rows.itertuples(index=False):
            flat_rows.append(
                {
                    t("sem_export_seminarium_kort"): seminar.number,
                    t("sem_export_amne"): label,
                    t("kolumn_kommun"): row.kommun,
                    "kommun_kod": row.kommun_kod,
                    t("sem_export_lan_kort"): row.lan,
                    t("sem_export_skal"): reason(row, lang),
                    t("sem_export_poang"): row.poang,
                    t("sem_export_forskare_plural"): ", ".join(people),
                }
            )
    summary_table = pd.DataFrame(summary, columns=[t("sem_export_uppgift"), t("sem_export_varde")])
    return {t("sem_export_sammanfattning"): summary_table, **sheets}, pd.DataFrame(flat_rows)
