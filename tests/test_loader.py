"""The YAML loader: every error names file, line and field; a pack with errors never half-loads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._content.loader import load_yaml_pack
from distress_tolerance.exceptions import ContentError

GOOD = """\
id: sample
version: 1
title: Sample
summary: A sample.
why: Because it helps.
category: mindfulness
when:
  distress: {min: 0, max: 5}
  moments: [calm]
  settings: [private]
  discreet: true
  minutes: 5
steps:
  - id: one
    text: Breathe in.
    seconds: 10
  - id: two
    text: Breathe out.
sources:
  - citation: A book.
    use: concept
review:
  status: draft
  written: 2026-11-26
"""

# (description, replacement applied to GOOD, expected line, expected field, text in the message)
CORPUS = [
    ("wrong type", ("    seconds: 10", "    seconds: ten"), 16, "steps.0.seconds", "integer"),
    ("out of range", ("    seconds: 10", "    seconds: 99999"), 16, "steps.0.seconds", "less than or equal"),
    ("unknown key", ("  - id: two\n", "  - id: two\n    secs: 3\n"), 18, "steps.1.secs", "unknown field"),
    ("missing field", ("why: Because it helps.\n", ""), 1, "why", "Field required"),
    ("bad enum", ("category: mindfulness", "category: dance"), 6, "category", "Input should be"),
    ("distress order", ("{min: 0, max: 5}", "{min: 6, max: 5}"), 8, "when.distress", "greater than max"),
    ("control char", ("title: Sample", 'title: "Sam\\u0007ple"'), 3, "title", "control character"),
    ("bidi override", ("title: Sample", 'title: "Sam\\u202Eple"'), 3, "title", "RIGHT-TO-LEFT OVERRIDE"),
    ("duplicate key", ("version: 1\n", "version: 1\nversion: 2\n"), 3, "version", "duplicate key"),
    ("duplicate step id", ("  - id: two", "  - id: one"), 13, "steps", "duplicate id 'one'"),
    ("bad yaml", ("steps:\n", "steps: [\n"), None, "", "invalid YAML"),
    ("id mismatch", ("id: sample", "id: other"), 1, "id", "does not match the file name"),
    ("bad slug", ("  - id: one", "  - id: One Two"), 14, "steps.0.id", "pattern"),
]


@pytest.mark.parametrize(("name", "change", "line", "field", "message"), CORPUS, ids=[c[0] for c in CORPUS])
def test_error_names_file_line_and_field(
    make_pack: Callable[..., Path],
    name: str,
    change: tuple[str, str],
    line: int | None,
    field: str,
    message: str,
) -> None:
    """Each kind of mistake is reported at its file, line and dotted field path."""
    text = GOOD.replace(*change)
    assert text != GOOD, name
    root = make_pack({"data/techniques/sample.yaml": text})
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    errors = info.value.errors
    assert any(
        e.path == "data/techniques/sample.yaml"
        and (line is None or e.line == line)
        and e.field == field
        and message in e.message
        for e in errors
    ), [str(e) for e in errors]
    assert str(errors[0]).startswith("data/techniques/sample.yaml:")


def test_every_error_is_listed_not_just_the_first(make_pack: Callable[..., Path]) -> None:
    """validate lists every problem in every file."""
    root = make_pack(
        {
            "data/techniques/sample.yaml": GOOD.replace("seconds: 10", "seconds: -1").replace(
                "version: 1", "version: 0"
            ),
            "data/techniques/other.yaml": GOOD.replace("id: sample", "id: other").replace(
                "title: Sample", "title: ''"
            ),
        }
    )
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    fields = sorted((e.path.rsplit("/", 1)[-1], e.field) for e in info.value.errors)
    assert fields == [("other.yaml", "title"), ("sample.yaml", "steps.0.seconds"), ("sample.yaml", "version")]


def test_cross_file_duplicates_and_dangling_reframes(make_pack: Callable[..., Path]) -> None:
    """Duplicate reframe ids across files and references to unknown reframes are errors."""
    bank = "reframes:\n  - id: r1\n    theme: worth\n    harsh: I am bad.\n    kinder: I am learning.\n"
    root = make_pack(
        {
            "data/techniques/sample.yaml": GOOD.replace("sources:", "reframes: [r1, r9]\nsources:"),
            "data/reframes/a.yaml": bank,
            "data/reframes/b.yaml": bank,
        }
    )
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    messages = [str(e) for e in info.value.errors]
    assert any("data/reframes/b.yaml:2: reframes.0.id: duplicate reframe id 'r1'" in m for m in messages), (
        messages
    )
    assert any("reframes.1: no reframe with id 'r9'" in m for m in messages), messages


def test_a_broken_pack_is_never_half_loaded(make_pack: Callable[..., Path]) -> None:
    """One bad file among good ones fails the whole load: no partial library."""
    root = make_pack({"data/techniques/zzz-broken.yaml": "id: [unclosed"}, base=True)
    with pytest.raises(ContentError):
        dt.load(root, builtin=False)


def test_sexagesimal_times_stay_text(make_pack: Callable[..., Path]) -> None:
    """YAML 1.1 reads 10:00 as 600; our loader keeps it as a time."""
    service = """\
services:
  - id: x-line
    region: US
    name: X
    name_lang: en
    operator: X
    kind: crisis-line
    contacts:
      - {mode: call, value: "123", display: "123", cost: free,
         hours: {days: [mon], opens: 10:00, closes: 22:00, time_zone: America/New_York}}
    languages: [en]
    sources: [{title: t, kind: secondary}]
    confidence: high
    last_verified: {status: source-checked, date: 2026-11-26, by: me, method: reading}
"""
    root = make_pack({"data/crisis/US.yaml": service})
    content = load_yaml_pack(root)
    hours = content.crisis_services[0].contacts[0].hours
    assert (hours.opens.hour, hours.closes.hour) == (10, 22)


def test_the_built_in_pack_is_valid(library: dt.Library) -> None:
    """The shipped content loads."""
    assert len(library) >= 18


yaml_noise = st.text(alphabet=st.sampled_from(list("abc: -[]{}\n'\"#&*!|>%@`0129\t")), max_size=200)


@given(yaml_noise)
def test_any_text_gives_a_content_error_or_loads(text: str) -> None:
    """Whatever a file holds, the loader raises only ContentError (with a location)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "data" / "techniques").mkdir(parents=True)
        (root / "data" / "techniques" / "x.yaml").write_text(text, encoding="utf-8")
        try:
            load_yaml_pack(root)
        except ContentError as exc:
            assert exc.errors
            assert all(e.path.endswith("x.yaml") for e in exc.errors)
