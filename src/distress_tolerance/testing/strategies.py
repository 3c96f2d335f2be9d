"""Hypothesis strategies for a host's property tests: content, packs, locales, Accept-Language headers.

Needs ``hypothesis`` (``pip install hypothesis``); the rest of :mod:`distress_tolerance.testing` does not.
Models are drawn with ``st.builds`` and explicit field strategies: pydantic has no hypothesis plugin,
and ``st.from_type`` would ignore the ``Field(pattern=...)`` constraints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess without hypothesis
    _msg = "distress_tolerance.testing.strategies needs hypothesis: pip install hypothesis"
    raise ImportError(_msg, name=exc.name) from exc

from distress_tolerance._content.text import forbidden_character
from distress_tolerance.models import (
    Category,
    Caution,
    CautionKind,
    DistressRange,
    Moment,
    PackContent,
    Reframe,
    ReframeTheme,
    Review,
    ReviewStatus,
    Sense,
    SensoryPrompt,
    Setting,
    Source,
    SourceUse,
    Step,
    Technique,
    WhenToUse,
)
from distress_tolerance.testing import valid_payloads

__all__ = [
    "accept_language_headers",
    "hostile_locales",
    "hostile_texts",
    "locales",
    "packs",
    "reframes",
    "slugs",
    "techniques",
    "texts",
]

# The characters content refuses most often drawn (C0 but newline, DEL, C1, bidi controls, BOM,
# separators, zero width space): excluded from the alphabet; the rarer ones (tag characters,
# noncharacters) are filtered out by the library's own rule, so the two never disagree.
_FORBIDDEN = "".join(
    chr(c)
    for c in (
        *range(0x00, 0x0A),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0xFEFF,
        0x2028,
        0x2029,
        0x200B,
        *range(0x2060, 0x2065),
    )
)


def texts() -> st.SearchStrategy[str]:
    """Any valid content text (markup characters welcome: escaping, not filtering, keeps it safe)."""
    alphabet = st.characters(codec="utf-8", exclude_characters=_FORBIDDEN)
    return st.text(alphabet=alphabet, min_size=1, max_size=60).filter(
        lambda s: s.strip() != "" and forbidden_character(s) is None
    )


def hostile_texts() -> st.SearchStrategy[str]:
    """Valid content text, half the time a payload from the corpus."""
    return st.one_of(texts(), st.sampled_from(valid_payloads()))


def slugs() -> st.SearchStrategy[str]:
    """Valid ids: lowercase words joined by hyphens."""
    return st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")


_dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1))


@st.composite
def _distress_ranges(draw: st.DrawFn) -> DistressRange:
    low = draw(st.integers(0, 10))
    return DistressRange(min=low, max=draw(st.integers(low, 10)))


_when_to_use = st.builds(
    WhenToUse,
    distress=_distress_ranges(),
    moments=st.lists(st.sampled_from(Moment), min_size=1, max_size=2, unique=True).map(tuple),
    settings=st.lists(st.sampled_from(Setting), min_size=1, max_size=2, unique=True).map(tuple),
    discreet=st.booleans(),
    minutes=st.integers(1, 120),
)


def _unique_by(strategy: st.SearchStrategy[Any], key: str, max_size: int, min_size: int = 0) -> Any:
    unique = st.lists(strategy, min_size=min_size, max_size=max_size, unique_by=lambda m: getattr(m, key))
    return unique.map(tuple)


_senses = _unique_by(
    st.builds(SensoryPrompt, sense=st.sampled_from(Sense), prompt=hostile_texts()), "sense", 3
)
_steps = st.builds(
    Step, id=slugs(), text=hostile_texts(), seconds=st.none() | st.integers(1, 3600), senses=_senses
)
_cautions = st.builds(
    Caution,
    id=slugs(),
    kind=st.sampled_from(CautionKind),
    text=hostile_texts(),
    stop_signal=st.none() | hostile_texts(),
)
_sources = st.builds(
    Source,
    citation=hostile_texts(),
    use=st.sampled_from(SourceUse),
    url=st.none() | st.just("https://example.org/a?b=c&d=e"),
)


@st.composite
def _reviews(draw: st.DrawFn) -> Review:
    written = draw(_dates)
    due = draw(st.none() | st.dates(min_value=written, max_value=dt.date(2031, 1, 1)))
    return Review(status=ReviewStatus.DRAFT, written=written, review_due=due)


@st.composite
def techniques(draw: st.DrawFn, reframe_ids: tuple[str, ...] = ()) -> Technique:
    """A valid technique with hostile text in every text field; its reframes come from ``reframe_ids``."""
    chosen = draw(st.lists(st.sampled_from(reframe_ids), unique=True, max_size=3)) if reframe_ids else []
    return Technique(
        id=draw(slugs()),
        version=draw(st.integers(1, 50)),
        title=draw(hostile_texts()),
        summary=draw(hostile_texts()),
        why=draw(hostile_texts()),
        category=draw(st.sampled_from(Category)),
        tags=tuple(draw(st.lists(slugs(), max_size=3, unique=True))),
        when=draw(_when_to_use),
        cautions=draw(_unique_by(_cautions, "id", 2)),
        steps=draw(_unique_by(_steps, "id", 5, min_size=1)),
        reframes=tuple(chosen),
        compassion_prompt=draw(st.none() | hostile_texts()),
        sources=tuple(draw(st.lists(_sources, min_size=1, max_size=2))),
        review=draw(_reviews()),
    )


def reframes() -> st.SearchStrategy[Reframe]:
    """A valid reframe with hostile harsh and kinder texts."""
    return st.builds(
        Reframe,
        id=slugs(),
        theme=st.sampled_from(ReframeTheme),
        harsh=hostile_texts(),
        kinder=hostile_texts(),
    )


@st.composite
def packs(draw: st.DrawFn, *, max_techniques: int = 3) -> PackContent:
    """A valid pack: a few reframes and techniques (ids unique, references resolved), no crisis services.

    Write it to a folder with :func:`distress_tolerance.testing.write_pack`.
    """
    bank = draw(st.lists(reframes(), max_size=4, unique_by=lambda r: r.id))
    ids = tuple(r.id for r in bank)
    drawn = draw(st.lists(techniques(ids), min_size=1, max_size=max_techniques, unique_by=lambda t: t.id))
    return PackContent(techniques=tuple(drawn), reframes=tuple(bank))


def _case(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from((text, text.lower(), text.upper(), text.title()))


@st.composite
def locales(draw: st.DrawFn, *, separator: str | None = None) -> str:
    """A well-formed locale identifier (``pt_BR``, ``zh-hant-tw``, ``es-419``), in any case.

    It may name a locale nobody ships: the library must fall back, never fail. ``separator``
    (``"-"`` or ``"_"``) fixes the separator; by default either is drawn.
    """
    sep = separator if separator is not None else draw(st.sampled_from(("_", "-")))
    parts = [draw(st.from_regex(r"\A[a-z]{2,3}\Z").flatmap(_case))]
    if draw(st.booleans()):
        parts.append(draw(st.from_regex(r"\A[A-Z][a-z]{3}\Z").flatmap(_case)))
    if draw(st.booleans()):
        parts.append(draw(st.from_regex(r"\A([A-Z]{2}|[0-9]{3})\Z").flatmap(_case)))
    return sep.join(parts)


_HOSTILE_LOCALES = (
    "",
    "../evil",
    "de/../../x",
    "..",
    "en\x00",
    "/etc/passwd",
    "C:\\x",
    "en_US.UTF-8",
    "en\n",
    "%2e%2e%2f",
    "{0.__class__}",
    "<script>",
    "e" * 10_000,
)


def hostile_locales() -> st.SearchStrategy[str]:
    """A malformed locale identifier (path traversal, NUL, 10 kB, ...): the library must refuse it.

    Every value drawn holds a character no locale identifier has, or is empty or 10,000 characters
    long, so ``parse_locale`` raises ``UnknownLocaleError`` before any file is opened.
    """
    bad = st.sampled_from(("/", "\\", ".", "\x00", " ", "\n", "%", ":", "*", "<"))
    wrapped = st.tuples(st.text(max_size=8), bad, st.text(max_size=8)).map("".join)
    return st.one_of(st.sampled_from(_HOSTILE_LOCALES), wrapped)


@st.composite
def _language_range(draw: st.DrawFn) -> str:
    tag = draw(st.just("*") | locales(separator="-"))
    if draw(st.booleans()):
        quality = draw(st.sampled_from(("0", "1", "1.0", "0.9", "0.85", "0.001", "0.5")))
        spaces = draw(st.sampled_from(("", " ")))
        tag = f"{tag}{spaces};{spaces}q={quality}"
    return tag


def accept_language_headers(*, hostile: bool = False) -> st.SearchStrategy[str]:
    """An HTTP ``Accept-Language`` header value: comma-separated ranges with optional ``q`` weights.

    With ``hostile=True``, also arbitrary text, malformed weights and headers of thousands of
    ranges: ``negotiate`` must still return one of the available locales (or refuse with our error).
    """
    well_formed = st.lists(_language_range(), min_size=1, max_size=6).flatmap(
        lambda ranges: st.sampled_from((",", ", ", " , ")).map(lambda sep: sep.join(ranges))
    )
    if not hostile:
        return well_formed
    return st.one_of(
        well_formed,
        st.text(max_size=80),
        st.sampled_from(("en;q=abc", "de;q=-1", "fr;q=9e9999", ";;;,,,", "en;q=0.5;q=0.9", "en-US-", "-")),
        st.integers(1000, 5000).map(lambda n: ",".join(["en;q=0.1"] * n)),
        st.builds("".join, st.lists(hostile_locales(), min_size=1, max_size=3)),
    )
