"""What a project record may hold and how its status may move.

**Statuses**, in the order a project normally takes them::

    idé → kontakt → möte → ansökan → beviljad / avslagen → pågår → avslutad

**Allowed transitions** (:data:`TRANSITIONS`; anything else is refused with a message that
names the allowed next statuses):

============  =========================================================================
from          to
============  =========================================================================
``idé``       ``kontakt``, ``möte`` (they met at once), ``avslutad`` (the idea was dropped)
``kontakt``   ``möte``, ``ansökan``, ``avslutad``
``möte``      ``ansökan``, ``pågår`` (started without external funding), ``avslutad``
``ansökan``   ``beviljad``, ``avslagen``
``beviljad``  ``pågår``
``avslagen``  ``ansökan`` (applied again), ``avslutad``
``pågår``     ``avslutad``
``avslutad``  — (final)
============  =========================================================================

A new project may start in any status (a project already under way is recorded as it is).

**Fields** (every problem is collected and reported at once, naming the field and value):
title (required, at most :data:`MAX_TEXT` characters), areas (≥ 1 taxonomy area id),
municipalities (≥ 1 SCB code; ``780`` reads as ``0780``), researchers (names), the form of
collaboration (a form id, optional), funder, amounts applied for and granted and each
municipality's co-financing (whole SEK, 0 or more; as a mapping or as text, ``0780: 100 000``
per line), start and end dates (ISO, end not before
start), links (``http``/``https`` with a host only) and outcome notes — redacted by the one
redactor (:func:`linnedata.survey.privacy.redact`) before they are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from linnedata.errors import InputError, Phrase, Problems, problem
from linnedata.survey.privacy import redact
from linnedata.taxonomy import Taxonomy

STATUSES = ("idé", "kontakt", "möte", "ansökan", "beviljad", "avslagen", "pågår", "avslutad")
"""Every status, in the order of the funnel."""

FIRST_STATUS = STATUSES[0]

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "idé": ("kontakt", "möte", "avslutad"),
    "kontakt": ("möte", "ansökan", "avslutad"),
    "möte": ("ansökan", "pågår", "avslutad"),
    "ansökan": ("beviljad", "avslagen"),
    "beviljad": ("pågår",),
    "avslagen": ("ansökan", "avslutad"),
    "pågår": ("avslutad",),
    "avslutad": (),
}
"""``{status: the statuses it may move to}`` (the table in the module docstring)."""

FREE_STATUSES = ("avslagen", "avslutad")
"""A researcher's place in a project in any other status is taken (capacity left)."""

MAX_TEXT = 300
"""The longest title, funder or researcher name."""

MAX_NOTES = 10_000
"""The longest outcome notes."""

MAX_LINK = 2_000
"""The longest link."""

MAX_AMOUNT = 10**12
"""The largest amount in SEK (a typing slip beyond it is refused)."""

AMOUNT_FIELDS = ("applied", "granted")

FIELDS = (
    "title",
    "areas",
    "municipalities",
    "researchers",
    "form_id",
    "status",
    "funder",
    "applied",
    "granted",
    "cofinancing",
    "start",
    "end",
    "links",
    "notes",
    "round_label",
)
"""The fields of a project record (a plain dict; the store keeps exactly these)."""

EMPTY: dict[str, Any] = {
    "title": "",
    "areas": (),
    "municipalities": (),
    "researchers": (),
    "form_id": None,
    "status": FIRST_STATUS,
    "funder": "",
    "applied": None,
    "granted": None,
    "cofinancing": {},
    "start": None,
    "end": None,
    "links": (),
    "notes": "",
    "round_label": None,
}


