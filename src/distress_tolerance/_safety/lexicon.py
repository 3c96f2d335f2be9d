"""Per-locale safe-messaging lexicons and the text matching behind ``distress-tolerance lint``.

A lexicon (``lexicons/LOCALE.yaml``, package data) lists, for one language, the wording rules of
the content guide (L1-L5, C1-C3, C9, K1) and the *terms* the structural rules need: what counts
as a mention of suicide or of self-harm, what points to help, what is physically intense.

Matching, in short:

- Case-insensitive regular expressions over the text after a light normalisation that keeps
  offsets: the text is matched in Unicode NFC, typographic apostrophes become ``'``, no-break
  spaces become spaces, Arabic harakat and tatweel are dropped and alef with hamza or madda
  becomes a bare alef. Offsets always point into the text as given, so ``text[start:end]`` is
  the phrase (a composed character or a dropped mark at the edge is taken whole).
- A rule marked ``near`` fires only when its match is *near* a mention of suicide or self-harm:
  in the same sentence and at most :data:`NEAR_WORDS` words away. Sentences end at ``. ! ? ; …``
  (and Arabic ``؟``) followed by a space or the end, and at a line break. So "I made a choice
  to rest." never fires L5, and "Suicide is a choice." does; a mention in the next sentence
  does not count (that case is left to human review, which C1 requires anyway).
- A rule marked ``negatable`` (L5 and C2 in every shipped lexicon: calling suicide or self-harm
  a choice, brave, a solution, a way out) does not fire when its match is *negated*. The
  lexicon's ``terms.negation`` says how a language negates; a match is negated when:

  1. a negation cue ("not", "never", "no", "n't"; "keine", "nie"; "ليس"...) comes *before* it,
     in the same sentence, with at most :data:`NEGATION_WORDS` words between them;
  2. no clause break lies between the cue and the match: a word such as "but", "although",
     "because" (the lexicon's ``breaks``), or a colon, bracket, quotation mark or dash;
  3. the cue is not void: a ``void`` pattern matching at the cue turns it into no negation
     ("not only", "no other", "nothing but", "never forget", an interjection "No,");
  4. the match is not followed, with at most one word between, by an ``exclusive`` word that
     makes the negation an affirmation ("no solution *but* suicide", "no way out *except*");
  5. in a language without negative concord (``concord: false``: English, German) the cues in
     reach are odd in number, so a double negation ("not never a choice") is no negation; with
     negative concord (Spanish, French, Portuguese, Arabic: "no es nunca", "n'est pas") any
     number of cues is one negation.

  So "Suicide is not a solution" and "Self-harm doesn't make you selfish" pass, and "Suicide
  is not only a solution", "There is no other way out", "It's not weak, but it is a choice"
  and a cue six words away are still reported. Every doubt resolves towards a finding.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from distress_tolerance._i18n.locale import parse_locale
from distress_tolerance.exceptions import ContentError, ErrorLocation

NEAR_WORDS = 15
"""How many words apart a ``near`` match and a mention of suicide or self-harm may be."""
NEGATION_WORDS = 5
"""How many words may stand between a negation cue and the match it negates."""

Rule = Literal["L1", "L2", "L3", "L4", "L5", "C1", "C2", "C3", "C9", "K1"]
Kind = Literal["block", "warn"]

_FLAGS = re.IGNORECASE | re.UNICODE
_SENTENCE_END = re.compile(r"[.!?;\u2026\u061f]+[\"'\u00bb\u201d\u2019)\]]*(?=\s|$)|\n")
_WORD = re.compile(r"\w+")
_DROPPED = frozenset(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, 0x00AD, 0x200B))
_MAPPED = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " "}
_MAPPED.update(dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627"))
_BREAK_MARKS = re.compile(r"[:()\[\]\"\u201c\u201d\u201e\u00ab\u00bb\u2014\u2013]")


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleSpec(_Spec):
    """One wording rule of a lexicon: a regex or a list of literal phrases."""

    rule: Rule
    kind: Kind
    regex: str | None = None
    phrases: tuple[str, ...] = ()
    near: bool = False
    negatable: bool = False
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_pattern(self) -> Self:
        if (self.regex is None) == (not self.phrases):
            msg = "give either regex or phrases"
            raise ValueError(msg)
        if self.negatable and not self.near:
            msg = "a negatable rule must be near: negation is judged against a mention"
            raise ValueError(msg)
        _compile([self.pattern])
        return self

    @property
    def pattern(self) -> str:
        """The rule as one regular expression."""
        if self.regex is not None:
            return self.regex
        words = "|".join(re.escape(p) for p in sorted(self.phrases, key=len, reverse=True))
        return rf"(?<!\w)(?:{words})(?!\w)"


class NegationSpec(_Spec):
    """How a language negates, for the ``negatable`` rules (see the module docstring).

    ``cues`` are the negation words; ``void`` patterns, matched where a cue starts, make it no
    negation ("not only"); ``breaks`` are words that end a cue's reach ("but"); ``exclusive``
    words right after a match turn "no X" into "only X" ("no way out *but*"); ``concord`` is
    true for languages where two negation words make one negation ("no es nunca").
    """

    cues: tuple[str, ...] = Field(min_length=1)
    void: tuple[str, ...] = ()
    breaks: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    concord: bool = False

    @model_validator(mode="after")
    def _compiles(self) -> Self:
        for patterns in (self.cues, self.void, self.breaks, self.exclusive):
            if patterns:
                _compile(patterns)
        return self


class Terms(_Spec):
    """What the structural rules look for, as lists of regular expressions, and how the
    language negates (for the ``negatable`` rules)."""

    suicide: tuple[str, ...] = Field(min_length=1)
    self_harm: tuple[str, ...] = Field(min_length=1)
    help: tuple[str, ...] = Field(min_length=1)
    physical: tuple[str, ...] = Field(min_length=1)
    negation: NegationSpec | None = None

    @model_validator(mode="after")
    def _compiles(self) -> Self:
        for patterns in (self.suicide, self.self_harm, self.help, self.physical):
            _compile(patterns)
        return self


class LexiconFile(_Spec):
    """The content of ``lexicons/LOCALE.yaml``."""

    locale: str
    terms: Terms
    rules: tuple[RuleSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _negation_given(self) -> Self:
        if self.terms.negation is None and any(rule.negatable for rule in self.rules):
            msg = "a lexicon with negatable rules needs terms.negation"
            raise ValueError(msg)
        return self


@dataclass(frozen=True)
class Hit:
    """A rule that fired on a text: where, on what, and why."""

    rule: str
    kind: str
    start: int
    end: int
    phrase: str
    reason: str


@dataclass(frozen=True)
class Negation:
    """A compiled :class:`NegationSpec`."""

    cues: re.Pattern[str]
    void: re.Pattern[str] | None
    breaks: re.Pattern[str] | None
    exclusive: re.Pattern[str] | None
    concord: bool

    @classmethod
    def compile(cls, spec: NegationSpec) -> Negation:
        """Compile the patterns of ``spec``."""
        exclusive = None
        if spec.exclusive:
            words = "|".join(f"(?:{p})" for p in spec.exclusive)
            # at most one word between the match and the exclusive word, no punctuation
            exclusive = re.compile(rf"(?:\s+\w+)?\s+(?:{words})(?!\w)", _FLAGS)
        return cls(
            cues=_compile(spec.cues),
            void=_compile(spec.void) if spec.void else None,
            breaks=_compile(spec.breaks) if spec.breaks else None,
            exclusive=exclusive,
            concord=spec.concord,
        )


@dataclass(frozen=True)
class Lexicon:
    """A loaded, compiled lexicon."""

    locale: str
    rules: tuple[tuple[RuleSpec, re.Pattern[str]], ...]
    suicide: re.Pattern[str]
    self_harm: re.Pattern[str]
    help: re.Pattern[str]
    physical: re.Pattern[str]
    negation: Negation | None = None

    def scan(self, text: str) -> list[Hit]:
        """Every wording rule that fires on ``text``, in order of position.

        Offsets refer to ``text`` as given (``text[hit.start:hit.end] == hit.phrase``), whatever
        the normalisation did to match it.
        """
        norm, starts, ends = _normalise(text)
        topics = [m.span() for p in (self.suicide, self.self_harm) for m in p.finditer(norm)]
        context = _Context(norm, topics, self.negation)
        hits: list[Hit] = []
        for spec, pattern in self.rules:
            if spec.near and not topics:
                continue  # nothing to be near: the rule cannot fire, so its pattern is not run
            for match in pattern.finditer(norm):
                if match.end() == match.start():
                    continue
                if spec.near and not context.near(match.span()):
                    continue
                if spec.negatable and context.negated(match.span()):
                    continue
                start, end = starts[match.start()], ends[match.end()]
                hits.append(Hit(spec.rule, spec.kind, start, end, text[start:end], spec.reason))
        return sorted(hits, key=lambda h: (h.start, h.rule))

    def mentions(self, text: str) -> str | None:
        """The first mention of suicide or self-harm in ``text``, or None."""
        return self._first(text, self.suicide, self.self_harm)

    def points_to_help(self, text: str) -> bool:
        """Whether ``text`` points to help (reaching out, a crisis line, emergency services)."""
        return self._first(text, self.help) is not None

    def physical_intensity(self, text: str) -> str | None:
        """The first physically intense activity ``text`` asks for, or None."""
        return self._first(text, self.physical)

    @staticmethod
    def _first(text: str, *patterns: re.Pattern[str]) -> str | None:
        norm, starts, ends = _normalise(text)
        found = [m for p in patterns if (m := p.search(norm)) is not None and m.end() > m.start()]
        if not found:
            return None
        match = min(found, key=lambda m: m.start())
        return text[starts[match.start()] : ends[match.end()]]


class _Context:
    """Sentences and words of a normalised text, to decide what is near a mention and what is
    negated (each in log time, after one pass over the text)."""

    def __init__(self, norm: str, topics: list[tuple[int, int]], negation: Negation | None) -> None:
        self.norm = norm
        self.ends = [m.end() for m in _SENTENCE_END.finditer(norm)]
        self.words = [m.start() for m in _WORD.finditer(norm)]
        self.topics = sorted(topics)
        self.starts = [start for start, _ in self.topics]
        self.negation = negation
        self._cues: list[tuple[int, int]] | None = None
        self._cue_ends: list[int] = []
        self._breaks: list[int] = []

    def _sentence(self, offset: int) -> int:
        return bisect_right(self.ends, offset)

    def _between(self, a: tuple[int, int], b: tuple[int, int]) -> int:
        first, second = sorted((a, b))
        return max(0, bisect_left(self.words, second[0]) - bisect_left(self.words, first[1]))

    def near(self, span: tuple[int, int]) -> bool:
        """Whether a mention is in the sentence of ``span`` and at most NEAR_WORDS words away."""
        sentence = self._sentence(span[0])
        middle = bisect_left(self.starts, span[0])
        # the closest mentions on either side are enough: distance grows with position
        return any(
            self._sentence(topic[0]) == sentence and self._between(span, topic) <= NEAR_WORDS
            for topic in self.topics[max(0, middle - 2) : middle + 2]
        )

    def negated(self, span: tuple[int, int]) -> bool:
        """Whether the match at ``span`` is negated (the rules are in the module docstring)."""
        negation = self.negation
        if negation is None:
            return False
        cues = self._find_cues(negation)
        sentence = self._sentence(span[0])
        # cues that end before the match, nearest first; a break stops the search
        limit = bisect_right(self._cue_ends, span[0])
        counted = 0
        for cue in reversed(cues[:limit]):
            if self._sentence(cue[0]) != sentence or self._between(cue, span) > NEGATION_WORDS:
                break
            if bisect_left(self._breaks, cue[1]) != bisect_left(self._breaks, span[0]):
                break
            counted += 1
        if counted == 0 or (not negation.concord and counted % 2 == 0):
            return False
        exclusive = negation.exclusive
        return exclusive is None or exclusive.match(self.norm, span[1]) is None

    def _find_cues(self, negation: Negation) -> list[tuple[int, int]]:
        """The cues of the text that are not void, and the offsets where a clause breaks."""
        if self._cues is None:
            norm = self.norm
            self._cues = [
                m.span()
                for m in negation.cues.finditer(norm)
                if m.end() > m.start()
                and (negation.void is None or negation.void.match(norm, m.start()) is None)
            ]
            self._cue_ends = [end for _, end in self._cues]
            breaks = [m.start() for m in _BREAK_MARKS.finditer(norm)]
            if negation.breaks is not None:
                breaks += [m.start() for m in negation.breaks.finditer(norm) if m.end() > m.start()]
            self._breaks = sorted(breaks)
        return self._cues


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    """The text to match on and, for each of its offsets, where a match starting (``starts``) or
    ending (``ends``) there starts or ends in ``text`` itself.

    The text is taken in NFC; a character that NFC composes from several (or that is dropped
    below) is never cut: a span starts before it and ends after it.
    """
    nfc = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    if nfc is text:
        floor = ceil = None
    else:
        floor, ceil = _alignment(text, nfc)
    chars: list[str] = []
    kept: list[int] = []
    for offset, char in enumerate(nfc):
        if char in _DROPPED:
            continue
        chars.append(_MAPPED.get(char, char))
        kept.append(offset)
    kept.append(len(nfc))
    if floor is None or ceil is None:
        return "".join(chars), kept, kept
    return "".join(chars), [floor[k] for k in kept], [ceil[k] for k in kept]


def _alignment(text: str, nfc: str) -> tuple[list[int], list[int]]:
    """For each offset of ``nfc`` (and its end), the offset in ``text`` at or before it and at or
    after it. Both decompose to the same characters (NFD): offsets are compared there."""

    def cumulative(string: str) -> list[int]:
        total, positions = 0, [0]
        for char in string:
            total += len(unicodedata.normalize("NFD", char))
            positions.append(total)
        return positions

    source, composed = cumulative(text), cumulative(nfc)
    floor = [bisect_right(source, at) - 1 for at in composed]
    ceil = [bisect_left(source, at) for at in composed]
    return floor, ceil


def _compile(patterns: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)
    except re.error as exc:
        msg = f"invalid regular expression: {exc}"
        raise ValueError(msg) from exc


def _package_lexicons() -> dict[str, str]:
    folder = files("distress_tolerance") / "lexicons"
    return {
        item.name.removesuffix(".yaml"): item.name for item in folder.iterdir() if item.name.endswith(".yaml")
    }


def available_locales() -> tuple[str, ...]:
    """The locales that have a lexicon, sorted."""
    return tuple(sorted(_package_lexicons()))


@lru_cache(maxsize=32)
def lexicon_for(locale: str) -> Lexicon | None:
    """The lexicon for ``locale`` or for its language (``es_MX`` -> ``es``); None if there is none."""
    known = _package_lexicons()
    parts = parse_locale(locale).split("_")
    for end in range(len(parts), 0, -1):
        candidate = "_".join(parts[:end])
        if candidate in known:
            return _load(candidate, known[candidate])
    return None


def _load(locale: str, name: str) -> Lexicon:
    resource = files("distress_tolerance") / "lexicons" / name
    where = f"distress_tolerance/lexicons/{name}"
    try:
        spec = LexiconFile.model_validate(yaml.safe_load(resource.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ContentError([ErrorLocation(where, None, "", f"invalid lexicon: {exc}")]) from exc
    if spec.locale != locale:
        msg = f"lexicon says locale {spec.locale!r}, its file name says {locale!r}"
        raise ContentError([ErrorLocation(where, None, "locale", msg)])
    negation = spec.terms.negation
    return Lexicon(
        locale=locale,
        rules=tuple((rule, _compile([rule.pattern])) for rule in spec.rules),
        suicide=_compile(spec.terms.suicide),
        self_harm=_compile(spec.terms.self_harm),
        help=_compile(spec.terms.help),
        physical=_compile(spec.terms.physical),
        negation=Negation.compile(negation) if negation is not None else None,
    )
