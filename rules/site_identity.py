"""site.identity: the home page footer lacks a required identity element (网站标识)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.extract.footer import FOOTER_KEY, MARKS_KEY

from .base import AuditContext, Deduction, Finding, Rule, Setting, normalize_url

_CODE = re.compile(r"(?:网站)?标识码\s*[:：]?\s*((?:bm)?\d{8,10})", re.I)
_ICP = re.compile(r"ICP\s*(?:备|证)\s*(?:案号|号)?\s*[:：]?\s*[\u4e00-\u9fff]?\s*(?:ICP\s*备)?\s*\d{5,}")
_GONGAN = re.compile(r"公网安备\s*\d{8,}")
# 主办单位：X, X主办, or the owner named in a copyright line (X 版权所有), which names the same unit
_HOST = re.compile(r"主办\s*(?:单位)?\s*[:：]|[\u4e00-\u9fff]{2,}主办|[\u4e00-\u9fff]{4,}\s*版权所有")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-－—]?\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_CONTACT_WORD = re.compile(r"联系我们|联系方式|联系电话|电子邮箱|邮箱")
_CONAC = re.compile(r"conac\.cn|_ideConac|党政机关", re.I)
_JIUCUO = re.compile(r"jiucuo|kaipuyun|找错|纠错", re.I)


@dataclass(frozen=True)
class Element:
    key: str
    name: str  # Chinese, as shown in findings
    fix: str


ELEMENTS = (
    Element(
        "site_code",
        "网站标识码",
        '在首页底部显示“网站标识码：XXXXXXXXXX”（10位），并在页面 <meta name="SiteIDCode"> 中写入同一标识码',
    ),
    Element("icp", "ICP备案编号", "在首页底部显示 ICP 备案编号（如“闽ICP备XXXXXXXX号”）并链接工业和信息化部备案系统"),
    Element(
        "gongan",
        "公安机关备案标识",
        "在首页底部显示公安机关备案号（“X公网安备 XXXXXXXXXXXXXX号”）并链接全国互联网安全管理服务平台",
    ),
    Element(
        "conac",
        "党政机关网站标识",
        "在首页底部放置党政机关网站标识（红色“党政机关”图标，链接 bszs.conac.cn 的网站信息页）",
    ),
    Element("host", "网站主办单位", "在首页底部写明“主办单位：XX县人民政府办公室”"),
    Element("contact", "联系方式", "在首页底部提供联系电话、电子邮箱或“联系我们”页面"),
    Element(
        "jiucuo", "“我为政府网站找错”入口", "在首页底部加入“我为政府网站找错”监督举报入口（国办统一提供的纠错代码）"
    ),
)


class SiteIdentity(Rule):
    """Site identity: the home page shows the identity elements every government website must show.

    What:
        检查首页底部（页脚区块及页面末尾文字，以及页面中的标识图片、链接和脚本）是否有：
        网站标识码（与登记的网站标识码一致，且与 <meta name="SiteIDCode"> 一致）、ICP 备案编号、
        公安机关备案号（公网安备）、党政机关网站标识（链接 bszs.conac.cn 的图标或其加载脚本）、
        网站主办单位（“主办单位：”“X主办”，或版权行“X 版权所有”写明的单位）、
        联系方式（电话、邮箱或“联系我们”），以及“我为政府网站找错”入口
        （国办纠错代码 jiucuo.js / jiucuo.html，或“找错”“纠错”链接）。每缺一项（或标识码不一致）
        报告一条，结论页面为首页；各项可在设置 `elements` 中关闭。首页未能读取（出错、4xx/5xx）
        或读不到任何文字时不作判断。
    Why:
        这些要素说明网站是谁开办、经过备案和认证，是公众辨别真假政府网站、反映问题的依据；
        检查和日常监测逐项核对。
    Basis:
        国办发〔2017〕47号《政府网站发展指引》：政府网站页面底部标注党政机关网站标识、
        网站主办单位、联系方式、网站标识码、ICP 备案编号、公安机关备案标识，并加入
        “我为政府网站找错”入口（该条原文措辞未核实，状态 R；监测平台逐项检查这 7 项、
        真实网站页脚均有这些要素，状态 C；网站标识码格式与 SiteIDCode 元数据，状态 C；
        合计按 P）。
    Bad:
        首页底部只有“主办单位：示范县人民政府办公室 网站标识码：3599000001 闽ICP备20260001号”，
        没有公网安备号、党政机关网站标识和找错入口；或底部标识码与登记的标识码不同。
    Good:
        首页底部依次显示党政机关网站标识、主办单位、联系电话、网站标识码、ICP 备案编号、
        公网安备号和“我为政府网站找错”图标，标识码与 SiteIDCode 一致。
    Fix:
        按《政府网站发展指引》在首页（及全站页脚模板）底部补齐缺少的要素，标识码与登记和
        元数据保持一致。
    """

    id = "site.identity"
    title = "网站标识要素缺失"
    severity = "扣分"
    scope = "site"
    basis = ("国办发〔2017〕47号《政府网站发展指引》：页面底部标注党政机关网站标识、主办单位、"
             "联系方式、网站标识码、ICP备案编号、公安机关备案标识及“我为政府网站找错”入口")
    basis_status = "P"
    deduction = Deduction(
        points=0.5,
        cap=3.0,
        status="暂定",
        clause="国办发〔2017〕47号 网站标识要素 (原文措辞 R); 扣分指标·功能设计 (分值未找到, 暂定)",
    )
    settings = {
        "elements": Setting(
            [e.key for e in ELEMENTS],
            list,
            "检查的网站标识要素：site_code、icp、gongan、conac、host、contact、jiucuo。",
        )
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        home = self._home(ctx)
        if home is None or home.get("error") or not 200 <= int(home.get("status") or 200) < 400:
            return  # the home page was not read: nothing to judge (link checks report it)
        meta = _json(home.get("meta"))
        footer = meta.get(FOOTER_KEY) or home.get("text") or ""
        if not footer.strip():
            return  # nothing readable on the page (a script-only shell): judged by hand
        marks = meta.get(MARKS_KEY) or ""
        links = "\n".join(f"a {r['target_url']} {r.get('anchor') or ''}" for r in
                          ctx.rows("links", "source_url = ?", [home["url"]], order_by="target_url")
                          if _identity_link(r))
        wanted = set(self.config["elements"])
        problems = identity_problems(footer, marks + "\n" + links, meta.get("SiteIDCode") or "",
                                     ctx.site.get("site_code") or "")
        for element in ELEMENTS:
            if element.key in wanted and element.key in problems:
                yield self._finding(ctx, home["url"], element, problems[element.key], footer)

    @staticmethod
    def _home(ctx: AuditContext) -> dict | None:
        start = normalize_url(ctx.site.get("start_url") or "")
        rows = list(ctx.rows("pages", "kind = 'home' OR url = ? OR url = ?",
                             [start, start + "/"], order_by="url"))
        for row in rows:
            if normalize_url(row["url"]) == start:
                return row
        return rows[0] if rows else None

    def _finding(self, ctx: AuditContext, url: str, element: Element, problem: str,
                 footer: str) -> Finding:
        shown = footer[-300:] if footer else "（首页底部未读到文字）"
        return self.finding(
            ctx,
            url=url,
            title=f"{self.title}：{element.name}",
            message=f"首页{problem}。请{element.fix}。",
            evidence=f"首页底部文字：…{shown}",
            key=[url, element.key],
            data={"element": element.key, "problem": problem},
        )


_LINK_URL = re.compile(r"conac|jiucuo|kaipuyun|beian", re.I)
_LINK_TEXT = re.compile(r"党政机关|找错|纠错|联系我们")
SHORT_ANCHOR = 10  # a badge or footer link, not a headline that happens to say 党政机关


def _identity_link(row: dict) -> bool:
    anchor = row.get("anchor") or ""
    return bool(_LINK_URL.search(row.get("target_url") or "")
                or (len(anchor) <= SHORT_ANCHOR and _LINK_TEXT.search(anchor)))


def _json(raw) -> dict:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def identity_problems(footer: str, marks: str, meta_code: str = "", site_code: str = "") -> dict[str, str]:
    """element key -> what is wrong with it (Chinese), for the elements that fail."""
    out: dict[str, str] = {}
    codes = [c for c in _CODE.findall(footer)]
    shown = codes[0] if codes else ""
    if not shown:
        out["site_code"] = "底部未显示网站标识码"
    elif site_code and shown.lower() != site_code.strip().lower():
        out["site_code"] = f"底部显示的网站标识码 {shown} 与登记的网站标识码 {site_code} 不一致"
    elif meta_code and shown.lower() != meta_code.strip().lower():
        out["site_code"] = f"底部显示的网站标识码 {shown} 与页面元数据 SiteIDCode（{meta_code}）不一致"
    elif not meta_code:
        out["site_code"] = f"页面的 SiteIDCode 元数据缺失或为空（底部显示的网站标识码为 {shown}）"
    if not _ICP.search(footer):
        out["icp"] = "底部未显示 ICP 备案编号"
    if not (_GONGAN.search(footer) or "beian.gov.cn" in marks):
        out["gongan"] = "底部未显示公安机关备案号（公网安备）"
    if not _CONAC.search(marks):
        out["conac"] = "未放置党政机关网站标识"
    if not _HOST.search(footer):
        out["host"] = "底部未写明网站主办单位"
    if not (_PHONE.search(footer) or _EMAIL.search(footer) or _CONTACT_WORD.search(footer)
            or "联系我们" in marks):
        out["contact"] = "底部未提供联系方式"
    if not (_JIUCUO.search(marks) or "找错" in footer):
        out["jiucuo"] = "未设置“我为政府网站找错”入口"
    return out
