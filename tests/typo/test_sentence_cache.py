"""The per-run sentence cache: each distinct sentence is checked once, the hits are the same."""

from __future__ import annotations

from rules.typo import api

BOILERPLATE = "截止目前，已按装监控设备3台。深入学习贯彻习近平新时代中国特色社会主意思想。"


def test_cached_hits_equal_uncached_hits_with_contexts_of_the_whole_text():
    texts = [BOILERPLATE + "大力培育发展大数局产业。" + BOILERPLATE,
             "既使这样。也要做好工作；" + BOILERPLATE,
             "本页没有错字。" + BOILERPLATE]
    cache = api.SentenceCache()
    for text in texts:
        assert api.check_text(text, cache=cache) == api.check_text(text)
    assert len(api.check_text(texts[0], cache=cache)) >= 4  # the repeated sentences report twice


def test_each_distinct_sentence_is_checked_once():
    cache = api.SentenceCache()
    for _ in range(5):
        api.check_text(BOILERPLATE * 3, cache=cache)
    per_detector = len(api.SENTENCE_LOCAL)
    assert cache.checked == 2 * per_detector  # two distinct sentences
    assert cache.reused == (5 * 3 * 2 - 2) * per_detector


def test_sentences_never_cut_a_short_parenthetical_and_skip_text_without_chinese():
    text = "抵（质。）押贷款。12345。ok！再次确认？"
    pieces = list(api.sentences(text))
    assert [p for _, p in pieces] == ["抵（质。）押贷款。", "再次确认？"]
    assert all(text[o:o + len(p)] == p for o, p in pieces)


def test_a_full_cache_starts_afresh():
    cache = api.SentenceCache(max_entries=2)
    api.check_text("第一句话。第二句话。第三句话。", ["confusion"], cache=cache)
    assert len(cache._hits) <= 2 and cache.checked == 3


def test_clauses_around_numbers_are_scored_once_and_a_docnumber_keeps_its_own_entry():
    cache = api.SentenceCache()
    titles = [f"示范县召开第{n}次大数局产业推进会" for n in range(1, 6)]
    titles += ["示政发〔2026〕9号大数局产业", "示政发大数局产业"]
    for title in titles:
        assert api.check_text(title, cache=cache) == api.check_text(title)
    ngram_memo = cache.clauses["ngram"]
    assert sum(1 for clause, _ in ngram_memo if clause == "次大数局产业推进会") == 1
    # a clause inside a 文号 is remembered with the positions it skips
    assert ("示政发", frozenset({0, 1, 2})) in ngram_memo
