"""FHIR R4 export: resources validate, translations are real ones, status is honest, text stays text."""

from __future__ import annotations

import datetime as dt_
import json
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from markdown_it import MarkdownIt

import distress_tolerance as dt
from distress_tolerance._channels.fhir import (
    activity_definition,
    activity_definitions,
    fhir_bundle,
    fhir_json,
    fhir_resources,
    resource_file_name,
    safety_plan_questionnaire,
)
from distress_tolerance._channels.fhir_elements import (
    DRAFT_NOTICE,
    HOST_LICENSE,
    LANGUAGE_EXTENSION,
    OUR_LICENSE,
    TRANSLATION_EXTENSION,
)
from distress_tolerance._channels.fhir_questionnaire import CRISIS_HELP, MAX_OCCURS_EXTENSION
from distress_tolerance._content.pack import Pack
from distress_tolerance._i18n.locale import language_tag
from distress_tolerance.exceptions import (
    ArgumentError,
    LocaleFallbackWarning,
    UnknownLocaleError,
    UnknownTechniqueError,
)
from distress_tolerance.library import Library
from distress_tolerance.models import MAX_ENTRIES, MAX_ENTRY_LENGTH, PackContent, PlanPart, Review, Technique
from distress_tolerance.testing.strategies import techniques
from tests.conftest import ROOT, shipped_locales

FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_MD = MarkdownIt("commonmark")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
MARKDOWN = ("description", "purpose")
"""Markdown elements that hold only data and our own emphasis (copyright also links the licence)."""
HOSTILE_TITLE = "<script>alert(1)</script> [click](javascript:alert(1)) *loud*"


@pytest.fixture
def validate() -> Callable[[dict[str, Any]], None]:
    """Validate a resource with fhir.resources' R4B models (there is no R4 module in 8.x)."""
    pytest.importorskip("fhir.resources")
    from fhir.resources.R4B.activitydefinition import ActivityDefinition
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaire import Questionnaire

    models: dict[str, Any] = {
        "ActivityDefinition": ActivityDefinition,
        "Questionnaire": Questionnaire,
        "Bundle": Bundle,
    }

    def check(resource: dict[str, Any]) -> None:
        models[resource["resourceType"]].model_validate(resource)
        _check_extensions(resource)

    return check


def _walk(value: object) -> Iterator[tuple[str, object]]:
    """Every (key, value) pair in a JSON tree."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _check_extensions(resource: dict[str, Any]) -> None:
    """What fhir.resources does not check: each translation has exactly one lang and one content."""
    for key, value in _walk(resource):
        if key == "extension" and isinstance(value, list):
            for ext in value:
                if ext["url"] == TRANSLATION_EXTENSION:
                    assert [e["url"] for e in ext["extension"]] == ["lang", "content"]
                    assert ext["extension"][0]["valueCode"]
                    assert set(ext["extension"][1]) & {"valueString", "valueMarkdown"}


def _translations(element: dict[str, Any] | None) -> dict[str, str]:
    """``{lang: content}`` of an element's ``_name`` sibling."""
    found: dict[str, str] = {}
    for ext in (element or {}).get("extension", []):
        if ext["url"] == TRANSLATION_EXTENSION:
            lang, content = ext["extension"]
            found[lang["valueCode"]] = content.get("valueString", content.get("valueMarkdown"))
    return found


def _language(element: dict[str, Any] | None) -> str | None:
    return next(
        (e["valueCode"] for e in (element or {}).get("extension", []) if e["url"] == LANGUAGE_EXTENSION), None
    )


def _plain(markdown: str) -> str:
    """What CommonMark shows for our escaped text (backslash escapes removed)."""
    return _UNESCAPE.sub(r"\1", markdown)


