"""Command line: ``python -m linnedata validate|measures|demo|neighbours|similar|seminars|
competence|projects|search-text …``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.competence.cli import add_commands as add_competence_commands
from linnedata.errors import InputError
from linnedata.questionnaire.cli import add_commands as add_questionnaire_commands
from linnedata.reports.cli import add_report_command, run_report

MEASURE_COLUMNS = ["medelbetyg", "prioriteringspoang", "andel_angelaget", "antal_svarande"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m linnedata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a survey export; exit 0 when importable")
    validate.add_argument("file", type=Path)
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    validate.add_argument(
        "--round", default=None, help="round label (default: year in the file name)"
    )
    validate.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    _add_import_options(validate)

    measures = commands.add_parser("measures", help="per-municipality measures as CSV on stdout")
    measures.add_argument("file", type=Path)
    measures.add_argument("--level", choices=("area", "theme"), default="area")
    measures.add_argument("--round", default=None)
    measures.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    _add_import_options(measures)

    demo = commands.add_parser("demo", help="regenerate the fictional demo survey in data/demo/")
    demo.add_argument("--out", type=Path, default=None)

    neighbours = commands.add_parser(
        "neighbours", help="a municipality's neighbours by shared border (SCB boundaries)"
    )
    neighbours.add_argument("kommun", help="SCB code or name, e.g. 0780 or Växjö")
    neighbours.add_argument("--json", action="store_true", help="print the list as JSON")
    neighbours.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)

    similar = commands.add_parser(
        "similar", help="the five municipalities with the most similar challenge profile"
    )
    similar.add_argument("kommun", help="SCB code or name, e.g. 0780 or Växjö")
    similar.add_argument("--round", required=True, help="the survey round, e.g. 2024")
    similar.add_argument("--json", action="store_true", help="print the list as JSON")
    similar.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)

    seminars = commands.add_parser(
        "seminars", help="plan the working seminars: topics, coverage, groups, researchers"
    )
    seminars.add_argument("--round", default=None, help="survey round (default: the newest)")
    seminars.add_argument("--groups", type=int, required=True, help="parallel seminars (S)")
    seminars.add_argument("--min", type=int, default=3, help="fewest municipalities per seminar")
    seminars.add_argument("--max", type=int, default=8, help="most municipalities per seminar")
    seminars.add_argument("--level", choices=("area", "theme"), default="area")
    seminars.add_argument(
        "--county-cap", type=int, default=None, help="most per county per seminar"
    )
    seminars.add_argument("--include", action="append", default=[], help="topic that must be held")
    seminars.add_argument("--exclude", action="append", default=[], help="topic not to hold")
    seminars.add_argument(
        "--lock", action="append", default=[], metavar="KOMMUN=TOPIC", help="keep a placement"
    )
    seminars.add_argument("--file", type=Path, default=None, help="survey file (default: demo)")
    seminars.add_argument(
        "--researchers", type=Path, default=None, help="competence list (default: demo list)"
    )
    seminars.add_argument("--json", action="store_true", help="print the plan as JSON")
    seminars.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)

    _add_store_commands(commands)
    add_report_command(commands)
    competence_commands = add_competence_commands(commands)
    questionnaire_commands = add_questionnaire_commands(commands)

    args = parser.parse_args(argv)
    from linnedata.region import region_error

    if (bad_region := region_error()) is not None:
        lang = getattr(args, "lang", i18n.DEFAULT_LANG)
        print(i18n.t("region_fel", lang, file=str(bad_region.path)), file=sys.stderr)
        for line in bad_region.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    command = {
        "validate": _validate,
        "measures": _measures,
        "demo": _demo,
        "neighbours": _neighbours,
        "similar": _similar,
        "seminars": _seminars,
        **STORE_COMMANDS,
        "report": run_report,
        **competence_commands,
        **questionnaire_commands,
    }[args.command]
    try:
        return command(args)
    except Exception as error:  # the one exit of every store refusal and fault
        from linnedata.store.errors import StoreError

        if not isinstance(error, StoreError):
            raise
        print(error.message(getattr(args, "lang", i18n.DEFAULT_LANG)), file=sys.stderr)
        return 1


def _add_import_options(command: argparse.ArgumentParser) -> None:
    """The options of reading any export format (``validate`` and ``measures``)."""
    from linnedata.survey import FORMAT_CHOICES, MAX_BYTES

    command.add_argument(
        "--format", choices=FORMAT_CHOICES, default="auto", help="export format (default: auto)"
    )
    command.add_argument("--sheet", default=None, help="workbook sheet to read")
    command.add_argument(
        "--header-row", type=int, default=None, help="row of the column headers (default: found)"
    )
    command.add_argument(
        "--mapping", default=None, metavar="PROFILE", help="saved column-mapping profile to apply"
    )
    command.add_argument(
        "--profiles",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of mapping profiles (default: var/mapping_profiles)",
    )
    command.add_argument(
        "--allow-outside-region",
        action="store_true",
        help="accept municipalities outside the region (with a warning)",
    )
    command.add_argument(
        "--max-mb", type=float, default=MAX_BYTES / 1e6, help="size limit in MB (default: 25)"
    )
    command.add_argument(
        "--column",
        action="append",
        default=[],
        type=_column_target,
        metavar="HEADER=TARGET",
        help="read the column HEADER as TARGET, e.g. --column 'Ort=kommun' (repeatable)",
    )
    command.add_argument(
        "--value",
        action="append",
        default=[],
        type=_label_value,
        metavar="LABEL=N",
        help="read a rating label that is not on the scale as N, 1-5 (repeatable)",
    )


def _label_value(text: str) -> tuple[str, int]:
    """``"Mycket stor utmaning=5"`` → ``("Mycket stor utmaning", 5)`` (``--value``)."""
    label, _, number = text.rpartition("=")
    if not label.strip() or number.strip() not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(i18n.t("cli_value_ogiltig", i18n.DEFAULT_LANG, value=text))
    return label.strip(), int(number)


def _column_target(text: str) -> tuple[str, str]:
    """``"Ort=kommun"`` → ``("Ort", "kommun")`` (``--column``; the target is checked with
    the mapping, which names a wrong one)."""
    header, _, target = text.rpartition("=")
    if not header.strip():
        raise argparse.ArgumentTypeError(
            i18n.t("cli_column_ogiltig", i18n.DEFAULT_LANG, value=text)
        )
    return header.strip(), target.strip()


def _with_values(options: dict[str, Any], profile: Any, args: argparse.Namespace) -> None:
    """The profile's column mapping with ``--column`` over it, and its value mapping with
    ``--value`` over it."""
    options["mapping"] = {**profile.columns, **dict(args.column)}
    options["values"] = {**profile.values, **dict(args.value)}


def _import_options(args: argparse.Namespace) -> dict[str, object] | None:
    """Keyword arguments of ``read_survey`` from the options; None (after a message on
    stderr) when ``--mapping`` names no saved profile."""
    from linnedata.survey import PROFILE_DIR, FileProfileStore

    store = FileProfileStore(args.profiles or PROFILE_DIR)
    options: dict[str, object] = {
        "format": args.format,
        "sheet": args.sheet,
        "header_row": args.header_row,
        "allow_outside_region": args.allow_outside_region,
        "max_bytes": int(args.max_mb * 1e6),
        "profiles": store,
        "values": dict(args.value),
    }
    if args.column:
        options["mapping"] = dict(args.column)
    if args.mapping is not None:
        profile = store.get(args.mapping)
        if profile is None:
            names = ", ".join(p.name for p in store.list_profiles()) or "-"
            print(
                i18n.t("cli_profil_saknas", args.lang, name=args.mapping, names=names),
                file=sys.stderr,
            )
            return None
        _with_values(options, profile, args)
    return options


def _round(args: argparse.Namespace) -> str:
    """The ``--round`` given (normalised), else the label ``linnedata.rounds.suggest`` makes of
    the file name ("svar (1).csv" → "svar 1"), else "enkat"; an invalid ``--round`` typed by
    the user is still reported."""
    from linnedata import rounds

    if args.round is not None:
        return rounds.normalise(args.round)
    return rounds.suggest(args.file.name) or "enkat"


def _validate(args: argparse.Namespace) -> int:
    from linnedata.survey import validation_report

    options = _import_options(args)
    if options is None:
        return 2
    report = validation_report(
        args.file,
        round_label=_round(args),
        file_name=args.file.name,
        lang=args.lang,
        **options,  # type: ignore[arg-type]
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(report["detected"])
        _print_mapping(report["mapping"], args.lang)
        for kind in ("errors", "warnings"):
            for problem in report[kind]:
                print(f"{i18n.t('cli_' + kind, args.lang)}: {problem['message']}")
            if report[f"{kind}_left_off"]:
                print(i18n.t("rapport_fler", args.lang, count=report[f"{kind}_left_off"]))
        print(
            i18n.t(
                "cli_ok" if report["ok"] else "cli_inte_ok",
                args.lang,
                responses=report["responses"],
                municipalities=report["municipalities"],
                errors=report["error_count"],
                warnings=report["warning_count"],
            )
        )
    return 0 if report["ok"] else 1


def _print_mapping(decisions: list[dict[str, str]], lang: str) -> None:
    """Every column not read under its standard name: how it was read and why."""
    from linnedata.survey import REASON_KEYS

    for d in decisions:
        if d["reason"] != "kanonisk":
            reason = i18n.t(REASON_KEYS[d["reason"]], lang)
            print(f"  '{d['column']}' → {d['target'] or '–'} ({reason})")


def _measures(args: argparse.Namespace) -> int:
    from linnedata import measures
    from linnedata.region import default_resolver
    from linnedata.survey import read_survey

    options = _import_options(args)
    if options is None:
        return 2
    try:
        survey = read_survey(
            args.file,
            round_label=_round(args),
            file_name=args.file.name,
            **options,  # type: ignore[arg-type]
        )
    except InputError as error:
        _print_problems(error.errors, "cli_errors", args.lang)
        return 1
    key = "area_id" if args.level == "area" else "theme_id"
    table = (
        measures.area_measures(survey) if args.level == "area" else measures.theme_measures(survey)
    )
    table.insert(1, "kommun", table["kommun_kod"].map(default_resolver().name))
    table = table[["kommun_kod", "kommun", key, *MEASURE_COLUMNS]]
    from linnedata.export import csv_text

    sys.stdout.write(csv_text(table))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from linnedata.demo import DEMO_DIR, generate_demo

    for path in generate_demo(args.out or DEMO_DIR):
        print(path)
    return 0


def _resolve_municipality(text: str, lang: str) -> str | None:
    """The SCB code of what the user typed (code or name), or None after printing why not."""
    from linnedata.region import default_resolver

    found = default_resolver().resolve(text)
    if found.code is None:
        message = i18n.t(
            "cli_kommun_okand", lang, value=text, candidates=", ".join(found.candidates) or "–"
        )
        print(f"{i18n.t('cli_errors', lang)}: {message}", file=sys.stderr)
    return found.code


def _neighbours(args: argparse.Namespace) -> int:
    from linnedata import geo
    from linnedata.region import default_region

    code = _resolve_municipality(args.kommun, args.lang)
    if code is None:
        return 1
    table = geo.neighbours(code, set(default_region()["kommun_kod"]))
    records = [
        {
            "kommun_kod": row.kommun_kod,
            "kommun": row.kommun,
            "typ": row.typ,
            "via": row.via,
            "i_regionen": bool(row.i_regionen),
        }
        for row in table.itertuples()
    ]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    for record in records:
        notes = geo.neighbour_notes(
            record["typ"], record["via"], record["i_regionen"], args.lang, plain_border=True
        )
        print(f"{record['kommun_kod']}  {record['kommun']}  ({', '.join(notes)})")
    return 0


def _similar(args: argparse.Namespace) -> int:
    from linnedata import demo, measures, similarity
    from linnedata.region import default_resolver
    from linnedata.taxonomy import default_taxonomy

    code = _resolve_municipality(args.kommun, args.lang)
    if code is None:
        return 1
    surveys = demo.load_demo()
    if args.round not in surveys:
        message = i18n.t(
            "cli_omgang_okand", args.lang, value=args.round, rounds=", ".join(sorted(surveys))
        )
        print(f"{i18n.t('cli_errors', args.lang)}: {message}", file=sys.stderr)
        return 1
    taxonomy = default_taxonomy()
    result = similarity.most_similar(
        measures.area_measures(surveys[args.round], taxonomy), code, taxonomy.area_ids
    )
    name = default_resolver().name
    labels = taxonomy.labels("area", args.lang)
    records = [
        {
            "kommun_kod": row.kommun_kod,
            "kommun": name(row.kommun_kod),
            "avstand": round(float(row.avstand), 4),
            "antal_omraden": int(row.antal_omraden),
            "gemensamma_topp": list(row.gemensamma),
        }
        for row in result.table.itertuples()
    ]
    if args.json:
        report = {
            "kommun_kod": code,
            "kommun": name(code),
            "omgang": args.round,
            "jamford": result.compared,
            "liknande": records,
            "utelamnade": list(result.excluded),
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    if not result.compared:
        print(i18n.t("liknande_for_fa", args.lang, name=name(code), n=similarity.MIN_AREAS))
    for record in records:
        shared = ", ".join(labels[a] for a in record["gemensamma_topp"]) or "–"
        print(f"{record['kommun_kod']}  {record['kommun']:<16} {record['avstand']:.2f}  {shared}")
    if result.excluded:
        print(
            i18n.t(
                "liknande_utelamnade",
                args.lang,
                n=similarity.MIN_AREAS,
                names=", ".join(name(c) for c in result.excluded),
            )
        )
    return 0


def _seminars(args: argparse.Namespace) -> int:
    from linnedata import researchers, seminars
    from linnedata.demo import load_demo
    from linnedata.region import default_region, default_resolver
    from linnedata.survey import read_survey
    from linnedata.taxonomy import default_taxonomy

    taxonomy = default_taxonomy()
    lang = args.lang

    def fail(messages: list[str]) -> int:
        if args.json:
            print(json.dumps({"ok": False, "errors": messages}, ensure_ascii=False, indent=2))
        else:
            for message in messages:
                print(f"{i18n.t('cli_errors', lang)}: {message}", file=sys.stderr)
        return 1

    try:
        if args.file is not None:
            survey = read_survey(args.file, round_label=_round(args), file_name=args.file.name)
        else:
            rounds = load_demo()
            label = args.round or max(rounds)
            if label not in rounds:
                return fail(
                    [
                        i18n.t(
                            "cli_sem_okand_omgang",
                            lang,
                            round=label,
                            rounds=", ".join(sorted(rounds)),
                        )
                    ]
                )
            survey = rounds[label]
        people = researchers.read_researchers(args.researchers or researchers.DEMO_RESEARCHERS)
    except InputError as error:
        return fail([problem.message(lang) for problem in error.errors])
    labels = taxonomy.labels(args.level, lang)

    def topic(text: str) -> str:
        found = taxonomy.resolve(args.level, text)
        return found or text

    locks = []
    for lock in args.lock:
        place, _, item = lock.partition("=")
        resolved = default_resolver().resolve(place)
        code = getattr(resolved, "code", None) or place
        locks.append((code, topic(item)))
    settings = seminars.Settings(
        seminars=args.groups,
        min_size=args.min,
        max_size=args.max,
        include=tuple(topic(x) for x in args.include),
        exclude=tuple(topic(x) for x in args.exclude),
        county_cap=args.county_cap,
        locks=tuple(locks),
    )
    prefs = seminars.preferences(survey, args.level, default_region(), taxonomy)
    try:
        plan = seminars.plan_seminars(prefs, settings, labels)
    except seminars.PlanInfeasible as error:
        return fail([error.message(lang)])
    matching = researchers.match_researchers(plan, prefs, people, taxonomy)
    if args.json:
        report = seminars.plan_json(plan, labels, matching.matches, lang)
        report["ok"] = True
        report["round"] = survey.round
        report["gaps"] = [
            seminars.gap_text(row.orsak, labels[row.topic], lang)
            for row in matching.gaps.itertuples(index=False)
        ]
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    names = dict(
        zip(prefs.municipalities["kommun_kod"], prefs.municipalities["kommun"], strict=True)
    )
    print(
        i18n.t(
            "cli_sem_amnen",
            lang,
            round=survey.round,
            topics=", ".join(labels[t] for t in plan.topics),
        )
    )
    print(
        i18n.t(
            "cli_sem_tackning",
            lang,
            coverage=i18n.t("n_av_N", lang, n=plan.covered, N=plan.interested),
            score=i18n.fmt_number(plan.total_preference, 1, lang),
        )
    )
    if plan.uncovered:
        print(i18n.t("cli_sem_utanfor", lang, names=", ".join(names[c] for c in plan.uncovered)))
    lines = seminars.explain(plan, labels, lang)
    for seminar in plan.seminars:
        print()
        print(f"{seminar.number}. {seminars.seminar_label(seminar, plan, labels)}")
        rows = plan.placements.index[plan.placements["seminarium"] == seminar.number]
        for index in rows:
            print(f"   {lines[index]}")
        found = matching.matches.loc[matching.matches["seminarium"] == seminar.number]
        for row in found.itertuples(index=False):
            print(f"   + {row.forskare}")
        for row in matching.gaps.loc[matching.gaps["seminarium"] == seminar.number].itertuples():
            print("   ! " + seminars.gap_text(row.orsak, labels[row.topic], lang))
    return 0


# --- the store: import, rounds, delete-round, export ------------------------------------------


def _add_store_commands(commands: Any) -> None:
    """The subcommands that work on the configured store (see ``linnedata.store``)."""
    store_help = (
        "the store's SQLAlchemy URL (default: $LINNEDATA_DB_URL, else var/linnedata.sqlite)"
    )

    imp = commands.add_parser("import", help="read a survey export and publish it as a round")
    imp.add_argument("file", type=Path)
    imp.add_argument("--round", required=True, help='the round\'s label, e.g. "2025"')
    imp.add_argument("--replace", action="store_true", help="replace the round if it exists")
    imp.add_argument("--db", default=None, help=store_help)
    imp.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    _add_import_options(imp)  # --format, --sheet, --header-row, --mapping (a profile) …

    listing = commands.add_parser("rounds", help="list the published rounds")
    listing.add_argument("--db", default=None, help=store_help)

    delete = commands.add_parser("delete-round", help="delete one round (asks to confirm)")
    delete.add_argument("round")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.add_argument("--db", default=None, help=store_help)
    delete.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)

    export = commands.add_parser("export", help="a round's data as CSV or XLSX (formula-safe)")
    export.add_argument("--round", required=True)
    export.add_argument("--level", choices=("responses", "area", "theme"), default="area")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    export.add_argument("--db", default=None, help=store_help)
    export.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)


def _cli_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


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
            store, data, read, round_label=args.round, user=_cli_user(), replace=args.replace
        )
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    if outcome.duplicate is not None:
        print(outcome.duplicate.message(args.lang), file=sys.stderr)
        return 1
    found = outcome.found
    if outcome.status == "refused":
        _print_problems(found.outcome.errors, "cli_errors", args.lang)
        errors = len(found.outcome.errors)
        print(i18n.t("cli_import_nekad", args.lang, errors=errors), file=sys.stderr)
        return 1
    _print_problems(found.outcome.warnings, "cli_warnings", args.lang)
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


def _print_problems(problems: list[Any], kind: str, lang: str) -> None:
    """Problems on stderr, at most the report's number per column and rule."""
    from linnedata.errors import capped

    listed, left_off = capped(problems)
    for problem in listed:
        print(f"{i18n.t(kind, lang)}: {problem.message(lang)}", file=sys.stderr)
    if left_off:
        print(i18n.t("rapport_fler", lang, count=left_off), file=sys.stderr)


