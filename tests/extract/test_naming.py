"""Titles, breadcrumbs and the column's own name (issue 10 items 5-6)."""

from __future__ import annotations

import pytest

from crawler.extract import analyse_page, dom
from crawler.extract.naming import breadcrumb, column_name, strip_site_suffix

from .conftest import BASE, HOSTS, page

ROWS = "".join(f'<li><a href="/c/{i}.html">条目{i}</a><span>2026-11-0{i + 1}</span></li>' for i in range(5))


@pytest.mark.parametrize("raw, own, bracketed", [
    ("政府文件_示范县人民政府", "政府文件", False),
    ("关于印发方案的通知__2007年第23号国务院公报_中国政府网", "关于印发方案的通知", False),
    ("山西品牌丝路行正式启动 - 山西省人民政府门户网站", "山西品牌丝路行正式启动", False),
    ("政策解读 | 示范县人民政府", "政策解读", False),
    ("1-10月德清县固定资产投资结构趋稳趋优", "1-10月德清县固定资产投资结构趋稳趋优", False),
    ("通知公告-示范县人民政府门户网站", "通知公告", False),
    ("[教育指导工作]-示范市人民政府门户网站群!", "教育指导工作", True),
    ("调整2007\u3000年末国债余额", "调整2007年末国债余额", False),
    ("[领导分工]-示范县教育体育局", "领导分工", True),
    ("工作动态-示范县教育体育局", "工作动态", False),
])
def test_site_suffix_is_stripped(raw, own, bracketed):
    assert strip_site_suffix(raw) == (own, bracketed)


def test_article_title_meta_comes_first():
    a = analyse_page(
        BASE + "/art/1.html",
        page(
            '<div class="TRS_Editor"><p>' + "正文内容。" * 10 + "</p></div>",
            title="短标题_县政府",
            head='<meta name="ArticleTitle" content="完整的文章标题">',
        ),
        HOSTS,
    )
    assert a.title == "完整的文章标题"


def test_title_that_names_the_column_is_not_the_articles():
    body = (
        '<div class="lujing">您当前的位置是：<a href="/">首页</a> > <a href="/channels/1.html">业务管理</a> > '
        '<a href="/channels/4584.html">教育指导工作</a></div><div class="article"><h1 class="meta-tit" id="Title">'
        '关于开展春季开学准备工作的通知</h1><div class="entry"><p>'
        + "各学校要做好开学准备工作。" * 6
        + "</p></div></div>"
    )
    a = analyse_page(
        BASE + "/contents/4584/1.html", page(body, title="[教育指导工作]-示范市人民政府门户网站群!"), HOSTS
    )
    assert a.kind == "article"
    assert a.title == "关于开展春季开学准备工作的通知"
    assert a.breadcrumb == ["业务管理", "教育指导工作"]


def _crumbs(html: str) -> list[str]:
    return breadcrumb(dom.parse(page(html)))


@pytest.mark.parametrize(
    "html",
    [
        '<div>当前位置：<a href="/">首页</a> -&gt; <a href="/x/">信息公开</a> -&gt; <a href="/x/y/">政府文件</a></div>',
        '<div>当前位置：<a href="/">首页</a> &gt;&gt; <a href="/x/">信息公开</a> &gt;&gt; 政府文件</div>',
        '<div class="crumbs"><a href="/">首页</a> » <a href="/x/">信息公开</a> » <span>政府文件</span></div>',
        '<p>您当前的位置是：<a href="/">首页</a> > <a href="/x/">信息公开</a> > <a href="/x/y/">政府文件</a></p>',
        '<div class="BreadcrumbNav"><a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/x/">信息公开</a>&nbsp;&gt;&nbsp;'
        '<a href="/x/y/"><span>政府文件</span></a>'
        '<div class="tools"><span>字号：默认 大 超大</span> | <span>打印</span></div></div>',
        '<table><tr><td>当前位置：</td><td><a href="/">首页</a> &gt; <a href="/x/">信息公开</a> &gt; '
        '<a href="/x/y/">政府文件</a></td></tr></table>',
        '<p>当前位置：<a href="/">首页</a>&nbsp;-&nbsp;<a href="/x/">信息公开</a>&nbsp;-&nbsp;'
        '<a href="">政府文件</a></p>',
    ],
)
def test_breadcrumb_trails(html):
    assert _crumbs(html) == ["信息公开", "政府文件"]


