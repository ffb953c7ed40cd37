"""The demo variants serve what their manifests say: each planted pattern is really in the markup."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from crawler.demo import DEMO_AS_OF
from crawler.demo.variants import VARIANTS, build_variant
from crawler.demo.variants.content import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
DATE_RES = (
    (re.compile(r"var pubdata='(\d{4})-(\d{2})-(\d{2})'"), "ymd"),
    (re.compile(r"\[(\d{4})-(\d{2})-(\d{2})\]"), "ymd"),
    (re.compile(r"(?<![\d\[-])(\d{4})-(\d{2})-(\d{2})(?![\d\]])"), "ymd"),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), "ymd"),
    (re.compile(r"\((\d{2})-(\d{2})\)"), "md"),
)


def get(portal, path):
    return portal.respond("GET", path, {}, b"")


def text(portal, path) -> str:
    status, headers, body = get(portal, path)
    assert status == 200, path
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gbk")


def list_region(html: str) -> str:
    match = re.search(r'<(?:ul class="list"|div class="list_box")>(.*?)</(?:ul|div)>', html, re.S)
    assert match, "no list region"
    return match.group(1)


def shown_dates(region: str) -> list[date]:
    """Dates a visitor reads (or a script writes) in ``region``; addresses do not count."""
    region = re.sub(r'(?:href|title)="[^"]*"', "", region)
    out = []
    for regex, kind in DATE_RES:
        for m in regex.finditer(region):
            if kind == "ymd":
                out.append(date(int(m[1]), int(m[2]), int(m[3])))
            else:  # no year: this year's, or last year's when that would be after the as-of date
                day = date(DEMO_AS_OF.year, int(m[1]), int(m[2]))
                out.append(day if day <= DEMO_AS_OF else day.replace(year=day.year - 1))
        region = regex.sub("", region)
    return out


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def portal(request):
    return build_variant(request.param)


def test_manifest_rows_point_at_served_pages(portal):
    assert portal.expected() and portal.controls()
    for row in portal.expected() + portal.controls():
        assert set(row) >= {"rule", "url", "target", "note"}
        assert get(portal, row["url"])[0] == 200, row
    for row in portal.controls():
        assert row["why"]


def test_link_targets_fail_as_planted(portal):
    for row in portal.expected():
        target = row["target"]
        if row["rule"] == "link.broken" and not target.startswith("{"):
            status, _, body = get(portal, target)
            assert status == 404 or "页面不存在" in body.decode("utf-8", "replace"), row
        if row["rule"] == "link.unreachable":
            assert get(portal, target)[0] in (403, 503), row
        if row["rule"].startswith("link.") and row["target"]:
            assert f'href="{portal.absolute(target, "")}"' in text(portal, row["url"]), row


def test_blank_columns_list_nothing(portal):
    rows = [r for r in portal.expected() if r["rule"] == "column.blank"]
    assert len(rows) >= 4
    shapes = set()
    for row in rows:
        region = list_region(text(portal, row["url"]))
        assert "/contents/" not in region and not re.search(r"/\d{4}-\d{2}-\d{2}/\d+\.html", region), row
        hrefs = re.findall(r'href="([^"]+)"', region)
        assert hrefs in ([], ["/"]), row
        shapes.add("logo" if hrefs else "notice" if "此栏目暂无任何新增信息" in region else "bare")
    assert shapes == {"logo", "notice", "bare"}


def test_stale_and_fresh_columns_show_the_dates_the_manifest_says(portal):
    for row in portal.expected():
        if row["rule"] == "column.stale":
            dates = shown_dates(list_region(text(portal, row["url"])))
            assert dates and (DEMO_AS_OF - max(dates)).days > 14, row
    fresh = {c["url"] for c in portal.controls() if c["rule"] == "column.stale"}
    for key in ("gzdt", "bmdt", "tzgg", "zwdt"):
        url = portal.plan.columns[key].index_path
        assert url in fresh
        assert (DEMO_AS_OF - max(shown_dates(list_region(text(portal, url))))).days <= 5, key


def test_date_styles_are_all_used(portal):
    styles = {cols[-1].dates for cols in COLUMNS}
    assert styles >= {"dash", "bracket", "md", "cn", "script"}
    html = text(portal, portal.plan.columns["jcdt"].index_path)
    shown = re.sub(r'(?:href|title)="[^"]*"', "", html)
    assert "(12-28)" in shown and "2025" not in shown  # last year's, shown without the year
    assert "document.write(pubdata)" in text(portal, portal.plan.columns["ldhd"].index_path)


def test_paginated_column(portal):
    col = portal.plan.columns["gzdt"]
    first = text(portal, col.index_path)
    stem = col.index_path[:-len(".html")]
    pages = sorted(p for p in portal.routes if re.fullmatch(re.escape(stem) + r"_\d+\.html", p))
    assert len(pages) == 4, pages  # pages 2…5
    for word in ("首页", "下一页"):
        assert word in first
    assert "尾页" in first or "末页" in first
    newest = max(shown_dates(list_region(first)))
    assert newest == max(a.date for a in col.articles)
    for path in pages:
        assert max(shown_dates(list_region(text(portal, path)))) < newest
    controls = {(c["rule"], c["url"]) for c in portal.controls()}
    assert {("column.blank", pages[0]), ("column.stale", pages[0])} <= controls  # page 2 is no column


def test_typos_are_on_their_pages_and_not_in_the_shell(portal):
    rows = [r for r in portal.expected() if r["rule"] == "text.typo"]
    assert len(rows) >= 7
    for row in rows:
        wrong = row["note"].split("→", 1)[0]
        html = unescape(text(portal, row["url"]))
        assert wrong in html, row
        shell = "".join(re.findall(r'<div class="(?:mainnav|top_tb|curmb|lujing|footer|bottom)">.*?</div>', html, re.S))
        assert shell and wrong not in shell  # never in navigation, breadcrumb or footer
        for path in row.get("also_on", []):
            assert wrong in text(portal, path)


def test_stray_html_close_precedes_the_content(portal):
    rows = [r for r in portal.expected() if r["rule"] == "text.typo" and "</html>" in r["note"]]
    assert rows
    for row in rows:
        html = text(portal, row["url"])
        wrong = row["note"].split("→", 1)[0]
        assert html.index("</html>") < html.index(wrong) < html.rindex("</html>")


def test_document_numbers(portal):
    for row in portal.expected():
        html = unescape(text(portal, row["url"]))
        if row["rule"] == "doc.number_malformed":
            assert row["note"].split("：", 1)[0] in html
        if row["rule"] == "doc.number_missing":
            own = portal.name[:1]
            assert not re.search(own + r"政[办规]?\s*[〔(\[]\s*\d+\s*[〕)\]]", html), row


def test_interpretation_links(portal):
    def hrefs(path):
        return set(re.findall(r'href="([^"]+)"', text(portal, path)))
    for row in portal.expected():
        if row["rule"] == "interpretation.unlinked":
            assert row["target"] not in hrefs(row["url"]), row
    for row in portal.controls():
        if row["rule"] == "interpretation.unlinked" and row["target"]:
            assert row["target"] in hrefs(row["url"]), row
    titles = " ".join(a.title for c in portal.plan.columns.values() for a in c.articles)
    for form in ("》政策解读", "图解：", "一图读懂《关于", "解读：", "答记者问"):
        assert form in titles


def test_redirect_only_channel(portal):
    for path in ("/hdjl/", "/hdjl/index.html"):
        html = text(portal, path)
        assert re.search(r'http-equiv="refresh"|location\.href', html)
        assert "<li" not in html and "class=\"box\"" not in html


def test_builds_are_deterministic(portal):
    other = build_variant(next(n for n in VARIANTS if build_variant(n).name == portal.name))
    assert sorted(portal.routes) == sorted(other.routes)
    for path in sorted(portal.routes)[::5]:
        assert get(portal, path)[2] == get(other, path)[2], path
    assert portal.expected() == other.expected()


def test_empire_is_gbk_without_any_charset():
    portal = build_variant("empire")
    paths = [p for p, r in portal.routes.items() if r[0] == "page"]
    assert len(paths) > 150
    for path in paths:
        status, headers, body = get(portal, path)
        assert headers["Content-Type"] == "text/html", path
        assert b"charset" not in body.lower(), path
        body.decode("gbk")
        if re.search(rb"[\x80-\xff]", body):
            with pytest.raises(UnicodeDecodeError):
                body.decode("utf-8")


def test_empire_column_breadcrumbs_end_at_the_parent():
    portal = build_variant("empire")
    for col in portal.plan.columns.values():
        html = text(portal, col.index_path)
        trail = re.search(r'<div class="curmb">(.*?)</div>', html).group(1)
        crumbs = re.findall(r">([^<>]+)</a>", trail)
        assert crumbs[-1] != col.name and crumbs[-1] == col.crumbs[-1][0]
        assert f'<h2 class="lm_name">{col.name}</h2>' in html
        assert f'href="{col.base}"' in html or col.key == "yjzj"  # menus link /x/ (yjzj: the redirect) ...
        if col.articles:
            assert 'href="index.html">首页' in html  # ... and the pager /x/index.html


def test_empire_documents_carry_the_number_in_the_body_only():
    portal = build_variant("empire")
    for art in portal.plan.columns["zfwj"].articles:
        html = text(portal, art.path)
        assert "索引号" not in html and "发文字号" not in html
        number = re.search(r'<p style="text-align: center;">([^<]+)</p>', html)
        assert (number is None) == (art.meta is None or not art.meta.get("文号")), art.path


def test_siteserver_titles_and_metadata_blocks():
    portal = build_variant("siteserver")
    docs = portal.plan.columns["zfwj"].articles
    assert any(a.meta is None for a in docs)
    for col in portal.plan.columns.values():
        for art in col.articles:
            html = text(portal, art.path)
            title = re.search(r"<title>(.*?)</title>", html).group(1)
            assert title.startswith(f"[{col.name}]-") and art.title not in title
            assert f'id="Title">{art.title}</h1>' in unescape(html)
            if art.meta:
                assert '<label class="weui-form-preview__label">发文字号</label>' in html
                assert '<td class="xx1">文号</td>' in html and "文号：" not in html
    home = text(portal, "/")
    assert 'class="box"' in home
    assert max(shown_dates(home)) == DEMO_AS_OF.fromordinal(DEMO_AS_OF.toordinal() - 40)


def test_cli_rejects_an_unknown_variant():
    proc = subprocess.run([sys.executable, "-m", "audits.cli", "demo", "--variant", "nosuch", "--out", "x"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "empire" in proc.stderr and "siteserver" in proc.stderr
