"""Read-only lists of matters and of the month's roster (see :mod:`browse`)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from deskui.domain.deadlines import DONE, urgency
from deskui.domain.roles import Perm
from deskui.services.context import ServiceContext
from deskui.store.models import DutyAssignment, DutyDay, Matter, Official, Village

OPEN_STATES = ("待办", "办理中")
DONE_STATES = ("已办结", "已销号", "不予受理")
STATE_ALL = "全部"
STATE_OPEN = "未办结"
CONTENT_SHORT = 24
NO_DUE = "no_due"  # an open matter without a due date (not expected, shown last)


def _name(official: Any) -> str:
    """An official's name, '' for a missing one (nullable foreign keys)."""
    return str(official.name) if official is not None else ""


# ------------------------------------------------------------------ matters


@dataclass(frozen=True)
class MatterRow:
    id: int
    number: str
    applicant: str
    village: str
    group_no: int | None
    content: str  # shortened to one line
    level: str
    state: str
    accepted_on: dt.date
    due_on: dt.date | None
    first_receiver: str
    handler: str
    urgency: str  # overdue / due_today / ok / done (deskui.domain.deadlines), or no_due
    days: int  # days overdue / left, as urgency() counts them
    cursor: tuple[object, ...]  # pass as ``after`` for the next page


def _short(text: str) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= CONTENT_SHORT else line[: CONTENT_SHORT - 1] + "…"


def _state_filter(state: str | None):  # type: ignore[no-untyped-def]
    if state in (None, "", STATE_OPEN):
        return Matter.state.in_(OPEN_STATES)
    if state == STATE_ALL:
        return None
    return Matter.state == state


def matters_query(ctx: ServiceContext, state: str | None, village_id: int | None) -> Any:
    """The town's matters joined to their village, first receiver and
    handler, filtered by state (see :func:`list_matters`) and village."""
    handler = Official.alias()
    q = (
        Matter.select(
            Matter, Village.id, Village.name, Official.id, Official.name, handler.id, handler.name
        )
        .join(Village, on=Matter.village)
        .switch(Matter)
        .join(Official, on=Matter.first_receiver)
        .switch(Matter)
        .join(handler, JOIN.LEFT_OUTER, on=Matter.handler)
        .where(Matter.town == ctx.town_id)
    )
    cond = _state_filter(state)
    if cond is not None:
        q = q.where(cond)
    if village_id is not None:
        q = q.where(Matter.village == village_id)
    return q


def matters_page(
    ctx: ServiceContext, q: Any, *, limit: int, after: Sequence[object] | None
) -> list[MatterRow]:
    """One keyset page of ``q`` by urgency: by due date (overdue first, the
    most days first), matters without a due date last."""
    if after:
        due, last_id = after
        if due is None:
            q = q.where(Matter.due_on.is_null() & (Matter.id > last_id))
        else:
            q = q.where(
                (Matter.due_on > due)
                | ((Matter.due_on == due) & (Matter.id > last_id))
                | Matter.due_on.is_null()
            )
    q = q.order_by(Matter.due_on.asc(nulls="LAST"), Matter.id).limit(limit)
    today = ctx.today()
    out = []
    for m in q:
        done = m.state not in OPEN_STATES
        if m.due_on is None:
            kind, days = (DONE if done else NO_DUE), 0
        else:
            kind, days = urgency(m.due_on, today, done)
        out.append(
            MatterRow(
                id=m.id,
                number=m.number,
                applicant=m.applicant,
                village=m.village.name,
                group_no=m.group_no,
                content=_short(m.content),
                level=m.level,
                state=m.state,
                accepted_on=m.accepted_on,
                due_on=m.due_on,
                first_receiver=m.first_receiver.name,
                handler=_name(m.handler),
                urgency=kind,
                days=days,
                cursor=(m.due_on, m.id),
            )
        )
    return out


def list_matters(
    ctx: ServiceContext,
    *,
    state: str | None = None,
    village_id: int | None = None,
    limit: int = 200,
    after: Sequence[object] | None = None,
) -> list[MatterRow]:
    """One page of matters, most urgent first: overdue (most days first),
    then due today, then by due date; matters without a due date last.

    ``state`` None (or ``未办结``) lists the open matters (待办, 办理中);
    ``全部`` lists every state; any other value is one state."""
    ctx.require(Perm.VIEW_ARCHIVE)
    return matters_page(ctx, matters_query(ctx, state, village_id), limit=limit, after=after)


def overdue_count(ctx: ServiceContext) -> int:
    """Open matters of the town whose due date has passed (超期未办结)."""
    return int(
        Matter.select(fn.COUNT(Matter.id))
        .where(
            (Matter.town == ctx.town_id)
            & Matter.state.in_(OPEN_STATES)
            & (Matter.due_on < ctx.today())
        )
        .scalar()
        or 0
    )


# ------------------------------------------------------------------- roster


@dataclass(frozen=True)
class DutyRow:
    id: int
    date: dt.date
    weekday: int  # ISO weekday, 1 = Monday
    village: str
    shift: str
    hours: str
    place: str
    status: str  # 安排 / 取消 / 顺延
    reason: str
    leader: str  # names joined with 、
    members: str
    signed_in: int  # how many on duty have signed in
    on_duty: int  # how many are on duty (not marked absent)


def roster_of_month(
    ctx: ServiceContext, year: int, month: int, village_id: int | None = None
) -> list[DutyRow]:
    """The service days of one month, by date and village order."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    q = (
        DutyDay.select(DutyDay, Village.id, Village.name)
        .join(Village, on=DutyDay.village)
        .where((Village.town == ctx.town_id) & DutyDay.date.between(first, last))
    )
    if village_id is not None:
        q = q.where(DutyDay.village == village_id)
    days = list(q.order_by(DutyDay.date, Village.sort_order, Village.id, DutyDay.shift))
    ids = [d.id for d in days]
    leaders: dict[int, list[str]] = {}
    members: dict[int, list[str]] = {}
    signed: dict[int, int] = {}
    on_duty: dict[int, int] = {}
    if ids:
        sub = Official.alias()
        assignments = (
            DutyAssignment.select(DutyAssignment, Official.id, Official.name, sub.id, sub.name)
            .join(Official, on=DutyAssignment.official)
            .switch(DutyAssignment)
            .join(sub, JOIN.LEFT_OUTER, on=DutyAssignment.substitute)
            .where(DutyAssignment.duty_day.in_(ids))
            .order_by(DutyAssignment.id)
        )
        for a in assignments:
            name = _name(a.substitute) or _name(a.official)
            bucket = leaders if a.role == "组长" else members
            bucket.setdefault(a.duty_day_id, []).append(name)
            if not a.absent or a.substitute_id:
                on_duty[a.duty_day_id] = on_duty.get(a.duty_day_id, 0) + 1
            if a.signed_in_at is not None:
                signed[a.duty_day_id] = signed.get(a.duty_day_id, 0) + 1
    return [
        DutyRow(
            id=d.id,
            date=d.date,
            weekday=d.date.isoweekday(),
            village=d.village.name,
            shift=d.shift,
            hours=d.hours,
            place=d.place,
            status=d.status,
            reason=d.reason,
            leader="、".join(leaders.get(d.id, [])),
            members="、".join(members.get(d.id, [])),
            signed_in=signed.get(d.id, 0),
            on_duty=on_duty.get(d.id, 0),
        )
        for d in days
    ]
