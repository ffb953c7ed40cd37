"""interpretation.unlinked: match 解读 to documents on the site, then check both link directions."""

import pytest

from rules.interpretation_unlinked import InterpretationUnlinked

B = "http://127.0.0.1:8000"
DOC = f"{B}/zwgk/xzfwj/t1.html"
JD = f"{B}/zwgk/zcjd/t2.html"
DOC_TITLE = "示范县人民政府关于印发示范县城乡居民医疗保险实施办法的通知"


def crawl(col, interp_title, interp_text="", links=(), interp_column="/zwgk/zcjd/",
          doc_number="示政发〔2026〕12号"):
    return {
        "columns": [col("/zwgk/xzfwj/", "县政府文件"), col("/zwgk/zcjd/", "政策解读"),
                    col("/zwdt/gzdt/", "工作动态")],
        "pages": [
            {"url": DOC, "kind": "article", "column_url": f"{B}/zwgk/xzfwj/", "title": DOC_TITLE,
             "text": "各乡镇人民政府：现将《示范县城乡居民医疗保险实施办法》印发给你们。"},
            {"url": JD, "kind": "article", "column_url": f"{B}{interp_column}",
             "title": interp_title, "text": interp_text},
        ],
        "documents": [{"url": DOC, "title": DOC_TITLE, "doc_number": doc_number}],
        "links": [{"source_url": s, "target_url": t, "anchor": "链接", "kind": "internal",
                   "hidden": h} for s, t, h in links],
    }


def directions(findings):
    return sorted(f.data["direction"] for f in findings)


def test_both_directions_missing(run_rule, col):
    findings = run_rule(InterpretationUnlinked, crawl(col, "《示范县城乡居民医疗保险实施办法》政策解读"))
    assert directions(findings) == ["doc_to_interp", "interp_to_doc"]
    by_dir = {f.data["direction"]: f for f in findings}
    assert by_dir["doc_to_interp"].url == DOC and by_dir["doc_to_interp"].target == JD
    assert by_dir["interp_to_doc"].url == JD and by_dir["interp_to_doc"].target == DOC
    assert "相关解读" in by_dir["doc_to_interp"].message
    assert "政策原文" in by_dir["interp_to_doc"].message
    assert "示政发〔2026〕12号" in by_dir["doc_to_interp"].evidence
    assert len({f.fingerprint for f in findings}) == 2


def test_linked_both_ways_is_fine(run_rule, col):
    data = crawl(col, "《示范县城乡居民医疗保险实施办法》政策解读",
                 links=[(DOC, JD, 0), (JD, DOC, 0)])
    assert run_rule(InterpretationUnlinked, data) == []


@pytest.mark.parametrize("title, text, method", [
    ("《示范县城乡居民医疗保险实施办法》政策解读", "", "quoted"),
    ("关于示范县城乡居民医疗保险实施办法的解读", "", "title"),
    ("县医保局负责人就医保新政答记者问", "近日，县政府印发示政发〔2026〕12号文件。", "number"),
    ("一图读懂医保新政", "县政府近日印发了《示范县城乡居民医疗保险实施办法》。", "quoted"),
])
def test_matching_methods(run_rule, col, title, text, method):
    findings = run_rule(InterpretationUnlinked, crawl(col, title, text, links=[(JD, DOC, 0)]))
    assert directions(findings) == ["doc_to_interp"]
    assert findings[0].data["method"] == method


def test_number_in_title_matches_even_with_bracket_variants(run_rule, col):
    findings = run_rule(InterpretationUnlinked,
                        crawl(col, "示政发[2026]12号文件解读", links=[(JD, DOC, 0)]))
    assert [f.data["method"] for f in findings] == ["number"]


def test_interpretation_of_a_document_not_on_the_site_is_not_a_finding(run_rule, col):
    data = crawl(col, "一图读懂《国务院关于进一步优化政务服务提升行政效能的指导意见》",
                 "国务院印发《关于进一步优化政务服务提升行政效能的指导意见》（国发〔2026〕3号）。")
    assert run_rule(InterpretationUnlinked, data) == []


def test_similar_but_different_document_is_not_matched(run_rule, col):
    data = crawl(col, "《示范县城镇职工医疗保险实施办法》解读")
    assert run_rule(InterpretationUnlinked, data) == []
    assert run_rule(InterpretationUnlinked, data, {"title_threshold": 70})


