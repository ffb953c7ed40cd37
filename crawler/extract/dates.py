"""Date recognition: every way a portal writes a day, normalised to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import date

# 2026-11-18, 2026/11/18 10:30, 2026.11.18, 2026年11月18日, 2026-1-8, split over lines "2026-\n01-\n23"
DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """The first valid date in ``value`` as ISO, or None."""
    if not value:
        return None
    for m in DATE_RE.finditer(value):
        iso = _iso(*m.groups())
        if iso:
            return iso
    return None


find_date = parse_date


def all_dates(value: str) -> list[str]:
    out = []
    for m in DATE_RE.finditer(value or ""):
        iso = _iso(*m.groups())
        if iso:
            out.append(iso)
    return out
