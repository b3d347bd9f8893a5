"""The validation stage: a canonical text table, checked cell by cell, into tidy tables.

Every problem is collected (:class:`~linnedata.errors.Problems`); each distinct cell text is
parsed once per column kind. Free text goes through the one redactor
(:func:`~linnedata.survey.privacy.redact`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from linnedata.errors import Alternatives, Problem, Problems
from linnedata.places.region import MunicipalityResolver, default_region, default_resolver
from linnedata.survey import columns as mapping
from linnedata.survey.cells import (
    CHOICES,
    LOCAL_TIME,
    day_month_order,
    is_ambiguous_date,
    parse_choice,
    parse_rating,
    parse_timestamp,
    rating_labels,
    split_forms,
    zone_written,
)
from linnedata.survey.columns import PRIO_COLUMNS, RATING_PREFIX
from linnedata.survey.header import suggestion
from linnedata.survey.labels import LabelTally, LabelUse, is_label
from linnedata.survey.privacy import redact
from linnedata.survey.table import IDENTITY, CanonicalTable
from linnedata.taxonomy import Taxonomy, default_taxonomy


@dataclass
class ValidationResult:
    """What validation found; tables are built even when there are errors (for reports)."""

    responses: pd.DataFrame
    ratings: pd.DataFrame
    forms: pd.DataFrame
    errors: list[Problem]
    warnings: list[Problem]
    redactions: int = 0
    assumed_zone: str | None = None  # the zone times without one were read in
    # rating labels not on the scale: mapped by the steward (value set) or unknown (None)
    rating_labels: list[LabelUse] = field(default_factory=list)


def in_file_order(problems: list[Problem], headers: dict[str, str]) -> list[Problem]:
    """Problems sorted by row, and within a data row by the column's place in the file."""
    places = {header: place for place, header in enumerate(headers.values())}

    def order(p: Problem) -> tuple[int, int]:
        if p.row is None or p.row <= 1:
            return (p.row or 0, 0)
        return (p.row, places.get(p.column or "", -1))

    return sorted(problems, key=order)


