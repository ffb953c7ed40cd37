"""Evaluate the typo checker (rules.typo) on the ECSpell official-document-writing set.

    python3 benchmarks/typo_eval.py [--data PATH]
    python3 benchmarks/typo_eval.py --cv        # n-gram decision rules, five folds inside the tuning split
    python3 benchmarks/typo_eval.py --fresh-split SALT   # another split: models rebuilt, its held-out side scored
    python3 benchmarks/typo_eval.py --test /tmp/odw.test  # an external file, every row held out

The data (../shared/data/ecspell-odw-train.tsv, MIT licence, Lv et al. 2023): ``n<TAB>written<TAB>
corrected``. It is split by a hash of the corrected sentence (benchmarks/typo_data.py): the
*tuning* split (≈ 80 %) is the only part the model build (benchmarks/typo_build.py: character
n-grams, mined confusion pairs) and any threshold choice read; the *held-out* split (≈ 20 %) is
never read by either, so its numbers are the honest ones. Numbers on the tuning split are
optimistic (the shipped n-gram model has seen its corrected sentences); ``--cv`` gives the
honest tuning-split figure: each fold scored by models rebuilt without it.

``--test PATH`` scores an external file of the same format as a pure test set: every row is
held out, the shipped models are used as they are, and a row whose corrected sentence also
occurs (as a corrected sentence) in the train file ``--data`` is dropped and counted, so a
sentence the models may have been built from is never scored. The unseen test set is ECSpell's
own odw test file (same authors, MIT licence): ``Data/domains_data/odw.test`` in the public
repository https://github.com/aopolin-lv/ECSpell (499 lines). It is fetched public data: keep
it outside the repository (e.g. /tmp/odw.test), never commit it, and score it only once a
method is frozen and committed (it was never read to tune anything).

Reported, per detector and for all detectors together:
- sentence level: flag P/R — a sentence is flagged at all / has errors (the target: R ≥ 0.6 at
  P ≥ 0.90); exact positions — the changed positions are exactly the wrong ones; correction —
  applying every suggestion gives exactly the corrected sentence;
- hit P: share of hits whose every changed character is wrong and changed to the right one;
- character level: the positions a suggestion changes vs the positions that are wrong
  (detection), and the same with the right replacement character (correction);
- throughput in sentences per second (all detectors, after warm-up) and the model load time.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from typo_data import DEFAULT_DATA, corrected_sentences, load, split  # noqa: E402

from rules.typo import api  # noqa: E402


def predicted_changes(text: str, hits) -> dict[int, str | None]:
    """position → replacement character (None when the span changes length)."""
    out: dict[int, str | None] = {}
    for h in hits:
        if len(h.evidence) == len(h.suggestion):
            for i, (a, b) in enumerate(zip(h.evidence, h.suggestion)):
                if a != b:
                    out[h.start + i] = b
        else:
            for i in range(h.start, h.end):
                out[i] = None
    return out


def apply(text: str, hits) -> str:
    for h in sorted(hits, key=lambda h: -h.start):
        text = text[:h.start] + h.suggestion + text[h.end:]
    return text


def pr(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r


def evaluate(rows, detectors, ngram_threshold=None):
    from rules.typo import ngram

    s = Counter()
    for wrong, right in rows:
        if ngram_threshold is not None:
            saved, ngram.THRESHOLD = ngram.THRESHOLD, ngram_threshold
            try:
                hits = api.check_text(wrong, detectors)
            finally:
                ngram.THRESHOLD = saved
        else:
            hits = api.check_text(wrong, detectors)
        gold = {i: b for i, (a, b) in enumerate(zip(wrong, right)) if a != b}
        pred = predicted_changes(wrong, hits)
        has_err, flagged = bool(gold), bool(hits)
        s["sent_err"] += has_err
        s["sent_flag"] += flagged
        s["sent_det_tp"] += has_err and flagged
        s["sent_cor_tp"] += has_err and flagged and apply(wrong, hits) == right
        s["char_gold"] += len(gold)
        s["char_pred"] += len(pred)
        s["char_det_tp"] += sum(1 for i in pred if i in gold)
        s["char_cor_tp"] += sum(1 for i, c in pred.items() if i in gold and gold[i] == c)
        s["sent_strict_tp"] += has_err and set(pred) == set(gold)
        for h in hits:
            changed = predicted_changes(wrong, [h])
            s["hits"] += 1
            s["hits_ok"] += bool(changed) and all(i in gold and gold[i] == c for i, c in changed.items())
        s["fp_sent_clean"] += flagged and not has_err
    return s


def report(name, s) -> str:
    sdp, sdr = pr(s["sent_det_tp"], s["sent_flag"] - s["sent_det_tp"], s["sent_err"] - s["sent_det_tp"])
    scp = s["sent_cor_tp"] / s["sent_flag"] if s["sent_flag"] else 0.0
    scr = s["sent_cor_tp"] / s["sent_err"] if s["sent_err"] else 0.0
    cdp, cdr = pr(s["char_det_tp"], s["char_pred"] - s["char_det_tp"], s["char_gold"] - s["char_det_tp"])
    ccp = s["char_cor_tp"] / s["char_pred"] if s["char_pred"] else 0.0
    ccr = s["char_cor_tp"] / s["char_gold"] if s["char_gold"] else 0.0
    stp = s["sent_strict_tp"]
    ssp, ssr = (stp / s["sent_flag"] if s["sent_flag"] else 0.0), (stp / s["sent_err"] if s["sent_err"] else 0.0)
    hp = s["hits_ok"] / s["hits"] if s["hits"] else 0.0
    return (f"{name:<12} hits={s['hits']} hit P={hp:.3f} | sent flag P={sdp:.3f} R={sdr:.3f} | "
            f"sent det(exact positions) P={ssp:.3f} R={ssr:.3f} | sent cor P={scp:.3f} R={scr:.3f} | "
            f"char det P={cdp:.3f} R={cdr:.3f} | char cor P={ccp:.3f} R={ccr:.3f} | "
            f"flagged={s['sent_flag']} clean-flagged={s['fp_sent_clean']}")


def install_models(train, seeds_dir: Path) -> None:
    """Replace the shipped n-gram counts and mined pairs by ones built from ``train`` only."""
    import typo_build

    _install(typo_build.model_counts(train, seeds_dir), dict(typo_build.mine(train)))


def install_built(directory: Path) -> None:
    """Replace the shipped n-gram counts and mined pairs by the files typo_build.py wrote to
    ``directory``."""
    from rules.typo import charlm

    mined: dict[tuple[str, str], int] = {}
    for line in (directory / "mined_pairs.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) == 3 and parts[2].isdigit():
            mined[(parts[0], parts[1])] = int(parts[2])
    _install(charlm.read_counts(directory / "char_ngrams.tsv.gz"), mined)


def _install(counts: dict[str, int], mined: dict[tuple[str, str], int]) -> None:
    from rules.typo import charlm, ngram, statistical

    charlm.install(counts)
    statistical._mined_override = mined
    for f in (statistical.mined_counts, statistical.shape_pairs, statistical.shape_pairs_by_wrong,
              statistical.related, ngram._related, ngram._near):
        f.cache_clear()


# Decision rules of the n-gram detector compared by --cv: name → constants of rules.typo.ngram
# (same sound / mined pair / other thresholds; look-alikes; agreement = MIN_WORD_GAIN 0).
# "before" is the rule of the first n-gram detector (one threshold, no look-alikes, no agreement).
NO_LOOK = 1e9
# the rule shipped until 2026-12-01
BEFORE = {"THRESHOLD": 8.0, "MINED_THRESHOLD": 10.0, "OTHER_THRESHOLD": 14.0, "LOOK_THRESHOLD": 16.0}
CV_RULES = {
    "before (one threshold 8)": {"THRESHOLD": 8.0, "MINED_THRESHOLD": 8.0, "OTHER_THRESHOLD": 8.0,
                                 "LOOK_THRESHOLD": NO_LOOK, "MIN_WORD_GAIN": float("-inf")},
    "one threshold 10": {"THRESHOLD": 10.0, "MINED_THRESHOLD": 10.0, "OTHER_THRESHOLD": 10.0,
                         "LOOK_THRESHOLD": NO_LOOK, "MIN_WORD_GAIN": float("-inf")},
    "per kind 8/9/14, no agreement": {"THRESHOLD": 8.0, "MINED_THRESHOLD": 9.0, "OTHER_THRESHOLD": 14.0,
                                      "LOOK_THRESHOLD": NO_LOOK, "MIN_WORD_GAIN": float("-inf")},
    "per kind 8/9/14 + agreement": {"THRESHOLD": 8.0, "MINED_THRESHOLD": 9.0, "OTHER_THRESHOLD": 14.0,
                                    "LOOK_THRESHOLD": NO_LOOK},
    "+ look-alikes at 14, mined 9": {"MINED_THRESHOLD": 9.0, "LOOK_THRESHOLD": 14.0},
    "shipped before: 8/10/14 + look-alikes at 16 + agreement": {"THRESHOLD": 8.0, "MINED_THRESHOLD": 10.0,
                                                          "OTHER_THRESHOLD": 14.0, "LOOK_THRESHOLD": 16.0},
    "all kinds 1 lower: 7/9/13/15": {"THRESHOLD": 7.0, "MINED_THRESHOLD": 9.0, "OTHER_THRESHOLD": 13.0,
                                     "LOOK_THRESHOLD": 15.0},
    "all kinds 2 lower: 6/8/12/14": {"THRESHOLD": 6.0, "MINED_THRESHOLD": 8.0, "OTHER_THRESHOLD": 12.0,
                                     "LOOK_THRESHOLD": 14.0},
    "all kinds 3 lower: 5/7/11/13": {"THRESHOLD": 5.0, "MINED_THRESHOLD": 7.0, "OTHER_THRESHOLD": 11.0,
                                     "LOOK_THRESHOLD": 13.0},
    "mined 7, rest as before": {**BEFORE, "MINED_THRESHOLD": 7.0},
    "same 6, rest as before": {**BEFORE, "THRESHOLD": 6.0},
    "other 11, look 13, rest as before": {**BEFORE, "OTHER_THRESHOLD": 11.0, "LOOK_THRESHOLD": 13.0},
    "combo A: mined 7, other 11, look 13": {"MINED_THRESHOLD": 7.0, "OTHER_THRESHOLD": 11.0,
                                            "LOOK_THRESHOLD": 13.0},
    "combo B: mined 7, other 12, look 14": {"MINED_THRESHOLD": 7.0, "OTHER_THRESHOLD": 12.0,
                                            "LOOK_THRESHOLD": 14.0},
    "combo C: same 7, mined 7, other 11, look 13": {"THRESHOLD": 7.0, "MINED_THRESHOLD": 7.0,
                                                    "OTHER_THRESHOLD": 11.0, "LOOK_THRESHOLD": 13.0},
    "combo D: mined 6, other 10, look 12": {"MINED_THRESHOLD": 6.0, "OTHER_THRESHOLD": 10.0,
                                            "LOOK_THRESHOLD": 12.0},
    "combo E: mined 5, other 10, look 12": {"MINED_THRESHOLD": 5.0, "OTHER_THRESHOLD": 10.0,
                                            "LOOK_THRESHOLD": 12.0},
    "combo F: mined 6, other 9, look 11": {"MINED_THRESHOLD": 6.0, "OTHER_THRESHOLD": 9.0,
                                           "LOOK_THRESHOLD": 11.0},
    "combo G: mined 5, other 9, look 11": {"MINED_THRESHOLD": 5.0, "OTHER_THRESHOLD": 9.0,
                                           "LOOK_THRESHOLD": 11.0},
    # D–G raise the false alarms on the 14 real pages from 2 to 6 (a mined pair below 8.3, a
    # look-alike below 12.7 fire on 云转, 墙体, 收催): keep those two kinds above them
    "combo H: mined 9, other 10, look 13": {"MINED_THRESHOLD": 9.0, "OTHER_THRESHOLD": 10.0,
                                            "LOOK_THRESHOLD": 13.0},
    "combo I: mined 8.5, other 10, look 13": {"MINED_THRESHOLD": 8.5, "OTHER_THRESHOLD": 10.0,
                                              "LOOK_THRESHOLD": 13.0},
    "combo J: mined 10, other 10, look 13": {"MINED_THRESHOLD": 10.0, "OTHER_THRESHOLD": 10.0,
                                             "LOOK_THRESHOLD": 13.0},
    "combo K: mined 9, other 9, look 13": {"MINED_THRESHOLD": 9.0, "OTHER_THRESHOLD": 9.0,
                                           "LOOK_THRESHOLD": 13.0},
}
# The rules above are those of the first two rounds: no dictionary word pairs, one limit whatever
# the written character (the UNSEEN_* limits mirror the others), what they did not name as then.
SECOND_ROUND = {"THRESHOLD": 8.0, "MINED_THRESHOLD": 9.0, "OTHER_THRESHOLD": 9.0, "LOOK_THRESHOLD": 13.0,
                "REAL_WORD_FREQ": 20, "WORD_PAIRS": False, "_mirror": True}
CV_RULES = {name: {**SECOND_ROUND, **rule} for name, rule in CV_RULES.items()}
CV_RULES |= {
    "combo K + word pairs (third round, before its thresholds)": {
        "OTHER_THRESHOLD": 9.0, "LOOK_THRESHOLD": 13.0, "REAL_WORD_FREQ": 20,
        "_mirror": True},
    "third round, no unseen limits (5 false alarms on the real pages)": {
        "OTHER_THRESHOLD": 12.0, "LOOK_THRESHOLD": 15.0, "REAL_WORD_FREQ": 100,
        "UNSEEN_THRESHOLD": 8.0, "UNSEEN_OTHER_THRESHOLD": 12.0, "UNSEEN_LOOK_THRESHOLD": 15.0,
        "UNSEEN_REAL_WORD_FREQ": 100},
    "third round's real-word rule (word freq 100, no real-word score)": {
        "REAL_WORD_FREQ": 100, "REAL_WORD_SCORE": float("inf")},
    "real-word score 14": {"REAL_WORD_SCORE": 14.0},
    "real-word score 18": {"REAL_WORD_SCORE": 18.0},
    "shipped now": {},
}


MIRRORED = {"UNSEEN_THRESHOLD": "THRESHOLD", "UNSEEN_OTHER_THRESHOLD": "OTHER_THRESHOLD",
            "UNSEEN_LOOK_THRESHOLD": "LOOK_THRESHOLD", "UNSEEN_REAL_WORD_FREQ": "REAL_WORD_FREQ"}


def _with_rule(settings: dict):
    """Set the constants of rules.typo.ngram a rule names (``_mirror``: each UNSEEN_* limit the
    same as its counterpart); returns the function that restores them."""
    from rules.typo import ngram

    settings = dict(settings)
    if settings.pop("_mirror", False):
        for unseen, seen in MIRRORED.items():
            settings.setdefault(unseen, settings.get(seen, getattr(ngram, seen)))
    saved = {k: getattr(ngram, k) for k in settings}
    for k, v in settings.items():
        setattr(ngram, k, v)
    ngram._near.cache_clear()  # WORD_PAIRS changes what it proposes

    def restore():
        for k, v in saved.items():
            setattr(ngram, k, v)
        ngram._near.cache_clear()

    return restore


def cross_validate(tuning, seeds_dir: Path, rules: dict) -> None:
    folds = 5
    fold_of = [hashlib.sha1(r.encode("utf-8")).digest()[1] % folds for _, r in tuning]
    totals = {name: Counter() for name in rules}
    for k in range(folds):
        install_models([x for x, f in zip(tuning, fold_of) if f != k], seeds_dir)
        test = [x for x, f in zip(tuning, fold_of) if f == k]
        for name, settings in rules.items():
            restore = _with_rule(settings)
            try:
                totals[name].update(evaluate(test, list(api.DETECTORS)))
            finally:
                restore()
    for name in rules:
        print(report(f"cv {name}", totals[name]))


def fresh_split(rows, salt: str, data: Path, seeds_dir: Path) -> None:
    """Re-split the data with ``salt``, rebuild the models from that split's tuning side only
    (typo_build.py into a temporary directory, never into rules/typo/data/) and score its
    held-out side with every detector."""
    import tempfile

    import typo_build

    t = time.perf_counter()
    tuning, held = split(rows, salt)
    with tempfile.TemporaryDirectory(prefix="typo-fresh-") as tmp:
        typo_build.main(["--data", str(data), "--seeds", str(seeds_dir), "--out", tmp, "--salt", salt])
        install_built(Path(tmp))
    print(f"fresh split, salt {salt!r}: tuning={len(tuning)} (models rebuilt from it), "
          f"held-out={len(held)}, {sum(1 for w, r in held if w != r)} with errors")
    print(report("fresh held", evaluate(held, list(api.DETECTORS))))
    print(f"({time.perf_counter() - t:.0f} s)")


def unseen_rows(rows, train_corrected: set[str]):
    """(the rows to score, how many were dropped): a row whose corrected sentence is also a
    corrected sentence of the train file is dropped (the models may have been built from it)."""
    kept = [row for row in rows if row[1].strip() not in train_corrected]
    return kept, len(rows) - len(kept)


def score_test(path: Path, train: Path) -> None:
    """Score ``path`` with the shipped models: every detector together and each alone."""
    rows, skipped = load(path)
    kept, dropped = unseen_rows(rows, corrected_sentences(train))
    api.warm_up()
    print(f"test file: {path} — {len(rows)} sentences read ({skipped} skipped: length differs or "
          f"not n<TAB>written<TAB>corrected)")
    print(f"dropped {dropped} whose corrected sentence also occurs in the train file; "
          f"scored {len(kept)}, {sum(1 for w, r in kept if w != r)} with errors (shipped models)")
    for name in ["all", *api.DETECTORS]:
        dets = list(api.DETECTORS) if name == "all" else [name]
        print(report(f"test {name}", evaluate(kept, dets)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seeds", type=Path, default=ROOT / ".." / "shared" / "seeds")
    ap.add_argument("--cv", action="store_true", help="five-fold n-gram decision rules on the tuning split")
    ap.add_argument("--only", default="",
                    help="with --cv: only the decision rules whose name contains one of these (comma-separated)")
    ap.add_argument("--fresh-split", metavar="SALT", default=None,
                    help="re-split with this hash salt, rebuild the models from its tuning side "
                         "only (in a temporary directory) and score its held-out side")
    ap.add_argument("--test", metavar="PATH", type=Path, default=None,
                    help="score an external file (n<TAB>written<TAB>corrected) as a pure test set "
                         "with the shipped models; rows also in the train file are dropped")
    args = ap.parse_args(argv)
    if args.fresh_split == "":
        print("--fresh-split needs a non-empty salt (the empty salt is the shipped split)", file=sys.stderr)
        return 2
    if not args.data.exists():
        print(f"data file not found: {args.data} (pass --data PATH)", file=sys.stderr)
        return 2

    if args.test is not None and not args.test.is_file():
        print(f"test file not found: {args.test} (ECSpell's Data/domains_data/odw.test, saved "
              f"outside the repository)", file=sys.stderr)
        return 2

    if args.test is not None:
        score_test(args.test, args.data)
        return 0
    rows, skipped = load(args.data)
    tuning, held = split(rows)
    if args.fresh_split is not None:
        fresh_split(rows, args.fresh_split, args.data, args.seeds)
        return 0
    if args.cv:
        wanted = args.only.split(",")
        rules = {k: v for k, v in CV_RULES.items() if any(w in k for w in wanted)}
        cross_validate(tuning, args.seeds, rules)
        return 0

    t = time.perf_counter()
    api.warm_up()
    load_s = time.perf_counter() - t
    from rules.typo import ngram

    print(f"data: {args.data} — {len(rows)} sentences scored ({skipped} skipped: length differs)")
    print(f"split: by SHA-1 of the corrected sentence: tuning={len(tuning)}, held-out={len(held)}")
    print(
        f"n-gram thresholds (same sound / mined pair / other / look-alike): {ngram.THRESHOLD} / "
        f"{ngram.MINED_THRESHOLD} / {ngram.OTHER_THRESHOLD} / {ngram.LOOK_THRESHOLD}; "
        f"load (all models, first text): {load_s:.2f} s"
    )
    for label, data in (("HELD-OUT (honest)", held),
                        ("TUNING (the shipped models were built from it: optimistic)", tuning)):
        print(f"\n== {label}: {len(data)} sentences, {sum(1 for w, r in data if w != r)} with errors ==")
        for name in ["all", *api.DETECTORS]:
            dets = list(api.DETECTORS) if name == "all" else [name]
            print(report(name, evaluate(data, dets)))
    t = time.perf_counter()
    for wrong, _ in rows:
        api.check_text(wrong)
    dt = time.perf_counter() - t
    chars = sum(len(w) for w, _ in rows)
    print(f"\nthroughput: {len(rows) / dt:.0f} sentences/s, {chars / dt / 1000:.0f}k chars/s "
          f"({len(rows)} sentences, {dt:.2f} s, warm)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
