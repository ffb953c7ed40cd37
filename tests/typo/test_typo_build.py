"""The typo model build (benchmarks/typo_build.py) into another directory with another split
salt, as benchmarks/typo_eval.py --fresh-split uses it: the held-out side is never read and the
shipped models are never touched."""

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import typo_build  # noqa: E402
import typo_data  # noqa: E402

from rules.typo.common import DATA_DIR  # noqa: E402

# Distinct four-character runs, one sentence each, so each run's side of the split is known.
RUNS = [chr(0x4E00 + 40 * i) + chr(0x4E01 + 40 * i) + chr(0x4E02 + 40 * i) + chr(0x4E03 + 40 * i)
        for i in range(200)]


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "odw.tsv"
    path.write_text("".join(f"0\t{r}。\t{r}。\n" for r in RUNS), encoding="utf-8")
    return path


def _grams(directory: Path) -> set[str]:
    with gzip.open(directory / "char_ngrams.tsv.gz", "rt", encoding="utf-8") as fh:
        return {line.split("\t")[0] for line in fh if not line.startswith("#")}


def test_a_salt_draws_another_held_out_side():
    rows = [(f"{r}。", f"{r}。") for r in RUNS]
    plain = {r for _, r in typo_data.split(rows)[1]}
    salted = {r for _, r in typo_data.split(rows, "fresh")[1]}
    assert plain and salted and plain != salted
    assert 0.1 < len(salted) / len(rows) < 0.3