def _collapse(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _no_markup(markdown: str) -> None:
    tokens = {t.type for t in _MD.parse(markdown)} | {
        c.type for t in _MD.parse(markdown) for c in (t.children or [])
    }
    assert not {"link_open", "image", "html_inline", "html_block", "code_inline", "code_block"} & tokens


def _host_library(technique: Technique, *, plan: bool = False) -> Library:
    """A library of one host technique (no catalogs of its own), optionally with our plan's form."""
    form = dt.load().safety_plan_form() if plan else None
    content = PackContent(techniques=(technique,), safety_plan=form)
    return Library(((Pack(Path(tempfile.gettempdir()) / "fhir-host", "host"), content),))


# Validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", *shipped_locales()])
def test_every_resource_validates(
    library: dt.Library, validate: Callable[[dict[str, Any]], None], locale: str
) -> None:
    """Each activity definition, the questionnaire and the bundle are valid R4B resources."""
    resources = fhir_resources(library, locale=locale)
    assert [r["resourceType"] for r in resources] == ["ActivityDefinition"] * len(library) + ["Questionnaire"]
    for resource in resources:
        validate(resource)
    bundle = fhir_bundle(library, locale=locale)
    validate(bundle)
    assert bundle["type"] == "collection"
    assert [e["resource"] for e in bundle["entry"]] == resources
    assert all(e["fullUrl"] == e["resource"]["url"] for e in bundle["entry"])


def test_ids_names_and_urls(library: dt.Library) -> None:
    """Ids are valid FHIR ids, names computable, urls canonical under the base, file names unique."""
    base = "https://clinic.example/fhir"
    resources = fhir_resources(library, base_url=base + "/")
    for resource in resources:
        assert FHIR_ID.match(resource["id"])
        assert re.match(r"^[A-Z][A-Za-z0-9_]{0,254}$", resource["name"])
        assert resource["url"] == f"{base}/{resource['resourceType']}/{resource['id']}"
    assert [r["id"] for r in resources[:-1]] == [t.id for t in library.techniques()]
    names = [resource_file_name(r) for r in resources]
    assert len(set(names)) == len(names)
    assert "ActivityDefinition-stop.json" in names
    assert "Questionnaire-safety-plan.json" in names
    assert activity_definition(library, "grounding-5-4-3-2-1")["name"] == "Grounding54321"


# Translations ----------------------------------------------------------------------------------


def test_translations_for_every_locale_with_a_catalog(library: dt.Library) -> None:
    """In English, every other locale with a catalog gives its real translation of each element."""
    others = [locale for locale in library.locales() if locale != "en"]
    assert others, "the built-in pack ships catalogs"
    for technique in library.techniques():
        ad = activity_definition(library, technique.id)
        assert ad["language"] == "en"
        found = _translations(ad.get("_title"))
        assert found == {language_tag(loc): library.localize(technique, loc).title.text for loc in others}
        assert set(_translations(ad.get("_description"))) == {language_tag(loc) for loc in others}
    form = safety_plan_questionnaire(library)
    assert form is not None
    for item in form["item"]:
        assert set(_translations(item.get("_text"))) == {language_tag(loc) for loc in others}


def test_another_locale_carries_english_as_a_translation(library: dt.Library) -> None:
    ad = activity_definition(library, "stop", locale="de")
    assert ad["language"] == "de"
    assert ad["title"] == library.localize("stop", "de").title.text
    found = _translations(ad["_title"])
    assert found["en"] == "STOP"
    assert "de" not in found
    assert _language(ad["_title"]) is None


def test_no_translation_where_only_english_falls_back(make_pack: Callable[..., Path]) -> None:
    """A host technique without catalogs: our catalogs exist, but nothing of it is translated."""
    text = (ROOT / "data" / "techniques" / "stop.yaml").read_text(encoding="utf-8")
    root = make_pack({"data/techniques/host-stop.yaml": text.replace("id: stop", "id: host-stop", 1)})
    library = dt.load(root)
    assert len(library.locales()) > 1
    ad = activity_definition(library, "host-stop")
    for name in ("title", "description", "purpose", "usage"):
        assert f"_{name}" not in ad, name
    assert "publisher" not in ad  # a host's content: we cannot name its publisher
    assert _plain(ad["copyright"]).startswith("Licensed CC-BY-SA-4.0.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        german = activity_definition(library, "host-stop", locale="de")
    assert german["title"] == "STOP"
    assert german["language"] == "en"  # the content's language, not the one asked for
    assert "_title" not in german


def test_english_fallback_in_another_language_is_marked(make_pack: Callable[..., Path]) -> None:
    """A technique with a partial catalog: the untranslated element says it is English."""
    text = (ROOT / "data" / "techniques" / "stop.yaml").read_text(encoding="utf-8")
    root = make_pack(
        {
            "data/techniques/host-stop.yaml": text.replace("id: stop", "id: host-stop", 1),
            "locales/de/LC_MESSAGES/distress_tolerance.po": (
                'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                'msgctxt "host-stop.title"\nmsgid "STOP"\nmsgstr "HALT"\n'
            ),
        }
    )
    library = dt.load(root)
    ad = activity_definition(library, "host-stop", locale="de")
    assert (ad["language"], ad["title"]) == ("de", "HALT")
    assert _language(ad["_purpose"]) == "en"
    assert ad["purpose"] == library.localize("host-stop", "en").why.text
    english = activity_definition(library, "host-stop")
    assert _translations(english["_title"])["de"] == "HALT"
    assert "de" not in _translations(english.get("_purpose"))


def test_require_reviewed_leaves_unreviewed_translations_out(library: dt.Library) -> None:
    """Every shipped translation is unreviewed: with require_reviewed the German export is English."""
    ad = activity_definition(library, "stop", locale="de", require_reviewed=True)
    assert ad["title"] == "STOP"
    assert _language(ad["_title"]) == "en"
    assert _translations(ad["_title"]) == {}
    assert _translations(activity_definition(library, "stop", require_reviewed=True).get("_title")) == {}


def test_interface_strings_exist_in_the_catalog_template() -> None:
    """The templates' strings this module reuses are still extracted (else they would stay English)."""
    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as fileobj:
        messages = {(m.context, m.id) for m in read_po(fileobj) if isinstance(m.id, str)}
    wanted = {
        (None, m) for m in (DRAFT_NOTICE, OUR_LICENSE, HOST_LICENSE, "Before you start", "Stop if:", "Steps")
    }
    assert wanted | {("crisis", m) for m in CRISIS_HELP} <= messages


# Status ----------------------------------------------------------------------------------------


def _with_review(technique: Technique, review: Review) -> Technique:
    return Technique.model_validate({**technique.model_dump(), "review": review.model_dump()})


@pytest.mark.parametrize(
    ("review", "status", "approved", "last"),
    [
        (Review(status="draft", written=dt_.date(2026, 1, 2)), "draft", None, None),
        (Review(status="in-review", written=dt_.date(2026, 1, 2)), "draft", None, None),
        (
            Review(status="in-review", written=dt_.date(2026, 1, 2), last_reviewed=dt_.date(2026, 3, 4)),
            "draft",
            None,
            "2026-03-04",
        ),
        (
            Review(
                status="reviewed",
                written=dt_.date(2026, 1, 2),
                last_reviewed=dt_.date(2026, 3, 4),
                reviewers=("A B",),
            ),
            "active",
            "2026-03-04",
            "2026-03-04",
        ),
    ],
)
def test_status_and_review_dates(
    library: dt.Library, review: Review, status: str, approved: str | None, last: str | None
) -> None:
    """Only reviewed content is active; review dates and reviewers appear only when true."""
    technique = _with_review(library.lookup("stop"), review)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        ad = activity_definition(_host_library(technique), "stop")
    assert ad["status"] == status
    assert ad["experimental"] is False
    assert ad.get("approvalDate") == approved
    assert ad.get("lastReviewDate") == last
    assert ad["date"] == (last or "2026-01-02")
    assert ad.get("reviewer") == ([{"name": "A B"}] if status == "active" else None)
    assert (DRAFT_NOTICE in ad["description"]) is (status == "draft")


def test_shipped_content_is_draft(library: dt.Library) -> None:
    form = safety_plan_questionnaire(library)
    assert form is not None
    for resource in [*activity_definitions(library), form]:
        assert resource["status"] == "draft"
        assert "approvalDate" not in resource and "lastReviewDate" not in resource


# Text stays text -------------------------------------------------------------------------------


def test_strings_are_the_datas(library: dt.Library) -> None:
    """Plain elements hold the data as written; markdown ones show it once their escapes are read."""
    for technique in library.techniques():
        ad = activity_definition(library, technique.id)
        assert ad["title"] == technique.title
        assert ad["version"] == str(technique.version)
        for name in MARKDOWN:
            _no_markup(ad[name])
        shown = _plain(ad["description"])
        for text in (
            technique.summary,
            *(s.text for s in technique.steps),
            *(c.text for c in technique.cautions),
        ):
            assert _collapse(text) in shown
        assert _plain(ad["purpose"]) == _collapse(technique.why)
        if technique.cautions:
            for caution in technique.cautions:
                assert caution.text in ad["usage"]
                assert caution.stop_signal is None or caution.stop_signal in ad["usage"]
        else:
            assert "usage" not in ad
        assert [_plain(a["citation"]) for a in ad["relatedArtifact"]] == [
            _collapse(s.citation) for s in technique.sources
        ]


def test_hostile_technique_passes_through_as_data(
    library: dt.Library, validate: Callable[[dict[str, Any]], None]
) -> None:
    """Markup in a host's title and steps is kept as text: exact in strings, escaped in markdown."""
    stop = library.lookup("stop")
    data = stop.model_dump()
    data["title"] = HOSTILE_TITLE
    data["summary"] = HOSTILE_TITLE
    data["steps"][0]["text"] = "<img src=x onerror=alert(1)> `code` ![i](x)"
    technique = Technique.model_validate(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        ad = activity_definition(_host_library(technique), "stop")
    validate(ad)
    assert ad["title"] == HOSTILE_TITLE
    _no_markup(ad["description"])
    assert HOSTILE_TITLE in _plain(ad["description"])
    assert "<img src=x onerror=alert(1)> `code` ![i](x)" in _plain(ad["description"])
    assert "<script>" not in ad["description"]


@settings(max_examples=25)
@given(techniques())
def test_property_any_host_technique_validates(technique: Technique) -> None:
    """Any valid technique with hostile text gives a valid resource whose strings are its own."""
    pytest.importorskip("fhir.resources")
    from fhir.resources.R4B.activitydefinition import ActivityDefinition

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        ad = activity_definition(_host_library(technique), technique.id)
    ActivityDefinition.model_validate(ad)
    assert ad["title"] == technique.title
    assert FHIR_ID.match(ad["id"])
    for name in MARKDOWN:
        _no_markup(ad[name])
    assert _plain(ad["purpose"]) == _collapse(technique.why)
    assert json.loads(fhir_json(ad)) == ad


# Output ----------------------------------------------------------------------------------------


def test_json_and_deterministic(library: dt.Library) -> None:
    """The same content gives the same bytes, from a fresh library too; JSON round-trips."""
    first = fhir_json(fhir_bundle(library, locale="ar"))
    dt.clear_caches()
    assert fhir_json(fhir_bundle(dt.load(), locale="ar")) == first
    assert fhir_json(json.loads(first)) == first
    assert first.endswith("}\n") and "\\u06" not in first  # Arabic kept as characters


# The safety plan -------------------------------------------------------------------------------


def test_questionnaire_items(library: dt.Library, validate: Callable[[dict[str, Any]], None]) -> None:
    """Crisis help first, a group per part with a bounded repeating text question, the closing last."""
    form = safety_plan_questionnaire(library, locale="es")
    assert form is not None
    validate(form)
    source = library.localize_plan_form("es")
    items = form["item"]
    assert items[0]["linkId"] == "crisis-help" and items[0]["type"] == "display"
    assert items[-1] == {**items[-1], "linkId": "closing", "type": "display", "text": source.closing.text}
    groups = items[1:-1]
    assert [g["linkId"] for g in groups] == [p.value for p in PlanPart]
    for group, section in zip(groups, source.sections, strict=True):
        assert group["type"] == "group"
        assert group["text"] == section.heading.text
        question = group["item"][0]
        assert question["text"] == section.prompt.text
        assert (question["type"], question["repeats"], question["maxLength"]) == (
            "text",
            True,
            MAX_ENTRY_LENGTH,
        )
        assert question["extension"] == [{"url": MAX_OCCURS_EXTENSION, "valueInteger": MAX_ENTRIES}]
        hints = [i for i in group["item"] if i["type"] == "display"]
        if section.id is PlanPart.PROFESSIONALS or section.hint is None:
            assert hints == []  # the professionals' hint promises crisis lines nothing here adds
        else:
            assert [h["text"] for h in hints] == [section.hint.text]
    link_ids = [v for k, v in _walk(form) if k == "linkId"]
    assert len(set(link_ids)) == len(link_ids)
    assert form["subjectType"] == ["Patient"]
    assert _plain(form["description"]).endswith(_collapse(source.intro.text))


def test_questionnaire_leaves_the_privacy_promise_out(library: dt.Library) -> None:
    """'This library never stores it' is not true of a clinic system: the privacy text is not there."""
    source = library.safety_plan_form()
    assert source is not None
    everything = fhir_json(safety_plan_questionnaire(library) or {})
    assert _collapse(source.privacy)[:60] not in everything
    assert "Stanley" in everything  # the sources are cited (in purpose)


def test_no_form_no_questionnaire(library: dt.Library) -> None:
    technique = library.lookup("stop")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        bare = _host_library(technique)
        assert safety_plan_questionnaire(bare) is None
        assert [r["resourceType"] for r in fhir_resources(bare)] == ["ActivityDefinition"]
        host_form = safety_plan_questionnaire(_host_library(technique, plan=True))
    assert host_form is not None and "publisher" in host_form  # our own form, even in a host library


# Arguments -------------------------------------------------------------------------------------


@pytest.mark.parametrize("base_url", ["ftp://x", "https://a b", "https://x/?q", "", None, 'https://x/"'])
def test_bad_base_url(library: dt.Library, base_url: object) -> None:
    with pytest.raises(ArgumentError, match="base_url"):
        fhir_resources(library, base_url=base_url)  # type: ignore[arg-type]


def test_bad_arguments(library: dt.Library) -> None:
    with pytest.raises(UnknownTechniqueError):
        activity_definition(library, "no-such-skill")
    with pytest.raises(ArgumentError, match="technique_id"):
        activity_definition(library, 5)  # type: ignore[arg-type]
    with pytest.raises(UnknownLocaleError):
        activity_definitions(library, locale="../etc")
    with pytest.raises(ArgumentError, match="require_reviewed"):
        safety_plan_questionnaire(library, require_reviewed="yes")  # type: ignore[arg-type]


# Export ----------------------------------------------------------------------------------------


def test_export_fhir_writes_each_resource_and_the_bundle(tmp_path: Path, library: dt.Library) -> None:
    """``export --format fhir``: one file per resource, bundle.json, index.json; same bytes twice."""
    from distress_tolerance.cli import main

    out = tmp_path / "fhir"
    base = "https://clinic.example/fhir"
    assert main(["export", "--locale", "fr", "--format", "fhir", "--out", str(out), "--base-url", base]) == 0
    resources = fhir_resources(library, locale="fr", base_url=base)
    for resource in resources:
        path = out / f"{resource['resourceType']}-{resource['id']}.json"
        assert json.loads(path.read_text(encoding="utf-8")) == resource
        assert resource["url"].startswith(base + "/")
    bundle = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    assert [e["resource"] for e in bundle["entry"]] == resources
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["format"] == "fhir" and index["schema_file"] is None
    assert {e["file"] for e in index["techniques"]} == {
        f"ActivityDefinition-{t.id}.json" for t in library.techniques()
    }
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    dt.export(library, out, locale="fr", format="fhir", base_url=base, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != "export-manifest.json"} == {
        k: v for k, v in first.items() if k != "export-manifest.json"
    }


def test_export_refuses_a_base_url_outside_fhir_and_a_bad_one(tmp_path: Path, library: dt.Library) -> None:
    with pytest.raises(ArgumentError, match="fhir format only"):
        dt.export(library, tmp_path / "a", locale="en", format="json", base_url="https://x.example")
    with pytest.raises(ArgumentError, match="base_url"):
        dt.export(library, tmp_path / "b", locale="en", format="fhir", base_url="javascript:alert(1)")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
