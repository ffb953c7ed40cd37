"""Detector 4: single-character substitutions judged by a character n-gram model and jieba.

For each Chinese character, the candidates are the characters it is often mistaken for: the
same or a similar toneless pinyin, a listed shape pair, or a pair mined from real errors
(:func:`rules.typo.statistical.related`). A candidate is scored only when it makes a character
bigram the model has seen with a neighbour; its score combines the gain in log probability
under the character model (:mod:`.charlm`, the four positions it touches) and under jieba's
word model (:func:`rules.typo.lm.score`, a window of four characters each side), weighted as
fitted on the tuning split of benchmarks/typo_eval.py. The best candidate of a position is
reported when its score passes ``THRESHOLD``.

Work per character is bounded (windows of fixed width, a bounded candidate list), so a text is
checked in time linear in its length.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import charlm, lm, statistical
from .common import Hit, make_hit

SOURCE = "ngram"
WINDOW = 4
# Score = char_gain + WORD_WEIGHT·word_gain + MINED_WEIGHT·ln(1 + times the pair was seen in real
# errors) + SAME_BONUS (same toneless pinyin) − RARITY_WEIGHT·ln(1 + count of the written
# character). Fitted by five-fold cross-validation inside the tuning split (models rebuilt
# without each fold) for a sentence precision of about 0.94; the held-out split was not used.
WORD_WEIGHT = 1.0
MINED_WEIGHT = 4.0
SAME_BONUS = 2.0
RARITY_WEIGHT = 1.0
THRESHOLD = 8.0
_CLAUSE_RE = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Scored:
    pos: int
    char: str
    kind: str
    char_gain: float
    word_gain: float
    mined: int
    rarity: int

    @property
    def score(self) -> float:
        return (self.char_gain + WORD_WEIGHT * self.word_gain + MINED_WEIGHT * math.log1p(self.mined)
                + (SAME_BONUS if self.kind == "same" else 0.0) - RARITY_WEIGHT * math.log1p(self.rarity))


def _mined() -> dict[tuple[str, str], int]:
    return statistical.mined_counts()


def candidates(clause: str, pos: int):
    """(char, kind) pairs worth scoring at ``pos``: related and seen next to a neighbour."""
    st = charlm.state()
    rel = statistical.related(clause[pos])
    near: set[str] = set()
    if pos > 0:
        near |= st["after"].get(clause[pos - 1], set()) & rel.keys()
    if pos + 1 < len(clause):
        near |= st["before"].get(clause[pos + 1], set()) & rel.keys()
    return [(ch, rel[ch]) for ch in sorted(near)]


def score_position(clause: str, pos: int, old: list[float] | None = None) -> Scored | None:
    lo, hi = max(0, pos - WINDOW), min(len(clause), pos + WINDOW + 1)
    base = None
    best: Scored | None = None
    mined = _mined()
    for ch, kind in candidates(clause, pos):
        cg = charlm.substitution_gain(clause, pos, ch, old)
        if cg <= 0:
            continue
        if base is None:
            base = lm.score(clause[lo:hi])
        wg = lm.score(clause[lo:pos] + ch + clause[pos + 1:hi]) - base
        cand = Scored(pos, ch, kind, cg, wg, mined.get((clause[pos], ch), 0), charlm.count(clause[pos]))
        if best is None or cand.score > best.score:
            best = cand
    return best


def _shown_span(clause: str, cand: Scored) -> tuple[int, int]:
    """The character and the neighbour it reads with once corrected (大数局 → 数局 / 数据)."""
    p, ch = cand.pos, cand.char
    left = charlm.count(clause[p - 1] + ch) if p > 0 else -1
    right = charlm.count(ch + clause[p + 1]) if p + 1 < len(clause) else -1
    return (p - 1, p + 1) if left >= right else (p, p + 2)


def check(text: str, threshold: float | None = None) -> list[Hit]:
    limit = THRESHOLD if threshold is None else threshold
    hits: list[Hit] = []
    skip = statistical.skipped_positions(text)
    for m in _CLAUSE_RE.finditer(text):
        clause, offset = m.group(), m.start()
        if len(clause) < 2:
            continue
        found = []
        old = charlm.log_probs(clause)
        for pos in range(len(clause)):
            if offset + pos in skip:
                continue
            best = score_position(clause, pos, old)
            if best is not None and best.score > limit:
                found.append(best)
        found.sort(key=lambda c: -c.score)
        taken: list[Scored] = []
        for cand in found:  # one correction per pair of neighbouring characters
            if any(abs(cand.pos - t.pos) <= 1 for t in taken):
                continue
            taken.append(cand)
        for cand in sorted(taken, key=lambda c: c.pos):
            s, e = _shown_span(clause, cand)
            fixed = clause[s:cand.pos] + cand.char + clause[cand.pos + 1:e]
            hits.append(make_hit(text, offset + s, offset + e, fixed, SOURCE, round(cand.score, 2)))
    return hits
