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
