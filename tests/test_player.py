"""Guided playback: the cue timeline, the player (sync and asyncio) and its SSML and text scripts.

Every player test but the wake-up ones runs on a fake clock that moves only when the player
sleeps; nothing really waits.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from babel.messages.extract import extract
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._i18n.translate import Translator, localize_technique
from distress_tolerance.localized import LocalizedTechnique, LocalizedText, TextStatus
from distress_tolerance.models import Breathing, Technique
from distress_tolerance.player import (
    HAPTICS,
    LABELS,
    Cue,
    CueKind,
    Player,
    PlayerState,
    cues_to_ssml,
    cues_to_text,
    timeline,
)
from tests.conftest import shipped_locales
from tests.strategies import PAYLOADS, breathings, cautions, playable_steps, playable_techniques

LOCALES = ["en", *shipped_locales()]
SSML = "{http://www.w3.org/2001/10/synthesis}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BREATHS = {CueKind.INHALE, CueKind.HOLD, CueKind.EXHALE, CueKind.REST}
LABELS_FILE = Path(dt.__file__).parent / "templates" / "text" / "_player_labels.txt"
STOP_IF = {"en": "Stop if:", "es": "Detente si:"}


class FakeTime:
    """A clock that moves only when the player sleeps, running scripted actions on the way.

    A sleep that would pass an action's time stops there, runs the action and returns early,
    as a real wake-up would.
    """

    def __init__(self, actions: Iterable[tuple[float, Callable[[], None]]] = ()) -> None:
        self.now = 0.0
        self.actions = sorted(actions, key=lambda action: action[0])

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        target = self.now + seconds
        if self.actions and self.actions[0][0] <= target:
            at, action = self.actions.pop(0)
            self.now = max(self.now, at)
            action()
            return
        self.now = target

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


Run = list[tuple[Cue, float]]


def play_sync(player: Player, fake: FakeTime) -> Run:
    """Every cue the synchronous driver hands out, with the fake time it came."""
    return [(cue, fake.now) for cue in player.play()]


def play_async(player: Player, fake: FakeTime) -> Run:
    """Every cue the asyncio driver hands out, with the fake time it came."""

    async def run() -> Run:
        return [(cue, fake.now) async for cue in player.aplay()]

    return asyncio.run(run())


DRIVERS = {"sync": (play_sync, False), "async": (play_async, False), "async-await": (play_async, True)}


def drive(
    cues: tuple[Cue, ...],
    script: Callable[[Player], Iterable[tuple[float, Callable[[], None]]]] = lambda _: (),
    **options: bool,
) -> dict[str, tuple[Run, Player, FakeTime]]:
    """Play ``cues`` with every driver on a fresh fake clock running ``script``'s actions."""
    results = {}
    for name, (run, awaitable) in DRIVERS.items():
        fake = FakeTime()
        player = Player(cues, clock=fake.clock, sleep=fake.asleep if awaitable else fake.sleep, **options)
        fake.actions = sorted(script(player), key=lambda action: action[0])
        results[name] = (run(player, fake), player, fake)
    return results


def localize(technique: Technique, locale: str = "en") -> LocalizedTechnique:
    """A drawn technique's view for ``locale`` (it has no catalog: its texts stay English)."""
    return localize_technique(technique, {}, Translator((), locale))


def cues_of(technique: Technique, locale: str = "en") -> tuple[Cue, ...]:
    """The timeline of a drawn technique, labels in ``locale``."""
    return timeline(localize(technique, locale), translator=dt.load().translator(None, locale))


def shipped(technique_id: str, locale: str = "en") -> tuple[Cue, ...]:
    """The timeline of a built-in technique."""
    library = dt.load()
    localized = library.localize(technique_id, locale)
    return timeline(localized, translator=library.translator(None, localized.locale))


def step_cues(cues: tuple[Cue, ...], step_id: str) -> list[Cue]:
    """The cues of one step."""
    return [cue for cue in cues if cue.step_id == step_id]


def first_of_next_step(cues: tuple[Cue, ...], index: int) -> int:
    """The index of the first cue after the step of cue ``index``."""
    after = index
    while after < len(cues) and cues[after].step_id == cues[index].step_id:
        after += 1
    return after


def first_of_step(cues: tuple[Cue, ...], index: int) -> int:
    """The index of the first cue of the step of cue ``index``."""
    while index > 0 and cues[index - 1].step_id == cues[index].step_id:
        index -= 1
    return index


# The timeline


@given(technique=playable_techniques(), locale=st.sampled_from(LOCALES))
def test_durations_sum_to_the_timed_length(technique: Technique, locale: str) -> None:
    """Cue durations add up to sum(step.seconds or 0); starts follow on; each step starts with its cue."""
    cues = cues_of(technique, locale)
    total = sum(step.seconds or 0 for step in technique.steps)
    assert total == sum(cue.duration for cue in cues)
    assert [cue.index for cue in cues] == list(range(len(cues)))
    assert all(b.start == a.end for a, b in itertools.pairwise(cues))
    assert cues[0].start == 0
    assert (cues[-1].kind, cues[-1].step_id, cues[-1].start, cues[-1].duration) == (
        CueKind.FINISH,
        None,
        total,
        0,
    )
    assert [c.step_id for c in cues if c.kind is CueKind.STEP] == [s.id for s in technique.steps]
    for step in technique.steps:
        mine = step_cues(cues, step.id)
        assert mine[0].kind is CueKind.STEP
        assert mine[0].text == step.text
        assert sum(cue.duration for cue in mine) == (step.seconds or 0)
        assert [c.text for c in mine if c.kind is CueKind.PROMPT] == [s.prompt for s in step.senses]
        assert [c.kind for c in mine].count(CueKind.CHECK_IN) == int(step.check_in)
        if step.seconds is None:
            assert {cue.duration for cue in mine} == {0}


