"""The one small-numbers rule: a figure resting on 1 or 2 people (or projects) is not shown.

Every breakdown of individual answers (respondent roles, collaboration forms and
co-financing per municipality) and every aggregate of projects a visitor sees follows it:
a count of :data:`MIN_COUNT` or more is shown, 0 is shown (nobody), 1 and 2 are hidden, and
so is any figure (a share, a mean, a sum of money) computed from such a count.
"""

from __future__ import annotations

MIN_COUNT = 3
"""The fewest people (respondents, projects) a figure shown may rest on, unless none."""

HIDDEN = ".."
"""What a hidden figure shows (as in SCB's tables)."""


def is_hidden(n: int) -> bool:
    """Whether a figure resting on ``n`` people is hidden (1 or 2).

    >>> [is_hidden(n) for n in (0, 1, 2, 3, 40)]
    [False, True, True, False, False]
    """
    return 0 < n < MIN_COUNT


def shown_count(n: int, hidden: str = HIDDEN) -> str:
    """``n`` as text, or ``hidden`` when the rule hides it.

    >>> shown_count(0), shown_count(2), shown_count(12)
    ('0', '..', '12')
    """
    return hidden if is_hidden(n) else str(n)
