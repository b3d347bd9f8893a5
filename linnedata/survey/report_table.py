"""The validation report's problems as a table of text, for every page and download that
shows one: the row a whole number (``"7"``) or blank, never ``nan`` or ``7.0``."""

from __future__ import annotations

import pandas as pd

from linnedata.errors import Problem


def problem_frame(problems: list[Problem] | tuple[Problem, ...], lang: str = "sv") -> pd.DataFrame:
    """Problems as a table of text: ``row, column, value, message``; the row a whole number
    (``"7"``), blank for a problem of the whole file, never ``nan`` or ``7.0``.

    >>> from linnedata.errors import problem
    >>> problem_frame([problem("fil_tom"), problem("kommun_saknas", 7, "Kommun", "")])["row"].tolist()
    ['', '7']
    """
    listed = [p.as_dict(lang) for p in problems]
    text = lambda v: "" if v is None else str(v)  # noqa: E731
    return pd.DataFrame(
        {
            "row": pd.Series([text(d["row"]) for d in listed], dtype=object),
            "column": pd.Series([text(d["column"]) for d in listed], dtype=object),
            "value": pd.Series([text(d["value"]) for d in listed], dtype=object),
            "message": pd.Series([d["message"] for d in listed], dtype=object),
        }
    )


__all__ = ["problem_frame"]