def test_hidden_link_does_not_count_by_default(run_rule, col):
    data = crawl(col, "《示范县城乡居民医疗保险实施办法》政策解读",
                 links=[(DOC, JD, 1), (JD, DOC, 0)])
    findings = run_rule(InterpretationUnlinked, data)
    assert directions(findings) == ["doc_to_interp"]
    assert findings[0].data["hidden_link"] is True
    assert "display:none" in findings[0].message
    assert run_rule(InterpretationUnlinked, data, {"count_hidden_links": True}) == []


def test_interpretation_found_by_title_outside_a_解读_column(run_rule, col):
    data = crawl(col, "图解：示范县城乡居民医疗保险实施办法", interp_column="/zwdt/gzdt/",
                 links=[(DOC, JD, 0)])
    assert directions(run_rule(InterpretationUnlinked, data)) == ["interp_to_doc"]


def test_ordinary_news_is_not_an_interpretation(run_rule, col):
    data = crawl(col, "示范县城乡居民医疗保险实施办法宣传活动走进社区", interp_column="/zwdt/gzdt/")
    assert run_rule(InterpretationUnlinked, data) == []


# -- every common title form, on any listing page ------------------------------------------------
YL = f"{B}/zwgk/xzfwj/t7.html"
YL_TITLE = "示范县人民政府关于加快发展养老服务业的实施意见"
YB = f"{B}/zwgk/xzfwj/t8.html"
YB_TITLE = "示范县人民政府办公室关于印发示范县困难群众救助办法的通知"


def forms_crawl(col, interp_title, *, page_title=None, column="/zwdt/gzdt/", items=True):
    """Two documents without a 文号 and one interpretation listed in an ordinary column."""
    page = {"url": JD, "kind": "article", "column_url": f"{B}{column}",
            "title": interp_title if page_title is None else page_title, "text": "为便于理解，现解读如下。"}
    data = {
        "columns": [col("/zwgk/xzfwj/", "县政府文件"), col(column, "工作动态")],
        "pages": [{"url": YL, "kind": "article", "column_url": f"{B}/zwgk/xzfwj/", "title": YL_TITLE},
                  {"url": YB, "kind": "article", "column_url": f"{B}/zwgk/xzfwj/", "title": YB_TITLE},
                  page],
        "documents": [{"url": YL, "title": YL_TITLE, "doc_number": "无"},
                      {"url": YB, "title": YB_TITLE, "doc_number": ""}],
    }
    if items:
        data["column_items"] = [{"column_url": f"{B}{column}", "url": JD, "title": interp_title,
                                 "date": "2026-11-02", "source_url": f"{B}{column}"}]
    return data


@pytest.mark.parametrize("title, doc", [
    ("《示范县人民政府关于加快发展养老服务业的实施意见》政策解读", YL),
    ("一图读懂《关于加快发展养老服务业的实施意见》", YL),  # quotes only what follows 关于
    ("图解：关于加快发展养老服务业的实施意见", YL),
    ("【图解】《关于加快发展养老服务业的实施意见》", YL),
    ("解读：《关于加快发展养老服务业的实施意见》", YL),
    ("一图读懂｜示范县人民政府关于加快发展养老服务业的实施意见", YL),
    ("县民政局负责人就《关于加快发展养老服务业的实施意见》答记者问", YL),
    ("《关于加快发展养老服务业的实施意见》新闻发布会", YL),
    ("一图读懂《关于印发示范县困难群众救助办法的通知》", YB),
    ("图解：示范县困难群众救助办法", YB),
    ("解读：《示范县困难群众救助办法》", YB),
])
def test_every_common_title_form_is_matched_and_unlinked_both_ways_is_two_findings(
        run_rule, col, title, doc):
    findings = run_rule(InterpretationUnlinked, forms_crawl(col, title))
    assert sorted((f.data["direction"], f.url) for f in findings) == [
        ("doc_to_interp", doc), ("interp_to_doc", JD)], title
    assert all(f.data["document_url"] == doc for f in findings)


def test_interpretation_known_only_by_its_listing_title(run_rule, col):
    # The page's own <title> names the column (SiteServer); the listing item carries the real title.
    data = forms_crawl(col, "一图读懂《关于加快发展养老服务业的实施意见》", page_title="工作动态")
    assert sorted(f.data["direction"] for f in run_rule(InterpretationUnlinked, data)) == [
        "doc_to_interp", "interp_to_doc"]
    assert run_rule(InterpretationUnlinked, forms_crawl(col, "一图读懂《关于加快发展养老服务业的实施意见》",
                                                        page_title="工作动态", items=False)) == []


def test_a_different_document_of_the_same_issuer_is_not_matched(run_rule, col):
    data = forms_crawl(col, "一图读懂《关于加快发展托育服务业的实施意见》")
    assert run_rule(InterpretationUnlinked, data) == []
