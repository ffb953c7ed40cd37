"""Disclosure metadata: <meta> tags and the visible 索引号/文号/发布机构… header block."""

from __future__ import annotations

import re

from lxml import etree

from .dates import parse_date
from .dom import text_of

_PAD = re.compile(r"[\s\u3000\u2003\u2002\u2009\xa0:：]+")
META_CANON = {k.lower(): k for k in (
    "ArticleTitle", "PubDate", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType",
    "ContentSource", "SiteName", "SiteDomain", "SiteIDCode", "Author", "Url", "Image", "Maketime",
    "i_columnid", "i_articleid")}
META_CANON.update({"keywords": "keywords", "description": "description"})

# normalised label -> metadata key
LABELS = {
    "索引号": "index_no", "信息索引号": "index_no",
    "文号": "doc_number", "发文字号": "doc_number", "文件编号": "doc_number", "发文文号": "doc_number",
    "文件文号": "doc_number",
    "发布机构": "publisher", "发文机关": "publisher", "发文机构": "publisher", "发文单位": "publisher",
    "成文日期": "written_date", "生成日期": "written_date", "发文日期": "written_date", "成文时间": "written_date",
    "发布日期": "publish_date",
    "公开方式": "disclosure",
    "主题分类": "topic", "信息分类": "topic", "组配分类": "topic", "分类": "topic", "主题类别": "topic",
    "标题": "title", "名称": "title", "文件名称": "title", "信息名称": "title",
}
DATE_KEYS = {"written_date", "publish_date"}
# labels that only count in the scanner (free text) together with the metadata labels
EXTRA_LABELS = ("统一编号", "登记号", "规范性文件登记号", "主题词", "有效性", "废止日期", "内容概述", "公开范围",
                "公开时限", "信息来源", "来源", "发布时间", "关键词", "时效", "公开形式", "所属机构", "体裁分类",
                "服务对象", "效力状态", "实施日期", "作者", "浏览次数", "点击数", "访问次数", "阅读次数", "字体大小",
                "字号", "视力保护", "责任编辑", "信息来源", "日期", "时间")
# labels that only end the value before them (a page's tool strip), never stored
STOP_LABELS = {"浏览次数", "点击数", "访问次数", "阅读次数", "字体大小", "字号", "视力保护"}
NONE_VALUES = {"无", "暂无", "-", "—", "/", "／", "空"}  # a 文号 shown as one of these: the page has none
ALL_LABELS = sorted(set(LABELS) | set(EXTRA_LABELS), key=len, reverse=True)
_SP = r"[\s\u3000\u2003\u2002\xa0]*"
_LABEL_ALT = "|".join(_SP.join(map(re.escape, label)) for label in ALL_LABELS)
# a known label followed by a colon (the free-text shapes: <li>索引号：…</li>, <p><strong>…</strong>：…)
_LABEL_COLON = re.compile(rf"(?<![\u4e00-\u9fff])({_LABEL_ALT}){_SP}[:：]")
_ANY_LABEL = re.compile(rf"(?:{_LABEL_ALT})")
_LABEL_ONLY = re.compile(rf"^{_SP}({_LABEL_ALT}){_SP}[:：]?{_SP}$")
# A two-digit year ("云政〔26〕4号", malformed but the page's own number) only in the brackets
# that mark a 文号; "（12）3号" in plain parentheses is too often something else.
DOC_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fff]{1,14}(?:[〔\[［【（(]\s*(?:19|20)\d{2}\s*[〕\]］】）)]|[〔\[［【]\s*\d{2}\s*[〕\]］】])"
    r"\s*第?\s*\d{1,5}\s*号")
# prose before a 文号 ("县政府办公室印发了示政办〔2026〕7号"): cut after the last such particle
_PROSE_CUT = re.compile(r"^.*[了的据照按经于在及与将对为把被等是]")
_NUMBER_TAIL = re.compile(r"(?:(?:19|20)\d{2}\s*[〕\]］】）)]|[〔\[［【]\s*\d{2}\s*[〕\]］】])\s*第?\s*\d{1,5}\s*号")
_INLINE_TAGS = {"b", "strong", "span", "label", "em", "i", "font", "a", "u", "br", "small", "sup", "sub"}


