"""text.typo: suspected wrongly written characters (错别字) in titles and body text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Setting, Severity, TextRule

# What is checked per page, so hostile pages cost bounded time (the checker is superlinear in
# a sentence's length: a 200,000-character <title> took minutes): the first TITLE_CHARS of the
# title and the first TEXT_CHARS of the text (the crawler stores at most 20,000).
TITLE_CHARS = 1000
TEXT_CHARS = 20000
# A place name heading an authority's name in a link or menu: 示州市人民政府, 某县政务服务网.
_PLACE_HEAD = re.compile(r"^([\u4e00-\u9fff]{1,6}?[省市州县区旗盟])(?=人民政府|政府|政务服务|人大|政协|网上办事)")


class TextTypo(TextRule):
    """Typos: a wrongly written character or word in a page's title or body text.

    What:
        检查文章页的标题、正文、栏目列表中的条目标题（不含导航）和附件的文字，找出疑似错别字，每处给出原文片段、
        建议改法和上下文。五种检查方法：（1）公文常见错别字对照表（如“按装→安装”“布署→部署”
        “再接再励→再接再厉”；“截止→截至”只在“截止目前”“截止到X月”等表示时间的用法中报告）；
        （2）固定政治表述和机构名称（如“习近平新时代中国特色社会主义思想”“人民政府办公室”）
        写错一个字；（3）词频统计：按结巴分词的词频，把一个读音相同或相近（或字形易混）的字
        换掉后明显更通顺时报告（如“大数局产业”→“大数据”）；（4）字符统计：用公文语料（公开的
        公文纠错数据集、基层政务公开文件）训练的字符 n 元语言模型，加结巴词频，判断把一个字换成
        同音、近音、形近字或公文中常被写错的字后是否明显更通顺（如“人民很行”→“银行”）；
        （5）用字规范：简体文本中夹杂的繁体字
        （如“經驗”→“经验”，按 OpenCC 词组表转换，“乾隆”“瞭望”等规范词不报）和夹在中文句子中的
        英文单词（如“提高efficiency”）。同一页面同一错误只报告一次，
        每页最多报告 `max_per_page` 处；标题只检查前 1000 字、正文只检查前 20000 字，超出部分不检查。
        统计方法的同一猜测若在 `recurring_pages` 个以上页面原样出现，
        多为词典未收的地名、人名、项目名，不报告；同一页正文中原样出现两次以上的猜测也不报告。
        统计方法不改动人名和地名：职务、称谓之后（副局长王喆、行长 张三、王喆同志）、
        人名列表中（张三、李四、王五）、村镇街道社区名中的字，以及本网站菜单、栏目、链接文字中
        出现的名称（如本县机构和乡镇列表）。与固定表述差一个字但本身是正确常用说法的
        （“党和政府”之于“党委和政府”）不报告。
    Why:
        错别字，尤其是领导人姓名、国家机构名称、固定政治表述中的错别字，是政府网站检查和
        “我为政府网站找错”中最常见的问题之一；严重的可被认定为“严重表述错误”而单项否决，
        一般的在内容正确性上扣分。
    Basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：单项否决项“安全、泄密等严重问题”
        含“严重表述错误”，严重错别字（党和国家领导人姓名、国家机构名称、政治表述等）按此处理
        （criteria.md §1.2、§7，状态 C）；普查把超过 3 处严重错别字视为不合格（§7，状态 P）；
        一般错别字在扣分指标“内容正确性”中扣分的具体分值尚未读到（§1.3，状态 R），
        本规则因此标为“扣分”、依据状态 P。繁体字、外文词：《中华人民共和国国家通用语言文字法》
        第二条、第九条（国家机关以规范汉字为公务用字，状态 R）。
    Bad:
        正文“截止目前，已按装监控设备3台”（应为“截至”“安装”）；“深入学习贯彻习近平新时代中国特色
        社会主意思想”；“大力培育发展大数局产业”。
    Good:
        “申报截止日期为5月31日”（“截止”作“到期停止”讲是正确用法）；“按装修标准执行”
        （“按/装修”不是“按装”）；正确写出的固定表述和机构名称。
    Fix:
        逐条核对原文，确属错别字的在发布系统中改正并重新发布；统计方法给出的建议可能有误，
        改前请结合上下文判断。可在设置 `detectors` 中关闭某一检查方法。
    """

    id = "text.typo"
    title = "错别字"
    severity = Severity.DEDUCT
    scope = "page"
    basis = "国办秘函〔2019〕19号 单项否决·严重表述错误（严重错别字）；扣分指标·内容正确性"
    basis_status = "P"
    settings = {
        "max_per_page": Setting(20, int, "每个页面最多报告这么多处疑似错别字。"),
        "detectors": Setting(["confusion", "formulation", "statistical", "ngram", "script"], list,
                             "使用的检查方法：confusion（错别字对照表）、formulation（固定表述）、"
                             "statistical（词频统计）、ngram（字的 n 元语言模型）、script（繁体字和外文词）。"),
        "recurring_pages": Setting(2, int, "统计方法的同一猜测在这么多个以上页面原样出现时不报告（多为专名）。"),
    }
    deduction = Deduction(
        points=0.5, cap=5.0, status="暂定",
        clause="国办秘函〔2019〕19号 错别字 (严重错误为单项否决; 一般错别字分值暂定)")
    # Keep each page's checker result in the store for the next run (rules/typo/resultcache.py);
    # False: every page checked afresh and nothing stored (tests, benchmarks).
    keep_results = True

    # A text rule (rules.base.TextRule): the engine hands it every page's text in one shared
    # pass; the article pages among them are checked as they come, reported in URL order.
    def start_texts(self, ctx: AuditContext) -> None:
        from .typo.api import SentenceCache, check_text
        from .typo.resultcache import ResultCache

        cache = SentenceCache()  # boilerplate sentences are checked once per run
        self._detectors = list(self.config["detectors"])
        self._limit = int(self.config["max_per_page"])
        words = self._site_words(ctx)
        self._check = _with_site_words(check_text, words, cache)
        # unchanged pages of an earlier run are not checked again
        self.results = ResultCache(ctx.store.db.conn if self.keep_results else None,
                                   ctx.site["id"], ctx.run_id, self._detectors, words)
        self._articles: set[str] = set()
        self._found: list[tuple[str, list[Finding]]] = []  # article pages with findings

    def read_text(self, ctx: AuditContext, page: dict) -> None:
        if page["kind"] == "article":
            self._article(ctx, page["url"], page["title"], page["text"])

    def _article(self, ctx: AuditContext, url: str, title: str | None, text: str | None) -> None:
        self._articles.add(url)
        parts = [("标题", (title or "")[:TITLE_CHARS]), ("正文", (text or "")[:TEXT_CHARS])]
        hits = list(self._page(ctx, url, title or "", parts, self._detectors, self._limit, self._check))
        if hits:
            self._found.append((url, hits))

    def finish_texts(self, ctx: AuditContext) -> Iterator[Finding]:
        from .typo.api import GUESSING

        # the article pages without a text (the pass hands out texts): their titles
        for url, title in ctx.store.db.conn.execute(
                "SELECT url, title FROM pages WHERE run_id = ? AND kind = 'article' "
                "AND (text IS NULL OR text = '')", [ctx.run_id]).fetchall():
            self._article(ctx, url, title, "")
        found, self._found = self._found, []
        findings = [f for _, hits in sorted(found, key=lambda f: f[0]) for f in hits]
        findings += list(self._other_pages(ctx, self._articles))
        self._articles, self._check = set(), None
        self.results.save()  # before the first finding is yielded (the writer's transactions)
        # A statistical guess that recurs verbatim on several pages is almost always a local
        # proper noun the dictionary lacks (a place, a person, a project), not a typo.
        pages_per_guess: dict[tuple[str, str], set[str]] = {}
        for f in findings:
            if f.data["source"] in GUESSING:
                pages_per_guess.setdefault((f.data["evidence"], f.data["suggestion"]), set()).add(f.url)
        recurring = {k for k, pages in pages_per_guess.items()
                     if len(pages) >= int(self.config["recurring_pages"])}
        for f in findings:
            if f.data["source"] in GUESSING and (f.data["evidence"], f.data["suggestion"]) in recurring:
                continue
            yield f

    @staticmethod
    def _site_words(ctx: AuditContext) -> frozenset[str]:
        """Names the site itself uses: menu and list anchors (its 机构/乡镇 lists), column names
        and breadcrumbs. A statistical guess inside one of them is a name, not a typo."""
        import json

        from .typo.propernouns import site_words

        conn, run = ctx.store.db.conn, ctx.run_id
        # only the columns needed, as tuples (building a dict per link row was most of the cost)
        names: set[str] = {a for (a,) in conn.execute("SELECT DISTINCT anchor FROM links WHERE run_id = ?",
                                                      [run]) if a}
        names.update(n for (n,) in conn.execute("SELECT name FROM columns WHERE run_id = ?", [run]) if n)
        for (raw,) in conn.execute("SELECT DISTINCT breadcrumb FROM pages WHERE run_id = ? "
                                   "AND kind != 'article'", [run]):
            try:
                crumbs = json.loads(raw or "[]")
            except ValueError:
                crumbs = []
            if isinstance(crumbs, (list, dict)):  # what iterating it gave before
                names.update(c for c in crumbs if isinstance(c, str))
        # the place an authority's link names ("示州市人民政府" → 示州市) is the site's word too
        names.update([m.group(1) for m in map(_PLACE_HEAD.match, names) if m])
        return site_words(names)

    def _other_pages(self, ctx: AuditContext, seen_pages: set[str]) -> Iterator[Finding]:
        """What is not an article page: listing titles, attachment texts."""
        detectors, limit, check_text = self._detectors, self._limit, self._check
        conn = ctx.store.db.conn
        # Titles in listings whose article page was not fetched (or not as an article).
        for url, title, column_url in conn.execute(
                "SELECT url, title, column_url FROM column_items WHERE run_id = ? "
                "ORDER BY column_url, url", [ctx.run_id]):
            if url in seen_pages or not title:
                continue
            seen_pages.add(url)
            yield from self._page(ctx, url, title, [("列表标题", title[:TITLE_CHARS])],
                                  detectors, limit, check_text, target=column_url or "")
        # Attachment text (crawler/attachments.py): the finding points at the attachment.
        from .attachment_text import attachment_rows

        for row in attachment_rows(ctx):
            yield from self._page(ctx, row["url"], "", [("附件", row["text"])], detectors, limit,
                                  check_text, target=row["pages"][0] if row["pages"] else "")

    def _page(self, ctx, url, page_title, parts, detectors, limit, check_text, target=""):
        results = self.results.hits(parts, lambda text: check_text(text, detectors))
        found = [(where, text, hits) for (where, text), hits in zip(parts, results)]
        if not any(hits for _, _, hits in found):  # most pages
            return
        from .typo.api import GUESSING
        from .typo.propernouns import recurring

        done: set[tuple[str, str]] = set()
        # A guess the body repeats word for word is the page's own term or name.
        body = parts[-1][1]
        repeated = recurring(body, {h.evidence for _, _, hits in found for h in hits
                                    if h.source in GUESSING})
        for where, _text, hits in found:
            for hit in hits:
                if hit.source in GUESSING and hit.evidence in repeated:
                    continue
                key = (hit.evidence, hit.suggestion)
                if key in done:
                    continue
                if len(done) >= limit:
                    return
                done.add(key)
                shown = (page_title or url)[:100]
                yield self.finding(
                    ctx,
                    url=url,
                    target=target,
                    message=f"{_what(hit)}，请核对后更正（{where}，《{shown}》）。",
                    evidence=f"{where}：…{hit.context}…",
                    key=[url, hit.evidence, hit.suggestion],
                    data={"evidence": hit.evidence, "suggestion": hit.suggestion,
                          "source": hit.source, "context": hit.context, "where": where},
                )


def _what(hit) -> str:
    """What is wrong, in a sentence: a suggestion in brackets is advice, not a replacement word."""
    advice = hit.suggestion
    if advice.startswith("（") and advice.endswith("）"):
        return f"「{hit.evidence}」不规范，应{advice[1:-1]}"
    return f"「{hit.evidence}」疑为「{advice}」的错别字"


def _with_site_words(check_text, words: frozenset[str], cache=None):
    def check(text, detectors):
        return check_text(text, detectors, site_words=words, cache=cache)
    return check
