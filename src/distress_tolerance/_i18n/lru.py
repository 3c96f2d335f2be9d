"""A small thread-safe least-recently-used mapping, for the bounded caches of the i18n and render
layers (and each renderer's output cache)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["LRU", "clear_shared", "shared"]

V = TypeVar("V")


class LRU(Generic[V]):
    """At most ``size`` values by key; the least recently used go first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key``, made (outside the lock) and kept when missing.

        A hit never waits: the lookup is one atomic dict read, and the entry is marked recently
        used only if the lock is free at that moment (under contention, recency is approximate;
        size is always bounded). Renders on many threads hit these caches on every call."""
        found = self._items.get(key)
        if found is not None:
            if self._lock.acquire(blocking=False):
                try:
                    self._items.move_to_end(key)
                except KeyError:  # evicted meanwhile by another thread
                    pass
                finally:
                    self._lock.release()
            return found
        value = make()
        with self._lock:
            value = self._items.setdefault(key, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def find(self, key: Hashable) -> V | None:
        """The value for ``key`` if kept (one atomic read: never waits, never marks it recent)."""
        return self._items.get(key)

    def __len__(self) -> int:
        return len(self._items)

    def values(self) -> list[V]:
        """The values kept now, least recently used first."""
        with self._lock:
            return list(self._items.values())

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._items.clear()


_shared: list[LRU[object]] = []


def shared(size: int) -> LRU[V]:
    """A process-wide cache that :func:`distress_tolerance.clear_caches` empties (for caches of
    layers the library module does not import, such as the renderer's)."""
    cache: LRU[V] = LRU(size)
    _shared.append(cache)  # type: ignore[arg-type]
    return cache


def clear_shared() -> None:
    """Empty every cache made by :func:`shared`."""
    for cache in _shared:
        cache.clear()
