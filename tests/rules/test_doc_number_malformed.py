"""doc.number_malformed: every fault named, the corrected form suggested."""

from rules.doc_number_malformed import DocNumberMalformed

B = "http://127.0.0.1:8000"


def docs(*numbers):
    return {"documents": [{"url": f"{B}/d{i}.html", "title": f"文件{i}", "doc_number": n}
                          for i, n in enumerate(numbers)]}


def test_faults_and_suggestion_in_the_message(run_rule):
    findings = run_rule(DocNumberMalformed, docs("平政办发(2020)第070号"))
    assert len(findings) == 1
    message = findings[0].message
    for fault in ("年份应使用六角括号〔〕", "不应加“第”字", "序号不应编虚位"):
        assert fault in message
    assert "平政办发〔2020〕70号" in message
    assert findings[0].data["suggestion"] == "平政办发〔2020〕70号"
    assert "平政办发(2020)第070号" in findings[0].evidence


def test_space_and_short_year(run_rule):
    findings = run_rule(DocNumberMalformed, docs("示政发 〔26〕 7号"))
    assert findings[0].data["faults"] == ["文号中不应有空格", "年份应为四位"]
    assert findings[0].data["suggestion"] == "示政发〔2026〕7号"


def test_correct_absent_order_and_non_numbers_are_quiet(run_rule):
    assert run_rule(DocNumberMalformed, docs("示政发〔2026〕7号", "无", "", "示范县人民政府令第3号",
                                             "HHCR-2023-01005")) == []


def test_joint_numbers_are_judged_one_by_one(run_rule):
    findings = run_rule(DocNumberMalformed, docs("示政发〔2026〕7号；示财发(2026)8号"))
    assert len(findings) == 1
    assert "示财发〔2026〕8号" in findings[0].message
    assert "示政发〔2026〕7号”改为" not in findings[0].message


def test_one_finding_per_document_with_stable_fingerprint(run_rule):
    a = run_rule(DocNumberMalformed, docs("示政发(2026)7号"))
    b = run_rule(DocNumberMalformed, docs("示政发[2026]07号"))
    assert a[0].fingerprint == b[0].fingerprint
