"""Exact behaviour of the plain-text rules, placeholders and Markdown escaping (mutation killers).

Each assertion pins one decision of ``_content/text.py`` or of the escaping and substitution in
``_render/formats.py``: a changed character class, boundary, message or branch makes one of them fail.
"""

from __future__ import annotations

import html
from collections import namedtuple
from enum import Enum
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict

import distress_tolerance as dt
from distress_tolerance._content.text import (
    check_text,
    forbidden_character,
    placeholders,
    same_placeholders,
)
from distress_tolerance._render.formats import (
    escape_context,
    escape_data,
    escaping_callable,
    markdown_escape,
    substitute,
    wrap_text,
)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("\x00", "control character U+0000 at position 0"),
        ("ab\x08", "control character U+0008 at position 2"),
        ("a\tb", "control character U+0009 at position 1"),
        ("\x0b", "control character U+000B at position 0"),
        ("\x1f", "control character U+001F at position 0"),
        ("\x7f", "control character U+007F at position 0"),
        ("\x85", "control character U+0085 at position 0"),
        ("\x9f", "control character U+009F at position 0"),
        ("x\ud800", "lone surrogate U+D800 at position 1"),
        ("\udfff", "lone surrogate U+DFFF at position 0"),
        ("\u202a", "bidirectional control LEFT-TO-RIGHT EMBEDDING U+202A at position 0"),
        ("\u202b", "bidirectional control RIGHT-TO-LEFT EMBEDDING U+202B at position 0"),
        ("\u202c", "bidirectional control POP DIRECTIONAL FORMATTING U+202C at position 0"),
        ("\u202d", "bidirectional control LEFT-TO-RIGHT OVERRIDE U+202D at position 0"),
        ("\u202e", "bidirectional control RIGHT-TO-LEFT OVERRIDE U+202E at position 0"),
        ("\u2066", "bidirectional control LEFT-TO-RIGHT ISOLATE U+2066 at position 0"),
        ("\u2067", "bidirectional control RIGHT-TO-LEFT ISOLATE U+2067 at position 0"),
        ("\u2068", "bidirectional control FIRST STRONG ISOLATE U+2068 at position 0"),
        ("\u2069", "bidirectional control POP DIRECTIONAL ISOLATE U+2069 at position 0"),
        ("ok\ufeff", "bidirectional control BYTE ORDER MARK U+FEFF at position 2"),
        ("a\x00\u202e", "control character U+0000 at position 1"),  # the first one is named
        ("a\u2028b", "line or paragraph separator U+2028 at position 1"),
        ("\u2029", "line or paragraph separator U+2029 at position 0"),
        ("\u200b", "invisible character U+200B at position 0"),
        ("\u2060", "invisible character U+2060 at position 0"),
        ("\u2064", "invisible character U+2064 at position 0"),
        ("\ufff9", "invisible character U+FFF9 at position 0"),
        ("\ufffb", "invisible character U+FFFB at position 0"),
        ("\U000e0000", "invisible character U+E0000 at position 0"),
        ("hi\U000e0041", "invisible character U+E0041 at position 2"),  # "ASCII smuggling" tags
        ("\U000e007f", "invisible character U+E007F at position 0"),
        ("\ufdd0", "noncharacter U+FDD0 at position 0"),
        ("\ufdef", "noncharacter U+FDEF at position 0"),
        ("\ufffe", "noncharacter U+FFFE at position 0"),
        ("\uffff", "noncharacter U+FFFF at position 0"),
        ("\U0001fffe", "noncharacter U+1FFFE at position 0"),
        ("\U0010ffff", "noncharacter U+10FFFF at position 0"),
    ],
)
def test_forbidden_characters_are_named_exactly(text: str, problem: str) -> None:
    """Each forbidden class, at both ends of its range, with its kind, code point and position."""
    assert forbidden_character(text) == problem
    with pytest.raises(ValueError, match="^text contains a " + problem.replace("+", r"\+") + "$"):
        check_text(text)


