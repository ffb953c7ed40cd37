"""extract/tables.py: catalog tables of a page as rows of cells (spans, header levels, layout)."""

from crawler.demo import build_portal
from crawler.extract.encoding import decode_body
from crawler.extract.page import analyse_page
from crawler.extract.tables import MAX_ROWS, catalog_like, table_from_grid, tables_from_html

HEADER = "".join(f"<th>{h}</th>" for h in ("序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体"))


def one(html):
    tables = tables_from_html(html)
    assert len(tables) == 1, tables
    return tables[0]


def test_th_header_and_body_rows():
    t = one(f"<table><tr>{HEADER}</tr><tr><td>1</td><td>招生入学</td><td>范围</td><td>义务教育法</td>"
            "<td>20日</td><td>县教育局</td></tr></table>")
    assert t["header"] == ["序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体"]
    assert t["rows"] == [["1", "招生入学", "范围", "义务教育法", "20日", "县教育局"]]
    assert t["total_rows"] == 1


def test_two_header_levels_and_a_caption_row_in_td_markup():
    # the national template: a caption across the table, 公开事项 over 一级/二级, 公开对象 over two
    html = """<table border="1">
    <tr><td colspan="8">示范县社会救助领域基层政务公开标准目录</td></tr>
    <tr><td rowspan="2">序号</td><td colspan="2">公开事项</td><td rowspan="2">公开内容（要素）</td>
        <td rowspan="2">公开依据</td><td rowspan="2">公开时限</td><td colspan="2">公开对象</td></tr>
    <tr><td>一级事项</td><td>二级事项</td><td>全社会</td><td>特定群体</td></tr>
    <tr><td>1</td><td>最低生活保障</td><td>审批结果</td><td>姓名、金额</td><td>《社会救助暂行办法》</td>
        <td>20个工作日内</td><td>√</td><td></td></tr>
    </table>"""
    t = one(html)
    assert t["header"] == ["序号", "公开事项/一级事项", "公开事项/二级事项", "公开内容（要素）", "公开依据",
                           "公开时限", "公开对象/全社会", "公开对象/特定群体"]
    assert t["rows"] == [["1", "最低生活保障", "审批结果", "姓名、金额", "《社会救助暂行办法》", "20个工作日内",
                          "√", ""]]


def test_a_merged_cell_fills_every_row_and_column_it_covers():
    html = (f"<table><tr>{HEADER}</tr>"
            "<tr><td>1</td><td rowspan='3'>最低生活保障</td><td>条件</td><td colspan='2'>办法第九条，20日</td>"
            "<td rowspan='2'>县民政局</td></tr>"
            "<tr><td>2</td><td>程序</td><td>办法</td><td>20日</td></tr>"
            "<tr><td>3</td><td>结果</td><td>办法</td><td>20日</td><td>乡镇</td></tr></table>")
    t = one(html)
    assert [r[1] for r in t["rows"]] == ["最低生活保障"] * 3
    assert t["rows"][0][3:5] == ["办法第九条，20日", "办法第九条，20日"]
    assert [r[5] for r in t["rows"]] == ["县民政局", "县民政局", "乡镇"]


def test_nbsp_is_empty_and_a_slash_is_kept():
    t = one(f"<table><tr>{HEADER}</tr><tr><td>1</td><td>招生入学</td><td>&nbsp;</td><td>/</td>"
            "<td>　\u200b</td><td>—</td></tr></table>")
    assert t["rows"] == [["1", "招生入学", "", "/", "", "—"]]


def test_a_trailing_rowspan_is_carried_into_short_rows():
    t = one(f"<table><tr>{HEADER}</tr><tr><td>1</td><td>甲</td><td>内</td><td>据</td><td>限</td>"
            "<td rowspan='2'>县局</td></tr><tr><td>2</td><td>乙</td><td>内</td><td>据</td><td>限</td></tr></table>")
    assert t["rows"][1] == ["2", "乙", "内", "据", "限", "县局"]


def test_a_layout_table_is_skipped_but_its_inner_catalog_is_read():
    # the page's frame: a menu row whose cells carry catalog words, the catalog in the next row
    html = ("<table class='layout'><tr><td>政务公开</td><td>公开指南</td><td>公开年报</td></tr>"
            f"<tr><td colspan='3'><table><tr>{HEADER}</tr><tr><td>1</td><td>甲</td>"
            "<td>内</td><td>据</td><td>限</td><td>县局</td></tr></table></td></tr></table>")
    t = one(html)
    assert t["header"][1] == "公开事项" and t["rows"] == [["1", "甲", "内", "据", "限", "县局"]]