@given(pattern=breathings, extra=st.integers(0, 200), prompts=st.integers(0, 3))
def test_breathing_repeats_whole_breaths_and_rests_for_the_remainder(
    pattern: Breathing, extra: int, prompts: int
) -> None:
    """A breathing step is whole cycles of its pattern, then the remainder as a rest (merged into a
    trailing rest phase); its prompts fall between breaths."""
    seconds = pattern.cycle + extra
    step = {"id": "breathe", "text": "Breathe with me.", "seconds": seconds, "breathing": pattern}
    senses = [{"sense": s, "prompt": f"Prompt {s}"} for s in ("sight", "hearing", "touch")[:prompts]]
    technique = Technique.model_validate({**_base().model_dump(), "steps": [{**step, "senses": senses}]})
    breaths = [c for c in cues_of(technique) if c.kind in BREATHS]
    phases = [
        (k, n)
        for k, n in zip(
            (CueKind.INHALE, CueKind.HOLD, CueKind.EXHALE, CueKind.REST),
            (pattern.inhale, pattern.hold, pattern.exhale, pattern.rest),
            strict=True,
        )
        if n
    ]
    cycles, remainder = divmod(seconds, pattern.cycle)
    expected = phases * cycles
    if remainder and expected[-1][0] is CueKind.REST:
        expected[-1] = (CueKind.REST, expected[-1][1] + remainder)
    elif remainder:
        expected.append((CueKind.REST, remainder))
    assert [(c.kind, c.duration) for c in breaths] == expected
    kinds = [c.kind for c in cues_of(technique)]
    assert kinds.count(CueKind.PROMPT) == prompts
    between = {CueKind.STEP, CueKind.PROMPT, phases[-1][0]}  # after the text or a whole breath
    for i, kind in enumerate(kinds):
        if kind is CueKind.PROMPT:
            assert kinds[i - 1] in between
            assert kinds[i + 1] in {CueKind.PROMPT, CueKind.INHALE}


def _base() -> Technique:
    return dt.load().lookup("paced-breathing")


@st.composite
def step_techniques(draw: st.DrawFn) -> Technique:
    """Any playable steps and cautions on a fixed technique: quicker to draw, and playback depends on
    nothing else."""
    steps = draw(st.lists(playable_steps(), min_size=1, max_size=5, unique_by=lambda step: step.id))
    warnings = draw(st.lists(cautions, max_size=2, unique_by=lambda caution: caution.id))
    return Technique.model_validate({**_base().model_dump(), "steps": steps, "cautions": warnings})


def test_paced_breathing_fills_three_minutes_with_sixteen_breaths_and_a_rest() -> None:
    """180 s of 4-in, 7-out: 16 whole breaths (176 s), then a 4 s rest; 12 s of 4/8 is one breath."""
    rhythm = [c for c in step_cues(shipped("paced-breathing"), "keep-the-rhythm") if c.kind in BREATHS]
    assert [(c.kind, c.duration) for c in rhythm] == [(CueKind.INHALE, 4), (CueKind.EXHALE, 7)] * 16 + [
        (CueKind.REST, 4)
    ]
    pace = step_cues(shipped("tipp"), "breathing-pace")
    assert [(c.kind, c.duration) for c in pace] == [
        (CueKind.STEP, 0),
        (CueKind.INHALE, 4),
        (CueKind.EXHALE, 8),
    ]


def test_a_check_in_step_waits_on_its_check_in_cue() -> None:
    """Urge surfing's check-ins: the step text, then 15 s on the check-in cue."""
    check = step_cues(shipped("urge-surfing"), "check-in-1")
    assert [(c.kind, c.duration, c.text) for c in check] == [
        (CueKind.STEP, 0, dt.load().lookup("urge-surfing").steps[5].text),
        (CueKind.CHECK_IN, 15, "Check in"),
    ]
    assert check[1].haptic == HAPTICS[CueKind.CHECK_IN] == (100, 100, 100, 100, 100)


