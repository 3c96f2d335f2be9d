"""Retrieval documents for chat bots (``documents.jsonl``): size rule, coverage, flags, export."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._channels.retrieval import (
    MAX_TEXT_CHARS,
    DocumentKind,
    RetrievalDocument,
    _groups,
    retrieval_documents,
)
from distress_tolerance.cli import main
from tests.conftest import ROOT, shipped_locales
from tests.test_loader import GOOD

SCHEMA = json.loads((ROOT / "docs/schema/retrieval-document.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("locale", [*shipped_locales(), "en", "es_MX"])
def test_every_document_fits_the_size_rule_and_the_schema(library: dt.Library, locale: str) -> None:
    """In every locale: unique ids, text within the size rule, each line valid against the schema."""
    documents = retrieval_documents(library, locale=locale)
    ids = [d.id for d in documents]
    assert len(ids) == len(set(ids))
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for document in documents:
        assert 0 < len(document.text) <= MAX_TEXT_CHARS, document.id
        assert document.id.endswith(f"@{locale}")
        validator.validate(json.loads(document.model_dump_json()))
        assert RetrievalDocument.model_validate_json(document.model_dump_json()) == document


@pytest.mark.parametrize("locale", ["en", "ar", "de"])
def test_a_techniques_documents_hold_all_its_steps_and_cautions_in_order(
    library: dt.Library, locale: str
) -> None:
    """Overview, cautions and step groups: every step and caution once, in order, cut between steps."""
    documents = retrieval_documents(library, locale=locale, region="US")
    for technique in library.techniques():
        localized = library.localize(technique, locale)
        mine = [d for d in documents if d.source_id == technique.id]
        kinds = [d.kind for d in mine]
        assert kinds[0] is DocumentKind.TECHNIQUE
        steps = "\n".join(d.text.split("\n", 1)[1] for d in mine if d.kind is DocumentKind.STEPS)
        assert steps == "\n".join(f"{n}. {s.text}" for n, s in enumerate(localized.steps, start=1))
        caution_ids = {d.id for d in mine if d.kind is DocumentKind.CAUTIONS}
        assert bool(caution_ids) == bool(technique.cautions)
        for caution in localized.cautions:
            assert sum(str(caution.text) in d.text for d in mine if d.kind is DocumentKind.CAUTIONS) == 1
        for document in mine:
            if document.kind is not DocumentKind.CAUTIONS:
                assert set(document.safety.read_first) == caution_ids  # cautions come first
            assert document.when == technique.when
            assert document.version == str(technique.version)
            assert document.review.content is technique.review.status
            assert [c.text for c in document.citations] == [s.citation for s in technique.sources]


def test_risk_reframes_and_crisis_content_are_flagged(library: dt.Library) -> None:
    """risk on exactly the reframes that carry it, the first hour and the plan; crisis on crisis data."""
    documents = retrieval_documents(library, locale="es", region="GB")
    reframes = {d.source_id: d for d in documents if d.kind is DocumentKind.REFRAME}
    assert set(reframes) == {r.id for r in library.reframes()}
    assert {i for i, d in reframes.items() if d.safety.risk} == {r.id for r in library.reframes() if r.risk}
    for document in documents:
        if document.kind in {DocumentKind.FIRST_HOUR, DocumentKind.SAFETY_PLAN}:
            assert document.safety.risk
        if document.kind in {DocumentKind.CRISIS_SERVICE, DocumentKind.EMERGENCY, DocumentKind.FIRST_HOUR}:
            assert document.safety.crisis
        if document.kind in {DocumentKind.TECHNIQUE, DocumentKind.STEPS, DocumentKind.REFRAME}:
            assert not document.safety.crisis


def test_crisis_documents_carry_every_contact_of_the_region(library: dt.Library) -> None:
    """With a region, its services and emergency numbers only, each contact's number in the text."""
    documents = retrieval_documents(library, locale="en", region="us")
    crisis = [d for d in documents if d.region is not None]
    assert {d.region for d in crisis} == {"US"}
    services = {d.source_id: d for d in crisis if d.kind is DocumentKind.CRISIS_SERVICE}
    assert set(services) == {s.id for s in library.crisis_services("US")}
    for service in library.crisis_services("US"):
        for contact in service.contacts:
            assert (contact.display or contact.value) in services[service.id].text
            if contact.value.startswith("https://"):  # a bot needs the address, not just its label
                assert contact.value in services[service.id].text
        assert services[service.id].review.verified == service.last_verified.date
    emergency = [d for d in crisis if d.kind is DocumentKind.EMERGENCY]
    assert len(emergency) == 1 and "911" in emergency[0].text
    every = retrieval_documents(library, locale="en")
    assert {d.region for d in every if d.kind is DocumentKind.EMERGENCY} == set(library.emergency_regions())


