"""The real-pages benchmark as a test: extraction on hand-labelled pages of real portals
(``../shared/real-pages``, read in place, never copied) meets its targets: overall >= 0.95,
every field >= 0.90. Skipped when the folder is absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / ".." / "shared" / "real-pages"

pytestmark = pytest.mark.skipif(not (PAGES / "labels.json").is_file(), reason="../shared/real-pages absent")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("real_pages_bench", ROOT / "benchmarks" / "real_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scores, misses = module.run(PAGES)
    return module, scores, misses


def test_overall_accuracy(bench):
    module, scores, misses = bench
    assert module.overall(scores) >= module.TARGET_OVERALL, misses


def test_every_field_accuracy(bench):
    module, scores, misses = bench
    low = {k: f"{r}/{n}" for k, (r, n) in scores.items() if r / n < module.TARGET_FIELD}
    assert not low, (low, misses)


def test_every_labelled_field_is_scored(bench):
    module, scores, misses = bench
    for field in ("kind", "title", "breadcrumb", "column_name", "item_count", "total_pages", "newest_date",
                  "publish_date", "doc_number", "doc_number_in_body", "metadata"):
        assert scores.get(field, (0, 0))[1] > 0, field


def test_missing_folder_is_a_clear_error(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("real_pages_bench2", ROOT / "benchmarks" / "real_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--pages", str(tmp_path / "nowhere")]) == 2
    assert "real pages not found" in capsys.readouterr().err
