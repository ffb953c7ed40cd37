"""The shared text pass (rules.base.TextRule): the engine reads every page's text once and hands it
to each text rule; a text rule that raises, on a page or after the last, is isolated like a rule
whose check raises (its findings taken back, the others go on, the run says which failed)."""

from __future__ import annotations

from datetime import date

from audits import engine
from findings.records import rule_failures
from rules.base import AuditContext, Rule, TextRule
from tests.audits.ruledoc import documented

HOME = "http://s1.example.gov.cn/"
URLS = [f"{HOME}a/{i}.html" for i in range(7)]
calls: dict[str, list[str]] = {}


class _Doc(Rule):
    __doc__ = documented('Doc.')

    title = "t"
    severity = "提示"
    scope = "page"
    basis = "b"


class _Reader(_Doc, TextRule):
    """Reports every page it was handed, once per time it was handed."""

    id = "text.expression"

    def start_texts(self, ctx):
        calls.setdefault(self.id, [])

    def read_text(self, ctx, page):
        calls[self.id].append(page["url"])

    def finish_texts(self, ctx):
        for i, url in enumerate(calls[self.id]):
            yield self.finding(ctx, url=url, message=page_message(url), evidence="", key=[url, str(i)])


def page_message(url: str) -> str:
    return "见到 " + url.rsplit("/", 1)[-1]


class _Second(_Reader):
    id = "privacy.exposed"
    shared_reads = True  # starts before the shared reads go: the pass is still one


class _BreaksOnThirdPage(_Reader):
    id = "doc.number_missing"

    def read_text(self, ctx, page):
        super().read_text(ctx, page)
        if len(calls[self.id]) == 3:
            raise ValueError("boom on a page")


class _BreaksWhileReporting(_Reader):
    id = "doc.disclosure_missing"

    def finish_texts(self, ctx):
        for n, found in enumerate(super().finish_texts(ctx)):
            if n == 5:
                raise RuntimeError("boom while reporting")
            yield found


class _Plain(_Doc):
    id = "column.blank"

    def check(self, ctx):
        yield self.finding(ctx, url=HOME, message="普通规则", evidence="", key=[HOME])


def _run(store, h, monkeypatch, rules):
    sid = store.upsert_site(name="示范县", start_url=HOME, host="s1.example.gov.cn")
    run_id = h.add_run(store, sid, [], pages=[HOME])
    store.insert_rows("pages", [{"run_id": run_id, "site_id": sid, "url": u, "final_url": u, "status": 200,
                                 "kind": "article", "title": f"第{i}篇", "text": f"正文{i}", "depth": 1}
                                for i, u in enumerate(URLS)])
    reads = []
    texts = AuditContext.texts

    def counted(ctx):
        reads.append(ctx.run_id)
        return texts(ctx)

    monkeypatch.setattr(AuditContext, "texts", counted)
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    calls.clear()
    outcome = engine.run_rules(store, run_id, as_of=date(2026, 11, 20))
    found = {}
    for f in outcome.findings:
        found.setdefault(f.rule, []).append(f.url)
    return run_id, outcome, found, reads


def test_every_text_rule_sees_every_text_once_from_one_read(store, h, monkeypatch):
    run_id, outcome, found, reads = _run(store, h, monkeypatch, (_Reader, _Plain, _Second))
    assert reads == [run_id]  # the run's texts were read once, for both text rules
    for rule in ("text.expression", "privacy.exposed"):
        assert sorted(calls[rule]) == sorted(URLS)  # each page once (the home page has no text)
        assert sorted(found[rule]) == sorted(URLS)
    assert found["column.blank"] == [HOME] and outcome.failed == {}


