"""Helpers for output formats that Jinja's HTML autoescape does not cover.

Markdown: every piece of data and every translated string is escaped *before* it reaches the
template (``markdown_context``), so a template cannot forget to; the template's own literal text is
the only markup. Plain text: optional wrapping to a width the host sets.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel

from distress_tolerance._content.crisis_models import Hours

# Characters that open inline syntax (links, emphasis, code, HTML, entities, autolinks) or close
# an ATX heading (a trailing ``#``): backslash-escaped wherever they are. Every one is ASCII
# punctuation, so CommonMark shows ``\x`` as ``x``.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&!|~#])")
# What a line may start with to open a block that the inline escapes leave: a list item, setext
# underline or thematic break (``-``, ``+``, ``=``), or an ordered list item (digits, then ``.`` or ``)``).
_MD_LINE_START = re.compile(r"^(?:[+=-]|(?P<number>[0-9]+)(?=[.)]))")
_WHITESPACE = re.compile(r"\s+")
_BREAKING = frozenset(" \t\n\r\f\v")


def markdown_escape(text: str) -> str:
    """Escape text so CommonMark shows it literally: no links, emphasis, HTML or block syntax.

    The text is normalised first: every whitespace run holding a space, tab or line break becomes
    one space (so text never starts a new line, block or hard line break) and whitespace at either
    end is dropped (so it never indents a block or unpairs the emphasis around it). Then the
    characters that open inline syntax are backslash-escaped, and so is a list, heading or
    thematic-break marker at the start. CommonMark shows the result as the normalised text.
    """
    return _markdown_finish(_markdown_piece(text))


def _markdown_piece(text: str) -> str:
    """Collapse whitespace runs and escape inline syntax: safe anywhere inside a line."""
    return _MD_INLINE.sub(r"\\\1", _collapse(text))


def _collapse(text: str) -> str:
    """One space for each whitespace run with a space, tab or line break in it; a run of only
    no-break or other Unicode spaces (French puts one before a colon) is kept as it is."""
    return _WHITESPACE.sub(lambda m: " " if _BREAKING.intersection(m.group()) else m.group(), text)


def _markdown_finish(text: str) -> str:
    """Trim a line's worth of escaped text and escape a block marker at its start."""
    flat = _collapse(text).strip()
    match = _MD_LINE_START.match(flat)
    if match is None:
        return flat
    end = match.end()
    return f"{flat[:end]}\\{flat[end:]}" if match.group("number") else f"\\{flat}"


def escape_data(value: Any, escape: Callable[[str], str]) -> Any:  # noqa: PLR0911 (one return per kind)
    """A copy of ``value`` (models, dataclasses, tuples, dicts, strings) with every string escaped.

    Enum members, numbers, dates and other values are kept as they are.
    """
    if isinstance(value, Enum | Hours):
        return value  # opening hours are identifiers and times, shown through schedule()
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, BaseModel):
        fields = {name: escape_data(getattr(value, name), escape) for name in type(value).model_fields}
        return type(value).model_construct(**fields)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # the crisis route's view
        changes = {f.name: escape_data(getattr(value, f.name), escape) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
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

# How to escape a translation around its placeholders, for an escape that works on whole lines:
# each piece between them, then the filled-in result as a whole.
_PHASES: dict[Callable[[str], str], tuple[Callable[[str], str], Callable[[str], str]]] = {
    markdown_escape: (_markdown_piece, _markdown_finish)
}


def substitute(text: str, variables: dict[str, object], escape: Callable[[str], str] | None = None) -> str:
    """Fill ``%(name)s`` placeholders and turn ``%%`` into ``%``.

    With ``escape``, the text around the placeholders is escaped (the values are escaped by
    whoever made them); with :func:`markdown_escape`, the filled-in result is then trimmed and a
    block marker at its start escaped, as for any other text. Only ever called on msgstrs whose
    placeholders match.
    """
    piece, finish = _PHASES.get(escape, (escape, _unchanged)) if escape else (_unchanged, _unchanged)
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(piece(text[last : match.start()]))
        name = match.group(1)
        parts.append(piece("%") if name is None else str(variables[name]))
        last = match.end()
    parts.append(piece(text[last:]))
    return finish("".join(parts))


def _unchanged(text: str) -> str:
    return text


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
