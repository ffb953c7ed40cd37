"""Non-standard script in simplified official text: traditional characters and stray English.

《国家通用语言文字法》 makes the 规范汉字 (simplified characters) the standard for official
use; a traditional character pasted from another source (經驗 for 经验) or an English word left
in a Chinese sentence (…提高efficiency…) is a 用字不规范 error a clerk should fix.

Traditional → simplified uses OpenCC's phrase-aware t2s tables (opencc-python-reimplemented),
so words that keep a "traditional-looking" character in simplified Chinese (乾隆, 瞭望, 著作)
are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .common import Hit, make_hit

# A lower-case English word of 5+ letters wedged between Chinese characters or punctuation:
# acronyms (GDP, PM2.5), brands (App, WiFi) and URLs are capitalised, short or spaced.
FOREIGN_RE = re.compile(r"[\u4e00-\u9fff，。、；：“”（）] ?([a-z]{5,}) ?(?=[\u4e00-\u9fff，。、；：“”（）])")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _convertible() -> frozenset[str]:
    """Every character of every key of the t2s dictionaries: a segment with none of them is
    returned unchanged by the conversion, so it need not be converted."""
    cc = _t2s()
    cc.convert("")  # loads the dictionaries
    chars: set[str] = set()
    for group in cc._dict_chain_data:
        for _longest, _shortest, table in group:
            for key in table:
                chars.update(key)
    return frozenset(chars)


def _convert(text: str) -> str:
    """``OpenCC.convert(text)``, segment by segment as it does (it splits at punctuation and
    converts each piece alone), each distinct segment converted once: portal text repeats."""
    cc = _t2s()
    try:
        split = cc.split_chars_re.split
        _convertible()
    except AttributeError:  # another version of the package: no shortcut
        return cc.convert(text)
    return "".join(part if i % 2 else _convert_segment(part) for i, part in enumerate(split(text)))


@lru_cache(maxsize=200_000)
def _convert_segment(segment: str) -> str:
    if _convertible().isdisjoint(segment):
        return segment
    cc = _t2s()
    return cc._convert(segment, cc._dict_chain_data)


def traditional(text: str) -> list[Hit]:
    converted = _convert(text)
    if converted == text:
        return []
    if len(converted) != len(text):  # a phrase mapped to a different length: compare nothing
        return []
    hits, i = [], 0
    while i < len(text):
        if text[i] != converted[i]:
            j = i
            while j < len(text) and text[j] != converted[j]:
                j += 1
            # Show the whole word the characters sit in (two characters at least).
            start = i - 1 if j - i == 1 and i > 0 and "\u4e00" <= text[i - 1] <= "\u9fff" else i
            hits.append(make_hit(text, start, j, converted[start:j], "script"))
            i = j
        else:
            i += 1
    return hits


def foreign(text: str) -> list[Hit]:
    return [make_hit(text, m.start(1), m.end(1), "（改用规范汉字表述）", "script")
            for m in FOREIGN_RE.finditer(text)]


def check(text: str) -> list[Hit]:
    return traditional(text) + foreign(text)
