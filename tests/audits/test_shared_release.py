"""The rules that share reads run first; their shared reads and the run caches are let go
before the other rules (text.typo's models) start."""

from __future__ import annotations

from datetime import date

from audits import engine
from rules import runcache
from rules.base import Rule
from tests.audits.ruledoc import documented

HOME = "http://s1.example.gov.cn/"
seen: dict[str, object] = {}


@runcache.run_cache(64)
def _title_key(text: str) -> str:
    return text.upper()


class _Base(Rule):
    __doc__ = documented('Base.')

    title = "t"
    severity = "提示"
    scope = "site"
    basis = "b"


class _Plain(_Base):
    id = "site.identity"  # stands in for a rule that reads nothing shared (text.typo)

    def check(self, ctx):
        seen["plain"] = (dict(ctx.shared), runcache.entries())
        return iter(())


class _Sharing(_Base):
    id = "doc.late"
    shared_reads = True

    def check(self, ctx):
        seen["sharing_before"] = "plain" in seen
        ctx.once("test.rows", lambda: [1, 2, 3])
        _title_key("abc")
        return iter(())


class _LateReader(_Base):
    id = "column.stale"  # not declared, but asks for a shared read after the release: read again

    def check(self, ctx):
        seen["late"] = ctx.once("test.rows", lambda: ["read again"])
        return iter(())


def test_sharing_rules_run_first_and_their_reads_go_before_the_others(store, h, monkeypatch):
    sid = store.upsert_site(name="示范县", start_url=HOME, host="s1.example.gov.cn")
    run_id = h.add_run(store, sid, [])
    monkeypatch.setattr(engine, "all_rules", lambda: (_Plain, _Sharing, _LateReader))
    seen.clear()
    engine.run_rules(store, run_id, as_of=date(2026, 11, 20))
    assert seen["sharing_before"] is False  # ran before _Plain although registered after it
    assert seen["plain"] == ({}, 0)  # nothing shared, no cache entries left when _Plain ran
    assert seen["late"] == ["read again"]
    assert runcache.entries() == 0  # and nothing kept after the rules
