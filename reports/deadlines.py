"""整改时限: the date a finding must be fixed by, in working days from the inspection date.

Working days follow the official holiday and 调休 calendar (``chinesecalendar``); a date the
calendar does not cover has no deadline (shown as 待定) rather than a guessed one.
"""

from __future__ import annotations

from datetime import date, timedelta

from rules.base import Severity

# working days to fix a finding, by severity (a setting: [report] deadlines in duwang.toml)
DEFAULT_DEADLINES = {Severity.VETO.value: 5, Severity.DEDUCT.value: 15, Severity.NOTICE.value: 30}


def add_working_days(start: date, days: int) -> date | None:
    """The date ``days`` working days after ``start``, or None outside the calendar's years."""
    import chinese_calendar

    current = start
    left = days
    try:
        while left > 0:
            current += timedelta(days=1)
            if chinese_calendar.is_workday(current):
                left -= 1
    except NotImplementedError:
        return None
    return current


def deadline_for(severity: str, inspected: date, deadlines: dict[str, int] | None = None) -> date | None:
    days = (deadlines or DEFAULT_DEADLINES).get(severity)
    if days is None:
        return None
    return add_working_days(inspected, int(days))
