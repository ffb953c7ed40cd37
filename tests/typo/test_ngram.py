"""The character n-gram detector and the guards that keep names and real phrases quiet."""

import gzip

from rules.text_typo import TextTypo
from rules.typo import charlm, ngram, shapes
from rules.typo.api import check_text
from rules.typo.common import DATA_DIR

B = "http://127.0.0.1:8000"


def found(text, detectors=None, **kw):
    return [(h.evidence, h.suggestion, h.source) for h in check_text(text, detectors, **kw)]


def test_a_wrong_character_is_found_by_the_ngram_model():
    assert found("大力培育发展大数局产业。", ["ngram"]) == [("数局", "数据", "ngram")]
    assert found("人民很行、财政部、国家发展改革委指导。", ["ngram"]) == [("很行", "银行", "ngram")]


def test_its_score_passes_the_threshold_and_the_right_character_wins():
    clause = "大力培育发展大数局产业"
    best = ngram.score_position(clause, 8, charlm.log_probs(clause))
    assert best.char == "据" and best.score > ngram.THRESHOLD
    # ``threshold`` shifts every kind alike: past the best score for the lowest (a mined pair)
    above = best.score + 1 + ngram.THRESHOLD - min(ngram.THRESHOLD, ngram.MINED_THRESHOLD)
    assert ngram.check("大力培育发展大数局产业。", threshold=above) == []


def test_a_short_parenthesis_inside_a_word_is_read_through():
    # 抵（质）押 is 抵押 with a gloss: no part of it is a typo.
    assert [c for c, _ in ngram.clauses("债权的抵（质）押物")] == ["债权的抵押物"]
    assert found("擅自处置银行债权的抵（质）押物，造成银行抵（质）押权悬空的。", ["ngram"]) == []


def test_names_after_a_post_in_a_list_or_before_a_verb_are_not_typos():
    assert found("王喆检查农业生产。", ["statistical"]) != []  # the name alone is "corrected"
    for text in ("县农业农村局副局长王喆检查农业生产。", "王喆同志检查农业生产。",
                 "参加会议的有王喆、李明、张华。", "农发行支行行长 王喆 工商银行支行行长 李明"):
        assert found(text, ["statistical", "ngram"]) == [], text


def test_a_short_quoted_term_is_not_guessed_at():
    assert found("大力培育发展大数局产业。", ["ngram"]) != []
    assert found("大力培育发展“大数局”产业。", ["ngram"]) == []


def test_a_word_of_the_site_itself_is_not_a_typo():
    assert found("王喆检查农业生产。", site_words=frozenset({"王喆"})) == []


def test_a_correct_phrase_near_a_formulation_is_not_a_typo():
    assert found("在党和政府的关心下，群众生活明显改善。") == []
    assert found("坚持党委和政府统一领导。") == []
    assert ("人民攻府办公室", "人民政府办公室", "formulation") in found("示范县人民攻府办公室印发")


def test_a_guess_the_page_repeats_is_its_own_term(run_rule):
    def page(text):
        return {"pages": [{"url": f"{B}/a.html", "kind": "article", "title": "通知", "text": text}]}

    once = run_rule(TextTypo, page("大力培育发展大数局产业。"))
    assert [f.data["evidence"] for f in once] == ["数局"]
    assert run_rule(TextTypo, page("大力培育发展大数局产业。大数局产业园区已建成。")) == []


def test_the_site_menu_names_places_the_rule_leaves_alone(run_rule):
    crawl = {"pages": [{"url": f"{B}/a.html", "kind": "article", "title": "通知",
                        "text": "王喆检查农业生产。"}]}
    assert [f.data["evidence"] for f in run_rule(TextTypo, crawl)] == ["王喆"]
    crawl["links"] = [{"source_url": f"{B}/", "target_url": f"{B}/x/", "anchor": "王喆"}]
    assert run_rule(TextTypo, crawl) == []


def test_shipped_model_names_its_sources_and_licences():
    with gzip.open(DATA_DIR / "char_ngrams.tsv.gz", "rt", encoding="utf-8") as fh:
        header = "".join(line for line in fh if line.startswith("#"))
    assert "MIT" in header and "著作权法" in header and "held out" in header


def test_technical_terms_of_county_work_are_not_typos():
    for text in ("加强化学需氧量、氨氮、总磷排放监测。", "推进5G基站、物联网和区块链技术应用。",
                 "建设分布式光伏电站，推广秸秆还田和测土配方施肥。", "新建高标准农田2万亩，开展土壤墒情监测。",
                 "做好核酸检测和疫苗接种工作。", "采用无人机飞防作业，防治小麦条锈病和赤霉病。",
                 "实施污水管网雨污分流改造，新建提升泵站2座。"):
        assert found(text) == [], text


def _scored(kind="same", mined=0, word_gain=2.0, score=None, rarity=5, **kw):
    cand = ngram.Scored(pos=0, char="据", kind=kind, char_gain=0.0, word_gain=word_gain, mined=mined,
                        rarity=rarity, **kw)
    if score is not None:  # char_gain makes up the rest of the wanted score
        cand.char_gain = score - (cand.score - cand.char_gain)
    return cand


def test_each_kind_of_slip_has_its_own_threshold():
    # Between the same-sound threshold and the others: only a same-sound guess is reported.
    between = (ngram.THRESHOLD + min(ngram.OTHER_THRESHOLD, ngram.MINED_THRESHOLD)) / 2
    assert ngram.THRESHOLD < between < min(ngram.OTHER_THRESHOLD, ngram.MINED_THRESHOLD)
    assert ngram.accepted(_scored("same", score=between))
    assert not ngram.accepted(_scored("similar", score=between))
    assert not ngram.accepted(_scored("shape", mined=3, score=between))
    assert ngram.accepted(_scored("shape", mined=3, score=ngram.MINED_THRESHOLD + 0.5))
    assert not ngram.accepted(_scored("look", score=ngram.OTHER_THRESHOLD + 0.5))
    assert ngram.accepted(_scored("look", score=ngram.LOOK_THRESHOLD + 0.5))


