"""platform.columns: 指南, 制度, 法定主动公开内容, 年报 and the 指南's contact items."""

from rules.platform_columns import PlatformColumns

B = "http://127.0.0.1:8000"
GUIDE = ("政府信息公开工作机构：示范县人民政府办公室。办公地址：人民路1号。办公时间：工作日8:00-12:00。"
         "联系电话：0599-1234567。传真：0599-1234568。电子邮箱：zwgk@example.gov.cn。")


def crawl(col, *, skip=(), blank=(), guide=GUIDE):
    xx = ["政务公开", "政府信息公开"]
    names = {
        "/zn/": "政府信息公开指南",
        "/zd/": "政府信息公开制度",
        "/fd/": "法定主动公开内容",
        "/nb/": "政府信息公开年报",
    }
    cols = [col(p, n, items=0 if n in blank else 2, crumbs=xx + [n]) for p, n in names.items() if n not in skip]
    pages = [
        {"url": f"{B}/zn/1.html", "kind": "article", "column_url": f"{B}/zn/", "title": "信息公开指南", "text": guide}
    ]
    return {"columns": cols, "pages": pages}


def test_complete_platform_passes(run_rule, col):
    assert run_rule(PlatformColumns, crawl(col)) == []


def test_missing_column_points_at_home(run_rule, col):
    findings = run_rule(PlatformColumns, crawl(col, skip=("政府信息公开年报",)))
    assert [(f.url, f.data["column"], f.data["state"]) for f in findings] == [(f"{B}/", "政府信息公开年报", "missing")]


def test_blank_column_points_at_the_column(run_rule, col):
    findings = run_rule(PlatformColumns, crawl(col, blank=("政府信息公开制度",)))
    assert [(f.url, f.data["state"]) for f in findings] == [(f"{B}/zd/", "blank")]


def test_guide_without_fax_and_email(run_rule, col):
    guide = GUIDE.replace("传真：0599-1234568。", "").replace("电子邮箱：zwgk@example.gov.cn。", "")
    findings = run_rule(PlatformColumns, crawl(col, guide=guide))
    assert [(f.url, f.data["missing"]) for f in findings] == [(f"{B}/zn/1.html", ["传真号码", "互联网联系方式"])]
    assert run_rule(PlatformColumns, crawl(col, guide=guide), {"check_guide": False}) == []


def test_columns_outside_the_platform_do_not_count(run_rule, col):
    data = crawl(col, skip=("政府信息公开制度",))
    data["columns"].append(col("/x/", "政府信息公开制度", crumbs=["新闻中心", "政府信息公开制度"]))
    assert [f.data["column"] for f in run_rule(PlatformColumns, data)] == ["政府信息公开制度"]