@pytest.mark.parametrize(
    "text",
    ["a\nb", " ", "\x20~", "\xa0", "\xa0é", "\u200e", "\u200f", "\u200c", "\u200d", "\u061c", "\u2027",
     "\u202f", "\u2065", "\u206a", "\ud7ff", "\ue000", "\ufdcf", "\ufdf0", "\ufefe", "\ufff8",
     "\ufffc", "\ufffd", "\uff00", "\U0001fffd", "\U000e0080", "\U000dfffd", "😀", "#", "- ", "%%"],
)  # fmt: skip
def test_allowed_characters_pass(text: str) -> None:
    """Newline, the characters just outside each forbidden range, and ordinary text are allowed."""
    assert forbidden_character(text) is None


def test_the_ascii_fast_path_forbids_exactly_the_ascii_part_of_the_full_class() -> None:
    """All-ASCII text is checked with a smaller pattern: it must agree with the full one on each
    of the 128 ASCII characters, alone and after other text (the position is reported too)."""
    from distress_tolerance._content import text as rules

    for code in range(128):
        char = chr(code)
        forbidden = bool(rules._FORBIDDEN.fullmatch(char))
        assert bool(rules._FORBIDDEN_ASCII.fullmatch(char)) == forbidden, hex(code)
        full = rules._FORBIDDEN.search("ok " + char)
        assert forbidden_character("ok " + char) == (
            None if full is None else f"control character U+{code:04X} at position 3"
        )


@pytest.mark.parametrize("text", ["", " ", "\n", " \n \xa0"])
def test_blank_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^text is empty$"):
        check_text(text)


def test_check_text_returns_the_text_unchanged() -> None:
    for text in [" a ", "# Heading", "- item", "+ plus", "= equals", "100%%", "\na\n"]:
        assert check_text(text) is text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no placeholders", ((), 0)),
        ("%(name)s", (("name",), 0)),
        ("%(b)s then %(a)s", (("a", "b"), 0)),
        ("%(a)s%(a)s", (("a", "a"), 0)),
        ("%(_x9)s %(X)s", (("X", "_x9"), 0)),
        ("100%%", ((), 0)),
        ("%%(name)s", ((), 0)),  # a literal percent, then plain text
        ("%%%", ((), 1)),
        ("100%", ((), 1)),
        ("% %", ((), 2)),
        ("%(name)d", ((), 1)),
        ("%(9a)s", ((), 1)),
        ("%(a-b)s", ((), 1)),
        ("%()s", ((), 1)),
        ("%(a)", ((), 1)),
        ("%s", ((), 1)),
        ("%%%(a)s", (("a",), 0)),
    ],
)
def test_placeholders(text: str, expected: tuple[tuple[str, ...], int]) -> None:
    """Names sorted (repeats kept), %% a literal percent, any other % a stray one."""
    assert placeholders(text) == expected


def test_same_placeholders() -> None:
    assert same_placeholders("%(a)s and %(b)s", "%(b)s und %(a)s")
    assert same_placeholders("100%", "100 %")
    assert same_placeholders("plain", "100%% klar")
    assert not same_placeholders("%(a)s", "%(b)s")
    assert not same_placeholders("%(a)s", "%(a)s %(a)s")
    assert not same_placeholders("plain", "100%")
    assert not same_placeholders("100%", "100%%")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("\\ ` * _ [ ] < > & ! | ~ #", "\\\\ \\` \\* \\_ \\[ \\] \\< \\> \\& \\! \\| \\~ \\#"),
        ("C# and F#", "C\\# and F\\#"),
        ("# Heading", "\\# Heading"),
        ("- item", "\\- item"),
        ("-", "\\-"),
        ("+ item", "\\+ item"),
        ("= underline", "\\= underline"),
        ("--- rule", "\\--- rule"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("123456789. long", "123456789\\. long"),
        ("1.5 litres", "1\\.5 litres"),
        ("10 - 2", "10 - 2"),
        ("a - b + c = d 1. e", "a - b + c = d 1. e"),
        ("x1. y", "x1. y"),
        ("\u0663. Arabic-Indic digit", "\u0663. Arabic-Indic digit"),
        ("   - indented", "\\- indented"),
        ("  lead and trail  ", "lead and trail"),
        ("a\n\n# b", "a \\# b"),
        ("a \n\t b", "a b"),
        ("line  \nbreak", "line break"),
        ("a\xa0: b", "a\xa0: b"),
        ("a\xa0\xa0b", "a\xa0\xa0b"),
        ("a\xa0 b", "a b"),
        ("\xa0x\u2003", "x"),
        ("x\\", "x\\\\"),
        ("&amp; [a]: b", "\\&amp; \\[a\\]: b"),
        ("%%", "%%"),
    ],
)
def test_markdown_escape_exactly(text: str, escaped: str) -> None:
    """The exact escaping: inline characters anywhere, a block marker only at the start, whitespace
    runs with a space or line break collapsed, ends trimmed, other Unicode spaces kept."""
    assert markdown_escape(text) == escaped


