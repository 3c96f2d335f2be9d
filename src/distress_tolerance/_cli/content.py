"""``distress-tolerance suggest``, ``reframes`` and ``crisis-check``: choosing a skill, drawing a
reframe, and checking how old the crisis records are."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, TextIO

from distress_tolerance._cli.args import at_least, locale_option, region_option
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.models import ReframeTheme, Setting

_PROG = "distress-tolerance"
_REGION = re.compile(r"^[A-Za-z]{2}$")


def add_content_commands(commands: Any) -> None:
    """Register ``suggest``, ``reframes`` (with ``reframes draw``) and ``crisis-check``."""
    p = commands.add_parser(
        "suggest",
        help="suggest skills for how you feel now",
        description="Suggest skills that fit your distress (0 to 10), the minutes you have and where "
        "you are, best first, with why each fits. Ends with crisis lines.",
        epilog="If you are in danger now, call your local emergency number.",
    )
    p.add_argument(
        "--distress", type=int, required=True, choices=range(11), metavar="0-10", help="how strong it is now"
    )
    p.add_argument("--minutes", type=at_least(1), required=True, metavar="N", help="minutes you have")
    p.add_argument("--setting", required=True, choices=[s.value for s in Setting], help="where you are")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _locale_region(p)
    p.add_argument(
        "--require-reviewed",
        action="store_true",
        help="show crisis wording in English where its translation is not reviewed",
    )
    p.add_argument(
        "--just-hurt",
        action="store_true",
        help="I have just hurt myself: show when to get medical help first",
    )
    p.set_defaults(run=_suggest)

    p = commands.add_parser(
        "reframes",
        help="list kinder alternatives to harsh thoughts",
        description="List the reframe bank (harsh thoughts and kinder alternatives) by theme.",
    )
    _theme(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    _locale_region(p)
    p.set_defaults(run=_reframes)
    sub = p.add_subparsers(title="reframes commands", required=False, metavar="COMMAND")
    d = sub.add_parser(
        "draw",
        help="show one reframe at random",
        description="Show one reframe at random (the same one for the same --seed).",
    )
    # The parent parser already set these: SUPPRESS keeps `reframes --theme worth draw` working too.
    _theme(d, default=argparse.SUPPRESS)
    d.add_argument("--seed", type=int, default=None, help="seed for a reproducible draw")
    _locale_region(d, default=argparse.SUPPRESS)
    d.set_defaults(run=_draw)

    p = commands.add_parser(
        "crisis-check",
        help="report crisis records that are too old",
        description="Report every crisis record last verified more than --max-age-days ago (exit 1), "
        "and every record only source-checked, not verified on the service's own page (information).",
    )
    p.add_argument("--max-age-days", type=at_least(0), default=365, metavar="N", help="default: 365")
    p.add_argument(
        "--today",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="check as of this day (default: today)",
    )
    p.add_argument("--pack", type=Path, default=None, help="a host pack to check instead of the built-in one")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=_crisis_check)


def _locale_region(p: argparse.ArgumentParser, *, default: Any = None) -> None:
    locale_option(p, default="en" if default is None else default)
    region_option(p, default=default)


def _theme(p: argparse.ArgumentParser, *, default: Any = None) -> None:
    p.add_argument(
        "--theme", choices=[t.value for t in ReframeTheme], default=default, help="only this theme"
    )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"not a date in the form YYYY-MM-DD: {value!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _suggest(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._render.suggest import suggest
    from distress_tolerance.library import load
    from distress_tolerance.render import Renderer

    library = load()
    result = suggest(
        library,
        distress=args.distress,
        minutes=args.minutes,
        setting=args.setting,
        locale=args.locale,
        region=args.region,
        require_reviewed=args.require_reviewed,
        harm_just_happened=args.just_hurt,
    )
    if args.format == "json":
        out.write(result.model_dump_json(indent=2) + "\n")
        return 0
    options = "" if result.locale == "en" else f" --locale {result.locale}"
    if result.region:
        options += f" --region {result.region}"
    commands = {item.id: f"{_PROG} show {item.id}{options}" for item in result.items}
    commands["first-hour"] = f"{_PROG} first-hour{options}"
    text = Renderer(library).render_suggestions(result, commands=commands)
    out.write(text.rstrip("\n") + "\n")
    if not result.services:
        out.write(f"\nRegions with crisis lines: {', '.join(library.regions())} (use --region)\n")
    return 0


def _reframes(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._render.reframes import localized_reframes
    from distress_tolerance.library import load
    from distress_tolerance.render import Renderer

    library = load()
    items = localized_reframes(library, theme=args.theme, locale=args.locale)
    if args.format == "json":
        data = [item.model_dump(mode="json") for item in items]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    text = Renderer(library).render_reframes(
        items,
        locale=args.locale,
        region=args.region or None,
        grouped=True,
        help_command=_help_command(args),
    )
    out.write(text.rstrip("\n") + "\n")
    return 0


def _draw(args: argparse.Namespace, out: TextIO) -> int:
    import random

    from distress_tolerance._render.reframes import draw_reframe
    from distress_tolerance.library import load
    from distress_tolerance.render import Renderer

    library = load()
    rng = random.Random(args.seed)  # noqa: S311 (choosing a text to show, not a secret)
    try:
        item = draw_reframe(library, theme=args.theme, locale=args.locale, rng=rng)
    except ArgumentError as exc:
        out.write(f"{exc}\n")
        return 1
    text = Renderer(library).render_reframes(
        [item],
        locale=args.locale,
        region=args.region or None,
        help_command=_help_command(args),
    )
    out.write(text.rstrip("\n") + "\n")
    return 0


def _help_command(args: argparse.Namespace) -> str:
    """The command that shows crisis lines in the same language and region as this one."""
    from distress_tolerance._i18n.locale import parse_locale

    parts = [_PROG, "crisis"]
    locale = parse_locale(args.locale)
    if locale != "en":
        parts += ["--locale", locale]
    if args.region and _REGION.match(args.region):
        parts += ["--region", args.region.upper()]
    return " ".join(parts)


def _crisis_check(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._tools.crisis_check import RecordAge, stale_services
    from distress_tolerance.library import load

    library = load(args.pack, builtin=False) if args.pack is not None else load()
    report = stale_services(library, today=args.today, max_age_days=args.max_age_days)
    if args.format == "json":
        out.write(report.model_dump_json(indent=2) + "\n")
        return 0 if report.ok else 1

    def line(record: RecordAge) -> str:
        days = record.age_days
        when = f"{days} day{'s' if days != 1 else ''} ago" if days >= 0 else f"{-days} days in the future"
        return (
            f"  {record.region} {record.id} ({record.name}): {record.status.value} on "
            f"{record.verified_on.isoformat()} by {record.verified_by}, {when}\n"
        )

    out.write(
        f"Checked {report.checked} crisis records on {report.today.isoformat()} "
        f"(stale after {report.max_age_days} days).\n"
    )
    if report.stale:
        out.write(f"\nStale: last verified more than {report.max_age_days} days ago ({len(report.stale)}):\n")
        out.writelines(line(r) for r in report.stale)
    if report.future:
        out.write(f"\nDated after {report.today.isoformat()}: check the date ({len(report.future)}):\n")
        out.writelines(line(r) for r in report.future)
    if report.source_checked:
        out.write(
            f"\nFor information: only source-checked, not verified on the service's own page "
            f"({len(report.source_checked)}):\n"
        )
        out.writelines(line(r) for r in report.source_checked)
    if report.libphonenumber is None:
        out.write('\nNumbers not checked: install phonenumbers (pip install "distress-tolerance[check]").\n')
    else:
        out.write(
            f"\nChecked {report.numbers_checked} numbers with libphonenumber {report.libphonenumber} "
            f"({report.waivers} kept by a recorded waiver).\n"
        )
    if report.problems:
        out.write(f"\nSources, confidence and numbers ({len(report.problems)}):\n")
        out.writelines(f"  {p}\n" for p in report.problems)
    problems = len(report.stale) + len(report.future) + len(report.problems)
    if problems:
        out.write(f"\n{problems} problem(s) found\n")
    elif report.ok:
        out.write("\nOK: every record passes.\n")
    return 0 if report.ok else 1
