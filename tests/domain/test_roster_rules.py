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


# ------------------------------------------------- settings (town_rules)

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from deskui.domain import town_rules  # noqa: E402


@given(st.integers(min_value=1, max_value=7))
def test_every_iso_weekday_is_accepted_in_each_spelling(day: int) -> None:
    name = town_rules.WEEKDAY_NAMES[day - 1]
    for spelling in (day, str(day), f"周{name}", f"星期{name}", name):
        assert town_rules.parse_weekday(spelling) == day
    settings = town_rules.check_town(day, None, None, "取消")
    assert settings == town_rules.TownSettings(day, None, None, "取消")


@given(st.integers().filter(lambda n: not 1 <= n <= 7))
def test_weekdays_out_of_range_are_refused(day: int) -> None:
    with pytest.raises(ValidationError, match="星期一至星期日") as caught:
        town_rules.check_town(day, None, None, "取消")
    assert caught.value.field == "service_weekday"


@given(
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=7),
    st.sampled_from(["单周", "双周", "每周", "", None]),
)
def test_second_weekday_and_parity(first: int, second: int, parity: str | None) -> None:
    if first == second:
        with pytest.raises(ValidationError, match="不能与服务日相同"):
            town_rules.check_town(first, second, parity, "顺延")
        return
    s = town_rules.check_town(first, second, parity, "顺延")
    assert s.second_weekday == second
    assert s.second_week_parity == (parity if parity in ("单周", "双周") else None)
    assert s.rule() == rules.TownRule(first, second, s.second_week_parity, "顺延")


@pytest.mark.parametrize(
    ("second", "parity", "policy", "field", "words"),
    [
        (None, "单周", "取消", "parity", "没有第二服务日"),
        ("", "双周", "取消", "parity", "没有第二服务日"),
        (4, "三周", "取消", "parity", "单双周“三周”无效"),
        (8, None, "取消", "second_weekday", "星期一至星期日"),
        (4, None, "推迟", "holiday_policy", "取消”或“顺延"),
        (None, None, "", "holiday_policy", "无效"),
    ],
)
def test_bad_town_settings_are_refused(
    second: object, parity: str | None, policy: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        town_rules.check_town(2, second, parity, policy)
    assert caught.value.field == field


def test_village_settings_normalise_and_refuse() -> None:
    ok = town_rules.check_village(" 村委会二楼 ", "隔周", D(2026, 11, 3), "上下午", "8:30-11:30",
                                  "14：00-17:00")  # fmt: skip
    assert ok == town_rules.VillageSettings(
        "村委会二楼", 2, D(2026, 11, 3), "上下午", "8:30-11:30", "14:00-17:00"
    )
    weekly = town_rules.check_village("", "每周", D(2026, 11, 3), "全天", "9:00-12:00",
                                      "14:00-17:30")  # fmt: skip
    assert weekly.cadence_weeks == 1 and weekly.cadence_anchor is None
    cases = [
        (("", 2, None, "全天", "9:00-12:00", "14:00-17:30"), "cadence_anchor", "基准日期"),
        (("", 3, None, "全天", "9:00-12:00", "14:00-17:30"), "cadence_weeks", "每周 或 隔周"),
        (("", 1, None, "晚上", "9:00-12:00", "14:00-17:30"), "shift", "服务时段“晚上”无效"),
        (("", 1, None, "全天", "九点到十二点", "14:00-17:30"), "am_hours", "无法识别"),
        (("", 1, None, "全天", "12:00-9:00", "14:00-17:30"), "am_hours", "结束早于"),
        (("", 1, None, "全天", "9:00-12:00", "11:00-17:30"), "pm_hours", "早于上午"),
        (("", 1, None, "全天", "9:00-25:00", "14:00-17:30"), "am_hours", "无法识别"),
    ]
    for args, field, words in cases:
        with pytest.raises(ValidationError, match=words) as caught:
            town_rules.check_village(*args)  # type: ignore[arg-type]
        assert caught.value.field == field


@given(
    st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59),
    st.integers(min_value=1, max_value=600),
)  # fmt: skip
def test_hours_round_trip(hour: int, minute: int, length: int) -> None:
    begin = dt.datetime(2026, 1, 1, hour, minute)
    end = begin + dt.timedelta(minutes=length)
    text = f"{begin.hour}:{begin.minute:02d}-{end.hour}:{end.minute:02d}"
    if end.date() != begin.date():
        with pytest.raises(ValidationError):
            town_rules.parse_hours(text, field="am_hours")
        return
    assert town_rules.parse_hours(text, field="am_hours") == (begin.time(), end.time())


