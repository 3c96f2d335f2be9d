"""``distress-tolerance suggest`` and ``reframes``: choosing a skill and drawing a reframe."""

from __future__ import annotations

from typing import Any


def add_content_commands(commands: Any) -> None:
    """Register ``suggest`` and ``reframes`` on the main parser."""
