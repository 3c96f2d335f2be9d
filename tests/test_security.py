"""Hostile translations and host data never become markup, code or control characters."""

from __future__ import annotations

import re
import tempfile
import warnings
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.messages.pofile import read_po
from hypothesis import assume, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markupsafe import escape

import distress_tolerance as dt
from distress_tolerance._content.pack import Pack, builtin_pack
from distress_tolerance._i18n.catalog import _build, _cache
from distress_tolerance._i18n.catalog_files import catalog_path
from distress_tolerance.exceptions import LocaleFallbackWarning
from distress_tolerance.library import Library
from distress_tolerance.localized import TechniqueDocument
from distress_tolerance.models import PackContent, Technique
from distress_tolerance.testing import payloads
from distress_tolerance.testing.strategies import techniques
from tests.htmlcheck import injected

ROOT = Path(__file__).resolve().parent.parent
EVIL = "eo"  # a well-formed locale we do not ship
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PAYLOADS = payloads()  # the 1 MB string included
SMALL_PAYLOADS = [p for p in PAYLOADS if len(p) <= 10_000]


@cache
def _template_messages() -> list[tuple[str | None, str | tuple[str, str]]]:
    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as fileobj:
        return [(m.context, m.id) for m in read_po(fileobj) if m.id]


@cache
def _builtin_content() -> PackContent:
    """The built-in content, read once (it is frozen): reading the YAML is most of an example."""
    return builtin_pack().read()


def _evil_library(tmp: Path, pick: object) -> Library:
    """The built-in content with a catalog for EVIL whose msgstrs come from ``pick(index)``."""
    entries = [("", ("",), ("Plural-Forms: nplurals=2; plural=(n != 1);",))]
    for index, (context, msgid) in enumerate(_template_messages()):
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        key = ids[0] if context is None else f"{context}\x04{ids[0]}"
        strs = tuple(pick(index + i) for i in range(len(ids)))  # type: ignore[operator]
        entries.append((key, (key, *ids[1:]), strs))
    pack = Pack(tmp, "evil")
    po = catalog_path(pack.locales_dir, EVIL, ".po")
    po.parent.mkdir(parents=True, exist_ok=True)
    po.touch()  # a library lists the catalogs on disk; the one it reads is the one cached here
    catalog = _build(entries, EVIL, str(po))
    _cache[(str(pack.locales_dir), EVIL)] = ((None, None), catalog)  # (file signature, catalog)
    return Library(((pack, _builtin_content()),))


_MD = MarkdownIt("commonmark")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")


def _check(out: str, fmt: str) -> None:
    if fmt in {"html", "page"}:
        assert injected(out) == []
        # the one script a page has is its JSON-LD data block, which is never run
        assert out.lower().count("<script") == out.count('<script type="application/ld+json">')
        assert out.count("<script") == (1 if fmt == "page" else 0) and "<!--" not in out
    elif fmt == "markdown":
        tokens = [t.type for t in _MD.parse(out)]
        assert not {"link_open", "image", "html_inline", "html_block", "code_inline"} & set(tokens)
        assert injected(_MD.render(out).replace("<em>", "").replace("</em>", "")) == []
    elif fmt == "json":
        assert TechniqueDocument.model_validate_json(out)
    elif fmt == "ssml":
        root = ElementTree.fromstring(out)  # well-formed: every text was escaped
        ns = "{http://www.w3.org/2001/10/synthesis}"
        tags = {f"{ns}speak", f"{ns}s", f"{ns}break", f"{ns}lang", f"{ns}say-as"}
        assert {element.tag for element in root.iter()} <= tags
        for part in root.iter(f"{ns}lang"):  # a part in another language: only ever a language tag
            assert list(part.attrib) == [XML_LANG] and LANGUAGE_TAG.fullmatch(part.attrib[XML_LANG])
        for number in root.iter(f"{ns}say-as"):  # a phone number: digits, and nothing inside
            assert number.attrib == {"interpret-as": "telephone"} and len(number) == 0
            assert re.fullmatch(r"[+*#]?[0-9][0-9 ().-]*", number.text or "")
        assert CONTROL.search(out) is None
    else:
        assert CONTROL.search(out) is None


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "page", "json", "ssml"])
def test_evil_locale_renders_safely(tmp_path: Path, fmt: str) -> None:
    """Every msgstr a hostile payload: every technique renders with nothing injected."""
    library = _evil_library(tmp_path, lambda i: PAYLOADS[i % len(PAYLOADS)])
    renderer = dt.Renderer(library, cache_size=0)
    for technique in library.techniques():
        out = renderer.render(technique.id, format=fmt, locale=EVIL, region="US")
        _check(out, fmt)
    # the payloads really were used where they are safe to show (escaped)
    html = renderer.render("stop", format="html", locale=EVIL)
    assert "&lt;" in html


