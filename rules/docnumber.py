"""The 发文字号 (文号) grammar of GB/T 9704—2012 §7.2.5, read leniently, and its faults.

Correct form: 机关代字 + 〔四位年份〕 + 序号 + 号, e.g. ``平政办发〔2020〕70号``: the year in
六角括号 〔〕, the sequence in Arabic digits without 虚位 (1, not 01) and without 第, no spaces.
政府令 numbers (``国务院令第711号``) follow their own form and are not judged. No Rule subclass here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ABSENT_VALUES = {"", "无", "暂无", "空", "/", "-", "—", "--", "——", "null", "none", "无文号"}

_OPEN = "〔(（\\[【［﹝{〈<「"
_CLOSE = "〕)）\\]】］﹞}〉>」"
_CN_DIGITS = "〇零一二三四五六七八九十百千"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# One 文号 on its own (the value of a metadata field), leniently.
_VALUE_RE = re.compile(
    rf"^(?P<agency>[^\d]*?)(?P<open>[{_OPEN}])?(?P<year>\d{{4}}|\d{{2}})(?P<close>[{_CLOSE}]|年)?"
    rf"(?P<di>第)?(?P<seq>\d+|[{_CN_DIGITS}]+)(?P<hao>号)?$")
# A 文号 mentioned in running text (bracketed year required, so dates do not match).
TEXT_NUMBER_RE = re.compile(
    rf"(?P<agency>[\u4e00-\u9fffA-Za-z]{{1,12}})\s*[{_OPEN}]\s*(?P<year>\d{{4}})\s*[{_CLOSE}]\s*"
    rf"第?\s*(?P<seq>\d{{1,5}})\s*号")
# Court-style numbers without a year: 字第36号.
_NO_YEAR_RE = re.compile(rf"^(?P<agency>[^\d{_OPEN}]+?)(?P<di>第)?(?P<seq>\d+)号$")
_ORDER_RE = re.compile(r"令\s*第?\s*\d+\s*号$")
_SPLIT_RE = re.compile(r"[;；,，、]")

FAULT_SPACE = "文号中不应有空格"
FAULT_FULLWIDTH = "数字应使用半角阿拉伯数字"
FAULT_BRACKET = "年份应使用六角括号〔〕"
FAULT_YEAR = "年份应为四位"
FAULT_DI = "不应加“第”字"
FAULT_PADDING = "序号不应编虚位"
FAULT_CN_SEQ = "序号应使用阿拉伯数字"
FAULT_HAO = "文号应以“号”结尾"
FAULT_AGENCY = "缺少机关代字"
FAULT_NO_YEAR = "缺少〔年份〕"
FAULT_UNREADABLE = "无法识别为“机关代字〔年份〕序号号”的格式"


@dataclass
class NumberCheck:
    """The verdict on one written 文号: its faults (empty when correct) and the corrected form."""

    value: str
    faults: list[str] = field(default_factory=list)
    suggestion: str = ""

    @property
    def ok(self) -> bool:
        return not self.faults


def is_absent(value: str | None) -> bool:
    """True when the field shows no number at all (empty, 无, a dash …)."""
    return (value or "").strip().lower() in ABSENT_VALUES


def split_numbers(value: str) -> list[str]:
    """A field may list several numbers (joint documents); each is judged on its own."""
    return [part.strip() for part in _SPLIT_RE.split(value) if part.strip()]


def chinese_to_int(text: str) -> int | None:
    """Chinese numerals up to 9999 (十二, 一百零五, 二〇) as an int."""
    units = {"十": 10, "百": 100, "千": 1000}
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    if all(c in digits for c in text):
        return int("".join(str(digits[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        elif char in units:
            total += (current or 1) * units[char]
            current = 0
        else:
            return None
    return total + current


def _bracket_faults(match: re.Match) -> list[str]:
    if match["open"] == "〔" and match["close"] == "〕":
        return []
    return [FAULT_BRACKET]


def _sequence(match: re.Match) -> tuple[int | None, list[str]]:
    seq = match["seq"]
    if not seq.isdigit():
        return chinese_to_int(seq), [FAULT_CN_SEQ]
    faults = [FAULT_PADDING] if len(seq) > 1 and seq.startswith("0") else []
    return int(seq), faults


def _unreadable_faults(compact: str) -> list[str]:
    no_year = _NO_YEAR_RE.match(compact)
    if not no_year:
        return [FAULT_UNREADABLE]
    return [FAULT_NO_YEAR, *([FAULT_DI] if no_year["di"] else [])]


def check_number(value: str) -> NumberCheck:
    """Judge one written 文号 against GB/T 9704—2012 §7.2.5 and suggest the corrected form."""
    value = (value or "").strip()
    if is_absent(value) or _ORDER_RE.search(value):
        return NumberCheck(value, [], value)
    faults: list[str] = []
    if re.search(r"[\s\u3000]", value):
        faults.append(FAULT_SPACE)
    if re.search(r"[０-９]", value):
        faults.append(FAULT_FULLWIDTH)
    compact = re.sub(r"[\s\u3000]", "", value).translate(_FULLWIDTH)
    match = _VALUE_RE.match(compact)
    if not match:
        return NumberCheck(value, [*faults, *_unreadable_faults(compact)], "")
    agency, year = match["agency"], match["year"]
    if not agency:
        faults.append(FAULT_AGENCY)
    faults += _bracket_faults(match)
    if len(year) == 2:
        faults.append(FAULT_YEAR)
        year = "20" + year
    if match["di"]:
        faults.append(FAULT_DI)
    seq, seq_faults = _sequence(match)
    faults += seq_faults
    if not match["hao"]:
        faults.append(FAULT_HAO)
    suggestion = f"{agency}〔{year}〕{seq}号" if seq is not None and agency else ""
    return NumberCheck(value, faults, suggestion if faults else value)


def looks_like_number(value: str) -> bool:
    """True when a value is meant as a 文号 (has 号 or a bracketed year), so it can be judged."""
    compact = re.sub(r"[\s\u3000]", "", value or "").translate(_FULLWIDTH)
    return "号" in compact or bool(re.search(rf"[{_OPEN}]\d{{2,4}}[{_CLOSE}]", compact))


# Words that precede a 文号 in prose but never belong to a 机关代字.
_LEAD_WORDS_RE = re.compile(r"^.*(?:的|和|及|与|或|根据|按照|依据|依照|关于|印发|执行|落实|贯彻|对|将|以)")


def _trimmed(match: re.Match) -> str:
    agency = match["agency"]
    cut = _LEAD_WORDS_RE.sub("", agency) or agency
    return match.group(0)[len(agency) - len(cut):]


def find_numbers(text: str | None) -> list[str]:
    """文号 mentioned in running text, as written (bracket variants included), without the
    words before them ("根据示政发〔2026〕1号" gives "示政发〔2026〕1号")."""
    return [_trimmed(m) for m in TEXT_NUMBER_RE.finditer(text or "")]


def number_parts(value: str) -> tuple[str, str, int] | None:
    """(机关代字, four-digit year, sequence) of a lenient 文号, or None."""
    compact = re.sub(r"[\s\u3000]", "", value or "").translate(_FULLWIDTH)
    match = _VALUE_RE.match(compact)
    if not match or not match["agency"]:
        return None
    year = match["year"] if len(match["year"]) == 4 else "20" + match["year"]
    seq, _ = _sequence(match)
    if seq is None:
        return None
    return match["agency"], year, seq


def same_number(a: str, b: str) -> bool:
    """Whether two written 文号 denote the same document.

    Year and sequence must be equal; one 机关代字 must end with the other, because a number
    read from running text may carry words before it ("县政府印发的平政办发").
    """
    pa, pb = number_parts(a), number_parts(b)
    if not pa or not pb or pa[1:] != pb[1:]:
        return False
    return pa[0].endswith(pb[0]) or pb[0].endswith(pa[0])


# A 文号 as a page's head shows it: a two-digit year is still a (malformed) number there.
_HEAD_NUMBER_RE = re.compile(
    rf"(?P<agency>[\u4e00-\u9fffA-Za-z]{{1,12}})\s*[{_OPEN}]\s*(?P<year>\d{{4}}|\d{{2}})\s*[{_CLOSE}]\s*"
    rf"第?\s*(?P<seq>\d{{1,5}})\s*号")
# words around a number the text cites (another office's document), not the page's own
_CITED_BEFORE = re.compile(r"(?:根据|按照|依据|依照|遵照|参照|贯彻|落实|转发|印发|执行|对照|结合|和|及|与|、|见)\s*$")
_CITED_AFTER = re.compile(r"^\s*(?:文件|精神|要求|规定|通知|意见|有关|的|等|和|及|与|、|[)）])")


def own_number(text: str | None) -> str | None:
    """The 文号 a page shows as its own (its 版头 or a standalone line), or None.

    A number the text cites is not the page's own: one after 根据/按照/贯彻/转发 …, before
    文件/精神/要求 …, inside 《…》 or after a title in brackets ("《…》（国办发〔2020〕42号）").
    """
    text = text or ""
    for m in _HEAD_NUMBER_RE.finditer(text):
        number = _trimmed(m)
        start = m.end() - len(number)
        if number != m.group(0) and _LEAD_WORDS_RE.match(m["agency"]):
            continue  # "根据示政发〔…〕" inside the agency match
        before = text[max(0, start - 10):start]
        if _CITED_BEFORE.search(before) or _CITED_AFTER.match(text[m.end():m.end() + 6]):
            continue
        if text.count("《", 0, start) > text.count("》", 0, start) or re.search(r"》\s*[（(]\s*$", before):
            continue
        return number
    return None


def has_number(text: str | None) -> bool:
    """Whether a text shows any 文号 (bracketed-year form or a 令第N号 order number)."""
    return bool(TEXT_NUMBER_RE.search(text or "") or re.search(r"令\s*第\s*\d+\s*号", text or ""))


def number_near(text: str, start: int, end: int, window: int = 40, gap: int = 2) -> str | None:
    """The 文号 written right after text[start:end] (as in "《…》（示政发〔2026〕1号）", at most
    ``gap`` characters in between) or directly before it ("示政发〔2026〕1号《…》")."""
    after = TEXT_NUMBER_RE.search(text[end:end + window])
    if after and after.start() <= gap:
        return _trimmed(after)
    segment = text[max(0, start - window):start]
    before = [m for m in TEXT_NUMBER_RE.finditer(segment) if not segment[m.end():].strip()]
    return _trimmed(before[-1]) if before else None
