"""The answers of a closed round as a draft file in the survey contract's canonical columns.

The draft goes through the very import a survey tool's export goes through
(``linnedata.importing``): the same validation report, the same preview, the same publish
and log. Answers given on paper (another file, already read) can be added to it, so that
one round holds both.
"""

from __future__ import annotations

import pandas as pd

from linnedata.questionnaire.tracking import as_utc
from linnedata.taxonomy import Taxonomy

TEXT_COLUMNS = ["roll", "prio_1", "prio_2", "prio_3", "samverkansformer", "seminarieintresse",
                "medfinansiering", "utmaning_fritext"]  # fmt: skip


def columns(taxonomy: Taxonomy) -> list[str]:
    """The canonical columns of a draft, in the order of ``data/demo``'s files."""
    ratings = [f"betyg_{a}" for a in taxonomy.area_ids]
    return ["kommun", "inskickad", "roll", *ratings, *TEXT_COLUMNS[1:]]


def canonical(answers: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Sent answers (``Store.questionnaire.answers``) in the canonical columns: the
    municipality's code, the time sent (UTC, with its zone written) and every answer."""
    table = pd.DataFrame(index=answers.index)
    table["kommun"] = answers["kommun_kod"].astype(str)
    sent = as_utc(answers["submitted_at"]) if len(answers) else answers["submitted_at"]
    table["inskickad"] = [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in sent]
    for column in columns(taxonomy)[2:]:
        if column.startswith("betyg_"):
            found = answers[column] if column in answers else pd.Series(pd.NA, index=answers.index)
            table[column] = [("" if pd.isna(v) else str(int(v))) for v in found]
        else:
            table[column] = answers[column].fillna("").astype(str)
    return table[columns(taxonomy)].reset_index(drop=True)


def combined(app: pd.DataFrame, other: pd.DataFrame | None, taxonomy: Taxonomy) -> pd.DataFrame:
    """The app's canonical answers followed by another file's responses in the same
    columns (``other``: one row per respondent, ``kommun_kod`` or ``kommun``, ``betyg_*``)."""
    if other is None or other.empty:
        return app
    rest = other.copy()
    if "kommun_kod" in rest:
        rest["kommun"] = rest["kommun_kod"]
    if "inskickad" in rest:
        sent = pd.to_datetime(rest["inskickad"], errors="coerce")
        rest["inskickad"] = ["" if pd.isna(t) else pd.Timestamp(t).isoformat() for t in sent]
    for column in columns(taxonomy):
        if column not in rest:
            rest[column] = ""
    rest = rest[columns(taxonomy)].astype(object).where(rest[columns(taxonomy)].notna(), "")
    rest = rest.map(lambda v: str(int(v)) if isinstance(v, float) and v == int(v) else str(v))
    return pd.concat([app, rest], ignore_index=True)


def draft_bytes(table: pd.DataFrame) -> bytes:
    """The draft as a canonical CSV file (UTF-8, comma): what the import reads."""
    return table.to_csv(index=False).encode("utf-8")


def file_name(label: str) -> str:
    """The draft's file name, as the import log shows it."""
    return f"enkat_{label}.csv"
