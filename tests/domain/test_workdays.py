"""Working days across weekends, holidays and make-up days (调休上班)."""

from __future__ import annotations

import datetime as dt

import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.workdays import FIXED_HOLIDAYS, WorkCalendar, fixed_holiday

DETERMINISTIC = settings(derandomize=True, max_examples=300, deadline=None)
D = dt.date
CAL = WorkCalendar(constants.holidays, constants.workdays, {d.year for d in constants.holidays})


@pytest.fixture
def cal() -> WorkCalendar:
    return CAL


def test_tuesday_service_day(cal: WorkCalendar) -> None:
    tuesday = D(2026, 11, 24)
    assert cal.add_workdays(tuesday, 1) == D(2026, 11, 25)
    assert cal.add_workdays(tuesday, 3) == D(2026, 11, 27)
    assert cal.add_workdays(tuesday, 4) == D(2026, 11, 30)  # over the weekend
    assert cal.add_workdays(tuesday, 0) == tuesday
    assert cal.add_workdays(tuesday, -1) == D(2026, 11, 23)


def test_national_day_2026(cal: WorkCalendar) -> None:
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)  # Saturday make-up day
    assert cal.add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 10)
    for day in range(1, 8):
        assert not cal.is_workday(D(2026, 10, day))
        assert cal.is_holiday(D(2026, 10, day))
        assert cal.holiday_name(D(2026, 10, day)) == "National Day"
    assert cal.is_workday(D(2026, 10, 10)) and cal.is_makeup_workday(D(2026, 10, 10))
    assert cal.makeup_name(D(2026, 10, 10)) == "National Day"
    assert cal.holiday_name(D(2026, 10, 10)) == ""
    assert not cal.is_workday(D(2026, 10, 11))  # an ordinary Sunday


def test_next_workday(cal: WorkCalendar) -> None:
    assert cal.next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert cal.next_workday(D(2026, 11, 27)) == D(2026, 11, 30)
    assert cal.workday_on_or_after(D(2026, 11, 24)) == D(2026, 11, 24)
    assert cal.workday_on_or_after(D(2026, 10, 1)) == D(2026, 10, 8)


def test_workdays_between(cal: WorkCalendar) -> None:
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert cal.workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert cal.workdays_between(D(2026, 11, 24), D(2026, 11, 24)) == 0


def test_unknown_year_falls_back_to_weekends_and_fixed_holidays(cal: WorkCalendar) -> None:
    assert not cal.year_known(2027)
    assert cal.year_known(2026)
    assert not cal.is_workday(D(2027, 1, 1))  # a Friday, but 元旦 is fixed by date
    assert cal.is_holiday(D(2027, 1, 1)) and cal.holiday_name(D(2027, 1, 1)) == "元旦"
    assert cal.add_workdays(D(2026, 12, 30), 3) == D(2027, 1, 5)  # Dec 31, Jan 4, Jan 5
    assert not cal.covers(D(2026, 12, 30), D(2027, 1, 5))
    assert cal.unknown_years(D(2027, 1, 4), D(2026, 12, 30)) == [2027]
    assert cal.covers(D(2026, 1, 1), D(2026, 12, 31))
    # 劳动节 1–2 May and 国庆节 1–3 October (2025 revision); the rest are ordinary days
    for day in (D(2027, 5, 1), D(2027, 5, 2), D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)):
        assert cal.is_holiday(day) and not cal.is_workday(day)
    assert cal.holiday_name(D(2027, 5, 2)) == "劳动节"
    assert cal.holiday_name(D(2027, 10, 3)) == "国庆节"
    assert cal.is_workday(D(2027, 5, 3)) and cal.is_workday(D(2027, 10, 4))
    assert cal.is_workday(D(2027, 4, 5))  # 清明 is a solar term: not assumed
    assert cal.is_workday(D(2027, 2, 8))  # 春节 is lunar: not assumed
    assert not cal.is_holiday(D(2027, 10, 4)) and cal.holiday_name(D(2027, 10, 4)) == ""


def test_known_year_uses_only_its_table() -> None:
    # A covered year whose table leaves 1 May a working day keeps it so.
    cal = WorkCalendar({}, {D(2026, 5, 2): "劳动节"}, {2026})
    assert cal.is_workday(D(2026, 5, 1))  # a Friday, not in the table
    assert not cal.is_holiday(D(2026, 5, 1))
    # In an uncovered year a day entered by hand still wins over the fixed rule.
    cal = WorkCalendar({D(2027, 2, 8): "春节"}, {D(2027, 10, 2): "国庆节"}, {2026})
    assert not cal.is_workday(D(2027, 2, 8)) and cal.holiday_name(D(2027, 2, 8)) == "春节"
    assert cal.is_workday(D(2027, 10, 2)) and not cal.is_holiday(D(2027, 10, 2))
    assert cal.holiday_name(D(2027, 10, 2)) == ""


def test_fixed_holidays() -> None:
    assert fixed_holiday(D(2031, 1, 1)) and fixed_holiday(D(2031, 10, 3))
    assert not fixed_holiday(D(2031, 10, 4)) and not fixed_holiday(D(2031, 5, 3))
    assert sorted(FIXED_HOLIDAYS) == [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)]


def test_empty_calendar_is_weekends_and_fixed_holidays() -> None:
    cal = WorkCalendar()
    assert cal.add_workdays(D(2026, 11, 27), 1) == D(2026, 11, 30)
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 5)
    assert cal.known_years == frozenset()
    assert "0 holidays" in repr(cal)


def test_user_override_wins() -> None:
    cal = WorkCalendar({D(2026, 11, 25): "镇庆"}, {D(2026, 11, 28): "补班"}, {2026})
    assert cal.add_workdays(D(2026, 11, 24), 1) == D(2026, 11, 26)
    assert cal.add_workdays(D(2026, 11, 27), 1) == D(2026, 11, 28)


@DETERMINISTIC
@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(min_value=1, max_value=15),
)
def test_add_workdays_lands_on_a_workday(start: dt.date, n: int) -> None:
    cal = CAL
    due = cal.add_workdays(start, n)
    assert due > start
    assert cal.is_workday(due)
    assert all(not cal.is_workday(d) for d in _days(cal.add_workdays(start, n - 1), due))
    assert cal.workdays_between(start, due) == n
    back = cal.add_workdays(due, -n)
    if cal.is_workday(start):
        assert back == start
    else:
        assert back < start


def _days(after: dt.date, before: dt.date) -> list[dt.date]:
    """The days strictly between two dates."""
    return [after + dt.timedelta(days=i) for i in range(1, (before - after).days)]


UNCOVERED = WorkCalendar(constants.holidays, constants.workdays, range(2004, 2027))


@DETERMINISTIC
@given(
    st.dates(min_value=D(2026, 6, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=1, max_value=15),
)
def test_uncovered_years_skip_weekends_and_fixed_holidays(start: dt.date, n: int) -> None:
    due = UNCOVERED.add_workdays(start, n)
    assert UNCOVERED.workdays_between(start, due) == n
    day = start
    while day < due:
        day += dt.timedelta(days=1)
        if day.year >= 2027:
            assert UNCOVERED.is_workday(day) == (day.weekday() < 5 and not fixed_holiday(day))
