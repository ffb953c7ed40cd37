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
- ``gov_words.tsv`` (only with ``--gov-text PATH``, repeatable): words of official documents that
  jieba's dictionary lacks or holds below the detectors' "real word" frequency, as jieba (HMM on)
  segments them, kept when they recur in at least ``--gov-min-docs`` documents, with that document
  count. PATH is a directory of .md/.txt files (one document each) or a .jsonl file with a
  ``content`` field per line (one document a line). Only official documents belong there (laws,
  regulations, 政府工作报告: not protected by copyright under 著作权法 第五条); the texts are never
  committed, only this list. Every ECSpell sentence (either side, train and each ``--test-file``)
  found verbatim in a document is cut out of it first, then every run of LEAK_RUN (20) Chinese
  characters shared with one, and counted (never printed). Only the build bucket of
  typo_data.gov_bucket (≈ 70 % of the documents) is read: the TUNE and held-out buckets never.
- ``--cv-fold K``: the character n-grams and mined pairs from the tuning split less
  cross-validation fold K (typo_data.cv_folds), what typo_eval.py --cv installs per fold.

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

from typo_data import CV_FOLDS, DEFAULT_DATA, HELD_OUT_BELOW, cv_folds, gov_bucket, load, split  # noqa: E402

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


GOV_MIN_DOCS = 3       # a word must recur in this many documents (CV: 5 → 3 better)
GOV_MAX_JIEBA_FREQ = 30  # words jieba already holds this often are not listed (statistical.RARE_WORD_FREQ)
_PREFIX = 8             # leak check: sentences are looked up by their first characters


def gov_documents(paths, held_out: bool = False, bucket: str | None = None) -> list[tuple[str, str]]:
    """(name, text) of each document under ``paths`` (directories of .md/.txt, or .jsonl files)
    of one bucket of typo_data.gov_bucket: by default "build" (≈ 70 %, the only documents any
    build reads); ``held_out``: "held" (≈ 15 %, what typo_eval.py --clean-gov scores);
    ``bucket="tune"`` (≈ 15 %, what typo_eval.py --tune-gov scores while tuning)."""
    wanted = bucket or ("held" if held_out else "build")
    return [(name, text) for name, text in _all_gov_documents(paths) if gov_bucket(name) == wanted]


def _all_gov_documents(paths) -> list[tuple[str, str]]:
    import json

    docs = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.suffix in (".md", ".txt") and f.is_file() and not f.name.startswith(("_", "README")):
                    docs.append((str(f.relative_to(path)), f.read_text(encoding="utf-8", errors="replace")))
        else:
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                if line.strip():
                    row = json.loads(line)
                    docs.append((f"{path.name}:{row.get('title') or i}", row.get("content") or ""))
    return docs