def test_a_fresh_build_reads_only_its_tuning_side_and_writes_only_where_told(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    shipped = {p.name: p.read_bytes() for p in DATA_DIR.iterdir() if p.is_file()}
    typo_build.main(["--data", str(_data(tmp_path)), "--seeds", str(seeds), "--out", str(out),
                     "--salt", "fresh"])
    assert {p.name: p.read_bytes() for p in DATA_DIR.iterdir() if p.is_file()} == shipped
    grams = _grams(out)
    for run in RUNS:
        held = typo_data.is_held_out(f"{run}。", "fresh")
        assert (run[:2] in grams) != held, run


def test_gov_words_counts_documents_and_skips_words_jieba_knows():
    # 渔政 (jieba lacks it) in three documents, 经济 (a frequent jieba word) in all of them
    docs = [(f"d{i}", "加强渔政执法，发展经济。") for i in range(3)] + [("d3", "发展经济。")]
    words = typo_build.gov_words(docs, min_docs=3)
    assert words.get("渔政") == (3, "word")
    assert "经济" not in words
    assert "渔政" not in typo_build.gov_words(docs, min_docs=4)


def test_ecspell_sentences_are_cut_out_of_the_gov_text_and_counted():
    leak = "加强渔政执法队伍建设。"
    docs = [("a", "第一条 总则。" + leak + "第二条 附则。"), ("b", "第三条 其他。")]
    cleaned, found = typo_build.cut_leaks(docs, {leak, "从未出现的一句话。"})
    assert found == [("a", leak)]
    assert leak not in cleaned[0][1] and "第一条 总则。" in cleaned[0][1]
    assert cleaned[1] == docs[1]


def test_gov_text_build_writes_a_dated_list_with_its_sources(tmp_path):
    texts = tmp_path / "laws"
    texts.mkdir()
    for i in range(6):
        (texts / f"law{i}.md").write_text("县级以上人民政府渔政渔港监督管理机构负责渔政工作。", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    typo_build.main(["--data", str(_data(tmp_path)), "--out", str(out), "--gov-text", str(texts),
                     "--test-file", str(tmp_path / "absent"), "--gov-only"])
    text = (out / "gov_words.tsv").read_text(encoding="utf-8")
    assert "LawRefBook" in text and "第五条" in text
    kept = sum(typo_data.gov_bucket(f"law{i}.md") == "build" for i in range(6))
    assert kept == 4  # law4.md is held out, law1.md is TUNE: neither is read by the build
    assert f"渔政\t{kept}\tword" in text
    assert not (out / "char_ngrams.tsv.gz").exists()
    with gzip.open(out / "gov_ngrams.tsv.gz", "rt", encoding="utf-8") as fh:
        grams = dict(line.rstrip("\n").split("\t") for line in fh if not line.startswith("#"))
    assert grams["渔政"] == str(2 * kept) and grams["渔政渔"] == str(kept)
    assert "渔政渔港" not in grams  # a 4-gram needs 8


def test_held_out_government_documents_are_never_built_from(tmp_path):
    texts = tmp_path / "laws"
    texts.mkdir()
    names = [f"law{i}.md" for i in range(12)]
    for name in names:
        (texts / name).write_text(f"本文件{name}。", encoding="utf-8")
    held = {n for n in names if typo_data.is_gov_held_out(n)}
    assert held == {"law4.md", "law8.md", "law11.md"}
    tune = {n for n in names if typo_data.gov_bucket(n) == "tune"}
    assert tune == {"law1.md"}
    built = {name for name, _ in typo_build.gov_documents([texts])}
    assert built == set(names) - held - tune
    assert {name for name, _ in typo_build.gov_documents([texts], held_out=True)} == held
    assert {name for name, _ in typo_build.gov_documents([texts], bucket="tune")} == tune


def test_about_fifteen_percent_of_government_documents_are_held_out():
    share = sum(typo_data.is_gov_held_out(f"doc{i}") for i in range(4000)) / 4000
    assert 0.12 < share < 0.18


def test_government_documents_fall_into_build_tune_and_held_out_buckets():
    buckets = [typo_data.gov_bucket(f"doc{i}") for i in range(4000)]
    assert 0.12 < buckets.count("tune") / 4000 < 0.18
    assert 0.65 < buckets.count("build") / 4000 < 0.75
    # the held-out bucket is the one of every earlier round, untouched
    assert all((b == "held") == typo_data.is_gov_held_out(f"doc{i}") for i, b in enumerate(buckets))


def test_a_clause_of_an_ecspell_sentence_inside_a_longer_one_is_cut_too():
    clause = "县级以上地方人民政府应当加强对本行政区域内渔政工作的领导"  # 28 characters
    docs = [("a", "第一条　" + clause + "，并保障经费。第二条　附则。")]
    cleaned, found = typo_build.cut_leaks(docs, {clause + "。"})  # not found verbatim
    assert [x for _, x in found] == [clause]
    assert clause[:typo_build.LEAK_RUN] not in cleaned[0][1]
    assert "第二条　附则。" in cleaned[0][1] and "并保障经费" in cleaned[0][1]
    # a shorter shared run is left alone (common official phrasing)
    short = clause[:typo_build.LEAK_RUN - 1] + "外。"  # not in the text verbatim either
    assert typo_build.cut_leaks(docs, {short})[1] == []


def test_the_gov_build_never_prints_the_sentences_it_cuts(tmp_path, capsys):
    texts = tmp_path / "laws"
    texts.mkdir()
    secret = "本条例所称的渔业船舶检验机构应当依法独立开展检验工作"
    for i in range(6):
        (texts / f"law{i}.md").write_text(f"第{i}条　{secret}。", encoding="utf-8")
    test_file = tmp_path / "law.test"
    test_file.write_text(f"0\t{secret}。\t{secret}。\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    typo_build.main(["--data", str(_data(tmp_path)), "--out", str(out), "--gov-text", str(texts),
                     "--test-file", str(test_file), "--gov-ngrams-only"])
    printed = capsys.readouterr().out
    assert "found and cut out" in printed and secret[:8] not in printed
    with gzip.open(out / "gov_ngrams.tsv.gz", "rt", encoding="utf-8") as fh:
        assert "渔业船舶" not in fh.read()


def test_a_cv_fold_build_leaves_out_that_fold_only(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    data = _data(tmp_path)
    rows = typo_data.split(typo_data.load(data)[0])[0]
    folds = typo_data.cv_folds(rows)
    typo_build.main(["--data", str(data), "--seeds", str(seeds), "--out", str(out), "--cv-fold", "2"])
    grams = _grams(out)
    assert 2 in folds and len(set(folds)) == 5
    for (_, right), fold in zip(rows, folds):
        assert (right[:2] in grams) == (fold != 2), right


def test_gov_ngrams_are_pruned_by_length():
    docs = [("a", "依法追究刑事责任。" * 8), ("b", "偶见一回")]
    lines = typo_build.gov_ngram_lines(docs)
    grams = {line.split("\t")[0]: int(line.split("\t")[1]) for line in lines}
    assert grams["依法追究"] == 8 and grams["依"] == 8
    assert "偶见一回" not in grams and "偶见" not in grams  # seen once: below the 2- and 4-gram limits
    assert grams["偶"] == 1  # every unigram is kept
    assert lines == sorted(lines)
