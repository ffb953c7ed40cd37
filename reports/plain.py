"""Clerk-facing text: the basis and the advice of a finding in plain Chinese.

Rules and the verdict carry notes meant for the people who maintain duwang: where a fact was
read (``criteria.md §1.3``), how sure it is (``C``/``P``/``R``, ``[P]``), that a point value was
not found, or which setting turns a check off. A county clerk acts on the document and the
clause; those notes only confuse. The functions here keep the clause and drop the notes; the
confidence of the point values is explained once, in the report's footnote (:data:`SCORE_NOTE`).
"""

from __future__ import annotations

import re
from functools import lru_cache

SCORE_NOTE = ("分值暂按本工具的暂定标准计算，待正式扣分细则确认后调整；"
              "结论中的单项否决依据国办秘函〔2019〕19号。")

# a parenthesised aside ((), （）) that holds a maintainer's note
_NOTE_WORDS = re.compile(r"criteria\.md|§\s*\d|状态\s*[CPR]\b|\b[CPR]\b|分值未找到|暂定|转述|口径|"
                         r"\.md\b|\.py\b|\.toml\b|`|设置|settings?", re.I)
_ASIDE = re.compile(r"\s*[（(]([^（）()]*)[）)]")
_TAG = re.compile(r"\s*\[(?:C|P|R|暂定)\]")
_STATUS_TAIL = re.compile(r"[，,;；]\s*(?:状态\s*)?[CPR]\s*(?=$|[）)。；;])")
# a sentence of advice that is about configuring duwang rather than fixing the site
_CONFIG_SENTENCE = re.compile(r"[^。；;\n]*(?:`[^`]*`|设置|配置文件|duwang\.toml|sites\.toml)[^。；;\n]*[。；;]?")


@lru_cache(maxsize=512)  # a run's findings share a few dozen bases: one string each
def plain_basis(text: str | None) -> str:
    """The document and clause of a basis, without maintainers' notes and confidence tags."""
    if not text:
        return ""
    out = _TAG.sub("", text)
    out = _STATUS_TAIL.sub("", out)
    previous = None
    while previous != out:  # innermost asides first
        previous = out
        out = _ASIDE.sub(lambda m: "" if _NOTE_WORDS.search(m.group(1)) else m.group(0), out)
    return _tidy(out)


def plain_advice(text: str | None) -> str:
    """Advice to the clerk without sentences about configuring duwang."""
    if not text:
        return ""
    text = re.sub(r"(?<=[\u3400-\u9fff，、；：“”（）])\s*\n\s*(?=[\u3400-\u9fff“”（）])", "", text)
    return _tidy(_CONFIG_SENTENCE.sub("", text))


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\s*([，,；;。])\s*(?=[，,；;。])", "", text)
    text = re.sub(r"（\s*）|\(\s*\)", "", text)
    return text.strip(" ，,；;\n")


# what must never reach a clerk: used by the tests that grep every report
INTERNAL_MARKERS = re.compile(r"criteria\.md|portals\.md|\[[CPR]\]|分值未找到|`[a-z_.]+`|\.py\b|状态\s*[CPR]\b|"
                              r"\(\s*[CPR]\s*\)|（\s*[CPR]\s*）")
