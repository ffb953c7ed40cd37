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
_LOWER_RE = re.compile(r"[a-z]{5}")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class _Changes:
    """Says at C speed whether the t2s conversion could change a text (built once from OpenCC's
    own dictionaries; OpenCC replaces each key it matches by its value, so a text holding no key
    whose value differs comes back unchanged).

    A key whose value differs is either one character (經), or a phrase holding such a
    character, or a phrase whose changed characters change only inside it (覆 of 反覆 → 反复;
    覆盖 stays): such a phrase is looked for at its changed characters, with look-arounds for
    the rest. Characters beyond the BMP (a few rare ones) would slow a character class down for
    every text, so they are looked for only in a text that has such a character.
    """

    def __init__(self, chain):
        chars: set[str] = set()
        phrases: dict[str, str] = {}
        for group in chain:
            for _longest, _shortest, table in group:
                for key, value in table.items():
                    value = value.split(" ")[0]
                    if value == key:
                        continue
                    if len(key) == 1:
                        chars.add(key)
                    else:
                        phrases.setdefault(key, value)
        inner: dict[str, str] = {}  # phrase of its own -> the characters it changes
        for key, value in phrases.items():
            if any(c in chars for c in key):
                continue  # found by its character already
            inner[key] = key if len(value) != len(key) else "".join(a for a, b in zip(key, value) if a != b)
        self.chars = _char_class(c for c in chars if ord(c) < 0x10000)
        self.astral = frozenset(c for c in chars if ord(c) >= 0x10000)
        # the phrases of their own, each found at a character it changes, the rest of it around
        # that character: every alternative starts with one of a handful of characters, so the
        # search is C-speed too (覆 is common, 反覆 is not)
        at: dict[str, set[str]] = {}  # a changed character -> what must stand around it
        for key, changed in inner.items():
            for j, c in enumerate(key):
                if c in changed:
                    at.setdefault(c, set()).add(_around(key, j))
        self.own = (re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(sorted(a))})" for c, a in sorted(at.items())))
                    if at else None)
        # one pass that rules out the whole script detector for most texts: none of these
        # characters, no lower-case letter (FOREIGN_RE), nothing beyond the BMP
        bmp = {c for c in chars if ord(c) < 0x10000} | {c for changed in inner.values() for c in changed}
        self.quick = re.compile("[" + "".join(re.escape(c) for c in sorted(bmp)) + "a-z\U00010000-\U0010ffff]")

    def may_change(self, text: str) -> bool:
        return bool(self.chars.search(text) or (self.own is not None and self.own.search(text))
                    or (self.astral and _ASTRAL_RE.search(text) and not self.astral.isdisjoint(text)))


def _around(phrase: str, j: int) -> str:
    """What must stand around the ``j``-th character of ``phrase`` (just matched) for the
    phrase to be there: a look-behind over it and what precedes it, a look-ahead over the rest."""
    before, after = phrase[:j + 1], phrase[j + 1:]
    return (f"(?<={re.escape(before)})" if j else "") + (f"(?={re.escape(after)})" if after else "")


@lru_cache(maxsize=1)
def _changes() -> _Changes | None:
    cc = _t2s()
    try:
        cc.convert("")  # loads the dictionaries
        changes = _Changes(cc._dict_chain_data)
    except (AttributeError, TypeError, ValueError, re.error):  # another version of the package
        return None
    return changes


@lru_cache(maxsize=1)
def _segment_re() -> re.Pattern | None:
    """A segment as OpenCC converts it: a maximal run of characters its ``split_chars_re`` does
    not split at (single characters, and runs of white space, all in the BMP)."""
    split = getattr(_t2s(), "split_chars_re", None)
    if split is None:
        return None
    seps = [c for c in map(chr, range(0x10000)) if split.fullmatch(c)]
    return re.compile("[^" + "".join(re.escape(c) for c in seps) + "]+")


def _convert(text: str) -> str:
    """``OpenCC.convert(text)``: only a text, and in it only the segments (OpenCC converts the
    pieces between its separators one by one), that the conversion could change are converted,
    each distinct segment once (portal text repeats)."""
    changes, segment = _changes(), _segment_re()
    if changes is None or segment is None:  # another version of the package: no shortcut
        return _t2s().convert(text)
    if not changes.may_change(text):
        return text
    may_change = changes.may_change
    return segment.sub(lambda m: _convert_segment(m.group()) if may_change(m.group()) else m.group(), text)


@lru_cache(maxsize=200_000)
def _convert_segment(segment: str) -> str:
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
    if _LOWER_RE.search(text) is None:  # C-speed: FOREIGN_RE needs five lower-case letters in a row
        return []
    return [make_hit(text, m.start(1), m.end(1), "（改用规范汉字表述）", "script")
            for m in FOREIGN_RE.finditer(text)]


def check(text: str) -> list[Hit]:
    changes = _changes()
    if changes is not None and changes.quick.search(text) is None:
        return []  # nothing t2s could change, no lower-case letter: most texts
    return traditional(text) + foreign(text)