def test_prompts_share_a_plain_steps_time() -> None:
    """A step's seconds are shared among its text and prompts; earlier cues take the odd seconds."""
    take_it_in = step_cues(shipped("contrary-action"), "take-it-in")  # 60 s, five prompts
    assert [(c.kind, c.duration) for c in take_it_in] == [(CueKind.STEP, 10)] + [(CueKind.PROMPT, 10)] * 5
    observe = step_cues(shipped("stop"), "observe")  # 30 s, three prompts
    assert [c.duration for c in observe] == [8, 8, 7, 7]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_shipped_technique_plays_in_every_locale(library: dt.Library, locale: str) -> None:
    """Each built-in technique's timeline sums to its timed length; content cues are in its language."""
    for technique in library.techniques():
        localized = library.localize(technique.id, locale)
        cues = timeline(localized, translator=library.translator(None, localized.locale))
        assert sum(c.duration for c in cues) == sum(s.seconds or 0 for s in technique.steps)
        first_step = next(c.index for c in cues if c.kind is CueKind.STEP)
        assert {c.kind for c in cues[:first_step]} <= {CueKind.CAUTION}
        said = " ".join(c.text for c in cues[:first_step])
        expected = [t.text for c in localized.cautions for t in (c.text, c.stop_signal) if t is not None]
        assert _in_order(expected, said), technique.id
        for cue, step in zip([c for c in cues if c.kind is CueKind.STEP], localized.steps, strict=True):
            assert (cue.text, cue.screen_reader, cue.lang) == (step.text.text, step.text.text, step.text.lang)


@given(technique=playable_techniques(), locale=st.sampled_from(LOCALES))
def test_cautions_come_first_with_their_signals_to_stop(technique: Technique, locale: str) -> None:
    """Every caution is an untimed caution cue before the first step, its signal to stop joined to it
    with a "Stop if:" label in the same language as the rest (English here, whatever the UI locale)."""
    cues = cues_of(technique, locale)
    first_step = next(c.index for c in cues if c.kind is CueKind.STEP)
    assert [c.kind for c in cues[:first_step]] == [CueKind.CAUTION] * len(cues[:first_step])
    assert CueKind.CAUTION not in {c.kind for c in cues[first_step:]}
    expected = [
        c.text if c.stop_signal is None else f"{c.text} Stop if: {c.stop_signal}" for c in technique.cautions
    ]
    assert [(c.text, c.screen_reader, c.lang) for c in cues[:first_step]] == [(t, t, "en") for t in expected]
    for cue in cues[:first_step]:
        assert (cue.step_id, cue.start, cue.duration) == (None, 0, 0)
        assert (cue.haptic, cue.reduced_motion) == (HAPTICS[CueKind.CAUTION], False)


@pytest.mark.parametrize(("locale", "words"), [("en", "beta-blockers"), ("es", "betabloqueantes")])
def test_tipp_opens_with_its_medical_caution(library: dt.Library, locale: str, words: str) -> None:
    """TIPP's timeline starts with its medical cautions and stop signals, in the reader's language,
    then its other caution, and only then its first step."""
    localized = library.localize("tipp", locale)
    cues = shipped("tipp", locale)
    medical, faint, stay_safe = localized.cautions
    assert (medical.id, faint.id, stay_safe.id) == ("medical", "faint-risk", "stay-safe")
    assert all(c.stop_signal is not None for c in localized.cautions)
    assert words in medical.text.text  # the caution really is in this language
    assert [(c.kind, c.text, c.lang) for c in cues[:4]] == [
        (CueKind.CAUTION, f"{medical.text} {STOP_IF[locale]} {medical.stop_signal}", locale),
        (CueKind.CAUTION, f"{faint.text} {STOP_IF[locale]} {faint.stop_signal}", locale),
        (CueKind.CAUTION, f"{stay_safe.text} {STOP_IF[locale]} {stay_safe.stop_signal}", locale),
        (CueKind.STEP, localized.steps[0].text.text, locale),
    ]


def test_a_stop_signal_is_never_dropped_when_languages_differ(library: dt.Library) -> None:
    """Each cue is in one language: a stop signal whose language differs from its caution's, or from
    the label's, gets a cue of its own after the caution, with a label in its language if there is one."""
    localized = library.localize("tipp", "es")
    medical = localized.cautions[0]
    assert medical.stop_signal is not None
    english = dt.load().lookup("tipp").cautions[0]
    assert english.stop_signal is not None

    def opening(technique: LocalizedTechnique, translator: Translator) -> list[tuple[str, str]]:
        cues = timeline(technique, translator=translator)
        return [(c.text, c.lang) for c in cues if c.kind is CueKind.CAUTION][:3]

    ui = library.translator(None, "es")
    signal_en = medical.model_copy(
        update={"stop_signal": LocalizedText(text=english.stop_signal, lang="en", status=TextStatus.SOURCE)}
    )
    mixed = localized.model_copy(update={"cautions": (signal_en,)})
    assert opening(mixed, ui) == [(medical.text.text, "es"), (f"Stop if: {english.stop_signal}", "en")]
    no_label = Translator((), "es")  # a UI catalog without "Stop if:"
    assert opening(localized.model_copy(update={"cautions": (medical,)}), no_label) == [
        (medical.text.text, "es"),
        ("Stop if:", "en"),
        (medical.stop_signal.text, "es"),
    ]
    # A host that requires reviewed safety text gets the English caution, whole, with an English label.
    reviewed_only = library.localize("tipp", "es", require_reviewed=True)
    assert reviewed_only.cautions[0].text.lang == "en"
    assert opening(reviewed_only, ui)[0] == (f"{english.text} Stop if: {english.stop_signal}", "en")


