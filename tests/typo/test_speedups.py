"""Each speed-up of text.typo gives what the slow path gives, and skips the work it claims to.

Work is counted (calls, cache keys), never timed: the counts are the same on a busy machine.
"""

from __future__ import annotations

import json
import random

import pytest

from crawler.store import Store
from rules.testing import load_crawl
from rules.text_typo import TextTypo
from rules.typo import api, formulation, script

from .work import count_calls

SEPARATORS = "，。、；：？！ \u3000\t\n-.,（）《》“”…—"


def _t2s_tables():
    cc = script._t2s()
    cc.convert("")
    return cc, [table for group in cc._dict_chain_data for _longest, _shortest, table in group]


def _reference_check(text: str) -> list:
    """The script detector with OpenCC converting the whole text, as it did before."""
    saved = script._convert
    script._convert = script._t2s().convert
    try:
        return script.traditional(text) + script.foreign(text)
    finally:
        script._convert = saved


def test_the_prefilter_never_skips_a_text_opencc_changes():
    """Every key and value of OpenCC's own t2s dictionaries, alone, inside simplified text and
    next to separators: the shortcut converts exactly as OpenCC does, and a text OpenCC changes
    is never ruled out by the one-pass check."""
    cc, tables = _t2s_tables()
    changes = script._changes()
    words = sorted({w for table in tables for key, value in table.items()
                    for w in (key, *value.split(" "))})
    assert len(words) > 4000
    changed = 0
    for word in words:
        for text in (word, f"推进{word}工作", f"{word}，{word}。", f"a {word}b"):
            expected = cc.convert(text)
            assert script._convert(text) == expected, text
            if expected != text:
                changed += 1
                assert changes.may_change(text) and changes.quick.search(text), text
    assert changed > 4000  # the property was tried on many texts that do change


def test_random_mixes_of_dictionary_characters_convert_and_report_as_before():
    cc, tables = _t2s_tables()
    pool = sorted({c for table in tables for key in table for c in key})
    common = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于"
              "出就分对成会可主发年动同工也能下过子说产种面而方覆盖")
    rnd = random.Random(13)
    for _ in range(3000):
        text = "".join(rnd.choice(pool) if rnd.random() < 0.15 else
                       rnd.choice(SEPARATORS) if rnd.random() < 0.15 else
                       rnd.choice("abcdefgh") if rnd.random() < 0.05 else rnd.choice(common)
                       for _ in range(rnd.randrange(1, 40)))
        assert script._convert(text) == cc.convert(text), text
        assert script.check(text) == _reference_check(text), text
    for text in ("提高行政efficiency，优化服务。", "提升政务服务 efficiency 和群众满意度", "經驗governance。"):
        assert script.check(text) == _reference_check(text) != [], text


def test_segments_are_opencc_s_own():
    """The segment pattern cuts a text where OpenCC's split_chars_re does (white space runs,
    punctuation, characters beyond the BMP kept inside segments)."""
    split = script._t2s().split_chars_re.split
    segment = script._segment_re()
    rnd = random.Random(7)
    alphabet = SEPARATORS + "經驗中文ab𠀀𩤙\u2003\u00a0\r"
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 30)))
        assert [m.group() for m in segment.finditer(text)] == [p for p in split(text)[::2] if p], text


def _count_conversions(monkeypatch):
    cc = script._t2s()
    calls = []
    real = cc._convert

    def counting(segment, chain):
        calls.append(segment)
        return real(segment, chain)

    script._convert_segment.cache_clear()
    monkeypatch.setattr(cc, "_convert", counting)
    return calls


def test_plain_simplified_text_is_never_converted(monkeypatch):
    calls = _count_conversions(monkeypatch)
    text = "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，覆盖群众九千余人。" * 50
    assert script.check(text) == []
    assert calls == []


def test_only_the_segment_holding_a_traditional_character_is_converted(monkeypatch):
    calls = _count_conversions(monkeypatch)
    plain = "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境。" * 30
    text = plain + "要认真总结經驗，推动工作。" + plain
    found = script.check(text)
    assert [(h.evidence, h.suggestion) for h in found] == [("經驗", "经验")]
    assert calls == ["要认真总结經驗"]


def test_fast_sentence_split_equals_the_split_around_parentheticals():
    rnd = random.Random(11)
    alphabet = "中文字词。；！？（）()ab1 \n" + "。" * 3
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40)))
        assert api.sentences(text) == list(api._sentences_around_parentheticals(text)), text


def test_the_fast_split_is_the_one_used_without_a_parenthetical(monkeypatch):
    """Without a short parenthetical holding 。；！？ the slow split is never called."""
    calls = []
    real = api._sentences_around_parentheticals
    monkeypatch.setattr(api, "_sentences_around_parentheticals", lambda t: calls.append(t) or real(t))
    api.check_text("第一句（注释）话。第二句话！", cache=api.SentenceCache())
    assert calls == []
    api.check_text("抵（质。）押贷款。", cache=api.SentenceCache())
    assert calls == ["抵（质。）押贷款。"]


def _formulation_sentences():
    rnd = random.Random(5)
    out = []
    for term in formulation.formulations():
        out.append(f"深入学习{term}。")
        if len(term) >= 4:
            i = rnd.randrange(1, len(term) - 1)
            out.append(f"要{term[:i]}{rnd.choice('的一是在不了有')}{term[i + 1:]}，")  # one changed
            out.append(f"要{term[:i]}{term[i + 1:]}，")  # one dropped
    return out


