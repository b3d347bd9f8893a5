"""The CLI's questionnaire commands: ``questionnaire open|links|status|revoke|remind|close``
(``close --paper FILE`` adds another file's answers, as the Enkät page does).

A thin layer over :mod:`linnedata.questionnaire`. ``--json`` prints a list of objects with exactly the keys of the
command's table; otherwise CSV on stdout. Messages go to stderr, in ``--lang``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from linnedata import i18n, importing, questionnaire
from linnedata.cli.common import STORE_HELP, cli_user, print_problems
from linnedata.questionnaire import draft, reminders
from linnedata.questionnaire.limits import DEFAULT_CAP

LINK_KEYS = ["kommun_kod", "kommun", "url"]
STATUS_KEYS = ["kommun_kod", "kommun", "invited", "started", "submitted"]
REMIND_KEYS = ["kommun_kod", "kommun", "status"]


def add_commands(commands: Any) -> dict[str, Any]:
    """Add ``questionnaire`` and its actions to ``commands``; returns ``{name: handler}``."""
    group = commands.add_parser("questionnaire", help="the questionnaire inside the dashboard")
    actions = group.add_subparsers(dest="action", required=True)
    opening = actions.add_parser("open", help="open a round for answers (then: links)")
    opening.add_argument("--opens", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    opening.add_argument("--closes", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    opening.add_argument(
        "--municipalities", type=Path, default=None, help="a region file (default: the region)"
    )
    opening.add_argument("--cap", type=int, default=DEFAULT_CAP, help="answers per municipality")
    links = actions.add_parser("links", help="new links for every invited municipality")
    status = actions.add_parser("status", help="who has begun and sent answers")
    revoke = actions.add_parser("revoke", help="a new link for one municipality")
    revoke.add_argument("--kommun", required=True, help="an SCB code, e.g. 0780")
    remind = actions.add_parser("remind", help="remind those who have not answered")
    remind.add_argument("--dry-run", action="store_true")
    closing = actions.add_parser("close", help="close, and publish the answers through the import")
    closing.add_argument(
        "--paper",
        type=Path,
        default=None,
        metavar="FILE",
        help="add the answers of another file (e.g. answered on paper), read as any import",
    )
    for parser in actions.choices.values():
        parser.add_argument("--round", required=True)
        parser.add_argument("--db", default=None, help=STORE_HELP)
        parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    for parser in (links, status, revoke, remind):
        parser.add_argument("--json", action="store_true")
    return {"questionnaire": run}


def _print(table: pd.DataFrame, keys: list[str], as_json: bool) -> None:
    shown = table[keys]
    if as_json:
        print(json.dumps(shown.to_dict("records"), ensure_ascii=False, indent=1, default=int))
    else:
        shown.to_csv(sys.stdout, index=False, lineterminator="\n")


def run(args: argparse.Namespace) -> int:
    """Run one questionnaire action (store refusals are printed by ``linnedata.cli.main``)."""
    from linnedata.store import Store

    store = Store(args.db)
    return ACTIONS[args.action](store, args)


def _open(store: Any, args: argparse.Namespace) -> int:
    from linnedata.errors import SchemaError
    from linnedata.places.region import load_region

    invited = None
    if args.municipalities is not None:
        try:
            invited = load_region(args.municipalities)
        except (SchemaError, OSError) as error:
            print(str(error), file=sys.stderr)
            return 1
    label = questionnaire.open_round(
        store, args.round, opens=args.opens, closes=args.closes, municipalities=invited,
        cap=args.cap, user=cli_user(),
    )  # fmt: skip
    n = len(store.questionnaire.invited(label))
    print(i18n.t("enkat_cli_oppnad", args.lang, round=label, n=n), file=sys.stderr)
    return 0


def _links(store: Any, args: argparse.Namespace) -> int:
    issued = questionnaire.issue_links(store, args.round)
    print(i18n.t("enkat_lankar_hemliga", args.lang), file=sys.stderr)
    _print(issued, LINK_KEYS, args.json)
    return 0


def _status(store: Any, args: argparse.Namespace) -> int:
    table = questionnaire.status(store, args.round).assign(invited=True)
    _print(table, STATUS_KEYS, args.json)
    return 0


def _revoke(store: Any, args: argparse.Namespace) -> int:
    _print(questionnaire.revoke(store, args.round, args.kommun), LINK_KEYS, args.json)
    return 0


def _remind(store: Any, args: argparse.Namespace) -> int:
    settings = reminders.SmtpSettings.from_env()
    done = reminders.remind(
        store, args.round, settings=settings, dry_run=args.dry_run, lang=args.lang
    )
    if settings is None and not args.dry_run:
        print(i18n.t("enkat_smtp_saknas", args.lang), file=sys.stderr)
        for row in done[done["status"] == "mailto"].itertuples():
            print(f"{row.kommun_kod} {row.kommun}: {row.mailto}", file=sys.stderr)
    _print(done, REMIND_KEYS, args.json)
    return int((done["status"] == "failed").any())


def _close(store: Any, args: argparse.Namespace) -> int:
    from linnedata.errors import InputError
    from linnedata.survey import ReadOptions

    paper = None
    if args.paper is not None:  # read first: a file that cannot be added closes nothing
        try:
            paper = questionnaire.paper_answers(args.paper, args.paper.name, args.round)
        except InputError as error:
            print(i18n.t("enkat_papper_fel_cli", args.lang, file=args.paper.name), file=sys.stderr)
            print_problems(error.errors, "cli_errors", args.lang)
            return 1
    questionnaire.close(store, args.round)
    table = questionnaire.draft_table(store, args.round, paper=paper)
    if table.empty:
        print(i18n.t("enkat_inga_svar", args.lang), file=sys.stderr)
        return 1
    data = draft.draft_bytes(table)
    options = ReadOptions.of(file_name=draft.file_name(args.round))
    outcome = importing.run(store, data, options, round_label=args.round, user=cli_user())
    if outcome.status != "published":
        if outcome.found is not None:
            print_problems(outcome.found.outcome.errors, "cli_errors", args.lang)
        return 1
    questionnaire.published(store, args.round)
    print_problems(outcome.found.outcome.warnings, "cli_warnings", args.lang)
    result = outcome.result
    print(i18n.t("cli_import_ok", args.lang, round=result.round_label,
                 responses=result.responses, municipalities=result.municipalities))  # fmt: skip
    return 0


ACTIONS = {
    "open": _open,
    "links": _links,
    "status": _status,
    "revoke": _revoke,
    "remind": _remind,
    "close": _close,
}
