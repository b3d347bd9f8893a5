"""The CLI's competence commands: ``competence import|list``, ``projects``, ``search-text``.

These read reader/steward data, so they work on the store directly (on the server).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.cli.common import STORE_HELP
from linnedata.competence import registry as competence_list
from linnedata.errors import InputError
from linnedata.export import csv_text


def add_commands(commands: Any) -> dict[str, Any]:
    """Add the subcommands to ``commands``; returns ``{name: handler}``."""
    competence = commands.add_parser("competence", help="the faculty's competence registry")
    actions = competence.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="save a competence list (CSV/XLSX) as a new version")
    imp.add_argument("file", type=Path)
    listing = actions.add_parser("list", help="the registry as CSV on stdout")
    listing.add_argument("--version", type=int, default=None, help="an older version")
    actions.add_parser("versions", help="who saved which version, when")
    for parser in actions.choices.values():
        parser.add_argument("--db", default=None, help=STORE_HELP)
        parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)

    projects = commands.add_parser(
        "projects", help="joint-project proposals of one round, strongest first"
    )
    projects.add_argument("--round", required=True)
    projects.add_argument("--json", action="store_true")
    projects.add_argument(
        "--all", action="store_true", help="every proposal (default: the top 10 by score)"
    )
    search = commands.add_parser("search-text", help="search the free-text answers")
    search.add_argument("query")
    search.add_argument("--round", default=None)
    search.add_argument("--kommun", default=None, help="an SCB code, e.g. 0780")
    search.add_argument("--area", default=None, help="an area id, e.g. bostadsplanering")
    search.add_argument("--role", default=None)
    search.add_argument("--json", action="store_true")
    for parser in (projects, search):
        parser.add_argument("--db", default=None, help=STORE_HELP)
        parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    return {"competence": _competence, "projects": _projects, "search-text": _search_text}


def _competence(args: argparse.Namespace) -> int:
    from linnedata.cli.common import cli_user
    from linnedata.store import Store

    store = Store(args.db)
    if args.action == "import":
        try:
            table = competence_list.read_researchers(args.file)
        except InputError as error:
            for problem in error.errors:
                print(problem.message(args.lang), file=sys.stderr)
            print(i18n.t("komp_cli_sparades_inte", args.lang), file=sys.stderr)
            return 1
        version = store.save_registry(table, user=cli_user(), file_name=args.file.name)
        print(i18n.t("komp_cli_sparad", args.lang, version=version, n=len(table)))
        removed = competence_list.removed_line(table, args.lang)
        if removed:
            print(removed)
        return 0
    if args.action == "versions":
        table = store.registry_versions()
        table["changes"] = table["changes"].map(lambda c: json.dumps(c, ensure_ascii=False))
    else:
        table = competence_list.plain_registry(store.registry(args.version))
    sys.stdout.write(csv_text(table))  # formula-safe, like every export
    return 0


def _projects(args: argparse.Namespace) -> int:
    from linnedata.competence import projects
    from linnedata.followup import summary
    from linnedata.places.region import national_municipalities
    from linnedata.store import Store, StoreError
    from linnedata.taxonomy import default_taxonomy

    store = Store(args.db)
    try:
        survey = store.load(args.round)
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    names = dict(national_municipalities()[["kommun_kod", "kommun"]].itertuples(index=False))
    found = projects.find_proposals(
        projects.eligibility(survey),
        store.registry(),
        names,
        default_taxonomy(),
        args.lang,
        commitments=summary.commitments(store.projects()),
    )
    shown = found if args.all else found[: projects.TOP_N]
    if args.json:
        print(json.dumps(projects.proposals_json(shown), ensure_ascii=False, indent=2))
    else:
        table = projects.proposals_table(shown, names, default_taxonomy(), args.lang)
        sys.stdout.write(csv_text(table))
    return 0


def _search_text(args: argparse.Namespace) -> int:
    from linnedata.competence import search
    from linnedata.store import Store

    search.check_query(args.query)  # over the caps: a message (cli.main), nothing loaded
    store = Store(args.db)
    if args.round and args.round not in store.labels():
        print(i18n.t("komp_cli_okand_omgang", args.lang, round=args.round), file=sys.stderr)
        return 1
    answers = search.answers_table(store.load_all())
    hits = search.search(
        answers,
        args.query,
        round_label=args.round,
        municipality=args.kommun,
        area=args.area,
        role=args.role,
    )
    if args.json:
        print(json.dumps(hits.to_dict("records"), ensure_ascii=False, indent=2, default=str))
    else:
        sys.stdout.write(csv_text(hits))
    return 0
