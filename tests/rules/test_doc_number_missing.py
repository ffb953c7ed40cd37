"""doc.number_missing: policy documents without a 文号, with a suggestion found elsewhere."""

from rules.doc_number_missing import DocNumberMissing

B = "http://127.0.0.1:8000"
URL = f"{B}/zwgk/xzfwj/t1.html"
TITLE = "示范县人民政府关于印发示范县农村人居环境整治提升行动方案的通知"


def crawl(col, *, number="无", text="各乡镇人民政府：现将方案印发给你们。", column="县政府文件",
          title=TITLE, others=(), other_docs=(), breadcrumb=None):
    page = {"url": URL, "kind": "article", "column_url": f"{B}/c/", "title": title, "text": text}
    if breadcrumb is not None:
        page["breadcrumb"] = breadcrumb
    return {"columns": [col("/c/", column)],
            "pages": [page, *others],
            "documents": [{"url": URL, "title": title, "doc_number": number}, *other_docs]}


def test_missing_number_in_policy_column(run_rule, col):
    findings = run_rule(DocNumberMissing, crawl(col))
    assert len(findings) == 1
    assert findings[0].url == URL
    assert "未标注发文字号" in findings[0].message and "“无”" in findings[0].message
    assert findings[0].data["suggestion"] is None
    assert "县政府文件" in findings[0].evidence


def test_empty_metadata_counts_as_missing(run_rule, col):
    assert len(run_rule(DocNumberMissing, crawl(col, number=""))) == 1


def test_number_at_the_head_of_the_text_is_enough(run_rule, col):
    text = "示政发〔2026〕31号\n各乡镇人民政府：现将方案印发给你们。"
    assert run_rule(DocNumberMissing, crawl(col, text=text)) == []


def test_number_beyond_the_head_does_not_count(run_rule, col):
    text = "各乡镇人民政府：" + "现将方案印发给你们。" * 30 + "抄送：示政发〔2026〕31号"
    assert len(run_rule(DocNumberMissing, crawl(col, text=text))) == 1
    assert run_rule(DocNumberMissing, crawl(col, text=text), {"head_chars": 1000}) == []


def test_malformed_number_is_not_missing(run_rule, col):
    assert run_rule(DocNumberMissing, crawl(col, number="示政发(2026)31号")) == []


def test_only_policy_columns_are_checked(run_rule, col):
    assert run_rule(DocNumberMissing, crawl(col, column="工作动态")) == []
    assert run_rule(DocNumberMissing, crawl(col, column="政策解读")) == []


def test_breadcrumb_places_a_document_in_a_policy_column(run_rule, col):
    data = crawl(col, column="信息公开", breadcrumb=["首页", "政府信息公开", "规范性文件"])
    assert len(run_rule(DocNumberMissing, data)) == 1


def test_interpretations_are_not_checked(run_rule, col):
    assert run_rule(DocNumberMissing, crawl(col, title="《行动方案》政策解读")) == []


def test_suggestion_from_a_citation_on_another_page(run_rule, col):
    news = {"url": f"{B}/zwdt/t9.html", "kind": "article", "title": "推进会",
            "text": "会议传达了《示范县农村人居环境整治提升行动方案》（示政发〔2026〕31号）精神。"}
    findings = run_rule(DocNumberMissing, crawl(col, others=[news]))
    assert findings[0].data["suggestion"] == "示政发〔2026〕31号"
    assert findings[0].data["suggestion_source"] == f"{B}/zwdt/t9.html"
    assert "示政发〔2026〕31号" in findings[0].message


def test_suggestion_when_the_number_precedes_the_title(run_rule, col):
    news = {"url": f"{B}/zwdt/t8.html", "kind": "article", "title": "通知",
            "text": "按照示政发〔2026〕31号《示范县农村人居环境整治提升行动方案》要求，开展整治。"}
    findings = run_rule(DocNumberMissing, crawl(col, others=[news]))
    assert findings[0].data["suggestion"] == "示政发〔2026〕31号"


def test_suggestion_from_another_copy_of_the_document(run_rule, col):
    copy = {"url": f"{B}/bm/t3.html", "title": TITLE, "doc_number": "示政发〔2026〕31号"}
    findings = run_rule(DocNumberMissing, crawl(col, other_docs=[copy]))
    assert findings[0].data["suggestion"] == "示政发〔2026〕31号"


def test_unrelated_citations_give_no_suggestion(run_rule, col):
    news = {"url": f"{B}/zwdt/t7.html", "kind": "article", "title": "会议",
            "text": "会议学习了《示范县森林防火实施方案》（示政发〔2026〕30号）。"}
    findings = run_rule(DocNumberMissing, crawl(col, others=[news]))
    assert findings[0].data["suggestion"] is None


