from urllib.parse import parse_qs, urlsplit

from crawler.extract import analyse_page, parse_proxy_response

from ..samples import HANWEB_HEAD, hanweb_column_body
from .conftest import BASE, HOSTS, page

URL = BASE + "/col/col33718/index.html"


def column(total, inline=45):
    return page(hanweb_column_body(total, inline), title="工作动态", head=HANWEB_HEAD)


def test_inline_records_and_proxy_requests():
    a = analyse_page(URL, column(100), HOSTS)
    l = a.listing
    assert a.kind == "listing" and l.cms == "hanweb" and l.total_records == 100
    assert len(l.items) == 45
    assert l.items[3].title == "工作动态3完整标题"
    assert l.items[3].url == BASE + "/art/2026/11/4/art_33718_3.html"
    assert l.items[3].date == "2026-10-04"
    urls = [p.url for p in l.proxy_requests]
    assert urls == [BASE + "/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15",
                    BASE + "/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=135&perpage=15"]
    form = l.proxy_requests[0].formdata
    assert form["columnid"] == "33718" and form["unitid"] == "212860" and form["webid"] == "1"
    assert form["col"] == "1" and form["appid"] == "1" and form["path"] == "/" and form["webname"] == "示范县"
    assert form["permissiontype"] == "0"
    assert "startrecord" not in form


def test_small_column_needs_no_proxy():
    a = analyse_page(URL, column(20), HOSTS)
    assert len(a.listing.items) == 20 and a.listing.proxy_requests == []


def test_empty_hanweb_column_is_blank_listing():
    a = analyse_page(URL, column(0), HOSTS)
    assert a.kind == "listing" and a.listing.items == [] and a.listing.cms == "hanweb"


def test_nextgroup_only_form_fields():
    html = page('<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
                'dataproxy.jsp?page=1&webid=3&path=/&columnid=77&unitid=9&webname=x&permissiontype=0"></a>]]>'
                "</nextgroup><recordset></recordset><totalrecord>100</totalrecord></datastore></script></div>")
    l = analyse_page(URL, html, HOSTS).listing
    assert len(l.proxy_requests) == 2
    assert l.proxy_requests[0].formdata["columnid"] == "77"
    q = parse_qs(urlsplit(l.proxy_requests[1].url).query)
    assert q == {"startrecord": ["91"], "endrecord": ["135"], "perpage": ["15"]}


def test_parse_proxy_response():
    xml = ("<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>60</totalrecord><recordset>"
           "<record><![CDATA[<li><a href='/art/2026/11/1/art_1_46.html' title='完整标题46'>标题46...</a>"
           "<span>2026-\n11-\n01</span></li>]]></record>"
           "<record><![CDATA[<tr><td><a href=\"./art_1_47.html\">标题47</a></td><td>[2026/11/02]</td></tr>]]></record>"
           "<record><![CDATA[<li style=<br/>]]></record>"
           "</recordset></datastore>")
    url = BASE + "/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15"
    l = parse_proxy_response(xml, url)
    assert [(i.url, i.title, i.date) for i in l.items] == [
        (BASE + "/art/2026/11/1/art_1_46.html", "完整标题46", "2026-11-01"),
        (BASE + "/module/web/jpage/art_1_47.html", "标题47", "2026-11-02")]
    assert l.total_records == 60


def test_parse_proxy_response_hostile():
    for text in ("", "<datastore>", "not xml at all", "<record><![CDATA[<a href='javascript:;'>x</a>]]></record>"):
        assert parse_proxy_response(text, BASE + "/p.jsp").items == []
