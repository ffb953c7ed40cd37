"""Date recognition: every way a portal writes a day, normalised to ISO ``YYYY-MM-DD``.

Full dates (2026-11-18, 2026/11/18 10:30, 2026.11.18, 2026年11月18日, 2026-1-8, split over lines)
are read anywhere. A date without a year (``12-31``, ``(07-27)``, ``[7月27日]``) is read only when it
is the whole value (a list row's date cell); its year is the ``as_of`` year, or the year before
when the day would lie after ``as_of`` (a December item read in January).
"""

from __future__ import annotations

import re
from datetime import date

# 2026-11-18, 2026/11/18 10:30, 2026.11.18, 2026年11月18日, 2026-1-8, split over lines "2026-\n01-\n23"
DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?")
_YEARLESS = re.compile(r"^[\s\[【(（]*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?[\s\]】)）]*$")
# the same, at the end of a row's text ("标题 (07-27)", "标题 12-31")
_YEARLESS_TAIL = re.compile(r"(?:^|[\s\[【(（])(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?[\s\]】)）]*$")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _as_of(as_of) -> date:
    if isinstance(as_of, date):
        return as_of
    if isinstance(as_of, str) and as_of:
        try:
            return date.fromisoformat(as_of[:10])
        except ValueError:
            pass
    return date.today()


def yearless(month: str, day: str, as_of=None) -> str | None:
    """ISO date of a month and day: this year of ``as_of``, or last year if that is later."""
    ref = _as_of(as_of)
    for year in (ref.year, ref.year - 1):
        iso = _iso(str(year), month, day)
        if iso and iso <= ref.isoformat():
            return iso
    return None


def parse_date(value: str | None, as_of=None) -> str | None:
    """The first valid date in ``value`` as ISO, or None. A month-day without a year counts only
    when it is the whole value; ``as_of`` (ISO string or date, default today) gives its year."""
    if not value:
        return None
    for m in DATE_RE.finditer(value):
        iso = _iso(*m.groups())
        if iso:
            return iso
    m = _YEARLESS.match(value)
    if m and len(value) <= 24:
        return yearless(m.group(1), m.group(2), as_of)
    return None


def row_date(text: str | None, as_of=None) -> str | None:
    """The date of a list row from its text outside the title link: a full date anywhere, or a
    month-day at the end of the row (``(07-27)``, ``12-31``)."""
    iso = parse_date(text, as_of)
    if iso or not text:
        return iso
    m = _YEARLESS_TAIL.search(text.strip())
    return yearless(m.group(1), m.group(2), as_of) if m else None


find_date = parse_date


def all_dates(value: str) -> list[str]:
    out = []
    for m in DATE_RE.finditer(value or ""):
        iso = _iso(*m.groups())
        if iso:
            out.append(iso)
    return out
