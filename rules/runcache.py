"""Memo caches that serve one run's rules and are emptied when they are done.

A cache of titles, URLs or breadcrumbs helps while the rules read a run, then holds tens of
thousands of a site's strings for nothing (through the reports, and the next site's audit):
:func:`run_cache` is ``functools.lru_cache`` that :func:`release` empties. Only for pure
functions: emptying changes nothing but the time of the next call.
"""

from __future__ import annotations

from functools import lru_cache

_CACHES: list = []


def run_cache(maxsize: int):
    """``lru_cache(maxsize)``, emptied by :func:`release`."""
    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached

    return wrap


def release() -> None:
    """Empty every :func:`run_cache`."""
    for cached in _CACHES:
        cached.cache_clear()


def entries() -> int:
    """Entries the run caches hold (tests read it)."""
    return sum(c.cache_info().currsize for c in _CACHES)
