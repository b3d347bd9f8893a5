"""The follow-up record: joint projects from idea to funding to outcome.

- :mod:`.rules` — what a project may hold, its statuses and the transitions allowed;
- :mod:`.record` — add, change and list projects in the store (one transaction each, every
  change kept with who and when);
- :mod:`.summary` — what visitors may see (aggregates with the small-numbers rule), the
  funnel, capacity taken, what came of the last round, the export table.
"""
