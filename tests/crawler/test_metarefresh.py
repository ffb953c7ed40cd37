"""crawler.middlewares.metarefresh: Scrapy's meta-refresh redirect, asked only when a page's first
bytes could hold one; its answer is Scrapy's on every page."""

from __future__ import annotations

from unittest import mock

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as Scrapys
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.metarefresh import MetaRefreshMiddleware, may_refresh

URL = "http://county.example.gov.cn/a/"
REFRESH = '<meta http-equiv="Refresh" content="0; url=./b/">'


def page(head: str = "", body: str = "<p>正文</p>", encoding: str = "utf-8", padding: int = 0) -> HtmlResponse:
    text = f"<html><head>{head}</head><body>{'测' * padding}{body}</body></html>"
    return HtmlResponse(URL, body=text.encode(encoding), encoding=encoding, request=Request(URL))


def answer(mw, response: HtmlResponse):
    out = mw.process_response(response.request, response)
    return out.url if isinstance(out, Request) else None


PAGES = {
    "plain": page(),
    "refresh": page(REFRESH),
    "refresh in capitals": page(REFRESH.upper().replace("URL=./B/", "url=./b/")),
    "numeric reference": page('<meta http-equiv="&#82;efresh" content="0; url=./b/">'),
    "gbk": page(REFRESH, encoding="gbk"),
    "utf-16": page(REFRESH, encoding="utf-16"),
    "beyond Scrapy's 4,096 characters": page(body=REFRESH, padding=5000),
    "refresh in a script": page('<script>var s = "<meta http-equiv=refresh content=0;url=/x>";</script>'),
}


@pytest.mark.parametrize("name", PAGES)
def test_same_answer_as_scrapys(name):
    crawler = get_crawler(settings_dict={"METAREFRESH_MAXDELAY": 100})
    response = PAGES[name]
    ours = answer(MetaRefreshMiddleware.from_crawler(crawler), response.replace())
    assert ours == answer(Scrapys.from_crawler(crawler), response.replace())
    if name in ("refresh", "refresh in capitals", "gbk", "utf-16"):
        assert ours is not None and ours.startswith(URL + "b/")  # a redirect was found


def test_a_page_without_refresh_is_not_decoded():
    mw = MetaRefreshMiddleware.from_crawler(get_crawler())
    response = page()
    with mock.patch.object(Scrapys, "process_response") as scrapys:
        assert mw.process_response(response.request, response) is response
    scrapys.assert_not_called()
    with mock.patch.object(Scrapys, "process_response", return_value=response) as scrapys:
        mw.process_response(response.request, page(REFRESH))
    scrapys.assert_called_once()


def test_may_refresh_is_a_superset_within_the_head_bytes():
    assert not may_refresh(b"<html><head><title>x</title></head></html>")
    assert may_refresh(b"<META HTTP-EQUIV=REFRESH>")
    assert may_refresh(b"&#114;")
    assert may_refresh("refresh".encode("utf-16-le"))  # NUL bytes: UTF-16
    assert not may_refresh(b"x" * 4 * 4096 + b"refresh")  # past what 4,096 characters can take
