"""column.stale: columns that should be updated and were not (栏目不更新)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .base import AuditContext, Deduction, Finding, NotConfigured, Rule, Setting, Severity
from .dates import add_months, parse_date
from .platform import columns
from .taxonomy import (
    CLASS_LABELS,
    classify_by_keyword,
    classify_column,
    fuzzy_classes,
    is_ignored,
    override_of,
    validate_overrides,
)

# Classes whose stale columns add up to the first veto condition (动态 2 weeks + 通知公告/政策文件 6 months).
CORE_CLASSES = ("dynamic", "notice")
MAX_LISTED = 50  # unclassified columns named in the evidence (all of them are in data)


@dataclass
class Verdict:
    column: dict[str, Any]
    update_class: str
    newest: date | None
    deadline: date | None
    as_of: date

    @property
    def stale(self) -> bool:
        return self.deadline is None or self.as_of > self.deadline

    @property
    def days_overdue(self) -> int | None:
        return None if self.deadline is None else (self.as_of - self.deadline).days

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.as_of).days


class ColumnStale(Rule):
    """Stale column: a column that must be updated regularly shows nothing new in time.

    What:
        按栏目名称把栏目分为动态要闻类（2 周）、通知公告/政策文件类（6 个月，按自然月计）、
        人事/规划计划类（1 年）和静态类（机构职能、公开指南、公开制度、年报等，不判断）；无法归类的栏目不判断，
        但以一条“未分类栏目”提示（不扣分）列出每个这样的栏目及其最新信息日期，供检查人员在 classes 中指定类别。
        以检查基准日 as_of 为准，栏目最新一条信息的日期超过时限即为不更新；栏目中的信息都不显示日期的，
        视为未更新。超期栏目中动态要闻类与通知公告/政策文件类合计 ≥ 5 个，或全部超期栏目 ≥ 10 个时，
        每个超期栏目按单项否决报告，否则按扣分报告。距离时限不足 warn_days 天的栏目给出“即将超期”提示。
        可用 settings 的 classes 按栏目名称或地址指定类别（dynamic/notice/slow/static/ignore）。
    Why:
        栏目长期不更新是国办和各省季度检查中最常见的单项否决原因；平政办发〔2020〕70号要求“准确更新栏目内容”，
        不出现“僵尸”栏目。
    Basis:
        国办秘函〔2019〕19号 单项否决·栏目不更新：(1) 动态、要闻类栏目 2 周内未更新，加上通知公告、政策文件类
        栏目 6 个月内未更新，合计 ≥ 5 个；(2) 应更新但长期未更新的栏目 ≥ 10 个（criteria.md §1.2，状态 C）。
        人事、规划计划类 1 年的时限来自开普云监测源码（SKP，C）；无日期视为未更新出自国办发〔2015〕15号普查
        评分表注释（C）。“即将超期”提示参照厂商提前预警的做法，不是检查指标本身。
        注：指标原文中通知公告/政策文件指一级栏目，本规则不区分栏目层级。
    Bad:
        “工作动态”栏目最新一条信息是 40 天前发布的；“通知公告”栏目的信息都没有显示发布日期。
    Good:
        “工作动态”栏目 3 天前有新信息；“机构职能”栏目一年未变（静态类，不判断）。
    Fix:
        尽快在该栏目发布新的信息，并在列表中显示发布日期；确已不需要更新的栏目，应调整为静态栏目、
        归入历史专题或撤销。
    """

    id = "column.stale"
    title = "栏目不更新"
    severity = Severity.DEDUCT
    scope = "column"
    basis = "国办秘函〔2019〕19号 单项否决·栏目不更新（动态要闻2周、通知公告/政策文件6个月）"
    basis_status = "C"
    settings = {
        "dynamic_days": Setting(14, int, "动态要闻类栏目的更新时限（天）。"),
        "notice_months": Setting(6, int, "通知公告、政策文件类栏目的更新时限（自然月）。"),
        "slow_months": Setting(12, int, "人事、规划计划类栏目的更新时限（自然月）。"),
        "warn_days": Setting(3, int, "距离时限不足这个天数的栏目给出“即将超期”提示。"),
        "veto_core_count": Setting(5, int, "超期的动态要闻类与通知公告、政策文件类栏目合计达到这个数量即单项否决。"),
        "veto_total_count": Setting(10, int, "全部超期栏目达到这个数量即单项否决。"),
        "fuzzy_threshold": Setting(75, float, "栏目名称与已知类别名称的相似度达到这个分数（0–100）才归入该类别。"),
        "classes": Setting({}, dict, "按栏目名称或地址指定类别：dynamic、notice、slow、static 或 ignore（不检查）。"),
    }
    deduction = Deduction(
        points=1.0, cap=10.0, status="暂定",
        clause="国办秘函〔2019〕19号 扣分指标·栏目更新 (未达否决线的应更新未更新栏目; 分值未找到, criteria.md §10.1)")

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings)
        bad = validate_overrides(self.config["classes"])
        if bad:
            raise NotConfigured(
                f"规则 {self.id} 的 classes 设置有无效类别: {', '.join(bad)}；"
                f"可用类别: dynamic, notice, slow, static, ignore")

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        unclassified: list[dict] = []
        verdicts = [v for v in self._verdicts(ctx, unclassified) if v is not None]
        stale = [v for v in verdicts if v.stale]
        core = sum(1 for v in stale if v.update_class in CORE_CLASSES)
        veto = (core >= int(self.config["veto_core_count"])
                or len(stale) >= int(self.config["veto_total_count"]))
        for verdict in stale:
            yield self._stale_finding(ctx, verdict, veto, core, len(stale))
        for verdict in verdicts:
            if not verdict.stale and verdict.days_left <= int(self.config["warn_days"]):
                yield self._warning(ctx, verdict)
        if unclassified:
            yield self._unclassified(ctx, unclassified)

    # -- judging ------------------------------------------------------------------------
    def _verdicts(self, ctx: AuditContext, unclassified: list[dict]) -> Iterator[Verdict | None]:
        """A verdict per classified column; columns no class fits are added to ``unclassified``."""
        listed = [c for c in columns(ctx) if c.get("kind") == "listing" and (c.get("item_count") or 0) > 0]
        for column, update_class, ignored in self._classes(listed):
            verdict = self._judge(column, update_class, ctx.as_of)
            if verdict is None and update_class is None and not ignored:
                unclassified.append(column)
            yield verdict

    def _classes(self, listed: list[dict]) -> list[tuple[dict, str | None, bool]]:
        """(column, its update class or None, ignored by the user) for each column, as
        :func:`classify_column` decides; the names it would fuzzy-match (no user class, no
        taxonomy keyword) are scored first, in one batch."""
        overrides, threshold = self.config["classes"], float(self.config["fuzzy_threshold"])
        unplaced = {c.get("name") or "" for c in listed
                    if override_of(c.get("name"), c["url"], overrides) is None
                    and not classify_by_keyword(c.get("name") or "")}
        fuzzy = fuzzy_classes(unplaced, threshold) if unplaced else {}
        return [(c, classify_column(c.get("name"), c["url"], overrides, threshold, fuzzy),
                 is_ignored(c.get("name"), c["url"], overrides)) for c in listed]

    def _judge(self, column: dict, update_class: str | None, as_of: date) -> Verdict | None:
        if update_class in (None, "static"):
            return None
        newest = parse_date(column.get("newest_date"))
        return Verdict(column, update_class, newest, self.deadline(update_class, newest), as_of)

    def deadline(self, update_class: str, newest: date | None) -> date | None:
        """The last day on which the column still counts as updated."""
        if newest is None:
            return None
        if update_class == "dynamic":
            return newest + timedelta(days=int(self.config["dynamic_days"]))
        months = self.config["notice_months" if update_class == "notice" else "slow_months"]
        return add_months(newest, int(months))

    def limit_text(self, update_class: str) -> str:
        if update_class == "dynamic":
            return f"{self.config['dynamic_days']}天"
        months = self.config["notice_months" if update_class == "notice" else "slow_months"]
        return f"{months}个月"

    # -- reporting ----------------------------------------------------------------------
    def _newest_item(self, ctx: AuditContext, column_url: str) -> dict | None:
        rows = list(ctx.rows("column_items", "column_url = ?", [column_url],
                             order_by="date IS NULL, date DESC, url"))
        return rows[0] if rows else None

    def _evidence(self, ctx: AuditContext, verdict: Verdict) -> str:
        column = verdict.column
        item = self._newest_item(ctx, column["url"])
        shown = (f"{item.get('title') or '（无标题）'}（{item.get('date') or '无日期'}）"
                 if item else "无")
        return (f"栏目：{column.get('path') or column.get('name') or ''}；地址：{column['url']}；"
                f"最新信息：{shown}；信息条数：{column.get('item_count') or 0}；"
                f"检查基准日：{verdict.as_of.isoformat()}")

    def _stale_finding(self, ctx: AuditContext, verdict: Verdict, veto: bool, core: int,
                       total: int) -> Finding:
        column = verdict.column
        name = column.get("name") or "（未命名栏目）"
        label = CLASS_LABELS[verdict.update_class]
        limit = self.limit_text(verdict.update_class)
        if verdict.newest is None:
            fact = "栏目中的信息均未显示发布日期，按规定视为未更新"
        else:
            fact = (f"最新信息日期为 {verdict.newest.isoformat()}，"
                    f"已超过{limit}的更新时限 {verdict.days_overdue} 天")
        tail = (f"全站超期栏目 {total} 个（其中动态要闻和通知公告/政策文件类 {core} 个），达到单项否决标准"
                if veto else f"全站超期栏目 {total} 个")
        return self.finding(
            ctx,
            url=column["url"],
            message=f"栏目“{name}”（{label}，应在{limit}内更新）{fact}。请尽快发布新信息"
                    f"并显示发布日期。{tail}。",
            evidence=self._evidence(ctx, verdict),
            key=[column["url"]],
            severity=Severity.VETO if veto else Severity.DEDUCT,
            data=self._data(verdict, veto=veto, core=core, total=total),
        )

    def _warning(self, ctx: AuditContext, verdict: Verdict) -> Finding:
        column = verdict.column
        name = column.get("name") or "（未命名栏目）"
        limit = self.limit_text(verdict.update_class)
        return self.finding(
            ctx,
            url=column["url"],
            message=f"栏目“{name}”即将超期：最新信息日期为 {verdict.newest.isoformat()}，"
                    f"距{limit}的更新时限还剩 {verdict.days_left} 天，请及时发布新信息。",
            evidence=self._evidence(ctx, verdict),
            key=[column["url"], "warning"],
            title="栏目即将超期",
            severity=Severity.NOTICE,
            data=self._data(verdict, warning=True),
        )

    def _unclassified(self, ctx: AuditContext, columns: list[dict]) -> Finding:
        """One notice listing the columns that were not judged because no class fits them."""
        start = ctx.site.get("start_url") or ""
        listed = [f"{c.get('name') or '（未命名栏目）'}（最新信息 {c.get('newest_date') or '无日期'}，"
                  f"{c['url']}）" for c in columns[:MAX_LISTED]]
        more = len(columns) - len(listed)
        return self.finding(
            ctx,
            url=start or columns[0]["url"],
            title="未分类栏目",
            severity=Severity.NOTICE,
            message=f"有 {len(columns)} 个栏目无法按名称判断应多久更新一次，本次未检查是否按时更新"
                    f"（不扣分）。请检查人员核实这些栏目的类别（动态要闻类、通知公告/政策文件类、"
                    f"人事/规划计划类或静态类），在配置中指定后重新检查。",
            evidence="未分类栏目：" + "；".join(listed) + (f"；另有 {more} 个" if more > 0 else ""),
            key=[start, "unclassified"],
            data={"unclassified": [{"name": c.get("name") or "", "url": c["url"],
                                    "newest_date": c.get("newest_date")} for c in columns]},
        )

    @staticmethod
    def _data(verdict: Verdict, **extra: Any) -> dict[str, Any]:
        return {
            "column": verdict.column.get("name") or "",
            "class": verdict.update_class,
            "newest_date": verdict.newest.isoformat() if verdict.newest else None,
            "deadline": verdict.deadline.isoformat() if verdict.deadline else None,
            "days_overdue": verdict.days_overdue,
            **extra,
        }
