"""privacy.exposed: personal numbers published without 去标识化 (隐私信息未去标识化)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import pii
from .base import AuditContext, Deduction, Finding, Setting, TextRule

KIND_SETTING = {"id_card": (pii.ID_CARD, pii.ID_CARD_15), "mobile": (pii.MOBILE,), "bank_card": (pii.BANK_CARD,)}


class PrivacyExposed(TextRule):
    """Personal data not de-identified: full ID, mobile or bank card numbers in published text.

    What:
        在页面标题和正文（不含页头页脚等公共区块）以及附件文字中，查找完整的居民身份证号
        （18 位：行政区划代码、出生日期有效且校验码符合 ISO 7064 MOD 11-2；15 位老号码：
        行政区划代码和出生日期有效）、11 位大陆手机号码（1[3-9] 开头，不属于更长的数字串）和
        通过 Luhn 校验的 16–19 位银行卡号（62、4、51–55、35、60 开头）。已打码的号码
        （如 138****1234、35**************23）不报告；标明为文号、索引号、统一社会信用代码、
        编号等的数字不报告；机关单位的联系电话、咨询电话、监督电话等（号码前紧挨着这类标签，
        “联系电话”还须前面写明单位）是有意公开的，不报告。每个页面（或附件）每类号码报告一条，
        给出数量和打码后的示例。报告、证据和数据中的号码一律打码，本工具不转载完整号码。
    Why:
        各地公示的低保、补贴、贫困户、招考等名单中常附完整身份证号、手机号和银行卡号，
        造成个人信息泄露；检查通报把“公示名单未去标识化”列为问题。
    Basis:
        国办《2018年政务公开工作要点》：除惩戒公示、强制性信息披露外，涉及个人隐私的政府信息
        应去标识化处理后在适当范围公开（研究笔记 §8，状态 C）；打码格式参照地方通报
        （手机号 138****1234，身份证号保留首尾若干位，§8，地方口径）。另：《中华人民共和国
        政府信息公开条例》第十五条（涉及个人隐私的信息不得公开，状态 R，原文未在资料中核实）。
    Bad:
        “2026年度临时救助对象公示：张某某，身份证号 350102199003071234，电话 13812345678”
        （完整号码，未打码）。
    Good:
        “张某某，350102********1234，138****5678”；“县民政局联系电话：13812345678”
        （单位联系电话）；“发文字号：示政〔2026〕12号，索引号 003541-0100-2026-00034”。
    Fix:
        将页面或附件中的完整身份证号、手机号、银行卡号删除或打码（如身份证号保留前 6 位和后 4 位，
        手机号保留前 3 位和后 4 位）后重新发布，并检查已被转载或缓存的副本。
    """

    id = "privacy.exposed"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "隐私信息未去标识化"
    severity = "扣分"
    scope = "page"
    basis = ("国办《2018年政务公开工作要点》：涉及个人隐私的政府信息去标识化后公开；"
             "《中华人民共和国政府信息公开条例》第十五条（个人隐私）")
    basis_status = "C"
    deduction = Deduction(
        points=1.0,
        cap=5.0,
        status="暂定",
        clause="国办《2018年政务公开工作要点》 隐私信息去标识化 (检查通报列为问题, C; 分值未找到, 暂定)",
    )
    settings = {
        "kinds": Setting(
            ["id_card", "mobile", "bank_card"],
            list,
            "检查的个人信息种类：id_card（身份证号）、mobile（手机号）、bank_card（银行卡号）。",
        ),
        "max_examples": Setting(3, int, "每条问题最多列出几处（打码显示的）例子。"),
    }

    # A text rule (rules.base.TextRule): the engine hands it every page's text in one shared pass.
    def start_texts(self, ctx: AuditContext) -> None:
        self._wanted = self._kinds()
        self._found: list[tuple[str, list[Finding]]] = []  # pages read in storage order

    def read_text(self, ctx: AuditContext, page: dict) -> None:
        parts = [("标题", page.get("title") or ""), ("正文", page.get("text") or "")]
        hits = list(self._source(ctx, page["url"], page.get("title") or "", parts, self._wanted))
        if hits:
            self._found.append((page["url"], hits))

    def finish_texts(self, ctx: AuditContext) -> Iterator[Finding]:
        found, self._found = self._found, []
        for _, hits in sorted(found, key=lambda f: f[0]):  # reported in URL order
            yield from hits
        yield from self._attachments(ctx, self._wanted)

    def _kinds(self) -> set[str]:
        out: set[str] = set()
        for name in self.config["kinds"]:
            out.update(KIND_SETTING.get(name, ()))
        return out

    def _attachments(self, ctx: AuditContext, kinds: set[str]) -> Iterator[Finding]:
        """Attachment text stored by the crawl (table ``attachments``, when the crawl keeps it)."""
        from .attachment_text import attachment_rows

        for row in attachment_rows(ctx):
            yield from self._source(ctx, row["url"], "", [("附件", row["text"])], kinds,
                                    extra={"attachment": True, "linked_from": row["pages"]})

    def _source(self, ctx: AuditContext, url: str, title: str, parts: Iterable[tuple[str, str]],
                kinds: set[str], extra: dict | None = None) -> Iterator[Finding]:
        found: dict[str, list[tuple[str, pii.Hit, str]]] = {}
        for where, text in parts:
            hits = pii.find_numbers(text, ctx.as_of)
            if not hits:  # most pages: no excerpt to cut
                continue
            for hit, excerpt in zip(hits, pii.contexts(text, hits)):
                if hit.kind in kinds:
                    found.setdefault(hit.kind, []).append((where, hit, excerpt))
        for kind in sorted(found):
            yield self._finding(ctx, url, title, kind, found[kind], extra or {})

    def _finding(self, ctx: AuditContext, url: str, title: str, kind: str,
                 hits: list[tuple[str, pii.Hit, str]], extra: dict) -> Finding:
        name = pii.KIND_NAMES[kind]
        masked = sorted({h.masked for _, h, _ in hits})
        shown = int(self.config["max_examples"])
        where = "附件" if extra.get("attachment") else "页面"
        label = f"《{title}》" if title else ""
        evidence = "；".join(f"{w}：…{excerpt}…" for w, _, excerpt in hits[:shown])
        if len(hits) > shown:
            evidence += f"；另有 {len(hits) - shown} 处"
        if extra.get("linked_from"):
            evidence += "；链接该附件的页面：" + "、".join(extra["linked_from"][:3])
        return self.finding(
            ctx,
            url=url,
            message=(f"{where}{label}公开了 {len(hits)} 处未去标识化的{name}（此处打码显示，"
                     f"如 {hits[0][1].masked}），请删除或打码后重新发布。"),
            evidence=evidence,
            key=[url, kind],
            data={"kind": kind, "count": len(hits), "masked": masked[:20], **extra},
        )