def _in_order(parts: list[str], text: str) -> bool:
    """True when every part occurs in ``text``, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def test_accessible_alternatives_by_kind() -> None:
    """One pulse to breathe in, two to breathe out; only breathing cues would animate."""
    cues = shipped("urge-surfing") + shipped("paced-breathing")
    for cue in cues:
        assert cue.haptic == HAPTICS[cue.kind]
        assert cue.reduced_motion is (cue.kind in BREATHS)
        assert cue.screen_reader == cue.text
    assert HAPTICS[CueKind.INHALE][::2] == (300,)  # vibrations sit at even positions
    assert HAPTICS[CueKind.EXHALE][::2] == (300, 300)
    assert {c.kind for c in cues} == set(CueKind) - {CueKind.HOLD}


def test_labels_are_listed_for_extraction() -> None:
    """_player_labels.txt yields exactly the player's labels, each with a translator note."""
    with LABELS_FILE.open("rb") as fileobj:
        found = list(extract("jinja2", fileobj, comment_tags=("NOTE",), strip_comment_tags=True))
    assert sorted(message for _, message, _, _ in found) == sorted(LABELS.values())
    assert all(comments for _, _, comments, _ in found)


def _catalog(tmp_path: Path, entries: dict[str, str]) -> Translator:
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "distress_tolerance.po"
    po.parent.mkdir(parents=True)
    body = "".join(f'\nmsgid "{k}"\nmsgstr "{v}"\n' for k, v in entries.items())
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    po.write_text(header + body, encoding="utf-8")
    return Translator((tmp_path / "locales",), "es")


def test_labels_come_from_the_translator_and_say_their_language(tmp_path: Path) -> None:
    """A translated label is used and tagged es; a missing or blank one stays English, tagged en."""
    translator = _catalog(
        tmp_path, {"Breathe in": "Inspira", "Hold": "<b>Sostén</b> & espera", "Rest": "   "}
    )
    cues = timeline(dt.load().localize("tipp", "es"), translator=translator)
    by_kind = {c.kind: c for c in cues}
    assert (by_kind[CueKind.INHALE].text, by_kind[CueKind.INHALE].lang) == ("Inspira", "es")
    assert (by_kind[CueKind.EXHALE].text, by_kind[CueKind.EXHALE].lang) == ("Breathe out", "en")
    pattern = Breathing(inhale=2, hold=1, exhale=2, rest=1)
    steps = [{"id": "box", "text": "Caja.", "seconds": 7, "breathing": pattern}]
    boxed = localize(Technique.model_validate({**_base().model_dump(), "steps": steps}), "es")
    kinds = {c.kind: c for c in timeline(boxed, translator=translator)}
    assert (kinds[CueKind.REST].text, kinds[CueKind.REST].lang) == ("Rest", "en")
    assert kinds[CueKind.REST].duration == 2  # 1 s of rest and the 1 s left over
    ssml = cues_to_ssml(timeline(boxed, translator=translator), lang="es")
    root = _parse(ssml)
    spoken = [(s.text, s.get(XML_LANG)) for s in root.iter(f"{SSML}s")]
    assert ("<b>Sostén</b> & espera", None) in spoken
    assert ("Breathe out", "en") in spoken
    assert "&lt;b&gt;Sostén&lt;/b&gt; &amp; espera" in ssml


# SSML and text


def _parse(ssml: str) -> ET.Element:
    """Parse our own SSML output with the standard library (the test is that it parses)."""
    return ET.fromstring(ssml)


def _line(text: str) -> str:
    """A text as scripts show it: on one line, XML's non-characters replaced."""
    return re.sub("[\ufffe\uffff]", "\ufffd", " ".join(text.split()))


def _check_ssml(cues: tuple[Cue, ...], lang: str) -> None:
    ssml = cues_to_ssml(cues, lang=lang)
    root = _parse(ssml)
    assert root.tag == f"{SSML}speak"
    assert (root.get("version"), root.get(XML_LANG)) == ("1.1", lang.replace("_", "-"))
    assert {element.tag for element in root.iter()} <= {f"{SSML}speak", f"{SSML}s", f"{SSML}break"}
    assert [s.text for s in root.iter(f"{SSML}s")] == [_line(c.screen_reader) for c in cues]
    assert [element.attrib for element in root.iter(f"{SSML}s")] == [
        {} if c.lang == lang.replace("_", "-") else {XML_LANG: c.lang} for c in cues
    ]
    waits = [int(b.get("time", "")[:-1]) for b in root.iter(f"{SSML}break")]
    assert all(re.fullmatch(r"[0-9]+s", b.get("time", "")) for b in root.iter(f"{SSML}break"))
    assert all(1 <= wait <= 10 for wait in waits)
    assert sum(waits) == sum(c.duration for c in cues)


@given(technique=playable_techniques(), locale=st.sampled_from(LOCALES))
def test_scripts_of_any_technique_are_well_formed_and_plain(technique: Technique, locale: str) -> None:
    """SSML parses, holds only speak, s and break, gives every text back verbatim and breaks that sum
    to the timeline; the text script is one timestamped line per cue, with no control characters."""
    cues = cues_of(technique, locale)
    _check_ssml(cues, locale)
    _check_text(cues)


def _check_text(cues: tuple[Cue, ...]) -> None:
    script = cues_to_text(cues)
    _assert_plain(script)
    lines = [line for line in script.splitlines() if line]
    assert len(lines) == len(cues)
    for line, cue in zip(lines, cues, strict=True):
        hours, minutes, seconds = cue.start // 3600, cue.start // 60 % 60, cue.start % 60
        stamp = f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
        assert line == f"{stamp}  {_line(cue.text)}"


