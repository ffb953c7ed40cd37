"""doc.number_malformed: a 发文字号 not written in the GB/T 9704—2012 form."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Severity
from .docnumber import NumberCheck, check_number, is_absent, looks_like_number, split_numbers
from .policydocs import documents


class DocNumberMalformed(Rule):
    """Malformed document number: the 发文字号 breaks the GB/T 9704—2012 §7.2.5 form.

    What:
        检查元数据中写出的发文字号是否为“机关代字 + 〔四位年份〕 + 序号 + 号”：年份用六角括号〔〕且为四位，
        序号用阿拉伯数字、不编虚位（1 不写成 01）、不加“第”字，文号中不含空格。逐项指出问题
        （“年份应使用六角括号〔〕”“序号不应编虚位”“不应加“第”字”“文号中不应有空格”“年份应为四位”等），
        并给出改正后的写法。文号为空或“无”不在此列（见 doc.number_missing）；政府令（“令第N号”）
        按其自身格式，不检查；看不出是文号的值（如规范性文件登记号）不检查。附件（PDF、Word、Excel）
        文头印出的发文字号同样检查，结论指向附件，并列出链接它的页面。
    Why:
        发文字号写法不统一会影响检索和引用，也是“读网”核查中常见的文字差错。
    Basis:
        GB/T 9704—2012《党政机关公文格式》§7.2.5 发文字号：由发文机关代字、年份、发文顺序号组成；
        年份、顺序号用阿拉伯数字，年份标全称并用六角括号〔〕括入，顺序号不加“第”字、不编虚位
        （criteria.md §5 转述，状态 C）；平政办发〔2020〕70号 二(三)7 要求
        “逐条块、逐栏目做好信息比对核查和整改完善工作”（C）。
    Bad:
        “平政办发（2020）70号”“平政办发[2020]070号”“平政办发〔2020〕第70号”“平政办发 〔2020〕 70号”“示政发〔24〕7号”。
    Good:
        “平政办发〔2020〕70号”；“国务院令第711号”（政府令格式）；“无”（由文号遗漏规则处理）。
    Fix:
        按提示改为规范写法，例如把“平政办发（2020）070号”改为“平政办发〔2020〕70号”，并核对文件原件。
    """

    id = "doc.number_malformed"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "发文字号不规范"
    severity = Severity.DEDUCT
    scope = "page"
    basis = "GB/T 9704—2012《党政机关公文格式》§7.2.5 发文字号"
    basis_status = "C"
    settings = {}
    deduction = Deduction(
        points=0.1, cap=2.0, status="暂定",
        clause="GB/T 9704—2012 §7.2.5 发文字号 (分值暂定)")

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        for doc in sorted(documents(ctx).values(), key=lambda d: d["url"]):  # the rules' shared read
            written = (doc.get("doc_number") or "").strip()
            if is_absent(written):
                continue
            checks = [check_number(part) for part in split_numbers(written)
                      if looks_like_number(part)]
            bad = [c for c in checks if not c.ok]
            if bad:
                yield self._finding(ctx, doc, written, bad)
        yield from self._attachments(ctx)

    def _attachments(self, ctx: AuditContext) -> Iterator[Finding]:
        """The 文号 printed at the head of an attachment (the document itself as a pdf/docx)."""
        from .attachment_text import attachment_rows, head_number

        for row in attachment_rows(ctx):
            number = head_number(row["text"])
            check = check_number(number) if number and looks_like_number(number) else None
            if check is not None and not check.ok:
                linking = [r.get("title") for r in ctx.rows("pages", "url = ?", row["pages"][:1])]
                doc = {"url": row["url"], "title": f"{linking[0]}（附件）" if linking and linking[0] else "附件"}
                finding = self._finding(ctx, doc, number, [check])
                finding.data["linked_from"] = row["pages"]
                yield finding

    def _finding(self, ctx: AuditContext, doc: dict, written: str,
                 bad: list[NumberCheck]) -> Finding:
        title = doc.get("title") or "（无标题）"
        faults = list(dict.fromkeys(f for c in bad for f in c.faults))
        fixes = [f"“{c.value}”改为“{c.suggestion}”" for c in bad if c.suggestion]
        fix_text = f"建议{'；'.join(fixes)}" if fixes else "请按原件核对并改为“机关代字〔年份〕序号号”的写法"
        return self.finding(
            ctx,
            url=doc["url"],
            message=f"文件《{title}》的发文字号“{written}”不规范：{'；'.join(faults)}。{fix_text}。",
            evidence=f"标题：{title}；地址：{doc['url']}；元数据文号：“{written}”",
            key=[doc["url"]],
            data={"doc_number": written, "faults": faults,
                  "suggestion": "；".join(c.suggestion for c in bad if c.suggestion)},
        )
