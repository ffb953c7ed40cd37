"""The 文号 grammar table (rules.docnumber), GB/T 9704—2012 §7.2.5."""

import pytest

from rules.docnumber import (
    FAULT_AGENCY,
    FAULT_BRACKET,
    FAULT_CN_SEQ,
    FAULT_DI,
    FAULT_FULLWIDTH,
    FAULT_HAO,
    FAULT_NO_YEAR,
    FAULT_PADDING,
    FAULT_SPACE,
    FAULT_YEAR,
    check_number,
    find_numbers,
    has_number,
    is_absent,
    looks_like_number,
    same_number,
    split_numbers,
)


@pytest.mark.parametrize("value, faults, suggestion", [
    ("平政办发〔2020〕70号", [], "平政办发〔2020〕70号"),
    ("国务院令第711号", [], "国务院令第711号"),
    ("平政办发（2020）70号", [FAULT_BRACKET], "平政办发〔2020〕70号"),
    ("平政办发(2020)70号", [FAULT_BRACKET], "平政办发〔2020〕70号"),
    ("平政办发[2020]70号", [FAULT_BRACKET], "平政办发〔2020〕70号"),
    ("平政办发【2020】70号", [FAULT_BRACKET], "平政办发〔2020〕70号"),
    ("平政办发﹝2020﹞70号", [FAULT_BRACKET], "平政办发〔2020〕70号"),
    ("平政办发2020年70号", [FAULT_BRACKET], "平政办发〔2020〕70号"),
    ("平政办发〔20〕70号", [FAULT_YEAR], "平政办发〔2020〕70号"),
    ("平政办发〔2020〕070号", [FAULT_PADDING], "平政办发〔2020〕70号"),
    ("平政办发〔2020〕第70号", [FAULT_DI], "平政办发〔2020〕70号"),
    ("平政办发 〔2020〕70号", [FAULT_SPACE], "平政办发〔2020〕70号"),
    ("平政办发〔2020〕\u300070号", [FAULT_SPACE], "平政办发〔2020〕70号"),
    ("平政办发〔２０２０〕７０号", [FAULT_FULLWIDTH], "平政办发〔2020〕70号"),
    ("平政办发〔2020〕十二号", [FAULT_CN_SEQ], "平政办发〔2020〕12号"),
    ("平政办发〔2020〕70", [FAULT_HAO], "平政办发〔2020〕70号"),
    ("平政办发(20)第007号", [FAULT_BRACKET, FAULT_YEAR, FAULT_DI, FAULT_PADDING],
     "平政办发〔2020〕7号"),
    ("〔2020〕70号", [FAULT_AGENCY], ""),
    ("民初字第36号", [FAULT_NO_YEAR, FAULT_DI], ""),
])
def test_grammar_table(value, faults, suggestion):
    check = check_number(value)
    assert check.faults == faults
    assert check.suggestion == suggestion
    assert check.ok is (not faults)


@pytest.mark.parametrize("value", ["", "无", " 暂无 ", "/", "—", None])
def test_absent_values(value):
    assert is_absent(value)
    assert check_number(value or "").ok


def test_values_that_are_not_document_numbers():
    assert not looks_like_number("HHCR-2023-01005")
    assert not looks_like_number("见附件")
    assert looks_like_number("平政办发(2020)70")


def test_split_joint_numbers():
    assert split_numbers("示政发〔2026〕1号；示财发〔2026〕2号") == ["示政发〔2026〕1号", "示财发〔2026〕2号"]


def test_numbers_in_running_text():
    text = "根据《办法》（示政发〔2026〕12号）和示财发[2025]3号文件，于2026年3月1日起施行。"
    assert find_numbers(text) == ["示政发〔2026〕12号", "示财发[2025]3号"]
    assert has_number("国务院令第711号公布")
    assert not has_number("2026年3月1日起施行，第5条")


def test_same_number_tolerates_leading_words_and_brackets():
    assert same_number("县政府印发的示政发〔2026〕12号", "示政发（2026）12号")
    assert not same_number("示政发〔2026〕12号", "示政发〔2026〕13号")
    assert not same_number("示政发〔2026〕12号", "示财发〔2026〕12号")


def test_seed_defect_space_inside_a_cited_number():
    # seed 001 (福建 2019 tasks) cites 国办发〔2019〕14 号 with a space before 号
    text = "《国务院办公厅关于印发2019年政务公开工作要点的通知》（国办发〔2019〕14 号）"
    assert find_numbers(text) == ["国办发〔2019〕14 号"]
    check = check_number(find_numbers(text)[0])
    assert check.faults == [FAULT_SPACE] and check.suggestion == "国办发〔2019〕14号"


def test_own_number_skips_numbers_the_text_cites():
    from rules.docnumber import own_number

    assert own_number("示政办〔2026〕5号\n各乡镇：") == "示政办〔2026〕5号"
    assert own_number("根据国办发〔2020〕42号文件精神") is None
    assert own_number("《关于…的通知》（国发〔2020〕3号）要求") is None
    assert own_number("转发省政府闽政〔2019〕7号文件") is None
    assert own_number("根据上级要求。示政〔2026〕8号") == "示政〔2026〕8号"