def new_record(
    fields: Mapping[str, Any], taxonomy: Taxonomy, codes: Iterable[str]
) -> dict[str, Any]:
    """A checked project record from ``fields`` (missing fields take :data:`EMPTY`).

    Args:
        fields: some of :data:`FIELDS`.
        taxonomy: the areas and forms that exist.
        codes: every SCB municipality code that exists.

    Returns:
        The record, normalised (codes padded, notes redacted, tuples and ints).

    Raises:
        InputError: every problem found (nothing is kept).
    """
    return _checked({**EMPTY, **_known(fields)}, taxonomy, set(codes))


def changed_record(
    current: Mapping[str, Any],
    changes: Mapping[str, Any],
    taxonomy: Taxonomy,
    codes: Iterable[str],
) -> dict[str, Any]:
    """``current`` with ``changes`` applied and checked, the status move included.

    Raises:
        InputError: every problem found, a transition not allowed among them.
    """
    problems = Problems()
    wanted = changes.get("status")
    if wanted is not None and wanted != current["status"]:
        allowed = TRANSITIONS.get(current["status"], ())
        if wanted in STATUSES and wanted not in allowed:
            _error(
                problems,
                "proj_overgang",
                "status",
                str(wanted),
                before=current["status"],
                allowed=", ".join(allowed) or "–",
            )
    record = {**current, **_known(changes)}
    try:
        checked = _checked(record, taxonomy, set(codes))
    except InputError as error:
        problems.errors.extend(error.errors)
    if problems.errors:
        raise InputError(problems.errors)
    return checked


def _error(problems: Problems, code: str, name: str, value: str, **params: Any) -> None:
    """A problem with field ``name`` (its label in the reader's language as ``{field}``)."""
    label = name.split(" ")[0]
    problems.error(code, None, name, value, field=Phrase(f"proj_falt_{label}"), **params)


