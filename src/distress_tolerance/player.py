"""Guided playback: the timed parts of a technique (breathing, check-ins, every step) as cues.

:func:`timeline` turns a localized technique into :class:`Cue` values: when each starts, how
long it lasts, its words in the reader's language, a vibration pattern, and whether it would
animate. The technique's cautions come first, as untimed :attr:`CueKind.CAUTION` cues.
A :class:`Player` hands the cues out at the right time, with pause, resume, skip and repeat,
synchronously (``play``) or under asyncio (``aplay``), both driven by one state machine.
:func:`cues_to_ssml` and :func:`cues_to_text` write the whole script for speech or for reading.

A host loop (synchronous; ``aplay`` is the same with ``async for``)::

    import distress_tolerance as dt
    from distress_tolerance.player import CueKind, Player, PlayerState, timeline

    library = dt.load()
    localized = library.localize("urge-surfing", "es")
    cues = timeline(localized, translator=library.translator(None, localized.locale))
    player = Player(cues, wait_untimed=True)
    for cue in player.play():
        # reduced_motion marks a cue that would animate: keep it still if the person asked so
        show(cue.text, lang=cue.lang, animate=cue.reduced_motion and not prefers_reduced_motion)
        announce(cue.screen_reader, lang=cue.lang)  # an aria-live region, or speech
        vibrate(cue.haptic)
        if cue.kind is CueKind.CHECK_IN:
            player.pause()  # no hurry: the clock waits for the answer
            note(ask_how_it_is_now())
            player.skip()  # answered: on to the next step
        elif player.state is PlayerState.PAUSED:  # after the cautions or an untimed step (wait_untimed)
            wait_for_the_next_button()
            player.resume()

``pause``, ``resume``, ``skip`` and ``repeat`` may also come from another thread (or, under
asyncio, from another task); a paused ``play()`` waits for them. Tests pass ``clock`` and
``sleep`` so that nothing really waits.
"""

from __future__ import annotations

import contextlib
import inspect
import math
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING

from distress_tolerance._play.cues import (
    HAPTICS,
    LABELS,
    Cue,
    CueKind,
    cues_to_ssml,
    cues_to_text,
    timeline,
)

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "HAPTICS",
    "LABELS",
    "Cue",
    "CueKind",
    "Player",
    "PlayerState",
    "cues_to_ssml",
    "cues_to_text",
    "timeline",
]

_POLL = 0.1
"""Seconds between two looks at a paused player when an injected ``sleep`` does the waiting."""
_EPSILON = 1e-9


class PlayerState(StrEnum):
    """Where a :class:`Player` is."""

    READY = "ready"
    """Not started."""
    PLAYING = "playing"
    """Handing out cues as they fall due."""
    PAUSED = "paused"
    """Stopped in place; time does not pass for the timeline."""
    FINISHED = "finished"
    """Every cue has been handed out."""


