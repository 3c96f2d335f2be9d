"""The ``first-hour`` and ``plan`` commands: after self-harm, and a safety plan."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from distress_tolerance._cli.args import locale_option, region_option
from distress_tolerance.exceptions import ContentError, ErrorLocation

if TYPE_CHECKING:
    from distress_tolerance._content.plan import SafetyPlan

_FORMATS = ["text", "compact", "card", "markdown", "html", "page", "json", "ssml"]
MAX_PLAN_BYTES = 256 * 1024
"""The largest plan file ``plan --from`` reads (a full plan is a few kilobytes)."""


def add_safety_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``first-hour`` and ``plan``."""
    p = commands.add_parser(
        "first-hour",
        help="when to get medical help after self-harm, and what helps",
        description="The first hour after hurting yourself: when to get medical help now (with the "
        "region's emergency number), what helps meanwhile, and skills for afterwards.",
    )
    _common(p)
    p.add_argument(
        "--require-reviewed",
        action="store_true",
        help="show text in English where its translation is not reviewed",
    )
    p.set_defaults(run=_first_hour)

    p = commands.add_parser(
        "plan",
        help="a safety plan: blank, or your own from a JSON file",
        description="Render a safety plan (after Stanley and Brown): blank, or the one in PLAN.json. "
        "The page format is a printable form that works offline; nothing is sent anywhere.",
    )
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="PLAN.json")
    _common(p, plan=True)
    p.set_defaults(run=_plan)


def _common(p: argparse.ArgumentParser, *, plan: bool = False) -> None:
    p.add_argument(
        "--format",
        choices=[f for f in _FORMATS if not (plan and f == "card")],
        default="text",
        help="text, compact (short messages for SMS or chat), "
        + ("" if plan else "card (a few lines for a lock screen), ")
        + "markdown, html, page (a standalone, offline HTML document), json or ssml",
    )
    locale_option(p)
    region_option(p)


def _first_hour(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance.render import Renderer

    renderer = Renderer()
    options = {"locale": args.locale, "region": args.region, "require_reviewed": args.require_reviewed}
    if args.format == "compact":
        out.write("\n\n".join(renderer.first_hour_messages(**options)) + "\n")
        return 0
    text = renderer.render_first_hour(format=args.format, heading_level=1, **options)
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def _plan(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance.render import Renderer

    plan = None if args.source is None else read_plan(args.source)
    renderer = Renderer()
    if args.format == "compact":
        out.write("\n\n".join(renderer.plan_messages(plan, locale=args.locale, region=args.region)) + "\n")
        return 0
    text = renderer.render_plan(
        plan, format=args.format, locale=args.locale, region=args.region, heading_level=1
    )
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def read_plan(path: Path) -> SafetyPlan:
    """A SafetyPlan from a JSON file, or ContentError naming the file and each bad field."""
    from pydantic import ValidationError

    from distress_tolerance._content import plan  # loaded only for this command

    shown = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise ContentError([ErrorLocation(shown, None, "", f"cannot read: {exc.strerror or exc}")]) from exc
    if len(data) > MAX_PLAN_BYTES:
        raise ContentError([ErrorLocation(shown, None, "", f"larger than {MAX_PLAN_BYTES:,} bytes")])
    try:
        return plan.SafetyPlan.model_validate_json(data)
    except ValidationError as exc:
        errors = [
            ErrorLocation(shown, _line(str(e["msg"])), ".".join(map(str, e["loc"])), str(e["msg"]))
            for e in exc.errors(include_url=False)
        ]
        raise ContentError(errors) from exc


def _line(message: str) -> int | None:
    """The line of invalid JSON, from the parser's message ("... at line 3 column 5")."""
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None
