"""What the survey says, computed from a Survey alone (no store, no planner). Pure Python.

- :mod:`.measures`     the measure registry: mean rating, priority points, share pressing
- :mod:`.ranks`        levels (area/theme), the level rule, the answer vocabulary, rankings
- :mod:`.municipality` one municipality's profile (its challenges beside the region)
- :mod:`.similarity`   municipalities with a similar challenge profile
- :mod:`.contrasts`    where a municipality differs from its neighbours
- :mod:`.sentences`    the plain-language summaries
- :mod:`.trends`       change between rounds
- :mod:`.roles`        respondents' roles and collaboration forms
- :mod:`.cofinancing`  co-financing interest
"""
