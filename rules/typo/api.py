"""Entry points of the typo checker: ``check_text`` for one text, ``check_lines`` for a draft."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import confusion, formulation, script, statistical
from .common import Hit

RULE_ID = "text.typo"
DETECTORS = {
    "confusion": confusion.check,
    "formulation": formulation.check,
    "statistical": statistical.check,
    "script": script.check,
}
# When two detectors flag overlapping spans, the more specific one wins.
PRIORITY = {"script": 0, "confusion": 1, "formulation": 2, "statistical": 3}


def check_text(text: str, detectors: Iterable[str] | None = None) -> list[Hit]:
    """Suspected typos in ``text``, in reading order, without overlapping spans."""
    if not text:
        return []
    names = list(detectors) if detectors is not None else list(DETECTORS)
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise ValueError(f"unknown typo detectors: {unknown}; known: {sorted(DETECTORS)}")
    hits: list[Hit] = []
    for name in names:
        hits.extend(DETECTORS[name](text))
    hits.sort(key=lambda h: (PRIORITY[h.source], h.start))
    kept: list[Hit] = []
    for hit in hits:
        if any(hit.start < k.end and k.start < hit.end for k in kept):
            continue
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
    check_text("按装设备，推进习近平新时代中国特色社会主义思想学习。")