def test_a_pair_never_seen_in_real_errors_needs_the_word_model_to_agree():
    high = ngram.THRESHOLD + 20
    assert ngram.accepted(_scored("same", word_gain=1.0, score=high))
    assert not ngram.accepted(_scored("same", word_gain=-1.0, score=high))
    assert ngram.accepted(_scored("same", mined=2, word_gain=-1.0, score=high))  # a known slip


def test_a_look_alike_of_one_component_is_a_candidate():
    assert "迁" in shapes.lookalikes("迀") and "全" in shapes.lookalikes("仝")
    assert "实" in shapes.lookalikes("宝")
    # Neither pair sounds alike nor was seen in real errors: only the look-alikes propose them.
    assert found("认真贯彻落宝会议精神。", ["ngram"]) == [("落宝", "落实", "ngram")]
    assert found("确保群众生命财产安仝。", ["ngram"]) == [("安仝", "安全", "ngram")]


def test_the_best_accepted_candidate_of_a_position_wins_not_the_best_scored():
    # A look-alike scoring higher but below its own threshold does not hide a same-sound
    # candidate that passes its threshold.
    look = _scored("look", score=ngram.LOOK_THRESHOLD - 0.5)
    same = _scored("same", score=ngram.THRESHOLD + 1)
    same.char = "数"
    assert look.score > same.score
    assert [c.char for c in ngram.best_accepted([look, same])] == ["数"]


def test_a_draft_for_comment_is_not_a_typo():
    # 稿 and 和 differ by one component, but 征求意见稿 is how every 意见征集 page names a draft.
    assert found("关于《县城管理办法》（征求意见稿）公开征求意见的公告") == []
    assert found("现将意见稿全文公布，征求社会各界意见。") == []


def test_terms_of_flood_and_farm_work_are_accepted_words():
    # With the lower thresholds a look-alike (汛 → 注) and a shape (墒 → 地) "corrected" them.
    assert found("完成防汛备汛重点任务29项。") == []
    assert found("开展土壤墒情监测。") == []


def test_a_correction_the_domain_text_never_shows_is_proposed_from_dictionary_words(monkeypatch):
    # 之前 (and 估计) never occur in the small domain text the character model is built from;
    # the pair inside jieba's dictionary words is what proposes them.
    assert charlm.count("之前") == 0 and charlm.count("估计") == 0
    assert found("请于会议召开之牵报送材料。", ["ngram"]) == [("之牵", "之前", "ngram")]
    assert found("全县粮食产量估记比上年增长三成。", ["ngram"]) == [("估记", "估计", "ngram")]
    monkeypatch.setattr(ngram, "_word_pairs", lambda: ({}, {}))
    ngram._near.cache_clear()
    try:
        assert found("请于会议召开之牵报送材料。", ["ngram"]) == []
        assert found("全县粮食产量估记比上年增长三成。", ["ngram"]) == []
    finally:
        ngram._near.cache_clear()


def test_a_written_character_the_domain_text_never_shows_needs_more_evidence():
    # rarity 0: the small domain text never shows the written character (高温高湿, 高温橙色),
    # which says little there: the higher UNSEEN limits apply.
    between = (ngram.THRESHOLD + ngram.UNSEEN_THRESHOLD) / 2
    assert ngram.accepted(_scored("same", score=between, rarity=3))
    assert not ngram.accepted(_scored("same", score=between, rarity=0))
    assert ngram.accepted(_scored("same", score=ngram.UNSEEN_THRESHOLD + 0.5, rarity=0))
    look = (ngram.LOOK_THRESHOLD + ngram.UNSEEN_LOOK_THRESHOLD) / 2
    assert ngram.accepted(_scored("look", score=look, rarity=3))
    assert not ngram.accepted(_scored("look", score=look, rarity=0))
    # …and inside a dictionary word it is changed only by a pair seen in real errors
    in_word = (ngram.UNSEEN_REAL_WORD_FREQ + ngram.REAL_WORD_FREQ) // 2
    high = ngram.REAL_WORD_SCORE - 1  # above every kind's limit, below the real-word one
    assert high > ngram.UNSEEN_OTHER_THRESHOLD
    assert ngram.accepted(_scored("same", score=high, rarity=3, in_word=in_word))
    assert not ngram.accepted(_scored("same", score=high, rarity=0, in_word=in_word))
    assert ngram.accepted(_scored("same", mined=2, score=high, rarity=0, in_word=in_word))


def test_a_real_word_changes_only_by_a_known_slip_or_by_far_better_reading():
    # 失实, 值守, 热电 (jieba frequency 15 to 40) are words: a guess that "corrects" them needs a
    # pair seen in real errors, or a score far above the limits (公私 → 公司 in 有限公私)
    word = ngram.REAL_WORD_FREQ
    fair = ngram.REAL_WORD_SCORE - 1
    assert fair > ngram.THRESHOLD
    assert ngram.accepted(_scored("same", score=fair, in_word=word - 1))
    assert not ngram.accepted(_scored("same", score=fair, in_word=word))
    assert ngram.accepted(_scored("same", mined=1, score=fair, in_word=word))
    assert ngram.accepted(_scored("same", score=ngram.REAL_WORD_SCORE + 1, in_word=word))
    # …and a very common word never, however high the score
    assert not ngram.accepted(_scored("same", score=ngram.REAL_WORD_SCORE + 20,
                                      in_word=ngram.FIXED_WORD_FREQ))
