"""The rules ``i18n check`` applies to each message and to a catalog's plural forms.

Kept apart from the walk over packs and catalogs (``_i18n_check``) so that each stays small.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from distress_tolerance._content.text import forbidden_character, placeholders
from distress_tolerance._i18n.plural_table import plural_rule
from distress_tolerance._i18n.po import forms_of, sources_of
from distress_tolerance.exceptions import UnknownLocaleError

if TYPE_CHECKING:
    from babel.messages.catalog import Message

LENGTH_FACTOR = 2.5
"""A msgstr may be at most this many times as long as its msgid, plus ``LENGTH_SLACK`` characters."""
LENGTH_SLACK = 20
_MARKUP = re.compile(
    r"<\s*/?\s*[A-Za-z!?][^<>]*>"  # a tag, a comment, a declaration, an autolink
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"  # an entity
    r"|!?\[[^\]\n]*\]\([^)\n]*\)"  # a Markdown link or image
)
# Phone numbers, short codes and counts written with separators: kept verbatim, ASCII digits.
_LONG_NUMBER = re.compile(r"\+?\d+(?:[ .\-]\d+)+|\d{3,}")
_DIGITS = re.compile(r"\d+")
_SHORT = 2  # digits of a number that a translation may spell out in words


def expected_plural_forms(locale: str) -> tuple[int, str]:
    """The plural forms a locale's catalog must declare, from the project's own table: nplurals, expression.

    The table (``_plural_table``, CLDR 49) is ours, so the answer never depends on the installed
    Babel. A locale the table does not know (a pseudo-locale such as ``en_XA``) takes its
    language's; a language it does not know raises UnknownLocaleError.
    """
    rule = plural_rule(locale)
    if rule is None:
        raise UnknownLocaleError(locale)
    return rule


def plural_forms_match(declared: str, locale: str) -> bool:
    """True when a ``Plural-Forms`` header has CLDR's nplurals and expression (spacing aside)."""
    expected = expected_plural_forms(locale)
    return _plural_header(declared) == (expected[0], _normal(expected[1]))


def plural_expression_problem(declared: str) -> str | None:
    """What is wrong with a ``Plural-Forms`` header's expression when it is evaluated, or None.

    The expression must compile and give an index in ``0..nplurals-1`` for every count we try
    (0 to 1,000 and some large ones): one that divides by zero or gives another index would
    show the English plural at run time.
    """
    from distress_tolerance._i18n.catalog import compile_plural

    nplurals, _ = _plural_header(declared)
    expression = re.search(r"plural\s*=\s*([^;]+)", declared)
    if expression is None:
        return None  # reported as a mismatch with CLDR's
    try:
        function = compile_plural(expression[1].strip())
    except ValueError as exc:
        return f"the plural expression cannot be compiled ({exc})"
    for n in [*range(1001), 10**4, 10**5, 10**6, 10**9, 2**31 - 1, 2**32, 2**63 - 1]:
        try:
            index = function(n)
        except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
            return f"the plural expression fails for n={n} ({type(exc).__name__})"
        if not 0 <= index < nplurals:
            return f"the plural expression gives form {index} for n={n}, outside 0..{nplurals - 1}"
    return None


def _plural_header(value: str) -> tuple[int, str]:
    nplurals = re.search(r"nplurals\s*=\s*(\d{1,9})\b", value)
    expression = re.search(r"plural\s*=\s*([^;]+)", value)
    return (int(nplurals[1]) if nplurals else -1, _normal(expression[1]) if expression else "")


def _normal(expression: str) -> str:
    text = re.sub(r"\s+", "", expression)
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1]
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def message_problems(message: Message) -> list[tuple[str, str]]:
    sources = sources_of(message)
    longest = max(len(s) for s in sources)
    long_numbers = [n for s in sources[:1] for n in _LONG_NUMBER.findall(s)]
    problems: list[tuple[str, str]] = []
    for index, form in enumerate(forms_of(message)):
        if not form:
            continue
        label = f"msgstr[{index}] " if message.pluralizable else "msgstr "
        bad = forbidden_character(form)
        if bad is not None:
            problems.append(("forbidden-character", f"{label}contains a {bad}"))
        if not any(placeholders(source) == placeholders(form) for source in sources):
            names, stray = placeholders(form)
            expected, _ = placeholders(sources[0])
            text = f"{label}has placeholders {list(names)} and {stray} stray %, the msgid {list(expected)}"
            problems.append(("placeholder", text))
        markup = _MARKUP.search(form)
        if markup is not None:
            problems.append(
                ("markup", f"{label}contains markup {markup.group()!r}: translations are plain text")
            )
        missing = [n for n in long_numbers if n not in form]
        if missing:
            problems.append(("number", f"{label}lacks {', '.join(missing)} (numbers are never changed)"))
        lost, added = _short_numbers(sources[0], form)
        if lost and added:
            problems.append(
                ("number", f"{label}has {', '.join(added)} where the msgid has {', '.join(lost)}")
            )
        if len(form) > LENGTH_FACTOR * longest + LENGTH_SLACK:
            limit = int(LENGTH_FACTOR * longest + LENGTH_SLACK)
            problems.append(("too-long", f"{label}is {len(form)} characters, over the limit of {limit}"))
    return problems


def spelled_numbers(message: Message) -> list[str]:
    source = sources_of(message)[0]
    found = []
    for index, form in enumerate(forms_of(message)):
        lost, added = _short_numbers(source, form)
        if form and lost and not added:
            label = f"msgstr[{index}]" if message.pluralizable else "msgstr"
            found.append(f"{label} does not write {', '.join(lost)} as digits: is it spelled out correctly?")
    return found


def _short_numbers(source: str, form: str) -> tuple[list[str], list[str]]:
    """Numbers of one or two digits lost from the msgid, and numbers the msgstr has that the msgid lacks."""
    ours = {n for n in _DIGITS.findall(_LONG_NUMBER.sub(" ", source)) if len(n) <= _SHORT}
    theirs = {_ascii(n) for n in _DIGITS.findall(form)}
    everything = {_ascii(n) for n in _DIGITS.findall(source)}
    return sorted(ours - theirs, key=_numeric), sorted(theirs - everything, key=_numeric)


def _numeric(digits: str) -> tuple[int, str]:
    """A sort key for a digit string of any length (int() refuses more than 4,300 digits)."""
    stripped = digits.lstrip("0")
    return len(stripped), stripped


def _ascii(digits: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in digits)
