"""Traditional characters and stray English words in simplified official text."""

from rules.typo.api import check_text


def spans(text):
    return [(h.evidence, h.suggestion, h.source) for h in check_text(text, ["script"])]


def test_traditional_characters_are_flagged_with_the_simplified_form():
    assert spans("要认真总结經驗，推动工作。") == [("經驗", "经验", "script")]


def test_words_that_keep_such_characters_in_simplified_chinese_are_not_flagged():
    assert spans("乾隆年间著作颇丰，登上瞭望塔。") == []


def test_an_english_word_wedged_into_a_chinese_sentence_is_flagged():
    found = spans("提高行政efficiency，优化服务。") + spans("提升政务服务 efficiency 和群众满意度")
    assert [f[0] for f in found] == ["efficiency", "efficiency"]


def test_acronyms_brands_and_addresses_are_not_flagged():
    assert spans("推进PM2.5治理与App建设，GDP增长，详见 www.gov.cn 网站。") == []