def test_tables_that_are_no_catalog_are_not_kept():
    metadata = ("<table class='xxgk_table'><tr><td>索引号：</td><td>001/2024-1</td><td>公开方式：</td>"
                "<td>主动公开</td></tr><tr><td>发布机构：</td><td>县政府办</td><td>发布日期：</td>"
                "<td>2024-06-05</td></tr></table>")
    budget = ("<table><tr><td>科目</td><td>预算数</td><td>决算数</td></tr><tr><td>教育</td><td>1</td>"
              "<td>2</td></tr></table>")
    narrow = "<table><tr><th>公开事项</th><th>公开依据</th></tr><tr><td>甲</td><td>乙</td></tr></table>"
    assert tables_from_html(metadata + budget + narrow) == []


def test_a_long_catalog_is_capped_but_counted():
    body = "".join(f"<tr><td>{i}</td><td>事项{i}</td><td>内</td><td>据</td><td>限</td><td>局</td></tr>"
                   for i in range(MAX_ROWS + 25))
    t = one(f"<table><tr>{HEADER}</tr>{body}</table>")
    assert len(t["rows"]) == MAX_ROWS and t["total_rows"] == MAX_ROWS + 25
    # the budget is the page's: a second table after a full one keeps nothing
    small = (f"<table><tr>{HEADER}</tr><tr><td>1</td><td>甲</td><td>内</td><td>据</td><td>限</td><td>局</td></tr>"
             "</table>")
    assert len(tables_from_html(f"<table><tr>{HEADER}</tr>{body}</table>" + small)) == 1
    assert len(tables_from_html(small + small)) == 2


def test_hostile_spans_do_not_blow_up():
    t = one(f"<table><tr>{HEADER}</tr><tr><td rowspan='99999999'>1</td><td colspan='-3'>甲</td>"
            "<td colspan='x'>内</td><td>据</td><td>限</td><td>局</td></tr></table>")
    assert t["rows"] == [["1", "甲", "内", "据", "限", "局"]]


def test_grid_of_an_attachment_guesses_two_header_levels_from_repeated_texts():
    grid = [["序号", "公开事项", "公开事项", "公开依据", "公开时限", "公开主体"],
            ["序号", "一级事项", "二级事项", "公开依据", "公开时限", "公开主体"],
            [1, "社会救助", "低保", None, "20日", "县民政局"]]
    t = table_from_grid(grid)
    assert t["header"][:3] == ["序号", "公开事项/一级事项", "公开事项/二级事项"]
    assert t["rows"] == [["1", "社会救助", "低保", "", "20日", "县民政局"]]
    assert catalog_like(t["header"])


def test_trs_editor_word_paste_catalog_reaches_the_page_analysis():
    html = """<html><head><title>示范县义务教育领域标准目录</title>
    <meta name="ArticleTitle" content="示范县义务教育领域基层政务公开标准目录"></head><body>
    <div class="header"><table><tr><td><a href="/">首页</a></td></tr></table></div>
    <div class="TRS_Editor"><p>现公布目录如下。</p>
    <table class="MsoNormalTable" border="1" cellspacing="0">
    <tbody><tr><td><p class="MsoNormal"><span>序号</span></p></td><td><p><span>公开事项</span></p></td>
    <td><p><span>公开内容</span></p></td><td><p><span>公开依据</span></p></td>
    <td><p><span>公开时限</span></p></td><td><p><span>公开主体</span></p></td></tr>
    <tr><td><p><span>1</span></p></td><td><p><span>招生</span><span>入学</span></p></td>
    <td><p><span>范围</span></p></td><td><p><span>&nbsp;</span></p></td><td><p>20日</p></td>
    <td><p>县教育局</p></td></tr></tbody></table></div></body></html>"""
    a = analyse_page("http://127.0.0.1/zwgk/bzml/t1.html", html)
    assert len(a.tables) == 1
    assert a.tables[0]["rows"] == [["1", "招生入学", "范围", "", "20日", "县教育局"]]


def test_the_demo_catalog_pages_keep_their_tables():
    portal = build_portal(pages=60)
    catalogs = [p for p in portal.paths() if "/bzml/" in p and portal.routes[p][0] == "article"]
    assert len(catalogs) >= 5
    for path in catalogs:
        status, headers, body = portal.respond("GET", path, {}, b"")
        text, _ = decode_body(body, headers["Content-Type"])
        tables = analyse_page("http://127.0.0.1" + path, text).tables
        assert len(tables) == 1 and tables[0]["rows"], path
