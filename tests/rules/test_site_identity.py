"""site.identity: the home page footer's identity elements, and the footer block the crawl keeps."""

import json
from pathlib import Path

import pytest

from crawler.extract.footer import FOOTER_KEY, MARKS_KEY
from crawler.extract.page import analyse_page
from rules.site_identity import SiteIdentity, identity_problems

HOME = "http://127.0.0.1:8000/"
REAL = Path(__file__).resolve().parents[2] / "../shared/real-pages"

FULL_FOOTER = """
<div class="footer"><div class="wrap">
<p><a href="/lxwm/index.html">联系我们</a></p>
<p>主办单位：示范县人民政府办公室　联系电话：0599-1234567</p>
<p>网站标识码：3599000001　<a href="http://beian.miit.gov.cn/">闽ICP备20260001号-1</a>
<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=35999902000001"><img
src="/gongan.png" alt="">闽公网安备 35999902000001号</a></p>
<span id="_ideConac"></span><script src="https://dcs.conac.cn/js/35/000/0000/1.js"></script>
<script id="_jiucuo_" sitecode="3599000001" src="https://pucha.kaipuyun.cn/exposure/jiucuo.js"></script>
</div></div>"""


def home_html(footer=FULL_FOOTER, code="3599000001"):
    return (
        f'<html><head><meta name="SiteIDCode" content="{code}"><title>示范县人民政府</title></head><body>'
        '<div class="nav"><a href="/a/">政务公开</a><a href="/b/">新闻中心</a><a href="/c/">互动交流</a></div>'
        '<div class="news"><h3>要闻动态</h3>'
        '<ul><li><a href="/n1.html">关于党政机关公务用车管理的通知</a></li></ul></div>'
        f"{footer}</body></html>"
    )


def crawl(html, url=HOME, site_code="3599000001"):
    a = analyse_page(url, html)
    return {"site": {"name": "示范县人民政府", "start_url": HOME, "site_code": site_code},
            "pages": [{"url": url, "kind": a.kind, "title": a.title, "text": a.text, "meta": a.meta}],
            "links": [{"source_url": url, "target_url": l.url, "anchor": l.anchor, "kind": l.kind}
                      for l in a.links]}


def test_footer_block_is_kept_for_the_home_page_only():
    a = analyse_page(HOME, home_html())
    assert "网站标识码：3599000001" in a.meta[FOOTER_KEY]
    assert "网站标识码" not in a.text  # the stored page text stays without boilerplate
    assert "jiucuo.js" in a.meta[MARKS_KEY] and "_ideConac" in a.meta[MARKS_KEY]
    assert FOOTER_KEY not in analyse_page(HOME + "zwgk/t1.html", home_html()).meta


def test_complete_footer_is_quiet(run_rule):
    assert run_rule(SiteIdentity, crawl(home_html())) == []


@pytest.mark.parametrize("drop, element", [
    ("网站标识码：3599000001", "site_code"),
    ("闽ICP备20260001号-1", "icp"),
    ("闽公网安备 35999902000001号", "gongan"),
    ('<span id="_ideConac"></span><script src="https://dcs.conac.cn/js/35/000/0000/1.js"></script>', "conac"),
    ("主办单位：示范县人民政府办公室", "host"),
    ('<script id="_jiucuo_" sitecode="3599000001" src="https://pucha.kaipuyun.cn/exposure/jiucuo.js"></script>',
     "jiucuo"),
])
def test_each_missing_element_is_one_finding(run_rule, drop, element):
    footer = FULL_FOOTER.replace(drop, "")
    if element == "gongan":
        footer = footer.replace("beian.gov.cn", "example.org")
    findings = run_rule(SiteIdentity, crawl(home_html(footer)))
    assert [f.data["element"] for f in findings] == [element]
    assert findings[0].url == HOME


def test_contact_missing_when_no_phone_mail_or_contact_page(run_rule):
    footer = FULL_FOOTER.replace("联系电话：0599-1234567", "").replace(
        '<p><a href="/lxwm/index.html">联系我们</a></p>', "")
    findings = run_rule(SiteIdentity, crawl(home_html(footer)))
    assert [f.data["element"] for f in findings] == ["contact"]


def test_a_headline_saying_dangzheng_jiguan_is_not_the_badge(run_rule):
    footer = FULL_FOOTER.replace(
        '<span id="_ideConac"></span><script src="https://dcs.conac.cn/js/35/000/0000/1.js"></script>', "")
    findings = run_rule(SiteIdentity, crawl(home_html(footer)))  # the news list mentions 党政机关
    assert [f.data["element"] for f in findings] == ["conac"]


def test_badge_image_with_alt_counts():
    assert "conac" not in identity_problems("主办单位：X", "img /images/dzjg.png 党政机关")


@pytest.mark.parametrize("site_code, meta_code, part", [
    ("3599000009", "3599000001", "登记"), ("", "3599000009", "SiteIDCode"), ("", "", "SiteIDCode")])
def test_site_code_must_match_the_registration_and_the_meta(run_rule, site_code, meta_code, part):
    findings = run_rule(SiteIdentity, crawl(home_html(code=meta_code), site_code=site_code))
    assert [f.data["element"] for f in findings] == ["site_code"]
    assert part in findings[0].message


def test_elements_setting(run_rule):
    data = crawl(home_html(FULL_FOOTER.replace("闽ICP备20260001号-1", "")))
    assert run_rule(SiteIdentity, data, {"elements": ["host", "gongan"]}) == []


def test_no_home_page_no_findings(run_rule):
    assert run_rule(SiteIdentity, {"pages": []}) == []


@pytest.mark.skipif(not REAL.exists(), reason="shared real pages not available")
@pytest.mark.parametrize("name, missing", [("001.html", {"site_code", "jiucuo"}), ("021.html", set())])
def test_real_footers(name, missing):
    """Real footers: 柘城 (2018: no SiteIDCode meta, no 找错 badge), 山西 (everything present)."""
    labels = {e["file"]: e for e in json.loads((REAL / "labels.json").read_text(encoding="utf-8"))}
    html = (REAL / "pages" / name).read_bytes().decode(labels[name]["encoding"], "replace")
    a = analyse_page("http://www.example.gov.cn/", html)
    problems = identity_problems(a.meta[FOOTER_KEY], a.meta[MARKS_KEY], a.meta.get("SiteIDCode", ""))
    assert set(problems) == missing


@pytest.mark.parametrize("row", [{"status": 503, "text": "", "meta": {}}, {"status": 0, "error": "timeout"},
                                 {"status": 200, "text": "", "meta": {}}])
def test_a_home_page_that_was_not_read_is_not_judged(run_rule, row):
    page = {"url": HOME, "kind": "home", **row}
    assert run_rule(SiteIdentity, {"pages": [page]}) == []
