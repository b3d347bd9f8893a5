"""What every command group of the CLI shares: the store option, the import options,
the round label, the user name written to the store's log, the problem listing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from linnedata import i18n

MEASURE_COLUMNS = ["medelbetyg", "prioriteringspoang", "andel_angelaget", "antal_svarande"]
"""The measures the ``measures`` and ``export`` commands write, in order."""

STORE_HELP = "the store's SQLAlchemy URL (default: $LINNEDATA_DB_URL, else var/linnedata.sqlite)"


def add_import_options(command: argparse.ArgumentParser) -> None:
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
        "--keep-unfinished",
        action="store_true",
        help="count the responses the survey tool marks as unfinished (left out by default)",
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


def with_values(options: dict[str, Any], profile: Any, args: argparse.Namespace) -> None:
    """The profile's column mapping with ``--column`` over it, and its value mapping with
    ``--value`` over it."""
    options["mapping"] = {**profile.columns, **dict(args.column)}
    options["values"] = {**profile.values, **dict(args.value)}


def import_options(args: argparse.Namespace) -> dict[str, object] | None:
    """Keyword arguments of ``read_survey`` from the options; None (after a message on
    stderr) when ``--mapping`` names no saved profile."""
    from linnedata.survey import PROFILE_DIR, FileProfileStore

    store = FileProfileStore(args.profiles or PROFILE_DIR)
    options: dict[str, object] = {
        "format": args.format,
        "sheet": args.sheet,
        "header_row": args.header_row,
        "allow_outside_region": args.allow_outside_region,
        "keep_unfinished": args.keep_unfinished,
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
        with_values(options, profile, args)
    return options


def round_label(args: argparse.Namespace) -> str:
    """The ``--round`` given (normalised), else the label ``linnedata.rounds.suggest`` makes of
    the file name ("svar (1).csv" → "svar 1"), else "enkat"; an invalid ``--round`` typed by
    the user is still reported."""
    from linnedata import rounds

    if args.round is not None:
        return rounds.normalise(args.round)
    return rounds.suggest(args.file.name) or "enkat"


def resolve_municipality(text: str, lang: str) -> str | None:
    """The SCB code of what the user typed (code or name), or None after printing why not."""
    from linnedata.places.region import default_resolver

    found = default_resolver().resolve(text)
    if found.code is None:
        message = i18n.t(
            "cli_kommun_okand", lang, value=text, candidates=", ".join(found.candidates) or "–"
        )
        print(f"{i18n.t('cli_errors', lang)}: {message}", file=sys.stderr)
    return found.code


def cli_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def print_problems(problems: list[Any], kind: str, lang: str) -> None:
    """Problems on stderr, at most the report's number per column and rule."""
    from linnedata.errors import capped

    listed, left_off = capped(problems)
    for problem in listed:
        print(f"{i18n.t(kind, lang)}: {problem.message(lang)}", file=sys.stderr)
    if left_off:
        print(i18n.t("rapport_fler", lang, count=left_off), file=sys.stderr)
