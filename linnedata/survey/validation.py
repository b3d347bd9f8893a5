"""The validation stage: a canonical text table, checked column by column, into tidy tables.

Every column is factorised (its distinct texts, and for each row which one): a parser runs
once per distinct text, and a problem is named for every row that holds a failing text, in
row order (rows as a spreadsheet shows them). Plain ISO times are read all at once
(:func:`~linnedata.survey.cells.plain_times`), a rating is one byte, duplicates are found
with one group number joined column by column, and the tidy tables are built from the
columns' arrays (:mod:`~linnedata.survey.tidy`). Every problem is collected
(:class:`~linnedata.errors.Problems`); free text goes through the one redactor
(:func:`~linnedata.survey.privacy.redact`), once per distinct text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
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
    plain_times,
    rating_labels,
    split_forms,
    zone_written,
)
from linnedata.survey.columns import PRIO_COLUMNS, RATING_PREFIX
from linnedata.survey.header import suggestion
from linnedata.survey.labels import LabelTally, is_label
from linnedata.survey.model import ValidationResult
from linnedata.survey.privacy import redact
from linnedata.survey.table import IDENTITY, CanonicalTable
from linnedata.survey.tidy import tidy_tables
from linnedata.taxonomy import Taxonomy, default_taxonomy


def in_file_order(problems: list[Problem], headers: dict[str, str]) -> list[Problem]:
    """Problems sorted by row, and within a data row by the column's place in the file."""
    places = {header: place for place, header in enumerate(headers.values())}

    def order(p: Problem) -> tuple[int, int]:
        if p.row is None or p.row <= 1:
            return (p.row or 0, 0)
        return (p.row, places.get(p.column or "", -1))

    return sorted(problems, key=order)


@dataclass
class _Parsed:
    """One column parsed once per distinct text.

    Attributes:
        codes: for each row, the index of its text in ``uniques``.
        uniques: the distinct texts.
        values: the parsed value of each distinct text (None when it failed).
        ok: whether each distinct text parsed.
    """

    codes: np.ndarray
    uniques: np.ndarray
    values: list[Any]
    ok: np.ndarray

    def text(self, at: int) -> str:
        """The text of the row at position ``at``."""
        return self.uniques[self.codes[at]]

    def per_row(self) -> np.ndarray:
        """Each row's value (object array)."""
        out = np.empty(len(self.values), dtype=object)
        out[:] = self.values
        return out[self.codes] if len(self.codes) else np.empty(0, dtype=object)

    def failing(self, also: np.ndarray | None = None) -> np.ndarray:
        """The positions (row order) whose text failed, or (``also``) is marked per text."""
        mark = ~self.ok if also is None else also
        return np.nonzero(mark[self.codes])[0] if len(self.codes) else np.empty(0, int)


_SHARED_KINDS = ("area", "betyg")  # parsed kinds several columns share