def test_formulation_hits_with_the_anchor_prefilter_equal_trying_every_anchor(monkeypatch):
    texts = _formulation_sentences()
    fast = [formulation.check(t) for t in texts]
    monkeypatch.setattr(formulation, "_anchors_in", lambda text: list(formulation._anchors()))
    slow = [formulation.check(t) for t in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 50  # near misses were found, not only silence


def test_a_sentence_without_any_anchor_costs_a_few_calls_not_one_search_per_anchor():
    formulation.check("预热。")
    assert len(formulation._anchors()) > 100
    # about 190 calls when every anchor is searched for
    assert count_calls(formulation.check, "会议要求，要加强宣传引导，及时回应群众关切，营造良好社会氛围。") < 20


def test_cache_keys_are_short_sentences_themselves_and_digests_of_long_ones():
    cache = api.SentenceCache()
    short, long = "按装设备。", "本办法" * 40 + "。"
    api.check_text(short + long, ["confusion", "formulation"], cache=cache)
    keys = {key for _name, key in cache._hits}
    assert short in keys and long not in keys
    assert all(len(k) <= api.KEY_CHARS for k in keys)
    assert any(isinstance(k, bytes) and len(k) == 16 for k in keys)


def test_site_words_read_with_raw_queries_equal_the_row_by_row_reading(tmp_path):
    from rules.typo.propernouns import site_words

    base = "http://127.0.0.1:8000"
    data = {
        "site": {"name": "示范县人民政府", "start_url": f"{base}/"},
        "pages": [{"url": f"{base}/a.html", "kind": "article", "title": "通知", "text": "正文。",
                   "breadcrumb": ["首页", "不读文章页的"]},
                  {"url": f"{base}/l/", "kind": "listing", "title": "列表",
                   "breadcrumb": ["首页", "城关镇", "示州市人民政府"]},
                  {"url": f"{base}/m/", "kind": "listing", "title": "坏的", "breadcrumb": "not json"}],
        "links": [{"source_url": f"{base}/", "target_url": f"{base}/x{i}/", "anchor": a, "kind": "internal"}
                  for i, a in enumerate(("岗王镇", "岗王镇", " 县教育局 ", "", "某县政务服务网", "English"))],
        "columns": [{"url": f"{base}/l/", "name": "乡镇动态"}],
    }
    ctx = load_crawl(Store(tmp_path / "a.db"), data)
    names = [row.get("anchor") or "" for row in ctx.rows("links")]
    names += [row.get("name") or "" for row in ctx.rows("columns")]
    for row in ctx.rows("pages", "kind != 'article'"):
        try:
            crumbs = json.loads(row.get("breadcrumb") or "[]")
        except ValueError:
            crumbs = []
        names += [c for c in crumbs if isinstance(c, str)]
    names += [m.group(1) for m in map(TextTypo._site_words.__globals__["_PLACE_HEAD"].match, names) if m]
    expected = site_words(names)
    assert expected >= {"岗王镇", "县教育局", "乡镇动态", "城关镇", "某县"}
    assert TextTypo._site_words(ctx) == expected


@pytest.mark.parametrize("text", ["", "。", "（。）", "abc。中文"])
def test_edge_texts_give_the_same_hits_with_and_without_the_cache(text):
    assert api.check_text(text, cache=api.SentenceCache()) == api.check_text(text)


# -- sentences that differ only in their digits share one cache entry ----------------------------
DIGIT_TEXTS = [f"关于印发示范县第{n}号实施方案的通知，请按装监控设备，截止{2000 + n}年底完成" for n in range(1, 40)]


def test_sentences_differing_only_in_digits_are_checked_once_with_the_same_hits():
    cache = api.SentenceCache()
    cached = [api.check_text(t, cache=cache) for t in DIGIT_TEXTS]
    plain = [api.check_text(t) for t in DIGIT_TEXTS]
    assert cached == plain and any(cached[0])  # same hits (按装, 截止) at the same places
    distinct_shapes = {t.translate(str.maketrans("123456789", "000000000")) for t in DIGIT_TEXTS}
    detectors = len(api.SENTENCE_LOCAL)
    assert cache.checked == len(distinct_shapes) * detectors < len(DIGIT_TEXTS) * detectors


def test_a_hit_on_a_digit_is_never_shared(monkeypatch):
    """A detector that reads a digit only as a digit (like every real one) but flags one: the
    place is the same in every such sentence, the evidence is not, so its entry is not shared."""
    def flags_number_after_di(sentence):
        return [api.Hit(start=i + 1, end=i + 2, evidence=sentence[i + 1], suggestion="X", source="fake",
                        context=sentence) for i in range(len(sentence) - 1)
                if sentence[i] == "第" and sentence[i + 1].isdigit()]

    monkeypatch.setitem(api.DETECTORS, "fake", flags_number_after_di)
    monkeypatch.setitem(api.PRIORITY, "fake", 9)
    monkeypatch.setattr(api, "SENTENCE_LOCAL", api.SENTENCE_LOCAL | {"fake"})
    cache = api.SentenceCache()
    texts = ["第17号文件已印发。", "第22号文件已印发。", "第35号文件已印发。"]
    got = [[(h.start, h.evidence) for h in api.check_text(t, ["fake"], cache=cache)] for t in texts]
    assert got == [[(1, "1")], [(1, "2")], [(1, "3")]]
