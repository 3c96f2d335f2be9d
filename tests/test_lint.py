"""The safety linter: per-locale wording rules, structural rules, reading grade, and the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from distress_tolerance._content.pack import builtin_pack
from distress_tolerance._safety.lexicon import NEAR_WORDS, RuleSpec, available_locales, lexicon_for
from distress_tolerance._tools.lint import STEP_LIMIT, Finding, lint_pack
from distress_tolerance._tools.readability import grade, hardest_sentence, reading, sentences, syllables
from distress_tolerance.cli import main
from distress_tolerance.exceptions import ContentError
from tests.conftest import FIXTURES, ROOT, shipped_locales
from tests.test_loader import GOOD

LINT = FIXTURES / "lint"
VIOLATING: list[dict[str, str]] = yaml.safe_load((LINT / "violating.yaml").read_text(encoding="utf-8"))
CLEAN: dict[str, list[str]] = yaml.safe_load((LINT / "clean.yaml").read_text(encoding="utf-8"))
WORDING_RULES = ("L1", "L2", "L3", "L4", "L5", "C1", "C2", "C3", "C9", "K1")


def _rules(locale: str, text: str) -> list[tuple[str, str]]:
    lexicon = lexicon_for(locale)
    assert lexicon is not None
    return [(hit.rule, hit.phrase) for hit in lexicon.scan(text)]


# --- wording rules, per locale --------------------------------------------------------------


@pytest.mark.parametrize("case", VIOLATING, ids=lambda c: f"{c['rule']}-{c['locale']}-{c['text'][:24]}")
def test_violating_text_is_caught(case: dict[str, str]) -> None:
    """Each text of the violating corpus fires its rule, quoting the offending phrase."""
    found = _rules(case["locale"], case["text"])
    phrases = [phrase for rule, phrase in found if rule == case["rule"]]
    assert phrases, found
    assert any(case["phrase"] in p or p in case["phrase"] for p in phrases), phrases


def test_violating_corpus_covers_every_wording_rule_in_two_languages() -> None:
    """Every wording rule is caught in at least two languages, and every shipped locale is used."""
    locales: dict[str, set[str]] = {}
    for case in VIOLATING:
        locales.setdefault(case["rule"], set()).add(case["locale"])
    assert set(locales) == set(WORDING_RULES)
    assert all(len(found) >= 2 for found in locales.values()), locales
    assert set().union(*locales.values()) == {"en", *shipped_locales()}


@pytest.mark.parametrize(
    ("locale", "text"), [(locale, text) for locale, texts in CLEAN.items() for text in texts]
)
def test_clean_text_passes(locale: str, text: str) -> None:
    """Recommended phrasing, help services and ordinary words far from suicide give no finding."""
    assert _rules(locale, text) == []


def test_near_means_same_sentence_within_the_word_limit() -> None:
    """A near rule needs the mention in the same sentence and at most NEAR_WORDS words away."""
    filler = " ".join(["and then"] * NEAR_WORDS)
    assert _rules("en", "Suicide is a choice.") == [("L5", "choice")]
    assert _rules("en", "Suicide is never simple. I made a choice to rest.") == []
    assert _rules("en", f"I made a choice {filler} suicide prevention.") == []
    assert _rules("en", "I made a choice, she said, about suicide.") == [("L5", "choice")]


def test_german_flags_selbstmord_and_freitod_and_prefers_suizid() -> None:
    """German: "Selbstmord" (L1) and "Freitod" (L5) are flagged, compounds too; "Suizid" is fine."""
    assert _rules("de", "Sie starb durch Selbstmord.") == [("L1", "Selbstmord")]
    assert _rules("de", "Selbstmordgedanken kommen vor.") == [("L1", "Selbstmordgedanken")]
    assert _rules("de", "Er wählte den Freitod.") == [("L5", "Freitod")]
    assert _rules("de", "Sie starb durch Suizid. Suizidgedanken kommen vor.") == []


def test_typography_and_arabic_marks_do_not_hide_a_phrase() -> None:
    """Curly apostrophes, no-break spaces and Arabic harakat are normalised before matching."""
    assert _rules("fr", "Il s\u2019est tué.") == [("K1", "s\u2019est tué")]
    assert _rules("en", "He committed\u00a0suicide.") == [("L1", "committed\u00a0suicide")]
    assert _rules("ar", "ارتَكَبَ الانتِحارَ") == [("L1", "ارتَكَبَ الانتِحارَ")]


def test_every_shipped_locale_has_a_lexicon() -> None:
    """Lexicons ship for English and every locale with a catalog; a region falls back to its language."""
    assert set(available_locales()) >= {"en", *shipped_locales()}
    for locale in available_locales():
        lexicon = lexicon_for(locale)
        assert lexicon is not None and lexicon.locale == locale
    mexican = lexicon_for("es_MX")
    assert mexican is not None and mexican.locale == "es"
    assert lexicon_for("it") is None


def test_rule_spec_takes_a_regex_or_whole_word_phrases() -> None:
    """A lexicon rule has exactly one of regex and phrases; phrases match whole words only."""
    spec = RuleSpec(rule="L5", kind="block", phrases=("brave",), reason="r")
    assert re.search(spec.pattern, "a brave act") and not re.search(spec.pattern, "bravery")
    with pytest.raises(ValidationError, match="either regex or phrases"):
        RuleSpec(rule="L5", kind="block", regex="x", phrases=("y",), reason="r")
    with pytest.raises(ValidationError, match="invalid regular expression"):
        RuleSpec(rule="L5", kind="block", regex="(", reason="r")


WORDS = st.sampled_from(
    ["suicide", "self-harm", "choice", "relief", "committed", "pills", "blood", "Selbstmord", "انتحار"]
)


@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=12), st.sampled_from(["en", "de", "ar"]))
def test_scan_never_raises_and_quotes_exactly(parts: list[str], locale: str) -> None:
    """On any text, every hit's phrase is the (NFC) text at its offsets."""
    text = unicodedata.normalize("NFC", " ".join(parts))
    lexicon = lexicon_for(locale)
    assert lexicon is not None
    for hit in lexicon.scan(text):
        assert hit.phrase == text[hit.start : hit.end] and hit.phrase


