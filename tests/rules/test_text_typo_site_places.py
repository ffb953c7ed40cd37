"""text.typo leaves alone the place the site's own links name as an authority (温洲市人民政府: a
fictional city the checker alone reads as a slip of 温州; 示州 was used until the model of official
writing stopped guessing 宿州 for it)."""

from rules.text_typo import TextTypo

B = "http://127.0.0.1:8000"
TITLE = "关于《温洲市城市绿化管理条例》的政策解读"


def crawl(anchors):
    return {"pages": [{"url": f"{B}/", "kind": "home", "title": "示范县人民政府", "text": ""},
                      {"url": f"{B}/zcjd/1.html", "kind": "article", "title": TITLE,
                       "text": "条例由市人大常委会审议通过，现将主要内容解读如下。"}],
            "links": [{"source_url": f"{B}/", "target_url": f"http://other.example/{i}", "anchor": a,
                       "kind": "external"} for i, a in enumerate(anchors)]}


def test_city_the_site_links_as_an_authority_is_not_a_typo(run_rule):
    assert run_rule(TextTypo, crawl(["温洲市人民政府", "温洲市政务服务网"])) == []


def test_same_city_without_such_a_link_is_still_guessed(run_rule):
    """The statistical guess is there to suppress: without the site's link it is reported."""
    findings = run_rule(TextTypo, crawl(["县公共资源交易中心"]))
    assert [(f.data["evidence"], f.data["suggestion"]) for f in findings] == [("温洲", "温州")]
