"""benchmarks/typo_eval.py --test: an external file scored as a pure test set, its rows that
the train file also holds dropped and counted."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import typo_eval  # noqa: E402


def _write(path: Path, rows) -> Path:
    path.write_text("".join(f"{n}\t{w}\t{r}\n" for n, (w, r) in enumerate(rows)), encoding="utf-8")
    return path


def test_rows_whose_corrected_sentence_is_in_the_train_file_are_dropped():
    train = {"请按时安装设备。", "会议于上午召开。"}
    rows = [("请按时按装设备。", "请按时安装设备。"), ("本周完成验收。", "本周完成验收。"),
            ("会议于上午召开。", "会议于上午召开。")]
    kept, dropped = typo_eval.unseen_rows(rows, train)
    assert kept == [("本周完成验收。", "本周完成验收。")]
    assert dropped == 2


def test_the_train_file_counts_sentences_load_skips(tmp_path):
    # a train row of unequal length is not scored, but its corrected sentence is still "seen"
    train = _write(tmp_path / "train.tsv", [("请按时按装了设备。", "请按时安装设备。")])
    assert "请按时安装设备。" in typo_eval.corrected_sentences(train)


def test_main_scores_the_test_file_and_says_how_many_were_dropped(tmp_path, capsys):
    train = _write(tmp_path / "train.tsv", [("请按时按装设备。", "请按时安装设备。")])
    test = _write(tmp_path / "test.tsv", [("请按时按装设备。", "请按时安装设备。"),
                                          ("工作人员按装设备。", "工作人员安装设备。"),
                                          ("本周完成验收。", "本周完成验收。")])
    assert typo_eval.main(["--data", str(train), "--test", str(test)]) == 0
    out = capsys.readouterr().out
    assert "dropped 1 " in out
    assert "scored 2, 1 with errors" in out
    line = next(x for x in out.splitlines() if x.startswith("test all"))
    assert "sent flag P=1.000 R=1.000" in line  # 按装 is in the confusion list


def test_a_missing_test_file_is_bad_input(tmp_path, capsys):
    train = _write(tmp_path / "train.tsv", [("本周完成验收。", "本周完成验收。")])
    assert typo_eval.main(["--data", str(train), "--test", str(tmp_path / "none.tsv")]) == 2
    assert "test file not found" in capsys.readouterr().err
