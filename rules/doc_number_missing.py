"""doc.number_missing: a policy document published without its 发文字号 (文号遗漏)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import ahocorasick

from .base import AuditContext, Deduction, Finding, Setting, Severity, TextRule
from .docnumber import check_number, is_absent, number_near, own_number
from .policydocs import articles_by_url, documents, page_head, page_text, page_texts
from .taxonomy import is_interpretation_column, is_policy_column
from .titles import document_keys, looks_like_interpretation, normalize_title, quoted_titles, title_core

RECENT_TEXTS = 64  # citing pages whose texts the Suggester keeps at a time


def search_terms(title: str) -> list[str]:
    """Strings another page would write when citing the document: its title and the title it 印发."""
    terms = [title.strip(), *quoted_titles(title)]
    inner = [k for k in document_keys(title) if k != title_core(title)]
    return [t for t in dict.fromkeys(terms + inner) if len(t) >= 6]


def cited_number(text: str, terms: list[str]) -> str | None:
    """A 文号 written right next to a citation of the document in ``text``."""
    for term in terms:
        start = text.find(term)
        while start != -1:
            end = start + len(term)
            if text[end:end + 1] == "》":
                end += 1
            if start and text[start - 1] == "《":
                start -= 1
            number = number_near(text, start, end)
            if number:
                return number
            start = text.find(term, end)
    return None


class Suggester:
    """Answers :meth:`DocNumberMissing.suggest` for many documents with one pass over the site.

    The documents are indexed by normalised title, and every page's text is scanned once with an
    Aho–Corasick automaton of all the search terms, so each document looks only at the pages that
    cite one of its terms (in URL order, as the one-document scan does).
    """

    def __init__(self, ctx: AuditContext, titles: list[str], *, scan: bool = True):
        """``scan``: read every text now; else the caller hands them to :meth:`read` (the
        engine's shared text pass) and calls :meth:`done` after the last."""
        wanted = {normalize_title(title) for title in titles}
        self.by_title: dict[str, list[tuple[str, str]]] = {}
        for other in sorted(documents(ctx).values(), key=lambda d: d["url"]):
            key = normalize_title(other.get("title"))
            if key in wanted and check_number(other.get("doc_number") or "").suggestion:
                self.by_title.setdefault(key, []).append((other["doc_number"], other["url"]))
        terms = sorted({t for title in titles for t in search_terms(title)})
        self.citing: dict[str, list[str]] = {t: [] for t in terms}  # term -> pages, by URL
        self.ctx = ctx  # the citing pages' texts are read again when a suggestion needs them
        self.recent: dict[str, str] = {}
        self.automaton = None
        if terms:
            self.automaton = ahocorasick.Automaton()
            for term in terms:
                self.automaton.add_word(term, term)
            self.automaton.make_automaton()
        if scan:
            for page in page_texts(ctx):
                self.read(page["url"], page["text"])
            self.done()

    def read(self, url: str, text: str) -> None:
        """One page's text: the terms it cites (pages in storage order, sorted by :meth:`done`)."""
        if self.automaton is None:
            return
        found = {term for _, term in self.automaton.iter(text)}
        if found:
            for term in found:
                self.citing[term].append(url)

    def done(self) -> None:
        """After the last :meth:`read`: each term's pages in URL order."""
        self.automaton = None
        for pages in self.citing.values():
            pages.sort()

    def _text(self, url: str) -> str:
        """A citing page's text; the last few remembered (documents cite the same pages)."""
        if url not in self.recent:
            if len(self.recent) >= RECENT_TEXTS:
                self.recent.pop(next(iter(self.recent)))
            self.recent[url] = page_text(self.ctx, url)
        return self.recent[url]

    def suggest(self, url: str, title: str) -> tuple[str, str] | None:
        for number, other in self.by_title.get(normalize_title(title), ()):
            if other != url:
                return number, other
        terms = search_terms(title)
        for term in terms:
            for page in self.citing.get(term, ()):
                if page == url:
                    continue
                number = cited_number(self._text(page), terms)
                if number:
                    return number, page
        return None


class DocNumberMissing(TextRule):
    """Missing document number: a policy document shows no 发文字号.

    What:
        政策文件类栏目（政策文件、县政府文件、规范性文件、部门文件等，按栏目名称或面包屑判断；解读栏目除外）
        中的文件，元数据的“文号/发文字号”为空或为“无”，正文开头 head_chars（默认 200）字内也看不到文号，
        即为文号遗漏。若本站其他页面引用同名文件时写明了文号（如“《…》（示政发〔2024〕7号）”），
        在提示中给出该文号供核对。
    Why:
        文号是查找、引用和核对公文的依据；文号遗漏会让公众无法确认文件的效力和出处。
    Basis:
        平政办发〔2020〕70号 二(三)7：“逐条块、逐栏目做好信息比对核查和整改完善工作，坚决避免出现错别字、
        文号遗漏等错误”（种子文件 002，状态 C）；发文字号为公文版头要素，GB/T 9704—2012 §7.2.5（C）。
    Bad:
        “县政府文件”栏目中的《示范县人民政府关于印发…的通知》，元数据“文号：无”，正文开头也没有文号。
    Good:
        元数据写有“示政发〔2024〕7号”；或元数据为空但正文开头写明了文号；或该信息在“工作动态”栏目中（不要求文号）。
    Fix:
        按文件原件在元数据“文号”栏补录发文字号，并核对正文版头；确无文号的文件（如部分会议纪要）
        应在元数据中说明。
    """

    id = "doc.number_missing"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "文号遗漏"
    severity = Severity.DEDUCT
    scope = "page"
    basis = "平政办发〔2020〕70号 二(三)7“坚决避免出现错别字、文号遗漏等错误”"
    basis_status = "C"
    settings = {
        "head_chars": Setting(200, int, "元数据没有文号时，在正文开头这么多字内查找文号。"),
    }
    deduction = Deduction(
        points=0.2, cap=2.0, status="暂定",
        clause="平政办发〔2020〕70号 二(三)7 文号遗漏 (地方文件; 分值暂定)")

    # A text rule (rules.base.TextRule): the engine hands it every page's text in one shared pass.
    def start_texts(self, ctx: AuditContext) -> None:
        self._names = column_names = ctx.column_names()
        self._missing_docs = [doc for doc in self._documents(ctx)
                              if self._in_scope(doc, column_names) and self._missing(ctx, doc)]
        self._suggester = (Suggester(ctx, [self._title(doc) for doc in self._missing_docs], scan=False)
                           if self._missing_docs else None)

    def read_text(self, ctx: AuditContext, page: dict) -> None:
        if self._suggester is not None:  # no document lacks its number: no text to look at
            self._suggester.read(page["url"], page["text"])

    def finish_texts(self, ctx: AuditContext) -> Iterator[Finding]:
        missing, suggester, column_names = self._missing_docs, self._suggester, self._names
        self._missing_docs, self._suggester, self._names = [], None, {}
        if suggester is None:
            return
        suggester.done()
        for doc in missing:
            yield self._finding(ctx, doc, column_names, suggester.suggest(doc["url"], self._title(doc)))

    @staticmethod
    def _documents(ctx: AuditContext) -> Iterator[dict]:
        """Each document row with its page's column, breadcrumb and title (page_*), by URL.

        One keyed look-up of the page per document: a join of the two views would have SQLite
        materialise every page of the run twice. The page's text is read where it is needed
        (:meth:`_missing`), not kept.
        """
        conn = ctx.store.db.conn
        shared = articles_by_url(ctx)  # most documents are article pages, already read
        for doc in sorted(documents(ctx).values(), key=lambda d: d["url"]):
            row = shared.get(doc["url"])
            page = ((row["column_url"], row["breadcrumb"], row["title"]) if row else
                    conn.execute("SELECT column_url, breadcrumb, title FROM pages "
                                 "WHERE run_id = ? AND url = ?", [ctx.run_id, doc["url"]]).fetchone())
            yield {**doc, **dict(zip(("page_column", "page_breadcrumb", "page_title"), page or (None,) * 3))}

    # -- judging ------------------------------------------------------------------------
    @staticmethod
    def _places(doc: dict, column_names: dict[str, str]) -> list[str]:
        try:
            crumbs = json.loads(doc.get("page_breadcrumb") or "[]")
        except ValueError:
            crumbs = []
        return [column_names.get(doc.get("page_column") or "", ""),
                *(c for c in crumbs if isinstance(c, str))]

    def _in_scope(self, doc: dict, column_names: dict[str, str]) -> bool:
        places = self._places(doc, column_names)
        title = doc.get("title") or doc.get("page_title") or ""
        if looks_like_interpretation(title) or any(is_interpretation_column(p) for p in places):
            return False
        return any(is_policy_column(p) for p in places)

    def _missing(self, ctx: AuditContext, doc: dict) -> bool:
        if not is_absent(doc.get("doc_number")):
            return False
        head = page_head(ctx, doc["url"], int(self.config["head_chars"]))
        return own_number(head) is None

    # -- suggesting ---------------------------------------------------------------------
    @staticmethod
    def _title(doc: dict) -> str:
        return doc.get("title") or doc.get("page_title") or "（无标题）"

    def suggest(self, ctx: AuditContext, url: str, title: str) -> tuple[str, str] | None:
        """(number, page) where another page of the site gives this document's 文号.

        One document, by scanning the site (the reference :class:`Suggester` must agree with).
        """
        wanted = normalize_title(title)
        for other in ctx.rows("documents", "url != ?", [url], order_by="url"):
            if normalize_title(other.get("title")) == wanted and check_number(
                    other.get("doc_number") or "").suggestion:
                return other["doc_number"], other["url"]
        terms = search_terms(title)
        for term in terms:
            for page in ctx.rows("pages", "url != ? AND instr(text, ?) > 0", [url, term],
                                 order_by="url"):
                number = cited_number(page.get("text") or "", terms)
                if number:
                    return number, page["url"]
        return None

    def _finding(self, ctx: AuditContext, doc: dict, column_names: dict[str, str],
                 found: tuple[str, str] | None) -> Finding:
        title = self._title(doc)
        column = column_names.get(doc.get("page_column") or "", "") or "政策文件"
        written = (doc.get("doc_number") or "").strip()
        shown = f"“{written}”" if written else "空"
        message = (f"文件《{title}》未标注发文字号（元数据文号为{shown}，正文开头也没有文号），"
                   f"请按原件补录文号。")
        data = {"column": column, "doc_number": written, "suggestion": None,
                "suggestion_source": None}
        if found:
            message += f"本站页面 {found[1]} 引用该文件时写作“{found[0]}”，可供核对。"
            data.update(suggestion=found[0], suggestion_source=found[1])
        return self.finding(
            ctx,
            url=doc["url"],
            message=message,
            evidence=f"栏目：{column}；标题：{title}；地址：{doc['url']}；元数据文号：{shown}；"
                     f"发布机构：{doc.get('publisher') or '无'}；发布日期：{doc.get('publish_date') or '无'}",
            key=[doc["url"]],
            data=data,
        )