def _payload_cues() -> tuple[Cue, ...]:
    return tuple(
        Cue(
            kind=CueKind.PROMPT,
            step_id="s",
            index=i,
            start=i,
            duration=1,
            text=payload,
            screen_reader=payload,
            haptic=(),
            reduced_motion=False,
            lang="en",
            status=TextStatus.SOURCE,
        )
        for i, payload in enumerate(PAYLOADS)
    )


def test_ssml_and_text_survive_every_payload() -> None:
    """Hostile texts (markup, controls, surrogates, bidi) stay text in SSML and leave no controls in text."""
    cues = _payload_cues()
    root = _parse(cues_to_ssml(cues, lang="en"))
    assert {element.tag for element in root.iter()} == {f"{SSML}speak", f"{SSML}s", f"{SSML}break"}
    spoken = [s.text or "" for s in root.iter(f"{SSML}s")]
    assert len(spoken) == len(PAYLOADS)
    assert "<script>alert(1)</script>" in spoken
    assert '"><script>alert(1)</script>' in spoken
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in spoken  # entities stay literal text
    _assert_plain(cues_to_text(cues))


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")


def _assert_plain(text: str) -> None:
    assert _CONTROL.search(text) is None


def test_text_script_of_a_shipped_technique() -> None:
    """The urge-surfing script shows its caution, then each step, the breaths and the end, with times."""
    technique = dt.load().lookup("urge-surfing")
    script = cues_to_text(shipped("urge-surfing"))
    (caution,) = technique.cautions
    assert script.startswith(
        f"0:00  {_line(caution.text)} Stop if: {_line(caution.stop_signal or '')}\n"
        f"\n0:00  {_line(technique.steps[0].text)}\n\n0:15  "
    )
    # 15 + 15 + 45 + 20 seconds in, the first ride starts breathing.
    assert "\n\n1:35  " in script
    assert "\n1:35  Breathe in\n1:39  Breathe out\n1:45  Breathe in\n" in script
    assert script.endswith(f"\n\n8:50  {LABELS[CueKind.FINISH]}\n")  # 530 s


@pytest.mark.parametrize("locale", ["en", "es"])
def test_scripts_carry_the_cautions_before_the_steps(library: dt.Library, locale: str) -> None:
    """TIPP's SSML speaks its medical caution and stop signal first, in the document's language, and
    its text script opens with them at 0:00, before a blank line and the first step."""
    localized = library.localize("tipp", locale)
    medical = localized.cautions[0]
    assert medical.stop_signal is not None
    caution = f"{_line(medical.text.text)} {STOP_IF[locale]} {_line(medical.stop_signal.text)}"
    cues = shipped("tipp", locale)
    spoken = [(s.text, s.attrib) for s in _parse(cues_to_ssml(cues, lang=locale)).iter(f"{SSML}s")]
    assert spoken[0] == (caution, {})
    assert spoken[len(localized.cautions)] == (_line(localized.steps[0].text.text), {})
    script = cues_to_text(cues)
    assert script.startswith(f"0:00  {caution}\n0:00  ")
    assert f"\n\n0:00  {_line(localized.steps[0].text.text)}\n" in script
    assert script.count(_line(medical.stop_signal.text)) == 1


@pytest.mark.parametrize("max_break", [0, -1, -10])
def test_ssml_rejects_a_malformed_language_and_a_zero_break(max_break: int) -> None:
    """The document language is validated like any locale; max_break below 1 s is a RenderError."""
    cues = shipped("stop")
    with pytest.raises(dt.UnknownLocaleError):
        cues_to_ssml(cues, lang='en" onload="x')
    with pytest.raises(dt.RenderError, match=f"max_break must be at least 1 second, not {max_break}"):
        cues_to_ssml(cues, lang="en", max_break=max_break)
    assert cues_to_ssml(cues, lang="en", max_break=1).count('<break time="1s"/>') == sum(
        c.duration for c in cues
    )
    root = _parse(cues_to_ssml(cues, lang="en", max_break=3))
    assert {b.get("time") for b in root.iter(f"{SSML}break")} <= {"1s", "2s", "3s"}


# The player


SMALL_CAUTIONS = [
    {"id": "first", "kind": "medical", "text": "First caution.", "stop_signal": "Feeling faint."},
    {"id": "second", "kind": "emotional", "text": "Second caution."},
]


def small(*, cautions: bool = True) -> tuple[Cue, ...]:
    """Two cautions (unless ``cautions`` is false); A: 10 s, text and one prompt; B: 16 s of 4-in 4-out
    breathing; C: untimed; the end."""
    steps = [
        {"id": "a", "text": "Step A.", "seconds": 10, "senses": [{"sense": "sight", "prompt": "Look."}]},
        {"id": "b", "text": "Step B.", "seconds": 16, "breathing": {"inhale": 4, "exhale": 4}},
        {"id": "c", "text": "Step C."},
    ]
    data = {**_base().model_dump(), "steps": steps, "cautions": SMALL_CAUTIONS if cautions else []}
    return cues_of(Technique.model_validate(data))


