"""Markdown output keeps its block structure and shows its text literally, whatever the text says.

Each property renders the same technique twice: once with plain words (``w0001z``, one per text
field or translation) and once with arbitrary text in their place. A CommonMark parser must find
the same blocks (headings, lists, list items, paragraphs: types, tags and nesting, in order) and
the same inline markup in both, and each piece of visible text must be the plain one with every
word replaced by its text, normalised as ``markdown_escape`` documents: every whitespace run that
holds a space, tab or line break becomes one space, and whitespace at either end is dropped.
"""

from __future__ import annotations

import re
import tempfile
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

import distress_tolerance as dt
from distress_tolerance._content.pack import Pack, builtin_pack
from distress_tolerance._content.text import forbidden_character
from distress_tolerance._i18n.catalog_files import catalog_path
from distress_tolerance.exceptions import LocaleFallbackWarning
from distress_tolerance.library import Library
from distress_tolerance.models import PackContent, Reframe, Technique
from distress_tolerance.testing.strategies import reframes
from tests.strategies import hostile_texts, techniques, texts

_MD = MarkdownIt("commonmark")
_WORD = re.compile(r"w\d{4}z")
_TEXT_FIELDS = frozenset(
    {
        "title",
        "summary",
        "why",
        "text",
        "stop_signal",
        "prompt",
        "compassion_prompt",
        "citation",
        "harsh",
        "kinder",
    }
)

# Pieces of Markdown and HTML syntax, so drawn text often starts, ends or breaks a line with them.
SYNTAX = [
    " ", "   ", "    ", "\n", "\n\n", "  \n", "\\\n", "\\", "\xa0", "\u2007",
    "#", "# ", "###### ", " #", "-", "- ", "+", "+ ", "=", "*", "* ", "**", "_", "__", ">", "> ",
    "1.", "1. ", "2)", "123456789. ", "0)", "`", "``", "```", "~~~", "~", "<div>", "</div>", "<!-- ",
    "<script>", "<http://x.y>", "|", "| a | b |", "[a]: b", "[a]: <b> 'c'", "[a]", "(b)", "![i](x)",
    "&amp;", "&#35;", "&#x2D;", "&nbsp;", "===", "---", "***", "___", "\n===", "\n---", "\n- ", "\n1. ",
    "%%", ":", "!", "\"", "'", "“", "”", "(", ")", ".", "a", "word",
]  # fmt: skip


def _plain_ascii_space(text: str) -> bool:
    return any(char in " \t\n\r\f\v" for char in text)


def normalise(text: str) -> str:
    """The visible text Markdown output shows for ``text`` (see the module docstring)."""
    return re.sub(r"\s+", lambda m: " " if _plain_ascii_space(m.group()) else m.group(), text).strip()


_pieces = st.lists(st.one_of(st.sampled_from(SYNTAX), texts), max_size=4).map("".join)
_visible = st.one_of(st.sampled_from([s for s in SYNTAX if s.strip()]), texts)
markdownish = st.builds(lambda *parts: "".join(parts), _pieces, _visible, _pieces)
any_text = st.one_of(markdownish, hostile_texts).filter(lambda text: forbidden_character(text) is None)
"""Non-blank text without forbidden characters (tabs and other controls are never valid text)."""


