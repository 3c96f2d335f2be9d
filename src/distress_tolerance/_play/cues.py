"""The cue timeline of guided playback, and its SSML and plain-text scripts.

Public through :mod:`distress_tolerance.player`. A timeline is pure data: building it reads no
clock and no file beyond the translator's (cached) catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Annotated
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel, ConfigDict, Field

from distress_tolerance._i18n.locale import SOURCE_LOCALE, foreign_tag, language_of, language_tag
from distress_tolerance._i18n.translate import Digits, MixedText, Translator
from distress_tolerance.exceptions import RenderError
from distress_tolerance.localized import (
    LocalizedCaution,
    LocalizedStep,
    LocalizedTechnique,
    LocalizedText,
    TextStatus,
)
from distress_tolerance.models import Breathing

__all__ = ["HAPTICS", "LABELS", "Cue", "CueKind", "cues_to_ssml", "cues_to_text", "timeline"]


class CueKind(StrEnum):
    """What a cue asks of the person."""

    CAUTION = "caution"
    """A caution, before the first step, with its signal to stop: never skip showing it."""
    STEP = "step"
    """A step starts: its text."""
    PROMPT = "prompt"
    """A sensory prompt of the current step."""
    INHALE = "inhale"
    """Breathe in."""
    HOLD = "hold"
    """Keep the breath in."""
    EXHALE = "exhale"
    """Breathe out."""
    REST = "rest"
    """An easy pause after breathing out (also the time left over after the last whole breath)."""
    CHECK_IN = "check-in"
    """The step asks how the person is doing now: a host may ask for an answer here."""
    FINISH = "finish"
    """The end of the technique."""


LABELS: dict[CueKind, str] = {
    CueKind.INHALE: "Breathe in",
    CueKind.HOLD: "Hold",
    CueKind.EXHALE: "Breathe out",
    CueKind.REST: "Rest",
    CueKind.CHECK_IN: "Check in",
    CueKind.FINISH: "You have reached the end. There is no rush to move on.",
}
"""The UI labels (gettext msgids, listed for extraction in ``templates/text/_player_labels.txt``)."""

HAPTICS: dict[CueKind, tuple[int, ...]] = {
    CueKind.CAUTION: (100, 100, 100),
    CueKind.STEP: (100,),
    CueKind.PROMPT: (),
    CueKind.INHALE: (300,),
    CueKind.HOLD: (),
    CueKind.EXHALE: (300, 150, 300),
    CueKind.REST: (),
    CueKind.CHECK_IN: (100, 100, 100, 100, 100),
    CueKind.FINISH: (600,),
}
"""Vibration patterns in milliseconds, alternately on and off (the Web Vibration API's form):
one pulse to breathe in, two to breathe out, two short ones for a caution, three short ones to
check in. Hold and rest are still."""

_STOP_IF = "Stop if:"
"""The label before a caution's signal to stop (a msgid the templates share)."""

_ANIMATED = frozenset({CueKind.INHALE, CueKind.HOLD, CueKind.EXHALE, CueKind.REST})

_LangTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]