def norm_label(text: str) -> str:
    return _PAD.sub("", text or "")


def _clean_value(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u3000", " ").replace("\xa0", " ")).strip().lstrip(":：").strip()


def meta_tags(doc) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        name = m.get("name") or m.get("property")
        content = m.get("content")
        if not name or content is None:
            continue
        name = name.strip()
        key = META_CANON.get(name.lower(), name)
        if key not in out:
            out[key] = content.strip()
    return out


def _is_label_cell(text: str) -> bool:
    raw = text.strip()
    label = norm_label(raw)
    if not label or len(label) > 10:
        return False
    if label in LABELS or label in EXTRA_LABELS:
        return True
    return raw.endswith((":", "：")) and not re.search(r"\d", label)


def _add(fields: dict[str, str], label: str, value: str) -> None:
    if label and label not in fields and label not in STOP_LABELS:
        fields[label] = value


def _table_pairs(doc, fields: dict[str, str], budget: int = 120) -> None:
    rows = 0
    for tr in doc.iter("tr"):
        rows += 1
        if rows > budget:
            return
        cells = [c for c in tr if c.tag in ("td", "th")]
        if not cells or len(cells) > 8:
            continue
        if len(cells) >= 3 and all(c.tag == "th" for c in cells):
            continue  # the header row of a table of documents (序号 | 文号 | 标题), not a block
        texts = [text_of(c) for c in cells]
        i = 0
        while i < len(cells):
            t = texts[i]
            if len(t) < 40 and _is_label_cell(t) and i + 1 < len(cells) and not _is_label_cell(texts[i + 1]):
                _add(fields, norm_label(t), _clean_value(texts[i + 1]))
                i += 2
                continue
            if len(t) < 200 and _LABEL_COLON.search(t):
                _scan_text(t, fields)
            elif len(t) < 40 and _is_label_cell(t) and i + 1 < len(cells) and norm_label(texts[i + 1]) == "":
                _add(fields, norm_label(t), "")
            i += 1


def _dl_pairs(doc, fields: dict[str, str]) -> None:
    for dt in doc.iter("dt"):
        dd = dt.getnext()
        if dd is None or dd.tag != "dd":
            continue
        t = text_of(dt)
        if len(t) < 40 and _is_label_cell(t):
            _add(fields, norm_label(t), _clean_value(text_of(dd)))


def _scan_text(text: str, fields: dict[str, str]) -> None:
    """label：value label：value … in one short run of text."""
    matches = list(_LABEL_COLON.finditer(text))
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        _add(fields, norm_label(m.group(1)), _clean_value(text[m.end():end]))


_COLON_TEXT = etree.XPath("//body//text()[contains(., '：') or contains(., ':')]")
_BLOCK_TAGS = ("li", "p", "div", "td", "dd", "span")
_LABEL_TAGS = ("b", "strong", "label", "th", "em", "span", "font")


def _candidates(doc) -> list:
    """Elements near a colon: only they can hold label：value pairs (document order)."""
    out: list = []
    seen: set = set()
    for node in _COLON_TEXT(doc):
        el = node.getparent()
        for _ in range(3):
            if el is None:
                break
            if el not in seen:
                seen.add(el)
                out.append(el)
            el = el.getparent()
    return out


def _block_pairs(doc, fields: dict[str, str], skip: set) -> None:
    cands = _candidates(doc)
    for el in cands:
        if el.tag not in _BLOCK_TAGS or el in skip:
            continue
        if any((c.tag not in _INLINE_TAGS) for c in el if isinstance(c.tag, str)):
            continue
        text = text_of(el)
        if len(text) > 300 or not _LABEL_COLON.search(text):
            continue
        if el.tag in ("div", "td"):
            # a free line ("发布日期：… 来源：… 作者：…") is metadata with a block label and one more
            labels = [norm_label(m.group(1)) for m in _LABEL_COLON.finditer(text)]
            known = sum(1 for label in labels if label in LABELS)
            if known < 1 or len(set(labels) - STOP_LABELS) < 2:
                continue
        _scan_text(text, fields)
    # <b>label：</b><span>value</span> / <label>..</label><span>..</span> / <strong>label</strong>：value
    for el in cands:
        if el.tag not in _LABEL_TAGS or el in skip:
            continue
        t = text_of(el)
        if len(t) > 20 or not _LABEL_ONLY.match(t):
            continue
        label = norm_label(t)
        if label in fields:
            continue
        tail = (el.tail or "").strip()
        nxt = el.getnext()
        if norm_label(tail):
            _add(fields, label, _clean_value(tail))
        elif nxt is not None and nxt.tag in ("span", "em", "font", "a", "i", "td", "dd", "b"):
            _add(fields, label, _clean_value(text_of(nxt)))


_PAIR_LABEL_TAGS = ("label", "th", "dt", "span", "b", "strong", "em", "font", "div", "p", "td")
_PAIR_VALUE_TAGS = ("span", "em", "font", "div", "td", "dd", "p", "i", "b", "strong", "a", "input")


def _sibling_pairs(doc, fields: dict[str, str], skip: set) -> None:
    """``<label>成文日期</label><span>2020-03-17</span>``: a known label without a colon and the
    element after it (an empty one: the label shown with nothing after it)."""
    for el in doc.iter(*_PAIR_LABEL_TAGS):
        if el in skip or len(el) > 1:
            continue
        raw = text_of(el)
        if len(raw) > 16:
            continue
        label = norm_label(raw)
        if label in fields or label not in LABELS and label not in EXTRA_LABELS:
            continue
        nxt = el.getnext()
        if nxt is None or nxt.tag not in _PAIR_VALUE_TAGS or norm_label(el.tail or ""):
            continue
        value = nxt.get("value", "") if nxt.tag == "input" else text_of(nxt)
        if len(value) > 200 or _is_label_cell(value):
            continue
        _add(fields, label, _clean_value(value))


def has_labels(text: str) -> bool:
    """Cheap pre-check: does the page text contain any known metadata label at all?"""
    return _ANY_LABEL.search(text) is not None


def extract_fields(doc, skip: set) -> dict[str, str]:
    fields: dict[str, str] = {}
    _table_pairs(doc, fields)
    _dl_pairs(doc, fields)
    _block_pairs(doc, fields, skip)
    _sibling_pairs(doc, fields, skip)
    return fields


def metadata_from_fields(fields: dict[str, str]) -> dict[str, str]:
    md: dict[str, str] = {}
    for label, value in fields.items():
        key = LABELS.get(label)
        if key is None or key in md:
            continue
        if key in DATE_KEYS:
            iso = parse_date(value)
            if iso:
                md[key] = iso
            continue
        if value:
            md[key] = value  # "无" is kept as shown: it says the document has no number
    return md


_CITE_BEFORE = re.compile(
    r"根据|依据|按照|依照|参照|遵照|贯彻|落实|转发|详见|执行|收到|你[单局委办]|贵|引用|《|》|[（(]\s*$|"
    r"(?:采购|项目|招标|合同|批准|证书|许可)?编号|印发了"
)
_CITE_AFTER = re.compile(r"^\s*(?:文件|文|精神|规定|要求|的|等|和|、|）|\)|收悉|通知》|中|有关|号文)")


def doc_number_in_text(text: str, limit: int = 300) -> str | None:
    """The page's own 文号 near the start of the body text, or None.

    A number is the page's own when it stands alone; one the body cites is not: after
    根据/依据/按照/转发…, inside 《…》（…）, followed by 文件/精神/收悉 (a letter quoting the
    request it answers), or labelled as a 采购编号/项目编号."""
    head = (text or "")[:limit]
    if "号" not in head or not _NUMBER_TAIL.search(head):
        return None
    for m in DOC_NUMBER_RE.finditer(head):
        before = head[max(0, m.start() - 16):m.start()]
        raw = m.group(0)
        cut = _PROSE_CUT.search(raw)
        prose = raw[:cut.end()] if cut and cut.end() <= len(raw) - 8 else ""
        if _CITE_BEFORE.search(before + prose) or _CITE_AFTER.match(head[m.end():m.end() + 6]):
            continue
        number = re.sub(r"\s+", "", raw)
        cut = _PROSE_CUT.search(number)
        if cut and cut.end() <= len(number) - 8:
            number = number[cut.end():]
        return number
    return None
