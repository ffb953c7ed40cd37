"""The text.typo rule over a crawl: one finding per page and typo, stable fingerprints."""

from rules.testing import run_fixture
from rules.text_typo import TextTypo

B = "http://127.0.0.1:8000"


def crawl(text, title="县政府召开常务会议", kind="article", items=()):
    return {"pages": [{"url": f"{B}/a.html", "kind": kind, "title": title, "text": text}],
            "column_items": list(items)}


def test_message_evidence_and_data(run_rule):
    [f] = run_rule(TextTypo, crawl("会议要求，各单位要再接再励。"))
    assert f.message.startswith("「再接再励」疑为「再接再厉」的错别字，请核对后更正")
    assert "再接再励" in f.evidence
    assert f.data["evidence"] == "再接再励" and f.data["suggestion"] == "再接再厉"
    assert f.data["source"] == "confusion"
    assert f.severity == "扣分"


def test_repeated_typo_on_a_page_is_one_finding(run_rule):
    findings = run_rule(TextTypo, crawl("已按装设备。又按装设备。", title="按装设备的通知"))
    assert len(findings) == 1


def test_nav_pages_are_skipped_and_max_per_page(run_rule):
    assert run_rule(TextTypo, crawl("按装", kind="nav")) == []
    text = "按装。布署。再接再励。贯切。"
    assert len(run_rule(TextTypo, crawl(text), {"max_per_page": 2})) == 2


def test_listing_titles_are_checked(run_rule):
    items = [{"column_url": f"{B}/tzgg/", "url": f"{B}/b.html", "title": "关于按装路灯的通知",
              "date": "2026-11-01"}]
    findings = run_rule(TextTypo, crawl("正文无误。", items=items))
    assert [(f.url, f.data["evidence"]) for f in findings] == [(f"{B}/b.html", "按装")]


def test_fingerprint_stable_across_runs(tmp_path):
    path = TextTypo.fixture_paths()["bad"]
    a = sorted(f.fingerprint for f in run_fixture(TextTypo, path, tmp_path / "a"))
    b = sorted(f.fingerprint for f in run_fixture(TextTypo, path, tmp_path / "b"))
    assert a == b and len(set(a)) == len(a)


def test_advice_in_brackets_is_said_as_advice_not_offered_as_a_word(run_rule):
    findings = run_rule(TextTypo, crawl("我们要加强governance能力建设，提高服务水平。"))
    english = [f for f in findings if f.data["source"] == "script"]
    assert english, findings
    assert english[0].message.startswith("「governance」不规范，应改用规范汉字表述")
    assert "疑为「（" not in english[0].message
