"""catalog.elements: standard catalog tables lacking any of the 8 required elements."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Finding, Rule
from .catalog import CATALOG_NAMES_SETTING, attachment_texts, looks_like_table, read_catalog, table_elements
from .platform import clean_title


class CatalogElements(Rule):
    """Catalog elements: a catalog table lacks one of 名称、内容、依据、时限、主体、方式、渠道、公开对象.

    What:
        标准目录栏目（及其子栏目）中的每个目录页面，若正文是目录表格（有“序号”并至少有 3 个要素表头，
        或至少有 5 个要素表头），检查 8 个要素的表头是否齐全：名称、内容、依据、时限、主体、方式、渠道、
        公开对象；同义表头见 catalog_data.toml（如“公开事项名称”“公开时限”“公开渠道和载体”，
        “全社会/特定群体”即公开对象，“主动/依申请”即公开方式）。元数据中的“公开方式：…”不算表头。
        缺要素的页面各报告一条。以附件（xls/xlsx/docx/pdf）发布的目录，在爬虫提供附件文本后一并检查；
        目前只检查网页表格。表格中的空单元格需要表格的行列结构，爬虫尚未保存，暂不检查。
    Why:
        目录要素不全，公众就不知道某个事项依据什么公开、多长时间内公开、在哪里公开、由谁公开。
    Basis:
        国办发〔2019〕54号（四）“目录至少应包括公开事项的名称、内容、依据、时限、主体、方式、渠道、公开对象等要素”
        （种子文件 003，C）；平政办发〔2020〕70号 二(一)2 同（C）。
    Bad:
        《示范县义务教育领域基层政务公开标准目录》的表头只有 序号、公开事项、公开内容、公开时限、
        公开主体、公开渠道和载体、公开方式，缺“公开依据”和“公开对象”。
    Good:
        表头有 公开事项（一级、二级）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、
        公开对象（全社会/特定群体）、公开方式（主动/依申请）。
    Fix:
        按国家标准指引的表样补齐缺少的要素列，并填写每一行。
    """

    id = "catalog.elements"
    title = "标准目录要素不全"
    severity = "提示"
    scope = "page"
    basis = "国办发〔2019〕54号（四）“目录至少应包括公开事项的名称、内容、依据、时限、主体、方式、渠道、公开对象等要素”"
    basis_status = "C"
    settings = {
        "catalog_names": CATALOG_NAMES_SETTING
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        catalog = read_catalog(ctx, self.config["catalog_names"])
        if catalog is None:
            return
        for page in catalog.pages:
            sources = [(page["url"], page.get("text") or "")] + attachment_texts(ctx, page["url"])
            for source_url, text in sources:
                if not looks_like_table(text):
                    continue
                seen, missing = table_elements(text)
                if not missing:
                    continue
                title = clean_title(page.get("title")) or source_url
                yield self.finding(
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
