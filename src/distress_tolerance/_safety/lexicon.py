"""Per-locale safe-messaging lexicons and the text matching behind ``distress-tolerance lint``.

A lexicon (``lexicons/LOCALE.yaml``, package data) lists, for one language, the wording rules of
the content guide (L1-L5, C1-C3, C9, K1) and the *terms* the structural rules need: what counts
as a mention of suicide or of self-harm, what points to help, what is physically intense.

Matching, in short:

- Case-insensitive regular expressions over the text after a light normalisation that keeps
  offsets: typographic apostrophes become ``'``, no-break spaces become spaces, Arabic harakat
  and tatweel are dropped and alef with hamza or madda becomes a bare alef.
- A rule marked ``near`` fires only when its match is *near* a mention of suicide or self-harm:
  in the same sentence and at most :data:`NEAR_WORDS` words away. Sentences end at ``. ! ? ; …``
  (and Arabic ``؟``) followed by a space or the end, and at a line break. So "I made a choice
  to rest." never fires L5, and "Suicide is a choice." does; a mention in the next sentence
  does not count (that case is left to human review, which C1 requires anyway).
- Negation is not understood: "suicide is not a solution" still pairs suicide with
  "solution" and is reported. Rephrase around what helps ("help is available").
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

Rule = Literal["L1", "L2", "L3", "L4", "L5", "C1", "C2", "C3", "C9", "K1"]
Kind = Literal["block", "warn"]

_FLAGS = re.IGNORECASE | re.UNICODE
_SENTENCE_END = re.compile(r"[.!?;\u2026\u061f]+[\"'\u00bb\u201d\u2019)\]]*(?=\s|$)|\n")
_WORD = re.compile(r"\w+")
_DROPPED = frozenset(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, 0x00AD, 0x200B))
_MAPPED = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " "}
_MAPPED.update(dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627"))


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleSpec(_Spec):
    """One wording rule of a lexicon: a regex or a list of literal phrases."""

    rule: Rule
    kind: Kind
    regex: str | None = None
    phrases: tuple[str, ...] = ()
    near: bool = False
    reason: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_pattern(self) -> Self:
        if (self.regex is None) == (not self.phrases):
            msg = "give either regex or phrases"
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


class Terms(_Spec):
    """What the structural rules look for, as lists of regular expressions."""

    suicide: tuple[str, ...] = Field(min_length=1)
    self_harm: tuple[str, ...] = Field(min_length=1)
    help: tuple[str, ...] = Field(min_length=1)
    physical: tuple[str, ...] = Field(min_length=1)

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
class Lexicon:
    """A loaded, compiled lexicon."""

    locale: str
    rules: tuple[tuple[RuleSpec, re.Pattern[str]], ...]
    suicide: re.Pattern[str]
    self_harm: re.Pattern[str]
    help: re.Pattern[str]
    physical: re.Pattern[str]

    def scan(self, text: str) -> list[Hit]:
        """Every wording rule that fires on ``text``, in order of position.

        Offsets and phrases refer to ``text`` in Unicode NFC (content and catalogs are NFC in
        practice, so they are offsets into ``text`` itself).
        """
        text, norm, index = _normalise(text)
        topics = [m.span() for p in (self.suicide, self.self_harm) for m in p.finditer(norm)]
        context = _Context(norm, topics)
        hits: list[Hit] = []
        for spec, pattern in self.rules:
            for match in pattern.finditer(norm):
                if match.end() == match.start():
                    continue
                if spec.near and not context.near(match.span()):
                    continue
                start, end = index[match.start()], index[match.end()]
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
        text, norm, index = _normalise(text)
        found = [m for p in patterns if (m := p.search(norm)) is not None and m.end() > m.start()]
        if not found:
            return None
        match = min(found, key=lambda m: m.start())
        return text[index[match.start()] : index[match.end()]]


class _Context:
    """Sentences and words of a normalised text, to decide what is near a mention (in log time)."""

    def __init__(self, norm: str, topics: list[tuple[int, int]]) -> None:
        self.ends = [m.end() for m in _SENTENCE_END.finditer(norm)]
        self.words = [m.start() for m in _WORD.finditer(norm)]
        self.topics = sorted(topics)
        self.starts = [start for start, _ in self.topics]

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


def _normalise(text: str) -> tuple[str, str, list[int]]:
    """``text`` in NFC, the text to match on, and for each of its characters the offset in the first."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(text):
        if char in _DROPPED:
            continue
        chars.append(_MAPPED.get(char, char))
        index.append(offset)
    index.append(len(text))
    return text, "".join(chars), index


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
    return Lexicon(
        locale=locale,
        rules=tuple((rule, _compile([rule.pattern])) for rule in spec.rules),
        suicide=_compile(spec.terms.suicide),
        self_harm=_compile(spec.terms.self_harm),
        help=_compile(spec.terms.help),
        physical=_compile(spec.terms.physical),
    )
