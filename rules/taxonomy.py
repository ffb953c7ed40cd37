"""Column classification by name: how often a column must be updated, and what it holds.

Update classes (criteria.md §1.2, "should be updated" classes):

- ``dynamic``: 动态/要闻 columns, 2 weeks;
- ``notice``: 通知公告/政策文件 and similar, 6 months;
- ``slow``: 人事/规划计划 and other periodic columns, 1 year;
- ``static``: 机构职能, 公开指南, 制度, 年报 …: never judged stale;
- ``None``: unclassified, not judged.

Classification order: the user's overrides (exact column name or URL), then the longest
taxonomy keyword contained in the normalised name, then a rapidfuzz match of the whole name
against the keywords. No Rule subclass lives here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import ahocorasick
from rapidfuzz import fuzz, process

UPDATE_CLASSES = ("dynamic", "notice", "slow", "static")
# An override may also switch a column off.
OVERRIDE_VALUES = (*UPDATE_CLASSES, "ignore")

CLASS_LABELS = {
    "dynamic": "动态要闻类",
    "notice": "通知公告/政策文件类",
    "slow": "人事/规划计划类",
    "static": "静态类",
}

# Names seen on real county portals (the 政府信息公开 column tree of the research notes, the
# ColumnType list of the national metadata standard, the hand-labelled pages). Where a name's
# class is uncertain the slower class is chosen: a false 单项否决 is worse than a late warning.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "dynamic": (
        "动态", "要闻", "新闻", "图片新闻", "今日要闻", "工作动态", "政务动态", "乡镇动态",
        "部门动态", "镇街动态", "县内要闻", "本地要闻", "工作信息", "基层动态", "热点关注",
        "领导活动", "领导动态", "政务要闻", "视频新闻", "媒体关注", "媒体聚焦", "媒体报道",
        "工作简报", "政务信息", "头条",
    ),
    "notice": (
        "通知公告", "公告公示", "公示公告", "通知", "公告", "公示", "通告", "政策文件",
        "规范性文件", "行政规范性文件", "政府文件", "县政府文件", "政府办文件",
        "县政府办公室文件", "政府办公室文件", "部门文件", "其他文件", "政策解读", "文件解读",
        "解读", "政府令", "规章", "回应关切", "政策法规", "政府公报", "公报", "意见征集",
        "征集调查", "决策公开", "会议公开", "法规文件",
    ),
    "slow": (
        "人事信息", "人事任免", "人事", "任免", "公务员招考", "招考录用", "招聘", "规划计划",
        "发展规划", "规划", "计划", "统计信息", "统计数据", "统计公报", "财政预决算",
        "预决算", "部门预决算", "政府预决算", "三公经费", "政府采购", "重大建设项目",
        "建议提案办理", "建议提案", "政府常务会议", "常务会议", "行政许可", "行政处罚",
        "双公示", "行政事业性收费", "应急管理", "数据发布",
        # 人事 and the periodic work of a department
        "公务员管理", "公务员", "录用调配", "录用", "调配", "干部任免", "人才招聘", "事业单位招聘",
        "业务工作", "业务管理", "工作总结", "党建信息", "党建工作", "党风廉政", "领导讲话",
        "在线访谈", "财政信息", "财政资金", "审计", "项目", "投资",
        # the 26 基层政务公开 领域 (国办发〔2019〕54号) and other 重点领域 columns
        "重点领域", "公共资源交易", "安全生产", "税收管理", "征地补偿", "房屋征收", "危房改造",
        "扶贫", "乡村振兴", "义务教育", "教育", "招生", "救灾", "社会救助", "养老服务", "户籍管理",
        "涉农补贴", "环境保护", "生态环境", "公共文化服务", "公共法律服务", "城乡规划",
        "食品药品", "医疗卫生", "卫生健康", "就业", "社会保险", "市政服务", "综合执法",
        "保障性住房", "住房保障", "自然资源", "价格", "收费", "执法", "土地", "社会组织",
        "会议", "科技", "发展改革",
    ),
    "static": (
        "机构职能", "机构设置", "内设机构", "领导信息", "领导分工", "领导简介", "政府领导",
        "公开指南", "政府信息公开指南", "信息公开指南", "公开制度", "政府信息公开制度",
        "信息公开制度", "年报", "政府信息公开年报", "信息公开年报", "依申请公开", "公开目录",
        "概况", "县情概况", "走进", "历史沿革", "行政区划", "联系我们", "网站地图",
        "法定主动公开内容", "标准目录", "工作机构", "政府机构", "负责人信息", "办事服务",
        "办事指南", "咨询投诉", "在线咨询", "县长信箱", "书记信箱", "信箱", "专题专栏",
        "专题", "未涉及领域", "便民服务", "政务服务", "互动交流", "招商环境",
    ),
}

# Columns that hold policy documents (政策文件 and their kin): doc.number_missing looks there.
POLICY_KEYWORDS = (
    "政策文件", "规范性文件", "政府文件", "政府办文件", "办公室文件", "部门文件", "其他文件",
    "政府令", "规章", "政策法规", "文件",
)
INTERPRETATION_KEYWORD = "解读"

_NOISE_RE = re.compile(r"[\s\u3000·•\-—_|/\\:：()（）\[\]【】<>《》\"'“”‘’]+")


def normalize_name(name: str | None) -> str:
    """A column name without spaces and punctuation, for matching."""
    return _NOISE_RE.sub("", name or "")


def _keyword_table() -> list[tuple[str, str]]:
    table = [(kw, cls) for cls, kws in KEYWORDS.items() for kw in kws]
    # Longest keyword first: the most specific keyword decides.
    return sorted(table, key=lambda item: -len(item[0]))


_TABLE = _keyword_table()
_CLASS_OF = dict(_TABLE)
_ALL_KEYWORDS = [kw for kw, _ in _TABLE]


def _override(name: str, url: str, overrides: Mapping[str, str]) -> str | None:
    if not overrides:  # the usual case: nothing to look up
        return None
    clean = normalize_name(name)
    for key in (url, name, clean):
        if key and key in overrides:
            return overrides[key]
    normalized = {normalize_name(k): v for k, v in overrides.items()}
    return normalized.get(clean)


def override_of(name: str | None, url: str, overrides: Mapping[str, str]) -> str | None:
    """The class (or "ignore") the user's overrides give the column, None when they say nothing."""
    return _override(name or "", url, overrides)