class _Validator:
    """The checks of one table; one instance per :func:`validate` call."""

    def __init__(self, table, taxonomy, resolver, region_codes, allow_outside, values) -> None:
        self.table, self.taxonomy, self.resolver = table, taxonomy, resolver
        self.region_codes, self.allow_outside = region_codes, allow_outside
        self.found = Problems(list(table.errors), list(table.warnings))
        self.headers = table.headers
        self.columns = {
            name: ["" if v is None or v is pd.NA else str(v) for v in table.cells[name].tolist()]
            for name in table.cells.columns
            if name != "kalla_rad"
        }
        self.memo: dict[tuple[str, str], tuple[Any, bool]] = {}
        self.municipalities: dict[str, Any] = {}
        self.date_order = day_month_order(self.columns.get("inskickad", []))
        self.labels = rating_labels(values)
        self.tally = LabelTally(values)
        self.area_ids = list(taxonomy.area_ids)  # a property that builds its list each time
        blank = mapping.default_aliases().answers.get("betyg_tomt", {}).get("tomt", ())
        self.blank_marks = frozenset(blank)
        self.dashes: list[tuple[int, str, str]] = []  # (row, column, text) read as blank
        self.aliases = mapping.default_aliases()
        self.zoneless = 0  # times read without a zone written: Swedish time assumed

    def shown(self, name: str) -> str:
        return self.headers.get(name, name)

    def bad(self, code: str, row: int, name: str, value: str, **params: Any) -> None:
        self.found.error(code, row, self.shown(name), value, **params)

    def parsed(self, kind: str, text: str, parse: Callable[[str], Any]) -> tuple[Any, bool]:
        """``parse(text)`` and whether it succeeded, computed once per distinct cell."""
        if (kind, text) not in self.memo:
            try:
                self.memo[(kind, text)] = (parse(text), True)
            except ValueError:
                self.memo[(kind, text)] = (None, False)
        return self.memo[(kind, text)]

    def municipality(self, text: str, row: int) -> str | None:
        """Resolve one municipality cell, adding its problems; the code or None."""
        column = self.shown("kommun")
        if not text.strip():
            self.found.error("kommun_saknas", row, column, text)
            return None
        if text not in self.municipalities:
            self.municipalities[text] = self.resolver.resolve(text)
        found = self.municipalities[text]
        if found.code is None:
            if found.problem == "kommun_tvetydig":
                names = Alternatives(tuple(found.candidates))
                self.found.error("kommun_tvetydig", row, column, text, candidates=names)
            else:
                hint = suggestion(found.candidates)
                self.found.error("kommun_okand", row, column, text, suggestion=hint)
            return None
        name = self.resolver.name(found.code)
        if found.code not in self.region_codes:
            if self.allow_outside:
                self.found.warn(
                    "kommun_utanfor_tillaten", row, column, text, name=name, code=found.code
                )
            else:
                self.found.error("kommun_utanfor", row, column, text, name=name, code=found.code)
        return found.code

    def choices(self, record: dict[str, Any], cell: Callable[[str], str], row: int) -> None:
        record["inskickad"], ok = self.parsed(
            "inskickad", cell("inskickad"), lambda t: parse_timestamp(t, self.date_order)
        )
        if ok and record["inskickad"] is not None and not zone_written(cell("inskickad")):
            self.zoneless += 1
        if not ok:
            text = cell("inskickad")
            ambiguous = self.date_order is None and is_ambiguous_date(text)
            self.bad("datum_tvetydigt" if ambiguous else "datum_ogiltigt", row, "inskickad", text)
        for name, allowed in CHOICES.items():
            record[name], ok = self.parsed(
                name, cell(name), lambda t, a=allowed: parse_choice(t, a)
            )
            if not ok:
                self.bad("val_okant", row, name, cell(name), allowed=Alternatives(tuple(allowed)))

    def area_of(self, text: str) -> str | None:
        return self.taxonomy.resolve("area", text) or self.aliases.answer("omrade", text)

    def priorities(self, record: dict[str, Any], cell: Callable[[str], str], row: int) -> None:
        chosen: dict[str, str] = {}
        for name in PRIO_COLUMNS:
            text = cell(name)
            record[name] = None
            if not text.strip():
                continue
            area, _ = self.parsed("area", text, self.area_of)
            if area is None:
                hint = suggestion(self.taxonomy.suggest("area", text))
                self.bad("omrade_okant", row, name, text, suggestion=hint)
            elif area in chosen:
                self.bad("prio_upprepad", row, name, text, first=chosen[area])
            else:
                chosen[area] = self.shown(name)
                record[name] = area

    def ratings(self, cell: Callable[[str], str], row: int) -> list[int | None]:
        found: dict[str, int | None] = {}
        for name in (c for c in self.columns if c.startswith(RATING_PREFIX)):
            text = cell(name)
            if text.strip() in self.blank_marks:  # SCB's "-" and "..": no answer
                self.dashes.append((row, self.shown(name), text.strip()))
                continue
            found[name[len(RATING_PREFIX) :]], ok = self.parsed(
                "betyg", text, lambda t: parse_rating(t, self.labels)
            )
            mapped = ok and self.tally.values and text.strip() and self.tally.is_mapped(text)
            if mapped or (
                not ok and is_label(text)
            ):  # a label off the scale: counted once per label, not one error per cell
                self.tally.note(text, row, self.shown(name))
            elif not ok and _several_ratings(text, self.labels):
                self.bad("betyg_flera_kryss", row, name, text)
            elif not ok:
                self.bad("betyg_ogiltigt", row, name, text)
        return [found.get(area) for area in self.area_ids]

    def forms(self, cell: Callable[[str], str], row: int) -> list[str]:
        (forms, unknown), _ = self.parsed(
            "samverkansformer",
            cell("samverkansformer"),
            lambda text: split_forms(text, self.taxonomy),
        )
        for part in unknown:
            hint = suggestion(self.taxonomy.suggest("form", part))
            self.bad("form_okand", row, "samverkansformer", part, suggestion=hint)
        return list(forms)

    def dash_warning(self) -> None:
        """One warning for every rating cell read as blank from a dash or dots."""
        row, column, text = self.dashes[0]
        rows = list(dict.fromkeys(r for r, _, _ in self.dashes))
        shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
        count = len(self.dashes)
        self.found.warn("betyg_streck_tomt", row, column, text, count=count, rows=shown)

    def run(self) -> ValidationResult:
        """Every row checked; duplicates counted once; the tidy tables built."""
        records: list[dict[str, Any]] = []
        rating_rows: list[list[int | None]] = []
        form_rows: list[list[str]] = []
        first_of: dict[tuple[Any, ...], int] = {}
        redacted_rows: list[int] = []
        redactions = 0
        for index, row in enumerate(self.table.cells["kalla_rad"].tolist()):
            row = int(row)

            def cell(name: str, index: int = index) -> str:
                return self.columns[name][index] if name in self.columns else ""

            code = self.municipality(cell("kommun"), row)
            record: dict[str, Any] = {"kalla_rad": row, "kommun_kod": code}
            self.choices(record, cell, row)
            self.priorities(record, cell, row)
            rating_list = self.ratings(cell, row)
            forms = self.forms(cell, row)
            record["utmaning_fritext"], found = redact(cell("utmaning_fritext").strip())
            if found:
                redacted_rows.append(row)
                redactions += found
            key = (
                *(record[c] for c in ("kommun_kod", "inskickad", "roll", *PRIO_COLUMNS)),
                record["seminarieintresse"],
                record["medfinansiering"],
                record["utmaning_fritext"],
                tuple(rating_list),
                tuple(sorted(forms)),
                cell(IDENTITY),
            )
            if code is not None and key in first_of:
                self.found.warn("svar_dubblett", row, None, None, first=first_of[key])
                continue
            first_of.setdefault(key, row)
            records.append(record)
            rating_rows.append(rating_list)
            form_rows.append(forms)
        if redactions:
            rows = ", ".join(str(r) for r in redacted_rows)
            column = self.shown("utmaning_fritext")
            self.found.warn("fritext_redigerad", None, column, None, count=redactions, rows=rows)
        labels = self.tally.problem()
        if labels is not None:
            self.found.errors.append(labels)
        if self.dashes:
            self.dash_warning()
        return ValidationResult(
            *tables(records, rating_rows, form_rows, self.taxonomy.area_ids),
            errors=in_file_order(self.found.errors, self.headers),
            warnings=in_file_order(self.found.warnings, self.headers),
            redactions=redactions,
            assumed_zone=LOCAL_TIME.key if self.zoneless else None,
            rating_labels=list(self.tally.uses.values()),
        )


