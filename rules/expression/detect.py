"""Serious wording errors (严重表述错误) in a text: pure functions over a :class:`Lexicon`.

Four checks, each returning :class:`Problem` rows:

- :func:`leader_titles`: a national leader's name written next to a title he does not hold
  (``李强总书记``), or a name one same-sounding character away from a leader's, next to that
  leader's title (``习近萍总书记``).
- :func:`formulation_order`: the items of a fixed formulation (四个意识 …) enumerated in a wrong
  order, or with one item replaced by a wrong word (``文明自信`` among the 四个自信).
- :func:`plenary_forms`: ``十九大五中全会`` for ``十九届五中全会``, plenums that never exist
  (``十九届九中全会``), and the known wrong forms of the lexicon (``党十九大`` …).
- :func:`removed_officials`: a user-listed official named with a title on a page dated after
  his removal (or undated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import ahocorasick

DATA_DIR = Path(__file__).resolve().parent
CONTEXT = 12

# Titles only national leaders carry; a leader's name next to one of these he does not hold is wrong.
NATIONAL_TITLES = ("中央军委主席", "国务院副总理", "国家副主席", "全国政协主席", "国务院总理", "国家主席",
                   "中央纪委书记", "军委主席", "总书记", "委员长", "副总理", "副主席", "总理", "主席")
# A title right after one of these is a local post (县政协主席, 市总工会主席), not a national one.
_LOCAL = re.compile(r"[县市镇乡村区省州旗盟]|公司|协会|工会|学会|商会|联合会|委员会|学生会")
_SEPARATORS = "、，,和与及以及 "
_CN_NUM = "一二三四五六七八九十"
_PLENUM_BAD_CONGRESS = re.compile(rf"(?<![第{_CN_NUM}])([{_CN_NUM}]{{1,3}})大([{_CN_NUM}]{{1,2}})中全会")
_PLENUM = re.compile(rf"([{_CN_NUM}]{{1,3}})届([{_CN_NUM}]{{1,2}})中全会")
MAX_PLENUM = 7  # no Central Committee since the 十一届 has held more than seven plenary sessions
_GENERIC_TITLE = re.compile(r"(?:副?书记|副?县长|副?市长|副?省长|副?区长|副?镇长|副?乡长|副?局长|副?主任|"
                            r"副?部长|副?主席|副?厅长|副?处长|副?科长|副?所长|副?院长|委员|同志)")


@dataclass(frozen=True)
class Leader:
    name: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Formulation:
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Removed:
    name: str
    removed: date | None = None
    note: str = ""


@dataclass
class Lexicon:
    leaders: list[Leader] = field(default_factory=list)
    formulations: list[Formulation] = field(default_factory=list)
    wrong_forms: dict[str, str] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    _gate: object = field(default=None, repr=False, compare=False)  # built on first use (mentions)

    def mentions(self, text: str) -> bool:
        """Whether ``text`` contains any word the checks start from (names, titles, items, wrong
        forms): one Aho–Corasick pass, so the many texts that mention none skip the checks. Build a
        lexicon, then use it (the automaton is not rebuilt when the lists change later)."""
        if self._gate is None:
            words = {l.name for l in self.leaders} | {t for l in self.leaders for t in l.titles}
            for f in self.formulations:
                words.update(f.items)
                if f.items:
                    words.add(_common_suffix(f.items))
            words.update(self.wrong_forms)
            words.update(r.name for r in self.removed)
            gate = ahocorasick.Automaton()
            for word in (w for w in words if w):
                gate.add_word(word, word)
            if len(gate):
                gate.make_automaton()
            self._gate = gate
        return len(self._gate) > 0 and next(self._gate.iter(text), None) is not None


@dataclass(frozen=True)
class Problem:
    kind: str  # leader_title | leader_name | formulation_order | formulation_word | plenary | wrong_form | removed
    evidence: str  # the wrong text as written
    suggestion: str  # what it should be (or what is wrong)
    context: str
    start: int


def data_rows(path: Path) -> list[list[str]]:
    """Tab-separated rows of a lexicon file (``#`` lines are comments: the date and source header)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def header(path: Path) -> str:
    """The first line of a lexicon file: its date and source."""
    return Path(path).read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()


def leaders_from(rows: list[list[str]]) -> list[Leader]:
    return [Leader(r[0], tuple(t for t in r[1].split("|") if t)) for r in rows if len(r) >= 2 and r[0]]


def formulations_from(rows: list[list[str]]) -> list[Formulation]:
    return [Formulation(r[0], tuple(i for i in r[1].split("|") if i)) for r in rows if len(r) >= 2]


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT):end + CONTEXT].replace("\n", " ")


