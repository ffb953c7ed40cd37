"""doc.disclosure_missing: a policy document that shows no 公开方式 / 公开属性."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import AuditContext, Finding, Setting, TextRule
from .policydocs import PolicyDoc, read_site
from .taxonomy import normalize_name

ATTRIBUTES = ("主动公开", "依申请公开", "不予公开", "不公开")
LABELS = ("公开方式", "公开属性", "公开形式", "公开类型", "公开范围")
# "(此件主动公开)", "（此件公开发布）", "此件不予公开" at the foot of a document
NOTE_RE = re.compile(
    r"[（(]?\s*此\s*件\s*(?:主\s*动\s*公\s*开|公\s*开\s*发\s*布|依\s*申\s*请\s*公\s*开|不\s*予\s*公\s*开)"
)


def metadata_disclosure(doc: PolicyDoc) -> str:
    """The 公开属性 the document's metadata gives, "" when none."""
    values = [doc.disclosure] + [str(v) for k, v in doc.fields.items() if normalize_name(k) in LABELS]
    for value in values:
        for attribute in ATTRIBUTES:
            if attribute in (value or ""):
                return attribute
    return ""


# NOTE_RE from its 此 on: a literal start the regex engine finds fast; it matches where NOTE_RE does
_NOTE_TAIL = re.compile(NOTE_RE.pattern[NOTE_RE.pattern.index("此"):])


def has_note(text: str) -> bool:
    """Whether ``note_disclosure(text)`` finds a 此件… line."""
    return _NOTE_TAIL.search(text or "") is not None


def note_disclosure(text: str) -> str:
    """The 此件… line of a document's text (without blanks or its opening bracket), "" when none."""
    note = NOTE_RE.search(text or "")
    return re.sub(r"\s", "", note.group(0)).strip("（(") if note else ""


class DocDisclosureMissing(TextRule):
    """Missing disclosure attribute: a policy document shows neither 公开方式 nor a 此件… line.

    What:
        政策文件类栏目中的文件，元数据（“公开方式”“公开属性”“公开形式”“公开范围”等）里没有
        主动公开、依申请公开或不予公开，正文中也没有“（此件主动公开）”“（此件公开发布）”等标注，
        即报告。
    Why:
        公开属性应在公文产生时同步确定；页面不标明公开属性，无法核对文件是否按其属性公开，
        也看不出源头认定制度是否落实。
    Basis:
        平政办发〔2020〕70号 二(二)4“在公文类政府信息产生过程中同步确定主动公开、不予公开、依申请公开的公开属性”
        （种子文件 002，C）；闽政办〔2020〕26号 三、7“文件起草时要明确公开属性”（种子文件 000，C）。
    Bad:
        《示范县人民政府关于…的通知》的信息公开元数据只有索引号、发布机构、文号，没有公开方式，
        正文末尾也没有“（此件主动公开）”。
    Good:
        元数据写“公开方式：主动公开”；或元数据没有该项，但正文末尾有“（此件主动公开）”。
    Fix:
        在信息公开元数据中补充“公开方式”（主动公开/依申请公开/不予公开），或在正文末尾按公文格式注明公开属性。
    """

    id = "doc.disclosure_missing"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "文件未标注公开属性"
    severity = "提示"
    scope = "page"
    basis = "平政办发〔2020〕70号 二(二)4“同步确定主动公开、不予公开、依申请公开的公开属性”；闽政办〔2020〕26号 三、7"
    basis_status = "C"
    settings = {"require_metadata_block": Setting(True, bool, "为真时只检查带有政府信息公开元数据块的文件页面。")}

    # A text rule (rules.base.TextRule): the engine hands it every page's text in one shared pass.
    def start_texts(self, ctx: AuditContext) -> None:
        # Without a metadata block the page is not a disclosure record (news in a policy column);
        # the text is looked at only when the metadata says nothing.
        self._docs = [doc for doc in read_site(ctx)[0]
                      if not (self.config["require_metadata_block"] and not (doc.fields or doc.doc_number))
                      and not metadata_disclosure(doc)]
        self._unsure = {doc.url for doc in self._docs}
        self._noted: set[str] = set()

    def read_text(self, ctx: AuditContext, page: dict) -> None:
        if page["url"] in self._unsure and has_note(page["text"]):
            self._noted.add(page["url"])

    def finish_texts(self, ctx: AuditContext) -> Iterator[Finding]:
        docs, noted = self._docs, self._noted
        self._docs, self._unsure, self._noted = [], set(), set()
        for doc in docs:
            if doc.url in noted:
                continue
            labels = "、".join(k for k in doc.fields) or "无"
            yield self.finding(
                ctx,
                url=doc.url,
                key=[doc.url],
                message=(
                    f"文件《{doc.title}》的页面没有标注公开属性（主动公开/依申请公开/不予公开），"
                    f"请在信息公开元数据中补充“公开方式”。"
                ),
                evidence=(
                    f"栏目：{doc.column or '未知'}；标题：{doc.title}；元数据项：{labels}；正文无“此件主动公开”等标注"
                ),
                data={"column": doc.column, "fields": sorted(doc.fields)},
            )
