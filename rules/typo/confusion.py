"""Detector 1: a hand-curated list of wrong → right pairs seen in official writing.

``data/confusions.tsv``: ``wrong<TAB>right[<TAB>guard]``. ``guard`` is an optional regular
expression that must match the text at the start of the wrong span (so it includes the span,
e.g. ``截止(?:到)?(?:目前|\\d)`` for 截止→截至); without it the pair fires anywhere, unless the
span cuts through a dictionary word of the sentence (按装 in 按装修… is 按/装修, not 按装).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .common import Hit, data_lines, make_hit

SOURCE = "confusion"


@dataclass(frozen=True)
class Pair:
    wrong: str
    right: str
    guard: re.Pattern | None
    check_words: bool  # skip when the span cuts through a word (no guard given)


@lru_cache(maxsize=1)
def pairs() -> tuple[dict[str, list[Pair]], re.Pattern | None]:
    by_wrong: dict[str, list[Pair]] = {}
    for line in data_lines("confusions.tsv"):
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        wrong, right = parts[0].strip(), parts[1].strip()
        guard = parts[2].strip() if len(parts) > 2 else ""
        if not wrong or not right or wrong == right:
            continue
        by_wrong.setdefault(wrong, []).append(
            Pair(wrong, right, re.compile(guard) if guard else None, check_words=not guard))
    if not by_wrong:
        return {}, None
    alternation = "|".join(re.escape(w) for w in sorted(by_wrong, key=len, reverse=True))
    return by_wrong, re.compile(f"(?=({alternation}))")


def _cuts_a_word(text: str, start: int, end: int, wrong: str) -> bool:
    """True when jieba's segmentation of the surroundings has a word crossing the span edge."""
    from . import lm

    lo, hi = max(0, start - 6), min(len(text), end + 6)
    for word, s, e in lm.words(text[lo:hi]):
        s, e = s + lo, e + lo
        if len(word) < 2 or word == wrong:
            continue
        crosses = (s < start < e) or (s < end < e)
        if crosses and lm.word_freq(word) >= 20:
            return True
    return False


def check(text: str) -> list[Hit]:
    by_wrong, pattern = pairs()
    if pattern is None:
        return []
    hits: list[Hit] = []
    taken_until = -1
    for m in pattern.finditer(text):
        start = m.start()
        wrong = m.group(1)
        if start < taken_until:
            continue
        for pair in by_wrong[wrong]:
            end = start + len(wrong)
            if pair.guard is not None and not pair.guard.match(text, start):
                continue
            if pair.check_words and _cuts_a_word(text, start, end, wrong):
                continue
            hits.append(make_hit(text, start, end, pair.right, SOURCE, score=1.0))
            taken_until = end
            break
    return hits
