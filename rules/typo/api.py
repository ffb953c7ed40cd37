"""Entry points of the typo checker: ``check_text`` for one text, ``check_lines`` for a draft."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import confusion, formulation, ngram, propernouns, script, statistical
from .common import Hit

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


def check_text(text: str, detectors: Iterable[str] | None = None,
               site_words: frozenset[str] = frozenset()) -> list[Hit]:
    """Suspected typos in ``text``, in reading order, without overlapping spans.

    ``site_words``: names the page's own site uses (menus, 机构/乡镇 lists); a statistical guess
    inside one of them, or inside a person's or place's name, is dropped.
    """
    if not text:
        return []
    names = list(detectors) if detectors is not None else list(DETECTORS)
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise ValueError(f"unknown typo detectors: {unknown}; known: {sorted(DETECTORS)}")
    hits: list[Hit] = []
    for name in names:
        hits.extend(DETECTORS[name](text))
    if any(h.source in GUESSING for h in hits):
        names_at = propernouns.protected(text, site_words)
        hits = [h for h in hits if h.source not in GUESSING
                or not any(i in names_at for i in range(h.start, h.end))]
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
