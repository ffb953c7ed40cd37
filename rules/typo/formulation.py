"""Detector 2: near misses of fixed political formulations and agency names.

A span that differs from a formulation of ``data/formulations.txt`` (length ≥ 4) by exactly one
character — substituted, dropped or added, never at its first or last character — is reported
with the formulation as the suggestion, unless the span is itself a known formulation or a
known correct variant. Candidate windows are found by exact search for either half of each
formulation (one edit leaves one half intact), then checked with rapidfuzz. Only the anchors a
text holds are searched for (one compiled pattern of all of them says whether there is any).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lm
from .common import Hit, data_lines, is_cjk, make_hit
from .lexicon import formulations

SOURCE = "formulation"
PLAIN_WORD_FREQ = 50
PLAIN_SINGLE_FREQ = 20_000  # 党, 和, 与, 的: one-character words common enough to stand alone
PLAIN_MAX_LEN = 6  # longer formulations have no legitimate one-character variants


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(formulations())


@lru_cache(maxsize=1)
def _anchors() -> tuple[tuple[str, str, int], ...]:
    """(formulation, anchor, offset of the anchor in the formulation)."""
    out = []
    for term in formulations():
        half = len(term) // 2
        out.append((term, term[:half], 0))
        out.append((term, term[half:], half))
    return tuple(out)


def _one_edit_inside(window: str, term: str) -> bool:
    """``window`` is one interior substitution, deletion or insertion away from ``term``."""
    from rapidfuzz.distance import Levenshtein

    if term in window or Levenshtein.distance(window, term, score_cutoff=1) != 1:
        return False
    if window[0] != term[0] or window[-1] != term[-1]:
        return False
    # The changed character must be a Chinese character (not a digit, space or punctuation).
    changed = [ch for ch in set(window) ^ set(term)]
    return all(is_cjk(ch) for ch in changed)


@lru_cache(maxsize=1)
def _anchor_index() -> tuple[re.Pattern, dict[str, tuple[int, ...]], tuple[int, ...]]:
    """What finds the anchors a text holds without trying each: a pattern of every anchor
    (none found: nothing to do), and the anchors (by number) per first two characters, plus
    those of one character."""
    by_pair: dict[str, list[int]] = {}
    single: list[int] = []
    for n, (_term, anchor, _offset) in enumerate(_anchors()):
        if len(anchor) >= 2:
            by_pair.setdefault(anchor[:2], []).append(n)
        elif anchor:
            single.append(n)
    words = sorted({a for _, a, _ in _anchors() if a}, key=lambda a: (-len(a), a))
    pattern = re.compile("|".join(map(re.escape, words)) or r"(?!)")
    return pattern, {k: tuple(v) for k, v in by_pair.items()}, tuple(single)


def _anchors_in(text: str) -> list[tuple[str, str, int]]:
    """The anchors of :func:`_anchors` that occur in ``text``, in their order there."""
    pattern, by_pair, single = _anchor_index()
    if pattern.search(text) is None:
        return []
    numbers = set(single)
    for i in range(len(text) - 1):
        found = by_pair.get(text[i:i + 2])
        if found:
            numbers.update(found)
    anchors = _anchors()
    return [anchors[n] for n in sorted(numbers)]


def check(text: str) -> list[Hit]:
    candidates = _anchors_in(text)
    if not candidates:
        return []
    known = _known()
    found: dict[tuple[int, int], Hit] = {}
    for term, anchor, offset in candidates:
        pos = text.find(anchor)
        while pos != -1:
            base = pos - offset  # where the term would start
            for length in (len(term) - 1, len(term), len(term) + 1):
                # the edit may shift the far half by one in either direction
                starts = {base} if offset == 0 else {base, base - 1, base + 1}
                for start in starts:
                    end = start + length
                    if start < 0 or end > len(text):
                        continue
                    window = text[start:end]
                    if window in known or not _one_edit_inside(window, term):
                        continue
                    if window in _correct_variants() or _is_other_known(text, start, end, known):
                        continue
                    if len(term) <= PLAIN_MAX_LEN and _is_plain_words(window, loose=length != len(term)):
                        continue
                    found.setdefault((start, end), make_hit(text, start, end, term, SOURCE, 1.0))
            pos = text.find(anchor, pos + 1)
    return _drop_overlaps(sorted(found.values(), key=lambda h: (h.start, -(h.end - h.start))))


def _is_other_known(text: str, start: int, end: int, known: frozenset[str]) -> bool:
    """The window is part of (or is) another correct formulation written out in full."""
    for term in known:
        i = text.find(term, max(0, start - len(term)), end + len(term))
        if i != -1 and i < end and i + len(term) > start and (i <= start and i + len(term) >= end):
            return True
    return False


@lru_cache(maxsize=1)
def _correct_variants() -> frozenset[str]:
    """Correct common phrases one character off a formulation (党和政府 against 党委和政府)."""
    return frozenset(line.strip() for line in data_lines("correct_variants.txt") or ())


def _is_plain_words(window: str, loose: bool = False) -> bool:
    """The window reads as ordinary common words (核心知识 is not a miss of 核心意识).

    ``loose`` (a character added or dropped, not changed): common one-character words count
    too, so 党和政府 (党 / 和 / 政府) is a phrase of its own, not 党委和政府 missing 委.
    """
    words = lm.words(window)
    return all((len(w) >= 2 and lm.word_freq(w) >= PLAIN_WORD_FREQ)
               or (loose and len(w) == 1 and lm.word_freq(w) >= PLAIN_SINGLE_FREQ)
               for w, _, _ in words)


def _drop_overlaps(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for hit in hits:
        if out and hit.start < out[-1].end:
            continue
        out.append(hit)
    return out
