"""unit.page_missing: a department or 乡镇/街道 without its own disclosure page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .platform import columns, home_url, is_blank
from .site_entrances import target_state
from .taxonomy import normalize_name

LIST_WORDS = ("机构设置", "部门设置", "部门导航", "部门信息公开", "部门公开", "乡镇导航", "乡镇信息公开",
              "乡镇街道", "镇街导航", "工作部门", "工作机构", "机构职能")
_SPLIT = re.compile(r"[、，,；;：:\s。（）()【】\[\]/|]+")
_UNIT = re.compile(r"^[\u4e00-\u9fff]{1,16}?(?:局|委员会|办公室|镇人民政府|乡人民政府|街道办事处|镇|乡|街道)$")
_GENERIC = {"乡镇", "街道", "各乡镇", "镇街", "办公室", "县政府办公室", "委员会"}


def units_in_text(text: str) -> list[str]:
    """Unit names written as a list (县教育局、县农业农村局、城关镇…), in order, without duplicates."""
    out: list[str] = []
    for token in _SPLIT.split(text or ""):
        token = token.strip()
        if len(token) < 3 or token in _GENERIC or token.startswith(("各", "全县", "本")):
            continue
        if _UNIT.match(token) and token not in out:
            out.append(token)
    return out


def core_name(unit: str, county: str = "") -> str:
    """The part of a unit's name its page is named by: 示范县教育局 → 教育局, 城关镇人民政府 → 城关镇."""
    name = normalize_name(unit)
    for suffix, repl in (("人民政府", ""), ("街道办事处", "街道")):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)] + repl
    if county and name.startswith(county) and len(name) > len(county) + 1:
        name = name[len(county):]
    elif name[:1] in "县区市" and len(name) > 3:
        name = name[1:]
    return name


