"""catalog.missing: no 基层政务公开事项标准目录 column on the 政府信息公开 platform."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule
from .catalog import CATALOG_NAMES_SETTING, catalog_columns
from .platform import PLATFORM_NAMES_SETTING, columns, home_url, is_blank, under_platform


class CatalogMissing(Rule):
    """Missing standard catalog: the platform has no 基层政务公开事项标准目录 column, or it is blank.

    What:
        在栏目中找名称含 catalog_names（默认 标准目录、政务公开事项目录、公开事项标准目录、公开事项目录）
        的栏目。一个也没有的，在首页报告；有但不在“政府信息公开”平台下（栏目路径中没有 platform_names
        之一）的，在该栏目报告；栏目列表为空的，在该栏目报告。
    Why:
        标准目录是基层政务公开“公开什么、在哪公开”的依据，须在县级政府门户网站“政府信息公开”平台集中发布，
        公众才能对照目录查找和监督。
    Basis:
        平政办发〔2020〕70号 二(一)2“各县（市、区）政府门户网站‘政府信息公开’平台下要开设
        ‘基层政务公开事项标准目录’专栏”（种子文件 002，C）；国办发〔2019〕54号（四）编制本级政务公开事项标准目录（C）。
    Bad:
        网站没有任何名称含“标准目录”的栏目；或“基层政务公开事项标准目录”栏目显示“暂无信息”。
    Good:
        “政府信息公开 > 基层政务公开事项标准目录”栏目下发布了各领域的标准目录。
    Fix:
        在“政府信息公开”平台下开设“基层政务公开事项标准目录”专栏，发布本级各领域的标准目录。
    """

    id = "catalog.missing"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "未设标准目录专栏"
    severity = "扣分"
    scope = "site"
    basis = "平政办发〔2020〕70号 二(一)2“‘政府信息公开’平台下要开设‘基层政务公开事项标准目录’专栏”"
    basis_status = "C"
    deduction = Deduction(
        points=2.0, cap=2.0, status="暂定", clause="平政办发〔2020〕70号 二(一)2 标准目录专栏 (分值暂定)"
    )
    settings = {
        "catalog_names": CATALOG_NAMES_SETTING,
        "platform_names": PLATFORM_NAMES_SETTING,
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        found = catalog_columns(columns(ctx), self.config["catalog_names"])
        platform = list(self.config["platform_names"])
        if not found:
            home = home_url(ctx)
            yield self.finding(
                ctx, url=home, key=["none"], data={"state": "missing"},
                message="网站没有“基层政务公开事项标准目录”专栏，请在“政府信息公开”平台下开设并发布本级标准目录。",
                evidence=f"首页：{home}；在所有栏目中未找到名称含“标准目录”的栏目")
            return
        good = [c for c in found if under_platform(c, platform) and not is_blank(c)]
        if good:
            return
        col = found[0]
        if is_blank(col):
            state, what = "blank", "栏目没有任何信息"
        else:
            state, what = "outside", "栏目不在“政府信息公开”平台下"
        yield self.finding(
            ctx,
            url=col["url"],
            key=[state, col["url"]],
            data={"state": state, "column": col.get("name")},
            message=f"标准目录栏目“{col.get('name')}”{what}，请在“政府信息公开”平台下的该专栏发布本级标准目录。",
            evidence=(
                f"栏目：{col.get('name')}；位置：{col.get('path') or '未知'}；条目数：{col.get('item_count') or 0}"
            ),
        )
