# ruff: noqa: RUF001  (Arabic letters in the replies are meant, not look-alikes of Latin ones)
"""The reply checker: findings with spans into the reply as given, negation, locales, the size
limit, linear matching, and the labelled evaluation set with its floors."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from distress_tolerance._safety.lexicon import LexiconFile, RuleSpec, available_locales, lexicon_for
from distress_tolerance._safety.reply import MAX_REPLY_CHARS, ReplyCheck, check_reply
from distress_tolerance.exceptions import ArgumentError, LocaleFallbackWarning, UnknownLocaleError
from tests.conftest import ROOT
from tests.reply_eval.evaluate import FAMILIES, HELDOUT, load, run, score

LEXICONS = ROOT / "src" / "distress_tolerance" / "lexicons"


def _found(text: str, locale: str) -> list[tuple[str, str]]:
    return [(f.rule, f.matched) for f in check_reply(text, locale).findings]


# --- findings and spans ---------------------------------------------------------------------


def test_a_finding_names_rule_kind_span_and_reason() -> None:
    """A harmful reply is blocked; each finding slices the reply at its offsets."""
    text = "I'm sorry your friend committed suicide. Suicide is a choice."
    check = check_reply(text, "en")
    assert [(f.rule, f.kind, f.matched) for f in check.findings] == [
        ("L1", "block", "committed suicide"),
        ("L5", "block", "choice"),
    ]
    assert all(text[f.start : f.end] == f.matched for f in check.findings)
    assert check.blocked and check.mentions_risk and check.rules == ("L1", "L5")
    assert "died by suicide" in check.findings[0].reason


def test_a_supportive_reply_passes_but_still_asks_for_the_card() -> None:
    """No finding, not blocked, and a mention of suicide still says: append the crisis card."""
    check = check_reply("If you are thinking about suicide, please call or text 988 now.", "en")
    assert check == ReplyCheck(findings=(), locale="en", mentions_risk=True)
    assert not check.blocked
    assert not check_reply("Let's take three slow breaths together.", "en").mentions_risk


def test_warnings_do_not_block() -> None:
    """C9 and K1 are warnings: reported, but the reply is not blocked."""
    check = check_reply("You are suffering from depression, and it is treatable.", "en")
    assert [(f.rule, f.kind) for f in check.findings] == [("C9", "warn")]
    assert not check.blocked


@pytest.mark.parametrize(
    ("text", "locale", "matched"),
    [
        ("He committed\u00a0suicide.", "en", "committed\u00a0suicide"),
        ("Il s\u2019est tu\u00e9 hier.", "fr", "s\u2019est tu\u00e9"),
        ("Il s\u2019est tue\u0301 hier.", "fr", "s\u2019est tue\u0301"),  # decomposed accent
        ("Sie leidet an einer Depression.", "de", "leidet an einer Depression"),
        ("ارت\u064eك\u064eب\u064e الانت\u0650حار\u064e", "ar",
         "ارت\u064eك\u064eب\u064e الانت\u0650حار\u064e"),
        ("Un suici\u0301dio consumado.", "es", None),  # a stray mark inside a word: no crash
    ],
)  # fmt: skip
def test_spans_slice_the_reply_as_given(text: str, locale: str, matched: str | None) -> None:
    """Typographic apostrophes, no-break spaces, harakat and decomposed accents are normalised
    for matching, yet every span slices the original reply, never inside a character."""
    findings = check_reply(text, locale).findings
    for f in findings:
        assert text[f.start : f.end] == f.matched
    if matched is not None:
        assert matched in [f.matched for f in findings]


# --- negation ---------------------------------------------------------------------------------

NEGATED = [
    ("en", "Suicide is not a solution."),
    ("en", "Suicide is never the answer."),
    ("en", "Self-harm doesn't make you selfish."),
    ("en", "Having thoughts of suicide does not make you selfish or weak."),
    ("en", "Self-harm is no way out of the pain."),
    ("en", "Self-harm is neither selfish nor cowardly."),
    ("en", "I'm not saying that suicide is the answer."),
    ("es", "El suicidio no es una soluci\u00f3n."),
    ("es", "El suicidio no es nunca una salida."),  # negative concord: one negation
    ("es", "Autolesionarte no te hace ego\u00edsta ni cobarde."),
    ("de", "Suizid ist keine L\u00f6sung."),
    ("de", "Selbstverletzung macht dich nicht egoistisch."),
    ("de", "Suizid ist weder feige noch mutig."),
    ("fr", "Le suicide n\u2019est pas une solution."),
    ("fr", "Le suicide n'est jamais la r\u00e9ponse."),
    ("pt_BR", "O suic\u00eddio n\u00e3o \u00e9 a solu\u00e7\u00e3o."),
    ("pt_BR", "Automutila\u00e7\u00e3o n\u00e3o \u00e9 covardia nem ego\u00edsmo."),
    ("ar", "الانتحار ليس حل\u064bا."),
    ("ar", "إيذاء النفس لا يجعلك أناني\u064bا."),
]  # fmt: skip


@pytest.mark.parametrize(("locale", "text"), NEGATED)
def test_negated_framing_passes(locale: str, text: str) -> None:
    """A negated L5 or C2 word gives no finding, in every lexicon language."""
    assert _found(text, locale) == []


STILL_FLAGGED = [
    ("en", "Suicide is not only a solution.", "C2"),  # void cue: "not only"
    ("en", "It may seem there is no other way out than suicide.", "C2"),  # "no other"
    ("en", "Some feel that nothing but self-harm brings relief.", "C2"),  # "nothing but"
    ("en", "Suicide is no solution but suicide.", "C2"),  # exclusive word after the match
    ("en", "It isn't easy to say, but self-harm gives some people relief.", "C2"),  # a break
    ("en", "Suicide isn't never a choice.", "L5"),  # double negation, English
    ("en", "No, suicide is the only way out.", "C2"),  # an interjection is no negation
    ("en", "Never forget that suicide is a choice.", "L5"),  # "never forget"
    ("en", "Nobody will tell you this but at night suicide can look like a solution.", "C2"),
    ("en", "Self-harm is not rare and in the end it is often a choice.", "L5"),  # six words away
    ("en", "Suicide is not: a choice.", "L5"),  # a colon breaks the clause
    ("en", "Suicide is not rare. It is a choice, suicide.", "L5"),  # another sentence
    ("es", "No hay otra salida que el suicidio.", "C2"),
    ("es", "El suicidio no solo es un escape.", "C2"),
    ("de", "Es gibt keine andere L\u00f6sung als Suizid.", "C2"),
    ("de", "Suizid ist nicht nur ein Ausweg.", "C2"),
    ("de", "Ich will nicht behaupten, Suizid sei keine Entscheidung.", "L5"),  # double, German
    ("fr", "Il n'y a qu'une solution : le suicide.", "C2"),  # ne ... que
    ("fr", "Il n'y a pas d'autre issue que le suicide.", "C2"),
    ("pt_BR", "N\u00e3o h\u00e1 outra sa\u00edda al\u00e9m do suic\u00eddio.", "C2"),
    ("ar", "لا حل غير الانتحار.", "C2"),
]  # fmt: skip


@pytest.mark.parametrize(("locale", "text", "rule"), STILL_FLAGGED)
def test_traps_that_look_like_negation_are_still_flagged(locale: str, text: str, rule: str) -> None:
    """ "not only", "no other", an exclusive "but", a break, a double negation in a language
    without negative concord, a cue too far away or in another sentence: still reported."""
    assert rule in [r for r, _ in _found(text, locale)]


def test_negation_never_spares_a_rule_that_is_not_negatable() -> None:
    """Negation only reverses L5 and C2: "did not commit suicide" is still L1, a method still C1."""
    assert [r for r, _ in _found("He did not commit suicide.", "en")] == ["L1"]
    assert "C1" in [r for r, _ in _found("Never take pills to end your life.", "en")]


def test_every_lexicon_negates_and_marks_l5_and_c2_negatable() -> None:
    """Each shipped lexicon has negation cues; its near L5 and C2 rules are negatable, no other."""
    for locale in available_locales():
        lexicon = lexicon_for(locale)
        assert lexicon is not None and lexicon.negation is not None
        negatable = {spec.rule for spec, _ in lexicon.rules if spec.negatable}
        assert negatable == {"L5", "C2"}, locale


def test_the_lexicon_model_validates_negation() -> None:
    """A negatable rule must be near; negatable rules need terms.negation; cues must compile."""
    with pytest.raises(ValidationError, match="must be near"):
        RuleSpec(rule="L5", kind="block", regex="x", negatable=True, reason="r")
    data = yaml.safe_load((LEXICONS / "en.yaml").read_text(encoding="utf-8"))
    assert LexiconFile.model_validate(data).terms.negation is not None
    without = {**data, "terms": {k: v for k, v in data["terms"].items() if k != "negation"}}
    with pytest.raises(ValidationError, match=r"needs terms\.negation"):
        LexiconFile.model_validate(without)
    broken = {**data, "terms": {**data["terms"], "negation": {"cues": ["("]}}}
    with pytest.raises(ValidationError, match="invalid regular expression"):
        LexiconFile.model_validate(broken)


# --- locales --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "used"),
    [("pt-BR", "pt_BR"), ("pt_BR", "pt_BR"), ("es_MX", "es"), ("es-419", "es"), ("de-AT", "de"),
     ("EN-gb", "en"), ("ar_EG", "ar"), ("fr-CA", "fr")],
)  # fmt: skip
def test_locales_use_their_nearest_lexicon(locale: str, used: str) -> None:
    """A regional or BCP 47 locale uses the lexicon of the locale or of its language."""
    check = check_reply("ok", locale)
    assert (check.locale, check.fallback) == (used, False)


def test_a_language_without_lexicon_falls_back_to_english_and_warns() -> None:
    """Italian has no lexicon: English rules, a warning, and a mention in any lexicon language
    (Italian "suicidio" matches the Spanish terms) still asks for the crisis card."""
    with pytest.warns(LocaleFallbackWarning, match="no safe-messaging lexicon for locale 'it'"):
        check = check_reply("Pensare al suicidio capita.", "it")
    assert (check.locale, check.fallback, check.mentions_risk) == ("en", True, True)
    with pytest.warns(LocaleFallbackWarning):
        assert check_reply("He committed suicide.", "it").rules == ("L1",)


@pytest.mark.parametrize("locale", ["../evil", "", "e", "en_US\x00", "x" * 100, 42, None])
def test_a_malformed_locale_is_refused(locale: object) -> None:
    """A malformed locale raises UnknownLocaleError before any file is read."""
    with pytest.raises(UnknownLocaleError):
        check_reply("hello", locale)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [None, b"bytes", 42, ["a list"]])
def test_text_must_be_a_string(text: object) -> None:
    """Anything but a string raises ArgumentError."""
    with pytest.raises(ArgumentError, match="text must be a string"):
        check_reply(text, "en")  # type: ignore[arg-type]


# --- size and speed -------------------------------------------------------------------------


def test_the_size_limit() -> None:
    """MAX_REPLY_CHARS characters are checked; one more raises ArgumentError naming the limit."""
    at_limit = ("Suicide is a choice. " * MAX_REPLY_CHARS)[:MAX_REPLY_CHARS]
    assert check_reply(at_limit, "en").blocked
    with pytest.raises(ArgumentError, match=str(MAX_REPLY_CHARS)):
        check_reply(at_limit + "x", "en")


def _fragments(locale: str) -> list[str]:
    """The literal words of a lexicon's patterns: what an adversarial text repeats."""
    text = (LEXICONS / f"{locale}.yaml").read_text(encoding="utf-8")
    return sorted({m.group() for m in re.finditer(r"(?<![\\])[^\W\d_]{2,}", text)})[:400]


