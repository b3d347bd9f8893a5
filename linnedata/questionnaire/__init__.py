"""The yearly questionnaire inside the dashboard: rounds open for answers, a link per
invited municipality, drafts and answers, tracking, reminders, and the draft round that
the one import use case (``linnedata.importing``) publishes.

Modules: :mod:`~.tokens` (links and resume codes, kept as hashes), :mod:`~.answers` (what
may be answered, cleaned and redacted), :mod:`~.limits` (rate limits and the bot trap),
:mod:`~.service` (the use cases), :mod:`~.tracking`, :mod:`~.draft`, :mod:`~.reminders`.
The tables are ``linnedata.store.questionnaire``'s.
"""

from linnedata.questionnaire.service import (
    Access,
    Sent,
    access,
    close,
    draft_table,
    issue_links,
    open_round,
    paper_answers,
    published,
    resume,
    revoke,
    save,
    status,
    today,
)

__all__ = [
    "Access",
    "Sent",
    "access",
    "close",
    "draft_table",
    "issue_links",
    "open_round",
    "paper_answers",
    "published",
    "resume",
    "revoke",
    "save",
    "status",
    "today",
]
