"""The SQL behind the month's figures: one grouped query a source table, so a
county database is counted by the database, never row by row in Python.

Every function returns ``{key: {count_field: n}}`` where ``key`` is a village
id (``by="village"``) or an official id (``by="official"``). Attribution:

- matters and their return visits: the matter's village, its first receiver
  (首办责任人, who stays accountable under 首办负责制);
- visits and disputes: the visit's village, the official who received it;
- home visits (contacts with mode 登门): the household's village, the official;
- liaison households: the household's village, its liaison official;
- service days: the village's arranged days; an official's days on duty
  (present, or standing in as the substitute).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from peewee import Case, fn

from deskui.domain.deadlines import FINISHED_LATE, FINISHED_ON_TIME, IS_FINISHED, IS_OVERDUE
from deskui.domain.ledger_rules import NEW_IN_MONTH, MonthWindow
from deskui.domain.queue_rules import Status
from deskui.services.rules_sql import count_where, matter_rule, month_rule
from deskui.store.models import (
    Contact,
    DutyAssignment,
    DutyDay,
    Household,
    Matter,
    MatterEvent,
    Official,
    Village,
    Visit,
)

Grouped = dict[int, dict[str, int]]

ARRANGED = "安排"
HOME_VISIT = "登门"
RETURN_VISIT = "回访"
RECEIVED = (Status.SERVING.value, Status.DONE.value)
ANSWERED = ("当场答复", "政策咨询")
DISPUTE = "调处纠纷"
SETTLED = "成功"
SATISFACTION = {"满意": "satisfied", "基本满意": "fairly_satisfied", "不满意": "unsatisfied"}


def _collect(query: Any, names: list[str], out: Grouped) -> None:
    for row in query.tuples():
        key = row[0]
        if key is None:
            continue
        slot = out[int(key)]
        for name, value in zip(names, row[1:], strict=True):
            slot[name] = slot.get(name, 0) + int(value or 0)


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    return list(query.tuples())


def new_grouped() -> Grouped:
    return defaultdict(dict)


def matters(town: int, by: str, window: MonthWindow) -> Grouped:
    """受理 / 办结 / 按时 / 超时 / 超期未办结 of the month's intake (NEW_IN_MONTH:
    accepted in [start, end], refused ones left out), each judged as of
    ``as_of`` by the domain's rules (IS_FINISHED, FINISHED_ON_TIME,
    FINISHED_LATE, IS_OVERDUE)."""
    key = Matter.village if by == "village" else Matter.first_receiver
    as_of = window.as_of
    counts = [
        count_where(matter_rule(rule, as_of=as_of))
        for rule in (IS_FINISHED, FINISHED_ON_TIME, FINISHED_LATE, IS_OVERDUE)
    ]
    q = (
        Matter.select(key, fn.COUNT(Matter.id), *counts)
        .where((Matter.town == town) & month_rule(NEW_IN_MONTH, window))
        .group_by(key)
    )
    out = new_grouped()
    _collect(q, ["accepted", "done", "on_time", "late", "overdue_open"], out)
    return out


def return_visits(town: int, by: str, start: dt.date, end: dt.date) -> Grouped:
    """Return visits made in [start, end] (回访 steps, so a visit later
    followed by 重办 still counts, with the satisfaction it recorded)."""
    key = Matter.village if by == "village" else Matter.first_receiver
    counts = [count_where(MatterEvent.satisfaction == word) for word in SATISFACTION]
    q = (
        MatterEvent.select(key, fn.COUNT(MatterEvent.id), *counts)
        .join(Matter, on=(MatterEvent.matter == Matter.id))
        .where(
            (Matter.town == town)
            & (MatterEvent.kind == RETURN_VISIT)
            & (MatterEvent.on >= start)
            & (MatterEvent.on <= end)
        )
        .group_by(key)
    )
    out = new_grouped()
    _collect(q, ["return_visits", *SATISFACTION.values()], out)
    return out


def visits(town: int, by: str, start: dt.date, end: dt.date) -> Grouped:
    key = Visit.village if by == "village" else Visit.official
    q = (
        Visit.select(
            key,
            count_where(Visit.status.in_(RECEIVED)),
            count_where(Visit.outcome.in_(ANSWERED)),
            count_where(Visit.outcome == DISPUTE),
            count_where((Visit.outcome == DISPUTE) & (Visit.dispute_result == SETTLED)),
        )
        .join(Village, on=(Visit.village == Village.id))
        .where((Village.town == town) & (Visit.date >= start) & (Visit.date <= end))
        .group_by(key)
    )
    out = new_grouped()
    _collect(q, ["visitors", "answered", "disputes", "disputes_settled"], out)
    return out


def home_visits(town: int, by: str, start: dt.date, end: dt.date) -> Grouped:
    key = Household.village if by == "village" else Contact.official
    q = (
        Contact.select(key, fn.COUNT(Contact.id))
        .join(Household, on=(Contact.household == Household.id))
        .join(Village, on=(Household.village == Village.id))
        .where(
            (Village.town == town)
            & (Contact.mode == HOME_VISIT)
            & (Contact.date >= start)
            & (Contact.date <= end)
        )
        .group_by(key)
    )
    out = new_grouped()
    _collect(q, ["home_visits"], out)
    return out


def liaison(town: int, by: str, start: dt.date, end: dt.date) -> Grouped:
    """包联户数 and how many of them anybody contacted in [start, end]."""
    key = Household.village if by == "village" else Household.liaison
    contacted = Contact.select(Contact.household).where(
        (Contact.date >= start) & (Contact.date <= end)
    )
    base = (
        Household.select(key, fn.COUNT(Household.id))
        .join(Village, on=(Household.village == Village.id))
        .where(
            (Village.town == town)
            & Household.liaison.is_null(False)
            & (Household.archived == False)  # noqa: E712
        )
        .group_by(key)
    )
    out = new_grouped()
    _collect(base, ["liaison"], out)
    _collect(base.where(Household.id.in_(contacted)), ["contacted"], out)
    return out


def service_days(town: int, by: str, start: dt.date, end: dt.date) -> Grouped:
    out = new_grouped()
    in_town = (Village.town == town) & (DutyDay.date >= start) & (DutyDay.date <= end)
    arranged = DutyDay.status == ARRANGED
    if by == "village":
        q = (
            DutyDay.select(DutyDay.village, fn.COUNT(DutyDay.date.distinct()))
            .join(Village, on=(DutyDay.village == Village.id))
            .where(in_town & arranged)
            .group_by(DutyDay.village)
        )
        _collect(q, ["service_days"], out)
        return out
    # An official's days on duty: present, or standing in for an absentee.
    served = Case(
        None,
        [(DutyAssignment.absent == False, DutyAssignment.official)],  # noqa: E712
        DutyAssignment.substitute,
    )
    inner = (
        DutyAssignment.select(served.alias("who"), DutyDay.date.alias("day"))
        .join(DutyDay, on=(DutyAssignment.duty_day == DutyDay.id))
        .join(Village, on=(DutyDay.village == Village.id))
        .where(in_town & arranged)
        .distinct()
    )
    sub = inner.alias("served")
    per_official = (
        Official.select(sub.c.who, fn.COUNT(sub.c.day))
        .from_(sub)
        .where(sub.c.who.is_null(False))
        .group_by(sub.c.who)
    )
    _collect(per_official, ["service_days"], out)
    return out


def by_day(town: int, start: dt.date, end: dt.date) -> list[tuple[dt.date, int, int]]:
    """(date, visitors received, matters accepted) for every service day in
    [start, end]: the days on the roster and the days visitors came on a
    service day."""
    days: dict[dt.date, list[int]] = {}
    roster = (
        DutyDay.select(DutyDay.date)
        .join(Village, on=(DutyDay.village == Village.id))
        .where((Village.town == town) & (DutyDay.date >= start) & (DutyDay.date <= end))
        .where(DutyDay.status == ARRANGED)
        .distinct()
    )
    for (day,) in _tuples(roster):
        days.setdefault(_as_date(day), [0, 0])
    vq = (
        Visit.select(Visit.date, count_where(Visit.status.in_(RECEIVED)))
        .join(Village, on=(Visit.village == Village.id))
        .where((Village.town == town) & (Visit.date >= start) & (Visit.date <= end))
        .where(Visit.service_day == True)  # noqa: E712
        .group_by(Visit.date)
    )
    for day, n in _tuples(vq):
        days.setdefault(_as_date(day), [0, 0])[0] = int(n or 0)
    intake = month_rule(NEW_IN_MONTH, MonthWindow(start, end, end))
    mq = (
        Matter.select(Matter.accepted_on, fn.COUNT(Matter.id))
        .where((Matter.town == town) & intake)
        .group_by(Matter.accepted_on)
    )
    for raw, n in _tuples(mq):
        day = _as_date(raw)
        if day in days:
            days[day][1] = int(n or 0)
    return [(d, v, m) for d, (v, m) in sorted(days.items())]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
