"""The typo checker (rules.typo): spans, suggestions, guards, quiet correct prose, CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rules.typo.api import check_lines, check_text

ROOT = Path(__file__).resolve().parents[2]


def pairs(text, detectors=None):
    return [(h.evidence, h.suggestion, h.source) for h in check_text(text, detectors)]


def test_confusion_hit_has_span_suggestion_and_context():
    text = "全县已按装公共视频监控设备3200余台。"
    [hit] = check_text(text)
    assert (hit.evidence, hit.suggestion, hit.source) == ("按装", "安装", "confusion")
    assert text[hit.start:hit.end] == "按装" and hit.start == 3 and hit.end == 5
    assert "按装" in hit.context and len(hit.context) <= 2 * 10 + 2


@pytest.mark.parametrize("text,expected", [
    ("各单位要再接再励，确保完成任务。", ("再接再励", "再接再厉")),
    ("认真做好各项工作的布署落实。", ("布署", "部署")),
    ("截止目前，共受理申请120件。", ("截止", "截至")),
    ("截止到10月底，完成投资5亿元。", ("截止到", "截至")),
])
def test_confusion_pairs(text, expected):
    assert expected + ("confusion",) in pairs(text)


@pytest.mark.parametrize("text", [
    "申报截止日期为2026年12月31日，逾期不予受理。",
    "报名于5月31日截止。",
    "新建住房按装修标准验收。",
    "既使城市更美丽，又使群众更满意。",
])
def test_guards_keep_correct_usage_quiet(text):
    assert pairs(text, ["confusion"]) == []


def test_formulation_near_miss():
    hits = pairs("深入学习贯彻习近平新时代中国特色社会主意思想。")
    assert ("习近平新时代中国特色社会主意思想", "习近平新时代中国特色社会主义思想",
            "formulation") in hits
    assert ("人民攻府办公室", "人民政府办公室", "formulation") in pairs("示范县人民攻府办公室印发")


@pytest.mark.parametrize("text", [
    "深入学习贯彻习近平新时代中国特色社会主义思想，坚持和发展中国特色社会主义。",
    "示范县人民政府办公室关于印发优化营商环境若干措施的通知",
    "增强政治意识、大局意识、核心意识、看齐意识，坚定道路自信、理论自信、制度自信、文化自信。",
    "深化放管服改革，推进政务服务一网通办。",
])
def test_correct_formulations_are_quiet(text):
    assert pairs(text) == []


def test_correct_official_prose_has_no_findings():
    text = ("为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步深化放管服改革，"
            "结合我县实际，现就有关事项通知如下。各乡镇人民政府、县直各单位要高度重视，"
            "加强组织领导，明确责任分工，确保各项任务落到实处。县政府办公室将会同有关部门"
            "加强督促检查，对工作推进不力的单位予以通报。申报截止日期为2026年12月31日。")
    assert check_text(text) == []


def test_statistical_detector_suggests_the_word():
    assert ("二登奖", "二等奖", "statistical") in pairs("分为一等奖、二登奖2个等级。")


def test_detector_selection_and_unknown_detector():
    assert pairs("已按装设备。", ["formulation"]) == []
    with pytest.raises(ValueError):
        check_text("文本", ["nope"])


def test_check_lines_shape_and_line_numbers():
    out = list(check_lines(["这一行没有问题。", "", "已按装设备，再接再励。"]))
    assert [o["line"] for o in out] == [3, 3]
    first = out[0]
    assert first["rule"] == "text.typo"
    assert (first["evidence"], first["suggestion"], first["start"]) == ("按装", "安装", 1)
    assert {"line", "rule", "evidence", "suggestion", "start", "context"} <= set(first)
    json.dumps(first, ensure_ascii=False)


def _cli(*args, input_bytes=None):
    return subprocess.run([sys.executable, "-m", "audits.cli", "check-text", *args], cwd=ROOT,
                          input=input_bytes, capture_output=True, timeout=120)


def test_cli_outputs_json_lines(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("会议要求再接再励。\n全县已按装设备。\n", encoding="utf-8")
    result = _cli(str(path))
    assert result.returncode == 1, result.stderr.decode()  # 1: at least one finding
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [(r["line"], r["evidence"], r["suggestion"]) for r in rows] == [
        (1, "再接再励", "再接再厉"), (2, "按装", "安装")]


def test_cli_reads_gbk_and_rejects_what_is_not_text(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("全县已按装设备。".encode("gbk"))
    result = _cli(str(path))
    assert result.returncode == 1
    assert [json.loads(line)["evidence"] for line in result.stdout.decode("utf-8").splitlines()] == ["按装"]
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    result = _cli(str(binary))
    assert result.returncode == 2
    assert "UTF-8" in (result.stderr + result.stdout).decode("utf-8", "replace")
    clean = tmp_path / "clean.txt"
    clean.write_text("全县已安装设备。\n", encoding="utf-8")
    assert _cli(str(clean)).returncode == 0


def test_an_article_number_is_never_corrected_to_another_number():
    from rules.typo import ngram, statistical

    for text in ("第四十八条 违反本条例的规定，由县级以上人民政府责令改正。",
                 "第五十八条 本条例自公布之日起施行。"):
        assert check_text(text) == []
    assert not set(statistical.related("八")) & statistical.NUMERALS
    assert not set(ngram._related("八")) & statistical.NUMERALS
