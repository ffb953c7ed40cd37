"""catalog.item_no_column: a catalog item with no matching column, or a blank or stale one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from .base import AuditContext, Finding, Rule, Setting
from .catalog import CATALOG_NAMES_SETTING, catalog_columns, covered_domains, domains, read_catalog
from .dates import parse_date
from .platform import columns, is_blank


class CatalogItemNoColumn(Rule):
    """Catalog item without a column: an item of the catalog has no column, or a blank or stale one.

    What:
        标准目录所列的事项按领域归并（目录中出现的试点领域，名称和同义词见 catalog_data.toml），
        每个领域在网站上应有对应的公开栏目（栏目名称含该领域名称或同义词，标准目录栏目本身除外）。
        没有对应栏目的，在标准目录栏目报告；对应栏目都为空白或最新信息早于 stale_days 天（默认 365，
        参照国办秘函〔2019〕19号“应更新未更新”中一年更新类的口径，属本项目的取值）的，在该栏目报告。
        只按领域核对，不逐条核对目录中的二级事项。
    Why:
        目录中的主动公开事项都要有相应栏目进行公开；目录列了而网站没有栏目，或栏目空着、长期不更新，
        目录就成了一纸空文。
    Basis:
        明政办〔2020〕34号 三、(三)“确保目录中所有主动公开事项都有相应栏目进行公开”（种子文件 004，C）；
        闽政办〔2020〕26号 二、4“逐项对照编制完成的政务公开事项标准目录，全面优化县级政府网站栏目设置”（C）；
        一年未更新的取值参照国办秘函〔2019〕19号（研究笔记 §1.2，P）。
    Bad:
        标准目录发布了“社会救助领域”目录，但“重点领域信息公开 > 社会救助”栏目显示“暂无信息”；
        或目录有“财政预决算”而网站没有任何预决算栏目。
    Good:
        目录中的每个领域都有栏目，且一年内有更新。
    Fix:
        按目录开设缺少的栏目，把目录中的主动公开事项在对应栏目发布并及时更新。
    """

    id = "catalog.item_no_column"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "目录事项无对应栏目"
    severity = "提示"
    scope = "column"
    basis = "明政办〔2020〕34号 三、(三)“确保目录中所有主动公开事项都有相应栏目进行公开”"
    basis_status = "C"
    settings = {
        "stale_days": Setting(365, int, "对应栏目超过这么多天没有更新时，视为该事项没有有效栏目。"),
        "catalog_names": CATALOG_NAMES_SETTING,
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        catalog = read_catalog(ctx, self.config["catalog_names"])
        if catalog is None:
            return
        own = {c["url"] for c in catalog_columns(catalog.columns, self.config["catalog_names"])}
        cols = [c for c in columns(ctx) if c["url"] not in own and (c.get("kind") or "listing") == "listing"]
        cutoff = ctx.as_of - timedelta(days=int(self.config["stale_days"]))
        names = domains()
        for domain in covered_domains(catalog.corpus()):
            matching = [c for c in cols if any(n in (c.get("name") or "") for n in names[domain])]
            if not matching:
                yield self._finding(ctx, catalog.url, domain, "none", catalog.name, None)
                continue
            fresh = [c for c in matching if not is_blank(c)
                     and (parse_date(c.get("newest_date")) or cutoff) > cutoff]
            if fresh:
                continue
            col = matching[0]
            state = "blank" if is_blank(col) else "stale"
            yield self._finding(ctx, col["url"], domain, state, catalog.name, col)

    def _finding(self, ctx: AuditContext, url: str, domain: str, state: str, catalog: str,
                 col: dict | None) -> Finding:
        if state == "none":
            what = f"网站没有“{domain}”的公开栏目"
            evidence = f"标准目录：{catalog}；领域：{domain}；未找到名称含该领域的栏目"
        else:
            name = col.get("name")
            what = (
                f"对应栏目“{name}”没有任何信息"
                if state == "blank"
                else (
                    f"对应栏目“{name}”最新信息为 {col.get('newest_date') or '无日期'}，"
                    f"超过 {self.config['stale_days']} 天未更新"
                )
            )
            evidence = (f"标准目录：{catalog}；领域：{domain}；栏目：{name}（{col['url']}）；"
                        f"条目数：{col.get('item_count') or 0}；最新信息：{col.get('newest_date') or '无'}")
        return self.finding(
            ctx, url=url, key=[domain], data={"domain": domain, "state": state},
            message=f"标准目录列有“{domain}”领域的公开事项，但{what}，请按目录在相应栏目公开。",
            evidence=evidence)
