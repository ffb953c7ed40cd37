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


def test_clean_sentences_are_cut_at_sentence_ends_and_sampled_by_hash():
    docs = [("a", "# 第一章　总则\n<!-- INFO END 中华人民共和国某某法律文本 -->\n"
                  "第一条　为了规范行政执法行为，制定本条例。第二条　本条例适用于本市。\n"),
            ("b", "县级人民政府应当加强组织领导；乡镇人民政府做好具体工作！短句。")]
    sents = typo_eval.clean_sentences(docs)
    assert set(sents) == {"第一条　为了规范行政执法行为，制定本条例。", "第二条　本条例适用于本市。",
                          "县级人民政府应当加强组织领导；", "乡镇人民政府做好具体工作！"}
    assert typo_eval.clean_sentences(list(reversed(docs))) == sents  # order does not matter
    assert len(typo_eval.clean_sentences(docs, limit=2)) == 2


def test_clean_gov_scores_only_the_held_out_documents(tmp_path, capsys):
    import typo_data

    texts = tmp_path / "laws"
    texts.mkdir()
    for i in range(12):
        # law4/law8/law11 are held out; only they hold a slip the confusion list knows
        slip = "工作人员按装设备。" if typo_data.is_gov_held_out(f"law{i}.md") else ""
        (texts / f"law{i}.md").write_text(f"第{i}条　本条例自公布之日起施行。{slip}", encoding="utf-8")
    assert typo_eval.main(["--clean-gov", str(texts)]) == 0
    out = capsys.readouterr().out
    assert "3 held-out documents, 4 sentences scored" in out  # the slip sentence of the three is one
    assert "flagged 1 of 4 = 0.2500" in out
    assert "按装" not in out  # counts only, never the sentences


def test_clean_gov_without_the_text_is_bad_input(tmp_path, capsys):
    assert typo_eval.main(["--clean-gov", str(tmp_path / "none")]) == 2
    assert "government text not found" in capsys.readouterr().err


def test_tune_gov_scores_only_the_tune_documents(tmp_path, capsys):
    import typo_data

    texts = tmp_path / "laws"
    texts.mkdir()
    for i in range(16):
        # law1.md is the only TUNE document of these; it alone holds a slip the confusion list knows
        slip = "工作人员按装设备。" if typo_data.gov_bucket(f"law{i}.md") == "tune" else ""
        (texts / f"law{i}.md").write_text(f"第{i}条　本条例自公布之日起施行。{slip}", encoding="utf-8")
    assert typo_eval.main(["--tune-gov", str(texts), "--data", str(tmp_path / "none.tsv")]) == 0
    out = capsys.readouterr().out
    assert "1 TUNE documents, 2 sentences scored" in out
    assert "flagged 1 of 2 = 0.5000" in out
    assert "按装" not in out
    assert typo_eval.main(["--clean-gov", str(texts), "--data", str(tmp_path / "none.tsv")]) == 0
    assert "flagged 0 of" in capsys.readouterr().out  # the held-out ones hold no slip
