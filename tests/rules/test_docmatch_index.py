"""The indexed document matcher (rules.docmatch) answers exactly as the brute-force scan does.

A few thousand generated titles: documents with and without 文号, and interpretations that quote
them exactly, with a character or two changed, by 文号 only, or not at all.
"""

import random

import pytest

from rules.docmatch import DocumentIndex, Page, TitleIndex, match_document

WORDS = ["农村", "人居环境", "整治", "提升", "城乡居民", "医疗保险", "城市道路", "挖掘", "管理", "安全生产",
         "专项", "检查", "营商环境", "优化", "义务教育", "学校", "食品", "药品", "监管", "河长制", "森林",
         "防火", "乡村振兴", "产业", "发展", "扶持", "资金", "残疾人", "补贴", "住房", "保障", "公共",
         "文化", "服务", "体系", "建设", "数字", "政府", "考核", "评价", "应急", "预案", "生态", "保护"]
KINDS = ["实施办法", "实施方案", "管理办法", "工作方案", "实施意见", "暂行规定", "工作要点"]
AGENCIES = ["示政发", "示政办发", "示政规", "示农发", "示教发"]
MARKERS = ["政策解读", "图解：", "一图读懂", "解读：", "答记者问"]


def _name(rnd: random.Random) -> str:
    return "示范县" + "".join(rnd.sample(WORDS, rnd.randint(2, 4))) + rnd.choice(KINDS)


def _perturb(rnd: random.Random, text: str, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        i = rnd.randrange(len(chars))
        op = rnd.choice("dis")
        if op == "d" and len(chars) > 5:
            del chars[i]
        elif op == "i":
            chars.insert(i, rnd.choice("的和与县市区年度"))
        else:
            chars[i] = rnd.choice("的和与县市区年度")
    return "".join(chars)


def generated_site(seed: int = 13, documents: int = 2000, interpretations: int = 800):
    rnd = random.Random(seed)
    docs, names = [], []
    for i in range(documents):
        name = _name(rnd)
        names.append(name)
        title = (f"示范县人民政府关于印发{name}的通知" if rnd.random() < 0.6 else f"关于{name}的意见")
        number = (f"{rnd.choice(AGENCIES)}〔{rnd.choice([2024, 2025, 2026])}〕{rnd.randint(1, 40)}号"
                  if rnd.random() < 0.7 else rnd.choice(["", "无"]))
        docs.append(Page(f"http://x/doc/{i:05d}.html", title, "", number))
    interps = []
    for i in range(interpretations):
        j = rnd.randrange(documents)
        style = rnd.random()
        if style < 0.25:  # the exact name in 《》
            title, text = f"《{names[j]}》{rnd.choice(MARKERS)}", ""
        elif style < 0.6:  # the name with an edit or two, no 《》
            title, text = rnd.choice(MARKERS) + _perturb(rnd, names[j], rnd.randint(1, 3)), ""
        elif style < 0.75:  # a 文号 in the head of the text (maybe one no document carries)
            num = f"{rnd.choice(AGENCIES)}〔{rnd.choice([2024, 2025, 2026])}〕{rnd.randint(1, 45)}号"
            title, text = f"{rnd.choice(MARKERS)}第{i}期", f"根据{num}，现解读如下。"
        elif style < 0.85:  # the whole document title, edited
            title, text = _perturb(rnd, docs[j].title, rnd.randint(1, 4)) + "解读", ""
        else:  # about nothing on the site
            title, text = f"{rnd.choice(MARKERS)}{_name(rnd)}", ""
        interps.append(Page(f"http://x/jd/{i:05d}.html", title, text))
    return docs, interps


def _answer(match):
    return None if match is None else (match.document.url, match.method, match.score, match.clue)


@pytest.fixture(scope="module")
def site():
    return generated_site()


@pytest.mark.parametrize("threshold", [90.0, 70.0])
def test_indexed_matcher_agrees_with_brute_force(site, threshold):
    docs, interps = site
    fast, slow = DocumentIndex(docs), DocumentIndex(docs, brute_force=True)
    answers = [(_answer(match_document(i, fast, threshold, 300)),
                _answer(match_document(i, slow, threshold, 300))) for i in interps]
    differ = [(i.title, a, b) for i, (a, b) in zip(interps, answers) if a != b]
    assert differ == []
    found = [a for a, _ in answers if a]
    # the generated set exercises every path: 文号, exact titles and fuzzy titles below 100
    assert {m for _, m, _, _ in found} == {"number", "quoted", "title"}
    assert sum(1 for _, m, s, _ in found if m == "title" and s < 100) > 30
    assert sum(1 for a, _ in answers if a is None) > 20


def test_candidates_are_far_fewer_than_keys(site):
    docs, interps = site
    index = DocumentIndex(docs)
    titles = TitleIndex(index.keys, 90.0)
    sizes = [len(titles.candidates(i.title)) for i in interps]
    assert sum(sizes) / len(sizes) < len(index.keys) / 10


def test_number_match_is_the_first_numbered_document(site):
    docs, _ = site
    twin = Page("http://x/doc/zz.html", "另一个文件", "", docs[0].doc_number or "示政发〔2026〕1号")
    pool = [docs[0], twin] if docs[0].doc_number not in ("", "无") else [twin]
    for brute in (False, True):
        index = DocumentIndex(pool, brute_force=brute)
        assert index.by_number(f"根据{twin.doc_number}").document is pool[0]