def _store_import_options(args: argparse.Namespace, store: Any) -> dict[str, Any] | None:
    """``read_survey`` options for ``import``: mapping profiles come from the store unless
    ``--profiles DIR`` names a folder; None (after a message) when ``--mapping`` names none."""
    from linnedata.text import strip_diacritics

    wanted, args.mapping = args.mapping, None
    options = _import_options(args)
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
        _with_values(options, profile, args)
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
        deleted = store.delete_round(args.round, user=_cli_user())
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    print(i18n.t("cli_raderad", args.lang, round=args.round, responses=deleted))
    return 0


def _export(args: argparse.Namespace) -> int:
    from linnedata import export, measures
    from linnedata.region import default_resolver
    from linnedata.store import Store, StoreError

    try:
        survey = Store(args.db).load(args.round)
    except StoreError as error:
        print(error.message(args.lang), file=sys.stderr)
        return 1
    if args.level == "responses":
        table = response_table(survey)
    else:
        key = "area_id" if args.level == "area" else "theme_id"
        table = (
            measures.area_measures(survey)
            if args.level == "area"
            else measures.theme_measures(survey)
        )
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


def local_times(times: Any) -> Any:
    """Submission times (UTC) as Swedish time, ``2024-10-01 14:03:07``, for people."""
    from linnedata.survey import LOCAL_TIME

    if times.dt.tz is None:  # a survey built by hand without a zone: UTC, as stored
        times = times.dt.tz_localize("UTC")
    return times.dt.tz_convert(LOCAL_TIME).dt.strftime("%Y-%m-%d %H:%M:%S")


def response_table(survey: Any) -> Any:
    """One row per respondent: the answers, ratings as ``betyg_<area>`` and the chosen forms."""
    responses = survey.responses.copy()
    ratings = survey.ratings.pivot(index="respondent", columns="area_id", values="betyg")
    ratings = ratings[list(dict.fromkeys(survey.ratings["area_id"]))]
    ratings.columns = [f"betyg_{area}" for area in ratings.columns]
    forms = survey.forms.groupby("respondent")["form_id"].agg(lambda f: ";".join(f))
    table = responses.merge(ratings, left_on="respondent", right_index=True, how="left")
    table["samverkansformer"] = [forms.get(r, "") for r in table["respondent"]]  # none: ""
    table["inskickad"] = local_times(table["inskickad"])
    return table


STORE_COMMANDS = {
    "import": _import,
    "rounds": _rounds,
    "delete-round": _delete_round,
    "export": _export,
}
