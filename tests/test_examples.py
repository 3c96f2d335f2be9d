"""The example host apps (examples/flask_app, examples/fastapi_app), run through their test clients:
languages and text direction, the region choice, 404 and 400, and hostile query strings."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from urllib.parse import quote, urlsplit

import pytest

import distress_tolerance as dt
from tests.strategies import PAYLOADS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
APPS = {"flask": EXAMPLES / "flask_app" / "app.py", "fastapi": EXAMPLES / "fastapi_app" / "app.py"}
EMERGENCY = "Call your local emergency number"
VOID = frozenset({"meta", "input", "br", "img", "link", "hr"})
# What the example pages may contain: the library's page shell and fragment plus the apps' own
# navigation and region form. Anything else would have been injected.
_SHELL = ("html", "head", "meta", "title", "style", "body", "main", "nav", "a")
_FORM = ("form", "input", "label", "select", "option", "button")
_FRAGMENT = ("article", "section", "footer", "div", "p", "ul", "ol", "li", "span", "strong", "q")
ALLOWED_TAGS = frozenset({*_SHELL, *_FORM, *_FRAGMENT, "h1", "h2", "h3", "h4", "h5", "h6"})
ALLOWED_ATTRIBUTES = frozenset(
    {"class", "id", "lang", "dir", "aria-labelledby", "charset", "name", "content", "href"}
    | {"method", "type", "value", "for", "selected"}
)


@dataclass(frozen=True)
class Page:
    """One response, whichever framework produced it."""

    status: int
    text: str
    headers: dict[str, str]


Get = Callable[..., Page]


def _load(framework: str) -> ModuleType:
    """Import an example from its file: the examples are not a package."""
    name = f"example_{framework}_app"
    spec = importlib.util.spec_from_file_location(name, APPS[framework])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # Flask finds its root folder through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=sorted(APPS))
def get(request: pytest.FixtureRequest) -> Iterator[Get]:
    """GET a path (query string included) from one app with its own test client."""
    if request.param == "flask":
        client = _load("flask").app.test_client()

        def flask_get(path: str, headers: dict[str, str] | None = None) -> Page:
            response = client.get(path, headers=headers or {})
            lowered = {k.lower(): v for k, v in response.headers.items()}
            return Page(response.status_code, response.get_data(as_text=True), lowered)

        yield flask_get
        return
    if not os.environ.get("CI"):  # CI installs the test extra: there a missing FastAPI fails
        pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        # Newer Starlette prefers httpx2 and warns once on import when only httpx is installed.
        warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient`")
        from fastapi.testclient import TestClient
    with TestClient(_load("fastapi").app) as test_client:

        def fastapi_get(path: str, headers: dict[str, str] | None = None) -> Page:
            response = test_client.get(path, headers=headers or {})
            lowered = {k.lower(): v for k, v in response.headers.items()}
            return Page(response.status_code, response.text, lowered)

        yield fastapi_get


@dataclass
class Document:
    """What an HTML page holds, and what is wrong with it."""

    root: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    options: list[tuple[str, bool]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    data_blocks: list[str] = field(default_factory=list)
    """The JSON-LD of a page (``<script type="application/ld+json">``): data, never run."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = Document()
        self.stack: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and values == {"type": "application/ld+json"} and "head" in self.stack:
            self.doc.data_blocks.append("")
            self.stack.append(tag)
            return
        if len(values) != len(attrs):
            self.doc.problems.append(f"duplicate attribute on <{tag}>")
        if tag == "html":
            self.doc.root = values
        parent = self.stack[-1] if self.stack else None
        if parent in {"ul", "ol"} and tag != "li":
            self.doc.problems.append(f"<{tag}> directly inside <{parent}>")
        if parent == "select" and tag != "option":
            self.doc.problems.append(f"<{tag}> directly inside <select>")
        if "p" in self.stack and tag in {"p", "div", "ul", "ol", "section", "article", "h1", "h2", "form"}:
            self.doc.problems.append(f"<{tag}> inside <p>")
        self.doc.tags.append(tag)
        self.doc.attributes.extend((tag, name, value) for name, value in values.items())
        if "id" in values:
            self.doc.ids.append(values["id"])
        if tag == "option":
            self.doc.options.append((values.get("value", ""), "selected" in values))
        if tag == "a":
            self.doc.links.append(values.get("href", ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.doc.data_blocks[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.doc.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()


def check(text: str) -> Document:
    """Parse a page and assert it is a well-formed HTML5 document with nothing injected."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    doc = checker.doc
    assert text.startswith("<!DOCTYPE html>"), text[:80]
    assert checker.doctype.lower() == "doctype html"
    assert checker.stack == [], checker.stack
    assert doc.problems == []
    for tag in ("html", "head", "title", "body", "main"):
        assert doc.tags.count(tag) == 1, tag
    assert no_script(text)
    for block in doc.data_blocks:
        assert json.loads(block)["@context"] == "https://schema.org"
    assert ("meta", "charset", "utf-8") in doc.attributes
    assert len(doc.ids) == len(set(doc.ids)), "duplicate ids"
    labelled = {value for tag, name, value in doc.attributes if name in {"for", "aria-labelledby"}}
    assert labelled <= set(doc.ids)
    assert set(doc.tags) <= ALLOWED_TAGS, set(doc.tags) - ALLOWED_TAGS
    for tag, name, value in doc.attributes:
        if (tag, name) == ("meta", "http-equiv"):  # the page's own Content-Security-Policy, nothing else
            assert value == "Content-Security-Policy", value
            continue
        assert name in ALLOWED_ATTRIBUTES, (tag, name)
        assert not re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE), (tag, name, value)
    return doc


def no_script(text: str) -> bool:
    """No script element but a page's one JSON-LD data block (checked by :func:`check`)."""
    lowered = text.lower()
    return lowered.count("<script") == lowered.count('<script type="application/ld+json">') <= 1


def visible(text: str) -> str:
    """The page's text with entities decoded, for looking up translated strings."""
    return html.unescape(text)


@pytest.mark.parametrize(
    ("header", "lang", "direction"),
    [
        ("es", "es", "ltr"),
        ("de-DE,de;q=0.9,en;q=0.5", "de-DE", "ltr"),  # the region is kept: Germany's crisis lines
        ("ar", "ar", "rtl"),
        ("pt-BR", "pt-BR", "ltr"),
    ],
)
def test_pages_follow_accept_language(
    get: Get, library: dt.Library, header: str, lang: str, direction: str
) -> None:
    """The list and a technique page come in the negotiated language, with lang and dir on <html>."""
    locale = lang.replace("-", "_")
    index = get("/", headers={"Accept-Language": header})
    assert index.status == 200
    assert check(index.text).root == {"lang": lang, "dir": direction}
    for technique in library.techniques():
        assert library.localize(technique, locale).title.text in visible(index.text)
    page = get("/techniques/tipp", headers={"Accept-Language": header})
    assert page.status == 200
    assert check(page.text).root == {"lang": lang, "dir": direction}
    localized = library.localize("tipp", locale)
    # the root keeps the reader's region; each text names its catalog's language (de, pt-BR)
    assert localized.lang == lang and localized.title.lang in {lang, lang.split("-", maxsplit=1)[0]}
    assert localized.title.text in visible(page.text)
    assert localized.steps[0].text.text in visible(page.text)
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-language"] == lang
    if header.startswith("de-DE"):
        assert "0800 111 0 111" in page.text  # the region the reader's locale named: Germany
    assert "accept-language" in page.headers["vary"].lower()


def test_locale_override_beats_accept_language(get: Get, library: dt.Library) -> None:
    """?locale= wins over the header; a regional override keeps its region, its text falls back to
    its language."""
    page = get("/techniques/stop?locale=fr", headers={"Accept-Language": "ar"})
    assert check(page.text).root == {"lang": "fr", "dir": "ltr"}
    assert library.localize("stop", "fr").title.text in visible(page.text)
    mexican = get("/?locale=es-MX", headers={"Accept-Language": "de"})
    assert check(mexican.text).root["lang"] == "es-MX"
    assert library.localize("stop", "es").title.text in visible(mexican.text)
    unshipped = get("/?locale=ja", headers={"Accept-Language": "de"})
    assert (unshipped.status, check(unshipped.text).root["lang"]) == (200, "en")


def test_index_links_resolve_and_keep_locale_and_region(get: Get, library: dt.Library) -> None:
    """Every link on the list opens its technique in the same language and region."""
    index = get("/?region=gb", headers={"Accept-Language": "fr"})
    links = [link for link in check(index.text).links if link.startswith("techniques/")]
    assert len(links) == len(library.techniques())
    for link in links:
        assert urlsplit(link).query == "locale=fr&region=GB"
        page = get("/" + link)
        assert page.status == 200, link
        assert check(page.text).root["lang"] == "fr"
        assert "116 123" in page.text  # Samaritans (GB)
        assert "../?locale=fr&amp;region=GB" in page.text  # the way back keeps both


@pytest.mark.parametrize("path", ["/", "/techniques/self-soothe"])
def test_region_choice(get: Get, library: dt.Library, path: str) -> None:
    """The form offers every region plus "not listed"; the choice selects the crisis lines shown."""
    chosen = get(f"{path}?region=US")
    doc = check(chosen.text)
    assert ("form", "method", "get") in doc.attributes
    assert [value for value, _ in doc.options] == [*library.regions(), "ZZ"]
    assert [value for value, selected in doc.options if selected] == ["US"]
    assert "988" in chosen.text
    assert EMERGENCY not in chosen.text
    for unknown in ("ZZ", "KE", ""):  # KE: emergency numbers, no crisis line yet
        page = get(f"{path}?region={unknown}")
        assert page.status == 200
        assert [value for value, selected in check(page.text).options if selected] == ["ZZ"]
        assert EMERGENCY in page.text
        assert "988" not in page.text


def test_locale_region_is_used_until_one_is_chosen(get: Get) -> None:
    """pt_BR names a region: Brazil's lines show and Brazil is selected, until another is chosen."""
    page = get("/techniques/stop", headers={"Accept-Language": "pt-BR"})
    assert [value for value, selected in check(page.text).options if selected] == ["BR"]
    assert "188" in page.text  # CVV (BR)
    other = get("/techniques/stop?region=ZZ", headers={"Accept-Language": "pt-BR"})
    assert "188" not in other.text


def test_unknown_technique_is_404_with_crisis_route(get: Get) -> None:
    """An unknown id gives 404: a real page, still with the way to crisis help."""
    for path in ("/techniques/no-such-skill", "/techniques/%3Cscript%3Ealert(1)%3C%2Fscript%3E"):
        page = get(path, headers={"Accept-Language": "es"})
        assert page.status == 404
        assert check(page.text).root == {"lang": "es", "dir": "ltr"}
        assert no_script(page.text)
        assert check(page.text).links in (["../"], ["/"])  # a way back to the list
        assert 'class="dt-crisis"' in page.text
        assert dt.Renderer().crisis_route("es").instruction.split(".")[0] in page.text
    missing = get("/no/such/page", headers={"Accept-Language": "de"})
    assert (missing.status, check(missing.text).root["lang"]) == (404, "de")
    assert 'class="dt-crisis"' in missing.text


@pytest.mark.parametrize("path", ["/", "/techniques/stop"])
@pytest.mark.parametrize("bad", ["../evil", "de/../../x", "%00", "x" * 10_000, "%3Cscript%3E"])
def test_malformed_locale_is_400(get: Get, path: str, bad: str) -> None:
    """A malformed ?locale= override gives 400, in the header's language, never echoing markup."""
    page = get(f"{path}?locale={bad}", headers={"Accept-Language": "ar"})
    assert page.status == 400
    assert check(page.text).root == {"lang": "ar", "dir": "rtl"}
    assert no_script(page.text)


def test_hostile_query_strings_are_escaped(get: Get) -> None:
    """<script> in a region or a locale is shown as text or dropped, never run."""
    page = get("/techniques/stop?region=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert page.status == 200
    assert no_script(page.text)
    assert EMERGENCY in page.text
    bad_locale = get("/?locale=%3Cscript%3E")
    assert bad_locale.status == 400
    assert "&lt;script&gt;" in bad_locale.text
    assert no_script(bad_locale.text)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_corpus_in_every_parameter(get: Get, payload: str) -> None:
    """Every corpus payload, as region, locale and Accept-Language: nothing is injected."""
    encoded = quote(payload.encode("utf-8", "surrogatepass"), safe="")
    for path in (f"/?region={encoded}", f"/techniques/stop?region={encoded}&locale=ar"):
        page = get(path)
        assert page.status == 200, path
        check(page.text)
    assert get(f"/techniques/stop?locale={encoded}").status in {200, 400}
    check(get(f"/techniques/stop?locale={encoded}").text)
    if payload.isprintable() and payload.isascii():
        check(get("/", headers={"Accept-Language": payload}).text)


NEGOTIATED = [
    ("es-MX, es;q=0.9", "es_MX"),  # the region is kept, so Mexico's crisis lines show
    ("pt", "pt_BR"),  # a bare language takes the shipped regional variant
    ("pt-PT, en;q=0.5", "en"),
    ("de-DE-1996, fr;q=0.5", "de_DE"),  # BCP 47 variant dropped, region kept
    ("es;q=1.5, de;q=0.5", "de"),  # q out of range, malformed or NaN: that range is ignored
    ("es;q=abc, de;q=0.5", "de"),
    ("es;q=-1, de;q=0.5", "de"),
    ("es;q=NaN, de;q=0.5", "de"),
    ("tlh, xx;q=0.9", "en"),
    ("fr;q=0.2, ar;q=0.8", "ar"),
    ("", "en"),
    ("x" * 5000, "en"),  # over MAX_HEADER_LENGTH: ignored as a whole
]


@pytest.mark.parametrize(("header", "expected"), NEGOTIATED)
def test_negotiate_with_a_real_flask_request(library: dt.Library, header: str, expected: str) -> None:
    """Werkzeug's parsed request.accept_languages ((tag, quality) pairs) negotiates as the header does."""
    flask = pytest.importorskip("flask")
    app = flask.Flask("negotiate")

    @app.get("/")
    def index() -> str:
        parsed = dt.negotiate(flask.request.accept_languages, library.locales())
        raw = dt.negotiate(flask.request.headers.get("Accept-Language"), library.locales())
        return f"{parsed} {raw}"

    response = app.test_client().get("/", headers={"Accept-Language": header} if header else {})
    assert response.get_data(as_text=True) == f"{expected} {expected}"


@pytest.mark.parametrize(("header", "expected"), NEGOTIATED)
def test_negotiate_with_a_real_starlette_request(library: dt.Library, header: str, expected: str) -> None:
    """FastAPI and Starlette give the raw header (or None when absent) through request.headers."""
    if not os.environ.get("CI"):
        pytest.importorskip("fastapi")
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient`")
        from starlette.testclient import TestClient

    async def index(request: Request) -> PlainTextResponse:
        return PlainTextResponse(dt.negotiate(request.headers.get("accept-language"), library.locales()))

    app = Starlette(routes=[Route("/", index)])
    with TestClient(app) as client:
        response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.text == expected


def test_mexican_visitor_sees_mexican_crisis_lines(get: Get, library: dt.Library) -> None:
    """es-MX in the header: Spanish text (the es catalog), Mexico's crisis lines, Mexico selected."""
    page = get("/techniques/stop", headers={"Accept-Language": "es-MX, es;q=0.9"})
    assert page.status == 200
    assert check(page.text).root == {"lang": "es-MX", "dir": "ltr"}
    assert library.localize("stop", "es").title.text in visible(page.text)
    mexican = library.crisis_services("MX")
    assert mexican and all(c.display in visible(page.text) for c in mexican[0].contacts)
    assert [value for value, selected in check(page.text).options if selected] == ["MX"]


@pytest.mark.parametrize("header", ["tlh", "qq-ZZ", "de-DE-1996", "zh-Hant-TW", "sr-Latn"])
def test_unknown_well_formed_locale_is_a_page_not_a_500(get: Get, header: str) -> None:
    """An odd Accept-Language or ?locale= never fails a page."""
    assert get("/techniques/stop", headers={"Accept-Language": header}).status == 200
    assert get(f"/techniques/stop?locale={header}").status == 200
    assert get(f"/?locale={header}").status == 200
