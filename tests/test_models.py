"""The content model: validation rules, round-trips, the published schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from pydantic import ValidationError

from distress_tolerance._content.model_base import deferring_is_thread_safe
from distress_tolerance._tools.schema import render_schema, schemas
from distress_tolerance.models import Hours, Review, Technique
from tests.strategies import techniques

ROOT = Path(__file__).resolve().parent.parent


@given(techniques())
def test_drawn_techniques_round_trip_through_json(technique: Technique) -> None:
    """Every drawn technique dumps to JSON and validates back to an equal model."""
    assert Technique.model_validate_json(technique.model_dump_json()) == technique


@given(techniques())
def test_drawn_techniques_round_trip_through_python(technique: Technique) -> None:
    """model_dump then model_validate gives the same model."""
    assert Technique.model_validate(technique.model_dump()) == technique


@pytest.mark.parametrize(
    "bad",
    ["a\x00b", "bell\x07", "\x1b[31m", "\u202eevil", "\u2066x\u2069", "\ud800", "x\x85", "\ufeffbom", "   "],
)
def test_text_fields_reject_controls_surrogates_and_bidi_overrides(bad: str) -> None:
    """Content text may not carry control characters, lone surrogates or bidi overrides."""
    base = _valid_technique_dict()
    base["title"] = bad
    with pytest.raises(ValidationError) as info:
        Technique.model_validate(base)
    assert info.value.errors()[0]["loc"] == ("title",)


def test_text_allows_newlines_and_any_script() -> None:
    """Newlines and every script are fine."""
    base = _valid_technique_dict()
    base["why"] = "line one\nسطر ثانٍ\n第三行 <b>&amp;</b>"
    assert Technique.model_validate(base).why == base["why"]


def test_unknown_keys_are_rejected() -> None:
    """A misspelt key is an error, never silently dropped."""
    base = _valid_technique_dict()
    base["titel"] = "x"
    with pytest.raises(ValidationError, match="titel"):
        Technique.model_validate(base)


def test_models_are_frozen() -> None:
    """Loaded content cannot be changed by a host."""
    technique = Technique.model_validate(_valid_technique_dict())
    with pytest.raises(ValidationError):
        technique.title = "changed"  # type: ignore[misc]


def test_reviewed_needs_reviewers_and_date() -> None:
    """A technique cannot claim a review without naming who reviewed it and when."""
    with pytest.raises(ValidationError, match="reviewers"):
        Review.model_validate({"status": "reviewed", "written": "2026-01-01"})


def test_hours_are_either_always_or_a_full_schedule() -> None:
    """Opening hours need days, times and a time zone unless always open."""
    with pytest.raises(ValidationError, match="time_zone"):
        Hours.model_validate({"days": ["mon"], "opens": "10:00", "closes": "22:00"})
    with pytest.raises(ValidationError, match="not both"):
        Hours.model_validate({"always": True, "days": ["mon"]})


def test_duplicate_step_ids_are_rejected() -> None:
    """Step ids are the stable keys of translations: they must be unique."""
    base = _valid_technique_dict()
    base["steps"] = [{"id": "a", "text": "One."}, {"id": "a", "text": "Two."}]
    with pytest.raises(ValidationError, match="duplicate id 'a'"):
        Technique.model_validate(base)


@pytest.mark.parametrize("name", sorted(schemas()))
def test_published_json_schema_is_current(name: str) -> None:
    """docs/schema/ matches the models (regenerate: python -m distress_tolerance._tools.schema)."""
    committed = (ROOT / "docs" / "schema" / name).read_text(encoding="utf-8")
    assert render_schema(schemas()[name]) == committed


def _valid_technique_dict() -> dict[str, object]:
    return {
        "id": "sample",
        "version": 1,
        "title": "Sample",
        "summary": "A sample.",
        "why": "Because.",
        "category": "mindfulness",
        "when": {
            "distress": {"min": 0, "max": 5},
            "moments": ["calm"],
            "settings": ["private"],
            "discreet": True,
            "minutes": 5,
        },
        "steps": [{"id": "one", "text": "Breathe."}],
        "sources": [{"citation": "A book.", "use": "concept"}],
        "review": {"status": "draft", "written": "2026-11-26"},
    }


def test_catalog_page_is_current() -> None:
    """docs/catalog.md is generated from the data (regenerate: python -m distress_tolerance._tools.schema)."""
    from distress_tolerance._tools.schema import catalog_page

    assert (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8") == catalog_page()


@pytest.mark.parametrize(
    ("version", "deferred"),
    [
        ("2.6.0", False),
        ("2.11.5", False),
        ("2.13.5", False),
        ("2.14.0", True),
        ("2.14.4", True),
        ("3.0.0b1", True),
    ],
)
def test_validators_are_deferred_only_where_pydantic_builds_them_thread_safely(
    version: str, deferred: bool
) -> None:
    assert deferring_is_thread_safe(version) is deferred


FIRST_USE_FROM_MANY_THREADS = """
import sys, threading
from concurrent.futures import ThreadPoolExecutor
import yaml
from distress_tolerance.localized import LocalizedText, TextStatus
from distress_tolerance.models import SafetyPlan, Technique
sys.setswitchinterval(1e-6)
with open(sys.argv[1], encoding="utf-8") as f:
    data = yaml.safe_load(f)
barrier = threading.Barrier(16)
def first_use(_):
    barrier.wait()
    LocalizedText(text="x", lang="en", status=TextStatus.SOURCE)
    SafetyPlan.model_validate_json('{"warning_signs": ["pacing"]}')
    return Technique.model_validate(data).id
with ThreadPoolExecutor(16) as pool:
    print(sorted(set(pool.map(first_use, range(16)))))
"""


@pytest.mark.parametrize("run", [1, 2])
def test_models_used_for_the_first_time_by_many_threads_at_once_validate(run: int) -> None:
    """A host's first requests, served on 16 threads at once in a fresh process, all validate:
    where validators are built on first use, they are built safely."""
    technique = ROOT / "data" / "techniques" / "contrary-action.yaml"
    done = subprocess.run(
        [sys.executable, "-c", FIRST_USE_FROM_MANY_THREADS, str(technique)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "['contrary-action']"
