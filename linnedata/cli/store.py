"""The CLI's store commands: ``import``, ``rounds``, ``delete-round``, ``export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.cli.common import (
    MEASURE_COLUMNS,
    STORE_HELP,
    add_import_options,
    cli_user,
    import_options,
    print_problems,
    with_values,
)
from linnedata.figures import ranks
from linnedata.figures.responses import response_table


def add_commands(commands: Any) -> dict[str, Any]:
    """Add the commands that work on the configured store (see ``linnedata.store``);
    returns ``{name: handler}``."""
    store_help = STORE_HELP

    imp = commands.add_parser("import", help="read a survey export and publish it as a round")
    imp.add_argument("file", type=Path)
    imp.add_argument("--round", required=True, help='the round\'s label, e.g. "2025"')
    imp.add_argument("--replace", action="store_true", help="replace the round if it exists")
    imp.add_argument("--db", default=None, help=store_help)
    imp.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    add_import_options(imp)  # --format, --sheet, --header-row, --mapping (a profile) …

    listing = commands.add_parser("rounds", help="list the published rounds")
    listing.add_argument("--db", default=None, help=store_help)

    delete = commands.add_parser("delete-round", help="delete one round (asks to confirm)")
    delete.add_argument("round")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.add_argument("--db", default=None, help=store_help)
    delete.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)

    export = commands.add_parser("export", help="a round's data as CSV or XLSX (formula-safe)")
    export.add_argument("--round", required=True)
    export.add_argument("--level", choices=("responses", *ranks.LEVELS), default="area")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    export.add_argument("--db", default=None, help=store_help)
    export.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    return {"import": _import, "rounds": _rounds, "delete-round": _delete_round, "export": _export}


def _import(args: argparse.Namespace) -> int:
    from linnedata import importing
    from linnedata.store import Store, StoreError
    from linnedata.survey import ReadOptions

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    store = Store(args.db)
    options = _store_import_options(args, store)
    if options is None:
        return 1
    read = ReadOptions.of(file_name=args.file.name, **options)
    try:
        outcome = importing.run(
            store, data, read, round_label=args.round, user=cli_user(), replace=args.replace
        )
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    if outcome.duplicate is not None:
        print(outcome.duplicate.message(args.lang), file=sys.stderr)
        return 1
    found = outcome.found
    if outcome.status == "refused":
        print_problems(found.outcome.errors, "cli_errors", args.lang)
        errors = len(found.outcome.errors)
        print(i18n.t("cli_import_nekad", args.lang, errors=errors), file=sys.stderr)
        return 1
    print_problems(found.outcome.warnings, "cli_warnings", args.lang)
    result = outcome.result
    print(
        i18n.t(
            "cli_import_ok" if result.action == "publish" else "cli_import_ersatt",
            args.lang,
            round=result.round_label,
            responses=result.responses,
            municipalities=result.municipalities,
        )
    )
    return 0


def _store_import_options(args: argparse.Namespace, store: Any) -> dict[str, Any] | None:
    """``read_survey`` options for ``import``: mapping profiles come from the store unless
    ``--profiles DIR`` names a folder; None (after a message) when ``--mapping`` names none."""
    from linnedata.text import strip_diacritics

    wanted, args.mapping = args.mapping, None
    options = import_options(args)
    if options is None:
        return None
    if args.profiles is None:
        options["profiles"] = store
    if wanted is not None:
        saved = options["profiles"].list_profiles()
        profile = next(
            (p for p in saved if strip_diacritics(p.name) == strip_diacritics(wanted)), None
        )
        if profile is None:
            names = ", ".join(p.name for p in saved) or "-"
            print(i18n.t("cli_profil_saknas", args.lang, name=wanted, names=names), file=sys.stderr)
            return None
        with_values(options, profile, args)
    return options


def _rounds(args: argparse.Namespace) -> int:
    from linnedata.store import Store

    table = Store(args.db).rounds()
    table["published_at"] = table["published_at"].map(
        lambda v: v.strftime("%Y-%m-%d %H:%M:%S") if hasattr(v, "strftime") else v
    )
    from linnedata.export import csv_text

    sys.stdout.write(csv_text(table))
    return 0


def _delete_round(args: argparse.Namespace) -> int:
    from linnedata.store import Store, StoreError

    store = Store(args.db)
    if args.round not in store.labels():
        print(i18n.t("store_omgang_saknas", args.lang, round=args.round), file=sys.stderr)
        return 1
    if not args.yes:
        if not sys.stdin.isatty():
            print(i18n.t("cli_bekrafta_yes", args.lang, round=args.round), file=sys.stderr)
            return 2
        answer = input(i18n.t("cli_bekrafta_fraga", args.lang, round=args.round) + " ")
        if answer.strip() != args.round:
            print(i18n.t("cli_avbrutet", args.lang), file=sys.stderr)
            return 1
    try:
        deleted = store.delete_round(args.round, user=cli_user())
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    print(i18n.t("cli_raderad", args.lang, round=args.round, responses=deleted))
    return 0


def _export(args: argparse.Namespace) -> int:
    from linnedata import export
    from linnedata.places.region import default_resolver
    from linnedata.store import Store, StoreError

    try:
        survey = Store(args.db).load(args.round)
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    if args.level == "responses":
        table = response_table(survey)
    else:
        key = ranks.key_of(args.level)
        table = ranks.level_measures(survey, args.level)
        table.insert(1, "kommun", table["kommun_kod"].map(default_resolver().name))
        table = table[["kommun_kod", "kommun", key, *MEASURE_COLUMNS]]
    header = [i18n.t("export_omgang", args.lang, round=args.round)]
    if args.format == "csv":
        payload = export.csv_bytes(table, header)
    else:
        payload = export.xlsx_bytes({args.level: table}, header)
    if args.out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    # A missing folder is created (export --out reports/2025/svar.csv just works).
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(payload)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(i18n.t("cli_export_kan_inte_skriva", args.lang, path=args.out, reason=reason),
              file=sys.stderr)  # fmt: skip
        return 1
    print(args.out)
    return 0
