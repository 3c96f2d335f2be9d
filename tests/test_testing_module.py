"""distress_tolerance.testing: the payload corpus, the helpers and strategies hosts test with, and the
example host test of docs/testing.md, run as a host would run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance.models import PackContent, Technique
from distress_tolerance.testing import hostile_technique, markup, payloads, valid_payloads, write_pack
from distress_tolerance.testing.strategies import (
    accept_language_headers,
    hostile_locales,
    locales,
    packs,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_corpus_is_package_data_with_every_kind_of_payload() -> None:
    """At least 40 payloads, read from the package, holding each kind reliability.md asks for."""
    assert files("distress_tolerance.testing").joinpath("payloads.json").is_file()
    corpus = payloads()
    assert len(corpus) >= 40
    joined = "\n".join(p for p in corpus if len(p) < 10_000)
    for needle in ("<script", "onerror=", '">', "javascript:", "data:", "{{ 7*7 }}", "%(", "{0.__class__}"):
        assert needle in joined, needle
    assert re.search("[\u202a-\u202e\u2066-\u2069]", joined), "a bidi control"
    assert re.search("[\x00-\x08]", joined), "a C0 control"
    assert re.search("[\ud800-\udfff]", joined), "a lone surrogate"
    assert "\x1b[" in joined, "an ANSI escape"
    assert max(map(len, corpus)) >= 1_000_000
    assert payloads() is corpus  # read once


def test_valid_payloads_are_accepted_and_the_others_refused() -> None:
    """A content field accepts exactly the valid payloads (the 1 MB one aside, which is too long)."""
    valid = valid_payloads()
    assert 0 < len(valid) < len(payloads())
    assert set(valid) <= set(payloads())
    for payload in payloads():
        if payload in valid:
            technique = hostile_technique(payload)
            assert (technique.title, technique.steps[0].text, technique.cautions[0].stop_signal) == (
                payload,
                payload,
                payload,
            )
        elif len(payload) <= 4000:
            with pytest.raises(pydantic.ValidationError):
                hostile_technique(payload)


def test_write_pack_round_trips_every_payload(tmp_path: Path) -> None:
    """A pack written by write_pack loads back equal, whatever the text."""
    techniques = tuple(hostile_technique(p, technique_id=f"t{i}") for i, p in enumerate(valid_payloads()))
    root = write_pack(tmp_path / "pack", PackContent(techniques=techniques))
    assert root == tmp_path / "pack"
    library = dt.load(root, builtin=False)
    assert [library.lookup(t.id) for t in techniques] == list(techniques)


def test_write_pack_round_trips_the_built_in_pack(tmp_path: Path, library: dt.Library) -> None:
    """Techniques, reframes and crisis services written by write_pack load back equal."""
    services = tuple(s for region in library.regions() for s in library.crisis_services(region))
    content = PackContent(
        techniques=tuple(library.techniques()), reframes=library.reframes(), crisis_services=services
    )
    back = dt.load(write_pack(tmp_path, content), builtin=False)
    assert tuple(back.techniques()) == content.techniques
    assert back.reframes() == content.reframes
    assert tuple(s for region in back.regions() for s in back.crisis_services(region)) == services


def test_markup_lists_elements_attributes_and_comments() -> None:
    """markup tells escaped text from injected elements, attributes and comments."""
    plain = markup('<p class="x">plain</p>')
    assert plain == (("p", ("class",)),)
    assert markup('<p class="x">&lt;script&gt;alert(1)&lt;/script&gt;</p>') == plain
    assert markup('<p class="x"><img src=x onerror=alert(1)></p>') == (
        ("p", ("class",)),
        ("img", ("src", "onerror")),
    )
    assert markup('<p class="x" onmouseover="x">plain</p>') != plain
    assert markup('<p class="x"><!-- x -->plain</p>') != plain
    assert markup("<!DOCTYPE html><html></html>") == (("!doctype", ()), ("html", ()))


def test_every_payload_renders_as_text_in_every_html_format(tmp_path: Path) -> None:
    """Our own templates pass the check the guide tells hosts to run on theirs."""
    texts = ["Plain words", *valid_payloads()]
    techniques = tuple(hostile_technique(p, technique_id=f"t{i}") for i, p in enumerate(texts))
    renderer = dt.Renderer(dt.load(write_pack(tmp_path, PackContent(techniques=techniques)), builtin=False))
    for fmt in ("html", "page"):
        baseline = markup(renderer.render("t0", format=fmt, region="US"))
        for index in range(1, len(texts)):
            assert markup(renderer.render(f"t{index}", format=fmt, region="US")) == baseline, texts[index]


@given(locales())
def test_drawn_locales_are_well_formed(locale: str) -> None:
    """Every locale drawn parses, and rendering in it falls back instead of failing."""
    parsed = dt.parse_locale(locale)
    assert parsed.lower() == locale.replace("-", "_").lower()


@given(hostile_locales())
def test_drawn_hostile_locales_are_refused(locale: str) -> None:
    """Every hostile locale drawn is refused with our documented error."""
    with pytest.raises(dt.UnknownLocaleError):
        dt.parse_locale(locale)


@given(st.one_of(accept_language_headers(), accept_language_headers(hostile=True)))
def test_negotiate_gives_a_well_formed_locale_for_any_header(header: str) -> None:
    """Whatever the header, negotiate returns a well-formed locale or raises only our error."""
    try:
        chosen = dt.negotiate(header, ("ar", "de", "en", "es", "fr", "pt_BR"))
    except dt.DistressToleranceError:
        return
    assert dt.parse_locale(chosen) == chosen


@given(st.lists(accept_language_headers(), min_size=1))
def test_well_formed_headers_are_well_formed(headers: list[str]) -> None:
    """A well-formed header is ranges of tags with optional weights, split by commas."""
    tag = r"(\*|[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?)"
    pattern = re.compile(rf"{tag}( ?; ?q=[0-9.]+)?(\s*,\s*{tag}( ?; ?q=[0-9.]+)?)*")
    for header in headers:
        assert pattern.fullmatch(header), header


@given(packs())
def test_drawn_packs_load_back_unchanged(content: PackContent) -> None:
    """A drawn pack is valid: written and loaded, it gives back the same techniques and reframes."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        library = dt.load(write_pack(tmp, content), builtin=False)
    assert [library.lookup(t.id) for t in content.techniques] == list(content.techniques)
    assert library.reframes() == tuple(sorted(content.reframes, key=lambda r: r.id))
    assert all(isinstance(t, Technique) for t in library.techniques())


