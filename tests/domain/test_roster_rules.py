"""Which dates a village serves: cadence, second weekday, holidays, shifts."""

from __future__ import annotations

import datetime as dt

import pytest

from deskui.domain import roster_rules as rules
from deskui.domain.errors import ValidationError
from deskui.domain.workdays import WorkCalendar

D = dt.date
NATIONAL = {D(2026, 10, d): "国庆节" for d in range(1, 8)}
CAL_2026 = WorkCalendar(NATIONAL, {D(2026, 9, 20): "国庆节", D(2026, 10, 10): "国庆节"}, [2026])
TUESDAY = rules.TownRule(weekday=2)
WEEKLY = rules.VillageRule()


def dates(days: list[rules.PlannedDay]) -> list[dt.date]:
    return [d.date for d in days]


def test_weekly_tuesdays_of_november() -> None:
    days = rules.service_days(TUESDAY, WEEKLY, CAL_2026, D(2026, 11, 1), D(2026, 11, 30))
    assert dates(days) == [D(2026, 11, 3), D(2026, 11, 10), D(2026, 11, 17), D(2026, 11, 24)]
    assert all(d.status == rules.PLANNED and not d.second_day for d in days)


def test_biweekly_follows_its_anchor() -> None:
    remote = rules.VillageRule(cadence_weeks=2, anchor=D(2026, 11, 10))
    days = rules.service_days(TUESDAY, remote, CAL_2026, D(2026, 11, 1), D(2026, 12, 31))
    assert dates(days) == [D(2026, 11, 10), D(2026, 11, 24), D(2026, 12, 8), D(2026, 12, 22)]
    other = rules.VillageRule(cadence_weeks=2, anchor=D(2026, 11, 3))
    days = rules.service_days(TUESDAY, other, CAL_2026, D(2026, 11, 1), D(2026, 11, 30))
    assert dates(days) == [D(2026, 11, 3), D(2026, 11, 17)]


def test_national_day_tuesday_cancelled_by_default() -> None:
    days = rules.service_days(TUESDAY, WEEKLY, CAL_2026, D(2026, 10, 1), D(2026, 10, 31))
    first = days[0]
    assert first.date == D(2026, 10, 6) and first.status == rules.CANCELLED
    assert first.reason == "国庆节放假，服务日取消" and not first.held
    assert dates(days)[1:] == [D(2026, 10, 13), D(2026, 10, 20), D(2026, 10, 27)]


def test_national_day_tuesday_moved_to_next_working_day() -> None:
    town = rules.TownRule(weekday=2, policy=rules.MOVED)
    days = rules.service_days(town, WEEKLY, CAL_2026, D(2026, 10, 1), D(2026, 10, 31))
    first = days[0]
    assert (first.date, first.status, first.moved_from) == (
        D(2026, 10, 8),
        rules.MOVED,
        D(2026, 10, 6),
    )
    assert first.reason == "国庆节放假，顺延至10月8日"


def test_a_move_never_lands_on_a_makeup_saturday() -> None:
    # Friday service; the Friday is a holiday, Saturday a make-up working day
    cal = WorkCalendar({D(2026, 10, 9): "调休"}, {D(2026, 10, 10): "国庆节"}, [2026])
    town = rules.TownRule(weekday=5, policy=rules.MOVED)
    days = rules.service_days(town, WEEKLY, cal, D(2026, 10, 9), D(2026, 10, 9))
    assert days[0].date == D(2026, 10, 12)  # Monday, not the make-up Saturday


def test_makeup_saturday_is_not_a_service_day_unless_configured() -> None:
    days = rules.service_days(TUESDAY, WEEKLY, CAL_2026, D(2026, 10, 8), D(2026, 10, 12))
    assert dates(days) == []  # 10-10 is a make-up working Saturday
    saturday = rules.TownRule(weekday=6)
    days = rules.service_days(saturday, WEEKLY, CAL_2026, D(2026, 10, 8), D(2026, 10, 12))
    assert dates(days) == [D(2026, 10, 10)]


def test_a_move_reaching_the_next_service_day_cancels() -> None:
    long_break = {D(2026, 2, d): "春节" for d in range(15, 24)} | {D(2026, 2, 24): "春节"}
    cal = WorkCalendar(long_break, {}, [2026])
    town = rules.TownRule(weekday=2, policy=rules.MOVED)
    days = rules.service_days(town, WEEKLY, cal, D(2026, 2, 17), D(2026, 2, 24))
    assert [d.status for d in days] == [rules.CANCELLED, rules.MOVED]
    assert "重合" in days[0].reason and days[1].date == D(2026, 2, 25)


def test_second_weekday_every_week_and_odd_weeks() -> None:
    town = rules.TownRule(weekday=2, second_weekday=4)
    days = rules.service_days(town, WEEKLY, CAL_2026, D(2026, 11, 16), D(2026, 11, 29))
    assert [(d.date.day, d.second_day) for d in days] == [
        (17, False),
        (19, True),
        (24, False),
        (26, True),
    ]
    odd = rules.TownRule(weekday=2, second_weekday=4, second_parity=rules.ODD)
    days = rules.service_days(odd, WEEKLY, CAL_2026, D(2026, 11, 16), D(2026, 11, 29))
    # ISO week 47 (11-16..22) is odd, week 48 even
    assert [(d.date.day, d.second_day) for d in days] == [(17, False), (19, True), (24, False)]


def test_odd_week_thursday_leader_rule() -> None:
    thu_odd = rules.PlannedDay(D(2026, 11, 19), rules.PLANNED, second_day=True)  # week 47
    thu_even = rules.PlannedDay(D(2026, 11, 26), rules.PLANNED, second_day=True)  # week 48
    tue = rules.PlannedDay(D(2026, 11, 24), rules.PLANNED)
    assert rules.serves_day(rules.LEADER, True, thu_odd)
    assert not rules.serves_day(rules.LEADER, True, thu_even)
    assert not rules.serves_day(rules.LEADER, False, thu_odd)
    assert rules.serves_day(rules.LEADER, False, tue)
    assert rules.serves_day(rules.MEMBER, False, thu_even)


def test_shifts_and_half_days() -> None:
    assert rules.shifts(WEEKLY) == [("全天", "9:00-17:30")]
    both = rules.VillageRule(shift="上下午")
    assert [s for s, _ in rules.shifts(both)] == ["上午", "下午"]
    assert rules.shifts(rules.VillageRule(shift="下午")) == [("下午", "14:00-17:30")]
    assert rules.serves_shift("", "上午") and rules.serves_shift("上午", "上午")
    assert not rules.serves_shift("上午", "下午") and rules.serves_shift("下午", "全天")
    assert rules.shifts_overlap("全天", "下午") and not rules.shifts_overlap("上午", "下午")


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [(D(2026, 12, 1), D(2026, 11, 1), "早于"), (D(2026, 1, 1), D(2028, 1, 2), "超过两年")],
)
def test_bad_ranges_are_refused(start: dt.date, end: dt.date, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        rules.service_days(TUESDAY, WEEKLY, CAL_2026, start, end)


def test_two_full_years_are_allowed() -> None:
    days = rules.service_days(TUESDAY, WEEKLY, CAL_2026, D(2026, 1, 1), D(2027, 12, 31))
    assert len(days) == 104
