"""rules.workdays: the official holiday and 调休 calendar, and days it does not know."""

from datetime import date

from rules.workdays import add_workdays, is_workday, workdays_between


def test_national_day_holiday_and_make_up_saturday():
    assert is_workday(date(2026, 10, 5)) is False  # Monday inside the 国庆 holiday
    assert is_workday(date(2026, 10, 10)) is True  # Saturday made a working day (调休)
    assert is_workday(date(2026, 10, 11)) is False  # an ordinary Sunday


def test_counting_across_the_holiday_is_not_a_weekday_count():
    # 21 weekdays, but 17 official working days (国庆 holiday, one 调休 Saturday)
    assert workdays_between(date(2026, 9, 28), date(2026, 10, 27)) == 17
    assert workdays_between(date(2026, 11, 2), date(2026, 11, 9)) == 5


def test_same_day_and_reversed_spans_are_zero():
    assert workdays_between(date(2026, 9, 1), date(2026, 9, 1)) == 0
    assert workdays_between(date(2026, 9, 10), date(2026, 9, 1)) == 0


def test_days_outside_the_calendar_are_unknown():
    assert is_workday(date(2099, 1, 5)) is None
    assert workdays_between(date(2026, 12, 20), date(2099, 1, 5)) is None
    assert add_workdays(date(2099, 1, 1), 3) is None


def test_deadline_after_n_working_days():
    assert add_workdays(date(2026, 9, 28), 20) == date(2026, 10, 30)
