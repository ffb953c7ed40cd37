"""text.expression: leaders' titles and names, fixed formulations, plenary names, removed officials."""

from pathlib import Path

import pytest

from rules.base import NotConfigured
from rules.expression import detect
from rules.text_expression import TextExpression, build_lexicon

URL = "http://127.0.0.1:8000/zwgk/gzdt/t1.html"
LEX = TextExpression().lexicon


def kinds(text, lex=LEX, day=None):
    return [(p.kind, p.evidence) for p in detect.check(text, lex, day)]


@pytest.mark.parametrize("text, expected", [
    ("深入学习贯彻李强总书记重要讲话精神", [("leader_title", "李强总书记")]),
    ("国家主席韩正出席", [("leader_title", "国家主席韩正")]),
    ("韩正主席出席", [("leader_title", "韩正主席")]),
    ("习近萍总书记指出", [("leader_name", "习近萍")]),
    ("李墙总理主持会议", [("leader_name", "李墙")]),
])
def test_leader_errors(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "习近平总书记指出", "国务院总理李强", "国家副主席韩正", "习近平总书记、李强总理",
    "县政协主席李强出席", "市总工会主席李强", "村民李强", "李强同志",
    "张强总理",  # not the same sound as 李强
])
def test_leader_correct_or_not_a_leader(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text, kind, evidence", [
    ("牢固树立政治意识、核心意识、大局意识、看齐意识", "formulation_order", "政治意识、核心意识、大局意识、看齐意识"),
    ("坚定道路自信、制度自信、理论自信、文化自信", "formulation_order", "道路自信、制度自信、理论自信、文化自信"),
    ("坚定道路自信、理论自信、制度自信、文明自信", "formulation_word", "文明自信"),
    ("全党的核心、党中央的核心", "formulation_order", "全党的核心、党中央的核心"),
    ("统筹推进经济建设、文化建设、政治建设、社会建设、生态文明建设", "formulation_order",
     "经济建设、文化建设、政治建设、社会建设、生态文明建设"),
])
def test_formulation_errors(text, kind, evidence):
    assert kinds(text) == [(kind, evidence)]


@pytest.mark.parametrize("text", [
    "增强政治意识、大局意识、核心意识、看齐意识", "坚定道路自信、理论自信、制度自信、文化自信",
    "坚决维护习近平总书记党中央的核心、全党的核心地位",
    "增强核心意识和看齐意识",  # two of four, in order
    "经济建设、政治建设、文化建设、社会建设、生态文明建设和党的建设",
])
def test_formulations_right(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text, expected", [
    ("学习贯彻党的十九大五中全会精神", [("plenary", "十九大五中全会")]),
    ("十九届八中全会", [("plenary", "十九届八中全会")]),
    ("党十九大以来", [("wrong_form", "党十九大")]),
    ("党的十九届五中全会和二十届三中全会", []),
])
def test_plenary_forms(text, expected):
    assert kinds(text) == expected


def test_removed_official_only_after_removal_and_only_with_a_title():
    from datetime import date

    lex = build_lexicon({**TextExpression().config,
                         "removed_officials": [{"name": "王某某", "removed": "2026-03-01"}]})
    text = "副县长王某某出席会议"
    assert kinds(text, lex, date(2026, 5, 1)) == [("removed", "王某某")]
    assert kinds(text, lex, None) == [("removed", "王某某")]  # undated: ask the inspector
    assert kinds(text, lex, date(2025, 5, 1)) == []
    assert kinds("王某某等群众", lex, date(2026, 5, 1)) == []
    assert kinds(text) == []  # nobody listed: nothing checked


def test_settings_extend_the_lexicons(tmp_path):
    extra = tmp_path / "leaders.tsv"
    extra.write_text("# date: 2026-11-30; source: test\n张三\t省长|同志\n", encoding="utf-8")
    lex = build_lexicon({**TextExpression().config, "leader_files": [str(extra)],
                         "formulations": [{"name": "三个务必", "items": ["甲务必", "乙务必", "丙务必"]}],
                         "wrong_forms": {"错写法": "对写法"}})
    assert kinds("张三总理", lex) == [("leader_title", "张三总理")]
    assert kinds("丙务必、乙务必、甲务必", lex) == [("formulation_order", "丙务必、乙务必、甲务必")]
    assert kinds("这是错写法", lex) == [("wrong_form", "错写法")]


@pytest.mark.parametrize("settings", [{"leader_files": ["/nonexistent/leaders.tsv"]},
                                      {"leaders": [{"name": "张三"}]},
                                      {"removed_officials": [{"name": "王某某", "removed": "2026-13-01"}]}])
def test_bad_settings_say_what_to_fix(settings):
    with pytest.raises(NotConfigured, match="text.expression"):
        TextExpression(settings)


def test_data_files_carry_date_and_source():
    for path in sorted(Path(detect.DATA_DIR).glob("*.tsv")):
        head = detect.header(path)
        assert head.startswith("date: 20") and "source:" in head, path.name


def test_rule_is_a_veto_candidate_not_a_veto(run_rule):
    page = {"url": URL, "kind": "article", "title": "学习会", "text": "传达学习李强总书记重要讲话精神。"}
    findings = run_rule(TextExpression, {"pages": [page]})
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "提示" and f.data["veto_candidate"] is True
    assert "单项否决" in f.message and "确认" in f.message
    assert f.url == URL
