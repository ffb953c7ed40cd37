"""Working days under the official Chinese holiday and 调休 (make-up working day) calendar.

The calendar is the ``chinesecalendar`` package (the State Council's yearly 放假安排 notices as
data). A day outside the years the package knows is *unknown*: callers get ``None`` and must not
guess (a weekend-only count would be wrong around every holiday). Shared by the rules that count
working days (``doc.late``, ``interpretation.late``) and by the reports' deadlines.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar

from .runcache import run_cache


@cache  # chinese_calendar scans its whole holiday table on every call
def is_workday(day: date) -> bool | None:
    """True on a working day (调休 Saturdays included), False on a rest day, None when unknown."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the calendar does not cover
        return None


def covered(day: date) -> bool:
    return is_workday(day) is not None


@run_cache(65536)  # a site's documents share their few hundred publication days
def workdays_between(start: date, end: date) -> int | None:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start).

    "Within 20 working days of the 成文日期" means ``workdays_between(written, published) <= 20``.
    None when any day of the span is outside the calendar.
    """
    if end <= start:
        return 0 if covered(start) and covered(end) else None
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        state = is_workday(day)
        if state is None:
            return None
        count += state
    return count


def add_workdays(start: date, n: int) -> date | None:
    """The day ``n`` working days after ``start`` (a deadline), None when the calendar runs out."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        state = is_workday(day)
        if state is None:
            return None
        left -= state
    return day
