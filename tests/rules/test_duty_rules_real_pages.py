"""The duty rules on the hand-labelled real pages (../shared/real-pages; skipped when absent).

The 14 pages come from five portals and are no site, so only the page-level duty rules are
judged here: they stay silent where the pages give them no ground, and every finding names an
absence a reader can confirm in the page itself.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from crawler.store import Store
from rules.doc_disclosure_missing import DocDisclosureMissing
from rules.doc_late import DocLate
from rules.interpretation_late import InterpretationLate
from rules.interpretation_missing import InterpretationMissing
from rules.pseudorun import load_pages
from rules.unit_page_missing import units_in_text

REAL = Path(__file__).resolve().parents[2] / "../shared/real-pages"
pytestmark = pytest.mark.skipif(not (REAL / "labels.json").exists(), reason="../shared/real-pages not present")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    labels = json.loads((REAL / "labels.json").read_text(encoding="utf-8"))
    raw = {label["url"]: (REAL / "pages" / label["file"]).read_bytes() for label in labels}
    store = Store(tmp_path_factory.mktemp("real") / "real.db")
    ctx = load_pages(store, raw.items(), as_of=date(2026, 11, 20), name="真实页面样本")
    yield ctx, raw
    store.close()


@pytest.mark.parametrize("rule", [InterpretationMissing, InterpretationLate, DocLate], ids=lambda r: r.id)
def test_silent_where_the_pages_give_no_ground(real, rule):
    ctx, _ = real
    assert [f.url for f in rule().check(ctx)] == []


def test_disclosure_findings_are_pages_without_any_attribute(real):
    ctx, raw = real
    findings = list(DocDisclosureMissing().check(ctx))
    assert findings  # 柘城 柘政办〔2018〕47号 shows no 公开方式 and no 此件 line
    for f in findings:
        html = raw[f.url].decode("utf-8", "replace")
        assert not any(word in html for word in ("公开方式", "公开属性", "此件主动公开", "此件公开发布"))


def test_units_read_from_a_real_department_directory(real):
    ctx, raw = real
    page = next(ctx.rows("pages", "title LIKE ? AND kind = 'nav'", ["%工作机构%"]))
    units = units_in_text(page["text"])
    anchors = {r["anchor"] for r in ctx.rows("links", "source_url = ?", [page["url"]])}
    assert len(units) >= 50
    assert set(units) <= anchors  # every name read is a unit the directory links to
