"""``distress-tolerance export``: a static bundle of renderings for hosts without Python and for CDNs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from distress_tolerance._cli.args import host_packs_option, locale_option, region_option


def add_export_command(commands: Any) -> None:
    """Register ``export`` on the CLI's subcommands."""
    p = commands.add_parser(
        "export",
        help="write a static bundle of every technique",
        description="Write every technique in one locale as a static bundle: index.json, one file per "
        "technique (<id>.json or <id>.html) or documents.jsonl, index.html for pages, and the JSON "
        "Schemas. The folder is replaced only after everything rendered; a non-empty folder is refused "
        "without --force, and with it unless it holds exactly an earlier bundle.",
        epilog="If you are in danger now, call your local emergency number.",
    )
    locale_option(p, required=True)
    p.add_argument(
        "--format",
        required=True,
        choices=["json", "page", "jsonl", "fhir"],
        help="json (one document per technique), page (standalone HTML pages and an index.html) or jsonl "
        "(documents.jsonl: retrieval documents for chat bots, with the crisis services of --region, or of "
        "every region without it) or fhir (FHIR R4: an ActivityDefinition per technique, the safety plan's "
        "Questionnaire and bundle.json)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="the folder to write")
    region_option(p)
    host_packs_option(p, "export")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace DIR if it holds exactly an earlier bundle (as its export-manifest.json lists it)",
    )
    p.add_argument(
        "--require-reviewed",
        action="store_true",
        help="show cautions and crisis wording in English where their translation is not reviewed",
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="fhir only: the https base of the resources' canonical URLs (default: a reserved "
        "domain that never resolves; a clinic passes its own)",
    )
    p.set_defaults(run=_export)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._tools.export import export
    from distress_tolerance.library import load

    library = load(*args.pack)
    written = export(
        library,
        args.out,
        locale=args.locale,
        format=args.format,
        region=args.region,
        force=args.force,
        require_reviewed=args.require_reviewed,
        base_url=args.base_url,
    )
    out.write(f"Wrote {len(written)} files to {args.out}\n")
    return 0
