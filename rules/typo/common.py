"""Shared types and helpers of the typo detectors."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CONTEXT_CHARS = 10  # characters of context on each side of a hit (≈20 in all)

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Hit:
    """One suspected typo: ``text[start:end]`` is ``evidence``; ``suggestion`` replaces it."""

    start: int
    end: int
    evidence: str
    suggestion: str
    context: str
    source: str  # confusion | formulation | statistical
    score: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return (left + text[start:end] + right).replace("\n", " ")


def make_hit(text: str, start: int, end: int, suggestion: str, source: str,
             score: float = 0.0) -> Hit:
    return Hit(start=start, end=end, evidence=text[start:end], suggestion=suggestion,
               context=context_of(text, start, end), source=source, score=score)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def data_lines(name: str):
    """Non-blank, non-comment lines of a data file, stripped of the line break."""
    path = DATA_DIR / name
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line
