"""The text rules over attachment text: findings point at the attachment, linking pages in data."""

from rules.attachment_unreadable import AttachmentUnreadable
from rules.privacy_exposed import PrivacyExposed
from rules.text_typo import TextTypo

PAGE = "http://127.0.0.1:8000/zwgk/tzgg/t1.html"
XLSX = "http://127.0.0.1:8000/zwgk/tzgg/P020261114000903.xlsx"


def att(text="", error="", url=XLSX):
    return {"attachments": [{"url": url, "linked_from": PAGE + "\n" + PAGE.replace("t1", "t2"),
                             "content_type": "application/pdf", "bytes": 100, "text": text, "error": error}]}


def test_privacy_in_an_attachment(run_rule):
    findings = run_rule(PrivacyExposed, att("1 陈某某 350102199003071234"))
    assert [(f.url, f.data["kind"]) for f in findings] == [(XLSX, "id_card")]
    assert findings[0].data["attachment"] is True
    assert findings[0].data["linked_from"] == [PAGE, PAGE.replace("t1", "t2")]
    assert "附件" in findings[0].message and "350102199003071234" not in findings[0].evidence


def test_typo_in_an_attachment(run_rule):
    findings = run_rule(TextTypo, att("公示期内，一但发现不符合条件的，请及时反映。"))
    assert [(f.url, f.data["evidence"], f.target) for f in findings] == [(XLSX, "一但", PAGE)]


def test_unreadable_attachments(run_rule):
    assert [f.data["error"] for f in run_rule(AttachmentUnreadable, att(error="无法读取文字"))] == ["无法读取文字"]
    for error in ("HTTP 404", "暂不支持读取该格式", "无法下载：URLError"):
        assert run_rule(AttachmentUnreadable, att(error=error)) == []


def test_malformed_doc_number_at_the_head_of_an_attachment(run_rule):
    from rules.doc_number_malformed import DocNumberMalformed

    head = "示范县人民政府文件\n示政(2026)21号\n示范县人民政府关于印发实施细则的通知"
    data = {**att(head), "pages": [{"url": PAGE, "kind": "article", "title": "关于印发实施细则的通知"}]}
    findings = run_rule(DocNumberMalformed, data)
    assert [(f.url, f.data["doc_number"]) for f in findings] == [(XLSX, "示政(2026)21号")]
    assert "关于印发实施细则的通知（附件）" in findings[0].message
    assert findings[0].data["linked_from"][0] == PAGE
    cited = "根据《示范县某办法》（示政(2026)3号）规定，现通知如下。"
    assert run_rule(DocNumberMalformed, att(cited)) == []  # a citation, not the document's own number
    assert run_rule(DocNumberMalformed, att("示政〔2026〕21号\n关于印发实施细则的通知")) == []
