"""Command line: ``python -m linnedata validate|measures|demo|neighbours|similar|seminars|
import|rounds|delete-round|export|report|competence|projects|project|search-text|
questionnaire …``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from linnedata import i18n
from linnedata.cli import competence, project, questionnaire, reports, seminars, store, survey
from linnedata.errors import TranslatableError

GROUPS = (survey, seminars, store, reports, competence, project, questionnaire)
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
    lang = getattr(args, "lang", i18n.DEFAULT_LANG)
    from linnedata import datafiles

    bad_files = datafiles.problems()  # every organiser-edited file in data/, before anything
    for bad in bad_files:
        print(datafiles.message(bad, lang), file=sys.stderr)
        for line in bad.problems:
            print(f"  {line}", file=sys.stderr)
    if bad_files:
        return 1
    try:
        return handlers[args.command](args)
    except TranslatableError as error:  # the one exit of every refusal (store, search …)
        print(error.message(lang), file=sys.stderr)
        return 1
