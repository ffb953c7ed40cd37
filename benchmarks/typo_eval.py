"""Evaluate the typo checker (rules.typo) on the ECSpell official-document-writing set.

    python3 benchmarks/typo_eval.py [--data PATH] [--seed 13] [--holdout 0.2]
    python3 benchmarks/typo_eval.py --mine      # rewrite rules/typo/data/mined_pairs.tsv
    python3 benchmarks/typo_eval.py --sweep     # statistical thresholds on the held-out split

The data (shared/data/ecspell-odw-train.tsv, MIT licence, Lv et al. 2023): ``n<TAB>written<TAB>
corrected``. It is split once with a fixed seed: the *mining* split (default 80 %) is the only
part ``--mine`` reads (character confusion pairs used by the statistical detector as "shape"
pairs); the *held-out* split (20 %) was never mined, so its numbers are the honest ones. The
*full set* includes the mining split and is therefore optimistic.

Reported, per detector and for all detectors together:
- sentence level (SIGHAN style): detection P/R — a sentence is flagged at all / has errors;
  correction P/R — applying every suggestion gives exactly the corrected sentence;
- character level: the positions a suggestion changes vs the positions that are wrong
  (detection), and the same with the right replacement character (correction);
- throughput in sentences per second (all detectors, after warm-up).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules.typo import api, statistical  # noqa: E402

DEFAULT_DATA = Path("/work/shared/data/ecspell-odw-train.tsv")
MINED = ROOT / "rules" / "typo" / "data" / "mined_pairs.tsv"


def load(path: Path) -> tuple[list[tuple[str, str]], int]:
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


def split(rows, seed: int, holdout: float):
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cut = int(round(len(rows) * (1 - holdout)))
    return [rows[i] for i in sorted(order[:cut])], [rows[i] for i in sorted(order[cut:])]


def mine(rows, min_count: int = 1) -> list[tuple[str, str, int]]:
    pairs = Counter()
    for wrong, right in rows:
        for a, b in zip(wrong, right):
            if a != b:
                pairs[(a, b)] += 1
    return [(a, b, n) for (a, b), n in pairs.most_common() if n >= min_count]


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


def evaluate(rows, detectors, thresholds=None):
    s = Counter()
    for wrong, right in rows:
        if thresholds is not None and detectors == ["statistical"]:
            hits = statistical.check(wrong, thresholds)
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", type=float, default=0.2)
    ap.add_argument("--mine", action="store_true", help="rewrite mined_pairs.tsv from the mining split")
    ap.add_argument("--sweep", action="store_true", help="try statistical thresholds on held-out")
    args = ap.parse_args(argv)

    rows, skipped = load(args.data)
    mining, held = split(rows, args.seed, args.holdout)
    if args.mine:
        pairs = mine(mining)
        lines = ["# Character confusion pairs (wrong<TAB>right<TAB>count) mined from the ECSpell-odw",
                 f"# mining split: seed {args.seed}, {len(mining)} of {len(rows)} sentences "
                 f"(held-out {args.holdout:.0%} never read). MIT licence, Lv et al. 2023.",
                 "# Regenerate: python3 benchmarks/typo_eval.py --mine"]
        lines += [f"{a}\t{b}\t{n}" for a, b, n in pairs]
        MINED.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(pairs)} pairs to {MINED}")
        return 0

    api.warm_up()
    if args.sweep:
        for same in (3, 4, 5, 6, 7, 8, 10):
            for other in (6, 8, 10, 12):
                th = {"same": same, "similar": other, "shape": other}
                print(report(f"s{same}/o{other}", evaluate(held, ["statistical"], th)))
        return 0

    print(f"data: {args.data} — {len(rows)} sentences scored ({skipped} skipped: length differs)")
    print(f"split: seed={args.seed}, mining={len(mining)}, held-out={len(held)} "
          f"(mined_pairs.tsv comes from the mining split only)")
    print(f"statistical thresholds: {statistical.THRESHOLDS}")
    for label, data in (("HELD-OUT (honest)", held), ("FULL SET (includes mining split: optimistic)", rows)):
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
