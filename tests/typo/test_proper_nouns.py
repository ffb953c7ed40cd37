"""Precision guards: proper nouns the dictionary lacks are not "corrected"."""

from rules.text_typo import TextTypo
from rules.typo.api import check_text

B = "http://127.0.0.1:8000"


def guesses(text):
    return [(h.evidence, h.suggestion) for h in check_text(text, ["statistical"])]


def test_a_person_named_after_their_post_is_not_a_typo():
    assert guesses("王喆检查农业生产。") == [("王喆", "王者")]  # without context it is flagged
    assert guesses("县农业农村局副局长王喆检查农业生产。") == []


def test_the_agency_code_of_a_document_number_is_not_a_typo():
    assert guesses("根据《通知》（示政〔2026〕9号）要求，做好申报。") == []


def test_a_statistical_guess_recurring_on_several_pages_is_dropped(run_rule):
    pages = [{"url": f"{B}/{i}.html", "kind": "article", "title": f"通知{i}",
              "text": "王喆检查农业生产。"} for i in range(2)]
    assert run_rule(TextTypo, {"pages": pages}) == []
    one = run_rule(TextTypo, {"pages": pages[:1]})
    assert [f.data["evidence"] for f in one] == ["王喆"]
    # A confusion-list typo is reported on every page, however often it recurs.
    for p in pages:
        p["text"] = "已按装监控设备。"
    assert len(run_rule(TextTypo, {"pages": pages})) == 2


def test_the_recurrence_threshold_is_a_setting(run_rule):
    pages = [{"url": f"{B}/{i}.html", "kind": "article", "title": f"通知{i}",
              "text": "王喆检查农业生产。"} for i in range(2)]
    assert len(run_rule(TextTypo, {"pages": pages}, {"recurring_pages": 3})) == 2


def _shown(text):
    from rules.typo.propernouns import protected

    return "".join(text[i] for i in sorted(protected(text)))


def test_a_place_suffix_inside_a_common_word_protects_nothing():
    # 组 is no place suffix (组成, 组织, 工作组), and 乡/村 inside 城乡建设, 农村, 乡村振兴 end no name
    assert _shown("民政部是国务原组成部门。") == ""
    assert _shown("肇庆市广宁县工做组。") == ""
    assert _shown("会同国务院往房城乡建设部门。") == ""
    assert _shown("县级人民政府农亚农村主管部门。") == ""
    assert _shown("大力推进乡村振兴。") == ""


def test_a_place_suffix_ending_a_name_still_protects_it():
    assert _shown("岗王镇政府召开会议。") == "岗王"
    assert _shown("王庄村开展巡查。") == "王庄"
    assert _shown("中山社区居委会。") == "中山社区"


def test_a_post_protects_only_the_chinese_right_after_it_and_only_as_a_word_of_its_own():
    assert _shown("局党组书记、巨长。") == ""       # after the comma comes no name
    assert _shown("育独到委员会组陈人员。") == ""    # 委员 heads 委员会: no post
    assert _shown("副局长王喆。") == "王喆"
    assert _shown("责任编辑：李四") == "李四"


def test_a_list_of_common_words_or_offices_is_no_list_of_names():
    assert _shown("提供、摘录、复至、拍摄、保存。") == ""
    assert _shown("新闻出版厂电局、体育局、卫健委。") == ""
    assert _shown("参加人员：张伟、李娜、王芳。") == "张伟、李娜、王芳"


def test_a_typo_next_to_a_common_word_with_a_place_suffix_is_found():
    assert ("国务原", "国务院") in guesses("民政部是国务原组成部门。")


def test_a_firms_name_before_its_legal_form_and_a_street_name_are_protected():
    assert _shown("中国一冶集团承建。") == "中国一冶"
    assert _shown("湖南佳惠百货有限责任公司。") == "佳惠百货"
    assert _shown("洪山区珞南街党委。") == "区珞南"


def test_the_statistical_detector_reads_a_place_suffix_as_jieba_segments_it():
    from rules.typo import statistical

    assert statistical._in_place_name("岗王镇", 0)          # 岗 two before the 镇 of a name
    assert not statistical._in_place_name("往房城乡建设", 1)  # 房 before the 乡 of 城乡
    assert not statistical._in_place_name("农亚农村", 1)      # 亚 before the 村 of 农村