@pytest.mark.parametrize(
    "text",
    ["# a", "- a", "+ a", "= a", "1. a", "1) a", "* a", "> a", "```", "~~~", "<div>", "    code", " \ta",
     "[a]: b", "a\n===", "a\n---", "a  ", "a\\", "&amp;", "| a |", "***", "___", "<!-- x -->", "-"],
)  # fmt: skip
def test_markdown_escape_shows_the_text_as_one_paragraph(text: str) -> None:
    """Rendered alone, escaped text is one paragraph whose text is the normalised input."""
    tokens = MarkdownIt("commonmark").parse(markdown_escape(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert tokens[1].children is not None
    assert "".join(c.content for c in tokens[1].children) == " ".join(text.split())


def test_substitute_without_escape() -> None:
    assert substitute("%(a)s and %(b)s", {"a": 1, "b": "two"}) == "1 and two"
    assert substitute("100%% sure, %(n)s%%", {"n": 5}) == "100% sure, 5%"
    assert substitute("  keep  %(x)s  ", {"x": "*"}) == "  keep  *  "
    assert substitute("no placeholders", {}) == "no placeholders"
    assert substitute("%%(a)s", {"a": "no"}) == "%(a)s"


def test_substitute_escapes_only_the_text_around_values() -> None:
    """A generic escape is applied to each piece of the msgstr, never to the values."""
    assert substitute("<%(x)s> & %%", {"x": "<b>"}, html.escape) == "&lt;<b>&gt; &amp; %"
    assert substitute("%(x)s", {"x": "<i>"}, html.escape) == "<i>"


@pytest.mark.parametrize(
    ("msgstr", "variables", "expected"),
    [
        ("text the word %(word)s", {"word": "HELP"}, "text the word HELP"),
        ("  %(word)s  ", {"word": "HELP"}, "HELP"),
        ("%(n)s. Minute", {"n": 3}, "3\\. Minute"),
        ("%(n)s) Minute", {"n": 12}, "12\\) Minute"),
        ("- %(x)s -", {"x": "v"}, "\\- v -"),
        ("# %(x)s #", {"x": "v"}, "\\# v \\#"),
        ("+%(x)s", {"x": "v"}, "\\+v"),
        ("=%(x)s", {"x": "v"}, "\\=v"),
        ("100%% *%(x)s*", {"x": "v"}, "100% \\*v\\*"),
        ("%%", {}, "%"),
        ("a\n\n  %(x)s\n", {"x": "v"}, "a v"),
        ("%(x)s", {"x": "\\*already escaped\\*"}, "\\*already escaped\\*"),
        ("%(x)s", {"x": "\\- escaped value"}, "\\- escaped value"),
        ("plain", {}, "plain"),
    ],
)
def test_substitute_with_markdown_escape(msgstr: str, variables: dict[str, object], expected: str) -> None:
    """Markdown: pieces escaped, values kept, then the whole trimmed and a leading marker escaped."""
    assert substitute(msgstr, variables, markdown_escape) == expected


class _Colour(Enum):
    RED = "<red>"


class _Inner(BaseModel):
    model_config = ConfigDict(frozen=True)
    text: str
    count: int


class _Outer(BaseModel):
    model_config = ConfigDict(frozen=True)
    inner: _Inner
    items: tuple[str, ...]
    colour: _Colour


_Pair = namedtuple("_Pair", "left right")


def test_escape_data_reaches_every_string() -> None:
    """Strings inside models, tuples, named tuples, lists and dicts; enums, numbers kept."""
    star = markdown_escape
    model = _Outer(inner=_Inner(text="*a*", count=2), items=("#b", "c"), colour=_Colour.RED)
    escaped = escape_data(model, star)
    assert isinstance(escaped, _Outer)
    assert escaped.inner == _Inner.model_construct(text="\\*a\\*", count=2)
    assert escaped.items == ("\\#b", "c") and escaped.colour is _Colour.RED
    pair = escape_data(_Pair("-x", 1), star)
    assert isinstance(pair, _Pair) and pair == _Pair("\\-x", 1)
    assert escape_data(["*", ("_",)], star) == ["\\*", ("\\_",)]
    assert escape_data({"k": "<"}, star) == {"k": "\\<"}
    assert escape_data(3, star) == 3 and escape_data(None, star) is None


def test_escaping_callable_and_context() -> None:
    """Callables' results are escaped; kept names and models are left alone."""
    wrapped = escaping_callable(lambda a, b="": f"{a}{b}", markdown_escape)
    assert wrapped("# x", b="*") == "\\# x\\*"
    model = _Inner(text="*", count=1)
    context = {"h": "# kept", "name": "# escaped", "fn": lambda: "*", "model": model}
    result = escape_context(context, markdown_escape, keep=frozenset({"h"}))
    assert result["h"] == "# kept" and result["name"] == "\\# escaped"
    assert result["fn"]() == "\\*"
    assert result["model"] == _Inner.model_construct(text="\\*", count=1)


def test_wrap_text_keeps_markers_and_indentation() -> None:
    """Long lines wrap under their text (after a list marker); short lines and blank ones stay."""
    assert wrap_text("short\n\nline", 10) == "short\n\nline"
    assert wrap_text("- one two three four", 10) == "- one two\n  three\n  four"
    assert wrap_text("12. one two three", 10) == "12. one\n    two\n    three"
    assert wrap_text("  * aa bb cc dd", 9) == "  * aa bb\n    cc dd"
    assert wrap_text("abcdefghijkl", 5) == "abcde\nfghij\nkl"
    assert wrap_text("well-known words", 10) == "well-known\nwords"
    assert wrap_text("exactly10!", 10) == "exactly10!"
    assert wrap_text("ab   ", 5) == "ab   "  # as long as the width: left as it is, spaces and all
    assert wrap_text("ab    ", 5) == "ab"


def _translated_pack(root: Path, msgstrs: dict[tuple[str | None, str], str]) -> dt.Library:
    """The built-in ``stop`` technique with a real ``.po`` for ``eo`` holding ``msgstrs``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from distress_tolerance._i18n.catalog_files import catalog_path

    stop = Path(__file__).resolve().parent.parent / "data" / "techniques" / "stop.yaml"
    (root / "data" / "techniques").mkdir(parents=True)
    (root / "data" / "techniques" / "stop.yaml").write_text(
        stop.read_text(encoding="utf-8"), encoding="utf-8"
    )
    catalog = Catalog(locale="eo")
    for (context, msgid), msgstr in msgstrs.items():
        catalog.add(msgid, msgstr, context=context)
    po = catalog_path(root / "locales", "eo", ".po")
    po.parent.mkdir(parents=True)
    with po.open("wb") as stream:
        write_po(stream, catalog)
    return dt.load(root, builtin=False)


def test_translations_with_literal_percent_and_leading_markers_render_literally(tmp_path: Path) -> None:
    """A msgstr with %% (a literal percent) or starting with #, -, + or = shows as written in Markdown:
    the percent once, every marker kept as text, the block structure that of the English."""
    library = _translated_pack(
        tmp_path,
        {
            (None, "Steps"): "# Schritte 100%%",
            (None, "Why it helps"): "- Warum",
            (None, "Sources"): "+ Quellen",
            ("stop.title", "STOP"): "= STOPP",
            ("stop.summary", library_summary()): "1. Anhalten, 50%% Pause",
        },
    )
    md = MarkdownIt("commonmark")
    out = dt.Renderer(library, cache_size=0).render("stop", format="markdown", locale="eo")
    english = dt.Renderer(library, cache_size=0).render("stop", format="markdown", locale="en")
    assert [(t.type, t.tag) for t in md.parse(out)] == [(t.type, t.tag) for t in md.parse(english)]
    headings = ["".join(c.content for c in t.children or []) for t in md.parse(out) if t.type == "inline"]
    assert "= STOPP" in headings  # content: shown exactly as translated
    assert "# Schritte 100%" in headings and "- Warum" in headings and "+ Quellen" in headings
    assert "1. Anhalten, 50%% Pause" in headings  # content is never %-substituted


def library_summary() -> str:
    """The English summary of ``stop`` (its msgid)."""
    return next(t.summary for t in dt.load().techniques() if t.id == "stop")
