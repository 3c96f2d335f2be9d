"""Hypothesis strategies for the content model (pydantic has no hypothesis plugin).

Built with ``st.builds`` and explicit field strategies: ``st.from_type`` would ignore the
``Field(pattern=...)`` constraints.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import strategies as st

from distress_tolerance._text import forbidden_character
from distress_tolerance.models import (
    Category,
    Caution,
    CautionKind,
    DistressRange,
    Moment,
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

PAYLOADS: list[str] = json.loads(
    (Path(__file__).parent / "fixtures" / "payloads.json").read_text(encoding="utf-8")
)
"""Hostile strings: markup, template syntax, stray placeholders, controls (see reliability.md)."""

_FORBIDDEN = (
    set(range(0x00, 0x0A))
    | set(range(0x0B, 0x20))
    | set(range(0x7F, 0xA0))
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
    | {0xFEFF}
)

# Any printable text, markup characters welcome: escaping, not filtering, keeps it safe.
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="".join(map(chr, _FORBIDDEN))),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
VALID_PAYLOADS = [p for p in PAYLOADS if p.strip() and len(p) <= 4000 and forbidden_character(p) is None]
"""The payloads a content field accepts (the rest must be rejected by validation)."""
hostile_texts = st.one_of(texts, st.sampled_from(VALID_PAYLOADS))
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1))


@st.composite
def distress_ranges(draw: st.DrawFn) -> DistressRange:
    low = draw(st.integers(0, 10))
    return DistressRange(min=low, max=draw(st.integers(low, 10)))


when_to_use = st.builds(
    WhenToUse,
    distress=distress_ranges(),
    moments=st.lists(st.sampled_from(Moment), min_size=1, max_size=2, unique=True).map(tuple),
    settings=st.lists(st.sampled_from(Setting), min_size=1, max_size=2, unique=True).map(tuple),
    discreet=st.booleans(),
    minutes=st.integers(1, 120),
)


def _unique_by_key(
    strategy: st.SearchStrategy, key: str, max_size: int, min_size: int = 0
) -> st.SearchStrategy:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique_by=lambda m: getattr(m, key)).map(
        tuple
    )


steps = st.builds(
    Step,
    id=slugs,
    text=hostile_texts,
    seconds=st.none() | st.integers(1, 3600),
    senses=_unique_by_key(
        st.builds(SensoryPrompt, sense=st.sampled_from(Sense), prompt=hostile_texts), "sense", 3
    ),
)
cautions = st.builds(
    Caution,
    id=slugs,
    kind=st.sampled_from(CautionKind),
    text=hostile_texts,
    stop_signal=st.none() | hostile_texts,
)
reframes = st.builds(
    Reframe, id=slugs, theme=st.sampled_from(ReframeTheme), harsh=hostile_texts, kinder=hostile_texts
)
sources = st.builds(
    Source,
    citation=hostile_texts,
    use=st.sampled_from(SourceUse),
    url=st.none() | st.just("https://example.org/a?b=c&d=e"),
)


@st.composite
def reviews(draw: st.DrawFn) -> Review:
    written = draw(dates)
    return Review(
        status=ReviewStatus.DRAFT,
        written=written,
        review_due=draw(st.none() | st.dates(min_value=written, max_value=dt.date(2031, 1, 1))),
    )


@st.composite
def techniques(draw: st.DrawFn, reframe_ids: tuple[str, ...] = ()) -> Technique:
    """A valid technique whose reframes (if any) come from ``reframe_ids``."""
    chosen = draw(st.lists(st.sampled_from(reframe_ids), unique=True, max_size=3)) if reframe_ids else []
    return Technique(
        id=draw(slugs),
        version=draw(st.integers(1, 50)),
        title=draw(hostile_texts),
        summary=draw(hostile_texts),
        why=draw(hostile_texts),
        category=draw(st.sampled_from(Category)),
        tags=tuple(draw(st.lists(slugs, max_size=3, unique=True))),
        when=draw(when_to_use),
        cautions=draw(_unique_by_key(cautions, "id", 2)),
        steps=draw(_unique_by_key(steps, "id", 5, min_size=1)),
        reframes=tuple(chosen),
        compassion_prompt=draw(st.none() | hostile_texts),
        sources=tuple(draw(st.lists(sources, min_size=1, max_size=2))),
        review=draw(reviews()),
    )


# Guided playback (tests/test_player.py): breathing patterns, and steps that breathe or check in.

from distress_tolerance.models import Breathing  # noqa: E402 (appended section)

breathings = st.builds(
    Breathing,
    inhale=st.integers(1, 15),
    hold=st.integers(0, 15),
    exhale=st.integers(1, 20),
    rest=st.integers(0, 15),
)


@st.composite
def playable_steps(draw: st.DrawFn) -> Step:
    """A valid step that may breathe (for at least one whole breath) and may check in."""
    breathing = draw(st.none() | breathings)
    if breathing is None:
        seconds = draw(st.none() | st.integers(1, 600))
    else:
        seconds = draw(st.integers(breathing.cycle, max(breathing.cycle, 240)))
    return Step(
        id=draw(slugs),
        text=draw(hostile_texts),
        seconds=seconds,
        senses=draw(
            _unique_by_key(
                st.builds(SensoryPrompt, sense=st.sampled_from(Sense), prompt=hostile_texts), "sense", 3
            )
        ),
        breathing=breathing,
        check_in=draw(st.booleans()),
    )


@st.composite
def playable_techniques(draw: st.DrawFn) -> Technique:
    """A valid technique (as from :func:`techniques`) whose steps may also breathe and check in."""
    base = draw(techniques())
    steps = []
    for step in base.steps:
        breathing = draw(st.none() | breathings)
        seconds = step.seconds
        if breathing is not None:
            seconds = draw(st.integers(breathing.cycle, max(breathing.cycle, 240)))
        update = {"seconds": seconds, "breathing": breathing, "check_in": draw(st.booleans())}
        steps.append(Step.model_validate({**step.model_dump(), **update}))
    return Technique.model_validate({**base.model_dump(), "steps": steps})
