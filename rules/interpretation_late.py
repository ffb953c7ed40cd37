"""interpretation.late: a 解读 published more than N working days after its document."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Finding, Rule, Setting
from .policydocs import interpretations_of, read_site
from .workdays import workdays_between


class InterpretationLate(Rule):
    """Late interpretation: a 解读 appears more than max_workdays working days after its document.

    What:
        对本站每份政策文件找到的解读（对应方法同 interpretation.missing：文号、书名号标题、标题相似度、
        正文开头，或文件页面链向解读），比较文件的发布日期与解读的发布日期（元数据“发布日期”，
        否则取列表中的日期），按国务院办公厅每年公布的节假日与调休安排计算工作日；解读晚于文件
        超过 max_workdays（默认 3）个工作日的，在解读页面报告。日期超出节假日数据年份的，不判断。
        3 个工作日是地方规定（郑州市 2016 年要求解读最迟在文件公开后 3 个工作日内发布），不是全国统一标准，
        可按本地规定调整。
    Why:
        “发布与解读同步”要求解读与文件同时与公众见面；文件发布多日后才补发的解读，起不到同步解读的作用。
    Basis:
        闽政办〔2020〕26号 三、10“发布与解读同步”（种子文件 000，C）；平政办发〔2020〕70号 二(二)6
        “政策性文件解读方案或解读材料应与文件同步起草、同步审签、同步发布”（C）；
        3 个工作日的期限为地方做法（郑州 2016，研究笔记 §6，P）。
    Bad:
        文件 2026-09-01 发布，它的解读 2026-09-15 才发布（相隔 10 个工作日）。
    Good:
        解读与文件同日发布，或在 3 个工作日内发布；解读早于文件发布（预先解读）也不报告。
    Fix:
        今后解读材料与文件同步审签、同日发布；已发布的解读无需重发，但应在文件页面加上解读链接。
    """

    id = "interpretation.late"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "解读发布不同步"
    severity = "提示"
    scope = "page"
    basis = "闽政办〔2020〕26号 三、10“发布与解读同步”；解读时限 3 个工作日为地方做法"
    basis_status = "P"
    settings = {
        "max_workdays": Setting(3, int, "解读晚于文件发布的最多工作日数（地方做法，默认 3）。"),
        "title_threshold": Setting(90, int, "解读标题与文件标题相似到这个分数（0–100）才算对应。"),
        "head_chars": Setting(300, int, "在解读正文开头这么多字内查找所解读文件的文号或标题。"),
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        docs, interps = read_site(ctx)
        explained = interpretations_of(ctx, docs, interps, threshold=float(self.config["title_threshold"]),
                                       head_chars=int(self.config["head_chars"]))
        limit = int(self.config["max_workdays"])
        seen: set[str] = set()
        for doc in docs:
            for interp in explained.get(doc.url, []):
                if interp.url in seen or not (doc.published and interp.published):
                    continue
                days = workdays_between(doc.published, interp.published)
                if days is None or days <= limit:
                    continue
                seen.add(interp.url)
                yield self.finding(
                    ctx, url=interp.url, target=doc.url, key=[interp.url, doc.url],
                    message=(f"解读“{interp.title}”于 {interp.published.isoformat()} 发布，比所解读的文件"
                             f"《{doc.title}》（{doc.published.isoformat()} 发布）晚 {days} 个工作日，"
                             f"超过 {limit} 个工作日；解读应与文件同步发布。"),
                    evidence=(f"文件：{doc.title}（{doc.url}，发布日期 {doc.published.isoformat()}）；"
                              f"解读：{interp.title}（{interp.url}，发布日期 {interp.published.isoformat()}）；"
                              f"相隔工作日：{days}"),
                    data={"document_url": doc.url, "document_date": doc.published.isoformat(),
                          "interpretation_date": interp.published.isoformat(), "workdays": days,
                          "max_workdays": limit})