def test_the_strategies_say_they_need_hypothesis() -> None:
    """Without hypothesis the corpus still imports; the strategies raise an ImportError naming it."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import distress_tolerance.testing as t; assert len(t.payloads()) >= 40\n"
        "try:\n    import distress_tolerance.testing.strategies\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == (
        "distress_tolerance.testing.strategies needs hypothesis: pip install hypothesis"
    )


def _host_examples() -> list[str]:
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```\n", text, re.MULTILINE | re.DOTALL)
    return [block for block in blocks if "def test_" in block]


def test_the_guide_has_the_host_example() -> None:
    """docs/testing.md holds the template-override example this module runs."""
    examples = _host_examples()
    assert len(examples) == 2
    assert "def test_card_adds_no_element_for_any_payload" in examples[0]
    assert "jinja2.DictLoader" in examples[0]


@pytest.mark.slow
def test_the_host_examples_of_the_guide_pass(tmp_path: Path) -> None:
    """The example tests of docs/testing.md pass as written, in a host's own pytest run with -W error."""
    for index, block in enumerate(_host_examples()):
        (tmp_path / f"test_host_{index}.py").write_text(block, encoding="utf-8")
    # A host's own run: none of our pytest options (CI's PYTEST_ADDOPTS names a random seed).
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_ADDOPTS"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-W", "error"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    expected = len(valid_payloads()) + 2  # one per payload, and the two properties
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"{expected} passed" in result.stdout