def cut_leaks(docs, sentences) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``docs`` with every sentence of ``sentences`` found verbatim cut out, and then every run
    of LEAK_RUN Chinese characters that also occurs in one of them (the same clause inside a
    longer or differently punctuated sentence); and the (document, sentence or run) pairs cut.
    Sentences are indexed by their first _PREFIX characters, so the corpus is read once."""
    by_prefix: dict[str, list[str]] = {}
    for s in sentences:
        s = s.strip()
        if len(s) >= _PREFIX:
            by_prefix.setdefault(s[:_PREFIX], []).append(s)
    runs = set()
    for s in sentences:
        for piece in RUN_RE.findall(s):
            runs.update(piece[j:j + LEAK_RUN] for j in range(len(piece) - LEAK_RUN + 1))
    out, found = [], []
    for name, text in docs:
        hits = set()
        for i in range(len(text) - _PREFIX + 1):
            cands = by_prefix.get(text[i:i + _PREFIX])
            if cands:
                hits.update(c for c in cands if text.startswith(c, i))
        for h in sorted(hits, key=len, reverse=True):
            text = text.replace(h, "\n")
            found.append((name, h))
        text, cut = _cut_runs(text, runs)
        found.extend((name, r) for r in cut)
        out.append((name, text))
    return out, found


LEAK_RUN = 20  # a run this long shared with an ECSpell sentence is cut (18 tuning sentences had one)


def _cut_runs(text: str, runs: set[str]) -> tuple[str, list[str]]:
    """``text`` with every run of LEAK_RUN Chinese characters of ``runs`` (and the characters
    between overlapping ones) replaced by a line break; and the spans cut."""
    if not runs:
        return text, []
    spans: list[list[int]] = []
    for m in RUN_RE.finditer(text):
        piece, base = m.group(), m.start()
        for j in range(len(piece) - LEAK_RUN + 1):
            if piece[j:j + LEAK_RUN] in runs:
                a, b = base + j, base + j + LEAK_RUN
                if spans and a <= spans[-1][1]:
                    spans[-1][1] = b
                else:
                    spans.append([a, b])
    if not spans:
        return text, []
    parts, cut, last = [], [], 0
    for a, b in spans:
        parts.append(text[last:a])
        cut.append(text[a:b])
        last = b
    parts.append(text[last:])
    return "\n".join(parts), cut


def gov_words(docs, min_docs: int = GOV_MIN_DOCS) -> dict[str, tuple[int, str]]:
    """word → (number of documents, kind) for what jieba's dictionary lacks or holds below
    GOV_MAX_JIEBA_FREQ and that recurs in at least ``min_docs`` documents. Two kinds: "word", a
    word of two or more Chinese characters jieba's HMM segments out (it finds words its
    dictionary lacks, 渔政, 提质); "pair", two characters jieba's dictionary leaves as two
    single-character words side by side (抗疫 in 常态化抗疫和, 工局 in 国防科工局)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    df: Counter = Counter()
    pairs: Counter = Counter()
    for _, text in docs:
        seen, seen_pairs = set(), set()
        for run in RUN_RE.findall(text):
            if len(run) < 2:
                continue
            seen.update(w for w in tok.cut(run, HMM=True) if len(w) >= 2)
            plain = list(tok.cut(run, HMM=False))
            seen_pairs.update(a + b for a, b in zip(plain, plain[1:]) if len(a) == 1 and len(b) == 1)
        df.update(seen)
        pairs.update(seen_pairs)
    out = {w: (n, "word") for w, n in df.items()
           if n >= min_docs and (tok.FREQ.get(w) or 0) < GOV_MAX_JIEBA_FREQ}
    for w, n in pairs.items():
        if n >= min_docs and w not in out and (tok.FREQ.get(w) or 0) < GOV_MAX_JIEBA_FREQ:
            out[w] = (n, "pair")
    return out


def write_gov_words(out: Path, paths, data: Path, test_files, min_docs: int,
                    words: bool = True) -> None:
    """gov_ngrams.tsv.gz and (``words``) gov_words.tsv from the documents of the build bucket of
    ``paths``, every ECSpell sentence (train file and each of ``test_files``, either side) found
    in them cut out first, and every run of LEAK_RUN characters shared with one (counted, never
    printed: test sentences stay unseen)."""
    import datetime

    docs = gov_documents(paths)
    sentences = set()
    for f in (data, *test_files):
        if f and f.exists():
            for line in f.read_text(encoding="utf-8").splitlines():
                sentences.update(p for p in line.split("\t")[1:] if p)
    docs, found = cut_leaks(docs, sentences)
    print(f"gov text (build bucket): {len(docs)} documents, {sum(len(t) for _, t in docs)} characters; "
          f"{len(found)} ECSpell sentences or runs of {LEAK_RUN} of their characters found and cut out")
    _, again = cut_leaks(docs, sentences)
    print(f"checked after cutting: {len(again)} ECSpell sentences (train and test, either side) "
          f"or runs of {LEAK_RUN} of their characters remain in the text built from")
    if again:
        raise SystemExit("an ECSpell sentence is still in the government text: not built")
    write_gov_ngrams(out, docs, len(found))
    if not words:
        return
    words = gov_words(docs, min_docs)
    header = [
        "# Words of official documents that jieba's dictionary lacks or holds below frequency",
        f"# {GOV_MAX_JIEBA_FREQ}: word<TAB>number of documents it occurs in<TAB>kind, kept at >= {min_docs}",
        "# (kind: word = segmented out by jieba's HMM; pair = two characters jieba leaves as two",
        "# single-character words side by side)",
        f"# of {len(docs)} documents. Built {datetime.date.today().isoformat()} by "
        "benchmarks/typo_build.py --gov-text from:",
        "# laws, administrative regulations, departmental rules, judicial interpretations and local",
        "# regulations as collected by github.com/LawRefBook/Laws (texts of the 国家法律法规数据库,",
        "# flk.npc.gov.cn; its court-case folder not read), and the State Council's 政府工作报告",
        "# 1954-2025 as collected by github.com/aldohemsn/chinese-political-corpora (from Wikisource).",
        "# The texts are official documents, which 著作权法 第五条 excludes from copyright; only this",
        f"# derived list is shipped. {len(found)} ECSpell sentences (or runs of {LEAK_RUN} of their",
        "# characters) found in the text were cut out first; documents of the TUNE and held-out",
        "# buckets (benchmarks/typo_data.gov_bucket, about 15 % each) are never read.",
    ]
    body = "".join(f"{w}\t{n}\t{k}\n" for w, (n, k) in sorted(words.items(), key=lambda x: (-x[1][0], x[0])))
    (out / "gov_words.tsv").write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    print(f"{len(words)} gov words ({(out / 'gov_words.tsv').stat().st_size} bytes)")


