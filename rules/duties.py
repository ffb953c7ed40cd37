"""The duty each rule enforces, for grouping findings in the reports.

A rule may set a ``duty`` class attribute; otherwise its id's family names it here. The order
is the order the reports show the duties in (site-level first, then content).
"""

from __future__ import annotations

DUTIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("网站运行与标识", ("site.",)),
    ("栏目更新与空白栏目", ("column.",)),
    ("政府信息公开平台与标准目录", ("platform.", "catalog.", "unit.", "report.")),
    ("政策文件发布", ("doc.",)),
    ("政策解读", ("interpretation.",)),
    ("内容正确性", ("text.",)),
    ("隐私保护", ("privacy.",)),
    ("链接与附件", ("link.", "attachment.")),
)
OTHER = "其他"


def duty_of(rule_id: str, rule_cls=None) -> str:
    declared = getattr(rule_cls, "duty", "") if rule_cls is not None else ""
    if declared:
        return declared
    for name, prefixes in DUTIES:
        if rule_id.startswith(prefixes):
            return name
    return OTHER


def duty_order(name: str) -> int:
    names = [n for n, _ in DUTIES]
    return names.index(name) if name in names else len(names)