def test_languages_and_review_status_are_honest(library: dt.Library) -> None:
    """Translated text says its language; a locale without catalogs says English, from the source."""
    spanish = retrieval_documents(library, locale="es", region="US")
    technique = next(d for d in spanish if d.kind is DocumentKind.TECHNIQUE)
    assert technique.lang == "es" and technique.review.translation.value in {"unreviewed", "reviewed"}
    with pytest.warns(dt.LocaleFallbackWarning):
        swahili = retrieval_documents(library, locale="sw", region="KE")
    for document in swahili:
        assert document.lang == "en", document.id
        assert document.review.translation.value == "source", document.id


def test_unknown_region_and_bad_locale_are_refused(library: dt.Library) -> None:
    with pytest.raises(dt.UnknownRegionError):
        retrieval_documents(library, locale="en", region="XX")
    with pytest.raises(dt.UnknownLocaleError):
        retrieval_documents(library, locale="en\n<script>")


def test_content_too_long_for_the_size_rule_is_an_error_naming_it(make_pack: Callable[..., Path]) -> None:
    """A text that cannot be split between steps is refused with its id, never truncated."""
    long_why = "This helps. " * 120  # about 1,440 characters in one field
    root = make_pack(
        {"data/techniques/sample.yaml": GOOD.replace("why: Because it helps.", f"why: {long_why}")}
    )
    library = dt.load(root)
    with pytest.raises(dt.ContentError, match=r"technique:sample.*over the 1200"):
        retrieval_documents(library, locale="en", region="US")


@given(st.lists(st.integers(min_value=1, max_value=2 * MAX_TEXT_CHARS), max_size=30), st.integers(0, 200))
def test_groups_split_only_between_lines_and_fit_when_they_can(sizes: list[int], title: int) -> None:
    """Groups are consecutive, cover every line once, and fit the rule unless one line alone is too long."""
    lines = ["x" * n for n in sizes]
    groups = list(_groups("t" * title, lines))
    covered = [n for first, last in groups for n in range(first, last + 1)]
    assert covered == list(range(1, len(lines) + 1))
    for first, last in groups:
        size = title + sum(1 + len(line) for line in lines[first - 1 : last])
        assert size <= MAX_TEXT_CHARS or first == last
    for (first, last), (after, _) in itertools.pairwise(groups):  # greedy: the next did not fit
        size = title + sum(1 + len(line) for line in lines[first - 1 : last])
        assert size + 1 + len(lines[after - 1]) > MAX_TEXT_CHARS


def test_export_jsonl_writes_every_document_with_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], library: dt.Library
) -> None:
    """``export --format jsonl``: documents.jsonl (a valid document a line), index.json, schema, manifest."""
    out = tmp_path / "bot"
    assert main(["export", "--locale", "de", "--format", "jsonl", "--region", "DE", "--out", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "documents.jsonl",
        "export-index.schema.json",
        "export-manifest.json",
        "index.json",
        "retrieval-document.schema.json",
    ]
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    expected = retrieval_documents(library, locale="de", region="DE")
    assert [RetrievalDocument.model_validate_json(line) for line in lines] == list(expected)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["format"] == "jsonl" and index["schema_file"] == "retrieval-document.schema.json"
    assert {e["file"] for e in index["techniques"]} == {"documents.jsonl"}
    schema = json.loads((out / "retrieval-document.schema.json").read_text(encoding="utf-8"))
    assert schema == SCHEMA
    again = dt.export(library, out, locale="de", format="jsonl", region="DE", force=True)
    assert [p.name for p in again] == names


def test_every_region_with_emergency_numbers_can_be_asked_for(renderer: dt.Renderer) -> None:
    """XK (Kosovo) has emergency numbers but no ISO 3166-1 code: it is accepted, not refused."""
    library = renderer.library
    for code in library.emergency_regions():
        assert library.region_for("en", code) == code
    numbers = library.emergency_numbers("XK")
    assert numbers is not None
    assert numbers.numbers[0].number in renderer.render_crisis(region="XK", format="text")
    from distress_tolerance.cli import main

    assert main(["crisis", "--region", "xk"]) == 0
