"""A character n-gram language model (n ≤ 4, Witten–Bell interpolation), loaded lazily once.

The counts are ``data/char_ngrams.tsv.gz`` (built by benchmarks/typo_build.py from text the
package may ship; its header names the sources and licences). ``logp(text, i)`` is the log
probability of ``text[i]`` given the up to three characters before it; a one-character
substitution changes only the terms of its own position and the three after it, so scoring a
candidate costs a constant number of look-ups whatever the length of the text.
"""

from __future__ import annotations

import gzip
import math
import threading
from functools import lru_cache

from .common import DATA_DIR

ORDER = 4
FILE = "char_ngrams.tsv.gz"
BASE_FILE = "char_unigrams.tsv.gz"
_LOCK = threading.Lock()
_STATE: dict = {}
# log P(gram[-1] | gram[:-1]) by gram (history and character): a text scores the same few
# thousand n-grams over and over, so each is computed once per model (cleared by install).
_LOGP: dict[str, float] = {}
_LOGP_MAX = 2_000_000


def _load() -> dict:
    if _STATE:
        return _STATE
    with _LOCK:
        if _STATE:
            return _STATE
        _STATE.update(_derive(_read(FILE)))
    return _STATE


def _read(name: str) -> dict[str, int]:
    return read_counts(DATA_DIR / name)


def read_counts(path) -> dict[str, int]:
    """``gram<TAB>count`` lines of a gzip file (``#`` lines are comments); {} when it is absent."""
    counts: dict[str, int] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                gram, _, n = line.rstrip("\n").partition("\t")
                if gram and n:
                    counts[gram] = int(n)
    return counts


@lru_cache(maxsize=1)
def _base() -> tuple[dict[str, int], int, int]:
    """General character frequencies (data/char_unigrams.tsv.gz, from jieba's dictionary)."""
    chars = _read(BASE_FILE)
    return chars, sum(chars.values()), len(chars)


def _derive(counts: dict[str, int]) -> dict:
    followers: dict[str, int] = {}
    after: dict[str, set[str]] = {}   # character → characters seen right after it
    before: dict[str, set[str]] = {}  # character → characters seen right before it
    unigrams = 0
    for gram, n in counts.items():
        if len(gram) == 1:
            unigrams += n
        else:
            h = gram[:-1]
            followers[h] = followers.get(h, 0) + 1
            if len(gram) == 2:
                after.setdefault(gram[0], set()).add(gram[1])
                before.setdefault(gram[1], set()).add(gram[0])
    return {"counts": counts, "followers": followers, "total": max(unigrams, 1),
            "vocab": max(sum(1 for g in counts if len(g) == 1), 1), "after": after, "before": before}


def install(counts: dict[str, int]) -> None:
    """Use ``counts`` instead of the shipped file (the benchmark's cross-validation)."""
    with _LOCK:
        _STATE.clear()
        _LOGP.clear()
        _STATE.update(_derive(counts))


def state() -> dict:
    return _load()


def count(gram: str) -> int:
    return _load()["counts"].get(gram, 0)


def prob(history: str, ch: str) -> float:
    """P(ch | history), Witten–Bell interpolation of the domain counts down to the domain
    unigram, itself interpolated with the general (jieba) character frequencies."""
    st = _load()
    counts, followers = st["counts"], st["followers"]
    chars, total, vocab = _base()
    p = (chars.get(ch, 0) + 1) / (total + vocab + 1)
    p = (counts.get(ch, 0) + st["vocab"] * p) / (st["total"] + st["vocab"])
    for k in range(len(history) - 1, -1, -1):
        h = history[k:]
        ch_count = counts.get(h, 0)
        if not ch_count:
            break
        types = followers.get(h, 0)
        if not types:  # its continuations were pruned: nothing to interpolate
            break
        p = (counts.get(h + ch, 0) + types * p) / (ch_count + types)
    return p


def logp_of(gram: str) -> float:
    """log P(gram[-1] | gram[:-1]), memoised."""
    lp = _LOGP.get(gram)
    if lp is None:
        if len(_LOGP) >= _LOGP_MAX:
            _LOGP.clear()
        lp = _LOGP[gram] = math.log(prob(gram[:-1], gram[-1]))
    return lp


def logp(text: str, i: int) -> float:
    return logp_of(text[max(0, i - ORDER + 1):i + 1])


def log_probs(text: str) -> list[float]:
    """``logp(text, i)`` for every position, computed once per text."""
    return [logp(text, i) for i in range(len(text))]


def substitution_gain(text: str, i: int, ch: str, old: list[float] | None = None) -> float:
    """Change in log probability of ``text`` when ``text[i]`` is replaced by ``ch``.

    ``old``: :func:`log_probs` of ``text``, when the caller scores many candidates of it.
    """
    lo = max(0, i - ORDER + 1)
    hi = min(len(text), i + ORDER)
    new = text[lo:i] + ch + text[i + 1:hi]
    gain = 0.0
    for j in range(i - lo, hi - lo):
        gain += logp_of(new[max(0, j - ORDER + 1):j + 1])
        gain -= old[lo + j] if old is not None else logp(text, lo + j)
    return gain