def test_column_name_evidence_order():
    # 1. the title agreeing with another source
    assert column_name(title="政府文件", title_is_column=False, heading=["信息公开", "政府文件"], crumbs=["信息公开"],
                       self_anchors=[], meta_column="信息公开") == "政府文件"
    # 2. a heading confirmed by a menu anchor, the title being generic
    assert column_name(title="列表页", title_is_column=False, heading=["乡镇动态"], crumbs=["信息公开"],
                       self_anchors=["乡镇动态"], meta_column=None) == "乡镇动态"
    # 3. ColumnName confirmed by the crumb
    assert column_name(title="列表页", title_is_column=False, heading=[], crumbs=["部门动态"],
                       self_anchors=[], meta_column="部门动态") == "部门动态"
    # 4. the anchor of a link to the page, over an unconfirmed heading, section meta and parent crumb
    assert column_name(title="列表页", title_is_column=False, heading=["热点新闻"], crumbs=["政务公开"],
                       self_anchors=["更多", "人事信息"], meta_column="政务公开专栏") == "人事信息"
    # 5. the heading over the section-wide meta and the parent crumb
    assert column_name(title="", title_is_column=False, heading=["录用调配"], crumbs=["公务员管理"],
                       self_anchors=[], meta_column="人事工作") == "录用调配"
    # 6. the meta, 7. the title, 8. the crumb
    assert column_name(title="", title_is_column=False, heading=[], crumbs=["公务员管理"], self_anchors=[],
                       meta_column="人事工作") == "人事工作"
    assert column_name(title="领导活动", title_is_column=False, heading=[], crumbs=["政务公开"], self_anchors=[],
                       meta_column=None) == "领导活动"
    assert column_name(title="", title_is_column=False, heading=[], crumbs=["政务公开"], self_anchors=[],
                       meta_column=None) == "政务公开"


def test_breadcrumb_ending_at_the_parent_does_not_name_the_column():
    body = ('<div class="nav"><a href="/">首页</a><a href="/xxgk/">信息公开</a><a href="/xxgk/zfwj/">政府文件</a></div>'
            '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div>'
            f'<div class="lm_name">政府文件</div><ul class="list">{ROWS}</ul>')
    a = analyse_page(BASE + "/xxgk/zfwj/index.html", page(body, title="示范县人民政府",
                                                          head='<meta name="ColumnName" content="信息公开">'), HOSTS)
    assert a.kind == "listing"
    assert a.breadcrumb == ["信息公开"]
    assert a.column_name == "政府文件"


def test_column_named_by_the_menu_link_pointing_to_it():
    body = ('<div class="menu"><a href="/xxgk/">信息公开</a><a href="/xxgk/xzdt/">乡镇动态</a>'
            '<a href="/xxgk/bmdt/">部门动态</a></div><div class="position">当前位置：<a href="/">首页</a> &gt; '
            f'<a href="/xxgk/">信息公开</a></div><ul class="list">{ROWS}</ul>')
    a = analyse_page(BASE + "/xxgk/xzdt/index.html", page(body, title="示范县人民政府门户网站"), HOSTS)
    assert a.column_name == "乡镇动态"


def test_heading_with_a_tab_menu_inside_names_only_itself():
    body = ('<div class="title-m"><span>公文通知</span><div class="menu-list"><ul><li><a href="">公文通知</a></li>'
            '<li><a href="/c/2.html">工作动态</a></li><li><a href="/c/3.html">规章制度</a></li></ul></div></div>'
            f'<ul class="list">{ROWS}</ul>')
    a = analyse_page(BASE + "/channels/18107.html", page(body, title="示范县教育体育局"), HOSTS)
    assert a.kind == "listing" and a.column_name == "公文通知"


def test_home_page_is_not_named_after_its_first_block():
    body = '<div class="news"><h2 class="title">要闻动态</h2><ul class="list">' + ROWS + "</ul></div>"
    a = analyse_page(BASE + "/", page(body, title="示范县人民政府"), HOSTS)
    assert a.kind == "home"
    assert a.column_name is None  # the spider names the home column by the page title