def test_seed_003_without_number_gets_it_from_seed_002(run_rule, col):
    # seed 003 (国办发〔2019〕54号) is published without its number; seed 002 cites it with one.
    title = "国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见"
    citing = {"url": f"{B}/zwgk/xzfwj/t70.html", "kind": "article", "title": "平凉市实施意见",
              "text": "为深入贯彻落实《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》"
                      "（国办发〔2019〕54号）和《甘肃省人民政府办公厅关于全面推进基层政务公开标准化"
                      "规范化工作的实施意见》（甘政办发〔2020〕82号）精神"}
    data = crawl(col, title=title, number="",
                 text="各省、自治区、直辖市人民政府，国务院各部委、各直属机构：基层政府直接联系服务人民群众",
                 others=[citing])
    findings = run_rule(DocNumberMissing, data)
    assert [f.data["suggestion"] for f in findings] == ["国办发〔2019〕54号"]


def test_a_number_belonging_to_a_neighbouring_citation_is_not_suggested(run_rule, col):
    news = {"url": f"{B}/zwdt/t6.html", "kind": "article", "title": "会议",
            "text": "学习了《示范县森林防火实施方案》（示政发〔2026〕30号）和"
                    "《示范县农村人居环境整治提升行动方案》的要求，以及示政办发〔2026〕9号文件。"}
    findings = run_rule(DocNumberMissing, crawl(col, others=[news]))
    assert findings[0].data["suggestion"] is None


def test_a_number_the_head_only_cites_is_not_the_pages_own(run_rule, col):
    for text in ("根据国办发〔2020〕42号文件精神，现将有关事项通知如下。",
                 "按照《国务院关于印发…的通知》（国发〔2020〕3号）要求，结合我县实际，制定本方案。",
                 "为贯彻落实平政办发〔2020〕70号精神，现就有关事项通知如下。"):
        findings = run_rule(DocNumberMissing, crawl(col, text=text))
        assert len(findings) == 1, text


def test_a_two_digit_year_number_at_the_head_is_the_pages_own(run_rule, col):
    # malformed (doc.number_malformed's business), but not missing
    assert run_rule(DocNumberMissing, crawl(col, text="示政〔26〕4号\n各乡镇人民政府：")) == []


def _generated_crawl(seed=5, documents=400):
    """Documents (a fifth without 文号), twins with the same title and a number, and pages citing them."""
    import random

    rnd = random.Random(seed)
    words = ["农村", "人居环境", "整治", "医疗保险", "城市道路", "挖掘", "安全生产", "营商环境", "河长制", "森林防火"]
    pages, docs = [], []
    for i in range(documents):
        name = "示范县" + "".join(rnd.sample(words, 3)) + rnd.choice(["实施办法", "工作方案"]) + str(i % 97)
        title = f"示范县人民政府关于印发{name}的通知"
        url = f"{B}/zwgk/t{i:04d}.html"
        number = "" if i % 5 == 0 else f"示政发〔2026〕{i}号"
        pages.append({"url": url, "kind": "article", "column_url": f"{B}/c/", "title": title,
                      "text": "各乡镇人民政府：现将方案印发给你们。"})
        docs.append({"url": url, "title": title, "doc_number": number})
        if i % 5 == 0 and rnd.random() < 0.3:  # the same title elsewhere, with its number
            twin = f"{B}/bm/t{i:04d}.html"
            docs.append({"url": twin, "title": title, "doc_number": f"示农发〔2026〕{i}号"})
        for k in range(rnd.randint(0, 2)):  # news pages citing it, with or without a number beside
            cited = f"《{name}》（示政发〔2026〕{i}号）" if rnd.random() < 0.5 else f"《{name}》"
            pages.append({"url": f"{B}/news/{rnd.randrange(10**6):06d}-{i}-{k}.html", "kind": "article",
                          "column_url": f"{B}/n/", "title": "工作动态", "text": f"会议学习了{cited}。"})
    return {"columns": [{"url": f"{B}/c/", "name": "县政府文件"}, {"url": f"{B}/n/", "name": "工作动态"}],
            "pages": pages, "documents": docs}


def test_one_pass_suggestions_agree_with_the_one_document_scan(tmp_path):
    from crawler.store import Store
    from rules.doc_number_missing import Suggester
    from rules.testing import load_crawl

    store = Store(tmp_path / "audit.db")
    ctx = load_crawl(store, _generated_crawl())
    rule = DocNumberMissing()
    missing = [d for d in ctx.rows("documents", "doc_number = ''") if "/zwgk/" in d["url"]]
    suggester = Suggester(ctx, [d["title"] for d in missing])
    slow = [rule.suggest(ctx, d["url"], d["title"]) for d in missing]
    fast = [suggester.suggest(d["url"], d["title"]) for d in missing]
    assert fast == slow
    sources = [s[1] for s in slow if s]
    assert any("/bm/" in s for s in sources) and any("/news/" in s for s in sources)
    assert sum(1 for s in slow if s is None) > 5
    findings = list(rule.check(ctx))
    assert [f.data["suggestion"] for f in findings] == [s[0] if s else None for s in slow]
    store.close()
