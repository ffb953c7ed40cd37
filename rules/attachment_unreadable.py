"""attachment.unreadable: an attachment whose text cannot be read (附件无法读取文字)."""

from __future__ import annotations

from collections.abc import Iterator

from crawler.attachments import ERRORS

from .attachment_text import attachment_rows
from .base import AuditContext, Finding, Rule

SKIPPED = {ERRORS["unsupported"], ERRORS["not_document"]}

MAX_PAGES_SHOWN = 3


class AttachmentUnreadable(Rule):
    """Unreadable attachment: a pdf / doc(x) / xls(x) attachment whose text could not be read.

    What:
        列出本次检查下载的附件（PDF、Word、Excel）中无法读取文字的：扫描件（PDF 没有文字层，
        报告“无法读取文字”）、已加密、文件损坏、压缩比异常（疑似压缩炸弹）、
        文件过大。本工具暂不能读取的格式（.doc、.wps 等）和下载失败的附件不在此报告（后者见
        链接检查）。每个附件一条，指向附件地址，并列出链接它的页面。
        这些附件的内容未经隐私、错别字等检查，需人工查看。
    Why:
        扫描件和加密文件无法被检索、复制和无障碍阅读，也无法自动检查其中是否有未打码的
        个人信息或错别字；公示名单以扫描件发布时尤其需要人工核查。
    Basis:
        《中华人民共和国政府信息公开条例》第二十四条：政府信息公开平台应具备信息检索、查阅、
        下载等功能（研究笔记 §3，状态 C）；以扫描件发布影响检索和查阅属本工具的判断（状态 P）。
    Bad:
        通知公告中的“救助审批表（扫描件）.pdf”只有图片没有文字；“资金汇总.pdf”设置了打开密码。
    Good:
        以可复制文字的 PDF、Word 或 Excel 发布的附件。
    Fix:
        以带文字层的 PDF 或 Word/Excel 原文件发布附件（扫描件可另附文字版），不设打开密码；
        损坏的文件重新上传。人工核查这些附件中是否含未去标识化的个人信息。
    """

    id = "attachment.unreadable"
    title = "附件无法读取文字"
    severity = "提示"
    scope = "link"
    basis = "《中华人民共和国政府信息公开条例》第二十四条（政府信息公开平台具备检索、查阅、下载功能）"
    basis_status = "P"
    settings = {}

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        for row in attachment_rows(ctx, readable=False):
            if (
                not row.get("error")
                or row["error"].startswith(("HTTP", "无法下载", "robots"))
                or row["error"] in SKIPPED
            ):
                continue  # link.broken / link.unreachable report failed downloads; formats the
                # tool cannot read (.doc, .wps) are its own limit, not the portal's problem
            pages = row["pages"]
            shown = "、".join(pages[:MAX_PAGES_SHOWN]) + (
                f" 等 {len(pages)} 个页面" if len(pages) > MAX_PAGES_SHOWN else ""
            )
            yield self.finding(
                ctx,
                url=row["url"],
                message=(
                    f"附件{row['error']}，其内容无法检索，也未能自动检查；请以带文字的文件重新发布，"
                    f"并人工核查其中是否有未打码的个人信息。"
                ),
                evidence=(
                    f"附件：{row['url']}（{row.get('content_type') or '未知类型'}，{row.get('bytes') or 0} 字节）；"
                    f"原因：{row['error']}；链接该附件的页面：{shown or '无'}"
                ),
                key=[row["url"]],
                data={"error": row["error"], "content_type": row.get("content_type") or "", "linked_from": pages},
            )
