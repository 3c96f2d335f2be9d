"""Warnings that point at the host's code: the first caller outside this package.

A host that runs its tests with ``-W error`` then sees the line of its own call, not one of ours.
"""

from __future__ import annotations

import os
import sys
import warnings

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # the whole package


def warn_at_caller(message: str, category: type[Warning]) -> None:
    """Issue ``category`` with ``message``, attributed to the first frame outside this package."""
    frame = sys._getframe(0)  # this function: stacklevel 1
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
