"""Challenge areas, conference themes and collaboration forms (from ``data/``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from linnedata.errors import SchemaError
from linnedata.paths import DATA_DIR
from linnedata.tables import read_checked_csv
from linnedata.text import closest, normalize, strip_diacritics

_ID = r"[a-z][a-z0-9_]*"
_LABEL = r"\S.*\S|\S"


@dataclass(frozen=True)
class Taxonomy:
    """The taxonomy of SURVEY.md.

    Attributes:
        areas: ``area_id, label_sv, label_en, theme_id`` in the file's order.
        themes: ``theme_id, label_sv, label_en``.
        forms: ``form_id, label_sv, label_en``.
    """

    areas: pd.DataFrame
    themes: pd.DataFrame
    forms: pd.DataFrame

    @property
    def area_ids(self) -> list[str]:
        """Area ids in the taxonomy's order."""
        return self.areas["area_id"].tolist()

    @property
    def theme_ids(self) -> list[str]:
        """Theme ids in the taxonomy's order."""
        return self.themes["theme_id"].tolist()

    @property
    def form_ids(self) -> list[str]:
        """Collaboration form ids in the taxonomy's order."""
        return self.forms["form_id"].tolist()

    def label(self, kind: str, item_id: str, lang: str = "sv") -> str:
        """The label of an area, theme or form.

        Args:
            kind: ``"area"``, ``"theme"`` or ``"form"``.
            item_id: its id.
            lang: ``"sv"`` or ``"en"``.

        Raises:
            KeyError: for an unknown id.
        """
        table = {"area": self.areas, "theme": self.themes, "form": self.forms}[kind]
        row = table.loc[table[f"{kind}_id"] == item_id]
        if row.empty:
            raise KeyError(f"unknown {kind} id {item_id!r}")
        return str(row[f"label_{'en' if lang == 'en' else 'sv'}"].iloc[0])

    def labels(self, kind: str, lang: str = "sv") -> dict[str, str]:
        """``{id: label}`` for every area, theme or form, in order."""
        table = {"area": self.areas, "theme": self.themes, "form": self.forms}[kind]
        column = f"label_{'en' if lang == 'en' else 'sv'}"
        return dict(zip(table[f"{kind}_id"], table[column], strict=True))

    def areas_of_theme(self, theme_id: str) -> list[str]:
        """Area ids of one theme, in the taxonomy's order."""
        return self.areas.loc[self.areas["theme_id"] == theme_id, "area_id"].tolist()

    def resolve(self, kind: str, text: str) -> str | None:
        """Resolve an id or a Swedish/English label to an id; None when unknown.

        Case, surrounding and repeated whitespace and Unicode normalisation do not matter;
        diacritics are tried last ("Naringslivsutveckling" resolves too).
        """
        exact, loose = self._lookup(kind)
        key = normalize(text)
        if key in exact:
            return exact[key]
        return loose.get(strip_diacritics(text))

    def suggest(self, kind: str, text: str) -> list[str]:
        """Up to three Swedish labels close to ``text``."""
        return closest(text, list(self.labels(kind).values()))

    @cache  # noqa: B019 - the taxonomy is immutable and lives as long as the process
    def _lookup(self, kind: str) -> tuple[dict[str, str], dict[str, str]]:
        table = {"area": self.areas, "theme": self.themes, "form": self.forms}[kind]
        exact: dict[str, str] = {}
        loose: dict[str, str] = {}
        for row in table.itertuples(index=False):
            item_id = getattr(row, f"{kind}_id")
            for name in (item_id, row.label_sv, row.label_en, item_id.replace("_", " ")):
                exact.setdefault(normalize(name), item_id)
                loose.setdefault(strip_diacritics(name), item_id)
        return exact, loose

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def load_taxonomy(data_dir: Path = DATA_DIR) -> Taxonomy:
    """Load ``areas.csv``, ``themes.csv`` and ``forms.csv`` and check them together.

    Args:
        data_dir: the folder holding the three files.

    Returns:
        The taxonomy.

    Raises:
        SchemaError: a file has the wrong columns, an id is malformed or repeated, or an
            area names a theme that ``themes.csv`` does not have.
    """
    themes = read_checked_csv(
        data_dir / "themes.csv",
        {"theme_id": _ID, "label_sv": _LABEL, "label_en": _LABEL},
        unique=("theme_id",),
    )
    areas = read_checked_csv(
        data_dir / "areas.csv",
        {"area_id": _ID, "label_sv": _LABEL, "label_en": _LABEL, "theme_id": _ID},
        unique=("area_id", "label_sv", "label_en"),
    )
    forms = read_checked_csv(
        data_dir / "forms.csv",
        {"form_id": _ID, "label_sv": _LABEL, "label_en": _LABEL},
        unique=("form_id",),
    )
    unknown = sorted(set(areas["theme_id"]) - set(themes["theme_id"]))
    if unknown:
        raise SchemaError(data_dir / "areas.csv", [f"unknown theme_id(s) {unknown}"])
    return Taxonomy(areas=areas, themes=themes, forms=forms)


@cache
def default_taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded once per process."""
    return load_taxonomy()
