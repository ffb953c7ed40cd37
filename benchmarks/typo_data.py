"""The ECSpell-odw sentences and their fixed tuning / held-out split, shared by the typo
benchmark (benchmarks/typo_eval.py) and the model build (benchmarks/typo_build.py).

The split is a hash of the corrected sentence, so it never depends on the file's order or on a
random seed, and identical sentences always land on the same side: a sentence is *held out*
when the first byte of the SHA-1 of its corrected form (UTF-8) is below 256 // 5 (about 20 %).
Nothing built into the package (character n-grams, mined confusion pairs) and no threshold is
ever derived from held-out sentences.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "ecspell-odw-train.tsv"
HELD_OUT_BELOW = 256 // 5  # first SHA-1 byte < 51 → held out (≈ 20 %)


def load(path: Path) -> tuple[list[tuple[str, str]], int]:
    """(written, corrected) pairs of equal length; the count of skipped lines."""
    rows, skipped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            skipped += 1
            continue
        _, wrong, right = parts
        if len(wrong) != len(right):  # not a substitution-only pair; cannot be scored by position
            skipped += 1
            continue
        rows.append((wrong, right))
    return rows, skipped


def corrected_sentences(path: Path) -> set[str]:
    """Every corrected sentence of ``path`` (also those :func:`load` skips for their length)."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            out.add(parts[2].strip())
    return out


def is_held_out(corrected: str, salt: str = "") -> bool:
    """``salt`` (benchmarks/typo_eval.py --fresh-split) prefixes the hashed text, so another
    salt draws another ≈ 20 % held-out side; the shipped split is the empty salt."""
    return hashlib.sha1((salt + corrected).encode("utf-8")).digest()[0] < HELD_OUT_BELOW


def split(rows, salt: str = ""):
    """(tuning, held_out) in file order."""
    tuning = [r for r in rows if not is_held_out(r[1], salt)]
    held = [r for r in rows if is_held_out(r[1], salt)]
    return tuning, held


# Government documents (benchmarks/typo_build.py --gov-text) held out by a hash of their name:
# nothing is built from them, and benchmarks/typo_eval.py --clean-gov scores their sentences as
# clean official text never seen (the share text.typo flags is its false-alarm rate there).
GOV_HELD_OUT_BELOW = 256 * 15 // 100  # first SHA-1 byte < 38 → held out (≈ 15 %)
GOV_SALT = "gov-clean:"


def is_gov_held_out(name: str) -> bool:
    """Whether the government document called ``name`` (its path under the folder, or
    ``file.jsonl:title``) is held out of every build."""
    return hashlib.sha1((GOV_SALT + name).encode("utf-8")).digest()[0] < GOV_HELD_OUT_BELOW


# A second ≈ 15 % of the government documents, the TUNE bucket (seventh round): nothing is built
# from them either, but, unlike the held-out ones, their clean sentences may be scored while
# choosing thresholds (benchmarks/typo_eval.py --tune-gov): the false-alarm rate tuned on. The
# rest (≈ 70 %) is the build bucket, the only text gov_ngrams.tsv.gz and gov_words.tsv read.
GOV_TUNE_BELOW = GOV_HELD_OUT_BELOW * 2  # first SHA-1 byte in [38, 76) → TUNE (≈ 15 %)
GOV_BUCKETS = ("build", "tune", "held")


def gov_bucket(name: str) -> str:
    """"held" (typo_data.is_gov_held_out: kept out of everything), "tune" (scored while
    tuning, never built from) or "build" for the government document called ``name``."""
    first = hashlib.sha1((GOV_SALT + name).encode("utf-8")).digest()[0]
    if first < GOV_HELD_OUT_BELOW:
        return "held"
    return "tune" if first < GOV_TUNE_BELOW else "build"


# Cross-validation folds (benchmarks/typo_eval.py --cv). Sentences of ECSpell that share a run
# of this many Chinese characters (near-duplicates: the same clause cut differently, one
# sentence inside another) fall into the same fold, so a fold's sentence is never scored by a
# model built from its near-twin. 10 characters: 64 of the 1,409 tuning sentences shared such
# a run with a sentence of another fold when folds were a hash of each sentence alone.
CV_FOLDS = 5
NEAR_DUPLICATE_RUN = 10


def cv_folds(rows, folds: int = CV_FOLDS, run: int = NEAR_DUPLICATE_RUN) -> list[int]:
    """The fold of each (written, corrected) row: rows linked by a shared run of ``run``
    Chinese characters of their corrected side form a group (transitively), and a group's fold
    is a hash of its first corrected sentence in sorted order, so it depends neither on the
    file's order nor on a seed."""
    import re

    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, (_, right) in enumerate(rows):
        for piece in re.findall(r"[\u4e00-\u9fff]+", right):
            for j in range(len(piece) - run + 1):
                k = first_with.setdefault(piece[j:j + run], i)
                if k != i:
                    parent[find(i)] = find(k)
    name: dict[int, str] = {}
    for i, (_, right) in enumerate(rows):
        root = find(i)
        if root not in name or right < name[root]:
            name[root] = right
    return [hashlib.sha1(name[find(i)].encode("utf-8")).digest()[1] % folds for i in range(len(rows))]
