"""site.entrances: a working 互动交流 entrance and a working 在线办事 entrance on the home page."""

from rules.site_entrances import SiteEntrances

B = "http://127.0.0.1:8000"


def crawl(*links):
    return {"pages": [{"url": f"{B}/", "kind": "home", "title": "首页", "text": "首页", "status": 200}],
            "links": [{"source_url": f"{B}/", "target_url": f"{B}{t}", "anchor": a, "kind": "internal", "hidden": 0}
                      for t, a, _ in links],
            "targets": [{"url": f"{B}{t}", "status": 200 if s == "ok" else 404 if s == "broken" else 503, "state": s}
                        for t, _, s in links]}




def test_both_present_and_working(run_rule):
    assert run_rule(SiteEntrances, crawl(("/hd/", "互动交流", "ok"), ("/bs/", "政务服务", "ok"))) == []


def test_a_missing_entrance_fires_once_at_home(run_rule):
    findings = run_rule(SiteEntrances, crawl(("/hd/", "县长信箱", "ok")))
    assert [(f.url, f.data["entrance"], f.data["state"]) for f in findings] == [(f"{B}/", "在线办事", "missing")]


def test_only_broken_entrances_fire(run_rule):
    findings = run_rule(SiteEntrances, crawl(("/hd/", "互动交流", "ok"), ("/bs/", "在线办事", "broken")))
    assert [f.data["state"] for f in findings] == ["broken"]
    ok = crawl(("/hd/", "互动交流", "ok"), ("/bs/", "在线办事", "broken"), ("/wb/", "网上办事大厅", "ok"))
    assert run_rule(SiteEntrances, ok) == []


def test_an_unreachable_entrance_is_not_judged_broken(run_rule):
    assert run_rule(SiteEntrances, crawl(("/hd/", "互动交流", "ok"), ("/bs/", "在线办事", "unreachable"))) == []