# ------------------------------------------------------ the shared planner


def slot(official: int, role: str, **kw: object) -> rules.Slot:
    return rules.Slot(official, role, **kw)  # type: ignore[arg-type]


def test_plan_roster_rotates_a_leader_and_leaves_cancelled_days_empty() -> None:
    villages = [
        rules.VillageTeam(1, "甲村", WEEKLY, (slot(10, "组长"), slot(11, "成员"))),
        rules.VillageTeam(2, "乙村", WEEKLY, (slot(10, "组长"), slot(12, "成员"))),
    ]
    plan = rules.plan_roster(TUESDAY, villages, CAL_2026, D(2026, 9, 29), D(2026, 10, 20))
    october_6 = [d for d in plan if d.day.date == D(2026, 10, 6)]
    assert len(october_6) == 2 and all(d.officials == () for d in october_6)
    assert all(d.day.status == rules.CANCELLED for d in october_6)
    leading = {(d.village, d.day.date) for d in plan if (10, "组长") in d.officials}
    for day in {d.day.date for d in plan if d.day.held}:
        assert len([v for v, when in leading if when == day]) == 1  # one village a week
    assert all((11, "成员") in d.officials for d in plan if d.village == 1 and d.day.held)


def test_plan_roster_refuses_a_team_without_leader() -> None:
    villages = [rules.VillageTeam(1, "甲村", WEEKLY, (slot(11, "成员"),))]
    with pytest.raises(rules.RuleViolation, match="甲村的驻村团队没有组长"):
        rules.plan_roster(TUESDAY, villages, CAL_2026, D(2026, 11, 1), D(2026, 11, 30))


def test_team_clash_rules() -> None:
    am = rules.VillageRule(shift="上午")
    pm = rules.VillageRule(shift="下午")
    odd = rules.VillageRule(cadence_weeks=2, anchor=D(2026, 11, 3))
    even = rules.VillageRule(cadence_weeks=2, anchor=D(2026, 11, 10))
    assert rules.team_clash((WEEKLY, "成员", ""), (WEEKLY, "协助", ""))
    assert not rules.team_clash((WEEKLY, "组长", ""), (WEEKLY, "组长", ""))  # in turn
    assert rules.team_clash((WEEKLY, "组长", ""), (WEEKLY, "成员", ""))
    assert not rules.team_clash((am, "成员", ""), (pm, "成员", ""))
    both = rules.VillageRule(shift="上下午")
    assert not rules.team_clash((both, "成员", "上午"), (both, "成员", "下午"))
    # a 全天 village's day is one row: a half-day member still sits in it
    assert rules.team_clash((WEEKLY, "成员", "上午"), (both, "成员", "上午"))
    assert not rules.team_clash((odd, "成员", ""), (even, "成员", ""))
    assert rules.team_clash((odd, "成员", ""), (odd, "成员", ""))
    assert rules.team_clash((odd, "成员", ""), (WEEKLY, "成员", ""))


@pytest.mark.parametrize("a", ["全天", "上午", "下午"])
@pytest.mark.parametrize("b", ["全天", "上午", "下午"])
def test_halves_collide_exactly_when_shifts_overlap(a: str, b: str) -> None:
    """The store's unique (village, date, am) / (village, date, pm) indexes
    refuse exactly the pairs of lines the rules call overlapping."""
    from deskui.domain.roster_rules import halves, shifts_overlap

    (am_a, pm_a), (am_b, pm_b) = halves(a), halves(b)
    collide = bool(am_a and am_b) or bool(pm_a and pm_b)
    assert collide == shifts_overlap(a, b)
    assert False not in (am_a, pm_a)  # True or NULL: a NULL never collides


@pytest.mark.parametrize(
    ("post", "leader"),
    [
        ("党委书记", True), ("镇党委副书记", True), ("镇长", True), ("副镇长", True),
        ("人大主席", True), ("纪委书记", True), ("组织委员", True), ("武装部长", True),
        ("党委委员、副镇长", True), ("街道办事处主任", True),
        ("干事", False), ("村党支部书记", False), ("村委会主任", False), ("党政办主任", False),
        ("站长", False), ("", False),
    ],
)  # fmt: skip
def test_leadership_posts(post: str, leader: bool) -> None:
    from deskui.domain.town_rules import is_leadership_post

    assert is_leadership_post(post) is leader
