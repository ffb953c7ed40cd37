"""interpretation.column_missing: no 政策解读 column on the 政府信息公开 platform, or a blank one."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .platform import PLATFORM_NAMES_SETTING, columns, find_columns, home_url, is_blank, under_platform


class InterpretationColumnMissing(Rule):
    """Missing interpretation column: the platform has no 政策解读 column, or it is blank.

    What:
        在栏目中找名称含 column_names（默认 政策解读、文件解读、解读）的栏目。一个也没有的，在首页报告；
        有但都不在“政府信息公开/政务公开”平台下（栏目路径中没有 platform_names 之一）的，在第一个解读栏目报告；
        平台下的解读栏目列表为空的，在该栏目报告。
    Why:
        政府网站是公开政策性文件和解读信息的第一平台，解读要在专栏中汇总发布，公众才能集中查阅。
    Basis:
        平政办发〔2020〕70号 二(二)6“应当设立政策解读专栏，汇总发布解读信息”（种子文件 002，C）。
    Bad:
        网站没有“政策解读”栏目；或“政府信息公开 > 政策解读”栏目显示“暂无信息”。
    Good:
        “政府信息公开 > 法定主动公开内容 > 政策解读”栏目中有解读信息。
    Fix:
        在“政府信息公开”平台下设立“政策解读”专栏，汇总发布本级政策解读，并与文件页面互相链接。
    """

    id = "interpretation.column_missing"
    title = "未设政策解读专栏"
    severity = "扣分"
    scope = "site"
    basis = "平政办发〔2020〕70号 二(二)6“应当设立政策解读专栏，汇总发布解读信息”"
    basis_status = "C"
    deduction = Deduction(
        points=2.0, cap=2.0, status="暂定", clause="平政办发〔2020〕70号 二(二)6 政策解读专栏 (分值暂定)"
    )
    settings = {
        "column_names": Setting(["政策解读", "文件解读", "解读"], list, "认作政策解读专栏的栏目名称。"),
        "platform_names": PLATFORM_NAMES_SETTING,
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        found = [c for c in find_columns(columns(ctx), self.config["column_names"])
                 if (c.get("kind") or "listing") != "home"]
        if not found:
            home = home_url(ctx)
            yield self.finding(
                ctx, url=home, key=["none"], data={"state": "missing"},
                message="网站没有政策解读专栏，请在“政府信息公开”平台下设立“政策解读”栏目，汇总发布解读信息。",
                evidence=f"首页：{home}；在所有栏目中未找到名称含“解读”的栏目")
            return
        platform = [c for c in found if under_platform(c, self.config["platform_names"])]
        if any(not is_blank(c) for c in platform):
            return
        col = (platform or found)[0]
        state = "blank" if platform else "outside"
        what = "没有任何信息" if platform else "不在“政府信息公开”平台下"
        yield self.finding(
            ctx,
            url=col["url"],
            key=[state, col["url"]],
            data={"state": state, "column": col.get("name")},
            message=f"政策解读栏目“{col.get('name')}”{what}，请在“政府信息公开”平台下的政策解读专栏汇总发布解读信息。",
            evidence=(
                f"栏目：{col.get('name')}；位置：{col.get('path') or '未知'}；条目数：{col.get('item_count') or 0}"
            ),
        )
