"""benchmarks/element_cost.py: its apps are valid scripts and its table divides what it should."""

from __future__ import annotations

import ast

import pytest

from benchmarks import element_cost


@pytest.mark.parametrize("name", list(element_cost.APPS))
def test_every_app_is_a_script_with_the_blank_apps_title(name: str) -> None:
    code = element_cost.HEAD.format(count=3) + element_cost.APPS[name]
    tree = ast.parse(code)  # a syntax error in an app would only show when served
    titles = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "title"
    ]
    assert len(titles) == 1


def test_the_table_gives_each_elements_cost_over_the_blank_app() -> None:
    figures = {
        element_cost.BLANK: [2.0, 2.2, 1.9],
        "markdown": [3.0, 3.1, 2.9],
        "markdown, N paragraphs in one": [2.1, 2.0, 2.2],
    }
    lines = element_cost.report(figures, count=10).splitlines()
    markdown = next(line for line in lines if line.startswith("markdown "))
    assert markdown.split()[-3:] == ["3.00", "1.00", "0.100"]  # (3.0 − 2.0) / 10
    whole = next(line for line in lines if line.startswith("markdown, N"))
    assert whole.split()[-2:] == ["2.10", "0.10"]  # one element: no per-element figure
    assert "N = 10" in lines[-1]