def _several_ratings(text: str, labels: dict[str, int]) -> bool:
    """True for ``4;5``: a checkbox grid's ticks, several ratings in one cell."""
    parts = [p for p in text.split(";") if p.strip()]
    if len(parts) < 2:
        return False
    try:
        [parse_rating(p, labels) for p in parts]
    except ValueError:
        return False
    return True


def validate(
    table: CanonicalTable,
    *,
    taxonomy: Taxonomy | None = None,
    resolver: MunicipalityResolver | None = None,
    region_codes: frozenset[str] | None = None,
    allow_outside_region: bool = False,
    values: dict[str, int] | None = None,
) -> ValidationResult:
    """Check a canonical text table cell by cell and build the tidy tables.

    Args:
        table: the canonical text table (:func:`~linnedata.survey.table.read_table`).
        taxonomy: the taxonomy; the shipped one by default.
        resolver: resolves municipality cells; the whole country by default.
        region_codes: the region's municipality codes; the shipped region by default.
        allow_outside_region: a municipality outside the region is a warning, not an error.
        values: rating labels the steward mapped to a number (a profile's value mapping).

    Returns:
        The tables, every error and every warning (the table's own included).
    """
    if region_codes is None:
        region_codes = frozenset(default_region()["kommun_kod"])
    return _Validator(
        table,
        taxonomy or default_taxonomy(),
        resolver or default_resolver(),
        region_codes,
        allow_outside_region,
        values,
    ).run()


def tables(
    records: list[dict[str, Any]],
    rating_rows: list[list[int | None]],
    form_rows: list[list[str]],
    area_ids: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The responses, ratings and forms tables with their documented dtypes."""
    respondents = list(range(1, len(records) + 1))
    text = "string"
    responses = pd.DataFrame(
        {
            "respondent": pd.Series(respondents, dtype="int64"),
            "kalla_rad": pd.Series([r["kalla_rad"] for r in records], dtype="int64"),
            "kommun_kod": pd.Series([r["kommun_kod"] for r in records], dtype=text),
            "inskickad": pd.Series(
                [pd.NaT if r["inskickad"] is None else r["inskickad"] for r in records],
                dtype="datetime64[ns, UTC]",
            ),
            **{
                name: pd.Series([r[name] for r in records], dtype=text)
                for name in ("roll", *PRIO_COLUMNS, "seminarieintresse", "medfinansiering")
            },
            "utmaning_fritext": pd.Series([r["utmaning_fritext"] for r in records], dtype=text),
        }
    )
    ratings = pd.DataFrame(
        {
            "respondent": pd.Series([r for r in respondents for _ in area_ids], dtype="int64"),
            "area_id": pd.Series(area_ids * len(records), dtype=text),
            "betyg": pd.Series(
                [pd.NA if v is None else v for values in rating_rows for v in values],
                dtype="Int64",
            ),
        }
    )
    forms = pd.DataFrame(
        {
            "respondent": pd.Series(
                [r for r, chosen in zip(respondents, form_rows, strict=True) for _ in chosen],
                dtype="int64",
            ),
            "form_id": pd.Series([f for chosen in form_rows for f in chosen], dtype=text),
        }
    )
    return responses, ratings, forms


__all__ = ["ValidationResult", "tables", "validate"]
