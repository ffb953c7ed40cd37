"""What the rules share for a whole run (AuditContext.once) holds no page text: on a large site
the texts of every article, kept from the first rule to the last, were the rules' peak memory.
The texts are read one page at a time instead, and the findings stay those of the full texts."""

from __future__ import annotations

import gc
import types

from audits.engine import enabled_rules
from crawler.store import Store
from rules.policydocs import articles, read_site
from rules.testing import load_crawl

B = "http://www.example.gov.cn"
FILLER = "按照有关规定认真组织实施各项工作任务"  # in the pages' texts, never in a title or number


def _text(i: int, lead: str = "") -> str:
    return f"{lead}现将有关事项通知如下。{FILLER * 40}第{i}条。（此件主动公开）"


def _crawl() -> dict:
    """Policy documents (one without a 文号, one without 公开属性 in its metadata) and the
    interpretations that name them at the head of their texts, in their own columns."""
    cols = [{"url": f"{B}/zwgk/", "name": "政府信息公开", "path": "首页 > 政府信息公开", "kind": "nav"},
            {"url": f"{B}/wj/", "name": "县政府文件", "path": "首页 > 县政府文件", "kind": "listing",
             "item_count": 4, "newest_date": "2026-10-01"},
            {"url": f"{B}/jd/", "name": "政策解读", "path": "首页 > 政策解读", "kind": "listing",
             "item_count": 4, "newest_date": "2026-10-01"}]
    pages = [{"url": f"{B}/", "kind": "home", "title": "示范县人民政府", "text": "首页"}]
    docs, items = [], []
    for i in range(4):
        title = f"示范县人民政府关于印发第{i}项实施办法的通知"
        url = f"{B}/wj/t{i}.html"
        pages.append({"url": url, "kind": "article", "column_url": f"{B}/wj/", "title": title,
                      "text": _text(i), "breadcrumb": '["首页", "县政府文件"]'})
        docs.append({"url": url, "title": title, "doc_number": "" if i == 0 else f"示政发〔2026〕{i}号",
                     "publish_date": "2026-09-01", "fields": '{"索引号": "001"}'})
        interp = f"{B}/jd/t{i}.html"
        pages.append({"url": interp, "kind": "article", "column_url": f"{B}/jd/", "title": f"第{i}项实施办法政策解读",
                      "text": _text(i, f"《{title}》（示政发〔2026〕{i}号）解读。"),
                      "breadcrumb": '["首页", "政策解读"]'})
        for url_, t in ((url, title), (interp, f"第{i}项实施办法政策解读")):
            items.append({"column_url": url_.rsplit("/", 1)[0] + "/", "url": url_, "title": t,
                          "date": "2026-10-01", "source_url": url_.rsplit("/", 1)[0] + "/"})
    return {"as_of": "2026-11-20", "pages": pages, "columns": cols, "column_items": items, "documents": docs}


def _strings(root) -> list[str]:
    """Every str reachable from ``root`` through containers and plain objects' attributes."""
    seen, out, todo = set(), [], [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            out.append(obj)
        elif not isinstance(obj, (int, float, bytes)):
            todo.extend(gc.get_referents(obj))
    return out


def test_what_the_rules_share_for_the_run_holds_no_page_text(tmp_path):
    store = Store(tmp_path / "audit.db")
    ctx = load_crawl(store, _crawl())
    rules, _ = enabled_rules({"disable": ["text.typo"]})
    found = {rule.id: list(rule.check(ctx)) for rule in rules}
    store.close()
    assert "policydocs.articles" in ctx.shared and "policydocs.read_site" in ctx.shared  # the shared reads ran
    docs, interps = read_site(ctx)
    assert len(docs) == 4 and len(interps) == 4
    held = [s for s in _strings(ctx.shared) if FILLER in s]
    assert held == [], f"{len(held)} page texts held by the shared reads"
    # ... and the rules that read the texts still judge them
    by_rule = {rule: [f.url for f in fs] for rule, fs in found.items()}
    assert by_rule["doc.number_missing"] == [f"{B}/wj/t0.html"]  # no 文号 in metadata nor at the head
    assert by_rule["doc.disclosure_missing"] == []  # each text ends in （此件主动公开）
    assert by_rule["interpretation.missing"] == []  # matched by the 文号 at each interpretation's head


def test_articles_are_read_without_their_texts(tmp_path):
    from rules.policydocs import page_head, page_text

    store = Store(tmp_path / "audit.db")
    ctx = load_crawl(store, _crawl())
    rows = articles(ctx)
    assert [r["url"] for r in rows] == sorted(r["url"] for r in rows) and len(rows) == 8
    assert all(FILLER not in str(v) for r in rows for v in r.values())
    url = f"{B}/jd/t2.html"
    assert page_text(ctx, url) == _text(2, "《示范县人民政府关于印发第2项实施办法的通知》（示政发〔2026〕2号）解读。")
    for chars in (0, 5, 300, 10_000, -3):
        assert page_head(ctx, url, chars) == page_text(ctx, url)[:chars]
    assert page_text(ctx, f"{B}/missing.html") == page_head(ctx, f"{B}/missing.html", 5) == ""
    store.close()
