"""Post-crawl speed without changed answers: what several rules read is read once per run, and
the batched column classification is the one-name-at-a-time classification."""

from __future__ import annotations

import random
import re

import pytest

from audits.engine import enabled_rules
from crawler.store import Store
from rules.taxonomy import _ALL_KEYWORDS, classify_by_fuzzy, fuzzy_classes
from rules.testing import load_crawl

B = "http://www.example.gov.cn"


def _names(n: int, seed: int = 5) -> list[str]:
    """Keywords with a few characters changed or inserted, unrelated names, blanks and noise."""
    rnd = random.Random(seed)
    alphabet = "".join(sorted(set("".join(_ALL_KEYWORDS)))) + "栏目一二三abc 　·"
    names = [f"栏目{i}" for i in range(200)] + list(_ALL_KEYWORDS) + ["", "  ", "·", "（）"]
    for _ in range(n):
        name = list(rnd.choice(_ALL_KEYWORDS))
        for _ in range(rnd.randrange(3)):
            pos = rnd.randrange(len(name) + 1)
            if rnd.random() < 0.5 and name:
                name[min(pos, len(name) - 1)] = rnd.choice(alphabet)
            else:
                name.insert(pos, rnd.choice(alphabet))
        names.append("".join(name))
    return names


@pytest.mark.parametrize("threshold", [75.0, 60.0, 90.0, 100.0, 0.0])
def test_batched_fuzzy_classes_equal_extract_one(threshold):
    names = _names(3000)
    batch = fuzzy_classes(names, threshold, chunk=700)  # several blocks
    one_by_one = {n: classify_by_fuzzy.__wrapped__(n, threshold) for n in set(names)}
    assert batch == one_by_one
    placed = sum(1 for v in batch.values() if v is not None)
    assert 0 < placed < len(batch) or threshold == 0.0


def _crawl(columns: int = 60) -> dict:
    """A small portal: a platform with its columns, policy documents and interpretations."""
    cols = [{"url": f"{B}/zwgk/", "name": "政府信息公开", "path": "首页 > 政府信息公开", "kind": "nav"}]
    pages = [{"url": f"{B}/", "kind": "home", "title": "示范县人民政府", "text": "首页"}]
    items, docs = [], []
    for c in range(columns):
        name = ["县政府文件", "政策解读", "工作动态", "通知公告", "基层政务公开标准目录"][c % 5]
        url = f"{B}/zwgk/c{c}/"
        cols.append({"url": url, "name": name, "path": f"首页 > 政府信息公开 > {name}", "kind": "listing",
                     "item_count": 2, "newest_date": "2026-10-01"})
        for k in range(2):
            page = f"{url}t{k}.html"
            title = f"关于印发示范县第{c}{k}号实施办法的通知" if c % 5 == 0 else f"《示范县第{c - 1}{k}号实施办法》解读"
            pages.append({"url": page, "kind": "article", "column_url": url, "title": title,
                          "text": "现将有关事项通知如下。", "breadcrumb": f'["首页", "{name}"]'})
            items.append({"column_url": url, "url": page, "title": title, "date": "2026-10-01", "source_url": url})
            if c % 5 == 0:
                docs.append({"url": page, "title": title, "doc_number": f"示政发〔2026〕{c}{k}号",
                             "publish_date": "2026-10-01"})
    return {"as_of": "2026-11-20", "pages": pages, "columns": cols, "column_items": items, "documents": docs}


def _statements(tmp_path) -> list[str]:
    """Every SQL statement the rules (but text.typo, owned apart) run over the small portal."""
    store = Store(tmp_path / "audit.db")
    ctx = load_crawl(store, _crawl())
    seen: list[str] = []
    store.db.conn.set_trace_callback(lambda sql: seen.append(" ".join(sql.split())))
    rules, _ = enabled_rules({"disable": ["text.typo"]})
    found = [f for rule in rules for f in rule.check(ctx)]
    store.db.conn.set_trace_callback(None)
    store.close()
    assert found  # the portal is judged, not skipped
    return seen


def test_the_column_table_is_read_once_for_every_rule(tmp_path):
    seen = _statements(tmp_path)
    whole = [s for s in seen if re.search(r"FROM \[?columns\]? WHERE run_id = \d+( ORDER BY url)?$", s)]
    # one full read (platform.columns) and one url -> name map (AuditContext.column_names)
    assert len(whole) == 2, whole


def test_documents_and_article_pages_are_read_once_for_every_rule(tmp_path):
    seen = _statements(tmp_path)
    docs = [s for s in seen if re.search(r"^SELECT (\*|url, title, [a-z_, ]+) FROM \[?documents\]? "
                                         r"WHERE run_id = \d+( ORDER BY url)?$", s)]
    articles = [s for s in seen if re.search(r"FROM pages WHERE run_id = \d+ AND kind IN \('article', 'other'\)$", s)
                and s.startswith("SELECT url, title, column_url")]
    assert len(docs) == 1, docs
    assert len(articles) == 1, articles


def test_text_rules_read_every_kind_of_page_once(tmp_path):
    """privacy.exposed reads the texts one page at a time (not from the shared read of the
    article pages, which holds no text): every page with a text is judged once, whatever its
    kind (or none)."""
    from rules.privacy_exposed import PrivacyExposed

    text = "申请人李某某，手机13912345678，现予公示。"
    kinds = ["article", "other", "home", "listing", "nav", None]
    pages = [{"url": f"{B}/p{i}.html", "kind": kind, "title": f"公示{i}", "text": text}
             for i, kind in enumerate(kinds)]
    pages.append({"url": f"{B}/empty.html", "kind": "article", "title": "空", "text": ""})
    store = Store(tmp_path / "audit.db")
    ctx = load_crawl(store, {"as_of": "2026-11-20", "pages": pages})
    found = list(PrivacyExposed().check(ctx))
    store.close()
    assert [f.url for f in found] == sorted(p["url"] for p in pages[:len(kinds)])
