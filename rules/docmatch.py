"""Find the document an interpretation (解读) explains, among the documents of the site.

Clues, strongest first: a 文号 in the interpretation's title, a 《》 title in its title, the
similarity of the titles, then a 文号 or 《》 title at the head of its text. Titles are compared
after normalisation (rules.titles.document_keys) with rapidfuzz. No Rule subclass here.

Both look-ups are indexed so that a site of 100,000 pages is not matched all pairs against all
pairs: 文号 by (year, sequence), titles by an exact-key table and, for the fuzzy case, by
prefix filtering (:class:`TitleIndex`), which hands rapidfuzz only the keys that can reach the
threshold. The answers are those of the brute-force scan (``brute_force=True``), first key on ties.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .docnumber import find_numbers, is_absent, number_parts, same_number
from .runcache import run_cache
from .titles import document_key_set, quoted_titles, title_core

MIN_CORE_CHARS = 4


@dataclass
class Page:
    url: str
    title: str
    text: str = ""
    doc_number: str = ""
    aliases: tuple[str, ...] = ()  # other titles of the page (the listings' item titles)

    @property
    def titles(self) -> list[str]:
        return [t for t in dict.fromkeys((self.title, *self.aliases)) if t]


@dataclass
class Match:
    document: Page
    method: str  # number | quoted | title
    score: float
    clue: str  # the number or title that matched


@run_cache(65536)  # the matching rules index the same documents' title keys
def _tokens(text: str) -> tuple[tuple[str, int], ...]:
    """Each character with its occurrence number: the multiset of characters as a set."""
    seen: dict[str, int] = {}
    out = []
    for ch in text:
        seen[ch] = seen.get(ch, 0) + 1
        out.append((ch, seen[ch]))
    return tuple(out)


def min_overlap(length: int, threshold: float) -> int:
    """Tokens a string of ``length`` shares with any string it reaches ``threshold`` with.

    fuzz.ratio is 200·LCS/(a+b); LCS is at most the shared tokens and at most the other length,
    so ratio ≥ t needs shared ≥ t·a/(200−t). A hair below t absorbs floating-point rounding.
    """
    t = threshold - 1e-6
    return max(1, math.ceil(length * t / (200 - t) - 1e-9))


class TitleIndex:
    """Keys (normalised titles) that can reach ``threshold`` with a query, by prefix filtering.

    Tokens are ordered rarest first; a key is posted under the first len − min_overlap + 1 of its
    tokens. Two strings sharing at least o tokens share one within such prefixes (the prefix
    filter of set-similarity joins), so the union of the query's prefix postings holds every key
    fuzz.ratio could accept; rapidfuzz then scores only those.
    """

    def __init__(self, keys: list[str], threshold: float):
        self.keys, self.threshold = keys, threshold
        key_tokens = [_tokens(k) for k in keys]
        self.freq: dict[tuple[str, int], int] = Counter(itertools.chain.from_iterable(key_tokens))
        # Each token's place in the (frequency, token) order: one look-up per token when sorting.
        self.rank = {tok: i for i, tok in enumerate(sorted(self.freq, key=lambda t: (self.freq[t], t)))}
        self.postings: dict[tuple[str, int], list[int]] = {}
        for i, tokens in enumerate(key_tokens):
            for tok in self._prefix(tokens):
                self.postings.setdefault(tok, []).append(i)

    def _prefix(self, tokens: tuple[tuple[str, int], ...]) -> list[tuple[str, int]]:
        """The tokens rarest first (a token no key has, frequency 0, before all), cut to the prefix."""
        rank = self.rank
        unknown = [t for t in tokens if t not in rank]
        if unknown:
            tokens = sorted(unknown) + sorted((t for t in tokens if t in rank), key=rank.__getitem__)
        else:
            tokens = sorted(tokens, key=rank.__getitem__)
        return tokens[:len(tokens) - min_overlap(len(tokens), self.threshold) + 1]

    def candidates(self, query: str) -> list[int]:
        found: set[int] = set()
        for tok in self._prefix(_tokens(query)):
            found.update(self.postings.get(tok, ()))
        return sorted(found)


class DocumentIndex:
    """The site's documents, with every comparable title key pointing at its document."""

    def __init__(self, documents: list[Page], *, brute_force: bool = False):
        self.brute_force = brute_force
        self.numbered = [d for d in documents if not is_absent(d.doc_number)]
        self.keys: list[str] = []
        self.owners: list[Page] = []
        for doc in documents:
            keys = set().union(*(document_key_set(t) for t in doc.titles)) if doc.titles else set()
            for key in sorted(keys):
                self.keys.append(key)
                self.owners.append(doc)
        self.first: dict[str, int] = {}  # key -> its first position (extractOne's pick on ties)
        for i, key in enumerate(self.keys):
            self.first.setdefault(key, i)
        self.by_parts: dict[tuple[str, int], list[Page]] = {}  # (year, sequence) -> documents
        for doc in self.numbered:
            parts = number_parts(doc.doc_number)
            if parts:
                self.by_parts.setdefault(parts[1:], []).append(doc)
        self._fuzzy: dict[float, TitleIndex] = {}

    @property
    def empty(self) -> bool:
        """No document has a title key or a 文号: nothing can match."""
        return not self.keys and not self.numbered

    def best_key(self, core: str, threshold: float) -> tuple[str, float, int] | None:
        """What ``process.extractOne(core, self.keys, fuzz.ratio, threshold)`` returns."""
        if self.brute_force or threshold <= 0:
            return process.extractOne(core, self.keys, scorer=fuzz.ratio, score_cutoff=threshold)
        if core in self.first:  # 100 is the best score and its first key the one extractOne picks
            return core, 100.0, self.first[core]
        if threshold not in self._fuzzy:
            self._fuzzy[threshold] = TitleIndex(self.keys, threshold)
        ids = self._fuzzy[threshold].candidates(core)
        found = process.extractOne(core, [self.keys[i] for i in ids], scorer=fuzz.ratio,
                                   score_cutoff=threshold)
        return None if found is None else (found[0], found[1], ids[found[2]])

    def by_title(self, candidate: str, threshold: float) -> Match | None:
        """The document whose title is most like ``candidate`` (its core, or what follows its
        关于, or the title it 印发), at ``threshold`` or above."""
        if not self.keys:
            return None
        cores = {title_core(candidate), *document_key_set(candidate)}
        best: tuple[str, float, int] | None = None
        for core in sorted(c for c in cores if len(c) >= MIN_CORE_CHARS):
            found = self.best_key(core, threshold)
            if found is not None and (best is None or found[1] > best[1]):
                best = found
                if best[1] >= 100:  # no later core can do better (ties keep the first)
                    break
        if best is None:
            return None
        return Match(self.owners[best[2]], "title", float(best[1]), candidate)

    def by_number(self, text: str) -> Match | None:
        for number in find_numbers(text):
            if self.brute_force:
                pool = self.numbered
            else:  # same_number needs equal year and sequence: only those documents can match
                parts = number_parts(number)
                pool = self.by_parts.get(parts[1:], []) if parts else []
            for doc in pool:
                if same_number(number, doc.doc_number):
                    return Match(doc, "number", 100.0, number)
        return None

    def by_quoted(self, text: str, threshold: float) -> Match | None:
        for quoted in quoted_titles(text):
            match = self.by_title(quoted, threshold)
            if match:
                return Match(match.document, "quoted", match.score, f"《{quoted}》")
        return None


def match_document(interp: Page, index: DocumentIndex, threshold: float,
                   head_chars: int, head=None) -> Match | None:
    """The document ``interp`` explains, or None when no clue points at a document of the site.

    ``head``: a function giving the head of the interpretation's text, called only when its
    titles match nothing (instead of ``interp.text``: a text read only when it is needed)."""
    if index.empty:  # no clue can point at a document: no text to read
        return None
    for title in interp.titles:
        match = (index.by_number(title)
                 or index.by_quoted(title, threshold)
                 or index.by_title(title, threshold))
        if match:
            return match
    head = (head() if head is not None else interp.text or "")[:head_chars]
    return index.by_number(head) or index.by_quoted(head, threshold)
