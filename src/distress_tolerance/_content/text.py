"""Rules for plain text: what may never appear in content or in a translation."""

from __future__ import annotations

import re

# C0 controls but newline, DEL and C1 controls; lone surrogates; bidi embeddings,
# overrides and isolates (they can reorder what a reader sees: "Trojan Source"); line and
# paragraph separators (a line break to some readers, not to others); invisible characters that
# hide text from a reviewer (zero width space, word joiner, invisible operators, interlinear
# annotations, tag characters); noncharacters. Zero width (non-)joiners and the LRM, RLM and
# Arabic letter marks stay allowed: scripts and numbers in right-to-left text need them.
_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff"
    "\u2028\u2029\u200b\u2060-\u2064\ufff9-\ufffb\ufdd0-\ufdef\U000e0000-\U000e007f"
    f"{_NONCHARACTERS}]"
)
# The forbidden characters below U+0080, for text that is all ASCII (nearly every source text):
# the same first match as ``_FORBIDDEN``, at a seventh of its cost.
_FORBIDDEN_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
_INVISIBLE = frozenset("\u200b\u2060\u2061\u2062\u2063\u2064\ufff9\ufffa\ufffb")

_NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\ufeff": "BYTE ORDER MARK",
}

# A placeholder is ``%(name)s``; ``%%`` is a literal percent sign. Anything else after a
# percent sign is a stray one.
_PLACEHOLDER = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s|%%|%")


def forbidden_character(text: str) -> str | None:
    """Describe the first character that may not appear in plain text, or return None."""
    match = (_FORBIDDEN_ASCII if text.isascii() else _FORBIDDEN).search(text)
    if match is None:
        return None
    char = match.group()
    code = ord(char)
    if char in _NAMES:
        kind = f"bidirectional control {_NAMES[char]}"
    elif 0xD800 <= code <= 0xDFFF:  # noqa: PLR2004 (the surrogate block)
        kind = "lone surrogate"
    elif char in "\u2028\u2029":
        kind = "line or paragraph separator"
    elif char in _INVISIBLE or 0xE0000 <= code <= 0xE007F:  # noqa: PLR2004 (the tag block)
        kind = "invisible character"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:  # noqa: PLR2004 (Unicode noncharacters)
        kind = "noncharacter"
    else:
        kind = "control character"
    return f"{kind} U+{code:04X} at position {match.start()}"


def check_text(text: str) -> str:
    """Return ``text`` unchanged, or raise ValueError naming the first forbidden character."""
    problem = forbidden_character(text)
    if problem is not None:
        msg = f"text contains a {problem}"
        raise ValueError(msg)
    if not text.strip():
        msg = "text is empty"
        raise ValueError(msg)
    return text


def placeholders(text: str) -> tuple[tuple[str, ...], int]:
    """Return the sorted ``%(name)s`` placeholders of ``text`` and its count of stray ``%``."""
    names: list[str] = []
    stray = 0
    for match in _PLACEHOLDER.finditer(text):
        token = match.group()
        if match.group("name") is not None:
            names.append(match.group("name"))
        elif token == "%":  # noqa: S105 (a percent sign, not a password)
            stray += 1
    return tuple(sorted(names)), stray


def same_placeholders(source: str, translation: str) -> bool:
    """True when a translation has exactly the placeholders of its source text."""
    return placeholders(source) == placeholders(translation)