# Pruning of gov_ngrams.tsv.gz: a gram of n characters is kept when seen this often (about
# 0.7 M grams, 3 MB; every unigram kept).
GOV_NGRAM_MIN = {1: 1, 2: 2, 3: 4, 4: 8}


def gov_ngram_lines(docs) -> list[str]:
    """``gram<TAB>count`` lines of gov_ngrams.tsv.gz: character 1- to 4-gram counts of the runs of
    Chinese characters of ``docs`` (already cut of every ECSpell sentence), pruned by
    GOV_NGRAM_MIN, sorted."""
    counts = ngram_counts(text for _, text in docs)
    return [f"{g}\t{c}\n" for g, c in sorted(counts.items()) if c >= GOV_NGRAM_MIN[len(g)]]


def write_gov_ngrams(out: Path, docs, leaks: int) -> None:
    import datetime

    lines = gov_ngram_lines(docs)
    header = [
        "# Character n-gram counts (n = 1..4) of official documents: gram<TAB>count, kept when a",
        "# gram of n characters is seen at least "
        + ", ".join(f"{v} times (n = {k})" for k, v in GOV_NGRAM_MIN.items()),
        f"# of {len(docs)} documents ({sum(len(t) for _, t in docs)} characters; only the build bucket of",
        "# benchmarks/typo_data.gov_bucket: TUNE and held-out documents are never read). Built "
        f"{datetime.date.today().isoformat()} by benchmarks/typo_build.py --gov-text from the",
        "# laws, regulations and 政府工作报告 named in gov_words.tsv's header (official documents,",
        f"# excluded from copyright by 著作权法 第五条; only these counts are shipped). {leaks} ECSpell",
        f"# sentences (or runs of {LEAK_RUN} of their characters) found in the text were cut out first.",
    ]
    _write_gz(out / "gov_ngrams.tsv.gz", "\n".join(header) + "\n" + "".join(lines))
    print(f"{len(lines)} gov n-grams ({(out / 'gov_ngrams.tsv.gz').stat().st_size} bytes)")


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
    ap.add_argument("--gov-text", type=Path, action="append", default=[],
                    help="a folder of official documents (.md/.txt) or a .jsonl of them: build gov_words.tsv")
    ap.add_argument("--gov-min-docs", type=int, default=GOV_MIN_DOCS)
    ap.add_argument("--test-file", type=Path, action="append", default=None,
                    help="an ECSpell test file (repeatable; default /tmp/odw.test and /tmp/law.test): "
                         "its sentences are also cut out of the gov text (never printed)")
    ap.add_argument("--cv-fold", type=int, default=None, metavar="K",
                    help=f"build from the tuning split less cross-validation fold K of {CV_FOLDS} "
                         "(typo_data.cv_folds; typo_eval.py --cv, into a temporary --out)")
    ap.add_argument("--gov-only", action="store_true",
                    help="build only gov_words.tsv and gov_ngrams.tsv.gz")
    ap.add_argument("--gov-ngrams-only", action="store_true",
                    help="build only gov_ngrams.tsv.gz (skips the slow word segmentation)")
    args = ap.parse_args(argv)
    out = args.out
    if args.gov_text:
        tests = args.test_file or [Path("/tmp/odw.test"), Path("/tmp/law.test")]
        write_gov_words(out, args.gov_text, args.data, tests, args.gov_min_docs,
                        words=not args.gov_ngrams_only)
        if args.gov_only or args.gov_ngrams_only:
            return 0
    rows, _ = load(args.data)
    tuning, _ = split(rows, args.salt)
    fold_note = ""
    if args.cv_fold is not None:
        tuning = [r for r, f in zip(tuning, cv_folds(tuning)) if f != args.cv_fold]
        fold_note = f" less CV fold {args.cv_fold}"
    seeds = sorted(p for p in args.seeds.glob("*.txt"))
    kept = sorted(model_counts(tuning, args.seeds).items())
    header = [
        "# Character n-gram counts (n = 1..4) of runs of Chinese characters: ngram<TAB>count.",
        f"# Sources: the corrected side of the ECSpell-odw tuning split{fold_note} ({len(tuning)} sentences;",
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
