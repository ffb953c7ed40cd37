"""The model of official writing (rules/typo/govlm.py, data/gov_ngrams.tsv.gz): a guess of the
statistical detectors that official text does not prefer to what is written is dropped."""

import pytest

from rules.typo import api, govlm

LAW = "尚不构成犯罪的，依法给予处分。"


@pytest.fixture
def official():
    """A small model in which 尚不构成 is official phrasing and 上不 never occurs."""
    govlm.install({**{c: 50 for c in set(LAW) if "\u4e00" <= c <= "\u9fff"},
                   "尚不": 40, "不构": 40, "构成": 60, "尚不构": 40, "不构成": 40, "尚不构成": 40,
                   "上": 30, "上级": 20})
    yield
    govlm.install(None)


def test_counts_and_followers_read_the_sorted_keys(official):
    assert govlm.count("尚不构") == 40
    assert govlm.count("上不构") == 0
    assert govlm.followers("尚") == 1  # 尚不
    assert govlm.followers("上") == 1  # 上级


def test_the_written_official_phrase_reads_better_than_the_suggestion(official):
    # 尚 → 上 at position 0: official text never writes 上不构成
    assert govlm.gain(LAW, 0, 1, "上") < 0
    assert govlm.vetoed(LAW, 0, 1, "上", "ngram")
    assert not govlm.vetoed(LAW, 0, 1, "上", "confusion")  # curated lists are not second-guessed


def test_a_suggestion_official_text_prefers_is_kept(official):
    wrong = "上不构成犯罪的，依法给予处分。"
    assert govlm.gain(wrong, 0, 1, "尚") > 0
    assert not govlm.vetoed(wrong, 0, 1, "尚", "ngram")


def test_without_counts_nothing_is_vetoed():
    govlm.install({})
    try:
        assert not govlm.vetoed(LAW, 0, 1, "上", "ngram")
    finally:
        govlm.install(None)


def test_check_text_drops_a_guess_official_text_contradicts(monkeypatch):
    from rules.typo import common

    guess = common.make_hit(LAW, 0, 2, "上不", "ngram", 12.0)
    monkeypatch.setitem(api.DETECTORS, "ngram", lambda text, **_: [guess] if text == LAW else [])
    govlm.install({"尚不构成": 40, "尚不构": 40, "尚不": 40, "不构成": 40, "构成": 40, "不构": 40,
                   "尚": 40, "不": 80, "构": 40, "成": 40, "上": 40, "上级": 40})
    try:
        assert api.check_text(LAW, ["ngram"]) == []
        govlm.install({"上": 40, "上不": 40, "上不构": 40, "上不构成": 40, "不构": 40, "不构成": 40,
                       "构成": 40, "尚": 1, "不": 40, "构": 40, "成": 40})
        assert [h.suggestion for h in api.check_text(LAW, ["ngram"])] == ["上不"]
    finally:
        govlm.install(None)


def test_the_shipped_model_knows_legal_phrasing():
    assert govlm.count("尚不构成") > 100
    assert govlm.count("上不构成") == 0


def test_established_counts_the_written_pair_the_suggestion_would_break(official):
    # 尚 → 上 at 0 breaks 尚不 (40 in official writing): 上不 is the pair the change would form
    assert govlm.established(LAW, 0, 1, "上") == 40
    assert govlm.established(LAW, 0, 2, "上不") == 40  # a hit shows the word: one character changes
    assert govlm.established(LAW, 0, 2, "上级") == 0  # two characters change


def test_an_established_written_pair_vetoes_a_guess_when_switched_on(official, monkeypatch):
    monkeypatch.setitem(govlm.MARGINS, "ngram", float("-inf"))  # the gain alone never vetoes
    text = "上级部门应当依法处理。"  # 上级: 20 in the official model above
    assert govlm.ESTABLISHED == 1000
    assert not govlm.vetoed(text, 0, 2, "尚级", "ngram")
    monkeypatch.setattr(govlm, "ESTABLISHED", None)
    assert not govlm.vetoed(text, 0, 2, "尚级", "ngram")
    monkeypatch.setattr(govlm, "ESTABLISHED", 20)
    assert govlm.vetoed(text, 0, 2, "尚级", "ngram")
    monkeypatch.setattr(govlm, "ESTABLISHED", 21)
    assert not govlm.vetoed(text, 0, 2, "尚级", "ngram")
