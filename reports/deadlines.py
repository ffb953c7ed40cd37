"""整改时限: the date a finding must be fixed by, in working days from the inspection date.

Working days follow the official holiday and 调休 calendar (:mod:`rules.workdays`). The State
Council publishes each year's holidays late in the year before, so a deadline can fall in a
year the calendar does not cover yet: the days there are counted Monday to Friday, less the
fixed-date statutory holidays, and the deadline is marked as an estimate (a clerk gets a date,
and knows to check it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rules.base import Severity
from rules.workdays import is_workday

# Fixed-date statutory holidays (全国年节及纪念日放假办法: 元旦, 劳动节, 国庆节), rest days in any year;
# the lunar ones (春节, 清明, 端午, 中秋) and the 调休 swaps are only known from the yearly notice.
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}

# working days to fix a finding, by severity (a setting: [report] deadlines in duwang.toml)
DEFAULT_DEADLINES = {Severity.VETO.value: 5, Severity.DEDUCT.value: 15, Severity.NOTICE.value: 30}


@dataclass(frozen=True)
class Deadline:
    day: date
    estimated: bool  # some days counted Monday to Friday (a year the calendar does not cover)

    def text(self) -> str:
        return self.day.isoformat() + ("（估算）" if self.estimated else "")


def add_working_days(start: date, days: int) -> Deadline:
    current, left, estimated = start, days, False
    while left > 0:
        current += timedelta(days=1)
        state = is_workday(current)
        if state is None:
            estimated = True
            state = current.weekday() < 5 and (current.month, current.day) not in FIXED_HOLIDAYS
        left -= bool(state)
    return Deadline(current, estimated)


def deadline_for(severity: str, inspected: date, deadlines: dict[str, int] | None = None) -> Deadline | None:
    days = (deadlines or DEFAULT_DEADLINES).get(severity)
    if days is None:
        return None
    return add_working_days(inspected, int(days))


ESTIMATE_NOTE = (
    "标注“估算”的整改时限跨入节假日安排尚未公布的年份，暂按周一至周五（除元旦、劳动节、国庆节）计算，"
    "节假日安排公布后请核对。"
)
