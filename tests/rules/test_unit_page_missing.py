"""unit.page_missing: every department and 乡镇 has a disclosure page with content."""

from rules.unit_page_missing import UnitPageMissing, core_name, units_in_text

B = "http://127.0.0.1:8000"


def crawl(col, *columns, text="县政府工作部门：县教育局、县农业农村局。乡镇：城关镇、北岭镇人民政府。"):
    jg = col("/jgzn/", "机构职能", crumbs=["政府信息公开", "机构职能"])
    return {"columns": [jg, *columns],
            "pages": [{"url": f"{B}/jgzn/1.html", "kind": "article", "column_url": jg["url"],
                       "title": "示范县人民政府工作部门设置情况", "text": text}]}


def test_units_are_read_from_a_list():
    assert units_in_text("县政府工作部门：县教育局、县农业农村局。乡镇：城关镇、北岭镇人民政府。") == [
        "县教育局", "县农业农村局", "城关镇", "北岭镇人民政府"]
    assert units_in_text("县人民政府办公室是县人民政府的办事机构，协助处理日常工作。") == []
    assert core_name("示范县教育局", "示范县") == "教育局"
    assert core_name("北岭镇人民政府") == "北岭镇"


def test_units_without_pages_fire_at_the_list_page(run_rule, col):
    findings = run_rule(UnitPageMissing, crawl(col, col("/nyj/", "县农业农村局", kind="nav", items=0),
                                               col("/nyj/dt/", "农业工作动态", crumbs=["县农业农村局", "农业工作动态"]),
                                               col("/cgz/", "城关镇动态", crumbs=["各乡镇", "城关镇动态"])))
    assert sorted(f.data["unit"] for f in findings) == ["北岭镇人民政府", "县教育局"]
    assert {f.url for f in findings} == {f"{B}/jgzn/1.html"}


def test_a_page_with_only_blank_columns_fires(run_rule, col):
    findings = run_rule(UnitPageMissing, crawl(col, col("/jy/", "县教育局", kind="nav", items=0),
                                               col("/jy/dt/", "教育动态", items=0, crumbs=["县教育局", "教育动态"]),
                                               text="工作部门：县教育局"))
    assert [(f.data["unit"], f.data["state"]) for f in findings] == [("县教育局", "blank")]


def test_units_from_the_site_setting_point_at_home(run_rule, col):
    findings = run_rule(UnitPageMissing, {"columns": [col("/cgz/", "城关镇")]}, {"units": ["城关镇", "东岭镇"]})
    assert [(f.data["unit"], f.url) for f in findings] == [("东岭镇", f"{B}/")]


def test_no_unit_list_no_finding(run_rule, col):
    assert run_rule(UnitPageMissing, {"columns": [col("/gzdt/", "工作动态")]}) == []


def _directory(col, state):
    data = crawl(col, text="工作部门：县教育局")
    data["links"] = [
        {
            "source_url": f"{B}/jgzn/1.html",
            "target_url": "http://jyj.example.gov.cn/",
            "anchor": "县教育局",
            "kind": "external",
            "hidden": 0,
        }
    ]
    data["targets"] = [
        {"url": "http://jyj.example.gov.cn/", "status": 404 if state == "broken" else 200, "state": state}
    ]
    return data


def test_a_directory_link_to_the_units_own_page_counts(run_rule, col):
    assert run_rule(UnitPageMissing, _directory(col, "ok")) == []


def test_a_broken_directory_link_fires(run_rule, col):
    findings = run_rule(UnitPageMissing, _directory(col, "broken"))
    assert [(f.data["state"], f.target) for f in findings] == [("broken", "http://jyj.example.gov.cn/")]
