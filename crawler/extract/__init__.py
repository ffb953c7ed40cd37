"""Extraction: pure functions from fetched bytes/strings to page analyses (no Scrapy here).

- :func:`decode_body` — bytes + Content-Type -> (text, codec)
- :func:`analyse_page` — URL + HTML -> :class:`PageAnalysis`
- :func:`parse_proxy_response` — Hanweb dataproxy.jsp XML -> :class:`Listing`
"""

from .dates import parse_date
from .encoding import decode_body
from .listing import parse_proxy_response
from .model import Item, Link, Listing, PageAnalysis, ProxyRequest
from .page import analyse_page

__all__ = ["Item", "Link", "Listing", "PageAnalysis", "ProxyRequest", "analyse_page", "decode_body",
           "parse_date", "parse_proxy_response"]
