"""Add, change and list projects: the one use case the CLI and the pages call.

Every call is one store transaction: a refused project or change (any problem, a status
move not allowed) writes nothing, and every kept change is in the project's history with who
and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from linnedata.errors import TranslatableError
from linnedata.followup import rules
from linnedata.places.region import national_municipalities
from linnedata.store import Store
from linnedata.taxonomy import Taxonomy, default_taxonomy


class UnknownProjectError(TranslatableError):
    """There is no project with this id."""

    def __init__(self, pid: int) -> None:
        super().__init__("proj_okant_id", id=pid)


@cache
def known_codes() -> frozenset[str]:
    """Every SCB municipality code (a project may reach beyond the survey's region)."""
    return frozenset(national_municipalities()["kommun_kod"].astype(str))


def add(
    store: Store, fields: Mapping[str, Any], *, user: str, taxonomy: Taxonomy | None = None
) -> int:
    """Check ``fields`` (:data:`~linnedata.followup.rules.FIELDS`) and keep a new project.

    Returns:
        The new project's id.

    Raises:
        InputError: every problem with the fields (nothing is kept).
    """
    record = rules.new_record(fields, taxonomy or default_taxonomy(), known_codes())
    return store.add_project(record, rules.differences(rules.EMPTY, record), user=user)


def update(
    store: Store,
    pid: int,
    changes: Mapping[str, Any],
    *,
    user: str,
    taxonomy: Taxonomy | None = None,
) -> dict[str, Any]:
    """Apply ``changes`` to project ``pid`` (a status move must be allowed).

    Returns:
        The project as it now is.

    Raises:
        InputError: every problem, a transition not allowed among them (nothing is kept).
        UnknownProjectError: there is no project ``pid``.
    """
    taxonomy = taxonomy or default_taxonomy()

    def change(current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        new = rules.changed_record(current, changes, taxonomy, known_codes())
        return new, rules.differences(current, new)

    new = store.update_project(pid, change, user=user)
    if new is None:
        raise UnknownProjectError(pid)
    return new


def listed(
    store: Store, *, status: str | None = None, municipality: str | None = None
) -> list[dict[str, Any]]:
    """The projects (with their history), optionally of one status or municipality, by id."""
    code = municipality.zfill(4) if municipality and municipality.isdigit() else municipality
    return [
        p
        for p in store.projects()
        if (status is None or p["status"] == status)
        and (code is None or code in p["municipalities"])
    ]