def _problem(kind: str, text: str, start: int, end: int, suggestion: str) -> Problem:
    return Problem(kind, text[start:end], suggestion, _context(text, start, end), start)


def _finditer(literal: str, text: str):
    """re.finditer of a literal; most texts do not contain it, which ``in`` tells far faster."""
    return re.finditer(re.escape(literal), text) if literal in text else ()


# -- leaders ---------------------------------------------------------------------------------
def _title_before(text: str, start: int) -> str | None:
    for title in NATIONAL_TITLES:
        if text.endswith(title, 0, start):
            prefix = text[max(0, start - len(title) - 6):start - len(title)]
            prefix = re.split(r"[，。；、：:,;\s]", prefix)[-1]
            return None if _LOCAL.search(prefix) else title
    return None


def _title_after(text: str, end: int) -> str | None:
    for title in NATIONAL_TITLES:
        if text.startswith(title, end):
            return title
    return None


def _same_sound(a: str, b: str) -> bool:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(a) == lazy_pinyin(b)


def leader_titles(text: str, lex: Lexicon) -> list[Problem]:
    out: list[Problem] = []
    names = {l.name for l in lex.leaders}
    for leader in lex.leaders:
        for m in _finditer(leader.name, text):
            for title in (_title_before(text, m.start()), _title_after(text, m.end())):
                if title and title not in leader.titles:
                    right = "、".join(t for t in leader.titles if t in NATIONAL_TITLES) or "（无此职务）"
                    s = m.start() - len(title) if text.endswith(title, 0, m.start()) else m.start()
                    e = m.end() + len(title) if text.startswith(title, m.end()) else m.end()
                    out.append(_problem("leader_title", text, s, e, f"{leader.name}的职务为{right}"))
        # a misspelt name: one same-sounding character off, next to one of the leader's titles
        n = len(leader.name)
        for title in leader.titles:
            if title not in NATIONAL_TITLES:
                continue
            for m in _finditer(title, text):
                spans = [(m.start() - n, m.start()), (m.end(), m.end() + n)]
                for s, e in spans:
                    if s < 0 or e > len(text):
                        continue
                    cand = text[s:e]
                    if cand in names or not all("\u4e00" <= c <= "\u9fff" for c in cand):
                        continue
                    diff = [(a, b) for a, b in zip(cand, leader.name) if a != b]
                    if len(diff) == 1 and _same_sound(*diff[0]):
                        out.append(_problem("leader_name", text, s, e, f"应为“{leader.name}”"))
    return out


# -- formulations ----------------------------------------------------------------------------
@cache
def _common_suffix(items: tuple[str, ...]) -> str:
    suffix = items[0]
    for item in items[1:]:
        while suffix and not item.endswith(suffix):
            suffix = suffix[1:]
    return suffix


def _enumerations(text: str, items: tuple[str, ...]) -> list[list[tuple[int, int, str]]]:
    """Runs of the formulation's items in ``text`` separated only by 、，和 … (start, end, item)."""
    found = []
    for item in items:
        for m in _finditer(item, text):
            found.append((m.start(), m.end(), item))
    found.sort()
    runs, run = [], []
    for hit in found:
        if run and (hit[0] < run[-1][1] or text[run[-1][1]:hit[0]].strip(_SEPARATORS) != ""
                    or hit[0] - run[-1][1] > 3):
            if hit[0] < run[-1][1]:
                continue  # overlapping match (an item inside another)
            runs.append(run)
            run = []
        run.append(hit)
    if run:
        runs.append(run)
    return runs


def formulation_order(text: str, lex: Lexicon) -> list[Problem]:
    out: list[Problem] = []
    for f in lex.formulations:
        need = len(f.items) if len(f.items) <= 3 else 3
        for run in _enumerations(text, f.items):
            seq = [item for _, _, item in run]
            if len(set(seq)) < need or len(set(seq)) != len(seq):
                continue
            if seq != sorted(seq, key=f.items.index):
                right = "、".join(sorted(seq, key=f.items.index))
                out.append(_problem("formulation_order", text, run[0][0], run[-1][1],
                                    f"“{f.name}”的顺序应为：{right}"))
        out.extend(_wrong_word(text, f))
    return out


