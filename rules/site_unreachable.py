"""site.unreachable: the portal's home page cannot be opened (站点无法访问)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from crawler.linkstate import BLOCKING_STATUSES, Reason, parse_reason
from crawler.urls import canonical

from .base import AuditContext, Finding, Rule, Setting, Severity

# Stored reasons (crawler.linkstate) that mean the site did not answer. The others (robots,
# too_large, unchecked) mean the crawl did not ask or chose not to read: that is the verdict's
# 无法检查, never a veto of this rule.
FAILURE_CODES = frozenset({Reason.DNS, Reason.REFUSED, Reason.TIMEOUT, Reason.CONNECTION_LOST, Reason.TLS,
                           Reason.NETWORK, Reason.SOFT404, Reason.SITE_BLOCKED, Reason.REDIRECT_LOOP})
ERROR_TEXT = {
    Reason.DNS: "域名解析失败",
    Reason.REFUSED: "连接被拒绝",
    Reason.TIMEOUT: "访问超时",
    Reason.SOFT404: "页面能打开，但内容是“页面不存在”之类的提示（软404）",
    Reason.SITE_BLOCKED: "网站拒绝了访问（被拦截；也可能是防火墙拦截了检查程序，请用浏览器核实）",
    Reason.REDIRECT_LOOP: "页面循环跳转，无法打开",
}
MAX_TIMES_IN_EVIDENCE = 20


def home_failure(status: int | None, error: str | None) -> str | None:
    """Why a fetch of the home page failed, in plain Chinese; None when it was opened."""
    status = int(status or 0)
    if error:
        reason = parse_reason(error)  # also the class names stores before version 3 held
        if reason in FAILURE_CODES:
            return ERROR_TEXT.get(reason, "网络连接失败")
        return None
    if status in BLOCKING_STATUSES:
        return f"服务器拒绝访问，返回 HTTP {status}（也可能是防火墙拦截了检查程序，请用浏览器核实）"
    if status >= 400:
        return f"服务器返回错误状态码 HTTP {status}"
    if status == 0:
        return "没有收到服务器的响应"
    return None


@dataclass
class ProbeWeek:
    """The probes of one site in the week that ends on ``as_of``."""

    start: date
    end: date
    total: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.failed) / self.total if self.total else 0.0


def _parse_utc(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class SiteUnreachable(Rule):
    """Site unreachable: the home page could not be opened.

    What:
        检查网站首页能否打开。本次检查抓取首页时连接被拒绝、域名解析失败、超时、返回 4xx/5xx 错误，
        或页面内容是“页面不存在”（软404）的，即为无法访问。
        “站点无法访问”的单项否决按一周内的多次监测判断：每天至少监测 20 次，首页 15 秒内仍打不开即为
        一次失败，失败次数占 5% 及以上即否决。检查库中有 `duwang probe` 记录的监测结果、且检查基准日
        之前 7 天（含基准日）的监测次数达到 min_probes（默认 20×7=140 次）时，按监测失败率判断
        （veto_rate，默认 5%；单次耗时超过 probe_timeout 秒也算失败），并列出失败的时间；
        监测次数不够时，按本次检查的一次访问结果判断，并在问题说明中写明这只是一次监测。
        监测失败率未达否决线、但本次检查首页打不开的，给出提示。
        因 robots.txt 禁止或页数上限为 0 而未访问首页的，不属于无法访问（检查结论为“无法检查”）。
    Why:
        网站打不开，公众就看不到任何政务公开信息；这是国办检查的单项否决项。只抓取一次就判否决并不公平，
        所以本规则说明判断依据的是一次访问还是一周的监测。
    Basis:
        国办秘函〔2019〕19号 单项否决·站点无法访问：监测 1 周，每天至少 20 次（间隔一定时间），
        超过 15 秒仍打不开即为失败，失败次数累计占总监测次数 5% 及以上的即单项否决
        （criteria.md §1.2，状态 C）。
    Bad:
        抓取首页时服务器拒绝连接；或首页返回 HTTP 503；或一周 168 次监测中 12 次失败（7.1%）。
    Good:
        首页正常打开；或一周 168 次监测中 3 次失败（1.8%），且本次检查首页正常。
    Fix:
        尽快恢复网站访问（检查服务器、域名解析、防火墙与 CDN 设置），保证首页在 15 秒内打开，
        并保持全天候稳定运行。
    """

    id = "site.unreachable"
    title = "站点无法访问"
    severity = Severity.VETO
    scope = "site"
    basis = ("国办秘函〔2019〕19号 单项否决·站点无法访问（监测1周、每天不少于20次，"
             "15秒内打不开为失败，失败≥5%）")
    basis_status = "C"
    settings = {
        "min_probes": Setting(140, int, "监测期内的监测次数达到这个数量，才按监测失败率判断，"
                                        "否则按本次检查的一次访问判断。"),
        "veto_rate": Setting(0.05, float, "监测失败次数占总监测次数的比例达到这个值（0–1）即单项否决。"),
        "probe_timeout": Setting(15, float, "单次监测耗时超过这个秒数也算失败。"),
        "days": Setting(7, int, "监测期：检查基准日之前（含基准日）的这么多天。"),
    }  # 否决 or 提示: no deduction

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        home = self._home_row(ctx)
        failure = home_failure(home.get("status"), home.get("error")) if home else None
        week = self._probe_week(ctx)
        if week is not None and week.total >= int(self.config["min_probes"]):
            yield from self._by_probes(ctx, week, home, failure)
        elif failure is not None:
            yield self._by_one_fetch(ctx, home, failure, week)

    # -- reading ---------------------------------------------------------------------------
    def _start_url(self, ctx: AuditContext) -> str:
        return canonical(ctx.site.get("start_url") or "")

    def _home_row(self, ctx: AuditContext) -> dict | None:
        start = self._start_url(ctx)
        rows = list(ctx.rows("pages", "url = ?", [start]))
        if not rows:
            rows = list(ctx.rows("pages", "kind = 'home'", order_by="url"))
        return rows[0] if rows else None

    def _probe_week(self, ctx: AuditContext) -> ProbeWeek | None:
        """The probes in the ``days`` days ending on as_of; None when the store has no probes table."""
        tables = {r["name"] for r in ctx.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "probes" not in tables:
            return None
        end = ctx.as_of
        start = end - timedelta(days=int(self.config["days"]) - 1)
        lo = datetime.combine(start, time(), tzinfo=timezone.utc)
        hi = datetime.combine(end + timedelta(days=1), time(), tzinfo=timezone.utc)
        week = ProbeWeek(start=start, end=end)
        limit = float(self.config["probe_timeout"])
        for row in ctx.query("SELECT * FROM probes WHERE site_id = ? ORDER BY probed_at",
                             [ctx.site["id"]]):
            moment = _parse_utc(row.get("probed_at"))
            if moment is None or not lo <= moment < hi:
                continue
            week.total += 1
            slow = row.get("elapsed") is not None and float(row["elapsed"]) > limit
            if not row.get("ok") or slow:
                week.failed.append({
                    "at": moment.astimezone(timezone.utc).isoformat(),
                    "status": row.get("status"), "error": row.get("error") or "",
                    "elapsed": row.get("elapsed"),
                    "why": (f"耗时 {float(row['elapsed']):.1f} 秒" if slow and row.get("ok")
                            else home_failure(row.get("status"), row.get("error")) or "打开失败"),
                })
        return week

    # -- judging -------------------------------------------------------------------------
    def _by_probes(self, ctx: AuditContext, week: ProbeWeek, home: dict | None,
                   failure: str | None) -> Iterator[Finding]:
        veto = week.rate >= float(self.config["veto_rate"])
        if not veto and failure is None:
            return
        start_url = self._start_url(ctx)
        span = f"{week.start.isoformat()} 至 {week.end.isoformat()}"
        summary = (f"{span} 共监测首页 {week.total} 次，失败 {len(week.failed)} 次"
                   f"（{week.rate:.1%}）")
        limit = f"{float(self.config['veto_rate']):.0%}"
        if veto:
            message = (f"网站首页经常无法打开：{summary}，达到失败 {limit} 即单项否决的标准。"
                       f"请尽快排查服务器和网络，保证首页全天稳定、15 秒内可以打开。")
            severity = Severity.VETO
        else:
            message = (f"本次检查时网站首页无法打开（{failure}）。{summary}，未达到失败 {limit} 的"
                       f"单项否决标准，请核实并保持网站稳定运行。")
            severity = Severity.NOTICE
        times = [f"{f['at']}（{f['why']}）" for f in week.failed[:MAX_TIMES_IN_EVIDENCE]]
        more = len(week.failed) - len(times)
        evidence = (f"首页：{start_url}；监测 {week.total} 次，失败 {len(week.failed)} 次；"
                    f"失败时间（UTC）：{'；'.join(times) or '无'}"
                    + (f"；另有 {more} 次" if more > 0 else "")
                    + (f"；本次检查：{failure}" if failure else "")
                    + f"；检查基准日：{ctx.as_of.isoformat()}")
        yield self.finding(
            ctx, url=start_url, message=message, evidence=evidence, key=[start_url],
            severity=severity,
            data={"judged_by": "probes", "probes": week.total, "failed": len(week.failed),
                  "rate": round(week.rate, 4), "window": [week.start.isoformat(), week.end.isoformat()],
                  "failed_times": [f["at"] for f in week.failed], "failures": week.failed,
                  "this_audit": failure},
        )

    def _by_one_fetch(self, ctx: AuditContext, home: dict, failure: str,
                      week: ProbeWeek | None) -> Finding:
        start_url = self._start_url(ctx)
        seen = week.total if week is not None else 0
        needed = int(self.config["min_probes"])
        message = (f"本次检查无法打开网站首页（{failure}）。“站点无法访问”的单项否决按一周的监测判断："
                   f"每天至少监测 20 次，失败次数达到 5% 即否决；一次检查只相当于其中一次监测。"
                   f"检查基准日前 7 天只有 {seen} 次监测记录（至少需要 {needed} 次），"
                   f"因此按本次检查的结果判为无法访问。请尽快恢复网站访问，并通过连续一周的监测复核。")
        evidence = (f"首页：{start_url}；访问时间：{home.get('fetched_at') or '未知'}；"
                    f"HTTP 状态：{home.get('status') or '无响应'}；错误：{home.get('error') or '无'}；"
                    f"最终地址：{home.get('final_url') or start_url}；检查基准日：{ctx.as_of.isoformat()}")
        return self.finding(
            ctx, url=start_url, message=message, evidence=evidence, key=[start_url],
            data={"judged_by": "one_fetch", "probes": seen, "status": home.get("status"),
                  "error": home.get("error"), "fetched_at": home.get("fetched_at"),
                  "failed_times": [home.get("fetched_at")] if home.get("fetched_at") else []},
        )
