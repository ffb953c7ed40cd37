"""Word lists shared by the detectors and the word model: fixed formulations and extra words.

The bottom of the typo package: it reads data files and imports nothing of the package but
:mod:`.common`, so both :mod:`.lm` (which adds these terms to jieba's dictionary) and
:mod:`.formulation` (which checks near misses of them) depend on it, not on each other.
"""

from __future__ import annotations

from functools import lru_cache

from .common import data_lines

MIN_LEN = 4  # shorter formulations are ordinary words, not fixed wording


@lru_cache(maxsize=1)
def formulations() -> tuple[str, ...]:
    """Fixed political formulations and agency names of ``data/formulations.txt`` (length ≥ 4)."""
    terms: list[str] = []
    for line in data_lines("formulations.txt") or ():
        term = line.strip()
        if len(term) >= MIN_LEN and term not in terms:
            terms.append(term)
    return tuple(terms)


@lru_cache(maxsize=1)
def extra_words() -> tuple[tuple[str, int], ...]:
    """(word, count) of ``data/words.txt``: terms of official writing jieba lacks or underweights."""
    out = []
    for line in data_lines("words.txt") or ():
        parts = line.split()
        out.append((parts[0], int(parts[1]) if len(parts) > 1 else 500))
    return tuple(out)
