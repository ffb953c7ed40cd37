"""text.typo keeps each page's checker result in the store: a re-inspection of unchanged pages
does not check them again and yields the same findings; what changes the result is checked."""

from __future__ import annotations

import copy

import pytest

import rules.typo.api as api
from crawler.store import Store
from rules.base import findings_to_json
from rules.testing import load_crawl
from rules.text_typo import TextTypo

B = "http://127.0.0.1:8000"
ARTICLES = {
    "/a/1.html": ("关于按装监控设备的通知", "截止目前，已按装监控设备3台。请各单位做好布署工作。"),
    "/a/2.html": ("大力培育发展大数局产业", "深入学习贯彻习近平新时代中国特色社会主意思想。"),
    "/a/3.html": ("县政府召开常务会议", "会议研究了全县重点项目建设工作，要求各部门抓好落实。"),
    "/a/4.html": ("关于做好秋季防火工作的通知", "各乡镇要加强巡查，再接再励，确保不发生火灾。"),
}
# a listing title whose article page was not fetched
ITEMS = [{"column_url": f"{B}/list/", "url": f"{B}/a/9.html", "title": "关于按装路灯的公示"}]


def crawl(articles=ARTICLES, anchors=("县公共资源交易中心", "示范镇")):
    return {
        "as_of": "2026-11-20",
        "site": {"name": "示范县人民政府", "start_url": f"{B}/"},
        "pages": [{"url": f"{B}/", "kind": "home", "title": "示范县人民政府", "text": ""}]
        + [{"url": f"{B}{path}", "kind": "article", "title": title, "text": text}
           for path, (title, text) in articles.items()],
        "column_items": ITEMS,
        "links": [{"source_url": f"{B}/", "target_url": f"{B}/x/{i}", "anchor": a, "kind": "internal"}
                  for i, a in enumerate(anchors)],
    }


@pytest.fixture
def checked(monkeypatch):
    """The texts handed to the checker (each call of check_text), in order."""
    calls: list[str] = []
    real = api.check_text

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(api, "check_text", counting)
    return calls


def audit(store, data, settings=None, *, keep=True):
    ctx = load_crawl(store, data)
    rule = TextTypo(settings)
    rule.keep_results = keep
    return rule, list(rule.check(ctx)), ctx


def rows(store):
    return store.db.conn.execute("SELECT COUNT(*) FROM typo_results").fetchone()[0]


def test_second_run_reuses_every_page_and_yields_the_findings_of_an_uncached_run(tmp_path, checked):
    with Store(tmp_path / "audit.db") as store:
        first, found1, _ = audit(store, crawl())
        assert found1 and first.results.checked == 5 and first.results.reused == 0
        assert len(checked) == 9  # 4 articles × (title, body) + 1 listing title
        checked.clear()
        second, found2, ctx = audit(store, crawl())
        assert checked == []  # nothing checked again
        assert (second.results.checked, second.results.reused) == (0, 5)
        plain = TextTypo(None)
        plain.keep_results = False
        uncached = list(plain.check(ctx))
        assert len(checked) == 9  # the rule without the cache does check
        assert findings_to_json(found2) == findings_to_json(uncached)
        assert findings_to_json(found2) == findings_to_json(found1)


def test_a_changed_text_alone_is_checked_again_and_its_old_result_dropped(tmp_path, checked):
    with Store(tmp_path / "audit.db") as store:
        audit(store, crawl())
        assert rows(store) == 5
        changed = dict(ARTICLES)
        changed["/a/3.html"] = ("县政府召开常务会议", "会议要求各部门按装好设备。")
        checked.clear()
        rule, found, ctx = audit(store, crawl(changed))
        assert checked == ["县政府召开常务会议", "会议要求各部门按装好设备。"]
        assert (rule.results.checked, rule.results.reused) == (1, 4)
        assert any(f.url == f"{B}/a/3.html" for f in found)
        assert rows(store) == 5  # one row per page text the last run used, none per run
        plain = TextTypo(None)
        plain.keep_results = False
        assert findings_to_json(found) == findings_to_json(list(plain.check(ctx)))


@pytest.mark.parametrize("change", ["detectors", "site_words"])
def test_a_changed_config_or_site_words_checks_every_page_again(tmp_path, checked, change):
    settings, data = None, crawl()
    if change == "detectors":
        settings = {"detectors": ["confusion", "formulation", "script"]}
    else:
        data = crawl(anchors=("县公共资源交易中心", "示范镇", "大数局"))
    with Store(tmp_path / "audit.db") as store:
        audit(store, crawl())
        checked.clear()
        rule, found, ctx = audit(store, copy.deepcopy(data), settings)
        assert (rule.results.checked, rule.results.reused) == (5, 0)
        assert len(checked) == 9
        checked.clear()
        again, found_again, _ = audit(store, copy.deepcopy(data), settings)  # the new key is kept
        assert checked == [] and again.results.reused == 5
        assert findings_to_json(found_again) == findings_to_json(found)


def test_settings_applied_after_checking_still_apply_to_reused_results(tmp_path, checked):
    """max_per_page is not in the key: the reused hits are cut to the new limit."""
    with Store(tmp_path / "audit.db") as store:
        audit(store, crawl())
        checked.clear()
        rule, found, ctx = audit(store, crawl(), {"max_per_page": 1})
        assert checked == [] and rule.results.reused == 5
        plain = TextTypo({"max_per_page": 1})
        plain.keep_results = False
        assert findings_to_json(found) == findings_to_json(list(plain.check(ctx)))
        per_page = {}
        for f in found:
            per_page[f.url] = per_page.get(f.url, 0) + 1
        assert per_page and max(per_page.values()) == 1


def test_without_the_store_table_nothing_is_kept_and_every_page_is_checked(tmp_path, checked):
    with Store(tmp_path / "audit.db") as store:
        store.db.conn.execute("DROP TABLE typo_results")
        rule, found, _ = audit(store, crawl())
        again, found_again, _ = audit(store, crawl())
        assert again.results.checked == 5 and len(checked) == 18
        assert findings_to_json(found_again) == findings_to_json(found)


def test_a_new_checker_version_checks_every_page_again(tmp_path, checked, monkeypatch):
    import rules.typo.resultcache as resultcache

    with Store(tmp_path / "audit.db") as store:
        audit(store, crawl())
        monkeypatch.setattr(resultcache, "model_version", lambda: "another checker")
        checked.clear()
        rule, _, _ = audit(store, crawl())
        assert (rule.results.checked, rule.results.reused) == (5, 0) and len(checked) == 9


def test_the_checker_version_changes_with_its_data_files(tmp_path, monkeypatch):
    import rules.typo.resultcache as resultcache

    data = tmp_path / "data"
    data.mkdir()
    (data / "words.txt").write_text("按装\t安装\n", encoding="utf-8")
    monkeypatch.setattr(resultcache, "DATA_DIR", data)
    try:
        resultcache.model_version.cache_clear()
        before = resultcache.model_version()
        (data / "words.txt").write_text("按装\t安装\n布署\t部署\n", encoding="utf-8")
        resultcache.model_version.cache_clear()
        assert resultcache.model_version() != before
    finally:
        resultcache.model_version.cache_clear()