class _Validator:
    """The checks of one table; one instance per :func:`validate` call."""

    def __init__(self, table, taxonomy, resolver, region_codes, allow_outside, values) -> None:
        self.table, self.taxonomy, self.resolver = table, taxonomy, resolver
        self.region_codes, self.allow_outside = region_codes, allow_outside
        self.found = Problems(list(table.errors), list(table.warnings))
        self.headers = table.headers
        self.rows = table.cells["kalla_rad"].astype("int64").to_numpy()
        self.n = len(self.rows)
        self.memo: dict[tuple[str, str], tuple[Any, bool]] = {}
        self.last: tuple[str, Any] = ("", None)  # the column factorised last, and its codes
        self.labels = rating_labels(values)
        self.tally = LabelTally(values)
        self.area_ids = list(taxonomy.area_ids)  # a property that builds its list each time
        self.aliases = mapping.default_aliases()
        self.blank_marks = frozenset(self.aliases.answers.get("betyg_tomt", {}).get("tomt", ()))

    def shown(self, name: str) -> str:
        return self.headers.get(name, name)

    def factorized(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """A column's codes (per row) and distinct texts; one "" for a column not there.
        Arrow's strings are factorised without a Python string per cell."""
        if name not in self.table.cells.columns:
            return np.zeros(self.n, dtype=np.intp), np.array([""], dtype=object)
        if self.last[0] != name:  # a column asked for twice in a row is factorised once
            column = self.table.cells[name]
            codes, uniques = pd.factorize(column.fillna("") if column.hasnans else column)
            self.last = (name, (codes, np.asarray(uniques, dtype=object)))
        return self.last[1]

    def parse(
        self, name: str, kind: str, parse: Callable[[str], Any], skip: np.ndarray | None = None
    ) -> _Parsed:
        """A column parsed once per distinct text; a kind several columns share (areas,
        ratings) once per distinct text of them all. ``skip`` marks distinct texts (in
        :meth:`factorized`'s order) read already, all at once: their value is None here."""
        codes, uniques = self.factorized(name)
        memo = self.memo if kind in _SHARED_KINDS else {}
        values, ok = [], np.ones(len(uniques), dtype=bool)
        for i, text in enumerate(uniques):
            if skip is not None and skip[i]:
                values.append(None)
                continue
            if (kind, text) not in memo:
                try:
                    memo[(kind, text)] = (parse(text), True)
                except ValueError:
                    memo[(kind, text)] = (None, False)
            value, ok[i] = memo[(kind, text)]
            values.append(value)
        return _Parsed(codes, uniques, values, ok)

    def bad(self, code: str, at: int, name: str, value: str, **params: Any) -> None:
        self.found.error(code, int(self.rows[at]), self.shown(name), value, **params)

    # --- the columns ---------------------------------------------------------------------------

    def municipalities(self) -> np.ndarray:
        """Each row's municipality code (None when unknown), its problems added."""
        parsed = self.parse("kommun", "kommun", self.resolver.resolve)
        column = self.shown("kommun")
        codes = [f.code for f in parsed.values]
        outside = np.array(
            [c is not None and c not in self.region_codes for c in codes], dtype=bool
        )
        wrong = np.array([not t.strip() or f.code is None for t, f in
                          zip(parsed.uniques, parsed.values, strict=True)], dtype=bool)  # fmt: skip
        for at in parsed.failing(wrong | outside):
            text = parsed.text(at)
            found = parsed.values[parsed.codes[at]]
            row = int(self.rows[at])
            if not text.strip():
                self.found.error("kommun_saknas", row, column, text)
            elif found.code is None and found.problem == "kommun_tvetydig":
                names = Alternatives(tuple(found.candidates))
                self.found.error("kommun_tvetydig", row, column, text, candidates=names)
            elif found.code is None:
                hint = suggestion(found.candidates)
                self.found.error("kommun_okand", row, column, text, suggestion=hint)
            else:
                name = self.resolver.name(found.code)
                where = {"name": name, "code": found.code}
                if self.allow_outside:
                    self.found.warn("kommun_utanfor_tillaten", row, column, text, **where)
                else:
                    self.found.error("kommun_utanfor", row, column, text, **where)
        out = np.empty(len(codes), dtype=object)
        out[:] = [c if t.strip() else None for c, t in zip(codes, parsed.uniques, strict=True)]
        return out[parsed.codes] if self.n else np.empty(0, dtype=object)

    def times(self) -> tuple[np.ndarray, int]:
        """Each row's submission time (``datetime64[ns]`` in UTC, NaT when blank or
        unreadable), and how many wrote no zone."""
        texts = self.factorized("inskickad")[1]
        order = self.table.date_order or day_month_order(texts.tolist())
        zone = ZoneInfo(self.table.zone) if self.table.zone else LOCAL_TIME  # the header's
        # the plain ISO times at once, the rest one by one
        plain_utc, plain = plain_times(texts, zone)
        parsed = self.parse(
            "inskickad", "inskickad", lambda t: parse_timestamp(t, order, zone), plain
        )
        for at in parsed.failing():
            text = parsed.text(at)
            ambiguous = order is None and is_ambiguous_date(text)
            self.bad("datum_tvetydigt" if ambiguous else "datum_ogiltigt", at, "inskickad", text)
        zoneless = np.array([ok and v is not None and not zone_written(t) for t, v, ok in
                             zip(parsed.uniques, parsed.values, parsed.ok, strict=True)], dtype=bool)  # fmt: skip
        utc = np.array([None if v is None else v.replace(tzinfo=None) for v in parsed.values],
                       dtype="datetime64[ns]")  # fmt: skip
        utc[plain], zoneless[plain] = plain_utc[plain], True  # written without a zone
        count = int(zoneless[parsed.codes].sum()) if self.n and zone is LOCAL_TIME else 0
        return utc[parsed.codes] if self.n else np.empty(0, dtype="datetime64[ns]"), count

    def choices(self) -> dict[str, np.ndarray]:
        """Each single-choice column's canonical values, their problems added."""
        out = {}
        for name, allowed in CHOICES.items():
            parsed = self.parse(name, name, lambda t, a=allowed: parse_choice(t, a))
            for at in parsed.failing():
                options = Alternatives(tuple(allowed))
                self.bad("val_okant", at, name, parsed.text(at), allowed=options)
            out[name] = parsed.per_row()
        return out

    def area_of(self, text: str) -> str | None:
        return self.taxonomy.resolve("area", text) or self.aliases.answer("omrade", text)

    def priorities(self) -> dict[str, np.ndarray]:
        """prio_1…3 as area ids; an unknown area or one given twice is an error (and None)."""
        kept: dict[str, np.ndarray] = {}
        for name in PRIO_COLUMNS:
            parsed = self.parse(name, "area", lambda t: self.area_of(t) if t.strip() else None)
            areas = parsed.per_row()
            unknown = np.array([bool(t.strip()) and v is None for t, v in
                                zip(parsed.uniques, parsed.values, strict=True)], dtype=bool)  # fmt: skip
            unknown_rows = unknown[parsed.codes] if self.n else np.zeros(0, dtype=bool)
            first = np.full(self.n, None, dtype=object)
            for earlier, chosen in kept.items():  # the first earlier column with the area
                same = (areas != None) & (areas == chosen) & (first == None)  # noqa: E711
                first[same] = self.shown(earlier)
            for at in np.nonzero(unknown_rows | (first != None))[0]:  # noqa: E711
                text = parsed.text(at)
                if unknown_rows[at]:
                    hint = suggestion(self.taxonomy.suggest("area", text))
                    self.bad("omrade_okant", at, name, text, suggestion=hint)
                else:
                    self.bad("prio_upprepad", at, name, text, first=first[at])
            areas[first != None] = None  # noqa: E711
            kept[name] = areas
        return kept

    def ratings(self) -> np.ndarray:
        """A rows × areas matrix of ratings (0 blank: a rating is 1–5), in the taxonomy's
        order; one byte a cell."""
        matrix = np.zeros((self.n, len(self.area_ids)), dtype=np.int8)
        notes: list[tuple[int, int, str, str]] = []  # (row index, column place, kind, text)
        names = [c for c in self.table.cells.columns if c.startswith(RATING_PREFIX)]
        for place, name in enumerate(names):
            parsed = self.parse(name, "betyg", lambda t: parse_rating(t, self.labels))
            kinds = [
                self._rating_kind(t, ok) for t, ok in zip(parsed.uniques, parsed.ok, strict=True)
            ]
            flagged = np.array([k is not None for k in kinds], dtype=bool)
            for at in parsed.failing(flagged):
                notes.append((int(at), place, kinds[parsed.codes[at]], parsed.text(at)))
            area = name[len(RATING_PREFIX) :]
            if area in self.area_ids and self.n:
                values = np.array(
                    [0 if v is None or k == "dash" else v for v, k in
                     zip(parsed.values, kinds, strict=True)], dtype=np.int8,
                )  # fmt: skip
                matrix[:, self.area_ids.index(area)] = values[parsed.codes]
        self._rating_problems(sorted(notes), names)
        return matrix

    def _rating_kind(self, text: str, ok: bool) -> str | None:
        """What a distinct rating text needs besides its value: ``dash`` (read as blank),
        ``label`` (tallied), ``several`` / ``invalid`` (an error), else None."""
        if text.strip() in self.blank_marks:
            return "dash"
        mapped = ok and self.tally.values and text.strip() and self.tally.is_mapped(text)
        if mapped or (not ok and is_label(text)):
            return "label"
        if not ok:
            return "several" if _several_ratings(text, self.labels) else "invalid"
        return None

    def _rating_problems(self, notes: list[tuple[int, int, str, str]], names: list[str]) -> None:
        """The rating cells' problems in file order: labels tallied, dashes, errors."""
        dashes: list[tuple[int, str, str]] = []
        for at, place, kind, text in notes:
            row, name = int(self.rows[at]), names[place]
            if kind == "dash":
                dashes.append((row, self.shown(name), text.strip()))
            elif kind == "label":
                self.tally.note(text, row, self.shown(name))
            elif kind == "several":
                self.bad("betyg_flera_kryss", at, name, text)
            else:
                self.bad("betyg_ogiltigt", at, name, text)
        self.dashes = dashes

    def forms(self) -> np.ndarray:
        """Each row's chosen form ids (a tuple), unknown parts reported."""
        parsed = self.parse(
            "samverkansformer", "samverkansformer", lambda t: split_forms(t, self.taxonomy)
        )
        unknown = np.array([bool(v[1]) for v in parsed.values], dtype=bool)
        for at in parsed.failing(unknown):
            for part in parsed.values[parsed.codes[at]][1]:
                hint = suggestion(self.taxonomy.suggest("form", part))
                self.bad("form_okand", at, "samverkansformer", part, suggestion=hint)
        chosen = np.empty(len(parsed.values), dtype=object)
        chosen[:] = [tuple(v[0]) for v in parsed.values]
        return chosen[parsed.codes] if self.n else np.empty(0, dtype=object)

    def free_text(self) -> tuple[np.ndarray, int]:
        """The free text redacted (once per distinct text), and the redactions made."""
        parsed = self.parse("utmaning_fritext", "fritext", lambda t: redact(t.strip()))
        counts = np.array([v[1] for v in parsed.values], dtype=np.int64)
        texts = np.empty(len(parsed.values), dtype=object)
        texts[:] = [v[0] for v in parsed.values]
        if not self.n:
            return np.empty(0, dtype=object), 0
        per_row = counts[parsed.codes]
        total = int(per_row.sum())
        if total:
            rows = ", ".join(str(r) for r in self.rows[per_row > 0].tolist())
            column = self.shown("utmaning_fritext")
            self.found.warn("fritext_redigerad", None, column, None, count=total, rows=rows)
        return texts[parsed.codes], total

    def dash_warning(self) -> None:
        """One warning for every rating cell read as blank from a dash or dots."""
        row, column, text = self.dashes[0]
        rows = list(dict.fromkeys(r for r, _, _ in self.dashes))
        shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
        count = len(self.dashes)
        self.found.warn("betyg_streck_tomt", row, column, text, count=count, rows=shown)

    def run(self) -> ValidationResult:
        """Every column checked; duplicates counted once; the tidy tables built."""
        answers: dict[str, Any] = {"kommun_kod": self.municipalities()}
        answers["inskickad"], zoneless = self.times()
        answers.update(self.choices())
        answers.update(self.priorities())
        ratings, forms = self.ratings(), self.forms()
        answers["utmaning_fritext"], redactions = self.free_text()
        keep = self.unique_answers(answers, ratings, forms)
        labels = self.tally.problem()
        if labels is not None:
            self.found.errors.append(labels)
        if self.dashes:
            self.dash_warning()
        rows = self.rows
        if not keep.all():  # else every array as it is (no copy of each)
            answers = {k: v[keep] for k, v in answers.items()}
            rows, ratings, forms = rows[keep], ratings[keep], forms[keep]
        return ValidationResult(
            *tidy_tables(rows, answers, ratings, forms, self.area_ids),
            errors=in_file_order(self.found.errors, self.headers),
            warnings=in_file_order(self.found.warnings, self.headers),
            redactions=redactions,
            assumed_zone=LOCAL_TIME.key if zoneless else None,
            rating_labels=list(self.tally.uses.values()),
        )

    def unique_answers(self, answers, ratings, forms) -> np.ndarray:
        """The rows kept: a respondent's answers given twice (same municipality, time,
        answers and identity) are counted once, with a warning naming the first row."""
        if not self.n:
            return np.zeros(0, dtype=bool)
        # every part of the key as integer codes (equal values, equal codes; blank: -1),
        # joined into one group number part by part (no table of every part at once)
        chosen = np.empty(self.n, dtype=object)
        chosen[:] = [tuple(sorted(f)) for f in forms]
        blank = (ratings == 0).all(axis=0)  # an area not in the file: all blank
        parts = itertools.chain(
            (pd.factorize(values)[0] for values in answers.values()),
            (pd.factorize(ratings[:, place])[0] for place in np.nonzero(~blank)[0]),
            (pd.factorize(chosen)[0], self.factorized(IDENTITY)[0]),
        )
        group = _joined_codes(parts, self.n)
        seen = pd.Series(group).duplicated().to_numpy()
        duplicate = seen & pd.notna(answers["kommun_kod"]).astype(bool)
        first_row = self.rows[np.unique(group, return_index=True)[1]][group]
        for at in np.nonzero(duplicate)[0]:
            self.found.warn(
                "svar_dubblett", int(self.rows[at]), None, None, first=int(first_row[at])
            )
        return ~duplicate


def _joined_codes(parts: Iterable[np.ndarray], n: int) -> np.ndarray:
    """One number per row, equal where every part's code is equal: the groups, numbered in
    order of first appearance (as ``groupby(…, sort=False).ngroup()`` over every part),
    one part at a time.

    >>> _joined_codes([np.array([0, 0, 1, 0]), np.array([-1, -1, -1, 0])], 4).tolist()
    [0, 0, 1, 2]
    """
    group = np.zeros(n, dtype=np.int64)
    for codes in parts:
        shifted = np.asarray(codes, dtype=np.int64) + 1  # blank (-1) → 0
        if len(shifted):
            group = pd.factorize(group * (int(shifted.max()) + 1) + shifted)[0]
    return group


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
    """Check a canonical text table column by column and build the tidy tables.

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


__all__ = ["ValidationResult", "in_file_order", "validate"]
