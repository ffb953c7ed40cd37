"""Date helpers shared by the freshness rules (no Rule subclass here)."""

from __future__ import annotations

import calendar
from datetime import date

from .runcache import run_cache


@run_cache(65536)  # a site's rows repeat a few thousand dates
def parse_date(value: str | None) -> date | None:
    """An ISO date (or the date part of an ISO datetime); None when absent or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
