"""link.unreachable: timeouts, 5xx and firewall blocks are notices, reported apart from broken."""

from rules.link_unreachable import LinkUnreachable

B = "http://127.0.0.1:8000"


def crawl_with(*targets):
    return {"links": [{"source_url": f"{B}/p.html", "target_url": t["url"], "anchor": "办事大厅",
                       "kind": "external", "hidden": 0} for t in targets],
            "targets": list(targets)}


def test_unreachable_and_blocked_are_notices(run_rule):
    findings = run_rule(LinkUnreachable, crawl_with(
        {"url": "http://a.example/", "status": 0, "state": "unreachable", "error": "timeout"},
        {"url": "http://b.example/", "status": 403, "state": "blocked", "error": ""}))
    by_target = {f.target: f for f in findings}
    assert {f.severity for f in findings} == {"提示"}
    assert "复查" in by_target["http://a.example/"].message
    assert "防火墙" in by_target["http://b.example/"].message
    assert by_target["http://b.example/"].title == "链接被拦截"
    assert "timeout" in by_target["http://a.example/"].evidence
    assert by_target["http://a.example/"].url == f"{B}/p.html"


def test_broken_and_ok_targets_are_not_reported(run_rule):
    findings = run_rule(LinkUnreachable, crawl_with(
        {"url": "http://a.example/", "status": 404, "state": "broken", "error": ""},
        {"url": "http://b.example/", "status": 200, "state": "ok", "error": ""}))
    assert findings == []


def test_never_veto_even_with_many_targets(run_rule):
    targets = [{"url": f"http://h{i}.example/", "status": 502, "state": "unreachable", "error": ""}
               for i in range(12)]
    findings = run_rule(LinkUnreachable, crawl_with(*targets))
    assert len(findings) == 12 and {f.severity for f in findings} == {"提示"}
