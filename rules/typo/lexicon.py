"""Word lists shared by the detectors and the word model: fixed formulations and extra words.

The bottom of the typo package: it reads data files and imports nothing of the package but
:mod:`.common`, so both :mod:`.lm` (which adds these terms to jieba's dictionary) and
:mod:`.formulation` (which checks near misses of them) depend on it, not on each other.
"""

from __future__ import annotations

import os
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


# Words of official documents jieba lacks (data/gov_words.tsv, built from laws, regulations and
# 政府工作报告 by benchmarks/typo_build.py --gov-text): each enters the word model at this count,
# the statistical detectors' "real word" frequency (statistical.RARE_WORD_FREQ, ngram.REAL_WORD_FREQ).
# Fifth round (2026-12-01, benchmarks/typo_eval.py --cv --only "shipped now", five folds only):
# off 0.967/0.676 (19 clean sentences flagged); count 30, words in >= 5 documents 0.969/0.675 (18);
# count 100 0.967/0.676 (19); >= 15 documents 0.966/0.677 (20); with the "pair" kind too (two
# single characters side by side: mostly function-word junk, 是指, 内的) 0.969/0.675 (18), so
# only the "word" kind is read. Then, the list rebuilt at >= 3 documents (words of the recent
# 政府工作报告 are in few documents: 72 reports beside 3,425 laws): >= 4 documents 0.971/0.675 (17),
# >= 3 documents 0.976/0.675 (14, shipped). The environment variables are benchmark knobs.
GOV_WORD_COUNT = int(os.environ.get("DUWANG_TYPO_GOV_COUNT", "30"))
GOV_MIN_DOCS = int(os.environ.get("DUWANG_TYPO_GOV_MIN_DOCS", "3"))
GOV_KINDS = tuple(os.environ.get("DUWANG_TYPO_GOV_KINDS", "word").split(","))


@lru_cache(maxsize=1)
def gov_words() -> tuple[str, ...]:
    """Words of ``data/gov_words.tsv`` that recur in at least GOV_MIN_DOCS official documents."""
    out = []
    for line in data_lines("gov_words.tsv") or ():
        parts = line.split("\t")
        if len(parts) == 3 and int(parts[1]) >= GOV_MIN_DOCS and parts[2] in GOV_KINDS:
            out.append(parts[0])
    return tuple(out) if GOV_WORD_COUNT > 0 else ()
