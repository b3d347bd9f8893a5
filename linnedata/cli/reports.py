"""``python -m linnedata report``: a Kommunrapport or Regionrapport as PDF.

Reads the configured store (like the pages), and the fictional demo while it has no round.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.errors import LinnedataError


def add_commands(commands: Any) -> dict[str, Any]:
    """Add ``report`` to ``commands``; returns ``{name: handler}``."""
    report = commands.add_parser("report", help="a municipality's or the region's report as PDF")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--kommun", help="SCB code or name, e.g. 0780 or Växjö")
    which.add_argument("--region", action="store_true", help="the region's report")
    report.add_argument("--round", default=None, help="survey round (default: the newest)")
    report.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANG)
    report.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    report.add_argument("--db", default=None, help="the store's URL (default: the configured one)")
    return {"report": run_report}


def published(db: str | None = None) -> tuple[dict[str, Any], bool, Any]:
    """Every published round of the store, or the demo (and True) while it has none, and
    the store's competence registry (empty when none is saved)."""
    from linnedata import demo
    from linnedata.store import Store

    store = Store(db)
    stored, registry = store.load_all(), store.registry()
    if stored:
        return stored, False, registry
    return demo.load_demo(), True, registry


def run_report(args: argparse.Namespace) -> int:
    """Write the report; exit 1 with a message naming the bad value."""
    from linnedata.places.region import default_resolver
    from linnedata.reports import pdf
    from linnedata.rounds import newest_first

    lang = args.lang
    try:
        surveys, is_demo, registry = published(args.db)
    except LinnedataError as error:
        print(f"{i18n.t('cli_errors', lang)}: {error}", file=sys.stderr)
        return 1
    rounds = newest_first(surveys)
    round_label = args.round or rounds[0]
    if round_label not in surveys:
        message = i18n.t("rapport_omgang_okand", lang, value=round_label, rounds=", ".join(rounds))
        print(f"{i18n.t('cli_errors', lang)}: {message}", file=sys.stderr)
        return 1
    from linnedata.store import Store

    data = pdf.ReportData.of_surveys(surveys, is_demo=is_demo)
    data = replace(data, projects=tuple(Store(args.db).projects()))
    if not registry.empty:  # the saved competence registry, else the shipped fictional list
        source = i18n.t("rapport_kompetensregistret", lang)
        data = replace(
            data,
            find_researchers=pdf.registry_finder(registry),
            researcher_source=source,
            registry=registry,
        )
    if args.region:
        content = pdf.region_report(data, round_label, lang)
    else:
        code = default_resolver().resolve(args.kommun).code
        if code is None or code not in set(data.region["kommun_kod"]):
            message = i18n.t("rapport_kommun_okand", lang, value=args.kommun)
            print(f"{i18n.t('cli_errors', lang)}: {message}", file=sys.stderr)
            return 1
        content = pdf.kommun_report(data, code, round_label, lang)
    args.out.write_bytes(content)
    print(i18n.t("rapport_sparad", lang, path=args.out, pages=pdf.page_count(content)))
    return 0
