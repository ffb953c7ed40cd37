"""interpretation.unlinked: a document and its interpretation do not link to each other."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting, Severity, normalize_url
from .docmatch import Match, Page
from .docnumber import is_absent
from .policydocs import articles, document_index, documents, page_place
from .titles import looks_like_interpretation

METHOD_TEXT = {"number": "文号", "quoted": "书名号标题", "title": "标题相似"}


class InterpretationUnlinked(Rule):
    """Unlinked interpretation: a policy document and its interpretation lack mutual links.

    What:
        找出解读页面（所在栏目名称含“解读”，或页面标题、任何列表页上该页的条目标题含 解读/图解/一图读懂/
        答记者问/新闻发布会/问答），再在本站找到它所解读的文件：依次看解读标题中的文号、标题中的《》书名、
        与文件标题的相似度（rapidfuzz，阈值 title_threshold；文件标题去掉发文机关只比“关于”之后的部分，
        或比“印发”的文件名，所以“一图读懂《关于……》”“图解：……”“解读：……”“就《……》答记者问”等写法
        都能对上），以及正文开头（head_chars 字内）提到的文号和《》书名。找到后检查两个方向：
        (a) 文件页面是否有链接指向解读页面；(b) 解读页面是否有链接指向文件页面。缺哪个方向报哪个方向，
        两个方向都没有链接的报两条（文件页面一条、解读页面一条）。
        位于隐藏区块（display:none）中的链接默认不算（count_hidden_links）。所解读的文件不在本站的，不报告。
    Why:
        公众在文件页面应能直接看到解读，在解读页面应能直接查看原文；只发不链，解读就失去作用。
        检查通报中“解读未与原文双向关联”是常见扣分项。
    Basis:
        平政办发〔2020〕70号 二(二)6 健全解读回应工作机制：“应当设立政策解读专栏，汇总发布解读信息，
        并在文件和解读信息页面设置互相跳转链接，方便公众查看”（种子文件 002，状态 C）；
        国办发〔2019〕54号（十）“政策解读方案、解读材料与政策文件同步组织、同步审签、同步部署”（C）。
    Bad:
        《关于印发示范县城乡居民医疗保险实施办法的通知》页面没有“相关解读”链接；
        或其解读页面没有链接回文件原文；或文件页面的解读链接藏在 display:none 的区块里。
    Good:
        文件页面有“相关解读”链接指向解读，解读页面有“政策原文”链接指回文件；
        解读的是上级文件（本站没有该文件），不要求链接。
    Fix:
        在文件页面增加“相关解读”链接，在解读页面增加“政策原文/相关文件”链接，两者互相跳转；
        把隐藏的解读区块改为可见。
    """

    id = "interpretation.unlinked"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "文件与解读未互相关联"
    severity = Severity.DEDUCT
    scope = "page"
    basis = "平政办发〔2020〕70号 二(二)6“在文件和解读信息页面设置互相跳转链接”"
    basis_status = "C"
    settings = {
        "title_threshold": Setting(90, float, "解读标题与文件标题的相似度达到这个分数（0–100）才认为是同一文件。"),
        "count_hidden_links": Setting(False, bool, "为 true 时，隐藏区块（display:none）中的链接也算作已关联。"),
        "head_chars": Setting(300, int, "在解读正文开头这么多字内查找所解读文件的文号和书名。"),
    }
    deduction = Deduction(
        points=0.5, cap=5.0, status="P",
        clause="国办秘函〔2019〕19号 扣分指标·政策解读 (解读未与文件双向关联为扣分事由, criteria.md §1.3 C;"
               " 分值未找到, 暂定)")

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        interpretations, documents = self._pages(ctx)
        index = document_index(ctx, documents)  # interpretation.late's, on most sites
        threshold = float(self.config["title_threshold"])
        head_chars = int(self.config["head_chars"])
        for interp in interpretations:  # a text's head read when the titles match nothing, none kept
            match = index.match(ctx, interp, threshold, head_chars)
            if match:
                yield from self._check_pair(ctx, match, interp)

    # -- reading the crawl ------------------------------------------------------------
    def _pages(self, ctx: AuditContext) -> tuple[list[Page], list[Page]]:
        column_names = ctx.column_names()
        numbers = documents(ctx)
        pages = iter(articles(ctx))
        first = next(pages, None)
        listed = self._listed_titles(ctx) if first is not None else {}  # a site of listings only
        interps: list[Page] = []
        docs: dict[str, Page] = {}
        for row in itertools.chain([first] if first is not None else [], pages):
            interpretive, policy_column = page_place(ctx, row, column_names)
            page = Page(row["url"], row.get("title") or "", aliases=tuple(listed.get(row["url"], ())))
            if interpretive or any(looks_like_interpretation(t) for t in page.titles):
                interps.append(page)
            elif row["url"] in numbers or policy_column is not None:
                doc = numbers.get(row["url"], {})
                page.title = doc.get("title") or page.title
                page.doc_number = doc.get("doc_number") or ""
                docs[row["url"]] = page
        interp_urls = {p.url for p in interps}
        for url, doc in numbers.items():  # documents whose page row is missing
            if url not in docs and url not in interp_urls:
                docs[url] = Page(url, doc.get("title") or "", "", doc.get("doc_number") or "")
        return interps, list(docs.values())

    @staticmethod
    def _listed_titles(ctx: AuditContext) -> dict[str, list[str]]:
        """url -> the titles the site's listings give the page (any listing page, any column)."""
        out: dict[str, list[str]] = {}
        for url, title in ctx.store.db.conn.execute(
                "SELECT DISTINCT url, title FROM column_items WHERE run_id = ? "
                "AND COALESCE(title, '') != '' ORDER BY url, title", [ctx.run_id]):
            out.setdefault(url, []).append(title)
        return out

    def _link_state(self, ctx: AuditContext, source: str, target: str) -> str:
        """'visible', 'hidden' or 'none' for links from source to target."""
        variants = {target, normalize_url(target), normalize_url(target) + "/"}
        marks = ", ".join("?" for _ in variants)
        rows = ctx.store.db.conn.execute(
            f"SELECT hidden FROM links WHERE run_id = ? AND source_url = ? AND target_url IN ({marks})",
            [ctx.run_id, source, *variants]).fetchall()
        if any(not hidden for (hidden,) in rows):
            return "visible"
        return "hidden" if rows else "none"

    # -- reporting ----------------------------------------------------------------------
    def _check_pair(self, ctx: AuditContext, match: Match, interp: Page) -> Iterator[Finding]:
        doc = match.document
        for direction, source, target in (("doc_to_interp", doc, interp),
                                          ("interp_to_doc", interp, doc)):
            state = self._link_state(ctx, source.url, target.url)
            if state == "visible" or (state == "hidden" and self.config["count_hidden_links"]):
                continue
            yield self._finding(ctx, match, interp, direction, state)

    def _finding(self, ctx: AuditContext, match: Match, interp: Page, direction: str,
                 state: str) -> Finding:
        doc = match.document
        if direction == "doc_to_interp":
            source, target = doc, interp
            what = (f"文件“{doc.title}”的页面没有链接到它的解读“{interp.title}”，"
                    f"请在文件页面添加“相关解读”链接")
        else:
            source, target = interp, doc
            what = (f"解读“{interp.title}”的页面没有链接到所解读的文件“{doc.title}”，"
                    f"请在解读页面添加“政策原文”链接")
        if state == "hidden":
            what += "（页面中已有该链接，但位于隐藏区块 display:none 中，公众看不到，请改为可见）"
        number = f"，文号 {doc.doc_number}" if doc.doc_number and not is_absent(doc.doc_number) else ""
        clue = f"{METHOD_TEXT[match.method]} {match.clue}" + (
            f"（相似度 {match.score:.0f}）" if match.method != "number" else "")
        return self.finding(
            ctx,
            url=source.url,
            target=target.url,
            message=what + "。",
            evidence=f"文件：{doc.title}（{doc.url}{number}）；解读：{interp.title}（{interp.url}）；"
                     f"对应依据：{clue}；链接情况：{'隐藏' if state == 'hidden' else '无'}",
            key=[direction, source.url, target.url],
            data={"direction": direction, "document_url": doc.url, "interpretation_url": interp.url,
                  "method": match.method, "score": round(match.score, 1),
                  "hidden_link": state == "hidden"},
        )
