"""The CLI's ``project`` commands: the follow-up record of joint projects, on the store.

``add`` prints the new project's number; ``update`` changes one project — its title, areas,
municipalities and form as well as its status (a move must be allowed, see
:mod:`linnedata.followup.rules`), funding and notes, under the checks of ``add``; ``list`` shows the projects with their
status history (CSV, or JSON with ``--json``); ``export`` writes CSV or XLSX through the one
export writer (formula-safe). A refused change prints every problem and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.cli.common import STORE_HELP, cli_user


def add_commands(commands: Any) -> dict[str, Any]:
    """Add ``project add|update|list|export`` to ``commands``; returns ``{name: handler}``."""
    project = commands.add_parser("project", help="the follow-up record of joint projects")
    actions = project.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="record a new project; prints its number")
    add.add_argument("--title", required=True)
    add.add_argument("--area", action="append", required=True, metavar="AREA_ID")
    add.add_argument("--kommun", action="append", required=True, metavar="CODE")
    add.add_argument("--researcher", action="append", default=[], metavar="NAME")
    add.add_argument("--status", default=None, help="the status to start in (default: idé)")
    add.add_argument("--form", default=None, metavar="FORM_ID", help="the form of collaboration")
    update = actions.add_parser(
        "update", help="change one project (what it is, who takes part, status, funding, notes)"
    )
    update.add_argument("id", type=int)
    update.add_argument("--title", default=None)
    update.add_argument(
        "--area", action="append", default=None, metavar="AREA_ID", help="replaces the areas"
    )
    update.add_argument(
        "--kommun",
        action="append",
        default=None,
        metavar="CODE",
        help="replaces the municipalities",
    )
    update.add_argument("--form", default=None, metavar="FORM_ID", help='"" for none')
    update.add_argument("--status", default=None)
    update.add_argument("--funder", default=None)
    update.add_argument("--applied", default=None, metavar="SEK")
    update.add_argument("--granted", default=None, metavar="SEK")
    update.add_argument("--note", default=None, metavar="TEXT", help="a line added to the notes")
    listing = actions.add_parser("list", help="the projects with their status history")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--status", default=None)
    listing.add_argument("--kommun", default=None, metavar="CODE")
    export = actions.add_parser("export", help="every project as CSV or XLSX (formula-safe)")
    export.add_argument("--format", choices=("csv", "xlsx"), required=True)
    export.add_argument("--out", type=Path, required=True)
    for parser in actions.choices.values():
        parser.add_argument("--db", default=None, help=STORE_HELP)
        parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    return {"project": _project}


def _project(args: argparse.Namespace) -> int:
    from linnedata.errors import InputError, TranslatableError
    from linnedata.store import Store

    store = Store(args.db)
    handler = {"add": _add, "update": _update, "list": _list, "export": _export}[args.action]
    try:
        return handler(store, args)
    except InputError as error:
        for problem in error.errors:
            print(problem.message(args.lang), file=sys.stderr)
        print(i18n.t("proj_cli_inget_sparat", args.lang), file=sys.stderr)
        return 1
    except TranslatableError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1


def _add(store: Any, args: argparse.Namespace) -> int:
    from linnedata.followup import record

    fields: dict[str, Any] = {
        "title": args.title,
        "areas": args.area,
        "municipalities": args.kommun,
        "researchers": args.researcher,
    }
    if args.status is not None:
        fields["status"] = args.status
    if args.form is not None:
        fields["form_id"] = args.form
    print(record.add(store, fields, user=cli_user()))
    return 0


def _update(store: Any, args: argparse.Namespace) -> int:
    from linnedata.followup import record

    given = {
        "title": args.title,
        "areas": args.area,
        "municipalities": args.kommun,
        "form_id": args.form,
        "status": args.status,
        "funder": args.funder,
        "applied": args.applied,
        "granted": args.granted,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    if args.note is not None:
        current = next((p for p in store.projects() if p["id"] == args.id), None)
        before = current["notes"] if current else ""
        changes["notes"] = f"{before}\n{args.note}".strip()
    new = record.update(store, args.id, changes, user=cli_user())
    status = i18n.t(f"proj_status_{new['status']}", args.lang)
    print(i18n.t("proj_cli_uppdaterat", args.lang, id=args.id, status=status))
    return 0


def _list(store: Any, args: argparse.Namespace) -> int:
    from linnedata.followup import record

    found = record.listed(store, status=args.status, municipality=args.kommun)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2, default=_plain))
        return 0
    from linnedata.export import csv_text

    sys.stdout.write(csv_text(_table(found, args.lang)))
    return 0


def _plain(value: Any) -> Any:
    """Dates and times as ISO text (``json.dumps``' ``default``)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _table(found: list[dict[str, Any]], lang: str) -> Any:
    from linnedata.followup import summary
    from linnedata.places.region import national_municipalities
    from linnedata.taxonomy import default_taxonomy

    names = dict(national_municipalities()[["kommun_kod", "kommun"]].itertuples(index=False))
    return summary.export_table(found, names, default_taxonomy(), lang)


def _export(store: Any, args: argparse.Namespace) -> int:
    from linnedata import export

    table = _table(store.projects(), args.lang)
    header = [i18n.t("proj_export_rubrik", args.lang)]
    if args.format == "csv":
        payload = export.csv_bytes(table, header)
    else:
        payload = export.xlsx_bytes({i18n.t("proj_export_blad", args.lang): table}, header)
    args.out.write_bytes(payload)
    print(i18n.t("proj_cli_exporterat", args.lang, n=len(table), file=str(args.out)))
    return 0