def test_small_timeline_shape() -> None:
    """The fixture the player tests lean on has the shape they assume."""
    assert [(c.kind, c.text) for c in small()[:2]] == [
        (CueKind.CAUTION, "First caution. Stop if: Feeling faint."),
        (CueKind.CAUTION, "Second caution."),
    ]
    assert small()[2:] == tuple(
        cue.model_copy(update={"index": cue.index + 2}) for cue in small(cautions=False)
    )
    assert [(c.kind, c.step_id, c.start, c.duration) for c in small()] == [
        (CueKind.CAUTION, None, 0, 0),
        (CueKind.CAUTION, None, 0, 0),
        (CueKind.STEP, "a", 0, 5),
        (CueKind.PROMPT, "a", 5, 5),
        (CueKind.STEP, "b", 10, 0),
        *[(kind, "b", 10 + 4 * i, 4) for i, kind in enumerate([CueKind.INHALE, CueKind.EXHALE] * 2)],
        (CueKind.STEP, "c", 26, 0),
        (CueKind.FINISH, None, 26, 0),
    ]


def test_plays_every_cue_on_time_sync_and_async() -> None:
    """Each driver hands out every cue once, in order, when the fake clock reaches its start."""
    cues = shipped("urge-surfing")
    for name, (run, player, fake) in drive(cues).items():
        assert [cue for cue, _ in run] == list(cues), name
        assert [at for _, at in run] == [float(cue.start) for cue in cues], name
        assert fake.now == 530.0
        assert (player.state, player.position, player.current) == (PlayerState.FINISHED, 530.0, cues[-1])


def test_state_and_position_before_during_and_after() -> None:
    """Ready at 0 before playing; position follows the clock while playing; finished at the end."""
    cues = small()
    fake = FakeTime()
    player = Player(cues, clock=fake.clock, sleep=fake.sleep)
    assert (player.state, player.position, player.current, player.duration) == (
        PlayerState.READY,
        0.0,
        None,
        26,
    )
    seen = []
    for cue in player.play():
        fake.now += 1.5  # the host takes a while with each cue: that time counts
        seen.append((cue.index, player.state, player.position))
    assert seen[0] == (0, PlayerState.PLAYING, 0.0)  # a caution lasts 0 s: the first step is due
    assert seen[2] == (2, PlayerState.PLAYING, 1.5)
    assert seen[4] == (4, PlayerState.PLAYING, 10.0)  # never past the next cue due
    assert seen[-1] == (len(cues) - 1, PlayerState.FINISHED, 26.0)


def positions(cues: tuple[Cue, ...]) -> st.SearchStrategy[float]:
    """Timeline positions between whole seconds, up to just past the end."""
    return st.integers(0, cues[-1].start).map(lambda n: n + 0.5)


@given(technique=step_techniques(), data=st.data())
def test_pause_and_resume_anywhere_never_lose_or_repeat_a_cue(
    technique: Technique, data: st.DataObject
) -> None:
    """Paused at any timeline position for any time: the same cues, each later by the pauses before it."""
    cues = cues_of(technique)
    lengths = st.integers(1, 400).map(lambda n: n / 4)
    pauses = sorted(
        data.draw(st.lists(st.tuples(positions(cues), lengths), max_size=3, unique_by=lambda p: p[0]))
    )

    def script(player: Player) -> list[tuple[float, Callable[[], None]]]:
        actions: list[tuple[float, Callable[[], None]]] = []
        earlier = 0.0  # clock time = timeline position + the pauses before
        for at, length in pauses:

            def pause(at: float = at) -> None:
                player.pause()
                assert (player.state, player.position) == (PlayerState.PAUSED, at)

            def resume(at: float = at) -> None:
                assert (player.state, player.position) == (PlayerState.PAUSED, at)
                player.resume()

            actions += [(at + earlier, pause), (at + earlier + length, resume)]
            earlier += length
        return actions

    total = cues[-1].start
    for name, (run, player, fake) in drive(cues, script).items():
        assert [cue for cue, _ in run] == list(cues), name
        expected = [cue.start + sum(length for at, length in pauses if at < cue.start) for cue in cues]
        assert [at for _, at in run] == expected, name
        assert fake.now == total + sum(length for at, length in pauses if at < total)
        assert player.position == total


@given(technique=step_techniques(), after=st.integers(0, 10_000), length=st.integers(0, 100))
def test_pause_inside_the_loop_body_holds_the_clock(technique: Technique, after: int, length: int) -> None:
    """A host that pauses on a cue, works for a while and resumes gets the rest, each exactly later."""
    cues = cues_of(technique)
    k = after % len(cues)
    fake = FakeTime()
    player = Player(cues, clock=fake.clock, sleep=fake.sleep)
    run = []
    for cue in player.play():
        run.append((cue, fake.now))
        if cue.index == k:
            player.pause()
            fake.now += length
            player.resume()
    assert [cue for cue, _ in run] == list(cues)
    assert [at for _, at in run] == [c.start + (length if c.index > k else 0) for c in cues]


