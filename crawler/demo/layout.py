"""The page shell shared by every demo page: head metas, header navigation, breadcrumb, footer.

``{EXTERNAL}`` and ``{DEAD}`` placeholders in rendered HTML are replaced by the portal with
the serving ports' base URLs (see :mod:`crawler.demo.portal`).
"""

from __future__ import annotations

from html import escape

SITE_NAME = "示范县人民政府"
SITE_CODE = "3599000001"
SITE_UNIT = "示范县人民政府办公室"
SITE_DOMAIN = "www.shifan.gov.cn"
ICP = "闽ICP备20260001号-1"
GONGAN = "闽公网安备 35999902000001号"

EXTERNAL = "{EXTERNAL}"
DEAD = "{DEAD}"

NAV = (
    ("首页", "/"),
    ("政务公开", "/zwgk/index.html"),
    ("政府信息公开", "/zwgk/zfxxgk/index.html"),
    ("新闻中心", "/col/col1001/index.html"),
    ("政务服务", "/bsfw/index.html"),
    ("互动交流", "/hdjl/xzxx/index.html"),
    ("走进示范", "/zjsf/index.html"),
)


def head(title: str, *, charset: str = "utf-8", metas: dict[str, str] | None = None,
         extra: str = "") -> str:
    """<head> with the 网页设计规范 meta set. ``title`` is inserted as given (already escaped)."""
    meta_charset = {"utf-8": "UTF-8", "header": "gb2312", "meta": "gb2312", "mismatch": "gbk"}[charset]
    tags = {"SiteName": SITE_NAME, "SiteDomain": SITE_DOMAIN, "SiteIDCode": SITE_CODE}
    tags.update(metas or {})
    meta_html = "".join(f'<meta name="{k}" content="{escape(v)}">\n' for k, v in tags.items())
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
        f"{meta_html}<title>{title}</title>\n"
        '<link rel="stylesheet" href="/images/style.css">\n'
        f"{extra}</head>\n"
    )


def header() -> str:
    items = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in NAV)
    return (
        '<div class="top"><div class="wrap"><span class="date">欢迎访问示范县人民政府门户网站</span>'
        '<a href="/wza/index.html" class="wza">无障碍</a></div></div>\n'
        f'<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{SITE_NAME}"></a></div>\n'
        f'<div class="nav"><ul>{items}</ul></div></div>\n'
    )


def breadcrumb(crumbs: list[tuple[str, str]]) -> str:
    parts = [f'<a href="{href}">{escape(name)}</a>' if href else escape(name) for name, href in crumbs]
    return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>\n'


def footer(*, identity_gaps: bool = False) -> str:
    """The shared footer; ``identity_gaps`` (the home page) leaves out the 公安机关备案号 and the
    我为政府网站找错 entrance (site.identity defects)."""
    gongan = "" if identity_gaps else (
        f'<a href="{EXTERNAL}/beian/gongan.html" target="_blank"><img src="/images/gongan.png" alt="">{GONGAN}</a>')
    jiucuo = "" if identity_gaps else (
        f'<script id="_jiucuo_" sitecode="{SITE_CODE}" src="{EXTERNAL}/exposure/jiucuo.js"></script>\n')
    return (
        '<div class="footer"><div class="wrap">\n'
        '<p><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a></p>\n'
        f"<p>主办单位：{SITE_UNIT}　承办单位：示范县融媒体中心　联系电话：0599-1234567</p>\n"
        f'<p>网站标识码：{SITE_CODE}　<a href="{EXTERNAL}/beian/icp.html" target="_blank">{ICP}</a>　'
        f'{gongan}</p>\n'
        '<script type="text/javascript">document.write(unescape("%3Cspan id=\'_ideConac\' %3E%3C/span%3E"));</script>\n'
        f'{jiucuo}'
        "</div></div>\n"
    )


def page(title_html: str, body_html: str, *, crumbs: list[tuple[str, str]] | None = None,
         charset: str = "utf-8", metas: dict[str, str] | None = None, extra_head: str = "",
         identity_gaps: bool = False) -> str:
    """A full HTML document around ``body_html``."""
    crumb_html = breadcrumb(crumbs) if crumbs else ""
    return (
        head(title_html, charset=charset, metas=metas, extra=extra_head)
        + "<body>\n" + header()
        + f'<div class="main wrap">\n{crumb_html}{body_html}</div>\n'
        + footer(identity_gaps=identity_gaps) + "</body>\n</html>\n"
    )
