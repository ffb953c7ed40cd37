"""Spans of a text that are proper nouns, not typos: names of people and places, short quoted
terms, and words of the page's own site (its 机构/乡镇 lists and menus).

Statistical detectors "correct" what their dictionaries lack, and most of what they lack are
names. A position inside one of these spans is never reported by them. Every function here
does a bounded amount of work per character, so a text is handled in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
_POST_RE = re.compile("(?:{})[：:\\s]*".format("|".join(sorted(POSTS, key=len, reverse=True))))
_AFTER_RE = re.compile("|".join(AFTER))
# Three or more items of two or three characters separated by 、 or spaces: a list of names.
_NAME_LIST_RE = re.compile(r"[\u4e00-\u9fff]{2,3}"
                           r"(?:(?:、|[ \u3000]+)[\u4e00-\u9fff]{2,3}(?![\u4e00-\u9fff])){2,}")
# Village, township and street names: 王庄村, 岗王镇, 城关街道. City and county names stay
# checked: most are in the dictionary, and their typos (自台区, 赫峰市) are common.
# A short coined term in quotation marks: “三盼”, “放管服”. The formulation detector still
# checks quoted formulations; only statistical guesses leave them alone.
_QUOTED_RE = re.compile(r"[“‘「\"]([\u4e00-\u9fff]{2,4})[”’」\"]")
_PLACE_SUFFIX_RE = re.compile(r"村|乡|镇|屯|寨|街道|社区|居委会|组")
MAX_WORD = 8  # longest site word looked up


def protected(text: str, site_words: Iterable[str] | frozenset[str] = ()) -> set[int]:
    """Positions of ``text`` inside a name of a person or place, or inside a site word."""
    out: set[int] = set()
    for m in _POST_RE.finditer(text):
        out.update(range(m.end(), min(len(text), m.end() + NAME_LEN)))
    for m in _AFTER_RE.finditer(text):
        out.update(range(max(0, m.start() - NAME_LEN), m.start()))
    for m in _NAME_LIST_RE.finditer(text):
        out.update(range(m.start(), m.end()))
    for m in _QUOTED_RE.finditer(text):
        out.update(range(m.start(1), m.end(1)))
    for m in _PLACE_SUFFIX_RE.finditer(text):
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
