"""The CLI's survey commands: ``validate``, ``measures``, ``demo``, ``neighbours``, ``similar``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.cli.common import (
    MEASURE_COLUMNS,
    add_import_options,
    import_options,
    print_problems,
    resolve_municipality,
    round_label,
)
from linnedata.errors import InputError
from linnedata.figures import ranks


def add_commands(commands: Any) -> dict[str, Any]:
    """Add the survey commands to ``commands``; returns ``{name: handler}``."""
    validate = commands.add_parser("validate", help="check a survey export; exit 0 when importable")
    validate.add_argument("file", type=Path)
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    validate.add_argument(
        "--round", default=None, help="round label (default: year in the file name)"
    )
    validate.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    add_import_options(validate)

    measures = commands.add_parser("measures", help="per-municipality measures as CSV on stdout")
    measures.add_argument("file", type=Path)
    measures.add_argument("--level", choices=ranks.LEVELS, default="area")
    measures.add_argument("--round", default=None)
    measures.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    add_import_options(measures)

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
    return {
        "validate": _validate,
        "measures": _measures,
        "demo": _demo,
        "neighbours": _neighbours,
        "similar": _similar,
    }


def _validate(args: argparse.Namespace) -> int:
    from linnedata.survey import validation_report

    options = import_options(args)
    if options is None:
        return 2
    report = validation_report(
        args.file,
        round_label=round_label(args),
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
    from linnedata.places.region import default_resolver
    from linnedata.survey import read_survey

    options = import_options(args)
    if options is None:
        return 2
    try:
        survey = read_survey(
            args.file,
            round_label=round_label(args),
            file_name=args.file.name,
            **options,  # type: ignore[arg-type]
        )
    except InputError as error:
        print_problems(error.errors, "cli_errors", args.lang)
        return 1
    key = ranks.key_of(args.level)
    table = ranks.level_measures(survey, args.level)
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


def _neighbours(args: argparse.Namespace) -> int:
    from linnedata.places import geo
    from linnedata.places.region import default_region

    code = resolve_municipality(args.kommun, args.lang)
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
    from linnedata import demo
    from linnedata.figures import measures, similarity
    from linnedata.places.region import default_resolver
    from linnedata.taxonomy import default_taxonomy

    code = resolve_municipality(args.kommun, args.lang)
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