def structure(markdown: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The block and inline structure of ``markdown``, and the visible text of each inline run."""
    shape: list[tuple[Any, ...]] = []
    visible: list[str] = []
    for token in _MD.parse(markdown):
        if token.type != "inline":
            shape.append((token.type, token.tag, token.level, token.hidden))
            continue
        kinds, seen = _inline(token.children or [])
        shape.append(("inline", token.level, tuple(kinds)))
        visible.append(seen)
    return shape, visible


def _inline(children: list[Token]) -> tuple[list[str], str]:
    kinds: list[str] = []
    seen: list[str] = []
    for child in children:
        if not (child.type == "text" and kinds and kinds[-1] == "text"):
            kinds.append(child.type)
        seen.append({"softbreak": "\n", "hardbreak": "\n"}.get(child.type, child.content))
    return kinds, "".join(seen)


def _expected(visible: list[str], words: dict[str, str]) -> list[str]:
    return [_WORD.sub(lambda m: words[m.group()], line) for line in visible]


def _with_texts(value: Any, pick: Any) -> Any:
    """``value`` (a model dump) with every text field replaced by ``pick()``."""
    if isinstance(value, dict):
        return {
            key: pick() if key in _TEXT_FIELDS and isinstance(item, str) else _with_texts(item, pick)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_with_texts(item, pick) for item in value]
    return value


@cache
def _builtin_content() -> PackContent:
    return builtin_pack().read()


def _render_host(content: PackContent, technique_id: str, level: int) -> str:
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)  # a host pack without catalogs
        library = Library(((builtin_pack(), _builtin_content()), (Pack(Path(tmp), "host"), content)))
        return dt.Renderer(library, cache_size=0).render(
            technique_id, format="markdown", locale="en", region="US", heading_level=level
        )


@st.composite
def host_content(draw: st.DrawFn) -> tuple[PackContent, PackContent, dict[str, str]]:
    """A host pack with one technique (and its reframes): with arbitrary text, with plain words."""
    own = draw(st.lists(reframes(), max_size=2, unique_by=lambda r: r.id))
    own = [Reframe.model_validate({**r.model_dump(), "id": f"zz-{r.id}"}) for r in own]
    technique = draw(techniques(tuple(r.id for r in own)))
    raw = {"technique": technique.model_dump(), "reframes": [r.model_dump() for r in own]}
    raw["technique"]["id"] = "zz-host"
    drawn: list[str] = []

    def pick_text() -> str:
        drawn.append(draw(any_text))
        return drawn[-1]

    hostile = _with_texts(raw, pick_text)
    counter = iter(range(len(drawn)))
    plain = _with_texts(raw, lambda: f"w{next(counter):04d}z")

    def pack(data: dict[str, Any]) -> PackContent:
        return PackContent(
            techniques=(Technique.model_validate(data["technique"]),),
            reframes=tuple(Reframe.model_validate(r) for r in data["reframes"]),
        )

    words = {f"w{index:04d}z": normalise(text) for index, text in enumerate(drawn)}
    return pack(hostile), pack(plain), words


@given(host_content(), st.integers(1, 5))
def test_host_text_never_changes_markdown_structure(
    content: tuple[PackContent, PackContent, dict[str, str]], level: int
) -> None:
    """Every text field of a host technique holds arbitrary text: same blocks, text shown literally."""
    hostile, plain, words = content
    shape, visible = structure(_render_host(hostile, "zz-host", level))
    plain_shape, plain_visible = structure(_render_host(plain, "zz-host", level))
    assert shape == plain_shape
    assert visible == _expected(plain_visible, words)


ROOT = Path(__file__).resolve().parent.parent
EVIL = "eo"  # a well-formed locale we do not ship


def _template_messages() -> list[tuple[str | None, str | tuple[str, str]]]:
    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as fileobj:
        return [(m.context, m.id) for m in read_po(fileobj) if m.id]


def _po_library(root: Path, pick: Callable[[int], str]) -> Library:
    """The built-in content and a real ``.po`` for EVIL whose msgstrs come from ``pick(index)``."""
    catalog = Catalog(locale=EVIL)
    for index, (context, msgid) in enumerate(_MESSAGES):
        if isinstance(msgid, tuple):
            catalog.add(msgid, tuple(pick(index + i) for i in range(len(msgid))), context=context)
        else:
            catalog.add(msgid, pick(index), context=context)
    pack = Pack(root, "evil")
    po = catalog_path(pack.locales_dir, EVIL, ".po")
    po.parent.mkdir(parents=True)
    with po.open("wb") as stream:
        write_po(stream, catalog, width=0)  # unwrapped: the same catalog, written 3x faster
    return Library(((pack, _builtin_content()),))


# Translations: every msgstr of the catalog for EVIL holds arbitrary text (a stray % would only
# make the catalog reject it; %% is a literal percent sign in interface strings).
_MESSAGES = _template_messages()
_CONTENT = [context not in {None, "crisis"} for context, _ in _MESSAGES]
"""Whether each .pot message is content (shown as written) or an interface string (substituted)."""
_BUILTIN_IDS = [t.id for t in dt.load().techniques()]
msgstrs = any_text.map(lambda s: s.replace("%", "%%"))


_PLAIN = tempfile.TemporaryDirectory()  # removed at exit


@cache
def _plain_library() -> Library:
    """The catalog of plain words, built once: it never changes."""
    return _po_library(Path(_PLAIN.name) / "plain", lambda i: f"w{i:04d}z")


@cache
def _plain_structures(technique_id: str, level: int, region: str | None) -> tuple[Any, Any]:
    renderer = dt.Renderer(_plain_library(), cache_size=0)
    options: dict[str, Any] = {"locale": EVIL, "region": region, "heading_level": level}
    return (
        structure(renderer.render(technique_id, format="markdown", **options)),
        structure(renderer.render_crisis(format="markdown", **options)),
    )


@given(
    st.lists(msgstrs, min_size=1, max_size=30),
    st.sampled_from(_BUILTIN_IDS),
    st.integers(1, 5),
    st.sampled_from([None, "US", "GB"]),
)
def test_translations_never_change_markdown_structure(
    values: list[str], technique_id: str, level: int, region: str | None
) -> None:
    """Every translation arbitrary text: the same blocks as with plain words, the text shown literally."""
    with tempfile.TemporaryDirectory() as tmp:
        renderer = dt.Renderer(_po_library(Path(tmp), lambda i: values[i % len(values)]), cache_size=0)
        options: dict[str, Any] = {"locale": EVIL, "region": region, "heading_level": level}
        out = structure(renderer.render(technique_id, format="markdown", **options))
        crisis = structure(renderer.render_crisis(format="markdown", **options))
    words = {}
    for index, content in enumerate(_CONTENT):  # (markdown templates use no plural forms)
        value = values[index % len(values)]
        # content is shown as written; interface strings go through %-substitution
        literal = value if content else value.replace("%%", "%")
        words[f"w{index:04d}z"] = normalise(literal)
    for (shape, visible), (plain_shape, plain_visible) in zip(
        (out, crisis), _plain_structures(technique_id, level, region), strict=True
    ):
        assert shape == plain_shape
        assert visible == _expected(plain_visible, words)
