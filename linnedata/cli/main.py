"""Command line: ``python -m linnedata validate|measures|demo|neighbours|similar|seminars|
import|rounds|delete-round|export|report|competence|projects|search-text …``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from linnedata import i18n
from linnedata.cli import competence, reports, seminars, store, survey

GROUPS = (survey, seminars, store, reports, competence)
"""The command groups, in the order ``--help`` lists them. A new group is one module with
``add_commands(commands) -> {name: handler}``, added here."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m linnedata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    handlers = {}
    for group in GROUPS:
        handlers.update(group.add_commands(commands))

    args = parser.parse_args(argv)
    from linnedata.places.region import region_error

    if (bad_region := region_error()) is not None:
        lang = getattr(args, "lang", i18n.DEFAULT_LANG)
        print(i18n.t("region_fel", lang, file=str(bad_region.path)), file=sys.stderr)
        for line in bad_region.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    try:
        return handlers[args.command](args)
    except Exception as error:  # the one exit of every store refusal and fault
        from linnedata.store.errors import StoreError

        if not isinstance(error, StoreError):
            raise
        print(error.message(getattr(args, "lang", i18n.DEFAULT_LANG)), file=sys.stderr)
        return 1
