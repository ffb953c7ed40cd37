"""Build the data files the typo checker ships, from sources whose licences allow it.

    python3 benchmarks/typo_build.py [--data PATH] [--seeds DIR]

Writes, under rules/typo/data/:
- ``char_ngrams.tsv.gz``: character 1- to 4-gram counts of runs of Chinese characters, from
  (a) the corrected side of the ECSpell-odw *tuning* split (MIT licence, which allows
  redistributing derived data; the held-out split of benchmarks/typo_data.py is never read) and
  (b) the seed documents in ../shared/seeds (Chinese government documents, which are not
  protected by copyright: 《中华人民共和国著作权法》第五条 excludes laws, regulations, resolutions,
  decisions and orders of state organs and other documents of a legislative, administrative or
  judicial nature). N-grams seen once are kept only up to length 2, to keep the file small.
- ``char_unigrams.tsv.gz``: character frequencies of jieba's dictionary (MIT licence), the
  model's base distribution for characters the domain text never shows.
- ``mined_pairs.tsv``: wrong → right character pairs of the tuning split (same licence).

The package never reads ../shared at run time: these files are its only copy of the data.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from typo_data import DEFAULT_DATA, HELD_OUT_BELOW, load, split  # noqa: E402

OUT = ROOT / "rules" / "typo" / "data"
SEEDS = ROOT / ".." / "shared" / "seeds"
ORDER = 4
RUN_RE = re.compile(r"[\u4e00-\u9fff]+")


def ngram_counts(texts) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        for run in RUN_RE.findall(text):
            n = len(run)
            for i in range(n):
                for k in range(1, ORDER + 1):
                    if i + k > n:
                        break
                    counts[run[i:i + k]] += 1
    return counts


def model_counts(train, seeds_dir: Path) -> dict[str, int]:
    """The pruned n-gram counts of the character model built from ``train`` ((written,
    corrected) pairs: only the corrected side is read) and the seeds: what char_ngrams.tsv.gz
    holds, and what the benchmark installs per cross-validation fold or fresh split."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    texts = [right for _, right in train] + [p.read_text(encoding="utf-8") for p in seeds]
    return {g: c for g, c in ngram_counts(texts).items() if c >= 2 or len(g) <= 2}


def jieba_char_counts() -> Counter:
    """Character frequencies of jieba's dictionary (MIT licence): each word's count spread over
    its characters. The base distribution of the n-gram model, so characters the small domain
    corpus never saw are not judged improbable."""
    import jieba

    counts: Counter = Counter()
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            for ch in parts[0]:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(parts[1])
    return counts


def mine(rows) -> Counter:
    pairs: Counter = Counter()
    for wrong, right in rows:
        for a, b in zip(wrong, right):
            if a != b:
                pairs[(a, b)] += 1
    return pairs


def _write_gz(path: Path, text: str) -> None:
    """Gzip with no name or time in the header, so an unchanged model rebuilds byte for byte."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=9,
                                                fileobj=raw, mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seeds", type=Path, default=SEEDS)
    ap.add_argument("--out", type=Path, default=OUT,
                    help="directory to write to (typo_eval.py --fresh-split: a temporary one)")
    ap.add_argument("--salt", default="", help="split salt (typo_data.is_held_out); the shipped models: none")
    args = ap.parse_args(argv)
    out = args.out
    rows, _ = load(args.data)
    tuning, _ = split(rows, args.salt)
    seeds = sorted(p for p in args.seeds.glob("*.txt"))
    kept = sorted(model_counts(tuning, args.seeds).items())
    header = [
        "# Character n-gram counts (n = 1..4) of runs of Chinese characters: ngram<TAB>count.",
        f"# Sources: the corrected side of the ECSpell-odw tuning split ({len(tuning)} sentences;",
        f"# held out when the first SHA-1 byte of the corrected sentence is < {HELD_OUT_BELOW}: never read),"
        + (f" split salt {args.salt!r}," if args.salt else ""),
        "# Lv et al. 2023, MIT licence (Copyright (c) 2022 Aopolin-Lv), which permits redistributing",
        "# derived data with this notice; and the seed documents (Chinese government documents, not",
        "# protected by copyright under 著作权法 第五条).",
        f"# {len(seeds)} seed documents. Regenerate: python3 benchmarks/typo_build.py",
    ]
    _write_gz(out / "char_ngrams.tsv.gz", "\n".join(header) + "\n" + "".join(f"{g}\t{c}\n" for g, c in kept))
    chars = jieba_char_counts()
    _write_gz(out / "char_unigrams.tsv.gz",
              "# Character frequencies of jieba's dictionary (each word's count over its characters):\n"
              "# char<TAB>count. jieba, MIT licence (Copyright (c) 2013 Sun Junyi).\n"
              "# Regenerate: python3 benchmarks/typo_build.py\n"
              + "".join(f"{c}\t{n}\n" for c, n in sorted(chars.items())))
    pairs = mine(tuning)
    lines = ["# Character confusion pairs (wrong<TAB>right<TAB>count) of the ECSpell-odw tuning split",
             f"# ({len(tuning)} of {len(rows)} sentences; the held-out split is never read).",
             "# Lv et al. 2023, MIT licence (Copyright (c) 2022 Aopolin-Lv).",
             "# Regenerate: python3 benchmarks/typo_build.py"]
    lines += [f"{a}\t{b}\t{n}" for (a, b), n in pairs.most_common()]
    (out / "mined_pairs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} n-grams ({(out / 'char_ngrams.tsv.gz').stat().st_size} bytes), "
          f"{len(pairs)} mined pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
