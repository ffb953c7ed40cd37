"""interpretation.missing: a 规范性文件 or 规章 with no 解读 on the site (and the 解读 coverage)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .docnumber import is_absent
from .policydocs import PolicyDoc, interpretations_of, read_site
from .titles import document_key_set


def in_scope(doc: PolicyDoc, number_marks: list[str], title_words: list[str]) -> bool:
    """A 规章 or 规范性文件: its 文号 carries a mark (规, 令) or its title a kind word (办法 …)."""
    number = "" if is_absent(doc.doc_number) else doc.doc_number
    agency = re.split(r"[〔\[［【（(]", number, maxsplit=1)[0]
    if any(mark in agency for mark in number_marks) or "政府令" in number:
        return True
    titles = [doc.title, *document_key_set(doc.title)]
    return any(word in t for word in title_words for t in titles)


def coverage(docs: list[PolicyDoc], explained: dict[str, list]) -> dict:
    """解读 coverage (interpreted / in scope) overall, per column and per year of publication."""
    def ratio(group: list[PolicyDoc]) -> dict:
        done = sum(1 for d in group if explained.get(d.url))
        return {"in_scope": len(group), "interpreted": done,
                "ratio": round(done / len(group), 3) if group else None}

    columns: dict[str, list[PolicyDoc]] = {}
    years: dict[str, list[PolicyDoc]] = {}
    for doc in docs:
        columns.setdefault(doc.column or "（未知栏目）", []).append(doc)
        years.setdefault(str(doc.published.year) if doc.published else "（无日期）", []).append(doc)
    return {"overall": ratio(docs),
            "by_column": {k: ratio(v) for k, v in sorted(columns.items())},
            "by_year": {k: ratio(v) for k, v in sorted(years.items())}}


def describe_coverage(summary: dict, most: int = 6) -> str:
    """“3/10（政策文件 2/6，行政规范性文件 1/2；2026年 3/10）” for the evidence line."""
    def part(name: str, r: dict) -> str:
        return f"{name} {r['interpreted']}/{r['in_scope']}"

    overall = summary["overall"]
    columns = [part(k, v) for k, v in list(summary["by_column"].items())[:most]]
    years = [part(k + ("年" if k.isdigit() else ""), v) for k, v in list(summary["by_year"].items())[-most:]]
    return f"{overall['interpreted']}/{overall['in_scope']}（按栏目：{'，'.join(columns)}；按年份：{'，'.join(years)}）"


def site_coverage(ctx: AuditContext, settings: dict | None = None) -> dict:
    """The coverage summary a report can print for a run (same scope as the rule)."""
    rule = InterpretationMissing(settings)
    docs, explained = rule.scoped(ctx)
    return coverage(docs, explained)


class InterpretationMissing(Rule):
    """Missing interpretation: a 规范性文件 or 规章 published without any 解读 on the site.

    What:
        在政策文件类栏目中，找出规章和行政规范性文件：文号的机关代字含“规”或“令”（number_marks，
        如“示政规〔2025〕1号”“政府令”），或标题（含“印发《…》的通知”中的文件名）含 title_words
        （默认 办法、规定、实施意见、实施细则、管理办法、细则、规则、条例）。每份文件在本站找解读：
        解读页面（解读栏目中的页面，或标题含 解读/图解/答记者问 等）按文号、书名号标题、标题相似度
        （title_threshold）和正文开头（head_chars 字内）对应到文件，或文件页面有链接指向解读页面。
        找不到任何解读的文件报告一条。每条发现的证据和 data 里附本站的解读覆盖率（已解读/应解读），
        按栏目和按发布年份分列；这是比例，不是及格线（未找到全国统一的解读比例要求）。
    Why:
        规章和规范性文件直接涉及群众和企业的权利义务，政策出台而无解读，群众难以理解执行；
        检查通报把“政策文件未解读”“解读比例不达标”列为扣分事由。
    Basis:
        闽政办〔2020〕26号 三、10“基层政府要按照‘解读是常态、不解读是例外，发布与解读同步’原则”（种子文件 000，C）；
        国办发〔2019〕54号（十）“认真落实政策解读方案、解读材料与政策文件同步组织、同步审签、同步部署工作机制”（C）；
        平政办发〔2020〕70号 二(二)6“政策性文件解读方案或解读材料应与文件同步起草、同步审签、同步发布”（C）。
    Bad:
        “行政规范性文件”栏目中的《示范县人民政府关于印发示范县城市道路挖掘管理办法的通知》
        （示政规〔2026〕2号），本站没有任何页面解读该办法。
    Good:
        该文件有“关于《示范县城市道路挖掘管理办法》的政策解读”；或文件是工作通知、会议纪要等
        不属于规章和规范性文件的公文。
    Fix:
        按“谁起草、谁解读”的原则，由起草部门补发解读材料，在政策解读栏目发布，并与文件互相链接。
    """

    id = "interpretation.missing"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "政策文件未解读"
    severity = "扣分"
    scope = "page"
    basis = "闽政办〔2020〕26号 三、10“解读是常态、不解读是例外，发布与解读同步”；国办发〔2019〕54号（十）"
    basis_status = "C"
    deduction = Deduction(
        points=0.5,
        cap=5.0,
        status="P",
        clause=(
            "国办秘函〔2019〕19号 扣分指标·政策解读 (政策文件未解读为扣分事由, criteria.md §1.3 C; 分值未找到, 暂定)"
        ),
    )
    settings = {
        "number_marks": Setting(["规", "令"], list, "文号的机关代字含这些字时，文件视为规章或行政规范性文件。"),
        "title_words": Setting(
            ["办法", "规定", "实施意见", "实施细则", "管理办法", "细则", "规则", "条例"],
            list,
            "标题含这些词时，文件视为规章或行政规范性文件。",
        ),
        "title_threshold": Setting(90, int, "解读标题与文件标题相似到这个分数（0–100）才算对应。"),
        "head_chars": Setting(300, int, "在解读正文开头这么多字内查找所解读文件的文号或标题。"),
    }

    def scoped(self, ctx: AuditContext) -> tuple[list[PolicyDoc], dict[str, list]]:
        docs, interps = read_site(ctx)
        marks, words = list(self.config["number_marks"]), list(self.config["title_words"])
        docs = [d for d in docs if in_scope(d, marks, words)]
        explained = interpretations_of(ctx, docs, interps, threshold=float(self.config["title_threshold"]),
                                       head_chars=int(self.config["head_chars"]))
        return docs, explained

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        docs, explained = self.scoped(ctx)
        summary = coverage(docs, explained)
        for doc in docs:
            if explained.get(doc.url):
                continue
            number = "" if is_absent(doc.doc_number) else doc.doc_number
            shown = f"（{number}）" if number else ""
            yield self.finding(
                ctx, url=doc.url, key=[doc.url],
                message=(f"文件《{doc.title}》{shown}属于规章或规范性文件，本站找不到它的政策解读，"
                         f"请由起草部门补发解读并与文件互相链接。"),
                evidence=(f"栏目：{doc.column or '未知'}；标题：{doc.title}；文号：{number or '无'}；"
                          f"发布日期：{doc.published.isoformat() if doc.published else '无'}；"
                          f"本站解读覆盖率：{describe_coverage(summary)}"),
                data={"column": doc.column, "doc_number": number,
                      "publish_date": doc.published.isoformat() if doc.published else None,
                      "coverage": summary})
