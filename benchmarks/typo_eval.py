"""Evaluate the typo checker (rules.typo) on the ECSpell official-document-writing set.

    python3 benchmarks/typo_eval.py [--data PATH]
    python3 benchmarks/typo_eval.py --cv        # n-gram decision rules, five folds inside the tuning split

The data (../shared/data/ecspell-odw-train.tsv, MIT licence, Lv et al. 2023): ``n<TAB>written<TAB>
corrected``. It is split by a hash of the corrected sentence (benchmarks/typo_data.py): the
*tuning* split (≈ 80 %) is the only part the model build (benchmarks/typo_build.py: character
n-grams, mined confusion pairs) and any threshold choice read; the *held-out* split (≈ 20 %) is
never read by either, so its numbers are the honest ones. Numbers on the tuning split are
optimistic (the shipped n-gram model has seen its corrected sentences); ``--cv`` gives the
honest tuning-split figure: each fold scored by models rebuilt without it.

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

from typo_data import DEFAULT_DATA, load, split  # noqa: E402

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

    from rules.typo import charlm, ngram, statistical

    texts = [r for _, r in train] + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    counts = typo_build.ngram_counts(texts)
    charlm.install({g: c for g, c in counts.items() if c >= 2 or len(g) <= 2})
    statistical._mined_override = dict(typo_build.mine(train))
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
    "shipped now (combo K)": {},
}


def _with_rule(settings: dict):
    from rules.typo import ngram

    saved = {k: getattr(ngram, k) for k in settings}
    for k, v in settings.items():
        setattr(ngram, k, v)
    return lambda: [setattr(ngram, k, v) for k, v in saved.items()]


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seeds", type=Path, default=ROOT / ".." / "shared" / "seeds")
    ap.add_argument("--cv", action="store_true", help="five-fold n-gram decision rules on the tuning split")
    ap.add_argument("--only", default="",
                    help="with --cv: only the decision rules whose name contains one of these (comma-separated)")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"data file not found: {args.data} (pass --data PATH)", file=sys.stderr)
        return 2

    rows, skipped = load(args.data)
    tuning, held = split(rows)
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