class Player:
    """Plays a cue timeline in real time (or on an injected clock).

    A cue is handed out when the timeline reaches its ``start``; each cue gets its full
    ``duration`` from the moment it is handed out, so a host that holds a cue too long delays
    the rest rather than getting a burst. Pausing and resuming never loses or repeats a cue.

    The controls work on groups of cues: a step's cues, or the cautions before the steps.
    Nothing ever skips a caution cue that has not been handed out yet.

    ``clock`` returns seconds (``time.monotonic`` by default). ``sleep`` waits: by default an
    event that the controls wake at once (``play``) or ``asyncio`` waiting on one (``aplay``).
    An injected ``sleep`` (for tests: one that moves a fake clock) is called with the time to
    the next cue, or with 0.1 s slices while paused; it may return early, and under ``aplay``
    it may return an awaitable. With ``wait_untimed`` the player pauses itself after the last
    cue of an untimed step and after the last caution, so a person reads at their own pace;
    ``resume()`` or ``skip()`` goes on.

    Calling ``play()`` or ``aplay()`` again takes over from the iterator before, which then ends;
    after the end, neither yields anything more.
    """

    def __init__(
        self,
        cues: Iterable[Cue],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
        wait_untimed: bool = False,
    ) -> None:
        self.cues: tuple[Cue, ...] = tuple(cues)
        self._clock = clock
        self._sleep = sleep
        self._wait_untimed = wait_untimed
        self._groups = _groups(self.cues)
        self._end = float(self.cues[-1].end) if self.cues else 0.0
        self._lock = threading.Lock()
        self._state = PlayerState.READY if self.cues else PlayerState.FINISHED
        self._next = 0  # the next cue to hand out
        self._current: int | None = None  # the last cue handed out
        self._offset = float(self.cues[0].start) if self.cues else 0.0  # timeline seconds at the anchor
        self._anchor = 0.0  # the clock at the anchor
        self._generation = 0  # the newest play()/aplay() drives; older ones end
        self._wake = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._async_wake: asyncio.Event | None = None

    @property
    def state(self) -> PlayerState:
        """Ready, playing, paused or finished."""
        return self._state

    @property
    def current(self) -> Cue | None:
        """The cue handed out last, or None before the first."""
        index = self._current
        return None if index is None else self.cues[index]

    @property
    def position(self) -> float:
        """Seconds into the timeline: frozen while paused, never past the next cue due."""
        with self._lock:
            return self._position(self._clock())

    @property
    def duration(self) -> int:
        """Seconds the whole timeline lasts."""
        return int(self._end)

    def pause(self) -> None:
        """Stop in place (only while playing); :meth:`resume` goes on from the same point."""
        with self._lock:
            if self._state is not PlayerState.PLAYING:
                return
            self._offset = self._position(self._clock())
            self._state = PlayerState.PAUSED
        self._notify()

    def resume(self) -> None:
        """Go on after :meth:`pause` (only while paused)."""
        with self._lock:
            if self._state is not PlayerState.PAUSED:
                return
            self._anchor = self._clock()
            self._state = PlayerState.PLAYING
        self._notify()

    def skip(self) -> None:
        """Leave the rest of the current step and play the next step from its start.

        During the cautions, go on to the first step once every caution has been handed out;
        cautions not handed out yet still come first (so before playing, a timeline that starts
        with cautions plays them). Playback resumes if it was paused. Nothing happens once the
        last step is over.
        """
        with self._lock:
            here = self._here()
            if here is None or not _controlled(self.cues[here]):
                return
            target = self._groups[here][1]
            unseen = (i for i in range(self._next, target) if self.cues[i].kind is CueKind.CAUTION)
            self._jump(next(unseen, target))
        self._notify()

    def repeat(self) -> None:
        """Play the current step, or the cautions, again from the start (resuming if paused)."""
        with self._lock:
            here = self._here()
            if here is None or not _controlled(self.cues[here]):
                return
            self._jump(self._groups[here][0])
        self._notify()

    def play(self) -> Iterator[Cue]:
        """Yield each cue when it falls due, waiting in between; ends after the last cue."""
        generation = self._take_over()
        while True:
            self._wake.clear()
            action = self._advance(generation)
            if isinstance(action, Cue):
                yield action
            elif action is None:
                return
            elif self._sleep is None:
                self._wake.wait(None if math.isinf(action) else action)
            else:
                self._sleep(_POLL if math.isinf(action) else action)

    async def aplay(self) -> AsyncIterator[Cue]:
        """Like :meth:`play`, for ``async for``: waiting never blocks the event loop."""
        import asyncio  # only hosts that use it pay for it

        generation = self._take_over()
        wake = asyncio.Event()
        with self._lock:
            self._loop, self._async_wake = asyncio.get_running_loop(), wake
        try:
            while True:
                wake.clear()
                action = self._advance(generation)
                if isinstance(action, Cue):
                    yield action
                elif action is None:
                    return
                elif self._sleep is None:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(wake.wait(), None if math.isinf(action) else action)
                else:
                    result = self._sleep(_POLL if math.isinf(action) else action)
                    if inspect.isawaitable(result):
                        await result
        finally:
            with self._lock:
                if self._async_wake is wake:
                    self._loop = self._async_wake = None

    def _take_over(self) -> int:
        with self._lock:
            self._generation += 1
            generation = self._generation
        self._notify()  # an older driver waiting now wakes up and ends
        return generation

    def _advance(self, generation: int) -> Cue | float | None:
        """The cue due now (handed out), the seconds to wait (inf while paused), or None: the end."""
        with self._lock:
            if generation != self._generation or self._state is PlayerState.FINISHED:
                return None
            now = self._clock()
            if self._state is PlayerState.READY:
                self._state, self._anchor = PlayerState.PLAYING, now
            if self._state is PlayerState.PAUSED:
                return math.inf
            position = self._offset + (now - self._anchor)
            if self._next >= len(self.cues):
                if position + _EPSILON >= self._end:
                    self._state, self._offset = PlayerState.FINISHED, self._end
                    return None
                return self._end - position
            cue = self.cues[self._next]
            if position + _EPSILON < cue.start:
                return cue.start - position
            self._current, self._next = self._next, self._next + 1
            self._offset, self._anchor = float(cue.start), now
            if self._next == len(self.cues) and cue.duration == 0:
                self._state = PlayerState.FINISHED
            elif self._wait_untimed and self._ends_untimed_group(self._current):
                self._state = PlayerState.PAUSED
            return cue

    def _position(self, now: float) -> float:
        if self._state is not PlayerState.PLAYING:
            return self._offset
        limit = self.cues[self._next].start if self._next < len(self.cues) else self._end
        return min(self._offset + (now - self._anchor), limit)

    def _here(self) -> int | None:
        if self._state is PlayerState.FINISHED:
            return None
        if self._current is not None:
            return self._current
        return self._next if self._next < len(self.cues) else None

    def _jump(self, index: int) -> None:
        self._next = index
        self._offset = float(self.cues[index].start) if index < len(self.cues) else self._end
        self._anchor = self._clock()
        if self._state is PlayerState.PAUSED:
            self._state = PlayerState.PLAYING

    def _ends_untimed_group(self, index: int) -> bool:
        """True for the last cue of an untimed step or of untimed cautions."""
        first, after = self._groups[index]
        return (
            _controlled(self.cues[index])
            and index == after - 1
            and all(c.duration == 0 for c in self.cues[first:after])
        )

    def _notify(self) -> None:
        self._wake.set()
        loop, wake = self._loop, self._async_wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
                loop.call_soon_threadsafe(wake.set)


def _controlled(cue: Cue) -> bool:
    """True for the cues skip, repeat and wait_untimed act on: a step's, or a caution."""
    return cue.kind is CueKind.CAUTION or cue.step_id is not None


def _group(cue: Cue) -> tuple[bool, str | None]:
    """What a cue belongs to: the cautions, one step, or (``finish``) neither."""
    return (cue.kind is CueKind.CAUTION, cue.step_id)


def _groups(cues: tuple[Cue, ...]) -> list[tuple[int, int]]:
    """For each cue, the first index of its group and the index after its group's last cue.

    A group is a run of cues of one step, or a run of cautions.
    """
    spans: list[tuple[int, int]] = []
    first = 0
    for index in range(1, len(cues) + 1):
        if index == len(cues) or _group(cues[index]) != _group(cues[first]):
            spans.extend([(first, index)] * (index - first))
            first = index
    return spans
