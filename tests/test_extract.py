"""The Babel extractor and the catalogs it feeds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import distress_tolerance as dt
from distress_tolerance._i18n.catalog import read_po as read_catalog
from distress_tolerance._i18n.fields import technique_fields
from distress_tolerance._i18n.translate import Translator
from distress_tolerance._tools.pot import extract_catalog, pot_bytes, same_pot
from distress_tolerance.exceptions import ContentError
from distress_tolerance.extract import extract_yaml
from tests.conftest import shipped_locales
from tests.test_loader import GOOD

ROOT = Path(__file__).resolve().parent.parent


def test_extractor_on_an_in_memory_file() -> None:
    """msgctxt is the field path, line numbers are real, translator notes become comments."""
    text = GOOD.replace(
        "    text: Breathe out.", "    text: Breathe out.\n    translator_note: Keep it short."
    )
    messages = list(extract(extract_yaml, io.BytesIO(text.encode()), comment_tags=()))
    by_context = {context: (line, message, comments) for line, message, comments, context in messages}
    assert by_context["sample.title"] == (3, "Sample", [])
    assert by_context["sample.steps.one.text"] == (15, "Breathe in.", [])
    assert by_context["sample.steps.two.text"] == (18, "Breathe out.", ["Keep it short."])
    assert set(by_context) == {
        "sample.title",
        "sample.summary",
        "sample.why",
        "sample.steps.one.text",
        "sample.steps.two.text",
    }


def test_extractor_rejects_invalid_content_with_a_location() -> None:
    """Extraction of a broken file names file, line and field."""
    fileobj = io.BytesIO(GOOD.replace("seconds: 10", "seconds: x").encode())
    fileobj.name = "data/techniques/sample.yaml"  # type: ignore[attr-defined]
    with pytest.raises(ContentError, match=r"sample.yaml:16: steps.0.seconds"):
        list(extract(extract_yaml, fileobj))


def test_extractor_names_a_reframe_bank_error_by_its_place_in_the_file() -> None:
    """A reframe bank's error names ``reframes.0.harsh`` at its line, as the loader does."""
    bank = b'reframes:\n  - id: x-one\n    theme: shame\n    harsh: ""\n    kinder: "Be kind."\n'
    with pytest.raises(ContentError) as caught:
        list(extract_yaml(io.BytesIO(bank), {}, (), {}))
    [error] = caught.value.errors
    assert (error.line, error.field) == (4, "reframes.0.harsh")


def test_extractor_is_registered_for_pybabel() -> None:
    """pybabel finds the extractor through the babel.extractors entry point."""
    from importlib.metadata import entry_points

    (point,) = [e for e in entry_points(group="babel.extractors") if e.name == "distress_tolerance_yaml"]
    assert point.load() is extract_yaml


def test_every_extracted_context_is_looked_up_by_localize(library: dt.Library) -> None:
    """The extractor and localize agree on every msgctxt (a recording translator proves it)."""
    asked: set[str] = set()

    class Recorder(Translator):
        def text(self, context: str | None, msgid: str, *, require_reviewed: bool = False) -> object:  # type: ignore[override]
            asked.add(str(context))
            return super().text(context, msgid, require_reviewed=require_reviewed)

    from distress_tolerance._i18n.translate import localize_technique

    for technique in library.techniques():
        expected = {f.context for f in technique_fields(technique)}
        expected |= {f"reframes.{r}.{part}" for r in technique.reframes for part in ("harsh", "kinder")}
        asked.clear()
        bank = {r.id: r for r in library.reframes()}
        localize_technique(technique, bank, Recorder((), "es"))
        assert asked == expected


def test_pot_is_current() -> None:
    """locales/distress_tolerance.pot equals a fresh extraction (run `distress-tolerance i18n extract`)."""
    fresh = pot_bytes(extract_catalog(ROOT, templates=True))
    committed = (ROOT / "locales" / "distress_tolerance.pot").read_bytes()
    assert same_pot(committed, fresh)


def test_extraction_is_deterministic() -> None:
    """Two extractions give the same messages in the same order."""
    first = [(m.context, m.id, m.locations) for m in extract_catalog(ROOT, templates=True)]
    second = [(m.context, m.id, m.locations) for m in extract_catalog(ROOT, templates=True)]
    assert first == second


@pytest.mark.parametrize("locale", shipped_locales())
def test_shipped_catalogs_are_complete_and_safe(locale: str) -> None:
    """Every shipped .po loads with its full message count, nothing fuzzy, nothing rejected."""
    po = ROOT / "locales" / locale / "LC_MESSAGES" / "distress_tolerance.po"
    with po.open("rb") as fileobj:
        catalog = read_po(fileobj, abort_invalid=True)
    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as fileobj:
        template = read_po(fileobj)
    assert len(catalog) == len(template)
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    assert [
        m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
    ] == []
    loaded = read_catalog(po, locale)
    assert loaded.rejected == ()
    assert len(loaded.messages) + len(loaded.plurals) == len(template)