def test_a_text_rule_that_raises_on_a_page_is_isolated(store, h, monkeypatch):
    run_id, outcome, found, reads = _run(store, h, monkeypatch, (_Reader, _BreaksOnThirdPage, _Plain, _Second))
    assert set(outcome.failed) == {"doc.number_missing"} and "boom on a page" in outcome.failed["doc.number_missing"]
    assert len(calls["doc.number_missing"]) == 3  # not handed another page after it raised
    assert "doc.number_missing" not in found  # nothing of it stored
    for rule in ("text.expression", "privacy.exposed"):  # the others read every page and reported
        assert sorted(calls[rule]) == sorted(URLS) and sorted(found[rule]) == sorted(URLS)
    assert found["column.blank"] == [HOME]
    assert set(rule_failures(store, run_id)) == {"doc.number_missing"}  # the verdict says 未完成


def test_a_text_rule_that_raises_while_reporting_leaves_none_of_its_findings(store, h, monkeypatch):
    run_id, outcome, found, reads = _run(store, h, monkeypatch, (_BreaksWhileReporting, _Reader))
    assert set(outcome.failed) == {"doc.disclosure_missing"}
    assert "doc.disclosure_missing" not in found  # the five it had yielded were taken back
    assert sorted(found["text.expression"]) == sorted(URLS)
    assert len(outcome.findings) == len(URLS)


def test_a_text_rule_run_alone_reads_the_texts_itself(store, h, monkeypatch):
    """check() (fixtures, one rule) runs the same three steps over the run's texts."""
    sid = store.upsert_site(name="示范县", start_url=HOME, host="s1.example.gov.cn")
    run_id = h.add_run(store, sid, [], pages=[HOME])
    store.insert_rows("pages", [{"run_id": run_id, "site_id": sid, "url": u, "final_url": u, "status": 200,
                                 "kind": "article", "title": "t", "text": "x", "depth": 1} for u in URLS])
    calls.clear()
    ctx = AuditContext(store=store, run_id=run_id, site=store.site(sid), as_of=date(2026, 11, 20), settings={})
    assert sorted(f.url for f in _Reader().check(ctx)) == sorted(URLS)


class _BreaksAtStart(_Reader):
    id = "doc.number_missing"

    def start_texts(self, ctx):
        super().start_texts(ctx)
        raise KeyError("boom at the start")


class _BreaksAtFinish(_Reader):
    id = "doc.disclosure_missing"

    def finish_texts(self, ctx):  # not a generator: raises when called
        raise LookupError("boom at the finish")


def test_a_text_rule_that_raises_before_the_first_page_or_at_its_finish_is_isolated(store, h, monkeypatch):
    run_id, outcome, found, reads = _run(store, h, monkeypatch, (_BreaksAtStart, _Reader, _BreaksAtFinish))
    assert set(outcome.failed) == {"doc.number_missing", "doc.disclosure_missing"}
    assert calls["doc.number_missing"] == []  # never handed a page
    assert sorted(found) == ["text.expression"] and sorted(found["text.expression"]) == sorted(URLS)
    assert reads == [run_id]


def test_texts_that_cannot_be_read_fail_the_text_rules_not_the_audit(store, h, monkeypatch):
    import sqlite3

    texts = AuditContext.texts

    def breaks(ctx):
        for n, page in enumerate(texts(ctx)):
            if n == 2:
                raise sqlite3.OperationalError("disk I/O error")
            yield page

    sid = store.upsert_site(name="示范县", start_url=HOME, host="s1.example.gov.cn")
    run_id = h.add_run(store, sid, [], pages=[HOME])
    store.insert_rows("pages", [{"run_id": run_id, "site_id": sid, "url": u, "final_url": u, "status": 200,
                                 "kind": "article", "title": "t", "text": "x", "depth": 1} for u in URLS])
    monkeypatch.setattr(AuditContext, "texts", breaks)
    monkeypatch.setattr(engine, "all_rules", lambda: (_Reader, _Plain, _Second))
    calls.clear()
    outcome = engine.run_rules(store, run_id, as_of=date(2026, 11, 20))
    assert set(outcome.failed) == {"text.expression", "privacy.exposed"}
    assert "disk I/O error" in outcome.failed["text.expression"]
    assert [f.rule for f in outcome.findings] == ["column.blank"]
