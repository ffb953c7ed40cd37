"""Entry points of the typo checker: ``check_text`` for one text, ``check_lines`` for a draft."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from . import confusion, formulation, govlm, ngram, propernouns, script, statistical
from .common import CJK_RE, Hit, context_of

RULE_ID = "text.typo"
DETECTORS = {
    "confusion": confusion.check,
    "formulation": formulation.check,
    "statistical": statistical.check,
    "ngram": ngram.check,
    "script": script.check,
}
# When two detectors flag overlapping spans, the more specific one wins.
PRIORITY = {"script": 0, "confusion": 1, "formulation": 2, "statistical": 3, "ngram": 4}
# Detectors that guess from statistics, and so would "correct" names their models lack.
GUESSING = frozenset({"statistical", "ngram"})
# Detectors whose hits in a sentence depend on that sentence alone (they read runs of Chinese
# characters, a formulation's length or a guard that stops at 。；！？), so a sentence can be
# checked once and its hits reused wherever it recurs. The script detector compares the whole
# text with its OpenCC conversion and a stray English word with the character before it: it
# always reads the whole text.
SENTENCE_LOCAL = frozenset({"confusion", "formulation", "statistical", "ngram"})
_SENTENCE_END_RE = re.compile(r"[。；！？]+")
# A short parenthetical the n-gram detector reads through (抵（质）押): never cut inside one.
_PAREN_RE = re.compile(r"[（(][^（）()\n]{1,6}[）)]")
# The pieces of a text cut after each run of 。；！？ (and the rest), in one C-speed pass.
_PIECE_RE = re.compile(r"[^。；！？]*[。；！？]+|[^。；！？]+")
# A run of 。；！？ can sit inside a short parenthetical only where this matches: without it, no
# cut is skipped and the pieces are those of _PIECE_RE.
_PAREN_END_RE = re.compile(r"[（(][^（）()\n]{0,5}[。；！？]")
# A sentence up to this length is its own cache key (a str hashes at C speed and caches its
# hash); a longer one is keyed by a 16-byte BLAKE2b digest, so no entry holds a long text.
KEY_CHARS = 64
_DIGIT_RE = re.compile(r"[0-9]")
_ZEROS = str.maketrans("123456789", "000000000")


def _covers_digit(sentence: str, found: tuple[tuple[Hit, ...], ...]) -> bool:
    return any(_DIGIT_RE.search(sentence, hit.start, hit.end) for hits in found for hit in hits)


class SentenceCache:
    """Hits of the sentence-local detectors per distinct sentence, for one audit run.

    Portal pages repeat the same boilerplate (footers, 通知 formulas, 责任编辑 lines) on
    thousands of pages: each distinct sentence is checked once. Keys are the sentence itself
    up to ``KEY_CHARS`` characters and a 16-byte BLAKE2b digest of a longer one, so an entry
    costs little memory whatever the sentence's length; at ``max_entries`` it starts afresh
    (bounded memory on any store).
    """

    def __init__(self, max_entries: int = 200_000):
        self.max_entries = max_entries
        self._hits: dict[tuple[str, str | bytes], tuple[Hit, ...]] = {}
        # detector names -> sentence key -> the hits of each of them
        self._groups: dict[tuple[str, ...], dict[str | bytes, tuple[tuple[Hit, ...], ...]]] = {}
        self._grouped = 0  # entries in all of _groups
        self._nothing: dict[tuple[str, ...], tuple[tuple[Hit, ...], ...]] = {}  # names -> ((), …)
        # each clause's hits for the detectors that read clause by clause (a title's words
        # around a number recur on every page even when the title does not)
        self.clauses: dict[str, dict] = {"statistical": {}, "ngram": {}}
        self.checked = 0  # sentences checked by a detector
        self.reused = 0   # sentences answered from the cache

    def hits(self, name: str, sentence: str, key: str | bytes | None = None) -> tuple[Hit, ...]:
        """The hits of detector ``name`` in ``sentence`` (``key``: its :meth:`key`)."""
        entry = (name, key if key is not None else self.key(sentence))
        found = self._hits.get(entry)
        if found is not None:
            self.reused += 1
            return found
        if len(self._hits) >= self.max_entries:
            self._hits.clear()
        self.checked += 1
        memo = self.clauses.get(name)
        found = tuple(DETECTORS[name](sentence) if memo is None else DETECTORS[name](sentence, memo=memo))
        self._hits[entry] = found
        return found

    def group_hits(self, names: tuple[str, ...], sentence: str) -> tuple[tuple[Hit, ...], ...]:
        """:meth:`hits` of each detector of ``names``, remembered together (one look-up).

        Sentences that differ only in their ASCII digits (``第12号`` / ``第347号`` titles, dates,
        counts) share one entry: the detectors read a digit only as a digit, never its value, so
        their hits are the same; an entry is shared only when none of its hits covers a digit
        (the evidence is then the same characters too).
        """
        key = sentence if len(sentence) <= KEY_CHARS else self.key(sentence)
        group = self._groups.get(names)
        if group is None:
            group = self._groups[names] = {}
        found = group.get(key)
        shared = None
        if found is None and _DIGIT_RE.search(sentence):
            shared = self.shared_key(sentence)
            found = group.get(shared)
        if found is None:
            if self._grouped >= self.max_entries:
                self._groups.clear()
                self._grouped = 0
                group = self._groups[names] = {}
            found = tuple(self.hits(name, sentence, key) for name in names)
            if not any(found):  # most sentences: one shared value that says "nothing"
                found = self._nothing.setdefault(names, found)
            elif shared is not None and _covers_digit(sentence, found):
                shared = None
            group[key if shared is None else shared] = found
            self._grouped += 1
        else:
            self.reused += len(names)
        return found

    @classmethod
    def shared_key(cls, sentence: str) -> tuple[str, str | bytes]:
        """The key of every sentence equal to ``sentence`` but for its ASCII digits (a tuple: it
        never equals a sentence's own key)."""
        return ("0", cls.key(sentence.translate(_ZEROS)))

    @staticmethod
    def key(sentence: str) -> str | bytes:
        if len(sentence) <= KEY_CHARS:
            return sentence
        return hashlib.blake2b(sentence.encode("utf-8"), digest_size=16).digest()


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces covering ``text``: each ends after a run of 。；！？, never inside
    a short parenthetical. Pieces without a Chinese character are left out (nothing to find)."""
    if _PAREN_END_RE.search(text) is None:  # no cut to skip: one regex pass
        out = []
        offset = 0
        for piece in _PIECE_RE.findall(text):
            if CJK_RE.search(piece):
                out.append((offset, piece))
            offset += len(piece)
        return out
    return list(_sentences_around_parentheticals(text))


def _sentences_around_parentheticals(text: str) -> Iterator[tuple[int, str]]:
    inside = bytearray(len(text) + 1)
    for m in _PAREN_RE.finditer(text):
        inside[m.start() + 1:m.end()] = b"\x01" * (m.end() - m.start() - 1)
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if inside[m.end()]:
            continue
        if CJK_RE.search(text, start, m.end()):
            yield start, text[start:m.end()]
        start = m.end()
    if start < len(text) and CJK_RE.search(text, start):
        yield start, text[start:]


def _by_sentence(text: str, names: list[str], cache: SentenceCache) -> dict[str, list[Hit]]:
    """The hits of each detector of ``names`` in ``text``, sentence by sentence through ``cache``
    (the text split and each sentence looked up once for all of them).

    The common case is inlined (a sentence seen before, without a parenthetical to read
    through): one dictionary look-up per sentence; everything else goes through
    :meth:`SentenceCache.group_hits`, which counts and fills the cache.
    """
    out: dict[str, list[Hit]] = {name: [] for name in names}
    group = tuple(names)
    if _PAREN_END_RE.search(text) is None:
        pieces = _PIECE_RE.findall(text)
        known = cache._groups.get(group)
        get = known.get if known is not None else {}.get
        nothing = cache._nothing.get(group)
        looked_up = 0  # sentences answered by get()
        offset = 0
        for piece in pieces:
            found_all = get(piece)  # None for a long one: it is keyed by its digest
            if found_all is None:
                if not CJK_RE.search(piece):
                    offset += len(piece)
                    continue
                found_all = cache.group_hits(group, piece)
                get = cache._groups[group].get  # group_hits may have started afresh
                nothing = cache._nothing.get(group)
            else:
                looked_up += 1
            if found_all is not nothing and any(found_all):
                _shift(text, offset, group, found_all, out)
            offset += len(piece)
        cache.reused += looked_up * len(group)
        return out
    for offset, piece in sentences(text):
        found_all = cache.group_hits(group, piece)
        if any(found_all):
            _shift(text, offset, group, found_all, out)
    return out


def _shift(text: str, offset: int, names: tuple[str, ...], found_all, out: dict[str, list[Hit]]) -> None:
    """Hits found in a sentence at ``offset`` of ``text``, placed in the text."""
    for name, found in zip(names, found_all):
        for hit in found:
            start, end = hit.start + offset, hit.end + offset
            out[name].append(replace(hit, start=start, end=end, context=context_of(text, start, end)))


@lru_cache(maxsize=64)
def _plan(detectors: tuple[str, ...] | None) -> tuple[list[str], list[str]]:
    """The detectors to run (checked once per distinct list), and those of them that are
    sentence-local."""
    names = list(detectors) if detectors is not None else list(DETECTORS)
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise ValueError(f"unknown typo detectors: {unknown}; known: {sorted(DETECTORS)}")
    return names, [n for n in names if n in SENTENCE_LOCAL]


def check_text(text: str, detectors: Iterable[str] | None = None,
               site_words: frozenset[str] = frozenset(),
               cache: SentenceCache | None = None) -> list[Hit]:
    """Suspected typos in ``text``, in reading order, without overlapping spans.

    ``site_words``: names the page's own site uses (menus, 机构/乡镇 lists); a statistical guess
    inside one of them, or inside a person's or place's name, is dropped. ``cache``: check each
    distinct sentence once across calls (an audit run); the hits are the same as without it.
    """
    if not text:
        return []
    names, local_names = _plan(tuple(detectors) if detectors is not None else None)
    hits: list[Hit] = []
    local = _by_sentence(text, local_names, cache) if cache is not None else {}
    for name in names:
        hits.extend(local[name] if name in local else DETECTORS[name](text))
    if not hits:  # most texts
        return []
    if any(h.source in GUESSING for h in hits):
        names_at = propernouns.protected(text, site_words)
        hits = [h for h in hits if h.source not in GUESSING
                or not (any(i in names_at for i in range(h.start, h.end))
                        or govlm.vetoed(text, h.start, h.end, h.suggestion, h.source))]
    hits.sort(key=lambda h: (PRIORITY[h.source], h.start))
    taken: set[int] = set()  # spans are short, so marking them keeps this linear
    kept: list[Hit] = []
    for hit in hits:
        span = range(hit.start, hit.end)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def check_lines(lines: Iterable[str], detectors: Iterable[str] | None = None) -> Iterator[dict]:
    """One JSON-ready dict per hit; ``line`` is 1-based."""
    names = list(detectors) if detectors is not None else None
    for number, line in enumerate(lines, start=1):
        for hit in check_text(line.rstrip("\r\n"), names):
            yield {"line": number, "rule": RULE_ID, "evidence": hit.evidence,
                   "suggestion": hit.suggestion, "start": hit.start, "end": hit.end,
                   "context": hit.context, "source": hit.source}


def warm_up() -> None:
    """Load the dictionaries and indexes now rather than on the first text."""
    check_text("按装设备，推进习近平新时代中国特色社会主义思想学习，大数局产业。")