def _wrong_word(text: str, f: Formulation) -> list[Problem]:
    """One item of a same-suffix enumeration (四个自信: 道路自信、理论自信 …) replaced by another word."""
    suffix = _common_suffix(f.items)
    if len(suffix) < 2 or len(f.items) < 3:
        return []
    size = len(f.items[0]) - len(suffix)
    if any(len(i) - len(suffix) != size for i in f.items) or suffix not in text:
        return []
    word = re.compile(rf"[\u4e00-\u9fff]{{{size}}}{re.escape(suffix)}")
    out = []
    for run in re.finditer(rf"(?:[\u4e00-\u9fff]{{{size}}}{re.escape(suffix)}[、，,]){{{len(f.items) - 1}}}"
                           rf"[\u4e00-\u9fff]{{{size}}}{re.escape(suffix)}", text):
        words = [(m.start() + run.start(), m.group(0)) for m in word.finditer(run.group(0))]
        known = [w for _, w in words if w in f.items]
        wrong = [(pos, w) for pos, w in words if w not in f.items]
        if len(words) == len(f.items) and len(wrong) == 1 and len(set(known)) == len(f.items) - 1:
            missing = [i for i in f.items if i not in known][0]
            pos, w = wrong[0]
            out.append(_problem("formulation_word", text, pos, pos + len(w),
                                f"“{f.name}”中应为“{missing}”"))
    return out


# -- meetings and known wrong forms ------------------------------------------------------------
def plenary_forms(text: str, lex: Lexicon, wrong_forms: dict[str, str] | None = None) -> list[Problem]:
    """Plenum names and the lexicon's wrong forms (``wrong_forms``: only these of them)."""
    out: list[Problem] = []
    plenums = "中全会" in text  # both patterns end with it; the scan for their start is slow
    for m in _PLENUM_BAD_CONGRESS.finditer(text) if plenums else ():
        right = f"{m.group(1)}届{m.group(2)}中全会"
        out.append(_problem("plenary", text, m.start(), m.end(), f"应为“{right}”"))
    for m in _PLENUM.finditer(text) if plenums else ():
        if _cn_number(m.group(2)) > MAX_PLENUM:
            out.append(_problem("plenary", text, m.start(), m.end(),
                                f"{m.group(1)}届中央委员会没有第{m.group(2)}次全体会议，请核实"))
    for wrong, right in (lex.wrong_forms if wrong_forms is None else wrong_forms).items():
        for m in _finditer(wrong, text):
            out.append(_problem("wrong_form", text, m.start(), m.end(), f"应为“{right}”"))
    return out


def _cn_number(text: str) -> int:
    digits = {c: i + 1 for i, c in enumerate(_CN_NUM[:9])}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(ones, 0)
    return digits.get(text, 0)


# -- removed officials --------------------------------------------------------------------------
def removed_officials(text: str, lex: Lexicon, page_date: date | None) -> list[Problem]:
    out: list[Problem] = []
    for person in lex.removed:
        if person.removed and page_date and page_date < person.removed:
            continue  # written while he still held the post
        for m in _finditer(person.name, text):
            before = text[max(0, m.start() - 4):m.start()]
            after = text[m.end():m.end() + 4]
            if _GENERIC_TITLE.search(before) or _GENERIC_TITLE.match(after):
                when = f"（{person.removed.isoformat()} 已免职）" if person.removed else "（已免职）"
                out.append(_problem("removed", text, m.start(), m.end(),
                                    f"{person.name}{when}{person.note}"))
    return out


def check(text: str, lex: Lexicon, page_date: date | None = None) -> list[Problem]:
    if not text:
        return []
    if not lex.mentions(text):  # then only the plenum patterns can match: every wrong form but
        # an empty one is a word of the gate, which found none of them
        unseen = {w: r for w, r in lex.wrong_forms.items() if not w}
        return sorted(plenary_forms(text, lex, unseen), key=lambda p: (p.start, p.kind))
    problems = (leader_titles(text, lex) + formulation_order(text, lex) + plenary_forms(text, lex)
                + removed_officials(text, lex, page_date))
    return sorted(problems, key=lambda p: (p.start, p.kind))
