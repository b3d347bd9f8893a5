"""The faculty's competence registry: matching, demand and supply, joint projects, free text.

- :mod:`.matching` — researchers for a municipality's priorities, and the gaps;
- :mod:`.supply` — demand against supply per challenge area;
- :mod:`.projects` — the joint-project finder;
- :mod:`.search` — Swedish full-text search over the (redacted) free-text answers.
"""
