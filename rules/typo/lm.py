"""A unigram word language model over jieba's dictionary, loaded lazily once.

``score(text)`` is the log probability of the best segmentation of ``text`` (jieba's own DAG
dynamic programme), so replacing one character by another can be judged by the change in score.
"""

from __future__ import annotations

import logging
import math
import threading
from functools import lru_cache

from .lexicon import GOV_WORD_COUNT, extra_words, formulations, gov_words

_LOCK = threading.Lock()
_STATE: dict = {}

OOV_LOGP = None  # set at load: log(1 / total)


def _load() -> dict:
    if _STATE:
        return _STATE
    with _LOCK:
        if _STATE:
            return _STATE
        import jieba

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        freq = tok.FREQ
        # Terms of official writing that jieba's dictionary lacks or underweights.
        for term in formulations():
            _add_word(freq, term, 2000)
        for word, count in extra_words():
            _add_word(freq, word, count)
        # Words of laws, regulations and 政府工作报告 jieba lacks (渔政, 提质): real words.
        for word in gov_words():
            _add_word(freq, word, GOV_WORD_COUNT)
        total = tok.total
        _STATE.update(tok=tok, freq=freq, logtotal=math.log(total))
    return _STATE


def _add_word(freq: dict, word: str, count: int) -> None:
    if freq.get(word, 0) < count:
        freq[word] = count
    for i in range(1, len(word)):
        freq.setdefault(word[:i], 0)


def state() -> dict:
    return _load()


def tokenizer():
    return _load()["tok"]


def word_freq(word: str) -> int:
    return _load()["freq"].get(word) or 0


@lru_cache(maxsize=200_000)
def score(text: str) -> float:
    """Log probability of the most likely segmentation of ``text`` (jieba's calc)."""
    st = _load()
    freq, logtotal = st["freq"], st["logtotal"]
    n = len(text)
    # DAG
    dag = {}
    for k in range(n):
        ends = []
        i = k
        frag = text[k]
        while i < n and frag in freq:
            if freq[frag]:
                ends.append(i)
            i += 1
            frag = text[k:i + 1]
        if not ends:
            ends.append(k)
        dag[k] = ends
    route = [0.0] * (n + 1)
    for idx in range(n - 1, -1, -1):
        route[idx] = max(math.log(freq.get(text[idx:x + 1]) or 1) - logtotal + route[x + 1]
                         for x in dag[idx])
    return route[0]


def words(text: str) -> list[tuple[str, int, int]]:
    """jieba's segmentation of ``text`` as (word, start, end) triples (HMM off)."""
    return list(_words(text))


@lru_cache(maxsize=100_000)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    # the detectors segment the same clauses and windows several times: once each
    tok = tokenizer()
    return tuple((w, s, e) for w, s, e in tok.tokenize(text, HMM=False))
