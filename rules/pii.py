"""Personal numbers in text: resident ID numbers, mainland mobile numbers, bank card numbers.

Pure functions, no I/O. :func:`find_numbers` returns every unmasked personal number in a text,
:func:`mask` hides one the way the 公示 masking rules do (``138****5678``,
``350102********1234``), and :func:`masked_text` returns the text with every hit masked, so
that evidence shown to anyone never carries a full number.

What counts (and what does not):

- 18-digit resident ID (GB 11643): an administrative-division prefix whose first two digits
  are a province code, a birth date that exists and is not in the future, and a valid
  ISO 7064 MOD 11-2 check digit. 15-digit (pre-1999) IDs: a province code and a plausible
  ``19YYMMDD`` birth date (they have no check digit).
- Mobile: ``1[3-9]`` + 9 digits (also written ``138-1234-5678`` / ``138 1234 5678``), not part of
  a longer run of digits.
- Bank card: 16-19 digits (or groups of four separated by spaces) with a card-network prefix
  (62 UnionPay, 4 Visa, 51-55 Mastercard, 35 JCB, 60) and a valid Luhn checksum.
- Masked forms (``138****1234``, ``35**************23``) never match: the asterisks break the
  digit run.
- Numbers labelled as something other than a person's (文号, 索引号, 统一社会信用代码, 订单号,
  编号, 流水号, ...) are skipped, and so are telephone numbers in an office's contact line
  (``县民政局联系电话：13812345678``, ``咨询电话：…``): those are published on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ID_CARD, ID_CARD_15, MOBILE, BANK_CARD = "id_card", "id_card_15", "mobile", "bank_card"
KIND_NAMES = {ID_CARD: "身份证号", ID_CARD_15: "身份证号（15位）", MOBILE: "手机号码", BANK_CARD: "银行卡号"}

# Province-level codes of GB/T 2260 (first two digits of an ID number).
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91"})
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

_ID18 = re.compile(r"(?<![0-9A-Za-z*])(\d{17}[\dXx])(?![0-9A-Za-z*])")
_ID15 = re.compile(r"(?<![0-9A-Za-z*])(\d{15})(?![0-9A-Za-z*])")
_MOBILE = re.compile(r"(?<![0-9*])(1[3-9]\d(?:[- ]?\d{4}){2})(?![0-9*])")
_CARD = re.compile(r"(?<![0-9*])(\d{4}(?: \d{4}){3}(?: \d{1,3})?|\d{16,19})(?![0-9*])")
_CARD_PREFIX = re.compile(r"^(?:62|4|5[1-5]|35|60)")
# Every number above holds three digits, at most one "-" or " ", then four: a text without
# that is skipped (the patterns start with a look-behind, which re tries at every position).
_MAY_HOLD = re.compile(r"\d{3}[- ]?\d{4}")

# A label just before a number that says it is not a person's number.
_NOT_PERSONAL = re.compile(
    r"(?:文号|索引号|信用代码|机构代码|组织代码|订单号|编号|流水号|项目代码|登记号|备案号|许可证号|证书号|"
    r"批准号|案号|合同号|标识码|邮编|邮政编码|序列号|批次号)[:：\s]*$")
# Contact labels of an office: the number after them is the office's, published on purpose.
_OFFICE_LABEL = re.compile(
    r"(?:办公电话|咨询电话|监督电话|举报电话|投诉电话|服务电话|值班电话|服务热线|咨询热线|热线电话|"
    r"监督举报电话|联系电话|联系方式|电话|传真|手机)[:：\s]*$")
_OFFICE_ONLY_LABEL = re.compile(r"(?:办公|咨询|监督|举报|投诉|服务|值班|热线)")
_OFFICE_NAME = re.compile(r"(?:局|办公室|办|中心|委员会|委|政府|街道|所|站|院|科|股|大队|支队|窗口|处|室|"
                          r"部|厅|馆|组|公司|银行|协会|学校|医院)")
LABEL_WINDOW = 14  # characters before a number searched for its label
OFFICE_WINDOW = 30  # characters before a contact label searched for an office's name


@dataclass(frozen=True)
class Hit:
    kind: str  # id_card | id_card_15 | mobile | bank_card
    start: int
    end: int
    number: str  # as written (digits, maybe with separators); never shown to anyone

    @property
    def masked(self) -> str:
        return mask(self.kind, self.number)


def valid_birth(text: str, today: date | None = None) -> bool:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    today = today or date.today()
    return date(1900, 1, 1) <= born <= today


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def is_id18(number: str, today: date | None = None) -> bool:
    number = number.upper()
    return (len(number) == 18 and number[:17].isdigit() and number[:2] in PROVINCES
            and valid_birth(number[6:14], today) and id_check_digit(number[:17]) == number[17])


def is_id15(number: str, today: date | None = None) -> bool:
    return (len(number) == 15 and number.isdigit() and number[:2] in PROVINCES
            and valid_birth("19" + number[6:12], today))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def is_bank_card(number: str) -> bool:
    digits = number.replace(" ", "")
    return 16 <= len(digits) <= 19 and bool(_CARD_PREFIX.match(digits)) and luhn_ok(digits)


def mask(kind: str, number: str) -> str:
    """The number with its middle hidden: IDs keep 6 + 4, mobiles 3 + 4, cards 4 + 4."""
    digits = re.sub(r"[^0-9Xx]", "", number)
    keep = {ID_CARD: (6, 4), ID_CARD_15: (6, 3), MOBILE: (3, 4), BANK_CARD: (4, 4)}[kind]
    head, tail = keep
    return digits[:head] + "*" * (len(digits) - head - tail) + digits[-tail:]


def _label_before(text: str, start: int) -> str:
    return text[max(0, start - LABEL_WINDOW):start]


def is_not_personal(text: str, start: int) -> bool:
    return bool(_NOT_PERSONAL.search(_label_before(text, start)))


def is_office_contact(text: str, start: int) -> bool:
    """A telephone number in an office's contact line (label right before it, office named)."""
    before = _label_before(text, start)
    m = _OFFICE_LABEL.search(before)
    if not m:
        return False
    if _OFFICE_ONLY_LABEL.search(m.group(0)):
        return True  # 咨询电话, 监督电话, ... are an office's by definition
    label_at = max(0, start - LABEL_WINDOW) + m.start()
    return bool(_OFFICE_NAME.search(text[max(0, label_at - OFFICE_WINDOW):label_at]))