def _adversarial(locale: str, size: int, every: int) -> list[str]:
    """Texts of ``size`` characters built to make a regex backtrack: one endless word (Latin,
    Arabic, digits), spaces, and every ``every``-th of the lexicon's own words repeated with no
    space, with spaces, and with digits."""
    texts = ["a" * size, "ا" * size, "1" * size, " " * size]
    for word in _fragments(locale)[::every]:
        for sep in ("", " ", "1 "):
            texts.append(((word + sep) * (size // (len(word) + len(sep)) + 1))[:size])
    return texts


def _check_all(texts: list[str], locale: str) -> None:
    for text in texts:
        for f in check_reply(text, locale).findings:
            assert 0 <= f.start < f.end <= len(text)


@pytest.mark.parametrize("locale", available_locales())
def test_adversarial_replies_are_checked(locale: str) -> None:
    """Adversarial texts of a quarter of the size limit are checked, spans intact (the fast
    suite's share; the slow test below takes every seventh word at the limit itself)."""
    _check_all(_adversarial(locale, MAX_REPLY_CHARS // 4, 21), locale)


@pytest.mark.slow
@pytest.mark.parametrize("locale", available_locales())
def test_adversarial_replies_at_the_limit_are_checked(locale: str) -> None:
    """Adversarial texts at the size limit are checked, spans intact. A quadratic pattern would
    take minutes here; these finish in well under a second each."""
    _check_all(_adversarial(locale, MAX_REPLY_CHARS, 7), locale)


def test_no_pattern_starts_with_an_unanchored_word_run() -> None:
    """A pattern (or an alternative) that starts with ``\\w*`` or ``\\w+`` is tried at every
    offset of a long word, and its backtracking is quadratic; the lexicons anchor such runs with
    (?<!\\w) or start them after a literal."""
    bare = re.compile(r"(?:^|\|)(?:\(\?:)*\\w[*+]")
    for path in sorted(LEXICONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        terms = data["terms"]
        negation = terms.get("negation", {})
        patterns = [p for key, value in terms.items() if key != "negation" for p in value]
        patterns += [p for key in ("cues", "void", "breaks", "exclusive") for p in negation.get(key, [])]
        patterns += [rule.get("regex") or "" for rule in data["rules"]]
        assert [p for p in patterns if bare.search(p)] == [], path.name


@given(st.text(max_size=400), st.sampled_from(["en", "es", "de", "fr", "pt_BR", "ar"]))
def test_never_raises_and_spans_stay_inside(text: str, locale: str) -> None:
    """Any text within the limit: no exception, every span inside the text and slicing it."""
    check = check_reply(text, locale)
    for f in check.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.matched


WORDS = st.sampled_from(
    ["suicide", "not", "never", "no", "choice", "solution", "only", "other", "but", ",", ".", ":",
     "self-harm", "keine", "Lösung", "no", "salida", "otra", "n'", "pas", "ليس", "حل", "\u0301", "\u2019"]
)  # fmt: skip


@given(st.lists(WORDS, max_size=20), st.sampled_from(["en", "es", "de", "fr", "ar"]))
def test_negation_only_ever_removes_findings(words: list[str], locale: str) -> None:
    """With the lexicon's words and cues in any order, every span still slices the text, and
    every finding is one that the same lexicon without negation also makes."""
    text = " ".join(words)
    lexicon = lexicon_for(locale)
    assert lexicon is not None
    plain = type(lexicon)(**{**lexicon.__dict__, "negation": None})
    negated = {(h.rule, h.start) for h in lexicon.scan(text)}
    assert negated <= {(h.rule, h.start) for h in plain.scan(text)}
    for hit in lexicon.scan(text):
        assert text[hit.start : hit.end] == hit.phrase


def test_nfc_text_and_decomposed_text_give_the_same_rules() -> None:
    """A reply in NFD (decomposed accents) is checked like its NFC form."""
    text = "El suicidio es una elección. Lamento que cometió suicidio."
    nfd = unicodedata.normalize("NFD", text)
    assert check_reply(nfd, "es").rules == check_reply(text, "es").rules == ("L1", "L5")


# --- the evaluation set ---------------------------------------------------------------------

FLOORS = {"all": (0.95, 0.93), "L": (0.95, 0.95), "C": (0.97, 0.90)}
"""(precision, recall) floors on the development set, a little below what was measured on
2026-12-05 (0.990, 0.964 over all rules; docs/channels/reply-checker.md). The lexicons were
mended against this set, so these floors guard against regressions, not for generalisation."""

HELDOUT_FLOORS = {"all": (0.95, 0.75), "L": (0.95, 0.79), "C": (0.93, 0.63)}
"""Floors on the held-out set, a little below what was measured the one time it was scored
(0.978, 0.791 over all rules). Never mend a lexicon against its misses: that would make it a
development set, and the next held-out set would have to be written blind first."""


def test_the_evaluation_set_is_large_and_labelled() -> None:
    """At least 150 replies in at least 3 languages; every label is a known rule id."""
    items = load()
    assert len(items) >= 150
    assert len({i.locale for i in items}) >= 3
    known = {rule for rules in FAMILIES.values() for rule in rules}
    assert all(i.expect <= known and i.text and i.note for i in items)
    assert sum(1 for i in items if not i.expect) >= 60  # plenty of replies that must pass
    assert len({i.text for i in items}) == len(items)


def test_the_heldout_set_is_labelled_and_apart_from_the_development_set() -> None:
    """The held-out set: 50 replies in each of at least 5 languages, 20 of them with no
    violation, every rule id known, every rule labelled somewhere, and no reply of the
    development set in it."""
    items = load(HELDOUT)
    known = {rule for rules in FAMILIES.values() for rule in rules}
    per_locale: dict[str, int] = {}
    for item in items:
        per_locale[item.locale] = per_locale.get(item.locale, 0) + 1
    assert len(per_locale) >= 5 and set(per_locale.values()) == {50}
    assert sum(1 for i in items if not i.expect) == 20 * len(per_locale)
    assert all(i.expect <= known and i.text and i.note for i in items)
    assert set().union(*(i.expect for i in items)) == known
    assert not {i.text for i in items} & {i.text for i in load()}


@pytest.mark.parametrize(
    ("folder", "floors"), [(None, FLOORS), (HELDOUT, HELDOUT_FLOORS)], ids=["dev", "heldout"]
)
def test_precision_and_recall_stay_above_their_floors(
    folder: Path | None, floors: dict[str, tuple[float, float]]
) -> None:
    """The checker's figures on each set stay at or above its floors."""
    results = run(load() if folder is None else load(folder))
    for family, (precision, recall) in floors.items():
        s = score(results, None if family == "all" else FAMILIES[family])
        assert s.precision >= precision, (family, s)
        assert s.recall >= recall, (family, s)