def test_script_in_a_po_file_comes_out_as_text(tmp_path: Path) -> None:
    """A real .po file with a <script> msgstr renders it as visible, escaped text."""
    root = tmp_path / "pack"
    (root / "data" / "techniques").mkdir(parents=True)
    (root / "data" / "techniques" / "stop.yaml").write_text(
        (ROOT / "data" / "techniques" / "stop.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    po = catalog_path(root / "locales", "eo", ".po")
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "stop.title"\nmsgid "STOP"\nmsgstr "<script>alert(1)</script>"\n\n'
        'msgid "Steps"\nmsgstr "<img src=x onerror=alert(1)>"\n',
        encoding="utf-8",
    )
    out = dt.Renderer(dt.load(root, builtin=False)).render("stop", format="html", locale="eo")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert injected(out) == []


def test_mismatched_placeholders_fall_back_to_the_source(tmp_path: Path) -> None:
    """A msgstr with other placeholders (or a stray %) is never applied: the English source is shown,
    exactly as if the catalog had no translations at all (numbers and dates still follow the locale)."""
    library = _evil_library(tmp_path / "evil", lambda i: "%(evil)s {0.__class__} 100%")
    rejected = _cache[(str(tmp_path / "evil" / "locales"), EVIL)][1].rejected  # type: ignore[union-attr]
    assert len(rejected) == len(_template_messages())
    untranslated = _evil_library(tmp_path / "empty", lambda i: "")
    for fmt in ("text", "html"):
        out = dt.Renderer(library).render("stop", format=fmt, locale=EVIL, region="GB")
        assert out == dt.Renderer(untranslated).render("stop", format=fmt, locale=EVIL, region="GB")
        assert "{0.__class__}" not in out and "%(evil)s" not in out


msgstrs = st.one_of(st.text(max_size=40), st.sampled_from(SMALL_PAYLOADS))


@given(
    st.lists(msgstrs, min_size=1, max_size=30), st.sampled_from(["text", "markdown", "html", "page", "ssml"])
)
def test_property_any_msgstrs_render_safely(values: list[str], fmt: str) -> None:
    """Whatever the translations, output holds no injected markup or control characters."""
    with tempfile.TemporaryDirectory() as tmp:
        library = _evil_library(Path(tmp), lambda i: values[i % len(values)])
        renderer = dt.Renderer(library, cache_size=0)
        for technique_id in ("stop", "self-compassion", "tipp"):
            _check(renderer.render(technique_id, format=fmt, locale=EVIL, region="US"), fmt)


@given(
    techniques(),
    st.sampled_from(["text", "markdown", "html", "page", "json", "ssml"]),
    st.sampled_from(["en", "es", "ar", "de"]),
    st.integers(1, 5),
)
def test_property_any_host_technique_renders_safely(
    technique: Technique, fmt: str, locale: str, level: int
) -> None:
    """A host's technique with hostile text renders in any locale and level without raising or injecting."""
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)  # a host pack without catalogs
        library = Library(((Pack(Path(tmp), "host"), PackContent(techniques=(technique,))),))
        out = dt.Renderer(library, cache_size=0).render(
            technique.id, format=fmt, locale=locale, region="US", heading_level=level
        )
    assert isinstance(out, str)
    _check(out, fmt)


crisis_texts = st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(SMALL_PAYLOADS))


