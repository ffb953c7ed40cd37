"""catalog.domains: pilot domains of 国办发〔2019〕54号 the standard catalog does not cover."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Finding, Rule, Setting
from .catalog import CATALOG_NAMES_SETTING, covered_domains, domains, read_catalog


class CatalogDomains(Rule):
    """Catalog domains: the standard catalog leaves some of the 26 pilot domains out.

    What:
        读取标准目录栏目（及其子栏目）的名称、列表标题和页面正文，对照 26 个试点领域
        （国办发〔2019〕54号（四）的名称，另有各省的叫法作同义词，见 catalog_data.toml，
        如“城乡规划”即“国土空间规划”、“生态环境”即“环境保护”、“卫生健康”即“医疗卫生”），
        列出目录中没有出现的领域，在标准目录栏目报告一条。本地确不涉及的领域可列入 not_applicable。
        网站没有标准目录时不报告（由“未设标准目录专栏”报告）。
    Why:
        基层政府应对照 26 个试点领域标准指引编制本级目录；缺少的领域，公众就无从知道这些事项公开什么、在哪公开。
    Basis:
        国办发〔2019〕54号（四）“对照国务院部门制定的国土空间规划、重大建设项目……市政服务等26个试点领域标准指引，
        ……编制完成本级政务公开事项标准目录”（种子文件 003，C）；各省名称不同，
        闽政办〔2020〕26号 一、1（种子文件 000，C）。
    Bad:
        标准目录栏目只发布了社会救助、义务教育、涉农补贴三个领域的目录。
    Good:
        26 个领域的目录都已发布（名称可用本省叫法，如“城乡规划”“卫生健康”）。
    Fix:
        对照 26 个试点领域标准指引补齐缺少领域的标准目录；确不涉及的领域在目录说明中写明。
    """

    id = "catalog.domains"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "标准目录领域不全"
    severity = "提示"
    scope = "column"
    basis = "国办发〔2019〕54号（四）“对照……26个试点领域标准指引……编制完成本级政务公开事项标准目录”"
    basis_status = "C"
    settings = {
        "not_applicable": Setting([], list, "本县不适用的试点领域名称（不报告为缺失）。"),
        "catalog_names": CATALOG_NAMES_SETTING,
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        catalog = read_catalog(ctx, self.config["catalog_names"])
        if catalog is None:
            return
        found = covered_domains(catalog.corpus())
        skip = set(self.config["not_applicable"])
        missing = [d for d in domains() if d not in found and d not in skip]
        if not missing:
            return
        yield self.finding(
            ctx,
            url=catalog.url,
            key=[catalog.url],
            message=(
                f"标准目录“{catalog.name}”缺少 {len(missing)} 个试点领域：{'、'.join(missing)}。"
                f"请对照 26 个试点领域标准指引补齐。"
            ),
            evidence=(
                f"已有领域（{len(found)}）："
                f"{'、'.join(f'{d}（{n}）' if n != d else d for d, n in found.items()) or '无'}；"
                f"目录栏目：{'、'.join(c.get('name') or '' for c in catalog.columns)}"
            ),
            data={"missing": missing, "covered": sorted(found), "columns": [c["url"] for c in catalog.columns]},
        )