# --- reading grade ----------------------------------------------------------------------------

SYLLABLES = {
    "the": 1, "calm": 1, "breathe": 1, "walked": 1, "makes": 1, "table": 2, "people": 2, "someone": 2,
    "wanted": 2, "places": 2, "muscles": 2, "being": 2, "social": 2, "language": 2, "notice": 2,
    "minutes": 2, "idea": 3, "video": 3, "curious": 3, "anything": 3, "attention": 3, "relaxation": 4,
    "emergency": 4, "don't": 1, "30": 2,
}  # fmt: skip


@pytest.mark.parametrize(("word", "count"), SYLLABLES.items())
def test_syllable_heuristic(word: str, count: int) -> None:
    """The documented syllable heuristic counts these everyday words right."""
    assert syllables(word) == count


def test_flesch_kincaid_grade() -> None:
    """Grade = 0.39 words/sentence + 11.8 syllables/word - 15.59, over sentences of every text."""
    counts = reading(["The cat sat on the mat.", "Take one slow breath"])
    assert (counts.sentences, counts.words, counts.syllables) == (2, 10, 10)
    assert grade(["The cat sat on the mat."]) == pytest.approx(0.39 * 6 + 11.8 - 15.59)
    assert grade(["Considerable institutional documentation."]) > grade(["We read the notes."])
    assert sentences("One. Two? Three!\nFour") == ["One.", "Two?", "Three!", "Four"]
    assert hardest_sentence(["Sit down.", "Contemplate interpersonal communication."]) == (
        "Contemplate interpersonal communication."
    )


# --- packs ----------------------------------------------------------------------------------


def _summary(findings: list[Finding]) -> set[tuple[str, int | None, str, str]]:
    return {(f.file, f.line, f.rule, f.severity) for f in findings if f.severity != "info"}


