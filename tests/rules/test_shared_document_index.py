"""The 解读 rules share one document index per run: interpretation.late and
interpretation.unlinked index the same documents on most sites, and build that index (and match
each interpretation in it) once; the findings stay those of each rule on a context of its own.
An index with no document to match reads no interpretation's text."""

from __future__ import annotations

import pytest

from crawler.store import Store
from rules import docmatch, policydocs
from rules.interpretation_late import InterpretationLate
from rules.interpretation_missing import InterpretationMissing
from rules.interpretation_unlinked import InterpretationUnlinked
from rules.testing import load_crawl

B = "http://www.example.gov.cn"


def _crawl(doc_title: str = "示范县人民政府关于印发第{i}项实施办法的通知", listed_doc_title: str | None = None) -> dict:
    """Four policy documents and their interpretations (named at the head of their texts only),
    published a month after them, with no link either way."""
    cols = [{"url": f"{B}/wj/", "name": "县政府文件", "path": "首页 > 县政府文件", "kind": "listing"},
            {"url": f"{B}/jd/", "name": "政策解读", "path": "首页 > 政策解读", "kind": "listing"}]
    pages = [{"url": f"{B}/", "kind": "home", "title": "示范县人民政府", "text": "首页"}]
    docs, items = [], []
    for i in range(4):
        title = doc_title.format(i=i)
        url, interp = f"{B}/wj/t{i}.html", f"{B}/jd/t{i}.html"
        pages.append({"url": url, "kind": "article", "column_url": f"{B}/wj/", "title": title,
                      "text": "现将有关事项通知如下。", "breadcrumb": '["首页", "县政府文件"]'})
        docs.append({"url": url, "title": title, "doc_number": f"示政发〔2026〕{i + 1}号",
                     "publish_date": "2026-09-01"})
        pages.append({"url": interp, "kind": "article", "column_url": f"{B}/jd/", "title": f"第{i}号解读材料",
                      "text": f"《{title}》（示政发〔2026〕{i + 1}号）解读如下。",
                      "breadcrumb": '["首页", "政策解读"]'})
        items.append({"column_url": f"{B}/jd/", "url": interp, "title": f"第{i}号解读材料",
                      "date": "2026-10-08", "source_url": f"{B}/jd/"})
        items.append({"column_url": f"{B}/wj/", "url": url, "title": (listed_doc_title or doc_title).format(i=i),
                      "date": "2026-09-01", "source_url": f"{B}/wj/"})
    return {"as_of": "2026-11-20", "pages": pages, "columns": cols, "column_items": items, "documents": docs}


def _rows(findings) -> list[tuple]:
    return sorted((f.rule, f.url, f.target, f.fingerprint, f.message, f.evidence, repr(f.data)) for f in findings)


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Counts the DocumentIndex objects built."""
    made: list[int] = []
    init = docmatch.DocumentIndex.__init__

    def counting(self, *args, **kwargs):
        made.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(docmatch.DocumentIndex, "__init__", counting)
    return made


RULES = (InterpretationLate, InterpretationUnlinked)


def _alone(tmp_path, crawl: dict) -> list[tuple]:
    """Each rule on a context of its own (nothing shared between them)."""
    out = []
    for i, cls in enumerate(RULES):
        store = Store(tmp_path / f"alone{i}.db")
        out += list(cls().check(load_crawl(store, crawl)))
        store.close()
    return _rows(out)


def test_late_and_unlinked_build_one_index_for_the_same_documents(tmp_path, builds):
    crawl = _crawl()
    expected = _alone(tmp_path, crawl)
    assert len(builds) == 2 and expected  # each context built its own
    builds.clear()
    store = Store(tmp_path / "shared.db")
    ctx = load_crawl(store, crawl)
    found = [f for cls in RULES for f in cls().check(ctx)]
    assert len(builds) == 1
    assert _rows(found) == expected
    assert {f.rule for f in found} == {"interpretation.late", "interpretation.unlinked"}
    ctx.release()  # the shared index goes with the shared reads
    list(InterpretationUnlinked().check(ctx))
    assert len(builds) == 2
    store.close()


def test_documents_listed_under_other_titles_get_their_own_index(tmp_path, builds):
    """interpretation.unlinked also compares the titles the listings give a document: when they
    differ from interpretation.late's documents, it must not use late's index."""
    crawl = _crawl(listed_doc_title="关于第{i}项实施办法的通知（列表标题）")
    expected = _alone(tmp_path, crawl)
    builds.clear()
    store = Store(tmp_path / "shared.db")
    ctx = load_crawl(store, crawl)
    found = [f for cls in RULES for f in cls().check(ctx)]
    assert len(builds) == 2
    assert _rows(found) == expected
    store.close()


def test_no_document_in_scope_reads_no_interpretation_text(tmp_path, monkeypatch):
    """interpretation.missing over a site whose documents are all work notices (not 规章 or
    规范性文件): nothing can match, so no interpretation's text is read."""
    heads: list[str] = []
    real = policydocs.page_head
    monkeypatch.setattr(policydocs, "page_head", lambda ctx, url, chars: heads.append(url) or real(ctx, url, chars))
    store = Store(tmp_path / "notices.db")
    ctx = load_crawl(store, _crawl(doc_title="示范县人民政府关于召开第{i}次工作会议的通知"))
    assert list(InterpretationMissing().check(ctx)) == []
    assert heads == []
    assert list(InterpretationLate().check(ctx))  # the same interpretations, matched by their heads
    assert len(heads) == 4
    store.close()
