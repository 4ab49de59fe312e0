"""Read-only views of the roster: the month grid (villages × service dates),
today's duty at a glance, and the rows of the printed 值班安排表.

Officials' phones are their work phones, public by nature (printed on the
roster, the village notices and the contact cards): never masked. Villagers'
phones never appear here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from deskui.domain import roster_rules as rules
from deskui.domain.dates import month_bounds
from deskui.services.context import ServiceContext
from deskui.services.town.officials import distinct_labels
from deskui.store.models import DutyAssignment, DutyDay, Official, Village


@dataclass(frozen=True)
class DutyLine:
    """One official's duty on one duty day."""

    assignment_id: int
    duty_day_id: int
    date: dt.date
    village: str
    shift: str
    hours: str
    place: str
    official: str
    post: str
    phone: str
    role: str
    substitute: str
    signed_in_at: dt.datetime | None
    absent: bool
    absence_reason: str
    covers: str = ""  # on a substitute's own line: whom they stand in for (顶班)

    @property
    def on_duty(self) -> str:
        """Who serves this line: the substitute when there is one."""
        return self.substitute or self.official

    @property
    def present(self) -> bool:
        """The line's own official is expected (not absent)."""
        return not self.absent


@dataclass(frozen=True)
class DayEntry:
    """A duty day of a village with its people."""

    id: int
    date: dt.date
    village_id: int
    village: str
    shift: str
    hours: str
    place: str
    status: str
    reason: str
    moved_from: dt.date | None
    lines: tuple[DutyLine, ...]

    @property
    def signed(self) -> int:
        return sum(1 for x in self.lines if x.signed_in_at is not None and not x.absent)

    @property
    def expected(self) -> int:
        """Lines whose official is expected (a substitute has a line of their own)."""
        return sum(1 for x in self.lines if not x.absent)


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    dates: tuple[dt.date, ...]
    villages: tuple[tuple[int, str], ...]
    cells: dict[tuple[int, dt.date], tuple[DayEntry, ...]]


def _entries(ctx: ServiceContext, where: object) -> list[DayEntry]:
    days = list(
        DutyDay.select(DutyDay, Village.id, Village.name)
        .join(Village)
        .where((Village.town == ctx.town_id) & where)  # type: ignore[operator]
        .order_by(DutyDay.date, Village.sort_order, Village.id, DutyDay.shift)
    )
    lines: dict[int, list[DutyLine]] = defaultdict(list)
    if days:
        sub = Official.alias()
        covered = Official.alias()
        by_id = {d.id: d for d in days}
        q = (
            DutyAssignment.select(
                DutyAssignment, Official, sub.id, sub.name, covered.id, covered.name
            )
            .join(Official, on=DutyAssignment.official)
            .switch(DutyAssignment)
            .join(sub, JOIN.LEFT_OUTER, on=DutyAssignment.substitute)
            .switch(DutyAssignment)
            .join(covered, JOIN.LEFT_OUTER, on=DutyAssignment.covers)
            .where(DutyAssignment.duty_day.in_(list(by_id)))
        )
        order = {r: i for i, r in enumerate(rules.ROLES)}
        for a in sorted(q, key=lambda a: (order.get(a.role, 9), a.id)):
            d = by_id[a.duty_day_id]
            lines[d.id].append(
                DutyLine(
                    a.id,
                    d.id,
                    d.date,
                    d.village.name,
                    d.shift,
                    d.hours,
                    d.place,
                    a.official.name,
                    a.official.post,
                    a.official.phone,
                    a.role,
                    a.substitute.name if a.substitute is not None else "",
                    a.signed_in_at,
                    a.absent,
                    a.absence_reason,
                    a.covers.name if a.covers is not None else "",
                )
            )
    return [
        DayEntry(
            d.id,
            d.date,
            d.village.id,
            d.village.name,
            d.shift,
            d.hours,
            d.place,
            d.status,
            d.reason,
            d.moved_from,
            tuple(lines[d.id]),
        )
        for d in days
    ]


def month_entries(ctx: ServiceContext, year: int, month: int) -> list[DayEntry]:
    first, last = month_bounds(year, month)
    return _entries(ctx, DutyDay.date.between(first, last))


def month_grid(ctx: ServiceContext, year: int, month: int) -> MonthGrid:
    """Villages (rows) × the month's service dates (columns)."""
    entries = month_entries(ctx, year, month)
    villages = tuple(
        (v.id, v.name)
        for v in Village.select(Village.id, Village.name)
        .where((Village.town == ctx.town_id) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id)
    )
    cells: dict[tuple[int, dt.date], list[DayEntry]] = defaultdict(list)
    for e in entries:
        cells[(e.village_id, e.date)].append(e)
    dates = tuple(sorted({e.date for e in entries}))
    return MonthGrid(year, month, dates, villages, {k: tuple(v) for k, v in cells.items()})


def day_duty(ctx: ServiceContext, day: dt.date) -> list[DutyLine]:
    """Every official on duty on ``day`` (held days only), village by village."""
    entries = _entries(ctx, (DutyDay.date == day) & (DutyDay.status != rules.CANCELLED))
    return [line for e in entries for line in e.lines]


