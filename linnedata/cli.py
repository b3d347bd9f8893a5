"""Command line: ``python -m linnedata validate|measures|demo …``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from linnedata import i18n
from linnedata.errors import InputError

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

    args = parser.parse_args(argv)
    return {"validate": _validate, "measures": _measures, "demo": _demo}[args.command](args)


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


def _import_options(args: argparse.Namespace) -> dict[str, object] | None:
    """Keyword arguments of ``read_survey`` from the options; None (after a message on
    stderr) when ``--mapping`` names no saved profile."""
    from linnedata.mapping import PROFILE_DIR, FileProfileStore

    store = FileProfileStore(args.profiles or PROFILE_DIR)
    options: dict[str, object] = {
        "format": args.format,
        "sheet": args.sheet,
        "header_row": args.header_row,
        "allow_outside_region": args.allow_outside_region,
        "max_bytes": int(args.max_mb * 1e6),
        "profiles": store,
    }
    if args.mapping is not None:
        profile = store.get(args.mapping)
        if profile is None:
            names = ", ".join(p.name for p in store.list_profiles()) or "-"
            print(
                i18n.t("cli_profil_saknas", args.lang, name=args.mapping, names=names),
                file=sys.stderr,
            )
            return None
        options["mapping"] = profile
    return options


# A round label the import accepts (see ``linnedata.survey``): a word character first,
# then at most 39 of word characters, spaces, ".", "-" and "/".
_ROUND_LABEL = re.compile(r"[\w][\w .\-/]{0,39}")


def _round(args: argparse.Namespace) -> str:
    """The ``--round`` given, else one derived from the file name.

    A label derived from the file name is made valid (characters such as "(" or ","
    replaced, cut to 40 characters), so that a file called "svar (1).csv" is not refused
    for its name; an invalid ``--round`` typed by the user is still reported.
    """
    from linnedata.survey import round_from_file_name

    if args.round is not None:
        return args.round
    label = round_from_file_name(args.file.name)
    if _ROUND_LABEL.fullmatch(label.strip()):
        return label
    cleaned = re.sub(r"[^\w .\-/]+", " ", label)
    cleaned = re.sub(r"^[\W_]+", "", re.sub(r"\s+", " ", cleaned)).strip()[:40].strip()
    return cleaned if _ROUND_LABEL.fullmatch(cleaned) else "enkat"


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
        print(
            i18n.t(
                "cli_ok" if report["ok"] else "cli_inte_ok",
                args.lang,
                responses=report["responses"],
                municipalities=report["municipalities"],
                errors=len(report["errors"]),
                warnings=len(report["warnings"]),
            )
        )
    return 0 if report["ok"] else 1


def _print_mapping(decisions: list[dict[str, str]], lang: str) -> None:
    """Every column not read under its standard name: how it was read and why."""
    from linnedata.mapping import REASON_KEYS

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
        for problem in error.errors:
            print(
                f"{i18n.t('cli_errors', args.lang)}: {problem.message(args.lang)}", file=sys.stderr
            )
        return 1
    key = "area_id" if args.level == "area" else "theme_id"
    table = (
        measures.area_measures(survey) if args.level == "area" else measures.theme_measures(survey)
    )
    table.insert(1, "kommun", table["kommun_kod"].map(default_resolver().name))
    table = table[["kommun_kod", "kommun", key, *MEASURE_COLUMNS]]
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from linnedata.demo import DEMO_DIR, generate_demo

    for path in generate_demo(args.out or DEMO_DIR):
        print(path)
    return 0
