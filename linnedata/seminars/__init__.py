"""The working seminars: demand per topic, the choice of topics, and the groups.

- :mod:`.preferences` interested municipalities, how they rank and rate each topic, demand
- :mod:`.plan`        the settings, the plan and its seminars, ``PlanInfeasible``
- :mod:`.solver`      the plan solved exactly as one integer program (scipy's HiGHS)
- :mod:`.explain`     each placement's reason and the gaps, in words
- :mod:`.export`      the plan as JSON and as the tables of its downloads
- :mod:`.staffing`    researchers from the competence list for the plan's seminars
- :mod:`.rows`        the constraint rows of a sparse integer program

The names below are the package's API (``from linnedata import seminars``).
"""

from linnedata.seminars.explain import explain, gap_text, reason, seminar_label
from linnedata.seminars.export import export_tables, plan_json
from linnedata.seminars.plan import (
    DEFAULT_MAX,
    DEFAULT_MIN,
    Plan,
    PlanInfeasible,
    Seminar,
    Settings,
    default_sizes,
)
from linnedata.seminars.preferences import (
    PRESSING_FROM,
    PRESSING_SCORE,
    RANK_SCORES,
    Preferences,
    covered_by,
    demand,
    interested_municipalities,
    preferences,
    topic_wanters,
)
from linnedata.seminars.solver import plan_seminars

__all__ = [
    "DEFAULT_MAX",
    "DEFAULT_MIN",
    "PRESSING_FROM",
    "PRESSING_SCORE",
    "RANK_SCORES",
    "Plan",
    "PlanInfeasible",
    "Preferences",
    "Seminar",
    "Settings",
    "covered_by",
    "default_sizes",
    "demand",
    "explain",
    "export_tables",
    "gap_text",
    "interested_municipalities",
    "plan_json",
    "plan_seminars",
    "preferences",
    "reason",
    "seminar_label",
    "topic_wanters",
]