def find_numbers(text: str, today: date | None = None) -> list[Hit]:
    """Every unmasked personal number in ``text``, in order, without overlaps."""
    if not text or not _MAY_HOLD.search(text):
        return []
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(kind: str, m: re.Match) -> None:
        s, e = m.span(1)
        if not free(s, e) or is_not_personal(text, s):
            return
        taken.append((s, e))
        hits.append(Hit(kind, s, e, m.group(1)))

    for m in _ID18.finditer(text):
        if is_id18(m.group(1), today):
            add(ID_CARD, m)
    for m in _CARD.finditer(text):
        if is_bank_card(m.group(1)):
            add(BANK_CARD, m)
    for m in _ID15.finditer(text):
        if is_id15(m.group(1), today):
            add(ID_CARD_15, m)
    for m in _MOBILE.finditer(text):
        if not is_office_contact(text, m.start(1)):
            add(MOBILE, m)
    return sorted(hits, key=lambda h: h.start)


def masked_text(text: str, hits: list[Hit]) -> str:
    """``text`` with every hit replaced by its masked form (same order, other text kept)."""
    out, pos = [], 0
    for h in sorted(hits, key=lambda h: h.start):
        out.append(text[pos:h.start])
        out.append(h.masked)
        pos = h.end
    out.append(text[pos:])
    return "".join(out)


_LONG_DIGITS = re.compile(r"\d[\d Xx-]{9,}[\dXx]")


def _hide_long(excerpt: str) -> str:
    """Belt and braces: any other run of 11+ digits in an excerpt shows only its ends."""
    def hide(m: re.Match) -> str:
        run = m.group(0)
        digits = re.sub(r"[^0-9Xx]", "", run)
        if len(digits) < 11:
            return run
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return _LONG_DIGITS.sub(hide, excerpt)


def _numch(ch: str) -> bool:
    return ch in "0123456789Xx*"


def contexts(text: str, hits: list[Hit], width: int = 16) -> list[str]:
    """A short masked excerpt around each hit: every personal number in it masked, no number
    cut in half at the excerpt's edges, other long digit runs shown only by their ends."""
    shown = masked_text(text, hits)
    shift, out = 0, []
    for h in sorted(hits, key=lambda h: h.start):
        s = h.start + shift
        e = s + len(h.masked)
        shift += len(h.masked) - (h.end - h.start)
        a, b = max(0, s - width), min(len(shown), e + width)
        while 0 < a < len(shown) and _numch(shown[a - 1]) and _numch(shown[a]):
            a -= 1
        while 0 < b < len(shown) and _numch(shown[b - 1]) and _numch(shown[b]):
            b += 1
        out.append(_hide_long(shown[a:b]).strip())
    return out