PO_DE = "locales/de/LC_MESSAGES/distress_tolerance.po"
PO_ES = "locales/es/LC_MESSAGES/distress_tolerance.po"


def test_violating_pack_findings_with_exact_lines() -> None:
    """Each structural rule fires in English and in two translations, at the line of the phrase."""
    assert _summary(lint_pack(LINT / "packs" / "violating")) == {
        ("data/reframes/risky.yaml", 6, "C5", "block"),
        ("data/techniques/cold-plunge.yaml", 8, "C8", "block"),
        ("data/techniques/hard-night.yaml", 11, "C6", "block"),
        ("data/techniques/hard-night.yaml", 24, "C7", "block"),
        ("data/techniques/long-words.yaml", 4, "R1", "warn"),
        ("data/techniques/long-words.yaml", 16, "R2", "warn"),
        ("data/techniques/stories.yaml", 9, "L1", "block"),  # third line of a folded text
        ("data/techniques/stories.yaml", 25, "C9", "warn"),
        (PO_DE, 9, "L5", "block"),
        (PO_DE, 13, "C7", "block"),
        (PO_DE, 17, "C8", "block"),
        (PO_DE, 21, "C6", "block"),
        (PO_DE, 29, "C5", "block"),
        (PO_ES, 11, "L1", "block"),  # second line of a wrapped msgstr
        (PO_ES, 15, "C7", "block"),
        (PO_ES, 19, "C8", "block"),
        (PO_ES, 23, "C6", "block"),
        (PO_ES, 31, "C5", "block"),
        ("locales/it/LC_MESSAGES/distress_tolerance.po", None, "U1", "warn"),
        ("locales/distress_tolerance.pot", 12, "C2", "block"),  # interface text, English
    }


def test_clean_pack_has_no_findings_but_its_reading_grade() -> None:
    """A pack that follows every rule gets only the R1 note of its technique."""
    findings = lint_pack(LINT / "packs" / "clean")
    assert [(f.rule, f.severity) for f in findings] == [("R1", "info")]
    assert re.fullmatch(r"reading grade \d+\.\d \(Flesch-Kincaid; goal 8 or lower\)", findings[0].message)


def test_builtin_pack_passes() -> None:
    """The built-in pack has no blocking finding, and every shipped catalog is checked."""
    findings = lint_pack(builtin_pack().root)
    assert [str(f) for f in findings if f.severity == "block"] == []
    assert not [f for f in findings if f.rule == "U1"]
    assert {f.file for f in findings if f.rule == "R1"} == {
        *(f"data/techniques/{p.name}" for p in (ROOT / "data" / "techniques").glob("*.yaml")),
        "data/first-hour.yaml",
        "data/safety-plan.yaml",
    }


def _technique(step: str, **replace: str) -> str:
    text = GOOD.replace("    text: Breathe in.", f"    text: {step}")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("length", "flagged"), [(STEP_LIMIT, False), (STEP_LIMIT + 1, True)])
def test_step_limit(make_pack: Callable[..., Path], length: int, flagged: bool) -> None:
    """A step of STEP_LIMIT characters passes; one more is a warning."""
    step = ("Rest. " * 60)[: length - 1] + "."
    root = make_pack({"data/techniques/sample.yaml": _technique(step)})
    assert [f.rule for f in lint_pack(root) if f.rule == "R2"] == (["R2"] if flagged else [])


def test_c7_is_met_by_an_emotional_caution(make_pack: Callable[..., Path]) -> None:
    """A mention of self-harm needs an emotional caution; with one, the technique passes."""
    step = "If you feel an urge to hurt yourself, reach out."
    root = make_pack({"data/techniques/sample.yaml": _technique(step)})
    assert [f.rule for f in lint_pack(root) if f.severity == "block"] == ["C7"]
    caution = (
        "cautions:\n  - id: note\n    kind: emotional\n    text: This may bring up hard feelings.\nsteps:"
    )
    root = make_pack({"data/techniques/sample.yaml": _technique(step, **{"steps:": caution})})
    assert [f.rule for f in lint_pack(root) if f.severity == "block"] == []


