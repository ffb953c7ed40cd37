"""text.expression: serious wording errors (严重表述错误) — leaders, fixed formulations, meetings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .base import AuditContext, Finding, NotConfigured, Setting, TextRule
from .dates import parse_date
from .expression import detect

KIND_NAMES = {
    "leader_title": "领导人职务错误", "leader_name": "领导人姓名错误",
    "formulation_order": "固定表述顺序错误", "formulation_word": "固定表述用词错误",
    "plenary": "会议名称错误", "wrong_form": "表述错误", "removed": "已免职人员仍以现职称呼",
}


class TextExpression(TextRule):
    """Serious wording errors: leaders' names and titles, fixed formulations, plenary session names.

    What:
        检查页面标题和正文中的严重表述错误：（1）党和国家领导人姓名与职务不符（如“李强总书记”），
        或姓名写错一个同音字且紧挨其职务（如“习近萍总书记”）；（2）固定政治表述的顺序或用词错误
        （如“四个意识”写成“政治意识、核心意识、大局意识、看齐意识”，“四个自信”中“文化自信”写成
        “文明自信”）；（3）“党的X届X中全会”写成“十九大五中全会”、不存在的全会（八中全会及以上），
        以及词表中的已知错误写法（如“党十九大”）；（4）用户在设置中列出的已免职人员，在免职日期
        之后（或日期不明）的页面上仍以职务称呼。领导人名单、固定表述和错误写法以数据文件随程序
        提供（文件首行写明日期和来源），可用设置扩展：`leaders`（[{name, titles}]）、
        `leader_files`、`formulations`（[{name, items}]）、`formulation_files`、`wrong_forms`
        （{错误写法: 正确写法}）、`removed_officials`（[{name, removed, note}]，只检查用户提供的名单）。
        严重程度为“提示”，并在 data 中标记 veto_candidate：这类错误一经确认即为单项否决项，
        但机器判断可能有误（同名人员、引文、历史报道），因此不自动否决，由检查人员确认。
    Why:
        领导人姓名职务、固定政治表述写错，是政府网站检查中“严重表述错误”的典型情形，
        属“安全、泄密等严重问题”单项否决项，对网站影响最大。
    Basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决·安全、泄密等严重问题：
        严重表述错误（研究笔记 §1.2、§7，状态 C）；四个意识、四个自信的内容和顺序（§7，状态 C）；
        领导人名单（2023 年 3 月换届结果，状态 R）和其余固定表述（状态 R）须随人事和文件更新。
    Bad:
        “深入学习贯彻李强总书记重要讲话精神”；“牢固树立政治意识、核心意识、大局意识、看齐意识”；
        “坚定道路自信、理论自信、制度自信、文明自信”；“学习贯彻党的十九大五中全会精神”。
    Good:
        “习近平总书记”“国务院总理李强”“县政协主席李强”（地方职务，同名不报）；
        “增强政治意识、大局意识、核心意识、看齐意识”；“党的十九届五中全会”。
    Fix:
        核对原文，按权威发布的姓名、职务和表述改正后重新发布；确属严重表述错误的，按单项否决项
        立即整改并排查同类页面。名单有人事变动时，在设置中更新领导人和已免职人员名单。
    """

    id = "text.expression"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "严重表述错误"
    severity = "提示"
    scope = "page"
    basis = "国办秘函〔2019〕19号 单项否决·安全、泄密等严重问题（严重表述错误）"
    basis_status = "C"
    settings = {
        "leaders": Setting([], list, "补充的领导人姓名与职务（name, titles）。"),
        "leader_files": Setting([], list, "补充的领导人词表文件（姓名<TAB>职务|职务）。"),
        "formulations": Setting([], list, "补充的固定表述（name, items）。"),
        "formulation_files": Setting([], list, "补充的固定表述词表文件。"),
        "wrong_forms": Setting({}, dict, "错误写法 -> 正确写法。"),
        "removed_officials": Setting([], list, "已免职人员（name, removed 日期, note）：之后的页面仍称其现职时报告。"),
        "max_per_page": Setting(20, int, "每个页面最多报告这么多处。"),
    }

    def __init__(self, settings: dict | None = None):
        super().__init__(settings)
        self.lexicon = build_lexicon(self.config)

    # A text rule (rules.base.TextRule): the engine hands it every page's text in one shared pass.
    def start_texts(self, ctx: AuditContext) -> None:
        self._dates = self._page_dates(ctx) if self.lexicon.removed else {}
        self._found: list[tuple[str, list[Finding]]] = []  # pages read in storage order

    def read_text(self, ctx: AuditContext, page: dict) -> None:
        limit = int(self.config["max_per_page"])
        seen: set[tuple[str, str]] = set()
        hits = []
        for where, text in (("标题", page.get("title") or ""), ("正文", page.get("text") or "")):
            for p in detect.check(text, self.lexicon, self._dates.get(page["url"])):
                if (p.kind, p.evidence) in seen or len(seen) >= limit:
                    continue
                seen.add((p.kind, p.evidence))
                hits.append(self._finding(ctx, page, where, p))
        if hits:
            self._found.append((page["url"], hits))

    def finish_texts(self, ctx: AuditContext) -> Iterator[Finding]:
        found, self._found, self._dates = self._found, [], {}
        for _, hits in sorted(found, key=lambda f: f[0]):  # reported in URL order
            yield from hits

    @staticmethod
    def _page_dates(ctx: AuditContext) -> dict[str, date]:
        out: dict[str, date] = {}
        for row in ctx.rows("column_items", "date IS NOT NULL"):
            if parse_date(row["date"]):
                out[row["url"]] = parse_date(row["date"])
        for row in ctx.rows("documents", "publish_date IS NOT NULL"):
            if parse_date(row["publish_date"]):
                out[row["url"]] = parse_date(row["publish_date"])
        return out

    def _finding(self, ctx: AuditContext, page: dict, where: str, p: detect.Problem) -> Finding:
        kind = KIND_NAMES[p.kind]
        shown = page.get("title") or page["url"]
        return self.finding(
            ctx,
            url=page["url"],
            title=f"{self.title}（{kind}）",
            message=(f"「{p.evidence}」疑为{kind}：{p.suggestion}（{where}，《{shown}》）。"
                     f"经检查人员确认属严重表述错误的，为单项否决项，请立即更正并排查同类页面。"),
            evidence=f"{where}：…{p.context}…",
            key=[page["url"], p.kind, p.evidence],
            data={"kind": p.kind, "evidence": p.evidence, "suggestion": p.suggestion,
                  "context": p.context, "where": where, "veto_candidate": True},
        )


def _read(paths, what: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for raw in paths or []:
        path = Path(raw).expanduser()
        try:
            rows += detect.data_rows(path)
        except (OSError, UnicodeDecodeError) as e:
            raise NotConfigured(f"规则 text.expression 无法读取{what}文件 {path}：{e}；"
                                f"请检查设置中的路径（UTF-8 文本，每行以制表符分隔）") from e
    return rows


def build_lexicon(config: dict) -> detect.Lexicon:
    """The shipped lexicons extended (and, for a leader listed again, overridden) by the settings."""
    base = detect.DATA_DIR
    leaders = {l.name: l for l in detect.leaders_from(detect.data_rows(base / "leaders.tsv"))}
    for l in detect.leaders_from(_read(config["leader_files"], "领导人名单")):
        leaders[l.name] = l
    for entry in config["leaders"] or []:
        try:
            leaders[entry["name"]] = detect.Leader(entry["name"], tuple(entry["titles"]))
        except (KeyError, TypeError) as e:
            raise NotConfigured("规则 text.expression 的 leaders 每项须写成 {name = \"姓名\", "
                                "titles = [\"职务\", …]}") from e
    formulations = {f.name: f for f in detect.formulations_from(detect.data_rows(base / "formulations.tsv"))}
    for f in detect.formulations_from(_read(config["formulation_files"], "固定表述")):
        formulations[f.name] = f
    for entry in config["formulations"] or []:
        try:
            formulations[entry["name"]] = detect.Formulation(entry["name"], tuple(entry["items"]))
        except (KeyError, TypeError) as e:
            raise NotConfigured("规则 text.expression 的 formulations 每项须写成 {name = \"名称\", "
                                "items = [\"第一项\", \"第二项\", …]}") from e
    wrong = {r[0]: r[1] for r in detect.data_rows(base / "wrong_forms.tsv") if len(r) >= 2}
    if not isinstance(config["wrong_forms"], dict):
        raise NotConfigured("规则 text.expression 的 wrong_forms 须写成 {\"错误写法\" = \"正确写法\"}")
    wrong.update({str(k): str(v) for k, v in config["wrong_forms"].items()})
    removed = []
    for entry in config["removed_officials"] or []:
        try:
            when = entry.get("removed")
            day = when if isinstance(when, date) else (date.fromisoformat(str(when)) if when else None)
            removed.append(detect.Removed(entry["name"], day, str(entry.get("note") or "")))
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise NotConfigured("规则 text.expression 的 removed_officials 每项须写成 {name = \"姓名\", "
                                "removed = \"YYYY-MM-DD\", note = \"说明\"}") from e
    return detect.Lexicon(leaders=list(leaders.values()), formulations=list(formulations.values()),
                          wrong_forms=wrong, removed=removed)