@given(technique=step_techniques(), data=st.data(), repeat=st.booleans())
def test_skip_and_repeat_anywhere(technique: Technique, data: st.DataObject, repeat: bool) -> None:
    """Skip leaves the rest of the current step for the next one's start; repeat replays the step."""
    cues = cues_of(technique)
    at = data.draw(positions(cues))
    total = cues[-1].start
    for name, (run, player, _) in drive(cues, lambda p: [(at, p.repeat if repeat else p.skip)]).items():
        if at > total:
            assert [cue for cue, _ in run] == list(cues), name
            continue
        here = max(c.index for c in cues if c.start < at)
        target = first_of_step(cues, here) if repeat else first_of_next_step(cues, here)
        assert [cue for cue, _ in run] == [*cues[: here + 1], *cues[target:]], name
        assert [t for _, t in run] == [
            *(float(c.start) for c in cues[: here + 1]),
            *(at + c.start - cues[target].start for c in cues[target:]),
        ], name
        assert player.state is PlayerState.FINISHED


def _loop_body_run(cues: tuple[Cue, ...], k: int, control: str, *, use_async: bool) -> Run:
    """Play ``cues``, calling ``control`` (skip or repeat) from the loop body on cue ``k``, once."""
    fake = FakeTime()
    player = Player(cues, clock=fake.clock, sleep=fake.sleep)
    run: Run = []

    def on(cue: Cue) -> None:
        run.append((cue, fake.now))
        if cue.index == k and len(run) == k + 1:
            getattr(player, control)()

    if use_async:

        async def host() -> None:
            async for cue in player.aplay():
                on(cue)

        asyncio.run(host())
    else:
        for cue in player.play():
            on(cue)
    assert player.state is PlayerState.FINISHED
    return run


@given(technique=step_techniques(), data=st.data(), control=st.sampled_from(["skip", "repeat"]))
def test_skip_and_repeat_on_any_cue_never_pass_an_unseen_caution(
    technique: Technique, data: st.DataObject, control: str
) -> None:
    """Called on any cue: skip goes to the next step, except that cautions not handed out yet still come
    first; repeat replays the step, or all the cautions; on the finish cue neither does anything."""
    cues = cues_of(technique)
    k = data.draw(st.integers(0, len(cues) - 1))
    cautions = [c.index for c in cues if c.kind is CueKind.CAUTION]
    if cues[k].kind is CueKind.FINISH or (control == "skip" and k in cautions[:-1]):
        target = k + 1  # nothing to leave
    elif control == "skip":
        target = first_of_next_step(cues, k)
    else:
        target = first_of_step(cues, k)
    assert target > k or control == "repeat"
    for use_async in (False, True):
        run = _loop_body_run(cues, k, control, use_async=use_async)
        assert [cue for cue, _ in run] == [*cues[: k + 1], *cues[target:]]
        shift = cues[k].start - (cues[target].start if target < len(cues) else cues[-1].end)
        assert [at for _, at in run] == [
            *(float(c.start) for c in cues[: k + 1]),
            *(float(c.start + shift) for c in cues[target:]),
        ]
        if cautions:  # every caution was handed out at least once, before any step
            seen = [cue.kind for cue, _ in run]
            assert seen[: len(cautions)] == [CueKind.CAUTION] * len(cautions)


def test_skip_and_repeat_by_example() -> None:
    """On the small timeline: skip from A's text goes to B; repeat in B's second breath restarts B."""
    cues = small()
    for name, (run, _, _) in drive(cues, lambda p: [(3, p.skip), (19, p.repeat)]).items():
        ids = [(cue.step_id, cue.kind.value, at) for cue, at in run]
        assert ids[:2] == [(None, "caution", 0), (None, "caution", 0)], name
        assert ids[2:6] == [("a", "step", 0), ("b", "step", 3), ("b", "inhale", 3), ("b", "exhale", 7)], name
        assert ids[6:9] == [("b", "inhale", 11), ("b", "exhale", 15), ("b", "step", 19)], name
        assert ids[-2:] == [("c", "step", 35), (None, "finish", 35)], name


@pytest.mark.parametrize("cautions", [True, False])
def test_skip_and_repeat_resume_a_paused_player_and_stop_at_the_end(cautions: bool) -> None:
    """Skip while paused plays the next step; skip before playing skips the first step, but never
    the cautions before it; after the end neither does anything."""
    cues = small(cautions=cautions)
    fake = FakeTime()
    player = Player(cues, clock=fake.clock, sleep=fake.sleep)
    player.skip()
    assert player.state is PlayerState.READY
    run = []
    for cue in player.play():
        run.append(cue.kind if cue.kind is CueKind.CAUTION else cue.step_id)
        if cue.kind is CueKind.INHALE and run.count("b") == 2:
            player.pause()
            player.skip()
            assert player.state is PlayerState.PLAYING
    if cautions:  # the cautions still came; the skip had nothing to leave
        assert run == [CueKind.CAUTION, CueKind.CAUTION, "a", "a", "b", "b", "c", None]
    else:
        assert run == ["b", "b", "c", None]
    player.skip()
    player.repeat()
    assert (player.state, list(player.play())) == (PlayerState.FINISHED, [])