def _keyword_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for i, (keyword, _) in enumerate(_TABLE):
        if keyword and keyword not in automaton:
            automaton.add_word(keyword, i)  # its first place in the table
    automaton.make_automaton()
    return automaton


_KEYWORDS_AC = _keyword_automaton()


@lru_cache(maxsize=65536)
def classify_by_keyword(name: str) -> str | None:
    """The class of the longest taxonomy keyword contained in ``name``.

    The first keyword of the table (longest first) that the name contains: one Aho–Corasick
    pass finds every keyword it contains, the smallest table position wins.
    """
    clean = normalize_name(name)
    first = min((i for _, i in _KEYWORDS_AC.iter(clean)), default=None)
    return None if first is None else _TABLE[first][1]


@lru_cache(maxsize=65536)  # a portal's column names recur (each listing page, each run)
def classify_by_fuzzy(name: str, threshold: float = 75.0) -> str | None:
    """The class of the keyword most similar to the whole name (typos, near-synonyms)."""
    clean = normalize_name(name)
    if not clean:
        return None
    best = process.extractOne(clean, _ALL_KEYWORDS, scorer=fuzz.ratio, score_cutoff=threshold)
    if best is None:
        return None
    return _CLASS_OF[best[0]]


def fuzzy_classes(names: Iterable[str | None], threshold: float = 75.0,
                  chunk: int = 4096) -> dict[str, str | None]:
    """name -> :func:`classify_by_fuzzy` of it, for many names in a few batched rapidfuzz calls.

    ``process.cdist`` scores a block of names against every keyword in C; the first keyword with
    the highest score at or above ``threshold`` wins, as in ``extractOne``.
    """
    import numpy as np  # rapidfuzz's batch scorer returns numpy arrays

    wanted = sorted({n or "" for n in names})
    out: dict[str, str | None] = {}
    todo = []
    for name in wanted:
        clean = normalize_name(name)
        if clean:
            todo.append((name, clean))
        else:
            out[name] = None
    for start in range(0, len(todo), chunk):
        block = todo[start:start + chunk]
        scores = process.cdist([clean for _, clean in block], _ALL_KEYWORDS, scorer=fuzz.ratio,
                               score_cutoff=threshold, dtype=np.float64)
        best = scores.argmax(axis=1)
        for (name, _), row, i in zip(block, scores, best):
            out[name] = _CLASS_OF[_ALL_KEYWORDS[i]] if row[i] >= threshold else None
    return out


def classify_column(name: str | None, url: str = "", overrides: Mapping[str, str] | None = None,
                    fuzzy_threshold: float = 75.0,
                    fuzzy: Mapping[str, str | None] | None = None) -> str | None:
    """The update class of a column (see module docstring); None when unclassified or ignored.

    ``fuzzy``: :func:`fuzzy_classes` of the names asked about (same threshold), else computed here.
    """
    chosen = _override(name or "", url, overrides or {})
    if chosen is not None:
        return None if chosen == "ignore" else chosen
    found = classify_by_keyword(name or "")
    if found:
        return found
    if fuzzy is not None and (name or "") in fuzzy:
        return fuzzy[name or ""]
    return classify_by_fuzzy(name or "", fuzzy_threshold)


def is_ignored(name: str | None, url: str = "", overrides: Mapping[str, str] | None = None) -> bool:
    """True when the user's overrides switch the column off ("ignore")."""
    return _override(name or "", url, overrides or {}) == "ignore"


def validate_overrides(overrides: Mapping[str, str]) -> list[str]:
    """Messages for override values that are not a known class (empty when all are valid)."""
    return [f"{key} → {value}" for key, value in overrides.items()
            if value not in OVERRIDE_VALUES]


@lru_cache(maxsize=4096)  # a site has few column names, asked about for every page
def is_interpretation_column(name: str | None) -> bool:
    return INTERPRETATION_KEYWORD in normalize_name(name)


@lru_cache(maxsize=4096)  # a site has few column names, asked about for every page
def is_policy_column(name: str | None) -> bool:
    """True for columns that publish policy documents (not their interpretations)."""
    clean = normalize_name(name)
    if not clean or INTERPRETATION_KEYWORD in clean:
        return False
    return any(keyword in clean for keyword in POLICY_KEYWORDS)
