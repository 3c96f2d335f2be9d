"""``distress-tolerance lint``: the safety linter on a pack's YAML and catalogs."""

from __future__ import annotations

from typing import Any


def add_lint_command(commands: Any) -> None:
    """Register ``lint`` on the main parser."""
