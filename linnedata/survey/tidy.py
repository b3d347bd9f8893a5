"""The validation stage's last step: the validated columns as the tidy tables a
:class:`~linnedata.survey.model.Survey` holds, with their documented dtypes, made from the
columns' arrays (no Python object per rating row: 100,000 respondents are 1.5 million).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from linnedata.survey.columns import PRIO_COLUMNS


def tidy_tables(
    rows: np.ndarray,
    answers: dict[str, np.ndarray],
    ratings: np.ndarray,
    forms: np.ndarray,
    area_ids: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The responses, ratings and forms tables with their documented dtypes
    (:class:`~linnedata.survey.model.Survey`) of the rows kept: ``ratings`` is the
    rows × areas matrix (0 blank), ``forms`` each row's tuple of form ids."""
    n, text = len(rows), "string"
    respondents = np.arange(1, n + 1, dtype=np.int64)
    responses = pd.DataFrame(
        {
            "respondent": pd.Series(respondents, dtype="int64"),
            "kalla_rad": pd.Series(rows, dtype="int64"),
            "kommun_kod": pd.Series(answers["kommun_kod"], dtype=text),
            "inskickad": pd.Series(answers["inskickad"]).dt.tz_localize("UTC"),
            **{
                name: pd.Series(answers[name], dtype=text)
                for name in ("roll", *PRIO_COLUMNS, "seminarieintresse", "medfinansiering")
            },
            "utmaning_fritext": pd.Series(answers["utmaning_fritext"], dtype=text),
        }
    )
    ratings_table = pd.DataFrame(
        {
            "respondent": pd.Series(np.repeat(respondents, len(area_ids)), dtype="int64"),
            "area_id": pd.Series(_repeated_text(area_ids, n)),
            "betyg": pd.Series(_ratings_array(ratings)),
        },
        copy=False,
    )
    counts = np.fromiter((len(f) for f in forms), dtype=np.int64, count=n)
    forms_table = pd.DataFrame(
        {
            "respondent": pd.Series(np.repeat(respondents, counts), dtype="int64"),
            "form_id": pd.Series([f for chosen in forms for f in chosen], dtype=text),
        }
    )
    return responses, ratings_table, forms_table


def _ratings_array(ratings: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The matrix's ratings row by row as ``Int64`` (<NA> where 0, blank), made from its
    values and mask without a float copy.

    >>> _ratings_array(np.array([[4, 0], [0, 5]], dtype=np.int8)).tolist()
    [4, <NA>, <NA>, 5]
    """
    flat = ratings.reshape(-1)
    return pd.arrays.IntegerArray(flat.astype(np.int64), flat == 0)


def _repeated_text(texts: list[str], times: int) -> pd.api.extensions.ExtensionArray:
    """``texts`` over and over, ``times`` times, as a ``string`` array: taken by Arrow from
    the few texts, not made from a Python string per row (a ratings table of 100,000
    respondents has 1.5 million area ids).

    >>> _repeated_text(["a", "b"], 2).tolist()
    ['a', 'b', 'a', 'b']
    """
    places = np.tile(np.arange(len(texts), dtype=np.int32), times)
    # large_string: the type pandas keeps its strings in (no copy into it)
    return pd.array(pa.array(texts, type=pa.large_string()).take(places), dtype="string")


__all__ = ["tidy_tables"]