def test_wait_untimed_pauses_after_the_cautions_and_an_untimed_step() -> None:
    """With wait_untimed the player pauses after the last caution and after step C until the host
    resumes, each later cue coming that much later; without, it goes on."""
    cues = small()
    for wait in (True, False):
        fake = FakeTime()
        player = Player(cues, clock=fake.clock, sleep=fake.sleep, wait_untimed=wait)
        states = []
        for cue in player.play():
            states.append((cue.index, player.state, fake.now))
            if player.state is PlayerState.PAUSED:
                assert player.position == cue.start
                fake.now += 60  # the person reads at their own pace
                player.resume()
        paused = [index for index, state, _ in states if state is PlayerState.PAUSED]
        assert paused == ([1, len(cues) - 2] if wait else [])
        later = [60 * ((c.index > 1) + (c.index > len(cues) - 2)) if wait else 0 for c in cues]
        assert [at for _, _, at in states] == [c.start + extra for c, extra in zip(cues, later, strict=True)]
        assert fake.now == (146.0 if wait else 26.0)


def test_skip_and_repeat_during_the_cautions() -> None:
    """Paused after the cautions, skip goes on to the first step and repeat shows the cautions again;
    a skip before the last caution is handed out still hands it out (then pauses to read it)."""
    cues = small()
    for control, expected in (
        ("skip", [0, 1, "paused", 2, 3]),
        ("repeat", [0, 1, "paused", 0, 1, "paused", 2, 3]),
        ("early", [0, "skip", 1, "paused", 2, 3]),
    ):
        fake = FakeTime()
        player = Player(cues, clock=fake.clock, sleep=fake.sleep, wait_untimed=True)
        run: list[int | str] = []
        acted = False
        for cue in player.play():
            run.append(cue.index)
            if control == "early" and not acted:
                acted = True
                player.skip()
                run.append("skip")
            if player.state is PlayerState.PAUSED:
                run.append("paused")
                assert player.position == 0.0
                fake.now += 30  # reading the cautions
                if control == "repeat" and not acted:
                    acted = True
                    player.repeat()
                elif control == "skip" and not acted:
                    acted = True
                    player.skip()
                else:
                    player.resume()
                assert player.state is PlayerState.PLAYING
            if cue.index == 3:
                break
        assert run == expected, control


def test_a_new_play_takes_over_from_the_old_one() -> None:
    """Calling play() again continues where the first left off; the first iterator then ends."""
    cues = small()
    fake = FakeTime()
    player = Player(cues, clock=fake.clock, sleep=fake.sleep)
    first = player.play()
    assert next(first) == cues[0]
    second = player.play()
    assert next(second) == cues[1]
    assert list(first) == []  # the old iterator ends at once, handing out nothing more
    assert [cue.index for cue in second] == list(range(2, len(cues)))
    assert cues[0].kind is cues[1].kind is CueKind.CAUTION


def _hour_then_next() -> tuple[Cue, ...]:
    steps = [{"id": "long", "text": "A long step.", "seconds": 3600}, {"id": "next", "text": "Next."}]
    cues = cues_of(Technique.model_validate({**_base().model_dump(), "steps": steps, "cautions": []}))
    assert [c.step_id for c in cues] == ["long", "next", None]
    return cues


def later(seconds: float, control: Callable[[], None]) -> None:
    """Call a control after a real moment, when the player is surely waiting."""
    time.sleep(seconds)
    control()


def test_controls_wake_a_waiting_sync_player_at_once() -> None:
    """With the default sleep, a skip from another thread ends an hour's wait at once."""
    frozen = FakeTime()  # the clock never moves: only a wake-up can end the hour
    player = Player(_hour_then_next(), clock=frozen.clock)
    seen: list[str | None] = []

    def host() -> None:
        for cue in player.play():
            seen.append(cue.step_id)
            if cue.step_id == "long":
                threading.Thread(target=later, args=(0.05, player.skip)).start()

    worker = threading.Thread(target=host, daemon=True)
    worker.start()
    worker.join(timeout=2)  # an hour, unless the skip wakes it
    assert not worker.is_alive()
    assert seen == ["long", "next", None]


def test_controls_wake_a_waiting_async_player_at_once() -> None:
    """Under asyncio, a resume from another task and a skip from a thread end an hour's wait at once."""

    async def run() -> list[str | None]:
        player = Player(_hour_then_next(), clock=FakeTime().clock)
        seen: list[str | None] = []
        async for cue in player.aplay():
            seen.append(cue.step_id)
            if cue.step_id == "long":
                player.pause()
                asyncio.get_running_loop().call_later(0.05, player.resume)
                threading.Thread(target=later, args=(0.1, player.skip)).start()
        return seen

    assert asyncio.run(asyncio.wait_for(run(), timeout=2)) == ["long", "next", None]


def test_a_paused_player_waits_without_spinning() -> None:
    """Paused with the default sleep, play() blocks until resumed instead of polling the clock."""
    calls = 0

    def clock() -> float:
        nonlocal calls
        calls += 1
        return 0.0

    player = Player(_hour_then_next(), clock=clock)
    counted: list[int] = []

    def resume_later() -> None:
        time.sleep(0.3)  # the one real wait: long enough for a spinning loop to show
        counted.append(calls)
        player.skip()

    seen = []
    for cue in player.play():
        seen.append(cue.step_id)
        if cue.step_id == "long":
            player.pause()
            before = calls
            threading.Thread(target=resume_later).start()
    assert seen == ["long", "next", None]
    assert counted[0] - before <= 2
