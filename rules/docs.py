"""Generate the rule reference pages (``docs/rules/``) from the registered rules.

Each page is rendered from a rule's class attributes and its docstring sections, so the docs
cannot drift from the code: ``check_docs`` reports pages that differ from what would be
generated (a test fails on it), and ``duwang rules docs`` (or ``python -m rules.docs``)
rewrites them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .base import Rule
from .registry import all_rules

DEFAULT_OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "rules"
GENERATED_NOTE = "<!-- 本页由 `duwang rules docs` 根据规则代码生成，请勿手工修改。 -->"
SECTION_HEADINGS = {
    "What": "检查什么",
    "Why": "为什么",
    "Basis": "依据",
    "Bad": "反例（会报告）",
    "Good": "正例（不报告）",
    "Fix": "如何整改",
}
BASIS_STATUS_TEXT = {
    "C": "C：已在来源中读到",
    "P": "P：部分读到或间接印证",
    "R": "R：凭记忆，尚待核实",
}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


LIFECYCLE_TEXT = {
    "stable": "稳定",
    "preview": "预览（结果可能调整，暂不宜作为整改依据）",
    "deprecated": "已弃用（规则编号保留，今后不再维护）",
}


def _settings_table(rule_cls: type[Rule]) -> list[str]:
    specs = rule_cls.setting_specs()
    if not specs:
        return ["本规则没有可调设置。"]
    lines = ["| 设置 | 默认值 | 类型 | 说明 |", "|---|---|---|---|"]
    for name, spec in sorted(specs.items()):
        shown = json.dumps(spec.default, ensure_ascii=False, sort_keys=True)
        lines.append(f"| `{name}` | `{_cell(shown)}` | {spec.type_name} | {_cell(spec.doc) or '（未填写）'} |")
    return lines


def _deduction_row(rule_cls: type[Rule]) -> list[str]:
    d = rule_cls.deduction
    if d is None:
        return []
    points = f"每项 {d.points:g} 分" + (f"（首页上的每项 {d.home_points:g} 分）" if d.home_points is not None else "")
    return [f"| 扣分 | {points}，最多 {d.cap:g} 分；{_cell(d.clause)}（{d.status}） |"]


def render_rule_markdown(rule_cls: type[Rule]) -> str:
    """The reference page of one rule, in Markdown."""
    docs = rule_cls.docs()
    lines = [
        GENERATED_NOTE,
        "",
        f"# {rule_cls.title}（`{rule_cls.id}`）",
        "",
        docs.get("summary", ""),
        "",
        "| 项目 | 内容 |",
        "|---|---|",
        f"| 规则 ID | `{rule_cls.id}` |",
        f"| 严重程度 | {rule_cls.severity} |",
        f"| 状态 | {LIFECYCLE_TEXT.get(rule_cls.lifecycle, rule_cls.lifecycle)} |",
        f"| 范围 | {rule_cls.scope} |",
        f"| 依据 | {_cell(rule_cls.basis)} |",
        f"| 依据状态 | {BASIS_STATUS_TEXT.get(rule_cls.basis_status, rule_cls.basis_status)} |",
        *_deduction_row(rule_cls),
        "",
        "## 设置",
        "",
        *_settings_table(rule_cls),
    ]
    for section, heading in SECTION_HEADINGS.items():
        lines += ["", f"## {heading}", "", docs.get(section, "").strip() or "（未填写）"]
    return "\n".join(lines).rstrip() + "\n"


def page_name(rule_cls: type[Rule]) -> str:
    return f"{rule_cls.id}.md"


def render_index(rules: list[type[Rule]]) -> str:
    lines = [GENERATED_NOTE, "", "# 检查规则一览", "",
             "| 规则 | 名称 | 严重程度 | 范围 | 依据状态 | 状态 |", "|---|---|---|---|---|---|"]
    for rule in rules:
        lines.append(f"| [`{rule.id}`]({page_name(rule)}) | {_cell(rule.title)} | "
                     f"{rule.severity} | {rule.scope} | {rule.basis_status} | "
                     f"{LIFECYCLE_TEXT.get(rule.lifecycle, rule.lifecycle).split('（')[0]} |")
    lines += ["", "严重程度：否决 = 单项否决；扣分 = 扣分指标；提示 = 需人工复查或提前预警。",
              "依据状态：C 已在来源中读到；P 部分读到或间接印证；R 凭记忆，尚待核实。",
              "状态：稳定；预览 = 结果可能调整；已弃用 = 规则编号保留，今后不再维护。"]
    return "\n".join(lines) + "\n"


def render_docs(rules: list[type[Rule]] | None = None) -> dict[str, str]:
    """File name → content for every page, index.md included."""
    rules = list(all_rules() if rules is None else rules)
    pages = {page_name(rule): render_rule_markdown(rule) for rule in rules}
    pages["index.md"] = render_index(rules)
    return pages


def write_docs(out_dir: str | Path = DEFAULT_OUT_DIR,
               rules: list[type[Rule]] | None = None) -> list[Path]:
    """Write ``<id>.md`` for every registered rule plus ``index.md``; drop pages of gone rules."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = render_docs(rules)
    for stale in out.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    written = []
    for name, content in sorted(pages.items()):
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def check_docs(out_dir: str | Path = DEFAULT_OUT_DIR,
               rules: list[type[Rule]] | None = None) -> list[str]:
    """Names of pages that are missing, different, or no longer generated (empty = up to date)."""
    out = Path(out_dir)
    pages = render_docs(rules)
    problems = []
    for name, content in sorted(pages.items()):
        path = out / name
        if not path.exists():
            problems.append(f"{name}（缺失）")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"{name}（与代码不一致）")
    extra = sorted(p.name for p in out.glob("*.md") if p.name not in pages) if out.exists() else []
    problems += [f"{name}（规则已不存在）" for name in extra]
    return problems


def main(argv: list[str] | None = None) -> int:
    """``python -m rules.docs [--check] [OUT_DIR]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    out_dir = Path(rest[0]) if rest else DEFAULT_OUT_DIR
    if check:
        problems = check_docs(out_dir)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    for path in write_docs(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
