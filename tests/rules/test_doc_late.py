"""doc.late: 成文日期 → 发布日期 in official working days."""

from rules.doc_late import DocLate

B = "http://127.0.0.1:8000"


def crawl(col, written, published, disclosure="主动公开"):
    return {"columns": [col("/zcwj/", "政策文件")],
            "pages": [{"url": f"{B}/zcwj/1.html", "kind": "article", "column_url": f"{B}/zcwj/",
                       "title": "示范县人民政府关于调整最低生活保障标准的通知", "text": "现通知如下。"}],
            "documents": [{"url": f"{B}/zcwj/1.html", "title": "示范县人民政府关于调整最低生活保障标准的通知",
                           "doc_number": "示政〔2026〕15号", "written_date": written, "publish_date": published,
                           "disclosure": disclosure}]}


def test_more_than_twenty_working_days_fires(run_rule, col):
    findings = run_rule(DocLate, crawl(col, "2026-08-03", "2026-09-14"))
    assert len(findings) == 1 and findings[0].data["workdays"] == 30
    assert findings[0].url == f"{B}/zcwj/1.html"
    assert "2026-08-03" in findings[0].message and "30 个工作日" in findings[0].message


def test_exactly_twenty_is_in_time(run_rule, col):
    assert run_rule(DocLate, crawl(col, "2026-09-28", "2026-10-30")) == []  # the 20th working day
    assert len(run_rule(DocLate, crawl(col, "2026-09-28", "2026-11-02"))) == 1


def test_the_holiday_calendar_decides_not_the_weekdays(run_rule, col):
    # 21 weekdays but 17 official working days across 国庆
    assert run_rule(DocLate, crawl(col, "2026-09-28", "2026-10-27")) == []
    assert len(run_rule(DocLate, crawl(col, "2026-09-28", "2026-10-27"), {"max_workdays": 16})) == 1


def test_unknown_years_and_missing_dates_are_not_guessed(run_rule, col):
    assert run_rule(DocLate, crawl(col, "2026-08-03", "2099-09-14")) == []
    assert run_rule(DocLate, crawl(col, None, "2026-09-14")) == []


def test_documents_not_proactively_disclosed_are_skipped(run_rule, col):
    assert run_rule(DocLate, crawl(col, "2026-08-03", "2026-09-14", disclosure="依申请公开")) == []


def test_summary_counts_the_documents_it_could_not_judge(tmp_path, col):
    import json

    from crawler.store import Store
    from rules.doc_late import late_summary
    from rules.testing import load_crawl

    data = {"site": {"name": "示范县人民政府", "start_url": f"{B}/"}, **crawl(col, "2026-12-20", "2099-01-05")}
    with Store(tmp_path / "s.db") as store:
        summary = late_summary(load_crawl(store, json.loads(json.dumps(data))))
    assert summary == {"late": 0, "in_time": 0, "unknown": 1, "unknown_urls": [f"{B}/zcwj/1.html"]}