def test_unreadable_pack_and_bad_locale_folder(make_pack: Callable[..., Path]) -> None:
    """An invalid pack raises ContentError; a folder that is not a locale is reported, not checked."""
    with pytest.raises(ContentError):
        lint_pack(make_pack({"data/techniques/sample.yaml": "id: [unclosed"}))
    po = 'msgid ""\nmsgstr ""\n"Language: xx\\n"\n'
    root = make_pack({"data/techniques/sample.yaml": GOOD, "locales/not.a.locale/LC_MESSAGES/x.po": po})
    assert [(f.rule, f.phrase) for f in lint_pack(root) if f.rule == "U1"] == [("U1", "not.a.locale")]


# --- command line ---------------------------------------------------------------------------


def test_cli_text_format_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    """Text output is `file:line: RULE severity: message ("phrase")`; a blocking finding exits 1."""
    pack = LINT / "packs" / "violating"
    assert main(["lint", str(pack)]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = (
        f'{pack}/data/techniques/stories.yaml:9: L1 block: why: "commit" frames suicide as a crime or '
        'sin; say "died by suicide" or "took their own life" ("committed suicide")'
    )
    assert expected in lines
    assert lines[-1] == "16 blocking, 4 warnings, 5 notes"


def test_cli_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints a list of findings with file, line, rule, severity, phrase, message."""
    assert main(["lint", str(LINT / "packs" / "clean"), "--format", "json"]) == 0
    data: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    assert [set(item) for item in data] == [{"file", "line", "rule", "severity", "phrase", "message"}]
    assert data[0]["file"].endswith("packs/clean/data/techniques/cold-face.yaml") and data[0]["line"] == 5


def test_cli_warnings_alone_exit_0(
    make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Warnings without a blocking finding: exit 0."""
    root = make_pack({"data/techniques/sample.yaml": _technique("Are you suffering from stress? Rest.")})
    assert main(["lint", str(root)]) == 0
    assert "C9 warn" in capsys.readouterr().out


def test_cli_lints_the_builtin_pack() -> None:
    """`distress-tolerance lint` with no pack lints the built-in one, with paths relative to it."""
    command = [sys.executable, "-m", "distress_tolerance", "lint"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("data/first-hour.yaml:")
    assert result.stdout.splitlines()[-1].startswith("0 blocking, ")


@pytest.mark.slow
def test_lexicons_ship_in_the_wheel_and_lint_runs_from_it(tmp_path: Path) -> None:
    """The wheel carries every lexicon; unpacked, it lints its own built-in pack."""
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for locale in available_locales():
        assert f"distress_tolerance/lexicons/{locale}.yaml" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    result = subprocess.run(
        [sys.executable, "-m", "distress_tolerance.cli", "lint", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    files = {item["file"] for item in json.loads(result.stdout)}
    guidance = {"distress_tolerance/data/first-hour.yaml", "distress_tolerance/data/safety-plan.yaml"}
    assert guidance <= files  # the wheel ships the first hour and the plan's form, and lints them
    assert all(f.startswith("distress_tolerance/data/techniques/") for f in files - guidance), files


def test_the_first_hour_and_the_plan_are_linted(make_pack: Callable[..., Path]) -> None:
    """A banned phrase in the first hour or the safety plan's form is a blocking finding there."""
    first = (ROOT / "data" / "first-hour.yaml").read_text(encoding="utf-8")
    first = first.replace("Bleeding that does not stop.", "People who commit suicide often bleed.")
    root = make_pack({"data/first-hour.yaml": first}, base=True)
    (root / "locales").mkdir()
    blocking = [f for f in lint_pack(root) if f.severity == "block"]
    assert {f.file for f in blocking} == {"data/first-hour.yaml"}
    [l1] = [f for f in blocking if f.rule == "L1"]
    line = next(i for i, s in enumerate(first.splitlines(), start=1) if "commit suicide" in s)
    assert l1.line == line
