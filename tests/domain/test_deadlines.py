"""Deadlines by level around the 2026 National Day, and urgency."""

from __future__ import annotations

import datetime as dt

import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from deskui.domain.deadlines import (
    FINISHED_LATE,
    FINISHED_ON_TIME,
    IS_DUE_TODAY,
    IS_FINISHED,
    IS_OPEN,
    IS_OVERDUE,
    Deadline,
    Level,
    MatterDates,
    Timeliness,
    Urgency,
    due_date,
    due_date_provisional,
    timeliness,
    urgency,
    urgency_of,
)
from deskui.domain.errors import ValidationError
from deskui.domain.predicates import holds, truth
from deskui.domain.workdays import WorkCalendar, fixed_holiday

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
    assert due_date_provisional(level, accepted, CAL) == Deadline(due, ())
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


# A year the holiday table does not cover: 2027 (chinesecalendar stops at 2026).


def test_uncovered_year_is_counted_by_the_fixed_holidays_and_flagged() -> None:
    assert not CAL.year_known(2027)
    village = due_date_provisional(Level.VILLAGE, D(2026, 12, 31), CAL)
    assert village == Deadline(D(2027, 1, 4), (2027,))  # past 元旦 (Fri) and the weekend
    assert village.provisional
    assert due_date(Level.VILLAGE, D(2026, 12, 31), CAL) == D(2027, 1, 4)
    town = due_date_provisional(Level.TOWN, D(2027, 9, 30), CAL)
    assert town.due_on >= D(2027, 10, 6) and town.provisional
    assert town.due_on == D(2027, 10, 6)  # 10-01..10-03 off, Mon 4, Tue 5, Wed 6
    # Accepted on the last day of a covered year, due within it: not provisional.
    assert not due_date_provisional(Level.VILLAGE, D(2026, 12, 30), CAL).provisional
    # Accepted in an uncovered year, counted only through a covered one: not provisional.
    covered_2028 = WorkCalendar({}, {}, {2028})
    assert due_date_provisional(Level.VILLAGE, D(2027, 12, 31), covered_2028) == Deadline(
        D(2028, 1, 3), ()
    )


def test_a_promised_date_is_never_provisional() -> None:
    deadline = due_date_provisional(Level.COUNTY, D(2027, 3, 1), CAL, D(2027, 4, 1))
    assert deadline == Deadline(D(2027, 4, 1), ()) and not deadline.provisional


@DETERMINISTIC
@given(
    st.sampled_from([Level.VILLAGE, Level.TOWN]),
    st.dates(min_value=D(2026, 1, 1), max_value=D(2029, 12, 31)),
)
def test_provisional_due_dates(level: Level, accepted: dt.date) -> None:
    deadline = due_date_provisional(level, accepted, CAL)
    due = deadline.due_on
    counted = [accepted + dt.timedelta(days=i) for i in range(1, (due - accepted).days + 1)]
    touches_uncovered = any(not CAL.year_known(d.year) for d in counted)
    assert deadline.provisional == touches_uncovered
    assert deadline.unknown_years == tuple(sorted({d.year for d in counted} - CAL.known_years))
    if not CAL.year_known(due.year):
        assert due.weekday() < 5 and not fixed_holiday(due)
    assert CAL.workdays_between(accepted, due) == level.workdays
    assert due_date(level, accepted, CAL) == due


# Meeting the deadline: one definition each, on the card's fields.

AS_OF = D(2026, 11, 24)


def card(
    due: dt.date | None,
    finished: dt.date | None = None,
    closed: dt.date | None = None,
    state: str = "办理中",
) -> MatterDates:
    return MatterDates(D(2026, 11, 2), due, finished, closed, state)


