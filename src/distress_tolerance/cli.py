"""The ``distress-tolerance`` command line."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from typing import Any, TextIO

from distress_tolerance._cli.args import VersionAction, locale_option, pack_argument, region_option
from distress_tolerance.exceptions import ContentError, DistressToleranceError, UnknownTechniqueError

PROG = "distress-tolerance"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 error or finding, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    warnings.showwarning = _show_warning
    try:
        status: int = args.run(args, sys.stdout)
    except UnknownTechniqueError as exc:
        from distress_tolerance.library import load

        known = ", ".join(t.id for t in load().techniques())
        _error(f"{exc}; known ids: {known}")
        return 1
    except DistressToleranceError as exc:
        _error(str(exc))
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return status


def _error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {message}\n")


def _show_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
    sys.stderr.write(f"{PROG}: warning: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="DBT-informed distress tolerance skills: list, show, find crisis lines, validate.",
        epilog="If you are in danger now, call your local emergency number.",
    )
    parser.add_argument("--version", action=VersionAction)
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    p = commands.add_parser("list", help="list the techniques", description="List the techniques.")
    p.add_argument("--format", choices=["table", "json"], default="table")
    locale_option(p)
    p.set_defaults(run=_list)

    p = commands.add_parser("show", help="show one technique", description="Show one technique.")
    p.add_argument("id", help="technique id, e.g. contrary-action (see `list`)")
    p.add_argument(
        "--format",
        choices=["text", "compact", "card", "markdown", "html", "page", "json", "ssml"],
        default="text",
        help="text, compact (one short message per step, for SMS or chat), card (a few lines for a lock "
        "screen, widget or one SMS), markdown, html (a fragment), page (a standalone HTML document), "
        "json or ssml (a voice script with pauses)",
    )
    p.add_argument("--width", type=int, default=None, help="wrap text output to this many columns")
    locale_option(p)
    region_option(p)
    p.add_argument(
        "--heading-level",
        type=int,
        default=1,
        choices=range(1, 6),
        metavar="1-5",
        help="HTML level of the title heading (default: 1)",
    )
    p.add_argument(
        "--require-reviewed",
        action="store_true",
        help="show safety text in English where its translation is not reviewed",
    )
    p.set_defaults(run=_show)

    p = commands.add_parser(
        "crisis",
        help="show crisis lines for a region",
        description="Show crisis lines and support services for a region.",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    locale_option(p)
    region_option(p)
    p.set_defaults(run=_crisis)

    p = commands.add_parser(
        "validate",
        help="validate a content pack",
        description="Validate a content pack and list every problem found.",
    )
    pack_argument(p)
    p.set_defaults(run=_validate)

    from distress_tolerance._cli.content import add_content_commands
    from distress_tolerance._cli.export import add_export_command
    from distress_tolerance._cli.i18n import add_i18n_commands
    from distress_tolerance._cli.lint import add_lint_command
    from distress_tolerance._cli.mcp import add_mcp_command
    from distress_tolerance._cli.safety import add_safety_commands

    add_content_commands(commands)
    add_safety_commands(commands)
    add_export_command(commands)
    add_lint_command(commands)
    add_i18n_commands(commands)
    add_mcp_command(commands)
    return parser


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance.library import load

    library = load()
    rows = [library.localize(t, args.locale) for t in library.techniques()]
    if args.format == "json":
        data = [
            {
                "id": t.id,
                "title": t.title.text,
                "summary": t.summary.text,
                "category": t.category.value,
                "minutes": t.when.minutes,
                "distress": [t.when.distress.min, t.when.distress.max],
                "moments": [m.value for m in t.when.moments],
                "review_status": t.review.status.value,
                "lang": t.title.lang,
            }
            for t in rows
        ]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(t.id) for t in rows) if rows else 2
    out.write(f"{'ID':<{width}}  {'MIN':>3}  {'REVIEW':<9}  TITLE\n")
    for t in rows:
        out.write(f"{t.id:<{width}}  {t.when.minutes:>3}  {t.review.status.value:<9}  {t.title.text}\n")
    return 0


def _show(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance.render import Renderer

    renderer = Renderer()
    if args.format == "compact":
        parts = renderer.messages(
            args.id, locale=args.locale, region=args.region, require_reviewed=args.require_reviewed
        )
        out.write("\n\n".join(parts) + "\n")
        return 0
    text = renderer.render(
        args.id,
        format=args.format,
        locale=args.locale,
        region=args.region,
        heading_level=args.heading_level,
        require_reviewed=args.require_reviewed,
        width=args.width,
    )
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def _crisis(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._i18n.locale import parse_locale
    from distress_tolerance.library import load

    library = load()
    region = library.region_for(parse_locale(args.locale), args.region)
    if args.format == "json":
        services = library.crisis_services(region)
        data: dict[str, Any] = {
            "region": region,
            "known_region": bool(services),
            "regions_available": list(library.regions()),
            "services": [s.model_dump(mode="json") for s in services],
        }
        if region is None:
            # No region chosen: nothing is guessed for the reader, but the data is all there for a
            # host that lets the person choose.
            data["directory"] = {
                code: [s.model_dump(mode="json") for s in library.crisis_services(code)]
                for code in library.regions()
            }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    from distress_tolerance.render import Renderer

    out.write(Renderer(library).render_crisis(locale=args.locale, region=region) + "\n")
    if not library.crisis_services(region):
        out.write(f"\nRegions with crisis lines: {', '.join(library.regions())} (use --region)\n")
    return 0


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._content.loader import load_yaml_pack
    from distress_tolerance._content.pack import builtin_pack

    root = args.pack if args.pack is not None else builtin_pack().root
    try:
        content = load_yaml_pack(root, label=None if args.pack is not None else "")
    except ContentError as exc:
        for error in exc.errors:
            out.write(f"{error}\n")
        out.write(f"{len(exc.errors)} problem(s) found\n")
        return 1
    out.write(
        f"OK: {_count(len(content.techniques), 'technique')}, {_count(len(content.reframes), 'reframe')}, "
        f"{_count(len(content.crisis_services), 'crisis service')}\n"
    )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
