"""report.annual_late: last year's 政府信息公开工作年度报告 missing or published late."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .dates import parse_date
from .platform import clean_title, columns, home_url
from .taxonomy import normalize_name

DEADLINES = {"government": (3, 31), "department": (1, 31)}
# Titles is_report_of can accept hold 信…息…公…开 (normalize_name only drops punctuation and
# spaces) and 报: SQL keeps only those rows, so a site's million listing rows are not all read.
# instr() first: it rejects almost every row before the slower LIKE patterns are tried
MAY_BE_REPORT = ("instr(title, '报') > 0 AND instr(title, '信') > 0 AND instr(title, '开') > 0 "
                 "AND title LIKE '%信%息%公%开%' AND title LIKE '%报%'")


def is_report_of(title: str, year: int) -> bool:
    clean = normalize_name(title)
    report = any(w in clean for w in ("年度报告", "年报")) or ("年度" in clean and "报告" in clean)
    return f"{year}年" in clean and "信息公开" in clean and report


class ReportAnnualLate(Rule):
    """Annual report late: last year's 政府信息公开工作年度报告 is missing or was published late.

    What:
        以 --as-of 日期所在年份的上一年为报告年度。在本站的列表条目和页面中找标题含“<年度>年”、
        “信息公开”和“年度报告/年报”的页面。找不到且已过截止日（人民政府 3 月 31 日，部门 1 月 31 日，
        由 unit_kind 设置 government/department）的，在年报栏目（没有时在首页）报告“未发布”；
        找到但发布日期晚于截止日的，在年报页面报告“发布逾期”。截止日前缺少年报不报告。
    Why:
        年度报告是政府信息公开工作的法定公开内容，逾期或不发布都违反条例的期限要求。
    Basis:
        《政府信息公开条例》第四十九条：县级以上人民政府部门应当在每年 1 月 31 日前向本级政府信息公开工作主管部门
        提交本行政机关上一年度政府信息公开工作年度报告并向社会公布；县级以上地方人民政府的政府信息公开工作
        主管部门应当在每年 3 月 31 日前向社会公布本级政府上一年度政府信息公开工作年度报告（研究笔记 §4，C）。
    Bad:
        2026-11-20 检查时，《示范县人民政府2025年政府信息公开工作年度报告》发布日期为 2026-04-08，晚于 3 月 31 日；
        或站内根本没有 2025 年度报告。
    Good:
        2025 年度报告于 2026-01-25 发布；或检查日为 2026-02-15，尚未到 3 月 31 日截止日。
    Fix:
        按期发布年度报告；已逾期的尽快发布，并在下一年度按时发布。
    """

    id = "report.annual_late"
    title = "政府信息公开年报未按期发布"
    severity = "扣分"
    scope = "site"
    basis = "政府信息公开条例 第四十九条（部门 1 月 31 日前、政府 3 月 31 日前公布上一年度报告）"
    basis_status = "C"
    deduction = Deduction(
        points=1.0, cap=1.0, status="暂定", clause="政府信息公开条例 第四十九条 年度报告期限 (分值暂定)"
    )
    settings = {
        "unit_kind": Setting(
            "government", str, "government（政府，3 月 31 日前）或 department（部门，1 月 31 日前）：年报的截止日期。"
        )
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        kind = str(self.config["unit_kind"])
        if kind not in DEADLINES:
            kind = "government"
        year = ctx.as_of.year - 1
        month, day = DEADLINES[kind]
        deadline = date(ctx.as_of.year, month, day)
        reports = self._reports(ctx, year)
        if not reports:
            if ctx.as_of <= deadline:
                return
            url = self._report_column(ctx) or home_url(ctx)
            yield self.finding(
                ctx,
                url=url,
                key=["missing", str(year)],
                data={"year": year, "state": "missing", "deadline": deadline.isoformat()},
                message=(
                    f"本站没有 {year} 年度政府信息公开工作年度报告（应于 {deadline.isoformat()} 前公布），请尽快发布。"
                ),
                evidence=f"报告年度：{year}；截止日：{deadline.isoformat()}；检查日：{ctx.as_of.isoformat()}；"
                f"站内未找到标题含“{year}年”和“信息公开…年度报告”的页面",
            )
            return
        dated = [(u, t, d) for u, t, d in reports if d]
        if not dated or any(d <= deadline for _, _, d in dated):
            return
        url, title, published = min(dated, key=lambda r: r[2])
        yield self.finding(
            ctx,
            url=url,
            key=["late", str(year)],
            data={"year": year, "state": "late", "published": published.isoformat(), "deadline": deadline.isoformat()},
            message=f"《{title}》发布日期为 {published.isoformat()}，晚于 {deadline.isoformat()} 的法定期限。",
            evidence=f"年报：{title}（{url}）；发布日期：{published.isoformat()}；截止日：{deadline.isoformat()}",
        )

    def _reports(self, ctx: AuditContext, year: int) -> list[tuple[str, str, date | None]]:
        found: dict[str, tuple[str, str, date | None]] = {}
        # Filtered in SQL, sorted here (a stable sort: own rows first on equal URLs, as SQLite's
        # merge gave): ORDER BY url made SQLite walk the url index and look up every row.
        items = ctx.dicts(f"SELECT * FROM column_items WHERE run_id = ? AND ({MAY_BE_REPORT})", [ctx.run_id])
        for row in sorted(items, key=lambda r: r["url"]):
            if is_report_of(row.get("title") or "", year):
                found.setdefault(row["url"], (row["url"], clean_title(row.get("title")), parse_date(row.get("date"))))
        pages = ctx.dicts(f"SELECT * FROM pages WHERE run_id = ? AND kind IN ('article', 'other') "
                          f"AND ({MAY_BE_REPORT})", [ctx.run_id])
        for row in sorted(pages, key=lambda r: r["url"]):
            row["publish_date"] = ctx.store.db.conn.execute(  # a keyed look-up, not a join of views
                "SELECT publish_date FROM documents WHERE run_id = ? AND url = ?",
                [ctx.run_id, row["url"]]).fetchone()
            row["publish_date"] = row["publish_date"][0] if row["publish_date"] else None
            if is_report_of(row.get("title") or "", year):
                old = found.get(row["url"])
                when = parse_date(row.get("publish_date")) or (old[2] if old else None)
                found[row["url"]] = (row["url"], clean_title(row.get("title")), when)
        return sorted(found.values())

    @staticmethod
    def _report_column(ctx: AuditContext) -> str:
        for col in columns(ctx):
            name = normalize_name(col.get("name"))
            if "年报" in name or "年度报告" in name:
                return col["url"]
        return ""
