"""The defect manifest agrees with what the demo portal actually serves."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest

from crawler.demo import DEMO_AS_OF, build_portal
from crawler.demo.paths import resolve

INTENTIONAL_NON_200 = {"/zwgk/gzdt/202608/t20260815_1099999.html", "/xxgk/sjfb/index.html",
                       "/hdjl/dczj/index.html", "/zxft/index.html", "/loop/a"}


def get(portal, path):
    return portal.respond("GET", path, {}, b"")


def page_text(portal, path) -> str:
    status, headers, body = get(portal, path)
    assert status == 200, path
    charset = "gbk" if b"charset=gb" in body[:600] or b"charset=gbk" in body[:600] else "utf-8"
    return body.decode(charset)


def attachment_text(portal, path) -> str:
    from crawler.attachments import extract

    status, headers, body = get(portal, path)
    assert status == 200, path
    return extract(body, path).text


def visible_hrefs(html: str) -> set[str]:
    """hrefs outside display:none blocks (crude: drop those blocks first)."""
    html = re.sub(r'<(div|dl)[^>]*style="display:none"[^>]*>.*?</\1>', "", html, flags=re.S)
    return set(re.findall(r'href="([^"]+)"', html)) | set(re.findall(r"href='([^']+)'", html))


@pytest.fixture(scope="module", params=[1, 2])
def portal(request):
    return build_portal(revision=request.param)


def test_manifest_paths_exist(portal):
    for row in portal.expected() + portal.controls():
        assert set(row) >= {"rule", "url", "target", "note"}
        assert get(portal, row["url"])[0] == 200, row
        target = row["target"]
        if target and not target.startswith("{"):
            status = get(portal, target)[0]
            assert status == 200 or target in INTENTIONAL_NON_200 or row["rule"] == "link.broken", row
    for row in portal.controls():
        assert row["why"]


def test_expected_targets_are_linked_from_their_source(portal):
    for row in portal.expected():
        if row["rule"].startswith("link.") and row["target"]:
            html = page_text(portal, row["url"])
            hrefs = {resolve(row["url"], h) for h in visible_hrefs(html)}
            assert portal.absolute(row["target"], "") in hrefs, row


def test_broken_targets_really_fail(portal):
    for row in portal.expected():
        if row["rule"] == "link.broken" and not row["target"].startswith("{"):
            status, _, body = get(portal, row["target"])
            assert status in (404, 302) or "页面不存在" in body.decode(), row


def test_veto_sized_defect_sets(portal):
    rules = Counter(row["rule"] for row in portal.expected())
    assert rules["column.blank"] >= 5
    stale = [r for r in portal.expected() if r["rule"] == "column.stale"]
    assert len(stale) >= 5
    for kind in ("text.typo", "link.broken", "link.unreachable", "interpretation.unlinked",
                 "doc.number_missing", "doc.number_malformed"):
        assert rules[kind] >= 1, kind
    assert not any(r["rule"] == "site.homepage_stale" for r in portal.expected())


def test_blank_columns_have_no_rows(portal):
    for row in portal.expected():
        if row["rule"] == "column.blank":
            html = page_text(portal, row["url"])
            assert "暂无信息" in html
            assert "<record>" not in html and "<li><a href=\"./" not in html


def test_stale_columns_show_only_old_dates(portal):
    for row in portal.expected():
        if row["rule"] != "column.stale":
            continue
        html = page_text(portal, row["url"])
        dates = re.findall(r"<span>(\d{4}-\d{2}-\d{2})</span>", html)
        if "不显示发布日期" in row["note"]:
            assert dates == []
            continue
        assert dates, row
        newest = max(dates)
        assert (DEMO_AS_OF - __import__("datetime").date.fromisoformat(newest)).days > 14, row


def test_typo_notes_match_page_text(portal):
    typos = [r for r in portal.expected() if r["rule"] == "text.typo"]
    assert len(typos) >= 10
    for row in typos:
        wrong, right = re.match(r"(\S+?)→(\S+?)（", row["note"]).groups()
        if row.get("linked_from"):  # inside an attachment (pdf/docx/xlsx): its extracted text
            assert wrong in attachment_text(portal, row["url"]), row
            continue
        text = unescape(page_text(portal, row["url"]))
        assert wrong in text, row
        shell = re.search(r'<div class="nav">.*?</div>', text, re.S).group(0)
        shell += re.search(r'<div class="position">.*?</div>', text, re.S).group(0)
        shell += text.split('<div class="footer">')[1]
        assert wrong not in shell  # never inside navigation, breadcrumb or footer


def test_doc_numbers_in_metadata(portal):
    rows = portal.expected()
    malformed = [r for r in rows if r["rule"] == "doc.number_malformed"]
    assert malformed
    for row in malformed:
        number = row["note"].split("：", 1)[0]
        if row.get("linked_from"):  # printed at the head of an attachment
            assert number in attachment_text(portal, row["url"])[:100], row
            continue
        assert f">{number}<" in page_text(portal, row["url"])
    missing = [r for r in rows if r["rule"] == "doc.number_missing"]
    assert len(missing) == 2
    for row in missing:
        html = page_text(portal, row["url"])
        assert not re.search(r"示政[^<]{0,3}〔\d{4}〕\d+号", html)
    suggestion = next(r for r in missing if "建议补录" in r["note"])
    citing_path = re.search(r"(/zwgk/\S+?\.html)", suggestion["note"]).group(1)
    assert "示政〔2026〕9号" in page_text(portal, citing_path)


def test_interpretation_links(portal):
    for row in portal.expected():
        if row["rule"] != "interpretation.unlinked":
            continue
        html = page_text(portal, row["url"])
        visible = {resolve(row["url"], h) for h in visible_hrefs(html)}
        everything = {resolve(row["url"], h) for h in re.findall(r'href="([^"]+)"', html)}
        assert row["target"] not in visible, row
        if "display:none" in row["note"]:
            assert row["target"] in everything
    for row in portal.controls():
        if row["rule"] == "interpretation.unlinked" and row["target"]:
            html = page_text(portal, row["url"])
            assert row["target"] in {resolve(row["url"], h) for h in visible_hrefs(html)}


def test_xss_title_is_literal_text():
    portal = build_portal()
    row = next(r for r in portal.controls() if r["note"] == "xss")
    html = page_text(portal, row["url"])
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<script>alert(1)</script>" in title and '"><img src=x onerror=alert(1)>' in title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.split("<body>")[1]


def test_stale_home_switch():
    portal = build_portal(stale_home=True)
    assert any(r["rule"] == "site.homepage_stale" for r in portal.expected())
    html = page_text(portal, "/")
    dates = re.findall(r'<span class="date">(\d{4}-\d{2}-\d{2})</span>', html)
    assert dates and max(dates) <= "2026-10-31"
    fresh = page_text(build_portal(), "/")
    assert max(re.findall(r'<span class="date">(\d{4}-\d{2}-\d{2})</span>', fresh)) >= "2026-11-06"


def test_revision2_differs_only_where_declared():
    one, two = build_portal(revision=1), build_portal(revision=2)
    declared = {c["path"]: c["change"] for c in two.changes()}
    kinds = Counter(declared.values())
    assert kinds["added"] >= 3 and kinds["removed"] == 1 and kinds["modified"] >= 5
    actual = {}
    for path in set(one.paths(1)) | set(two.paths(2)):
        a, b = get(one, path), get(two, path)
        if a[0] != b[0] or a[2] != b[2]:
            actual[path] = "added" if a[0] == 404 else "removed" if b[0] == 404 else "modified"
        elif a[0] == 200:
            assert a[1]["ETag"] == b[1]["ETag"] and a[1]["Last-Modified"] == b[1]["Last-Modified"], path
    assert actual == declared
    for path, change in declared.items():
        if change == "modified":
            assert two.respond("GET", path, {"If-Modified-Since": get(one, path)[1]["Last-Modified"]}, b"")[0] == 200
    fixed = {(r["rule"], r["url"]) for r in one.expected()} - {(r["rule"], r["url"]) for r in two.expected()}
    new = {(r["rule"], r["url"]) for r in two.expected()} - {(r["rule"], r["url"]) for r in one.expected()}
    assert {rule for rule, _ in fixed} >= {"interpretation.unlinked", "column.blank", "doc.number_malformed"}
    assert len(new) == 1


def test_builds_are_deterministic():
    a, b = build_portal(seed=7), build_portal(seed=7)
    paths = sorted(a.paths())
    assert paths == sorted(b.paths())
    for path in paths[::7]:
        assert get(a, path)[2] == get(b, path)[2]
    other = build_portal(seed=8)
    assert get(a, "/zwgk/gzdt/index_1.html")[2] != get(other, "/zwgk/gzdt/index_1.html")[2]
    assert [r["url"] for r in a.expected()] == [r["url"] for r in other.expected()]


def test_title_typos_name_the_list_page_they_also_show_on():
    portal = build_portal()
    rows = [r for r in portal.expected() if r["rule"] == "text.typo" and "（title" in r["note"]]
    assert rows
    for row in rows:
        wrong = row["note"].split("→", 1)[0]
        for path in row["also_on"]:
            assert wrong in page_text(portal, path)
