"""Title helpers: normalisation for matching and 《》 extraction (no Rule subclass here)."""

from __future__ import annotations

import re
import unicodedata

from .runcache import run_cache

_QUOTED_RE = re.compile(r"《([^《》]{2,120})》")
_NOISE_RE = re.compile(
    r"[\s\u3000\"'“”‘’「」『』·•,，.。:：;；!！?？、()（）\[\]【】<>〈〉《》\-—_|｜/]+")
# Words that mark an interpretation and are not part of the interpreted document's title.
INTERPRETATION_MARKERS = (
    "一图读懂", "一图看懂", "一图了解", "图解", "政策解读", "文件解读", "解读", "答记者问",
    "新闻发布会", "政策问答", "问答",
)
INTERPRETATION_TITLE_RE = re.compile("|".join(INTERPRETATION_MARKERS))
_INNER_TITLE_RE = re.compile(r"印发(.{4,}?)的(?:通知|决定|意见)$")
# "示范县人民政府关于X": interpretations often quote only X (一图读懂《关于X》).
_AFTER_ABOUT_RE = re.compile(r"关于(.{4,})$")
# Words both kinds of title carry or drop at will.
FILLER_WORDS = ("关于",)


def normalize_title(title: str | None) -> str:
    """NFKC, no spaces or punctuation: titles that differ only in those compare equal."""
    text = unicodedata.normalize("NFKC", title or "")
    return _NOISE_RE.sub("", text)


def quoted_titles(text: str | None) -> list[str]:
    """Titles written inside 《》, in order of appearance, without duplicates."""
    seen: list[str] = []
    for match in _QUOTED_RE.finditer(text or ""):
        title = match.group(1).strip()
        if title not in seen:
            seen.append(title)
    return seen


def looks_like_interpretation(title: str | None) -> bool:
    return bool(INTERPRETATION_TITLE_RE.search(title or ""))


@run_cache(65536)  # the matching rules ask for the same titles' cores again and again
def title_core(title: str | None) -> str:
    """A normalised title without interpretation markers and filler words.

    "《关于印发X的通知》政策解读" and "关于印发X的通知" both become "印发X的通知".
    """
    core = normalize_title(title)
    for word in (*INTERPRETATION_MARKERS, *FILLER_WORDS):
        core = core.replace(word, "")
    return core


def document_keys(title: str | None) -> set[str]:
    """Comparable cores of a title: the whole title, titles in 《》, the title it 印发, and what
    follows its 关于 (the issuer dropped).

    "示范县人民政府关于印发示范县医疗保险实施办法的通知" also yields "示范县医疗保险实施办法" and
    "印发示范县医疗保险实施办法的通知".
    """
    keys = {title_core(title)}
    keys.update(title_core(t) for t in quoted_titles(title))
    plain = re.sub(r"[《》]", "", title or "")
    for pattern in (_INNER_TITLE_RE, _AFTER_ABOUT_RE):
        found = pattern.search(plain)
        if found:
            keys.add(title_core(found.group(1)))
    return {k for k in keys if len(k) >= 4}


@run_cache(65536)  # three rules index the same documents' titles
def document_key_set(title: str | None) -> frozenset[str]:
    """:func:`document_keys` as a frozenset, memoised (for callers that do not depend on order)."""
    return frozenset(document_keys(title))
