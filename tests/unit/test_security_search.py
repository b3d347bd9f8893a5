"""The reading room's search is bounded: the query is capped (characters and words) with a
clear message, a query costs an index lookup (not words × answers), and the caches have a
size. The results are those of the plain rule (every query word's key among the text's)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from linnedata.competence import search
from linnedata.i18n import fmt_number

WORDS = [
    "bostad",
    "bostäder",
    "skola",
    "skolor",
    "vård",
    "omsorg",
    "brist",
    "lärare",
    "unga",
    "Växjö",
    "vaxjo",
    "kommun",
    "buss",
]


def answers_of(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "omgang": "2024",
            "kommun_kod": [f"07{n % 90:02d}" for n in range(len(texts))],
            "roll": "annan",
            "prio_1": "bostadsplanering",
            "prio_2": None,
            "prio_3": None,
            "utmaning_fritext": texts,
        }
    ).astype(object)


def corpus(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS, k=rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize(
    "query",
    ["bostad", "Bostäder skola", "vaxjo", "lärare unga buss", "saknas", "", "brist brist"],
)
def test_the_index_finds_what_the_plain_rule_finds(query: str) -> None:
    answers = answers_of(corpus(300))
    expected = [
        search.highlight(t, query)
        for t in answers["utmaning_fritext"]
        if not query.strip() or search.matches(t, query)
    ]
    assert search.search(answers, query)["traff"].tolist() == expected


def test_filters_still_apply_after_the_index() -> None:
    answers = answers_of(["brist på bostäder", "bostad", "skola"])
    answers.loc[1, "roll"] = "förtroendevald"
    found = search.search(answers, "bostad", role="förtroendevald")
    assert found["traff"].tolist() == ["»bostad«"]


@pytest.mark.parametrize(
    ("query", "chars", "words"),
    [
        ("ord " * 7_500, 30_000, 200),  # 30,000 characters: counted on the first 800 only
        (" ".join(["bostad"] * (search.MAX_QUERY_WORDS + 1)), None, search.MAX_QUERY_WORDS + 1),
        ("x" * (search.MAX_QUERY_CHARS + 1), search.MAX_QUERY_CHARS + 1, 1),
    ],
)
def test_a_query_over_the_caps_is_refused_with_the_limits(
    query: str, chars: int | None, words: int
) -> None:
    answers = answers_of(corpus(50))
    with pytest.raises(search.QueryTooLongError) as refused:
        search.search(answers, query)
    message = refused.value.message("sv")
    assert f"högst {search.MAX_QUERY_WORDS} ord och {search.MAX_QUERY_CHARS} tecken" in message
    count = chars if chars is not None else len(query)
    assert f"{fmt_number(count, 0)} tecken" in message  # "30 000": a thousands space
    assert f"{words} ord)" in message
    assert "at most" in refused.value.message("en")
    with pytest.raises(search.QueryTooLongError):
        search.matches("bostad", query)


def test_a_query_at_the_caps_is_searched() -> None:
    query = " ".join(["bostad"] * search.MAX_QUERY_WORDS)
    assert len(query) <= search.MAX_QUERY_CHARS
    assert len(search.search(answers_of(["bostad", "skola"]), query)) == 1


def test_the_caches_have_a_size() -> None:
    assert search.key.cache_info().maxsize == search.KEY_CACHE_SIZE
    tables = [answers_of(corpus(20, seed)) for seed in range(search.INDEXES_KEPT + 3)]
    for table in tables:
        search.search(table, "bostad")
    assert len(search._indexes) <= search.INDEXES_KEPT
    again = search.index(tables[-1])
    assert again is search.index(tables[-1])  # kept: built once per table


def test_the_command_line_refuses_a_long_query_with_the_message(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from linnedata.cli import main

    url = f"sqlite:///{tmp_path}/store.sqlite"
    assert main(["search-text", "ord " * 7_500, "--db", url]) == 1
    err = capsys.readouterr().err
    assert f"högst {search.MAX_QUERY_WORDS} ord och {search.MAX_QUERY_CHARS} tecken" in err
    assert "Traceback" not in err
