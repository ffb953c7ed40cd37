"""link.broken: one finding per broken target, with every source page and anchor."""

from rules.link_broken import LinkBroken

B = "http://127.0.0.1:8000"


def link(source, target, anchor, kind="internal", hidden=0):
    return {"source_url": source, "target_url": target, "anchor": anchor, "kind": kind,
            "hidden": hidden}


def target(url, state="broken", status=404, error=""):
    return {"url": url, "status": status, "state": state, "error": error}


def test_one_finding_per_target_with_all_sources(run_rule):
    crawl = {
        "links": [link(f"{B}/z/", f"{B}/gone.html", "旧文件"),
                  link(f"{B}/a/", f"{B}/gone.html", "旧文件（列表）"),
                  link(f"{B}/m/", f"{B}/gone.html", "旧文件", hidden=1)],
        "targets": [target(f"{B}/gone.html")],
    }
    findings = run_rule(LinkBroken, crawl)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.url == f"{B}/a/"  # first source page, sorted
    assert finding.target == f"{B}/gone.html"
    assert [s["source_url"] for s in finding.data["sources"]] == [f"{B}/a/", f"{B}/m/", f"{B}/z/"]
    assert finding.data["sources"][1]["hidden"] is True
    assert "旧文件（列表）" in finding.evidence and "HTTP 404" in finding.evidence
    assert "3 个页面" in finding.message


def test_message_distinguishes_kinds_and_errors(run_rule):
    crawl = {
        "links": [link(f"{B}/p.html", f"{B}/f.doc", "附件.doc", "attachment"),
                  link(f"{B}/p.html", "http://old.example.gov.cn/", "旧平台", "external"),
                  link(f"{B}/p.html", f"{B}/soft.html", "软页面")],
        "targets": [target(f"{B}/f.doc", status=410),
                    target("http://old.example.gov.cn/", status=0, error="dns"),
                    target(f"{B}/soft.html", status=200, error="soft404")],
    }
    by_target = {f.target: f for f in run_rule(LinkBroken, crawl)}
    assert by_target[f"{B}/f.doc"].message.startswith("附件链接")
    assert by_target[f"{B}/f.doc"].data["kind"] == "attachment"
    assert by_target["http://old.example.gov.cn/"].message.startswith("外部链接")
    assert "域名无法解析" in by_target["http://old.example.gov.cn/"].message
    assert "软404" in by_target[f"{B}/soft.html"].message
    assert by_target[f"{B}/soft.html"].message.startswith("站内链接")


def test_home_page_links_are_marked(run_rule):
    crawl = {"links": [link(f"{B}/", f"{B}/x.html", "要闻")], "targets": [target(f"{B}/x.html")]}
    finding = run_rule(LinkBroken, crawl)[0]
    assert finding.data["on_home"] is True and "首页" in finding.message


def test_unreachable_blocked_and_ok_targets_are_not_broken(run_rule):
    crawl = {"links": [link(f"{B}/", f"{B}/{n}", n) for n in ("a", "b", "c")],
             "targets": [target(f"{B}/a", "unreachable", 503), target(f"{B}/b", "blocked", 403),
                         target(f"{B}/c", "ok", 200)]}
    assert run_rule(LinkBroken, crawl) == []


def test_fingerprint_depends_on_the_target_only(run_rule):
    one = run_rule(LinkBroken, {"links": [link(f"{B}/a/", f"{B}/x", "甲")],
                                "targets": [target(f"{B}/x")]})
    two = run_rule(LinkBroken, {"links": [link(f"{B}/b/", f"{B}/x", "乙")],
                                "targets": [target(f"{B}/x", status=410)]})
    assert one[0].fingerprint == two[0].fingerprint
