"""benchmarks/typo_data.cv_folds: near-duplicate sentences share a cross-validation fold, so a
fold is never scored by models built from its near-twins; and typo_eval.estimated_precision."""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import typo_data  # noqa: E402
import typo_eval  # noqa: E402


def _clause(i: int, n: int = 12) -> str:
    return "".join(chr(0x4E00 + 97 * i + 7 * k) for k in range(n))


def test_sentences_sharing_a_long_run_share_a_fold():
    rows = []
    for i in range(60):
        clause = _clause(i)
        rows.append((f"{clause}，一。", f"{clause}，一。"))
        rows.append((f"另{clause}二。", f"另{clause}二。"))  # the same clause, cut differently
    folds = typo_data.cv_folds(rows)
    assert all(folds[2 * i] == folds[2 * i + 1] for i in range(60))
    assert len(set(folds)) == 5  # still spread over all folds


def test_a_short_shared_run_does_not_join_sentences():
    rows = [(f"{_clause(i, 9)}甲{i}。", f"{_clause(i, 9)}甲{i}。") for i in range(40)]
    rows += [(f"乙{_clause(i, 9)}。", f"乙{_clause(i, 9)}。") for i in range(40)]  # 9 < 10 shared
    folds = typo_data.cv_folds(rows)
    # unjoined rows keep the hash of their own sentence: about four in five pairs differ
    assert sum(folds[i] != folds[40 + i] for i in range(40)) > 20


def test_folds_do_not_depend_on_the_order_of_the_rows():
    rows = [(f"{_clause(i % 30)}{'甲乙'[i // 30]}。",) * 2 for i in range(60)]
    folds = dict(zip(rows, typo_data.cv_folds(rows)))
    again = dict(zip(rows[::-1], typo_data.cv_folds(rows[::-1])))
    assert folds == again


def test_estimated_precision_applies_the_tune_rate_to_the_clean_share():
    t = Counter(sent_err=100, sent_clean=100, sent_det_tp=60)
    # recall 0.6 on half the sentences, 3 % false alarms on the other half: 0.30 / (0.30 + 0.015)
    assert abs(typo_eval.estimated_precision(t, 0.03) - 0.30 / 0.315) < 1e-9
    assert abs(typo_eval.estimated_precision(t, 0.03, 0.8) - 0.12 / (0.12 + 0.024)) < 1e-9
    assert typo_eval.estimated_precision(t, 0.0) == 1.0