class UnitPageMissing(Rule):
    """Unit pages: each department and each 乡镇/街道 has its own disclosure page with content.

    What:
        单位名单取自站点设置 units（sites.toml 中的 units = [...]）；未设置时，取自网站的机构设置、部门导航、
        乡镇导航等页面（标题或所在栏目含 list_words 之一）正文中以顿号等分隔列出的单位名称
        （以 局、委员会、办公室、镇、乡、街道 结尾）。每个单位应有自己的公开页面：名称或栏目路径含该单位
        名称（去掉县名前缀和“人民政府”）的栏目，且其中至少一个栏目有信息。没有这样的栏目时，名单页面上以
        该单位名称为锚文本的链接（如部门导航链到部门子站）也算有页面，除非链接是断链。没有页面、页面下栏目
        全为空白或链接打不开的，各报告一条，指向列出该单位的页面（来自设置时指向首页）。
    Why:
        县级政府门户网站要集中发布本级政府部门和乡镇（街道）应主动公开的信息，为每个部门、每个乡镇（街道）
        设立公开页面，公众才能按单位查找。
    Basis:
        平政办发〔2020〕70号 二(三)7“县（市、区）政府信息公开平台要为辖区所有乡镇（街道）、政府部门分别设立公开页面”
        （种子文件 002，C）；明政办〔2020〕34号 三、(三)
        “确保县政府各工作部门、各乡（镇）人民政府都有专门的公开页面”（C）；
        国办发〔2019〕54号（七）（C）。
    Bad:
        机构设置页面列出“县教育局”，网站上没有任何教育局的栏目；或“北岭镇”的页面下只有空白栏目。
    Good:
        “各乡镇 > 城关镇动态”栏目有信息；“县农业农村局”页面下的“农业工作动态”栏目有信息。
    Fix:
        在政府信息公开平台为缺少页面的部门、乡镇（街道）开设公开页面，并发布其主动公开信息。
    """

    id = "unit.page_missing"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "部门或乡镇无公开页面"
    severity = "扣分"
    scope = "site"
    basis = (
        "平政办发〔2020〕70号 二(三)7“为辖区所有乡镇（街道）、政府部门分别设立公开页面”；明政办〔2020〕34号 三、(三)"
    )
    basis_status = "C"
    deduction = Deduction(
        points=0.5, cap=3.0, status="暂定", clause="平政办发〔2020〕70号 二(三)7 部门和乡镇公开页面 (分值暂定)"
    )
    settings = {
        "units": Setting([], list, "应有公开页面的部门和乡镇名单（不填时从网站的机构设置等页面读取）。"),
        "list_words": Setting(list(LIST_WORDS), list, "认作部门或乡镇名单页面的栏目名称。"),
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        cols = columns(ctx)
        county = self._county(ctx)
        units = self._units(ctx)
        names = [(normalize_name(c.get("name")), normalize_name(c.get("path")), c) for c in cols] if units else []
        for unit, source in units:
            core = core_name(unit, county)
            own = [c for name, path, c in names if core in name or core in path]
            if own:
                if any(not is_blank(c) for c in own if (c.get("kind") or "listing") == "listing"):
                    continue
                state, what, link = "blank", "公开页面下没有任何有信息的栏目", ""
            else:
                link = self._linked_page(ctx, source, unit, core)
                if link and target_state(ctx, link) != "broken":
                    continue  # the list links to the unit's page (a sub-site, or a page not crawled as a column)
                state = "broken" if link else "missing"
                what = "的公开页面链接打不开" if link else "没有自己的公开页面"
            yield self.finding(
                ctx, url=source, key=[core], target=link,
                data={"unit": unit, "state": state, "columns": [c["url"] for c in own]},
                message=f"“{unit}”{what}，请在政府信息公开平台为其设立公开页面并发布信息。",
                evidence=(f"单位：{unit}（名单来源：{source}）；"
                          f"匹配的栏目：{'、'.join(c.get('name') or '' for c in own) or '无'}"
                          + (f"；名单中的链接：{link}" if link else "")))

    @staticmethod
    def _linked_page(ctx: AuditContext, source: str, unit: str, core: str) -> str:
        """The page the unit list links to under the unit's name, "" when it does not link."""
        for row in ctx.rows("links", "source_url = ? AND COALESCE(hidden, 0) = 0", [source], order_by="target_url"):
            anchor = normalize_name(row.get("anchor"))
            if anchor and (anchor == normalize_name(unit) or anchor == core or core_name(anchor) == core):
                return row["target_url"]
        return ""

    @staticmethod
    def _county(ctx: AuditContext) -> str:
        name = normalize_name(ctx.site.get("name"))
        match = re.match(r"^(.+?[县区市旗])", name)
        return match.group(1) if match else ""

    def _units(self, ctx: AuditContext) -> list[tuple[str, str]]:
        configured = [str(u) for u in self.config["units"] or []]
        if configured:
            home = home_url(ctx)
            return [(u, home) for u in configured]
        words = [normalize_name(w) for w in self.config["list_words"]]
        found: dict[str, tuple[str, str]] = {}
        conn = ctx.store.db.conn
        # normalize_name drops characters one by one: name(title + " " + column) = name(title) + name(column)
        columns = {url: normalize_name(name) for url, name in ctx.column_names().items()}
        # Titles first (no text, no ORDER BY over the view): only the unit lists' text is read.
        lists = sorted(url for url, title, column_url in conn.execute(
            "SELECT url, title, column_url FROM pages WHERE run_id = ? AND kind IN ('article', 'other', 'nav')",
            [ctx.run_id])
            if _any_in(normalize_name(title) + columns.get(column_url or "", ""), words))
        for url in lists:
            (text,) = conn.execute("SELECT text FROM pages WHERE run_id = ? AND url = ?",
                                   [ctx.run_id, url]).fetchone()
            for unit in units_in_text(text or ""):
                found.setdefault(core_name(unit, self._county(ctx)), (unit, url))
        return list(found.values())


def _any_in(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)
