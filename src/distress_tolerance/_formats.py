"""Helpers for output formats that Jinja's HTML autoescape does not cover.

Markdown: every piece of data and every translated string is escaped *before* it reaches the
template (``markdown_context``), so a template cannot forget to; the template's own literal text is
the only markup. Plain text: optional wrapping to a width the host sets.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel

from distress_tolerance._crisis_models import Hours

_MD_INLINE = re.compile(r"([\\`*_\[\]<>&!|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")


def markdown_escape(text: str) -> str:
    """Escape text so CommonMark shows it literally: no links, emphasis, HTML or block syntax.

    Whitespace runs (newlines included) become one space, so text never starts a new block; the
    characters that open inline syntax are backslash-escaped, and so is a list or heading marker
    at the start.
    """
    flat = _MD_INLINE.sub(r"\\\1", re.sub(r"\s+", " ", text))
    return _MD_LINE_START.sub(
        lambda m: (
            f"{m.group(1)}\\{m.group(2)}" if not m.group(2)[0].isdigit() else f"{m.group(1)}{m.group(2)}\\"
        ),
        flat,
        count=1,
    )


def escape_data(value: Any, escape: Callable[[str], str]) -> Any:  # noqa: PLR0911 (one return per kind)
    """A copy of ``value`` (models, tuples, dicts, strings) with every string escaped.

    Enum members, numbers, dates and other values are kept as they are.
    """
    if isinstance(value, Enum | Hours):
        return value  # opening hours are identifiers and times, shown through schedule()
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, BaseModel):
        fields = {name: escape_data(getattr(value, name), escape) for name in type(value).model_fields}
        return type(value).model_construct(**fields)
    if isinstance(value, tuple):
        items = [escape_data(item, escape) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [escape_data(item, escape) for item in value]
    if isinstance(value, dict):
        return {key: escape_data(item, escape) for key, item in value.items()}
    return value


def escaping_callable(function: Callable[..., Any], escape: Callable[[str], str]) -> Callable[..., Any]:
    """Wrap a context callable (gettext, schedule) so whatever it returns is escaped."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return escape_data(function(*args, **kwargs), escape)

    return wrapped


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def substitute(text: str, variables: dict[str, object], escape: Callable[[str], str] | None = None) -> str:
    """Fill ``%(name)s`` placeholders; with ``escape``, escape the text around them (the values
    are escaped by whoever made them). Only ever called on msgstrs whose placeholders match."""
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        literal = text[last : match.start()]
        parts.append(escape(literal) if escape else literal)
        parts.append("%" if match.group(1) is None else str(variables[match.group(1)]))
        last = match.end()
    tail = text[last:]
    parts.append(escape(tail) if escape else tail)
    return "".join(parts)


def escape_context(
    context: dict[str, Any], escape: Callable[[str], str], *, keep: frozenset[str]
) -> dict[str, Any]:
    """The template context with every string, model and callable result escaped (but ``keep``)."""
    result: dict[str, Any] = {}
    for key, value in context.items():
        if key in keep:
            result[key] = value
        elif callable(value) and not isinstance(value, BaseModel):
            result[key] = escaping_callable(value, escape)
        else:
            result[key] = escape_data(value, escape)
    return result


def wrap_text(text: str, width: int) -> str:
    """Wrap every long line to ``width`` columns, keeping its indentation and list marker."""
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        marker = re.match(r"^(\s*(?:[*-]|\d+\.)?\s*)", line)
        indent = " " * len(marker.group(1)) if marker else ""
        lines.extend(
            textwrap.wrap(
                line, width=width, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False
            )
            or [line]
        )
    return "\n".join(lines)
