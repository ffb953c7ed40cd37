"""privacy.exposed and its detector rules.pii: what counts as a personal number, masking."""

from datetime import date

import pytest

from rules import pii
from rules.privacy_exposed import PrivacyExposed

ID18 = "350102199003071234"  # valid check digit
MOBILE = "13812345678"
CARD = "6222021234567890128"  # passes Luhn
URL = "http://127.0.0.1:8000/gs/t1.html"


def page(text, title="公示"):
    return {"pages": [{"url": URL, "kind": "article", "title": title, "text": text}]}


@pytest.mark.parametrize("number, ok", [
    (ID18, True),
    ("350102199003071235", False),  # wrong check digit
    ("11010519491231002X", True), ("11010519491231002x", True),
    ("350102199013071234", False),  # month 13
    ("990102199003071231", False),  # no such province
])
def test_id18_check_digit_and_birth_date(number, ok):
    assert pii.is_id18(number) is ok


def test_id_born_after_as_of_is_not_an_id():
    future = "35010220270101001"
    number = future + pii.id_check_digit(future)
    assert pii.is_id18(number, date(2026, 11, 20)) is False
    assert pii.is_id18(number, date(2028, 1, 1)) is True


def test_fifteen_digit_ids_need_a_plausible_date():
    assert pii.is_id15("350102900307123") is True
    assert pii.is_id15("350102901307123") is False


@pytest.mark.parametrize("number, ok", [(CARD, True), ("6222021234567890127", False),
                                        ("6222 0212 3456 7890 128", True),
                                        ("1234567812345670", False)])  # Luhn ok, no network prefix
def test_bank_cards_need_luhn_and_a_prefix(number, ok):
    assert pii.is_bank_card(number) is ok


def test_mobile_not_inside_longer_digit_runs():
    assert [h.kind for h in pii.find_numbers(f"电话{MOBILE}。")] == ["mobile"]
    assert [h.kind for h in pii.find_numbers("138-1234-5678")] == ["mobile"]
    assert pii.find_numbers("编码2" + MOBILE + "9") == []
    assert pii.find_numbers("编码" + MOBILE + "9") == []
    assert pii.find_numbers("12812345678") == []  # 12x is not a mobile prefix


@pytest.mark.parametrize("text", ["138****1234", "35**************23", "350102********1234",
                                  "6222***********0128"])
def test_masked_forms_pass(text):
    assert pii.find_numbers(f"张三 {text} 李四") == []


@pytest.mark.parametrize("text", [f"县民政局联系电话：{MOBILE}", f"咨询电话：{MOBILE}",
                                  f"监督举报电话 {MOBILE}", f"文号：{CARD}", f"项目编号{ID18}"])
def test_office_contacts_and_labelled_codes_pass(text):
    assert pii.find_numbers(text) == []


def test_a_persons_contact_line_is_not_an_office():
    assert [h.kind for h in pii.find_numbers(f"张某某 联系电话：{MOBILE}")] == ["mobile"]


def test_masks():
    assert pii.mask(pii.ID_CARD, ID18) == "350102********1234"
    assert pii.mask(pii.MOBILE, MOBILE) == "138****5678"
    assert pii.mask(pii.BANK_CARD, CARD) == "6222***********0128"


def test_contexts_never_carry_a_full_number():
    text = f"张三{ID18}，{MOBILE}，卡号{CARD}。县民政局联系电话：13912345678"
    hits = pii.find_numbers(text)
    assert [h.kind for h in hits] == ["id_card", "mobile", "bank_card"]
    for excerpt in pii.contexts(text, hits, width=40):
        for number in (ID18, MOBILE, CARD, "13912345678"):
            assert number not in excerpt
    assert "350102********1234" in pii.contexts(text, hits)[0]


def test_rule_one_finding_per_kind_with_masked_evidence(run_rule):
    text = f"1 张某某 {ID18} {MOBILE} 2 李某 11010519491231002X 13956781234 卡号 {CARD}"
    findings = run_rule(PrivacyExposed, page(text))
    by_kind = {f.data["kind"]: f for f in findings}
    assert set(by_kind) == {"id_card", "mobile", "bank_card"}
    assert by_kind["id_card"].data["count"] == 2 and by_kind["mobile"].data["count"] == 2
    assert "350102********1234" in by_kind["id_card"].data["masked"]
    for f in findings:
        blob = f.message + f.evidence + str(f.data) + f.fingerprint
        for number in (ID18, MOBILE, CARD, "11010519491231002X", "13956781234"):
            assert number not in blob
    assert len({f.fingerprint for f in findings}) == 3


def test_rule_quiet_on_masked_lists_and_the_kinds_setting(run_rule):
    assert run_rule(PrivacyExposed, page("张某某 350102********1234 138****5678")) == []
    findings = run_rule(PrivacyExposed, page(f"{ID18} {MOBILE}"), {"kinds": ["mobile"]})
    assert [f.data["kind"] for f in findings] == ["mobile"]


def test_number_in_title_is_found(run_rule):
    findings = run_rule(PrivacyExposed, page("正文无号码。", title=f"关于张某某（{ID18}）的公示"))
    assert [f.data["kind"] for f in findings] == ["id_card"]


def test_pages_are_reported_in_url_order_whatever_order_they_were_stored_in(run_rule):
    urls = [f"http://127.0.0.1:8000/gs/t{i}.html" for i in (9, 3, 7, 1, 5)]  # stored out of order
    crawl = {"pages": [{"url": u, "kind": "article", "title": "公示", "text": f"联系人手机{MOBILE}。"} for u in urls]}
    assert [f.url for f in run_rule(PrivacyExposed, crawl)] == sorted(urls)