@dataclass(frozen=True)
class DayCounts:
    """The day's duty at a glance; no count is ever negative."""

    lines: int  # duty lines on held days (a substitute's own line included)
    on_duty: int  # lines whose official is expected (not absent)
    signed: int  # of those, signed in
    waiting: int  # of those, not signed in yet
    absent: int  # absent officials' lines
    covered: int  # of those, taken by a substitute (顶班)


def count_lines(lines: list[DutyLine]) -> DayCounts:
    """Counts of duty lines: signed and waiting split the expected lines."""
    expected = [x for x in lines if not x.absent]
    signed = sum(1 for x in expected if x.signed_in_at is not None)
    absent = [x for x in lines if x.absent]
    return DayCounts(
        len(lines),
        len(expected),
        signed,
        len(expected) - signed,
        len(absent),
        sum(1 for x in absent if x.substitute),
    )


def day_counts(ctx: ServiceContext, day: dt.date) -> DayCounts:
    """已签到 / 未签到 / 缺勤 on ``day`` (held days only)."""
    return count_lines(day_duty(ctx, day))


@dataclass(frozen=True)
class AttendanceRow:
    official_id: int
    name: str
    scheduled: int  # duties on held days this month (their own, not 顶班)
    signed_in: int  # sign-ins, on their own duties and on those they stood in for
    absent: int
    replaced: int  # absences covered by a substitute
    stood_in: int  # duties taken for someone else (顶班)


def attendance(ctx: ServiceContext, year: int, month: int) -> list[AttendanceRow]:
    """Per official, the month's held duties: scheduled, signed in, absent,
    replaced by a substitute, and duties taken for others (a substitute's own
    line: signed in there)."""
    first, last = month_bounds(year, month)
    sub = Official.alias()
    q = (
        DutyAssignment.select(DutyAssignment, Official.id, Official.name, sub.id, sub.name)
        .join(DutyDay)
        .join(Village)
        .switch(DutyAssignment)
        .join(Official, on=DutyAssignment.official)
        .switch(DutyAssignment)
        .join(sub, JOIN.LEFT_OUTER, on=DutyAssignment.substitute)
        .where(
            (Village.town == ctx.town_id)
            & DutyDay.date.between(first, last)
            & (DutyDay.status != rules.CANCELLED)
        )
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    names: dict[int, str] = {}
    for a in q:
        own = counts[a.official.id]
        names[a.official.id] = a.official.name
        if a.covers_id is not None:  # a substitute's own line (顶班)
            own[4] += 1
        else:
            own[0] += 1
        if a.absent:
            own[2] += 1
            own[3] += a.substitute_id is not None
        elif a.signed_in_at is not None:
            own[1] += 1
    # two officials of one name (two 张伟) stay two rows, told apart by 单位 or phone
    peers = Official.select(
        Official.id, Official.name, Official.unit, Official.phone, Official.post
    ).where((Official.town == ctx.town_id) & Official.name.in_(set(names.values()) or {""}))
    labels = distinct_labels(list(peers))
    return sorted(
        (AttendanceRow(oid, labels.get(oid, names[oid]), *c) for oid, c in counts.items()),
        key=lambda r: (-r.scheduled, r.name),
    )


@dataclass(frozen=True)
class CardData:
    """One official's 便民服务明白卡."""

    name: str
    post: str
    phone: str
    villages: tuple[str, ...]  # 桃园村（组长）
    service: tuple[str, ...]  # 桃园村：每周二 全天 9:00-17:30 村委会
    duties: str


_CN_DAYS = "一二三四五六日"


def service_when(weekday: int, cadence: int, second: int | None, parity: str | None) -> str:
    """``每周二`` / ``每两周周二``, plus the second weekday (``、单周周四``)."""
    text = ("每周" if cadence <= 1 else "每两周周") + _CN_DAYS[weekday - 1]
    if second:
        text += "、" + (parity or "每周").replace("周", "周周") + _CN_DAYS[second - 1]
    return text


def contact_cards(ctx: ServiceContext) -> list[CardData]:
    """Every official on a team of the town, with their villages and days."""
    from deskui.store.models import TeamMember, Town

    town = Town.get_by_id(ctx.town_id)
    q = (
        TeamMember.select(TeamMember, Official, Village)
        .join(Official)
        .switch(TeamMember)
        .join(Village)
        .where((Village.town == ctx.town_id) & (Village.archived == False))  # noqa: E712
        .order_by(Village.sort_order, Village.id, TeamMember.id)
    )
    officials: dict[int, Official] = {}
    villages: dict[int, list[str]] = defaultdict(list)
    service: dict[int, list[str]] = defaultdict(list)
    for m in q:
        o, v = m.official, m.village
        officials[o.id] = o
        villages[o.id].append(f"{v.name}（{m.role}）")
        when = service_when(
            town.service_weekday, v.cadence_weeks, town.second_weekday, town.second_week_parity
        )
        shift = m.shift or v.shift
        hours = {"上午": v.am_hours, "下午": v.pm_hours}.get(shift)
        hours = hours or f"{v.am_hours.split('-')[0]}-{v.pm_hours.split('-')[-1]}"
        place = v.office_address or v.name
        service[o.id].append(f"{v.name}：{when} {shift} {hours} {place}")
    out = [
        CardData(
            o.name,
            o.post,
            o.phone,
            tuple(villages[oid]),
            tuple(service[oid]),
            o.duties,
        )
        for oid, o in officials.items()
    ]
    return sorted(out, key=lambda c: not any("组长" in v for v in c.villages))