@given(
    st.lists(crisis_texts, min_size=4, max_size=4),
    st.sampled_from(["text", "markdown", "html", "page", "json", "ssml"]),
    st.sampled_from(["en", "es", "ar"]),
)
def test_property_any_host_crisis_notes_render_safely(texts: list[str], fmt: str, locale: str) -> None:
    """Hostile notes, a hostile service name and keyword in a host's crisis data render without
    raising or injecting, in the page, the crisis card and a voice script."""
    from pydantic import ValidationError

    name, note, cost_note, hours_note = texts
    content = _builtin_content()
    service = next(s for s in content.crisis_services if s.region == "US" and s.primary)
    data = service.model_dump(mode="json")
    data["name"] = name
    contact = data["contacts"][0]
    contact.update(note=note, cost_note=cost_note, keyword=name)
    contact["hours"] = {**contact["hours"], "note": hours_note}
    try:
        hostile = type(service).model_validate(data)
    except ValidationError:
        assume(False)  # text the model refuses (a control character, a placeholder) never renders
    others = tuple(s for s in content.crisis_services if s.id != service.id)
    evil = content.model_copy(update={"crisis_services": (hostile, *others)})
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        library = Library(((Pack(Path(tmp), "host"), evil),))
        out = dt.Renderer(library, cache_size=0).render("stop", format=fmt, locale=locale, region="US")
        card = dt.crisis_card(locale, "US", library=library)
    _check(out, fmt)
    if fmt == "html":  # the notes are there, as text
        assert all(str(escape(text)) in out for text in (note, cost_note, hours_note))
    assert [p for p in injected(str(card.html())) if p != "tag <aside>"] == []  # the card's own frame
    assert CONTROL.search(card.text()) is None


# The audited places that mark text safe: render.mark_escaped, given only autoescaped output,
# _render/jsonld.script_json, given only JSON with every <, > and & escaped, and the lang_attr
# filter in _render/formats.py, whose only value goes through Markup's escaping %, and the crisis
# card's html(), built only from values escaped one by one (_channels/crisis_card._e).
AUDITED_MARKUP = {"render.py": 1, "jsonld.py": 1, "environment.py": 1, "crisis_card.py": 1}


def test_the_lang_attr_filter_escapes_the_language() -> None:
    """A hostile ``lang`` can never break out of the attribute."""
    from distress_tolerance._i18n.translate import UIText
    from distress_tolerance._render.environment import lang_attr

    assert str(lang_attr(UIText("x", '"><script>'), "es")) == ' lang="&#34;&gt;&lt;script&gt;"'
    assert str(lang_attr(UIText("x", "es"), "es-MX")) == ""
    assert str(lang_attr(UIText("x", "en"), "es-MX")) == ' lang="en"'
    assert str(lang_attr("plain text", "es")) == ""


def test_templates_never_mark_text_safe() -> None:
    """No |safe or autoescape false anywhere in our templates or code; Markup( only in one audited place."""
    package = ROOT / "src" / "distress_tolerance"
    for path in [*package.rglob("*.py"), *(package / "templates").rglob("*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "|safe" not in text.replace(" ", ""), path
            assert text.count("Markup(") == AUDITED_MARKUP.get(path.name, 0), path
            assert "autoescape false" not in text, path
            assert "from_string" not in text, path


def test_html_templates_never_import_from_unescaped_templates() -> None:
    """A macro from a text/ or markdown/ template would hand HTML its output unescaped."""
    templates = ROOT / "src" / "distress_tolerance" / "templates"
    for path in [*(templates / "html").iterdir(), *(templates / "page").iterdir()]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\{%-?\s*(?:from|import|include|extends)\s+\"([^\"]+)\"", text):
            assert not match.group(1).startswith(("text/", "markdown/")), (path.name, match.group(1))


_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def _policy(page: str) -> dict[str, str]:
    """The page's one Content-Security-Policy, as directive -> value."""
    found = _POLICY.findall(page)
    assert len(found) == 1, found
    assert page.index(found[0]) < page.index("<style>")  # before anything it governs
    return dict(rule.strip().split(" ", 1) for rule in found[0].split(";"))


def test_every_page_runs_no_script_and_loads_nothing(library: Library, tmp_path: Path) -> None:
    """Technique, crisis, first-hour and index pages forbid every script, request and form
    submission (only their inline style applies); the plan page allows only its own script."""
    renderer = dt.Renderer(library)
    pages = [renderer.render(t.id, format="page", locale="ar", region="US") for t in library]
    pages += [renderer.render_crisis(format="page", region="GB"), renderer.render_first_hour(format="page")]
    dt.export(library, tmp_path, locale="de", format="page")
    pages.append((tmp_path / "index.html").read_text(encoding="utf-8"))
    for page in pages:
        rules = _policy(str(page))
        assert rules == {
            "default-src": "'none'",
            "style-src": "'unsafe-inline'",
            "form-action": "'none'",
            "base-uri": "'none'",
        }
    plan = _policy(str(renderer.render_plan(None, format="page")))
    assert plan["default-src"] == "'none'" and plan["script-src"].startswith("'sha256-")
