"""catalog.elements: standard catalog tables lacking any of the 8 required elements, and rows of
them with blank element cells."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Finding, Rule, Setting
from .catalog import (
    CATALOG_NAMES_SETTING,
    attachment_texts,
    empty_rows,
    is_catalog_table,
    linked_attachments,
    looks_like_table,
    read_catalog,
    stored_tables,
    table_elements,
)
from .platform import clean_title

EVIDENCE_ROWS = 3  # rows quoted in a finding's evidence (all of them are counted)
DATA_ROWS = 50  # rows kept in a finding's data


class CatalogElements(Rule):
    """Catalog elements: a catalog table lacks one of 名称、内容、依据、时限、主体、方式、渠道、公开对象,
    or some of its rows leave an element blank.

    What:
        标准目录栏目（及其子栏目）中的每个目录页面及其所附的 xls/xlsx/docx/pdf 目录，若是目录表格（有“序号”
        并至少有 3 个要素表头，或至少有 5 个要素表头），检查两件事，各报告一条：
        一是 8 个要素的表头是否齐全：名称、内容、依据、时限、主体、方式、渠道、公开对象；同义表头见
        catalog_data.toml（如“公开事项名称”“公开时限”“公开渠道和载体”，“全社会/特定群体”即公开对象，
        “主动/依申请”即公开方式）。元数据中的“公开方式：…”不算表头。
        二是表格中逐行检查：某一行在某个要素的所有列中都是空白（空格、&nbsp; 也算空白），即为空白要素；
        报告有空白的行数，并列出前几行的行号、事项名称和空白的要素。合并单元格覆盖的行视为已填写；
        “/”“—”“无”是填报单位写明不适用，视为已填写；只有一个值的行是分类标题，不检查。
        网页表格与 xlsx、docx 附件中的表格逐行检查；xls、pdf 附件只检查表头（其中的行列结构读不出来）。
        一个页面最多读 4 张目录表、每张 400 行。
    Why:
        目录要素不全或有空白，公众就不知道某个事项依据什么公开、多长时间内公开、在哪里公开、由谁公开。
    Basis:
        国办发〔2019〕54号（四）“目录至少应包括公开事项的名称、内容、依据、时限、主体、方式、渠道、公开对象等要素”
        （种子文件 003，C）；平政办发〔2020〕70号 二(一)2 同（C）。
    Bad:
        《示范县义务教育领域基层政务公开标准目录》的表头只有 序号、公开事项、公开内容、公开时限、
        公开主体、公开渠道和载体、公开方式，缺“公开依据”和“公开对象”；
        或表头齐全，但第 2 行“划片范围”的“公开依据”“公开时限”两格是空的。
    Good:
        表头有 公开事项（一级、二级）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、
        公开对象（全社会/特定群体）、公开方式（主动/依申请），每一行的每个要素都已填写（不适用的写“/”）。
    Fix:
        按国家标准指引的表样补齐缺少的要素列，并填写每一行；确实不适用的要素写明“/”或“无”。
    """

    id = "catalog.elements"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "标准目录要素不全"
    severity = "提示"
    scope = "page"
    basis = "国办发〔2019〕54号（四）“目录至少应包括公开事项的名称、内容、依据、时限、主体、方式、渠道、公开对象等要素”"
    basis_status = "C"
    settings = {
        "catalog_names": CATALOG_NAMES_SETTING,
        "check_rows": Setting(True, bool, "逐行检查目录表格中的空白要素。"),
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        catalog = read_catalog(ctx, self.config["catalog_names"])
        if catalog is None:
            return
        for page in catalog.pages:
            title = clean_title(page.get("title")) or page["url"]
            sources = [(page["url"], page.get("text") or "")] + attachment_texts(ctx, page["url"])
            for source_url, text in sources:
                if not looks_like_table(text):
                    continue
                seen, missing = table_elements(text)
                if missing:
                    yield self._header_finding(ctx, page, source_url, title, seen, missing)
            if not self.config["check_rows"]:
                continue
            tables = [(page["url"], page.get("tables"))]
            tables += [(row["url"], row.get("tables")) for row in linked_attachments(ctx, page["url"])]
            for source_url, value in tables:
                catalog_tables = [t for t in stored_tables(value) if is_catalog_table(t["header"])]
                for n, table in enumerate(catalog_tables, 1):
                    rows = empty_rows(table)
                    if rows:
                        which = f"第 {n} 张表" if len(catalog_tables) > 1 else "表格"
                        yield self._rows_finding(ctx, page, source_url, title, n, which, table, rows)

    def _header_finding(self, ctx, page, source_url, title, seen, missing) -> Finding:
        return self.finding(
            ctx,
            url=page["url"],
            target="" if source_url == page["url"] else source_url,
            key=[page["url"], source_url],
            message=(
                f"标准目录“{title}”缺少要素：{'、'.join(missing)}。"
                f"目录至少应包括名称、内容、依据、时限、主体、方式、渠道、公开对象。"
            ),
            evidence=(
                f"页面：{page['url']}；已有表头：{'、'.join(seen.values()) or '无'}；缺少：{'、'.join(missing)}"
            ),
            data={"missing": missing, "seen": seen, "source": source_url},
        )

    def _rows_finding(self, ctx, page, source_url, title, n, which, table, rows) -> Finding:
        where = "附件中的" if source_url != page["url"] else ""
        quoted = "；".join(
            f"第 {r.row} 行" + (f"（序号 {r.number}）" if r.number else "") + (f"“{r.item}”" if r.item else "")
            + f"空白：{'、'.join(r.missing)}" for r in rows[:EVIDENCE_ROWS])
        more = f"；另有 {len(rows) - EVIDENCE_ROWS} 行" if len(rows) > EVIDENCE_ROWS else ""
        checked = len(table["rows"])
        partial = f"（表格共 {table.get('total_rows')} 行，只检查了前 {checked} 行）" \
            if (table.get("total_rows") or checked) > checked else ""
        return self.finding(
            ctx,
            url=page["url"],
            target="" if source_url == page["url"] else source_url,
            key=[page["url"], source_url, "空白要素", str(n)],
            message=(f"标准目录“{title}”{where}{which}有 {len(rows)} 行要素空白{partial}。"
                     f"目录中每个事项的名称、内容、依据、时限、主体、方式、渠道、公开对象都应填写。"),
            evidence=f"{'附件' if where else '页面'}：{source_url}；{quoted}{more}",
            data={"source": source_url, "table": n, "count": len(rows), "checked_rows": checked,
                  "rows": [{"row": r.row, "number": r.number, "item": r.item, "missing": r.missing}
                           for r in rows[:DATA_ROWS]]},
        )
