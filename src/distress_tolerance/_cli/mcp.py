"""``distress-tolerance mcp``: serve the skills to chat bots over the Model Context Protocol (stdio)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from distress_tolerance._cli.args import host_packs_option


def add_mcp_command(commands: Any) -> None:
    """Register ``mcp`` on the CLI's subcommands."""
    p = commands.add_parser(
        "mcp",
        help="serve the skills to chat bots over MCP (stdio)",
        description="Run an MCP server over stdin and stdout: tools to find a skill, show one, list crisis "
        "lines and get a reframe, and the content as resources. stdout carries only protocol messages; "
        'messages for people go to stderr. Needs the mcp extra: pip install "distress-tolerance[mcp]".',
        epilog="If you are in danger now, call your local emergency number.",
    )
    host_packs_option(p, "serve")
    p.add_argument(
        "--require-reviewed",
        action="store_true",
        help="show cautions and crisis wording in English wherever their translation is not reviewed",
    )
    p.set_defaults(run=_mcp)


def _mcp(args: argparse.Namespace, out: TextIO) -> int:
    # ``out`` is the protocol's channel: nothing but the SDK writes to it.
    from distress_tolerance._channels.mcp_server import run_stdio
    from distress_tolerance.library import load

    try:
        import mcp  # noqa: F401 (checked before loading anything)
    except ImportError:
        from distress_tolerance._channels.mcp_server import INSTALL_HINT

        sys.stderr.write(f"distress-tolerance: error: {INSTALL_HINT}\n")
        return 1
    library = load(*args.pack)
    try:
        run_stdio(library, require_reviewed=args.require_reviewed)
    except KeyboardInterrupt:  # Ctrl-C in a terminal ends the server quietly
        return 130
    return 0
