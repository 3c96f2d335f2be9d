"""``distress-tolerance lint``: the safety linter on a pack's YAML and catalogs."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any, TextIO

from distress_tolerance._cli.args import pack_argument

if TYPE_CHECKING:
    from distress_tolerance._tools.lint import Finding

_EPILOG = """\
Rules (see docs/safety.md): L1-L5 wording about suicide; C1 method or means detail; C2 suicide or
self-harm as a solution or relief; C3 graphic injury; C5 help resources; C6 hope or help-seeking
in crisis; C7 content note first; C8 medical caution on physical skills; C9 person-first
language; K1 "killed themselves"; R1 English reading grade; R2 step longer than a phone screen;
U1 locale without a lexicon. Each line reads FILE:LINE: RULE SEVERITY: MESSAGE ("PHRASE").
Exit status: 1 when any finding is blocking, 0 when there are only warnings."""


def add_lint_command(commands: Any) -> None:
    """Register ``lint`` on the main parser."""
    p = commands.add_parser(
        "lint",
        help="check a content pack against the safe-messaging rules",
        description="Check a pack's YAML and every .po catalog against the content guide's rules.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pack_argument(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Lint the pack and print the findings; 1 when any of them blocks."""
    from distress_tolerance._content.pack import builtin_pack
    from distress_tolerance._tools.lint import lint_pack

    if args.pack is not None:
        root, label = args.pack, str(args.pack)
    else:
        pack = builtin_pack()
        root, label = pack.root, pack.label
    findings = lint_pack(root)
    shown = [f if not label else _relabel(f, label) for f in findings]
    if args.format == "json":
        out.write(json.dumps([asdict(f) for f in shown], ensure_ascii=False, indent=2) + "\n")
    else:
        for finding in shown:
            out.write(f"{finding}\n")
        counts = {s: sum(f.severity == s for f in findings) for s in ("block", "warn", "info")}
        out.write(f"{counts['block']} blocking, {counts['warn']} warnings, {counts['info']} notes\n")
    return 1 if any(f.severity == "block" for f in findings) else 0


def _relabel(finding: Finding, label: str) -> Finding:
    return replace(finding, file=f"{label.rstrip('/')}/{finding.file}")
