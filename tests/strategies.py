"""Hypothesis strategies for the suite: the public ones of ``distress_tolerance.testing.strategies``,
and a few more for the player tests.

Built with ``st.builds`` and explicit field strategies: ``st.from_type`` would ignore the
``Field(pattern=...)`` constraints.
"""

from __future__ import annotations

from hypothesis import strategies as st

from distress_tolerance.models import Breathing, Sense, SensoryPrompt, Step, Technique
from distress_tolerance.testing import payloads, valid_payloads
from distress_tolerance.testing import strategies as public
from distress_tolerance.testing.strategies import (
    _cautions as cautions,
)
from distress_tolerance.testing.strategies import (
    _unique_by,
    techniques,
)
from distress_tolerance.testing.strategies import (
    _when_to_use as when_to_use,
)

__all__ = [
    "PAYLOADS",
    "VALID_PAYLOADS",
    "breathings",
    "cautions",
    "hostile_texts",
    "playable_steps",
    "playable_techniques",
    "slugs",
    "techniques",
    "texts",
    "when_to_use",
]

PAYLOADS: list[str] = [p for p in payloads() if len(p) <= 10_000]
"""Hostile strings: markup, template syntax, stray placeholders, controls (see reliability.md); all
but the 1 MB one, which tests/test_security.py renders on its own (``payloads()`` has it)."""
VALID_PAYLOADS: list[str] = list(valid_payloads())
"""The payloads a content field accepts (the rest must be rejected by validation)."""
texts = public.texts()
hostile_texts = public.hostile_texts()
slugs = public.slugs()

# Guided playback (tests/test_player.py): breathing patterns, and steps that breathe or check in.

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
            _unique_by(
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
