"""interpretation.missing: 规章/规范性文件 without a 解读, and the coverage ratio."""

from rules.interpretation_missing import InterpretationMissing, site_coverage

B = "http://127.0.0.1:8000"
TITLE = "示范县人民政府关于印发示范县城市道路挖掘管理办法的通知"


def crawl(col, *, number="示政规〔2026〕2号", title=TITLE, interp=None, published="2026-10-06",
          column="行政规范性文件", link=False):
    pages = [{"url": f"{B}/d/t1.html", "kind": "article", "column_url": f"{B}/d/", "title": title,
              "text": "各乡镇人民政府：现印发给你们。"}]
    links = []
    if interp:
        pages.append({"url": f"{B}/jd/t2.html", "kind": "article", "column_url": f"{B}/jd/", "title": interp,
                      "text": "现将有关内容解读如下。"})
        if link:
            links.append({"source_url": f"{B}/d/t1.html", "target_url": f"{B}/jd/t2.html", "anchor": "相关解读",
                          "kind": "internal", "hidden": 0})
    return {"columns": [col("/d/", column, crumbs=["政务公开", "政府信息公开", column]),
                        col("/jd/", "政策解读", crumbs=["政务公开", "政府信息公开", "政策解读"])],
            "pages": pages, "links": links,
            "documents": [{"url": f"{B}/d/t1.html", "title": title, "doc_number": number,
                           "publish_date": published}]}


def test_a_regulation_without_interpretation_fires(run_rule, col):
    findings = run_rule(InterpretationMissing, crawl(col))
    assert [f.url for f in findings] == [f"{B}/d/t1.html"]
    assert "示政规〔2026〕2号" in findings[0].message
    cov = findings[0].data["coverage"]
    assert cov["overall"] == {"in_scope": 1, "interpreted": 0, "ratio": 0.0}
    assert cov["by_column"]["行政规范性文件"]["in_scope"] == 1
    assert cov["by_year"]["2026"]["interpreted"] == 0


def test_matched_interpretation_silences(run_rule, col):
    data = crawl(col, interp="关于《示范县城市道路挖掘管理办法》的政策解读")
    assert run_rule(InterpretationMissing, data) == []


def test_a_link_to_an_interpretation_page_counts_even_without_a_title_match(run_rule, col):
    data = crawl(col, interp="县住建局负责人答记者问", link=True)
    assert run_rule(InterpretationMissing, data) == []
    assert len(run_rule(InterpretationMissing, crawl(col, interp="县住建局负责人答记者问"))) == 1


def test_scope_by_number_mark_or_title_word(run_rule, col):
    plain = "示范县人民政府关于开展秋季爱国卫生运动的通知"
    assert run_rule(InterpretationMissing, crawl(col, title=plain, number="示政〔2026〕3号")) == []
    assert len(run_rule(InterpretationMissing, crawl(col, title=plain, number="示政规〔2026〕3号"))) == 1
    assert len(run_rule(InterpretationMissing, crawl(col, number="示政〔2026〕3号"))) == 1  # 办法 in the title
    assert run_rule(InterpretationMissing, crawl(col, number="示政〔2026〕3号"),
                    {"title_words": ["实施细则"]}) == []


def test_documents_outside_policy_columns_are_not_in_scope(run_rule, col):
    assert run_rule(InterpretationMissing, crawl(col, column="工作动态")) == []


def test_site_coverage_summary(tmp_path, col):
    import json

    from crawler.store import Store
    from rules.testing import load_crawl

    data = {"as_of": "2026-11-20", "site": {"name": "示范县人民政府", "start_url": f"{B}/"},
            **crawl(col, interp="关于《示范县城市道路挖掘管理办法》的政策解读")}
    with Store(tmp_path / "s.db") as store:
        ctx = load_crawl(store, json.loads(json.dumps(data)))
        assert site_coverage(ctx)["overall"] == {"in_scope": 1, "interpreted": 1, "ratio": 1.0}


def test_the_evidence_prints_coverage_per_column_and_per_year(run_rule, col):
    evidence = run_rule(InterpretationMissing, crawl(col))[0].evidence
    assert "本站解读覆盖率：0/1（按栏目：行政规范性文件 0/1；按年份：2026年 0/1）" in evidence