def _known(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` when every name is one of :data:`FIELDS` (a bug in the caller otherwise)."""
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InputError(
            [problem("proj_falt_okant", None, None, ", ".join(unknown), allowed=", ".join(FIELDS))]
        )
    return dict(fields)


def _checked(record: dict[str, Any], taxonomy: Taxonomy, codes: set[str]) -> dict[str, Any]:
    problems = Problems()
    out = dict(record)
    out["title"] = _text(problems, "title", record["title"], required=True)
    out["funder"] = _text(problems, "funder", record["funder"])
    out["areas"] = _ids(problems, "areas", record["areas"], taxonomy.area_ids, "proj_omrade")
    out["municipalities"] = _codes(problems, record["municipalities"], codes)
    out["researchers"] = _names(problems, record["researchers"])
    out["form_id"] = _form(problems, record["form_id"], taxonomy.form_ids)
    out["status"] = _status(problems, record["status"])
    for name in AMOUNT_FIELDS:
        out[name] = _amount(problems, name, record[name])
    out["cofinancing"] = _cofinancing(problems, record["cofinancing"], out["municipalities"])
    out["start"], out["end"] = _dates(problems, record["start"], record["end"])
    out["links"] = _links(problems, record["links"])
    out["notes"] = _notes(problems, record["notes"])
    out["round_label"] = None if record["round_label"] in (None, "") else str(record["round_label"])
    if problems.errors:
        raise InputError(problems.errors)
    return out


def _text(problems: Problems, name: str, value: Any, *, required: bool = False) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if required and not text:
        _error(problems, "proj_saknas", name, "")
    elif len(text) > MAX_TEXT:
        _error(problems, "proj_for_lang", name, text[:40] + "…", most=MAX_TEXT)
    return text


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    return tuple(str(v).strip() for v in value if str(v).strip())


def _ids(problems: Problems, name: str, value: Any, known: list[str], code: str) -> tuple[str, ...]:
    ids = tuple(dict.fromkeys(_as_tuple(value)))
    if not ids:
        _error(problems, "proj_saknas", name, "")
    for item in ids:
        if item not in known:
            _error(problems, f"{code}_okand", name, item, example=known[0])
    return ids


def _codes(problems: Problems, value: Any, codes: set[str]) -> tuple[str, ...]:
    padded = tuple(
        dict.fromkeys(c.zfill(4) if c.isdigit() and len(c) < 4 else c for c in _as_tuple(value))
    )
    if not padded:
        _error(problems, "proj_saknas", "municipalities", "")
    for code in padded:
        if code not in codes:
            _error(problems, "proj_kommun_okand", "municipalities", code)
    return padded


def _names(problems: Problems, value: Any) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(" ".join(n.split()) for n in _as_tuple(value)))
    for name in names:
        if len(name) > MAX_TEXT:
            _error(problems, "proj_for_lang", "researchers", name[:40] + "…", most=MAX_TEXT)
    return names


def _form(problems: Problems, value: Any, known: list[str]) -> str | None:
    if value in (None, ""):
        return None
    if value not in known:
        _error(problems, "proj_form_okand", "form_id", str(value), example=known[0])
    return str(value)


def _status(problems: Problems, value: Any) -> str:
    if value not in STATUSES:
        _error(problems, "proj_status_okand", "status", str(value), allowed=", ".join(STATUSES))
    return str(value)


def _amount(problems: Problems, name: str, value: Any) -> int | None:
    """Whole SEK, 0 or more (``"1 500 000"`` reads as 1500000); None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).replace("\u00a0", "").replace(" ", "")
    if isinstance(value, bool) or not text.isdigit() or int(text) > MAX_AMOUNT:
        _error(problems, "proj_belopp", name, str(value))
        return None
    return int(text)


def _pairs(problems: Problems, value: Any) -> dict[str, Any]:
    """``{code: amount}`` from a mapping, or from text: one ``code: amount`` per line or
    after a semicolon (``0780: 100 000; 0765: 50000``); a piece without a colon is a problem."""
    if not isinstance(value, str):
        return dict(value or {})
    pairs: dict[str, Any] = {}
    for piece in value.replace(";", "\n").splitlines():
        if not piece.strip():
            continue
        code, colon, amount = piece.partition(":")
        if not colon:
            _error(problems, "proj_medfin_format", "cofinancing", piece.strip())
            continue
        pairs[code.strip()] = amount.strip()
    return pairs


def _cofinancing(problems: Problems, value: Any, members: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, amount in _pairs(problems, value).items():
        padded = str(code).zfill(4)
        if padded not in members:
            _error(problems, "proj_medfin_kommun", "cofinancing", padded)
            continue
        checked = _amount(problems, f"cofinancing {padded}", amount)
        if checked is not None:
            out[padded] = checked
    return out


def _date(problems: Problems, name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        _error(problems, "proj_datum", name, str(value))
        return None


def _dates(problems: Problems, start: Any, end: Any) -> tuple[dt.date | None, dt.date | None]:
    first, last = _date(problems, "start", start), _date(problems, "end", end)
    if first and last and last < first:
        _error(problems, "proj_datum_ordning", "end", last.isoformat(), start=first.isoformat())
    return first, last


def is_web_link(text: str) -> bool:
    """Whether ``text`` is an ``http``/``https`` link with a host and no spaces.

    >>> is_web_link("https://lnu.se/x"), is_web_link("javascript:alert(1)"), is_web_link("http://")
    (True, False, False)
    """
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in text


def _links(problems: Problems, value: Any) -> tuple[str, ...]:
    links = tuple(dict.fromkeys(_as_tuple(value)))
    for link in links:
        if len(link) > MAX_LINK or not is_web_link(link):
            _error(problems, "proj_lank", "links", link[:80])
    return links


def _notes(problems: Problems, value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_NOTES:
        _error(problems, "proj_for_lang", "notes", text[:40] + "…", most=MAX_NOTES)
    return redact(text)[0]


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` of the fields that differ (JSON-ready values)."""
    return {
        name: [_plain(before.get(name)), _plain(after.get(name))]
        for name in FIELDS
        if before.get(name) != after.get(name)
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
