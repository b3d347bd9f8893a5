"""The CLI's ``seminars`` command: plan the working seminars and staff them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from linnedata import i18n
from linnedata.cli.common import (
    round_label,
)
from linnedata.errors import InputError
from linnedata.figures import ranks


def add_commands(commands: Any) -> dict[str, Any]:
    """Add ``seminars`` to ``commands``; returns ``{name: handler}``."""
    seminars = commands.add_parser(
        "seminars", help="plan the working seminars: topics, coverage, groups, researchers"
    )
    seminars.add_argument("--round", default=None, help="survey round (default: the newest)")
    seminars.add_argument("--groups", type=int, required=True, help="parallel seminars (S)")
    seminars.add_argument("--min", type=int, default=3, help="fewest municipalities per seminar")
    seminars.add_argument("--max", type=int, default=8, help="most municipalities per seminar")
    seminars.add_argument("--level", choices=ranks.LEVELS, default="area")
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
    return {"seminars": _seminars}


class _Refused(Exception):
    """A message the ``seminars`` command ends with (exit 1)."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def _seminars(args: argparse.Namespace) -> int:
    from linnedata import seminars
    from linnedata.places.region import default_region
    from linnedata.seminars import staffing
    from linnedata.taxonomy import default_taxonomy

    taxonomy = default_taxonomy()
    lang = args.lang
    try:
        survey, people = _inputs(args)
        labels = taxonomy.labels(args.level, lang)
        prefs = seminars.preferences(survey, args.level, default_region(), taxonomy)
        try:
            plan = seminars.plan_seminars(prefs, _settings(args, taxonomy), labels)
        except seminars.PlanInfeasible as error:
            raise _Refused([error.message(lang)]) from None
    except _Refused as refused:
        if args.json:
            print(
                json.dumps({"ok": False, "errors": refused.messages}, ensure_ascii=False, indent=2)
            )
        else:
            for message in refused.messages:
                print(f"{i18n.t('cli_errors', lang)}: {message}", file=sys.stderr)
        return 1
    matching = staffing.match_researchers(plan, prefs, people, taxonomy)
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
    _print_plan(survey.round, prefs, plan, matching, labels, lang)
    return 0


def _inputs(args: argparse.Namespace) -> tuple[Any, Any]:
    """The survey (a file, or a round of the demo) and the competence list; raises
    :class:`_Refused` with every problem found."""
    from linnedata.competence import registry as competence_list
    from linnedata.demo import load_demo
    from linnedata.survey import read_survey

    lang = args.lang
    try:
        if args.file is not None:
            survey = read_survey(args.file, round_label=round_label(args), file_name=args.file.name)
        else:
            rounds = load_demo()
            label = args.round or max(rounds)
            if label not in rounds:
                known = ", ".join(sorted(rounds))
                raise _Refused([i18n.t("cli_sem_okand_omgang", lang, round=label, rounds=known)])
            survey = rounds[label]
        people = competence_list.read_researchers(
            args.researchers or competence_list.DEMO_RESEARCHERS
        )
    except InputError as error:
        raise _Refused([problem.message(lang) for problem in error.errors]) from None
    return survey, people


def _settings(args: argparse.Namespace, taxonomy: Any) -> Any:
    """The plan's settings from the options (topics and municipalities by id or name)."""
    from linnedata import seminars
    from linnedata.places.region import default_resolver

    def topic(text: str) -> str:
        return taxonomy.resolve(args.level, text) or text

    locks = []
    for lock in args.lock:
        place, _, item = lock.partition("=")
        resolved = default_resolver().resolve(place)
        locks.append((getattr(resolved, "code", None) or place, topic(item)))
    return seminars.Settings(
        seminars=args.groups,
        min_size=args.min,
        max_size=args.max,
        include=tuple(topic(x) for x in args.include),
        exclude=tuple(topic(x) for x in args.exclude),
        county_cap=args.county_cap,
        locks=tuple(locks),
    )


def _print_plan(
    round_label: str, prefs: Any, plan: Any, matching: Any, labels: dict[str, str], lang: str
) -> None:
    """The plan as text: topics, coverage, who is left out, each seminar with its
    municipalities, researchers and gaps."""
    from linnedata import seminars

    names = dict(
        zip(prefs.municipalities["kommun_kod"], prefs.municipalities["kommun"], strict=True)
    )
    topics = ", ".join(labels[t] for t in plan.topics)
    print(i18n.t("cli_sem_amnen", lang, round=round_label, topics=topics))
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