@pytest.mark.parametrize(
    ("matter", "expected"),
    [
        (card(D(2026, 11, 23)), Timeliness.OVERDUE),
        (card(D(2026, 11, 24)), Timeliness.DUE_TODAY),
        (card(D(2026, 11, 25)), Timeliness.PENDING),
        (card(None), Timeliness.PENDING),
        (card(D(2026, 11, 20), finished=D(2026, 11, 20)), Timeliness.ON_TIME),
        (card(D(2026, 11, 20), finished=D(2026, 11, 21)), Timeliness.LATE),
        (card(None, finished=D(2026, 11, 21)), Timeliness.ON_TIME),
        # finished after the as-of date: still open (and overdue) then
        (card(D(2026, 11, 20), finished=D(2026, 11, 25)), Timeliness.OVERDUE),
        (card(D(2026, 11, 20), D(2026, 11, 21), D(2026, 11, 22), "已销号"), Timeliness.LATE),
        (card(D(2026, 11, 20), D(2026, 11, 19), D(2026, 11, 30), "已销号"), Timeliness.ON_TIME),
        (card(D(2026, 11, 20), state="不予受理"), None),
    ],
)
def test_timeliness(matter: MatterDates, expected: Timeliness | None) -> None:
    assert timeliness(matter, AS_OF) == expected
    assert (expected is not None and expected.past_due) == (
        expected in (Timeliness.OVERDUE, Timeliness.LATE)
    )


def test_urgency_of_a_card() -> None:
    assert urgency_of(card(D(2026, 11, 20)), AS_OF) == ("overdue", 4)
    assert urgency_of(card(AS_OF), AS_OF) == ("due_today", 0)
    assert urgency_of(card(D(2026, 11, 20), finished=D(2026, 11, 21)), AS_OF) == ("done", 0)
    assert urgency_of(card(D(2026, 11, 20), state="不予受理"), AS_OF) == ("done", 0)
    assert urgency_of(card(None), AS_OF) is None


OPTIONAL_DAY = st.none() | st.dates(min_value=D(2026, 10, 1), max_value=D(2026, 12, 31))


@st.composite
def cards(draw: st.DrawFn) -> MatterDates:
    accepted = draw(st.dates(min_value=D(2026, 10, 1), max_value=D(2026, 12, 31)))
    state = draw(st.sampled_from(["待办", "办理中", "已办结", "已销号", "不予受理"]))
    if state == "不予受理":
        return MatterDates(accepted, draw(OPTIONAL_DAY), None, None, state)
    finished = draw(OPTIONAL_DAY) if state != "已销号" else draw(OPTIONAL_DAY.filter(bool))
    closed = None
    if state == "已销号" and finished is not None:
        closed = finished + dt.timedelta(days=draw(st.integers(0, 20)))
    return MatterDates(accepted, draw(OPTIONAL_DAY), finished, closed, state)


@DETERMINISTIC
@given(cards(), st.dates(min_value=D(2026, 10, 1), max_value=D(2027, 1, 31)))
def test_the_rules_partition_every_card(matter: MatterDates, as_of: dt.date) -> None:
    params = {"as_of": as_of}
    rules = (IS_OPEN, IS_FINISHED, IS_OVERDUE, IS_DUE_TODAY, FINISHED_ON_TIME, FINISHED_LATE)
    for rule in rules:  # never unknown: safe to negate, same in SQL
        assert truth(rule, matter, params) is not None
    is_open, finished = holds(IS_OPEN, matter, params), holds(IS_FINISHED, matter, params)
    refused = matter.state == "不予受理"
    assert not (is_open and finished)
    assert is_open or finished or refused
    if finished:
        assert holds(FINISHED_ON_TIME, matter, params) != holds(FINISHED_LATE, matter, params)
    # urgency() on a desk list says the same as the rules
    if matter.due_on is not None:
        state, _ = urgency(matter.due_on, as_of, done=not is_open)
        assert (state == "overdue") == holds(IS_OVERDUE, matter, params)
        assert (state == "due_today") == holds(IS_DUE_TODAY, matter, params)
