"""Check a chat bot's draft reply against the safe-messaging wording rules, before it is sent.

:func:`check_reply` runs the wording rules of the reply's language (L1-L5, C1-C3, C9, K1: the
lexicons of ``distress-tolerance lint``, negation included) and says whether the reply mentions
suicide or self-harm, so that the bot appends :func:`~distress_tolerance.crisis_card`. It is a
wording check, not a risk classifier: it says nothing about the person the bot talks to.

Locales: ``pt-BR``, ``es_MX`` or ``de-AT`` use the lexicon of the locale or of its language
(``pt_BR``, ``es``, ``de``). A well-formed locale whose language has no lexicon (``it``) is
checked with the English rules, with a :class:`~distress_tolerance.exceptions.LocaleFallbackWarning`;
its ``mentions_risk`` then looks for a mention in every lexicon's language, so an Italian
"suicidio" still asks for the crisis card. A malformed locale raises
:class:`~distress_tolerance.exceptions.UnknownLocaleError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from distress_tolerance._i18n.locale import SOURCE_LOCALE, parse_locale
from distress_tolerance._i18n.warn import warn_at_caller
from distress_tolerance._safety.lexicon import Lexicon, available_locales, lexicon_for
from distress_tolerance.exceptions import ArgumentError, LocaleFallbackWarning

__all__ = ["MAX_REPLY_CHARS", "ReplyCheck", "ReplyFinding", "check_reply"]

MAX_REPLY_CHARS = 32_000
"""The longest reply checked, in characters (about 5,000 English words); longer raises
ArgumentError. Every rule is linear in the text: a reply of this size takes well under a second."""


@dataclass(frozen=True)
class ReplyFinding:
    """One wording rule that fired on a reply.

    ``text[start:end] == matched`` for the reply ``text`` as given (typographic apostrophes,
    Arabic harakat or decomposed accents included: the span is never cut inside a character).
    """

    rule: str
    """The rule id of the content guide: ``L1``-``L5``, ``C1``-``C3``, ``C9`` or ``K1``."""
    kind: Literal["block", "warn"]
    """``block``: do not send the reply as it is; ``warn``: a wording to reconsider."""
    start: int
    end: int
    matched: str
    reason: str
    """What is wrong and what to write instead, in the lexicon's language."""


@dataclass(frozen=True)
class ReplyCheck:
    """What :func:`check_reply` found in one reply."""

    findings: tuple[ReplyFinding, ...]
    """In order of position."""
    locale: str
    """The lexicon used (``es`` for ``es-MX``; ``en`` for a language without one)."""
    mentions_risk: bool
    """The reply mentions suicide or self-harm: append the crisis card (content guide C5)."""
    fallback: bool = False
    """The locale's language has no lexicon: the English rules were used."""

    @property
    def blocked(self) -> bool:
        """Whether any finding is of kind ``block``: the reply should not be sent as it is."""
        return any(f.kind == "block" for f in self.findings)

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules that fired, sorted, each once."""
        return tuple(sorted({f.rule for f in self.findings}))


def check_reply(text: str, locale: str) -> ReplyCheck:
    """Check a bot's draft reply ``text``, written in ``locale``, against the wording rules.

    Raises ArgumentError when ``text`` is not a string or is longer than
    :data:`MAX_REPLY_CHARS`, and UnknownLocaleError for a malformed locale; warns with
    LocaleFallbackWarning when the locale's language has no lexicon (English rules are used).
    """
    if not isinstance(text, str):
        msg = f"text must be a string, not {type(text).__name__}"
        raise ArgumentError(msg)
    if len(text) > MAX_REPLY_CHARS:
        msg = f"text is {len(text)} characters long; check_reply takes at most {MAX_REPLY_CHARS}"
        raise ArgumentError(msg)
    normal = parse_locale(locale)
    lexicon = lexicon_for(normal)
    fallback = lexicon is None
    if lexicon is None:
        warn_at_caller(
            f"no safe-messaging lexicon for locale {normal!r}: the reply is checked with the "
            f"English wording rules, and a mention of suicide or self-harm in any language with "
            f"a lexicon ({', '.join(available_locales())}) counts",
            LocaleFallbackWarning,
        )
        lexicon = _english()
    findings = tuple(
        ReplyFinding(
            rule=hit.rule,
            kind="block" if hit.kind == "block" else "warn",
            start=hit.start,
            end=hit.end,
            matched=hit.phrase,
            reason=hit.reason,
        )
        for hit in lexicon.scan(text)
    )
    lexicons = [_english(), *(_known(code) for code in available_locales())] if fallback else [lexicon]
    mentions = any(each.mentions(text) is not None for each in lexicons)
    return ReplyCheck(findings=findings, locale=lexicon.locale, mentions_risk=mentions, fallback=fallback)


def _known(locale: str) -> Lexicon:
    found = lexicon_for(locale)
    assert found is not None, f"lexicon {locale} ships with the package"
    return found


def _english() -> Lexicon:
    return _known(SOURCE_LOCALE)
