"""The reading room's view (Läsesal): a search's hits and the frequent words, made once per
store revision, search and language and shared between the readers' sessions.

The page searched every answer, counted the words of every area and sent each of up to 100
hits as a bordered box with two texts (~300 elements) on every run: 80–100 ms a run for a
reader, 20–25× a blank app's (docs/notes-steward-cpu.md). Now the hits are one escaped HTML
table (``linnedata.graphics.htmltable``, as the maps' tables: the answers stay plain text, a
``<b>`` in an answer is shown as the characters ``<b>``) and the words a cached frame.

Call only after ``auth.reader_gate`` (the answers come from ``ui.competence.answers``, which
gives a visitor none).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from linnedata.competence import search
from linnedata.graphics import htmltable
from ui import competence, data, tr


@dataclass(frozen=True)
class ReadingView:
    """What the reading room shows for one search (read-only, shared)."""

    found: int
    """How many answers match."""
    warning: str | None
    """Why the search was not made (a query over the caps), in the language; else None."""
    hits_html: str
    """The first ``competence.MAX_HITS`` hits as an escaped HTML table ("" without hits)."""
    words: pd.DataFrame
    """The frequent words per area, headers in the language."""


def view(
    answers: pd.DataFrame, query: str, filters: dict[str, str | None], lang: str
) -> ReadingView:
    """The reading room's view of ``answers`` for ``query`` and ``filters`` (the keywords of
    ``search.search``), cached per store revision (the answers are that revision's)."""
    key = data.current()[0]
    chosen = tuple(filters.get(k) for k in ("round_label", "municipality", "area", "role"))
    return _view(key, answers, query, chosen, lang)


@data.round_cache(max_entries=64)
def _view(
    key: data.Key,
    _answers: pd.DataFrame,
    query: str,
    chosen: tuple[str | None, ...],
    lang: str,
) -> ReadingView:
    filters = dict(zip(("round_label", "municipality", "area", "role"), chosen, strict=True))
    warning = None
    try:
        hits = search.search(_answers, query, **filters)
    except search.QueryTooLongError as too_long:
        warning = too_long.message(lang)
        hits = search.search(_answers.iloc[:0], "", **filters)
    shown = competence.hits_table(hits.head(competence.MAX_HITS), lang)
    round_label = filters["round_label"]
    words = search.frequent_by_area(
        _answers if round_label is None else _answers.loc[_answers["omgang"] == round_label],
        data.items("area", lang),
    )
    return ReadingView(
        found=len(hits),
        warning=warning,
        hits_html="" if shown.empty else htmltable.html_table(shown, index=False, lang=lang),
        words=words.rename(
            columns={
                "omrade": tr("komp_kol_omrade"),
                "ord": tr("lasesal_kol_ord"),
                "antal": tr("lasesal_kol_antal"),
            }
        ),
    )
