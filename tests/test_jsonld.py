"""The schema.org JSON-LD of the ``page`` format: valid against the subset we emit, true to the
page it sits in (steps, language, review), and never able to break out of its script element."""

from __future__ import annotations

import datetime as dt_
import json
import warnings
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

import distress_tolerance as dt
from distress_tolerance._content.pack import builtin_pack
from distress_tolerance._i18n.catalog_files import catalog_path
from distress_tolerance._render.jsonld import (
    first_hour_jsonld,
    license_url,
    script_json,
    technique_jsonld,
)
from distress_tolerance.exceptions import ArgumentError, LocaleFallbackWarning, UnknownLocaleError
from distress_tolerance.localized import LocalizedTechnique, LocalizedText, TextStatus
from distress_tolerance.models import Review, ReviewStatus
from tests.htmlcheck import parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHEMA = json.loads((FIXTURES / "schemaorg-page.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
LOCALES = ["en", "es", "ar", "sw"]  # sw has no catalog: the page falls back to English
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
HOSTILE = "</script><script>alert(1)</script><!-- x --> & ]]> </SCRIPT >"


class _Page(HTMLParser):
    """What a consumer reads from a page: its lang, its article's lang, its title and the text of
    every JSON-LD data block (an HTML parser ends a script element exactly where a browser does)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang = ""
        self.article_lang = ""
        self.title = ""
        self.blocks: list[str] = []
        self.scripts: list[list[tuple[str, str | None]]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang") or ""
        elif tag == "article" and not self.article_lang:
            self.article_lang = values.get("lang") or ""
        elif tag == "title":
            self._in = "title"
        elif tag == "script":
            self.scripts.append(attrs)
            if attrs == [("type", "application/ld+json")]:
                self.blocks.append("")
                self._in = "block"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"title", "script"}:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "block":
            self.blocks[-1] += data


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(str(html))
    page.close()
    return page


def jsonld_of(html: str) -> dict[str, Any]:
    """The one JSON-LD object of a page, as a consumer parses it."""
    page = read_page(html)
    assert len(page.scripts) == len(page.blocks) == 1, page.scripts
    data = json.loads(page.blocks[0])
    assert isinstance(data, dict)
    return data


def plain(value: str | dict[str, str]) -> str:
    """The text of a JSON-LD value, tagged or not."""
    return value if isinstance(value, str) else value["@value"]


def tagged_values(node: object) -> Iterator[dict[str, str]]:
    """Every language-tagged value in ``node``."""
    if isinstance(node, dict):
        if "@value" in node:
            yield node
        for child in node.values():
            yield from tagged_values(child)
    elif isinstance(node, list):
        for child in node:
            yield from tagged_values(child)


def expected_tips(t: LocalizedTechnique) -> list[str]:
    """The cautions in the page's order: each caution, then its signal to stop."""
    return [text.text for c in t.cautions for text in (c.text, c.stop_signal) if text is not None]


def all_texts(t: LocalizedTechnique) -> list[LocalizedText]:
    """Every text of a technique the page shows (independent of the module under test)."""
    texts = [t.title, t.summary, t.why, *(s.text for s in t.steps)]
    texts += [p.prompt for s in t.steps for p in s.senses]
    texts += [x for c in t.cautions for x in (c.text, c.stop_signal) if x is not None]
    texts += [x for r in t.reframes for x in (r.harsh, r.kinder)]
    return texts + ([] if t.compassion_prompt is None else [t.compassion_prompt])


def really_reviewed(t: LocalizedTechnique) -> bool:
    """The review rule, stated independently: a completed clinical review, and no text shown is
    a translation nobody reviewed."""
    return t.review.status is ReviewStatus.REVIEWED and all(
        text.status is not TextStatus.UNREVIEWED for text in all_texts(t)
    )


def check_technique(data: dict[str, Any], t: LocalizedTechnique, html: str) -> None:
    """Schema and semantics: the JSON-LD says what the page says, and nothing more."""
    VALIDATOR.validate(data)
    page = read_page(html)
    howto = data["mainEntity"]
    # language: what the page declares, never a language its text is not in
    assert data["inLanguage"] == page.html_lang
    assert howto["inLanguage"] == page.article_lang == t.lang
    for value in tagged_values(data):
        assert value["@language"] not in {howto["inLanguage"], howto["inLanguage"].split("-")[0]}
    # the steps and cautions, in the page's order, cautions first
    kinds = [item["@type"] for item in howto["step"]]
    assert kinds == sorted(kinds, key=lambda kind: kind != "HowToTip")
    steps = [item for item in howto["step"] if item["@type"] == "HowToStep"]
    assert [plain(s["text"]) for s in steps] == parse(html).steps == [s.text.text for s in t.steps]
    assert [s["position"] for s in steps] == list(range(1, len(t.steps) + 1))
    tips = [plain(item["text"]) for item in howto["step"] if item["@type"] == "HowToTip"]
    assert tips == expected_tips(t)
    assert plain(data["name"]) == plain(howto["name"]) == page.title == t.title.text
    assert plain(howto["description"]) == t.summary.text
    assert howto["identifier"] == t.id and howto["version"] == t.version
    assert howto["totalTime"] == f"PT{t.when.minutes}M"
    # provenance: dates, licence, sources and an honest review status
    assert data["dateModified"] == t.review.written.isoformat()
    assert [plain(c["name"]) for c in howto["citation"]] == [s.citation for s in t.sources]
    assert [c.get("url") for c in howto["citation"]] == [s.url for s in t.sources]
    assert data["isAccessibleForFree"] is True
    reviewed = really_reviewed(t)
    assert ("lastReviewed" in data) is reviewed and ("reviewedBy" in data) is reviewed
    if reviewed:
        assert data["lastReviewed"] == t.review.last_reviewed.isoformat()  # type: ignore[union-attr]
        assert [p["name"] for p in data["reviewedBy"]] == list(t.review.reviewers)
        assert howto["creativeWorkStatus"] == "Reviewed"
    else:
        assert howto["creativeWorkStatus"] != "Reviewed"


@pytest.fixture(autouse=True)
def _quiet_fallback() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)  # sw and test packs have no catalog
        yield


def test_the_schema_is_valid_and_rejects_what_we_must_not_emit() -> None:
    """The fixture is a valid 2020-12 schema, and it fails a claim we never make (so it can fail)."""
    Draft202012Validator.check_schema(SCHEMA)
    good = technique_jsonld(dt.load().localize("stop", "en"))
    VALIDATOR.validate(good)
    bad: list[dict[str, Any]] = [
        {**good, "lastReviewed": "2026-01-01"},  # a review date without reviewers
        {**good, "inLanguage": "español"},
        {**good, "mainEntity": {**good["mainEntity"], "step": []}},
        {**good, "name": {"@value": "STOP"}},  # a tagged value without its language
        {**good, "mainEntity": {**good["mainEntity"], "creativeWorkStatus": "Published"}},
        {**good, "isAccessibleForFree": "yes"},
    ]
    for data in bad:
        with pytest.raises(ValidationError):
            VALIDATOR.validate(data)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_technique_page_carries_true_jsonld(
    library: dt.Library, renderer: dt.Renderer, locale: str
) -> None:
    """Every technique's page, in every locale: one JSON-LD block, valid, true to the page."""
    for technique in library.techniques():
        html = renderer.render(technique.id, format="page", locale=locale, region="US")
        check_technique(jsonld_of(html), library.localize(technique.id, locale), html)


def test_the_shipped_content_is_draft_and_claims_no_review(
    library: dt.Library, renderer: dt.Renderer
) -> None:
    """Our content is unreviewed today: no page may say otherwise."""
    for technique in library.techniques():
        data = jsonld_of(renderer.render(technique.id, format="page", locale="es"))
        assert "lastReviewed" not in data and "reviewedBy" not in data
        assert (
            data["mainEntity"]["creativeWorkStatus"]
            == {
                ReviewStatus.DRAFT: "Draft",
                ReviewStatus.IN_REVIEW: "InReview",
            }[technique.review.status]
        )
        assert data["license"] == data["mainEntity"]["license"] == CC_BY_SA


def test_a_page_in_english_for_an_untranslated_locale_says_english(renderer: dt.Renderer) -> None:
    """sw has no catalog: the text is English, and so is every language the JSON-LD names."""
    html = renderer.render("tipp", format="page", locale="sw")
    data = jsonld_of(html)
    assert data["inLanguage"] == data["mainEntity"]["inLanguage"] == "en"
    assert list(tagged_values(data)) == []


def test_a_regional_page_uses_its_language_text_untagged(renderer: dt.Renderer) -> None:
    """es-MX shows the es text: the page is es-MX, its texts need no tag (as its HTML has none);
    the English citations are tagged English."""
    data = jsonld_of(renderer.render("stop", format="page", locale="es_MX"))
    assert data["inLanguage"] == data["mainEntity"]["inLanguage"] == "es-MX"
    assert isinstance(data["mainEntity"]["step"][-1]["text"], str)
    assert {v["@language"] for v in tagged_values(data)} == {"en"}


def _reviewed(t: LocalizedTechnique, status: ReviewStatus) -> LocalizedTechnique:
    review = Review(
        status=status,
        written=dt_.date(2026, 1, 5),
        last_reviewed=None if status is ReviewStatus.DRAFT else dt_.date(2026, 3, 1),
        reviewers=("Dr A. Reviewer", "B. Second") if status is ReviewStatus.REVIEWED else (),
    )
    return t.model_copy(update={"review": review})


def _with_step_status(t: LocalizedTechnique, index: int, status: TextStatus) -> LocalizedTechnique:
    steps = list(t.steps)
    text = steps[index].text.model_copy(update={"status": status})
    steps[index] = steps[index].model_copy(update={"text": text})
    return t.model_copy(update={"steps": tuple(steps)})


@pytest.mark.parametrize("status", list(ReviewStatus))
@pytest.mark.parametrize("locale", ["en", "es"])
@pytest.mark.parametrize("one_step", [None, TextStatus.REVIEWED, TextStatus.UNREVIEWED, TextStatus.SOURCE])
def test_last_reviewed_only_when_the_review_is_complete(
    library: dt.Library, status: ReviewStatus, locale: str, one_step: TextStatus | None
) -> None:
    """lastReviewed and reviewedBy appear iff the clinical review is complete and no text shown
    is an unreviewed translation (es is unreviewed throughout unless every text is marked)."""
    t = _reviewed(library.localize("paced-breathing", locale), status)
    if one_step is not None:
        for index in range(len(t.steps)):  # every step, so es can be fully reviewed text too
            t = _with_step_status(t, index, one_step)
    data = technique_jsonld(t, lang=t.lang)
    VALIDATOR.validate(data)
    assert ("lastReviewed" in data) is ("reviewedBy" in data) is really_reviewed(t)
    if really_reviewed(t):
        assert data["lastReviewed"] == "2026-03-01"
        assert data["reviewedBy"] == [
            {"@type": "Person", "name": "Dr A. Reviewer"},
            {"@type": "Person", "name": "B. Second"},
        ]
    expected = {ReviewStatus.DRAFT: "Draft", ReviewStatus.IN_REVIEW: "InReview"}.get(status)
    if expected is None:
        expected = "Reviewed" if really_reviewed(t) else "TranslationNotReviewed"
    assert data["mainEntity"]["creativeWorkStatus"] == expected


def test_one_unreviewed_step_withholds_the_review_claim(library: dt.Library) -> None:
    """A reviewed technique whose text is all source but one unreviewed translation: no claim."""
    t = _reviewed(library.localize("paced-breathing", "en"), ReviewStatus.REVIEWED)
    assert "lastReviewed" in technique_jsonld(t)
    half = _with_step_status(t, 2, TextStatus.UNREVIEWED)
    assert "lastReviewed" not in technique_jsonld(half)
    assert "reviewedBy" not in technique_jsonld(half)


_TECHNIQUE_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

{flag}msgctxt "quiet-breath.title"
msgid "Quiet breath"
msgstr "Kvieta spiro"

{flag}msgctxt "quiet-breath.summary"
msgid "Breathe out slowly to help your body settle."
msgstr "Elspiru malrapide por trankviligi vian korpon."

{flag}msgctxt "quiet-breath.why"
msgid "A long out-breath helps your body calm down."
msgstr "Longa elspiro helpas vian korpon trankviliĝi."

{flag}msgctxt "quiet-breath.steps.in.text"
msgid "Breathe in gently."
msgstr "Enspiru milde."

{last_flag}msgctxt "quiet-breath.steps.out.text"
msgid "Breathe out slowly."
msgstr "Elspiru malrapide."
"""


def _reviewed_pack(make_pack: Callable[..., Path], *, last_reviewed: bool) -> dt.Library:
    """A host pack with one clinically reviewed technique and an eo catalog whose entries are all
    marked reviewed, or all but the last."""
    technique = {
        "id": "quiet-breath",
        "version": 3,
        "title": "Quiet breath",
        "summary": "Breathe out slowly to help your body settle.",
        "why": "A long out-breath helps your body calm down.",
        "category": "mindfulness",
        "when": {
            "distress": {"min": 0, "max": 5},
            "moments": ["calm"],
            "settings": ["private"],
            "discreet": True,
            "minutes": 2,
        },
        "steps": [
            {"id": "in", "text": "Breathe in gently.", "seconds": 4},
            {"id": "out", "text": "Breathe out slowly.", "seconds": 6},
        ],
        "sources": [{"citation": "A book.", "use": "concept", "url": "https://example.org/book"}],
        "review": {
            "status": "reviewed",
            "written": "2026-01-05",
            "last_reviewed": "2026-03-01",
            "reviewers": ["Dr A. Reviewer"],
        },
    }
    root = make_pack({"data/techniques/quiet-breath.yaml": yaml.safe_dump(technique)})
    po = catalog_path(root / "locales", "eo", ".po")
    po.parent.mkdir(parents=True)
    flag = "#, reviewed\n"
    po.write_text(_TECHNIQUE_PO.format(flag=flag, last_flag=flag if last_reviewed else ""), encoding="utf-8")
    return dt.load(root, builtin=False)


@pytest.mark.parametrize("all_reviewed", [True, False])
def test_a_reviewed_pack_claims_its_review_end_to_end(
    make_pack: Callable[..., Path], all_reviewed: bool
) -> None:
    """Rendered through a real pack and catalog: the English page and a fully reviewed translation
    claim the review; a translation with one unreviewed entry does not."""
    library = _reviewed_pack(make_pack, last_reviewed=all_reviewed)
    renderer = dt.Renderer(library, cache_size=0)
    for locale, claims in (("en", True), ("eo", all_reviewed)):
        html = renderer.render("quiet-breath", format="page", locale=locale)
        data = jsonld_of(html)
        check_technique(data, library.localize("quiet-breath", locale), html)
        assert ("lastReviewed" in data) is claims, locale
        if claims:
            assert data["lastReviewed"] == "2026-03-01"
            assert data["reviewedBy"] == [{"@type": "Person", "name": "Dr A. Reviewer"}]
        assert data["inLanguage"] == locale
        assert data["mainEntity"]["citation"] == [
            {
                "@type": "CreativeWork",
                "name": "A book." if locale == "en" else {"@value": "A book.", "@language": "en"},
                "url": "https://example.org/book",
            }
        ]


def test_hostile_pack_content_stays_inside_the_data_block(make_pack: Callable[..., Path]) -> None:
    """A host's title and step that try to close the script element or open a comment come back
    exactly from json.loads, and the page has one script element, still a data block."""
    data = yaml.safe_load((builtin_pack().root / "data" / "techniques" / "stop.yaml").read_text("utf-8"))
    data["id"] = "host-stop"
    data["reframes"] = []
    data["title"] = HOSTILE
    data["steps"][0]["text"] = "<!-- " + HOSTILE
    root = make_pack({"data/techniques/host-stop.yaml": yaml.safe_dump(data, allow_unicode=True)})
    library = dt.load(root)
    for locale in ("en", "ar"):
        html = str(dt.Renderer(library).render("host-stop", format="page", locale=locale))
        assert html.count("<script") == 1 and html.lower().count("<script") == 1
        assert html.count("</script>") == 1
        block = read_page(html).blocks[0]
        assert "<" not in block and ">" not in block and "&" not in block
        found = jsonld_of(html)
        assert plain(found["mainEntity"]["name"]) == plain(found["name"]) == HOSTILE
        steps = [s for s in found["mainEntity"]["step"] if s["@type"] == "HowToStep"]
        assert plain(steps[0]["text"]) == "<!-- " + HOSTILE
        # an untranslated host text on an Arabic page is tagged English, as its HTML marks it
        assert found["name"] == (HOSTILE if locale == "en" else {"@value": HOSTILE, "@language": "en"})
        assert "\\u003c/script\\u003e" in html


def test_separators_and_surrogates_round_trip(library: dt.Library) -> None:
    """U+2028, U+2029 (which the content models reject, but a host's model may hold) and a lone
    surrogate are escaped, and json.loads gives them back."""
    t = library.localize("stop", "en")
    odd = "a\u2028b\u2029c\ud800d\x00e\u0085"
    title = t.title.model_copy(update={"text": odd})
    text = script_json(technique_jsonld(t.model_copy(update={"title": title})))
    assert "\u2028" not in text and "\u2029" not in text and "\ud800" not in text
    assert "\\u2028" in text and "\\u2029" in text and "\\ud800" in text
    assert json.loads(text)["name"] == odd
    text.encode("utf-8")  # no lone surrogate left to fail a page's encoding


def test_script_json_escapes_exactly_the_dangerous_characters() -> None:
    """Only <, >, &, U+2028 and U+2029 (and surrogates) change; other text, Arabic included, stays
    readable (ensure_ascii=False)."""
    value = {"a": "<b> & c", "ar": "التنفّس", "n": 1, "t": True, "l": ["é"]}
    text = script_json(value)
    assert text == '{"a":"\\u003cb\\u003e \\u0026 c","ar":"التنفّس","n":1,"t":true,"l":["é"]}'
    assert json.loads(text) == value


@given(st.text(), st.text(min_size=1))
@example("</script><script>alert(1)</script>", "<!--")
@example("</SCRIPT\t>", "<!-- <script>")
@example("\u2028\u2029", "]]>&amp;")
def test_property_any_title_and_step_round_trip_and_never_close_the_block(title: str, step: str) -> None:
    """Whatever the text, the block holds no </script and no <!--, an HTML parser reads it whole,
    and json.loads gives back the exact title and step."""
    t = _STOP
    new_steps = (t.steps[0].model_copy(update={"text": t.steps[0].text.model_copy(update={"text": step})}),)
    changed = t.model_copy(
        update={"title": t.title.model_copy(update={"text": title}), "steps": new_steps + t.steps[1:]}
    )
    block = script_json(technique_jsonld(changed))
    lowered = block.lower()
    assert "</script" not in lowered and "<!--" not in block and "<" not in block
    page = read_page(f'<html><head><script type="application/ld+json">{block}</script></head></html>')
    assert page.blocks == [str(block)]
    data = json.loads(page.blocks[0])
    assert data["name"] == data["mainEntity"]["name"] == title
    steps = [s for s in data["mainEntity"]["step"] if s["@type"] == "HowToStep"]
    assert steps[0]["text"] == step


_STOP = dt.load().localize("stop", "en")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_first_hour_page_is_a_medical_web_page_without_a_howto(
    library: dt.Library, renderer: dt.Renderer, locale: str
) -> None:
    """The first hour: a MedicalWebPage (no HowTo: it is not a procedure), in the page's language,
    with its sources and licence, and no review claim while it is a draft."""
    html = renderer.render_first_hour(format="page", locale=locale, region="US")
    data = jsonld_of(html)
    VALIDATOR.validate(data)
    first = library.localize_first_hour(locale)
    assert "mainEntity" not in data
    assert data["inLanguage"] == read_page(html).html_lang == first.lang
    assert plain(data["name"]) == first.title.text and plain(data["description"]) == first.summary.text
    assert [plain(c["name"]) for c in data["citation"]] == [s.citation for s in first.sources]
    assert data["dateModified"] == first.review.written.isoformat()
    assert data["license"] == CC_BY_SA
    assert "lastReviewed" not in data and data["creativeWorkStatus"] == "Draft"
    assert first_hour_jsonld(first, lang=first.lang) == data


def test_the_plan_and_crisis_pages_carry_none(renderer: dt.Renderer) -> None:
    """The plan page (whose policy allows one hashed script) and the crisis route have no JSON-LD."""
    for html in (
        renderer.render_plan(None, format="page", locale="es"),
        renderer.render_crisis(format="page", locale="es", region="US"),
    ):
        assert "application/ld+json" not in html


def test_html_fragments_carry_none(renderer: dt.Renderer) -> None:
    """Only the standalone page has a head for it: the html fragment a host embeds has none."""
    assert "<script" not in renderer.render("stop", format="html")
    assert "<script" not in renderer.render_first_hour(format="html")


def test_a_host_layout_without_the_block_still_renders(library: dt.Library) -> None:
    """A host's own page layout (or technique page) that never mentions jsonld renders as before."""
    layout = (
        '<!DOCTYPE html><html lang="{{ lang_tag }}"><head><title>{% block title %}{% endblock %}'
        "</title></head><body>{% block body %}{% endblock %}</body></html>"
    )
    renderer = dt.Renderer(library, loader=jinja2.DictLoader({"page/_layout.html": layout}))
    html = renderer.render("stop", format="page", locale="es")
    assert "<script" not in html and 'class="dt-technique"' in html
    page_only = dt.Renderer(
        library, loader=jinja2.DictLoader({"page/technique.html": "<p>{{ t.title }}</p>"})
    )
    assert page_only.render("stop", format="page") == "<p>STOP</p>"


def test_a_host_layout_can_place_the_block_itself(library: dt.Library) -> None:
    """A host layout that writes {{ jsonld }} into its own data block gets the same JSON."""
    layout = (
        '<html lang="{{ lang_tag }}"><head><script type="application/ld+json">{{ jsonld }}</script>'
        "</head><body>{% block body %}{% endblock %}</body></html>"
    )
    renderer = dt.Renderer(library, loader=jinja2.DictLoader({"page/_layout.html": layout}))
    data = jsonld_of(renderer.render("stop", format="page", locale="ar"))
    assert data == jsonld_of(dt.Renderer(library).render("stop", format="page", locale="ar"))


def test_licence_urls() -> None:
    """A CC licence links to Creative Commons, another SPDX id to SPDX, a LicenseRef to nothing."""
    assert license_url("CC-BY-SA-4.0") == CC_BY_SA
    assert license_url("MIT") == "https://spdx.org/licenses/MIT.html"
    assert license_url("LicenseRef-Acme-1.0") is None


def test_a_consumer_library_extracts_the_same_object(renderer: dt.Renderer) -> None:
    """extruct (what crawlers and scrapers use) reads exactly our object from the page."""
    extruct = pytest.importorskip("extruct")
    for locale in ("en", "ar"):
        html = str(renderer.render("paced-breathing", format="page", locale=locale))
        found = extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]
        assert found == [jsonld_of(html)]


def test_bad_arguments_raise_our_errors(library: dt.Library) -> None:
    """A host calling the builders with the wrong thing gets the library's own errors."""
    with pytest.raises(ArgumentError, match="technique must be a LocalizedTechnique"):
        technique_jsonld(library.get("stop"))  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="first_hour must be a LocalizedFirstHour"):
        first_hour_jsonld(_STOP)  # type: ignore[arg-type]
    with pytest.raises(UnknownLocaleError):
        technique_jsonld(_STOP, lang="<script>")
    with pytest.raises(ArgumentError, match="lang must be"):
        technique_jsonld(_STOP, lang=3)  # type: ignore[arg-type]
    assert technique_jsonld(_STOP, lang="es_MX")["inLanguage"] == "es-MX"
    for bad in ({"when": dt_.date(2026, 1, 1)}, {"n": float("nan")}):
        with pytest.raises(ArgumentError, match="JSON values"):
            script_json(bad)
