"""interpretation.late: working days between a document and its 解读."""

from rules.interpretation_late import InterpretationLate

B = "http://127.0.0.1:8000"
TITLE = "示范县人民政府关于印发示范县城乡居民基本医疗保险实施办法的通知"


def crawl(col, doc_day, interp_day):
    return {
        "columns": [col("/d/", "政策文件"), col("/jd/", "政策解读")],
        "pages": [
            {"url": f"{B}/d/1.html", "kind": "article", "column_url": f"{B}/d/", "title": TITLE, "text": "现印发。"},
            {
                "url": f"{B}/jd/2.html",
                "kind": "article",
                "column_url": f"{B}/jd/",
                "title": "一图读懂《示范县城乡居民基本医疗保险实施办法》",
                "text": "主要内容。",
            },
        ],
        "documents": [
            {"url": f"{B}/d/1.html", "title": TITLE, "doc_number": "示政〔2026〕8号", "publish_date": doc_day}
        ],
        "column_items": [
            {
                "column_url": f"{B}/jd/",
                "url": f"{B}/jd/2.html",
                "title": "一图读懂",
                "date": interp_day,
                "source_url": f"{B}/jd/",
            }
        ]
        if interp_day
        else [],
    }


def test_late_interpretation_points_at_the_interpretation(run_rule, col):
    findings = run_rule(InterpretationLate, crawl(col, "2026-09-01", "2026-09-15"))
    assert len(findings) == 1
    f = findings[0]
    assert f.url == f"{B}/jd/2.html" and f.target == f"{B}/d/1.html"
    assert f.data["workdays"] == 10 and "10 个工作日" in f.message


def test_within_the_limit_or_earlier_is_quiet(run_rule, col):
    assert run_rule(InterpretationLate, crawl(col, "2026-09-01", "2026-09-04")) == []  # 3 working days
    assert run_rule(InterpretationLate, crawl(col, "2026-09-10", "2026-09-01")) == []


def test_holidays_are_not_working_days(run_rule, col):
    # 2026-09-30 → 2026-10-09: 10 calendar days, but the 国庆 holiday leaves 2 working days
    assert run_rule(InterpretationLate, crawl(col, "2026-09-30", "2026-10-09")) == []
    assert len(run_rule(InterpretationLate, crawl(col, "2026-09-30", "2026-10-09"), {"max_workdays": 1})) == 1


def test_unknown_dates_are_not_judged(run_rule, col):
    assert run_rule(InterpretationLate, crawl(col, "2026-09-01", None)) == []
    assert run_rule(InterpretationLate, crawl(col, "2026-09-01", "2099-01-01")) == []
