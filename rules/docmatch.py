"""Find the document an interpretation (解读) explains, among the documents of the site.

Clues, strongest first: a 文号 in the interpretation's title, a 《》 title in its title, the
similarity of the titles, then a 文号 or 《》 title at the head of its text. Titles are compared
after normalisation (rules.titles.document_keys) with rapidfuzz. No Rule subclass here.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .docnumber import find_numbers, is_absent, same_number
from .titles import document_keys, quoted_titles, title_core

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


class DocumentIndex:
    """The site's documents, with every comparable title key pointing at its document."""

    def __init__(self, documents: list[Page]):
        self.numbered = [d for d in documents if not is_absent(d.doc_number)]
        self.keys: list[str] = []
        self.owners: list[Page] = []
        for doc in documents:
            keys = set().union(*(document_keys(t) for t in doc.titles)) if doc.titles else set()
            for key in sorted(keys):
                self.keys.append(key)
                self.owners.append(doc)

    def by_title(self, candidate: str, threshold: float) -> Match | None:
        """The document whose title is most like ``candidate`` (its core, or what follows its
        关于, or the title it 印发), at ``threshold`` or above."""
        if not self.keys:
            return None
        cores = {title_core(candidate), *document_keys(candidate)}
        best: tuple[str, float, int] | None = None
        for core in sorted(c for c in cores if len(c) >= MIN_CORE_CHARS):
            found = process.extractOne(core, self.keys, scorer=fuzz.ratio, score_cutoff=threshold)
            if found is not None and (best is None or found[1] > best[1]):
                best = found
        if best is None:
            return None
        return Match(self.owners[best[2]], "title", float(best[1]), candidate)

    def by_number(self, text: str) -> Match | None:
        for number in find_numbers(text):
            for doc in self.numbered:
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
                   head_chars: int) -> Match | None:
    """The document ``interp`` explains, or None when no clue points at a document of the site."""
    for title in interp.titles:
        match = (index.by_number(title)
                 or index.by_quoted(title, threshold)
                 or index.by_title(title, threshold))
        if match:
            return match
    head = (interp.text or "")[:head_chars]
    return index.by_number(head) or index.by_quoted(head, threshold)
