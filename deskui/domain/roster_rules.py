"""Which dates a village holds its service day (pure rules, no I/O).

- The town's **weekday** (ISO, 2 = Tuesday) is the service day; a village
  with ``cadence_weeks == 2`` (位置偏远) serves every other week, in phase with
  its ``anchor`` (a date it served; without one, the odd ISO weeks).
- The town may add a **second weekday** (一线工作日, e.g. Thursday), every
  week or only in odd (单周) / even (双周) ISO weeks.
- A service date inside a statutory holiday (放假) is, by the town's
  ``holiday_policy``, **cancelled** (取消) or **moved** (顺延) to the next
  working day from Monday to Friday, with the reason. A move that would
  reach the village's next service date is a cancellation instead.
- A make-up working day (调休上班) on a weekend is never a service day
  unless it is the configured weekday: the weekday decides, not the
  calendar.
- Half days: a village's ``shift`` (全天 / 上午 / 下午 / 上下午) gives one or two
  duty rows a day; a team member with a shift of their own serves only it.
- The leader rule for the second weekday: a leader (组长) serves it only in
  odd ISO weeks and only when marked ``odd_week_second_day``; members and
  helpers serve every second weekday held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.workdays import WorkCalendar
from deskui.i18n import t

PLANNED = "安排"
CANCELLED = "取消"
MOVED = "顺延"
STATUSES = (PLANNED, CANCELLED, MOVED)
POLICIES = (CANCELLED, MOVED)
ODD, EVEN = "单周", "双周"
WHOLE, AM, PM, BOTH = "全天", "上午", "下午", "上下午"
VILLAGE_SHIFTS = (WHOLE, AM, PM, BOTH)
LEADER, MEMBER, HELPER = "组长", "成员", "协助"
ROLES = (LEADER, MEMBER, HELPER)
MAX_SPAN_DAYS = 731  # two years (one of them a leap year)

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)


@dataclass(frozen=True)
class TownRule:
    weekday: int = 2
    second_weekday: int | None = None
    second_parity: str | None = None  # 单周 / 双周 / None = every week
    policy: str = CANCELLED


@dataclass(frozen=True)
class VillageRule:
    cadence_weeks: int = 1
    anchor: dt.date | None = None
    shift: str = WHOLE
    am_hours: str = "9:00-12:00"
    pm_hours: str = "14:00-17:30"


@dataclass(frozen=True)
class PlannedDay:
    """One service date of a village: held, cancelled or moved."""

    date: dt.date  # the day it is held (the original date when cancelled)
    status: str
    reason: str = ""
    moved_from: dt.date | None = None
    second_day: bool = False

    @property
    def held(self) -> bool:
        return self.status != CANCELLED


def odd_week(day: dt.date) -> bool:
    """Is ``day`` in an odd ISO week (单周)?"""
    return day.isocalendar()[1] % 2 == 1


def check_range(start: dt.date, end: dt.date) -> None:
    """Refuse a backwards range or one longer than two years."""
    if end < start:
        raise ValidationError(t("roster.rule.backwards", start=start, end=end), field="end")
    if (end - start).days >= MAX_SPAN_DAYS:
        raise ValidationError(t("roster.rule.too_long", start=start, end=end), field="end")


def _in_cadence(day: dt.date, village: VillageRule) -> bool:
    if village.cadence_weeks <= 1:
        return True
    if village.anchor is None:
        return odd_week(day)
    weeks = (day - village.anchor).days // 7
    return weeks % village.cadence_weeks == 0


def _second_wanted(day: dt.date, town: TownRule) -> bool:
    if town.second_parity == ODD:
        return odd_week(day)
    if town.second_parity == EVEN:
        return not odd_week(day)
    return True


def _weekly(weekday: int, start: dt.date, last: dt.date) -> list[dt.date]:
    day = start + dt.timedelta(days=(weekday - start.isoweekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += _WEEK
    return out


def _candidates(
    town: TownRule, village: VillageRule, start: dt.date, end: dt.date
) -> list[tuple[dt.date, bool]]:
    """(date, second_day) of the regular service dates from ``start`` to ``end``
    (plus four weeks beyond, so a move can see the next service date)."""
    last = end + dt.timedelta(weeks=4)
    out = [(d, False) for d in _weekly(town.weekday, start, last) if _in_cadence(d, village)]
    if town.second_weekday is not None and town.second_weekday != town.weekday:
        out += [
            (d, True)
            for d in _weekly(town.second_weekday, start, last)
            if _in_cadence(d, village) and _second_wanted(d, town)
        ]
        out.sort()
    return out


def _next_weekday_workday(day: dt.date, calendar: WorkCalendar) -> dt.date:
    """The first working day after ``day`` from Monday to Friday (a make-up
    Saturday or Sunday is skipped: it is never a service day by itself)."""
    day += _DAY
    while not (calendar.is_workday(day) and day.weekday() < 5):
        day += _DAY
    return day


def service_days(
    town: TownRule,
    village: VillageRule,
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
) -> list[PlannedDay]:
    """The village's service dates whose regular date lies in ``[start, end]``,
    each held, moved (with the new date and the reason) or cancelled."""
    check_range(start, end)
    if town.policy not in POLICIES:
        raise ValidationError(t("roster.rule.bad_policy", policy=town.policy), field="policy")
    regular = _candidates(town, village, start, end)
    out: list[PlannedDay] = []
    for i, (day, second) in enumerate(regular):
        if day > end:
            break
        if not calendar.is_holiday(day):
            out.append(PlannedDay(day, PLANNED, second_day=second))
            continue
        name = calendar.holiday_name(day) or t("roster.rule.holiday")
        if town.policy == MOVED:
            target = _next_weekday_workday(day, calendar)
            following = regular[i + 1][0] if i + 1 < len(regular) else None
            if following is None or target < following:
                reason = t("roster.rule.moved", name=name, to=f"{target.month}月{target.day}日")
                out.append(PlannedDay(target, MOVED, reason, moved_from=day, second_day=second))
                continue
            reason = t("roster.rule.cancel_clash", name=name)
        else:
            reason = t("roster.rule.cancelled", name=name)
        out.append(PlannedDay(day, CANCELLED, reason, second_day=second))
    return out


def shifts(village: VillageRule) -> list[tuple[str, str]]:
    """(shift, hours) of one service day of a village: two rows for 上下午."""
    if village.shift == BOTH:
        return [(AM, village.am_hours), (PM, village.pm_hours)]
    if village.shift == AM:
        return [(AM, village.am_hours)]
    if village.shift == PM:
        return [(PM, village.pm_hours)]
    begin = village.am_hours.split("-")[0]
    finish = village.pm_hours.split("-")[-1]
    return [(WHOLE, f"{begin}-{finish}")]


def serves_shift(member_shift: str, day_shift: str) -> bool:
    """Does a member with ``member_shift`` ('' = the village's) serve ``day_shift``?"""
    return member_shift in ("", WHOLE, BOTH) or day_shift == WHOLE or member_shift == day_shift


def serves_day(role: str, odd_week_second_day: bool, planned: PlannedDay) -> bool:
    """The second-weekday leader rule; every member serves the main weekday."""
    if not planned.second_day or role != LEADER:
        return True
    return odd_week_second_day and odd_week(planned.moved_from or planned.date)


def shifts_overlap(a: str, b: str) -> bool:
    """Two duty shifts of one day overlap (全天 overlaps both halves)."""
    return a == b or WHOLE in (a, b)


def halves(shift: str) -> tuple[bool | None, bool | None]:
    """(morning, afternoon) a duty line of ``shift`` occupies: ``True`` or
    ``None`` (not ``False``), so that the store's unique indexes on
    (village, date, am) and (village, date, pm) allow one line per half day
    and ignore the half a line does not hold (NULLs never collide)."""
    am = shift in (WHOLE, AM, BOTH) or shift not in VILLAGE_SHIFTS
    pm = shift in (WHOLE, PM, BOTH) or shift not in VILLAGE_SHIFTS
    return (True if am else None), (True if pm else None)


# ------------------------------------------------------------ the whole plan


@dataclass(frozen=True)
class Slot:
    """A team member as the planner sees it."""

    official: int
    role: str
    shift: str = ""  # '' = the village's shift
    odd_week_second_day: bool = False
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class VillageTeam:
    id: int
    name: str
    rule: VillageRule
    team: tuple[Slot, ...]


class Duty(NamedTuple):
    """One duty row of the plan: a village's shift on a service date, and who
    serves it (nobody on a cancelled date). A named tuple: the county demo
    plans ~40,000 of them."""

    village: int
    day: PlannedDay
    shift: str
    hours: str
    officials: tuple[tuple[int, str], ...]  # (official, role)


def plan_roster(
    town: TownRule,
    villages: list[VillageTeam],
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
) -> list[Duty]:
    """Every duty row from ``start`` to ``end`` (the one rule the roster
    generator and the demo share). ``villages`` in display order: a leader of
    several villages takes them in that order, week by week (by the week of
    the regular date). Refuses a village whose team has no leader."""
    led: dict[int, list[int]] = {}
    for v in villages:
        for s in v.team:
            if s.role == LEADER:
                led.setdefault(s.official, []).append(v.id)
    plan: list[Duty] = []
    for v in villages:
        if not any(s.role == LEADER for s in v.team):
            raise RuleViolation(t("roster.team_no_leader", village=v.name, names=""), field="team")
        rows = [
            (shift, hours, [s for s in v.team if serves_shift(s.shift, shift)])
            for shift, hours in shifts(v.rule)
        ]
        for day in service_days(town, v.rule, calendar, start, end):
            if not day.held:
                plan.extend(Duty(v.id, day, shift, hours, ()) for shift, hours, _ in rows)
                continue
            week = (day.moved_from or day.date).toordinal() // 7
            for shift, hours, slots in rows:
                duty = tuple(
                    (s.official, s.role)
                    for s in slots
                    if (s.role != LEADER or _turn(led[s.official], week) == v.id)
                    and (not day.second_day or serves_day(s.role, s.odd_week_second_day, day))
                    and (s.since is None or s.since <= day.date)
                    and (s.until is None or s.until >= day.date)
                )
                plan.append(Duty(v.id, day, shift, hours, duty))
    return plan


def _turn(villages: list[int], week: int) -> int:
    """Which of a leader's villages they lead in ``week``: in turn."""
    return villages[week % len(villages)]


def can_meet(a: VillageRule, b: VillageRule) -> bool:
    """Can two villages of one town hold a service day on the same date?
    Only two every-other-week villages out of phase never do."""
    if a.cadence_weeks <= 1 or b.cadence_weeks <= 1:
        return True
    if a.anchor is None or b.anchor is None:
        return True  # odd ISO weeks drift against a fixed phase at a 53-week year
    return ((a.anchor - b.anchor).days // 7) % 2 == 0


def served_shifts(village: VillageRule, member_shift: str) -> set[str]:
    """The duty shifts of a village's service day a member serves."""
    return {s for s, _ in shifts(village) if serves_shift(member_shift, s)}


def team_clash(mine: tuple[VillageRule, str, str], other: tuple[VillageRule, str, str]) -> bool:
    """Would one official serve two villages at the same hour? Each side is
    (village rule, role, member shift). Leaders of several villages take
    them in turn, so two leader posts never clash."""
    (rule_a, role_a, shift_a), (rule_b, role_b, shift_b) = mine, other
    if role_a == LEADER and role_b == LEADER:
        return False
    if not can_meet(rule_a, rule_b):
        return False
    return any(
        shifts_overlap(x, y)
        for x in served_shifts(rule_a, shift_a)
        for y in served_shifts(rule_b, shift_b)
    )
