"""Counting hits per client address in a window (failed lookups, submissions).

Once ``limit`` hits are counted the caller refuses the address until the
window ends: for failed lookups, right code or not, so codes cannot be
enumerated.
"""

from __future__ import annotations

from django.core.cache import cache


def key_for(prefix: str, address: str) -> str:
    return f"{prefix}:{address or 'unknown'}"


def limit_reached(key: str, *, limit: int) -> bool:
    return cache.get(key, 0) >= limit


def count_hit(key: str, *, window_seconds: int) -> None:
    # add() starts the window only once; incr() keeps its expiry.
    cache.add(key, 0, window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
