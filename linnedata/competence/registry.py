"""The competence list of researchers: reading it, checking it, the shipped demo list.

The list is a CSV (UTF-8 or Windows-1252, comma or semicolon) with the columns

- ``forskare``: the researcher or research environment (required, unique);
- ``forskningsmiljo``: the research environment or department (optional);
- ``omraden``: areas of expertise, ``;``-separated area ids or Swedish/English labels;
- ``kapacitet``: in how many seminars they can take part (a whole number, 1–20);
- ``samverkansformer``: the collaboration forms offered, ``;``-separated form ids or labels
  (optional; blank = not stated);
- ``profil``: a public profile link, ``https://…`` (optional);
- ``aktiv``: ``ja``/``nej`` (optional; blank = ``ja``);
- ``publikt``: which of the fields above a visitor may see, ``;``-separated column names
  (optional; blank = :data:`DEFAULT_PUBLIC`, everything but the capacity).

The same list may come as an XLSX workbook (its first sheet with content).

Researchers' names are the registry's point; their contact data and identity numbers are
not: only the columns above are read (``epost``, ``telefon``, ``personnummer`` or any other
column is dropped), and the ``forskare`` and ``forskningsmiljo`` cells go through the one
redactor (``linnedata.survey.privacy``) before anything else reads them, so a phone number,
e-mail address or personnummer there is stored as ``[telefon]``, ``[e-post]``,
``[personnummer]``. :func:`removed_of` says what was removed. A list with many bad rows
gets a bounded report: at most ``REPORT_CAP`` problems per column and rule, and the rest
counted.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from linnedata import i18n, urls
from linnedata.errors import REPORT_CAP, InputError, Problem, capped
from linnedata.export import neutralise
from linnedata.i18n import t
from linnedata.paths import DATA_DIR
from linnedata.store.registry import COLUMNS
from linnedata.survey import Alternatives, Phrase, SurveyProblem, decode_text, split_forms
from linnedata.survey.privacy import redact, redacted
from linnedata.survey.source import container_of
from linnedata.survey.xlsx_grid import read_xlsx
from linnedata.taxonomy import Taxonomy, default_taxonomy
from linnedata.text import normalize

DEMO_RESEARCHERS = DATA_DIR / "demo" / "forskare.csv"
REQUIRED = ("forskare", "omraden", "kapacitet")
OPTIONAL = ("forskningsmiljo", "samverkansformer", "profil", "aktiv", "publikt")
FIELDS = ("forskare", "forskningsmiljo", "omraden", "samverkansformer", "kapacitet", "profil")
"""The fields a row may mark public."""
DEFAULT_PUBLIC = ("forskare", "forskningsmiljo", "omraden", "samverkansformer", "profil")
_YES = {"ja": True, "yes": True, "1": True, "nej": False, "no": False, "0": False, "": True}
MAX_CAPACITY = 20
MAX_BYTES = 2_000_000
_WHOLE = re.compile(r"(\d+)(?:[.,]0+)?")
"""A capacity as Excel may write it: "2", "2.0" or "2,0"."""


def _problem(
    code: str, row: int | None = None, column: str | None = None, value: str | None = None, **p
) -> Problem:
    return SurveyProblem(row=row, column=column, value=value, code=code, params=p)


def read_researchers(source: Path | bytes, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Read and validate a competence list.

    Args:
        source: the CSV or XLSX file or its bytes.
        taxonomy: resolves the area and form labels (default: the shipped taxonomy).

    Returns:
        ``forskare, forskningsmiljo, omraden (tuple of area ids), kapacitet (int),
        kalla_rad`` (the row as a spreadsheet shows it, header = 1), ``samverkansformer``
        (tuple of form ids), ``profil`` (str, "" when none), ``aktiv`` (bool) and
        ``publikt`` (tuple of field names), in the file's order.

    Raises:
        InputError: carrying every problem found (row, column, value and what to do).
    """
    taxonomy = taxonomy or default_taxonomy()
    data = source.read_bytes() if isinstance(source, Path) else bytes(source)
    if len(data) > MAX_BYTES:
        raise InputError([_problem("forsk_for_stor", size=len(data) // 1000)])
    records = _xlsx_records(data) if container_of(data) == "zip" else _csv_records(data)
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    headers, position = _header(records[0])
    problems = _Collected()
    rows = []
    seen: dict[str, int] = {}
    personal = [position[c] for c in PERSON_COLUMNS if c in position]
    redactions = 0
    area_ids = taxonomy.area_ids  # a property that builds a list: once, not per row
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        record, found = _redacted(record, personal)
        redactions += found

        def cell(column: str, record: list[str] = record) -> str:
            index = position.get(column)
            return record[index].strip() if index is not None and index < len(record) else ""

        def column_of(key: str) -> str:
            return headers[position[key]]

        name = _read_name(cell, column_of, number, seen, problems)
        if neutralise(cell("forskningsmiljo")) != cell("forskningsmiljo"):
            problems.append(
                _problem(
                    "forsk_formel", number, column_of("forskningsmiljo"), cell("forskningsmiljo")
                )
            )
        areas = _read_areas(cell, column_of("omraden"), number, taxonomy, problems)
        capacity = _read_capacity(cell, column_of("kapacitet"), number, problems)
        forms, extra = _read_extras(cell, headers, position, number, taxonomy, problems)
        rows.append(
            {
                "forskare": name,
                "forskningsmiljo": cell("forskningsmiljo"),
                "omraden": tuple(a for a in area_ids if a in areas),
                "kapacitet": capacity,
                "kalla_rad": number,
                "samverkansformer": forms,
                **extra,
            }
        )
    if not rows and not problems:
        problems.append(_problem("forsk_inga_rader"))
    if problems:
        raise InputError(_bounded(problems))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table.attrs["removed"] = {"columns": _dropped(headers), "redactions": redactions}
    return table


PERSON_COLUMNS = ("forskare", "forskningsmiljo")
"""The cells a person writes freely: read through the one redactor."""


def _redacted(record: list[str], personal: list[int]) -> tuple[list[str], int]:
    """The record with its person cells redacted, and how many items were replaced."""
    total = 0
    for index in personal:
        if index < len(record):
            record[index], found = redact(record[index])
            total += found
    return record, total


def _dropped(headers: list[str]) -> list[str]:
    """The headers (redacted) of the columns the list does not read."""
    known = {*REQUIRED, *OPTIONAL}
    return [redacted(h) for h in headers if h and normalize(h).replace(" ", "_") not in known]


def removed_of(table: pd.DataFrame) -> dict[str, object]:
    """What :func:`read_researchers` removed: ``{"columns": [header …], "redactions": n}``."""
    return dict(table.attrs.get("removed") or {"columns": [], "redactions": 0})


def removed_line(table: pd.DataFrame, lang: str = "sv") -> str:
    """What was removed, for the steward ("" when nothing was)."""
    removed = removed_of(table)
    columns, count = list(removed["columns"]), int(removed["redactions"])  # type: ignore[call-overload]
    if not columns and not count:
        return ""
    listed = ", ".join(f"'{c}'" for c in columns) or "–"
    return i18n.t("komp_borttaget", lang, columns=listed, count=count)


class _Collected(list):
    """The problems found, counted per rule (so that suggestions stop once a rule's
    problems are beyond what the report lists)."""

    def __init__(self) -> None:
        super().__init__()
        self.per_rule: Counter[tuple[str | None, str]] = Counter()

    def append(self, problem: Problem) -> None:
        super().append(problem)
        self.per_rule[(problem.column, problem.code)] += 1

    def full(self, column: str | None, code: str) -> bool:
        return self.per_rule[(column, code)] >= REPORT_CAP


def _bounded(problems: list[Problem]) -> list[Problem]:
    """At most ``REPORT_CAP`` problems per column and rule, and one saying how many more."""
    listed, left = capped(problems)
    return [*listed, _problem("rapport_fler", count=left)] if left else listed


def _hint(kind: str, label: str, taxonomy: Taxonomy, problems: list[Problem], where) -> object:
    """The nearest names to ``label`` while the report still lists the rule ``where``
    (``(column, code)``); "." after that (the problem is only counted)."""
    if isinstance(problems, _Collected) and problems.full(*where):
        return "."
    names = taxonomy.suggest(kind, label)
    return Phrase("forslag", {"names": Alternatives(tuple(names))}) if names else "."


def _header(first: list[str]) -> tuple[list[str], dict[str, int]]:
    """The headers as written and each normalised name's first column; every missing
    required column is one problem."""
    headers = [h.strip() for h in first]
    keys = [normalize(h).replace(" ", "_") for h in headers]
    position = {k: i for i, k in reversed(list(enumerate(keys)))}
    missing = [c for c in REQUIRED if c not in position]
    if missing:
        raise InputError(
            [
                _problem("kolumn_saknas", 1, expected=column, found=", ".join(headers) or "–")
                for column in missing
            ]
        )
    return headers, position


def _read_name(
    cell: Callable[[str], str],
    column_of: Callable[[str], str],
    number: int,
    seen: dict[str, int],
    problems: list[Problem],
) -> str:
    """The researcher's name: required and unique (``seen``: normalised name → first row)."""
    name = cell("forskare")
    if not name:
        problems.append(_problem("forsk_namn_saknas", number, column_of("forskare"), ""))
    elif neutralise(name) != name:  # a spreadsheet would run it: refused, with a word
        problems.append(_problem("forsk_formel", number, column_of("forskare"), name))
    elif normalize(name) in seen:
        problems.append(
            _problem(
                "forsk_dubblett",
                number,
                column_of("forskare"),
                name,
                first=seen[normalize(name)],
            )
        )
    else:
        seen[normalize(name)] = number
    return name


def _read_areas(
    cell: Callable[[str], str],
    area_header: str,
    number: int,
    taxonomy: Taxonomy,
    problems: list[Problem],
) -> list[str]:
    """The area ids of ``omraden`` (ids or labels, ``;``-separated), each unknown label a
    problem with the nearest names."""
    text = cell("omraden")
    if not text:
        problems.append(_problem("forsk_inga_omraden", number, area_header, ""))
        return []
    areas: list[str] = []
    labels = [p.strip() for p in text.replace(",", ";").split(";")]
    # A label with a comma (Natur, kultur och fritid) is tried whole first.
    if taxonomy.resolve("area", text):
        labels = [text]
    for label in (lab for lab in labels if lab):
        area = taxonomy.resolve("area", label) or _merge_comma_label(label, text, taxonomy)
        if area is None:
            hint = _hint("area", label, taxonomy, problems, (area_header, "forsk_omrade_okant"))
            problems.append(
                _problem("forsk_omrade_okant", number, area_header, label, suggestion=hint)
            )
        elif area not in areas:
            areas.append(area)
    return areas


def _read_capacity(
    cell: Callable[[str], str], header: str, number: int, problems: list[Problem]
) -> int:
    """``kapacitet``: a whole number 1..MAX_CAPACITY ("2", "2.0" or "2,0"); -1 when not."""
    text = cell("kapacitet")
    whole = _WHOLE.fullmatch(text)
    capacity = int(whole.group(1)) if whole else -1
    if not 1 <= capacity <= MAX_CAPACITY:
        problems.append(_problem("forsk_kapacitet", number, header, text, high=MAX_CAPACITY))
    return capacity


def _csv_records(data: bytes) -> list[list[str]]:
    text = decode_text(data)
    if text is None or "\x00" in text:  # NUL bytes: a binary file, not a CSV
        raise InputError([_problem("fil_kodning")])
    if not text.strip():
        raise InputError([_problem("fil_tom")])
    header_line = text.lstrip("\r\n").splitlines()[0]
    separator = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=separator, strict=True))
    except csv.Error as error:
        raise InputError([_problem("fil_trasig", detail=str(error))]) from error


def _xlsx_records(data: bytes) -> list[list[str]]:
    """The first sheet with content of a workbook (the survey reader's safety checks)."""
    grid = read_xlsx(data, sheet=None)
    if grid.errors and grid.sheets:  # several sheets: take the first with content
        grid = read_xlsx(data, sheet=grid.sheets[0])
    if grid.errors:
        raise InputError(list(grid.errors))
    if not grid.records:
        raise InputError([_problem("fil_tom")])
    return grid.records


def _read_extras(
    cell: Callable[[str], str],
    headers: list[str],
    position: dict[str, int],
    number: int,
    taxonomy: Taxonomy,
    problems: list[Problem],
) -> tuple[tuple[str, ...], dict[str, object]]:
    """The optional columns of one row: forms, profile link, active, public fields."""

    def header(column: str) -> str:
        return headers[position[column]] if column in position else column

    found, unknown = split_forms(cell("samverkansformer"), taxonomy)
    for part in unknown:
        where = (header("samverkansformer"), "forsk_form_okand")
        hint = _hint("form", part, taxonomy, problems, where)
        problems.append(
            _problem("forsk_form_okand", number, header("samverkansformer"), part, suggestion=hint)
        )
    link = cell("profil")
    if link and not urls.WEB_LINK.fullmatch(link):
        problems.append(_problem("forsk_profil", number, header("profil"), link))
    active = _YES.get(normalize(cell("aktiv")))
    if active is None:
        problems.append(_problem("forsk_aktiv", number, header("aktiv"), cell("aktiv")))
    public = [normalize(p) for p in cell("publikt").split(";") if p.strip()]
    for part in public:
        if part not in FIELDS:
            problems.append(
                _problem(
                    "forsk_publikt", number, header("publikt"), part, allowed=", ".join(FIELDS)
                )
            )
    forms = tuple(f for f in taxonomy.form_ids if f in found) if found else ()
    extra = {
        "profil": link,
        "aktiv": bool(active) if active is not None else True,
        "publikt": tuple(f for f in FIELDS if f in public) if public else DEFAULT_PUBLIC,
    }
    return forms, extra


def _merge_comma_label(label: str, whole: str, taxonomy: Taxonomy) -> str | None:
    """A label split at its own comma ("Natur", " kultur och fritid") resolved whole."""
    for area_id, text, parts in _comma_labels(taxonomy):
        if label in parts and text in whole:
            return area_id
    return None


@cache
def _comma_labels(taxonomy: Taxonomy) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The area labels (Swedish, then English) with a comma, and their parts."""
    return tuple(
        (area_id, text, tuple(p.strip() for p in text.split(",")))
        for lang in ("sv", "en")
        for area_id, text in taxonomy.labels("area", lang).items()
        if "," in text
    )


def demo_researchers() -> pd.DataFrame:
    """The shipped fictional competence list (``data/demo/forskare.csv``)."""
    return read_researchers(DEMO_RESEARCHERS)


def plain_registry(registry: pd.DataFrame) -> pd.DataFrame:
    """The registry with its tuples joined by ";" (the list's own format), no source row."""
    table = registry.drop(columns="kalla_rad").copy()
    for column in ("omraden", "samverkansformer", "publikt"):
        table[column] = table[column].map(";".join)
    table["aktiv"] = table["aktiv"].map({True: "ja", False: "nej"})
    return table


LIST_COLUMNS = [c for c in COLUMNS if c != "kalla_rad"]
"""The list's columns, in the order the registry keeps them."""


def readable_registry(
    registry: pd.DataFrame, taxonomy: Taxonomy | None = None, lang: str = "sv"
) -> pd.DataFrame:
    """The registry as people read it, in ``lang``: column names from the texts, areas and
    forms by their labels, ``aktiv`` as a tick, public fields by their column names.
    :func:`list_from_readable` turns an edited copy back into a list."""
    taxonomy = taxonomy or default_taxonomy()
    areas, forms = taxonomy.labels("area", lang), taxonomy.labels("form", lang)
    fields = {f: t(f"komp_reg_kol_{f}", lang) for f in FIELDS}
    table = registry.reindex(columns=LIST_COLUMNS).copy()
    table["omraden"] = table["omraden"].map(lambda ids: "; ".join(areas[a] for a in ids))
    table["samverkansformer"] = table["samverkansformer"].map(
        lambda ids: "; ".join(forms[f] for f in ids)
    )
    table["publikt"] = table["publikt"].map(lambda ids: "; ".join(fields[f] for f in ids))
    table["aktiv"] = table["aktiv"].astype(bool)
    return table.rename(columns={c: t(f"komp_reg_kol_{c}", lang) for c in LIST_COLUMNS})


def list_from_readable(table: pd.DataFrame, lang: str = "sv") -> bytes:
    """An edited :func:`readable_registry` table as a competence list (CSV bytes) for
    :func:`read_researchers`, which checks it like any uploaded list."""
    back = {t(f"komp_reg_kol_{c}", lang): c for c in LIST_COLUMNS}
    fields = {normalize(t(f"komp_reg_kol_{f}", lang)): f for f in FIELDS}
    plain = table.rename(columns=back).reindex(columns=LIST_COLUMNS)
    plain["aktiv"] = plain["aktiv"].map(lambda v: "nej" if v is False or v == "nej" else "ja")
    plain["publikt"] = plain["publikt"].map(
        lambda text: ";".join(
            fields.get(normalize(p), p.strip()) for p in str(text or "").split(";") if p.strip()
        )
    )
    plain["samverkansformer"] = plain["samverkansformer"].fillna("")
    return plain.to_csv(index=False).encode("utf-8")
