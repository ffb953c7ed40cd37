"""Words of official documents jieba's dictionary lacks (data/gov_words.tsv, built from laws,
regulations and 政府工作报告 by benchmarks/typo_build.py --gov-text) are real words: the
statistical detectors leave them alone."""

from rules.typo import lexicon, lm, statistical
from rules.typo.api import check_text


def test_the_shipped_list_holds_official_words_jieba_lacks():
    words = set(lexicon.gov_words())
    assert {"渔政", "提质"} <= words
    assert "经济" not in words  # jieba holds it often: not listed
    assert lm.word_freq("提质") >= statistical.RARE_WORD_FREQ


def test_an_official_word_jieba_lacks_is_not_corrected():
    # without the list: 提质 → 地质 (statistical detector)
    assert check_text("推动传统产业提质增效，加快转型升级。") == []
    assert check_text("实施农业提质工程。") == []


def test_a_real_slip_next_to_such_a_word_is_still_found():
    hits = check_text("推动传统产业提质增效，加快转形升级。")
    assert [h.suggestion for h in hits] and all("提质" not in h.evidence for h in hits)
