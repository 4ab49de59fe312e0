"""Deadlines by level around the 2026 National Day, and urgency."""

from __future__ import annotations

import datetime as dt

import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.deadlines import Level, Urgency, due_date, urgency
from deskui.domain.errors import ValidationError
from deskui.domain.workdays import WorkCalendar

D = dt.date
DETERMINISTIC = settings(derandomize=True, max_examples=200, deadline=None)
CAL = WorkCalendar(constants.holidays, constants.workdays, {d.year for d in constants.holidays})


@pytest.mark.parametrize(
    ("level", "accepted", "due"),
    [
        (Level.VILLAGE, D(2026, 11, 24), D(2026, 11, 25)),
        (Level.TOWN, D(2026, 11, 24), D(2026, 11, 27)),
        (Level.TOWN, D(2026, 9, 30), D(2026, 10, 10)),
        (Level.VILLAGE, D(2026, 9, 30), D(2026, 10, 8)),
        (Level.VILLAGE, D(2026, 10, 9), D(2026, 10, 10)),
        (Level.VILLAGE, D(2026, 11, 27), D(2026, 11, 30)),
        (Level.TOWN, D(2026, 10, 3), D(2026, 10, 10)),  # accepted on a holiday
    ],
)
def test_due_dates(level: Level, accepted: dt.date, due: dt.date) -> None:
    assert due_date(level, accepted, CAL) == due
    assert due_date(level, accepted, CAL, promised_on=D(2030, 1, 1)) == due  # rule wins


def test_county_level_needs_a_promised_date() -> None:
    assert due_date(Level.COUNTY, D(2026, 11, 24), CAL, D(2026, 12, 31)) == D(2026, 12, 31)
    assert due_date(Level.COUNTY, D(2026, 11, 24), CAL, D(2026, 11, 24)) == D(2026, 11, 24)
    with pytest.raises(ValidationError) as info:
        due_date(Level.COUNTY, D(2026, 11, 24), CAL)
    assert info.value.field == "promised_on" and "承诺办结日期" in info.value.message
    with pytest.raises(ValidationError) as info:
        due_date(Level.COUNTY, D(2026, 11, 24), CAL, D(2026, 11, 23))
    assert "不能早于受理日期 2026-11-24" in info.value.message


def test_levels() -> None:
    assert [lv.value for lv in Level] == ["村", "镇", "县"]
    assert Level.VILLAGE.label == "一般性事务"
    assert Level.TOWN.label == "需镇研究办理"
    assert Level.COUNTY.label == "超出镇职权"
    assert Level.parse("镇") is Level.TOWN
    assert Level.parse(" 超出镇职权 ") is Level.COUNTY
    assert Level("村").workdays == 1
    with pytest.raises(ValidationError) as info:
        Level.parse("省")
    assert "村（一般性事务）" in info.value.message and info.value.field == "level"


def test_urgency() -> None:
    today = D(2026, 11, 24)
    assert urgency(D(2026, 11, 20), today, done=False) == ("overdue", 4)
    assert urgency(today, today, done=False) == ("due_today", 0)
    assert urgency(D(2026, 11, 27), today, done=False) == ("ok", 3)
    assert urgency(D(2026, 11, 20), today, done=True) == ("done", 0)
    assert Urgency("overdue", 4).label == "超期 4 天"
    assert Urgency("due_today", 0).label == "今日到期"
    assert Urgency("ok", 3).label == "剩 3 天"
    assert Urgency("done", 0).label == "已办结"


@DETERMINISTIC
@given(
    st.sampled_from([Level.VILLAGE, Level.TOWN]),
    st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 20)),
)
def test_rule_deadlines_are_working_days_after_acceptance(level: Level, accepted: dt.date) -> None:
    due = due_date(level, accepted, CAL)
    assert due > accepted and CAL.is_workday(due)
    assert CAL.workdays_between(accepted, due) == level.workdays
    state, days = urgency(due, accepted, done=False)
    assert state == "ok" and days == (due - accepted).days