class Cue(BaseModel):
    """One timed moment of guided playback, with its accessible alternatives.

    ``start`` and ``duration`` are whole seconds from the start of the timeline. ``text`` is the
    words to show; ``screen_reader`` the words for assistive technology (an ``aria-live`` region
    or speech): the same words today, kept apart so that a host which shows an icon or an
    animation instead of ``text`` still has words to announce. Both are in ``lang`` (a BCP 47
    tag): a label whose translation is missing is in English, and says so here. ``status`` says
    where the words came from: the English ``source`` (a caution shown in English because a host
    required reviewed safety text, or an untranslated label), an ``unreviewed`` translation, or a
    ``reviewed`` one.
    ``haptic`` is a vibration pattern in milliseconds (on, off, on, ...). ``reduced_motion`` is
    true for cues a host would animate (the breathing phases): under
    ``prefers-reduced-motion: reduce`` show them without motion (a static shape, the text).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: CueKind
    step_id: str | None
    index: int = Field(ge=0)
    start: int = Field(ge=0)
    duration: int = Field(ge=0)
    text: str
    screen_reader: str
    haptic: tuple[Annotated[int, Field(ge=1, le=10_000)], ...]
    reduced_motion: bool
    lang: _LangTag
    status: TextStatus

    @property
    def end(self) -> int:
        """Seconds from the start of the timeline to the end of this cue."""
        return self.start + self.duration


@dataclass(frozen=True, slots=True)
class _Draft:
    kind: CueKind
    step_id: str | None
    duration: int
    text: LocalizedText


_Label = Callable[[CueKind], LocalizedText]


def timeline(localized: LocalizedTechnique, *, translator: Translator) -> tuple[Cue, ...]:
    """The cues of ``localized``, in order, ending with a :attr:`CueKind.FINISH` cue.

    ``translator`` gives the UI labels ("Breathe in"): pass ``library.translator(None,
    localized.locale)``; a translator for another locale raises RenderError (its labels would be
    in another language than the steps). The durations add up to the technique's timed length, the sum of its
    steps' ``seconds``: an untimed step's cues last 0 seconds; a timed step's seconds are shared
    out in whole seconds among its step cue and its prompt cues (earlier cues take any
    remainder), except that a breathing step spends them on whole breaths (its prompts fall
    between breaths) with any remainder added to a final rest, and a check-in step gives them
    all to its check-in cue.

    The technique's cautions come first as untimed :attr:`CueKind.CAUTION` cues, each with its
    signal to stop, so a host that plays only the cues still shows them before any step: one
    cue a caution, or two or three when its parts are in different languages. The cautions are
    as ``localized`` has them: localize with ``require_reviewed=True`` to get them in English
    wherever their translation is not reviewed (each cue's ``lang`` and ``status`` say which).
    """
    if getattr(translator, "locale", None) != localized.locale:
        shown = getattr(translator, "locale", translator)
        msg = (
            f"the translator is for locale {shown!r} but the technique is localized for "
            f"{localized.locale!r}: pass library.translator(None, {localized.locale!r})"
        )
        raise RenderError(msg)
    labels: dict[CueKind, LocalizedText] = {}

    def label(kind: CueKind) -> LocalizedText:
        if kind not in labels:
            found = translator.shown_text(None, LABELS[kind])
            if not found.text.strip():  # a blank translation: say it in English instead
                found = LocalizedText(text=LABELS[kind], lang=SOURCE_LOCALE, status=TextStatus.SOURCE)
            labels[kind] = found
        return labels[kind]

    drafts = [draft for caution in localized.cautions for draft in _caution(caution, translator)]
    drafts += [draft for step in localized.steps for draft in _step_drafts(step, label)]
    drafts.append(_Draft(CueKind.FINISH, None, 0, label(CueKind.FINISH)))
    cues: list[Cue] = []
    start = 0
    for index, draft in enumerate(drafts):
        cues.append(
            Cue(
                kind=draft.kind,
                step_id=draft.step_id,
                index=index,
                start=start,
                duration=draft.duration,
                text=draft.text.text,
                screen_reader=draft.text.text,
                haptic=HAPTICS[draft.kind],
                reduced_motion=draft.kind in _ANIMATED,
                lang=draft.text.lang,
                status=draft.text.status,
            )
        )
        start += draft.duration
    return tuple(cues)


def _caution(caution: LocalizedCaution, translator: Translator) -> list[_Draft]:
    """A caution and its signal to stop, never dropped, each cue in one language.

    One cue in the usual case: the caution, the "Stop if:" label and the signal, all in one
    language. When they differ (a translation missing, or English required for safety text),
    the signal gets a cue of its own after the caution, led by the label in the signal's
    language (English for an English signal); failing that, the label is a cue of its own.
    """
    drafts = [_Draft(CueKind.CAUTION, None, 0, caution.text)]
    signal = caution.stop_signal
    if signal is None:
        return drafts
    label = translator.text(None, _STOP_IF)
    if not label.text.strip() or (label.lang != signal.lang and signal.lang == SOURCE_LOCALE):
        label = LocalizedText(text=_STOP_IF, lang=SOURCE_LOCALE, status=TextStatus.SOURCE)
    if label.lang != signal.lang:
        return [*drafts, _Draft(CueKind.CAUTION, None, 0, label), _Draft(CueKind.CAUTION, None, 0, signal)]
    stop = LocalizedText(text=f"{label.text} {signal.text}", lang=signal.lang, status=signal.status)
    if caution.text.lang != signal.lang:
        return [*drafts, _Draft(CueKind.CAUTION, None, 0, stop)]
    joined = f"{caution.text.text} {stop.text}"
    return [_Draft(CueKind.CAUTION, None, 0, caution.text.model_copy(update={"text": joined}))]


def _step_drafts(step: LocalizedStep, label: _Label) -> list[_Draft]:
    seconds = step.seconds or 0
    head = _Draft(CueKind.STEP, step.id, 0, step.text)
    prompts = [_Draft(CueKind.PROMPT, step.id, 0, sense.prompt) for sense in step.senses]
    check = [_Draft(CueKind.CHECK_IN, step.id, 0, label(CueKind.CHECK_IN))] if step.check_in else []
    if step.breathing is not None:
        return [head, *_breaths(step.id, step.breathing, seconds, prompts, label), *check]
    if check:
        return [head, *prompts, replace(check[0], duration=seconds)]
    shared = [head, *prompts]
    parts = _split(seconds, len(shared))
    return [replace(draft, duration=part) for draft, part in zip(shared, parts, strict=True)]


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _breaths(
    step_id: str, pattern: Breathing, seconds: int, prompts: list[_Draft], label: _Label
) -> list[_Draft]:
    phases = [
        (kind, length)
        for kind, length in (
            (CueKind.INHALE, pattern.inhale),
            (CueKind.HOLD, pattern.hold),
            (CueKind.EXHALE, pattern.exhale),
            (CueKind.REST, pattern.rest),
        )
        if length > 0
    ]
    cycles, remainder = divmod(seconds, pattern.cycle)
    # Prompt j comes before breath (j + 1) * cycles // (len(prompts) + 1): spread out, never last.
    before: dict[int, list[_Draft]] = {}
    for j, prompt in enumerate(prompts):
        before.setdefault((j + 1) * cycles // (len(prompts) + 1), []).append(prompt)
    out: list[_Draft] = []
    for cycle in range(cycles):
        out.extend(before.get(cycle, ()))
        out.extend(_Draft(kind, step_id, length, label(kind)) for kind, length in phases)
    out.extend(before.get(cycles, ()))  # only when not even one breath fits
    if remainder:
        if out and out[-1].kind is CueKind.REST:
            out[-1] = replace(out[-1], duration=out[-1].duration + remainder)
        else:
            out.append(_Draft(CueKind.REST, step_id, remainder, label(CueKind.REST)))
    return out


# Characters that may not reach a script: controls (newline included: a cue is one line), lone
# surrogates, bidirectional controls, byte order marks and the XML non-characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    """``text`` with each run of whitespace one space and every unsafe character replaced."""
    return _UNSAFE.sub("\ufffd", _SPACES.sub(" ", text))


def _one_line(text: str) -> str:
    return _clean(text).strip()


def _sentence(text: str, text_lang: str, tag: str) -> str:
    """One ``<s>``, in ``text_lang`` (marked when it is not the document's ``tag``); the parts of
    a :class:`MixedText` in another language than the sentence are each marked with ``<lang>``,
    and a phone number of digits alone with ``<say-as interpret-as="telephone">``."""
    own = "" if text_lang == tag else f" xml:lang={quoteattr(text_lang)}"
    parts = text.parts if isinstance(text, MixedText) else ((text, ""),)
    body = []
    for part, part_lang in parts:
        words = escape(_clean(part))
        if isinstance(part, Digits):
            words = f'<say-as interpret-as="telephone">{words}</say-as>'
        if foreign_tag(part_lang, language_of(text_lang)):
            words = f"<lang xml:lang={quoteattr(part_lang)}>{words}</lang>"
        body.append(words)
    return f"<s{own}>{''.join(body).strip()}</s>"


_SSML_NAMESPACE = "http://www.w3.org/2001/10/synthesis"


def cues_to_ssml(
    cues: Iterable[Cue],
    *,
    lang: str,
    max_break: int = 10,
    before: Sequence[tuple[str, str]] = (),
    after: Sequence[tuple[str, str]] = (),
) -> str:
    """An SSML 1.1 ``<speak>`` document that speaks each cue and waits out its duration.

    ``lang`` (``es``, ``pt_BR``, ``pt-BR``) is the document's ``xml:lang``; a cue in another
    language (an untranslated label) is marked with its own. Every text is XML-escaped. A wait
    longer than ``max_break`` seconds is written as several breaks, since speech engines cap a
    single break (Amazon Polly at 10 seconds, Azure at 5). Spoken words take time of their own,
    so the audio runs a little longer than the timeline. Raises UnknownLocaleError for a
    malformed ``lang`` and RenderError when ``max_break`` is less than 1. ``before`` and ``after``
    are extra ``(text, language tag)`` sentences spoken first and last (a title, the crisis route).
    """
    if max_break < 1:
        msg = f"max_break must be at least 1 second, not {max_break}"
        raise RenderError(msg)
    tag = language_tag(lang)
    lines = [f'<speak version="1.1" xmlns="{_SSML_NAMESPACE}" xml:lang={quoteattr(tag)}>']
    lines += [_sentence(text, text_lang, tag) for text, text_lang in before]
    for cue in cues:
        lines.append(_sentence(cue.screen_reader, cue.lang, tag))
        wait = cue.duration
        while wait > 0:
            part = min(wait, max_break)
            lines.append(f'<break time="{part}s"/>')
            wait -= part
    lines += [_sentence(text, text_lang, tag) for text, text_lang in after]
    lines.append("</speak>")
    return "\n".join(lines) + "\n"


def cues_to_text(cues: Iterable[Cue]) -> str:
    """A plain-text script: one line per cue, ``m:ss`` from the start, then the cue's text.

    A blank line comes before each step and before the end. The script holds no control
    character but the newlines between lines.
    """
    lines: list[str] = []
    for cue in cues:
        if lines and cue.kind in (CueKind.STEP, CueKind.FINISH):
            lines.append("")
        lines.append(f"{_timestamp(cue.start)}  {_one_line(cue.text)}")
    return "".join(f"{line}\n" for line in lines)


def _timestamp(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
