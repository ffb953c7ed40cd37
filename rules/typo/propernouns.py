"""Spans of a text that are proper nouns, not typos: names of people and places, short quoted
terms, and words of the page's own site (its 机构/乡镇 lists and menus).

Statistical detectors "correct" what their dictionaries lack, and most of what they lack are
names. A position inside one of these spans is never reported by them. Every function here
does a bounded amount of work per character, so a text is handled in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import lm

# A post or role right before a name: 副局长王喆, 记者 张三, 责任编辑：李四.
POSTS = ("行长", "局长", "主任", "书记", "站长", "县长", "市长", "区长", "乡长", "镇长", "部长", "科长",
         "所长", "院长", "校长", "处长", "厅长", "主席", "委员", "常委", "干部", "队长", "组长",
         "经理", "董事长", "会长", "秘书长", "记者", "通讯员", "编辑", "审核", "作者", "撰稿", "摄影",
         "校对", "供稿", "联系人", "签发", "审签", "讲话人", "主持人", "村民", "群众", "老人",
         "同志", "先生", "女士")
# A word right after a name: 王喆同志, 张三等, 李四一行.
AFTER = ("同志", "先生", "女士", "等人", "一行", "主持", "强调", "指出", "表示", "讲话", "出席",
         "参加", "带队", "调研", "介绍")
NAME_LEN = 3
_POST_RE = re.compile("({})[：:\\s]*".format("|".join(sorted(POSTS, key=len, reverse=True))))
_AFTER_RE = re.compile("|".join(AFTER))
# Three or more items of two or three characters separated by 、 or spaces: a list of names.
_NAME_LIST_RE = re.compile(r"[\u4e00-\u9fff]{2,3}"
                           r"(?:(?:、|[ \u3000]+)[\u4e00-\u9fff]{2,3}(?![\u4e00-\u9fff])){2,}")
# Village, township and street names: 王庄村, 岗王镇, 城关街道. City and county names stay
# checked: most are in the dictionary, and their typos (自台区, 赫峰市) are common.
# A short coined term in quotation marks: “三盼”, “放管服”. The formulation detector still
# checks quoted formulations; only statistical guesses leave them alone.
_QUOTED_RE = re.compile(r"[“‘「\"]([\u4e00-\u9fff]{2,4})[”’」\"]")
# 组 is no place suffix: 组成, 组织, 工作组 are common words, and a 村民小组 is written 三组.
_PLACE_SUFFIX_RE = re.compile(r"村|乡|镇|屯|寨|街道|街|社区|居委会")
# A firm's name before its legal form: 中国一冶集团, 佳惠百货有限责任公司.
_FIRM_RE = re.compile(r"集团|(?:股份)?有限(?:责任)?公司")
FIRM_NAME_LEN = 4
# What may follow a place suffix inside one jieba word when the suffix still ends a name:
# 岗王镇政府, 王庄村委会, 城关街道办事处. Any other word the suffix starts (村民, 乡村振兴, 镇压)
# is a common word, not the end of a name.
_PLACE_TAILS = ("政府", "委会", "委员会", "两委", "党委", "支部", "办", "办事处")
# A dictionary word at least this frequent that ends in a place suffix is a common word (城乡,
# 农村, 城镇), not a place's name (王庄村 3, 城关镇 82).
COMMON_PLACE_WORD = 100
_WINDOW = 6  # characters each side of a suffix segmented to find its word
# A list whose items are mostly dictionary words at least this frequent lists things (提供、
# 摘录、复制、拍摄), not people.
COMMON_ITEM = 50
_OFFICE_ENDS = frozenset("局委办厅院部处科所站室队")  # 体育局、卫健委: offices, not people
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
MAX_WORD = 8  # longest site word looked up


def protected(text: str, site_words: Iterable[str] | frozenset[str] = ()) -> set[int]:
    """Positions of ``text`` inside a name of a person or place, or inside a site word."""
    out: set[int] = set()
    for m in _POST_RE.finditer(text):
        if _word_ends_at(text, m.start(1), m.end(1)):
            out.update(_chinese_after(text, m.end()))
    for m in _AFTER_RE.finditer(text):
        out.update(_chinese_before(text, m.start()))
    for m in _NAME_LIST_RE.finditer(text):
        if _lists_names(m.group()):
            out.update(range(m.start(), m.end()))
    for m in _QUOTED_RE.finditer(text):
        out.update(range(m.start(1), m.end(1)))
    for m in _FIRM_RE.finditer(text):
        out.update(_chinese_before(text, m.start(), FIRM_NAME_LEN))
    for m in _PLACE_SUFFIX_RE.finditer(text):
        if ends_a_name(text, m.start(), m.end()):
            out.update(range(max(0, m.start() - 3), m.start()))
    words = site_words if isinstance(site_words, (set, frozenset)) else frozenset(site_words)
    if words:
        lengths = sorted({len(w) for w in words if 2 <= len(w) <= MAX_WORD}, reverse=True)
        for i in range(len(text)):
            for k in lengths:
                if text[i:i + k] in words:
                    out.update(range(i, i + k))
                    break
    return out


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _chinese_after(text: str, at: int) -> range:
    """Up to NAME_LEN positions from ``at``, stopping at the first character that is not
    Chinese (书记、局长: what follows the comma is no name)."""
    end = at
    while end < min(len(text), at + NAME_LEN) and _is_cjk(text[end]):
        end += 1
    return range(at, end)


def _chinese_before(text: str, at: int, most: int = NAME_LEN) -> range:
    """Up to ``most`` positions before ``at``, stopping at a character that is not Chinese."""
    start = at
    while start > max(0, at - most) and _is_cjk(text[start - 1]):
        start -= 1
    return range(start, at)


def _lists_names(span: str) -> bool:
    """Whether a run of short items separated by 、 or spaces may list people: not when most of
    its items are common dictionary words (a list of verbs or offices)."""
    items = _CJK_RUN_RE.findall(span)
    common = sum(1 for item in items if lm.word_freq(item) >= COMMON_ITEM or item[-1] in _OFFICE_ENDS)
    return common * 2 < len(items)


def _word_ends_at(text: str, start: int, end: int) -> bool:
    """Whether jieba ends a word at ``end`` (segmenting a few characters each side), so the
    post ``text[start:end]`` is not the head of a longer word (委员会, 书记处)."""
    lo = max(0, start - _WINDOW)
    for _, s, e in lm.words(text[lo:min(len(text), end + _WINDOW)]):
        if s + lo < end < e + lo:
            return False
    return True


def ends_a_name(text: str, start: int, end: int) -> bool:
    """Whether the place suffix at ``text[start:end]`` ends a place's name, judged by the jieba
    word it sits in (segmenting a few characters each side): the suffix is a word of its own,
    or ends a rare word (王庄村), or starts a word of an office (镇政府); not inside a common word
    (城乡建设, 农村, 乡村振兴, 村民)."""
    lo = max(0, start - _WINDOW)
    for word, s, e in lm.words(text[lo:min(len(text), end + _WINDOW)]):
        s, e = s + lo, e + lo
        if s <= start < e:
            if s == start:
                return e <= end or word[end - start:] in _PLACE_TAILS
            return e == end and lm.word_freq(word) < COMMON_PLACE_WORD
    return True


_SITE_WORD_RE = re.compile(rf"^[\u4e00-\u9fff]{{2,{MAX_WORD}}}$")


def site_words(names: Iterable[str]) -> frozenset[str]:
    """Short all-Chinese names (menu and list anchors, column names) worth trusting as words."""
    out = set()
    for name in names:
        name = (name or "").strip()
        if _SITE_WORD_RE.match(name):
            out.add(name)
    return frozenset(out)


def recurring(text: str, spans: Iterable[str], times: int = 2) -> set[str]:
    """Those of ``spans`` written at least ``times`` times in ``text``: a guess the page repeats
    word for word is its own vocabulary (a name, a term), not a slip of the pen. One pass over
    the text whatever the number of spans."""
    wanted = {s for s in spans if s}
    if not wanted:
        return set()
    lengths = sorted({len(s) for s in wanted})
    seen: dict[str, int] = {}
    for i in range(len(text)):
        for k in lengths:
            piece = text[i:i + k]
            if piece in wanted:
                seen[piece] = seen.get(piece, 0) + 1
    return {s for s, n in seen.items() if n >= times}
