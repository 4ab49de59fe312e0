"""The visitor queue's reads: the rows a screen shows, the poll other desks
use to refresh, and the 同上 (ditto) of the intake form.

Phones are masked for operators without :attr:`Perm.SEE_FULL_ID`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, Case, fn

from deskui.domain import queue_rules as rules
from deskui.domain.errors import NotFound
from deskui.domain.privacy import mask_phone
from deskui.domain.queue_rules import DayFigures, Status
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.store.models import Official, Village, Visit


@dataclass(frozen=True)
class VillagePlace:
    id: int
    name: str
    group_count: int


@dataclass(frozen=True)
class Ticket:
    """A visitor just put in the queue."""

    id: int
    village_id: int
    village: str
    date: dt.date
    ticket: int
    name: str
    phone: str
    group_no: int | None
    reason: str
    service_day: bool  # False: 非服务日
    duty_day_id: int | None
    arrived_at: dt.datetime
    desk: str


@dataclass(frozen=True)
class VisitRow:
    """One visit as the queue screen and the CLI show it."""

    id: int
    village_id: int
    village: str
    date: dt.date
    ticket: int
    name: str
    phone: str  # masked unless the operator may see it in full
    group_no: int | None
    reason: str
    status: Status
    outcome: str  # '' until finished
    note: str
    parties: str
    result: str
    service_day: bool
    official_id: int | None
    official: str
    desk: str
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    wait_minutes: int | None  # arrival to call; so far while waiting today
    serve_minutes: int | None  # call to outcome; so far while serving today
    resident_id: int | None
    household_id: int | None
    duty_day_id: int | None


@dataclass(frozen=True)
class Place:
    """Where the last visitor registered at a desk came from (同上)."""

    village_id: int
    village: str
    group_no: int | None


@dataclass(frozen=True)
class QueueToken:
    """A fingerprint of one day's queue: equal tokens, nothing to refresh."""

    max_id: int
    count: int
    waiting: int
    serving: int
    last_called: str
    last_finished: str


def ticket_line(ticket: Ticket) -> str:
    """``桃园村 3号 张三 09:30 登记（非服务日）``."""
    return t(
        "queue.ticket_line",
        village=ticket.village,
        ticket=ticket.ticket,
        name=ticket.name,
        time=ticket.arrived_at.strftime("%H:%M"),
        mark="" if ticket.service_day else t("queue.non_service_day"),
    )


def called_line(row: VisitRow) -> str:
    """What the desk and the CLI say when a visitor is called."""
    return t(
        "queue.called_line",
        village=row.village,
        ticket=row.ticket,
        name=row.name,
        official=row.official,
        wait=row.wait_minutes or 0,
    )


def resolve_village(ctx: ServiceContext, village: int | str | VillagePlace) -> VillagePlace:
    """A village of the current town by id or by name (with or without 村);
    one already resolved is taken as it is (no second read)."""
    if isinstance(village, VillagePlace):
        return village
    if isinstance(village, str):
        from deskui.services.town.towns import find_village

        row = find_village(ctx, village)
        return VillagePlace(row.id, row.name, row.group_count)
    found = Village.get_or_none(
        (Village.id == village) & (Village.town == ctx.town_id) & (Village.archived == False)  # noqa: E712
    )
    if found is None:
        raise NotFound(t("queue.unknown_village_id", id=village), field="village")
    return VillagePlace(int(found.id), found.name, int(found.group_count))


def _select():  # type: ignore[no-untyped-def]
    return (
        Visit.select(Visit, Village.id, Village.name, Official.id, Official.name)
        .join(Village, on=Visit.village)
        .switch(Visit)
        .join(Official, JOIN.LEFT_OUTER, on=Visit.official)
    )


def _row(ctx: ServiceContext, v: Visit, now: dt.datetime) -> VisitRow:
    live = v.date == now.date()
    status = Status(v.status)
    wait_end = v.called_at or (now if status is Status.WAITING and live else None)
    serve_end = v.finished_at or (now if status is Status.SERVING and live else None)
    phone = v.phone if ctx.actor.can(Perm.SEE_FULL_ID) else mask_phone(v.phone)
    return VisitRow(
        id=int(v.id),
        village_id=int(v.village_id),
        village=v.village.name,
        date=v.date,
        ticket=int(v.ticket),
        name=v.name,
        phone=phone,
        group_no=v.group_no,
        reason=v.reason,
        status=status,
        outcome=v.outcome,
        note=v.outcome_note,
        parties=v.dispute_parties,
        result=v.dispute_result,
        service_day=bool(v.service_day),
        official_id=v.official_id,
        official=v.official.name if v.official is not None else "",
        desk=v.desk,
        arrived_at=v.arrived_at,
        called_at=v.called_at,
        finished_at=v.finished_at,
        wait_minutes=rules.wait_minutes(v.arrived_at, wait_end),
        serve_minutes=rules.serve_minutes(v.called_at, serve_end),
        resident_id=v.resident_id,
        household_id=v.household_id,
        duty_day_id=v.duty_day_id,
    )


def visit_row(ctx: ServiceContext, visit_id: int) -> VisitRow:
    v = _select().where((Visit.id == visit_id) & (Village.town == ctx.town_id)).first()
    if v is None:
        raise NotFound(t("queue.unknown_visit", id=visit_id), field="visit")
    return _row(ctx, v, ctx.now())


def get_visit(ctx: ServiceContext, visit_id: int) -> VisitRow:
    """One visit by its id (the number ``list`` shows)."""
    ctx.require(Perm.QUEUE)
    return visit_row(ctx, visit_id)


def find_visit(
    ctx: ServiceContext, village: int | str, ticket: int, day: dt.date | None = None
) -> VisitRow:
    """One visit by its ticket number in a village on a day (default today)."""
    ctx.require(Perm.QUEUE)
    place = resolve_village(ctx, village)
    day = day or ctx.today()
    v = (
        _select()
        .where((Visit.village == place.id) & (Visit.date == day) & (Visit.ticket == ticket))
        .first()
    )
    if v is None:
        raise NotFound(
            t("queue.unknown_ticket", village=place.name, day=day.isoformat(), ticket=ticket),
            field="visit",
        )
    return _row(ctx, v, ctx.now())


_ORDER = {Status.WAITING: 0, Status.SERVING: 1, Status.DONE: 2, Status.LEFT: 2}


def list_day(
    ctx: ServiceContext,
    day: dt.date | None = None,
    village: int | str | VillagePlace | None = None,
) -> list[VisitRow]:
    """One day's queue: the waiting in ticket (arrival) order, then those
    being served, then the finished in the order they finished."""
    ctx.require(Perm.QUEUE)
    day = day or ctx.today()
    q = _select().where((Visit.date == day) & (Village.town == ctx.town_id))
    if village is not None:
        q = q.where(Visit.village == resolve_village(ctx, village).id)
    now = ctx.now()
    rows = [_row(ctx, v, now) for v in q]

    def key(r: VisitRow) -> tuple[object, ...]:
        group = _ORDER[Status(r.status)]
        if group == 0:
            return (0, r.arrived_at, r.village_id, r.ticket)
        if group == 1:
            return (1, r.called_at or r.arrived_at, r.id)
        return (2, r.finished_at or r.arrived_at, r.id)

    return sorted(rows, key=key)


def last_visit_place(
    ctx: ServiceContext, desk: str | None = None, day: dt.date | None = None
) -> Place | None:
    """The village and group of the last visitor registered today at this
    desk (default the context's desk): what 同上 fills in. None if none yet."""
    ctx.require(Perm.QUEUE)
    where_desk = ctx.desk if desk is None else desk
    day = day or ctx.today()
    v = (
        Visit.select(Visit.village, Visit.group_no, Village.id, Village.name)
        .join(Village, on=Visit.village)
        .where((Visit.date == day) & (Visit.desk == where_desk) & (Village.town == ctx.town_id))
        .order_by(Visit.id.desc())
        .first()
    )
    if v is None:
        return None
    return Place(int(v.village_id), v.village.name, v.group_no)


def _count_status(status: Status):  # type: ignore[no-untyped-def]
    return fn.COALESCE(fn.SUM(Case(None, [(Visit.status == status.value, 1)], 0)), 0)


def queue_token(
    ctx: ServiceContext,
    day: dt.date | None = None,
    village: int | str | VillagePlace | None = None,
) -> QueueToken:
    """One aggregate query over the day's visits (the (date, status) index):
    new registrations, calls and outcomes all change the token."""
    day = day or ctx.today()
    q = Visit.select(
        fn.COALESCE(fn.MAX(Visit.id), 0),
        fn.COUNT(Visit.id),
        _count_status(Status.WAITING),
        _count_status(Status.SERVING),
        fn.MAX(Visit.called_at),
        fn.MAX(Visit.finished_at),
    ).where(Visit.date == day)
    if village is not None:
        q = q.where(Visit.village == resolve_village(ctx, village).id)
    else:
        q = q.where(
            Visit.village.in_(Village.select(Village.id).where(Village.town == ctx.town_id))
        )
    max_id, count, waiting, serving, called, finished = q.tuples().first() or (
        0,
        0,
        0,
        0,
        None,
        None,
    )
    return QueueToken(
        int(max_id or 0),
        int(count or 0),
        int(waiting or 0),
        int(serving or 0),
        str(called or ""),
        str(finished or ""),
    )


def waiting_since(
    ctx: ServiceContext,
    village: int | str | None,
    day: dt.date | None,
    since: QueueToken | None,
) -> bool:
    """Has the queue changed since ``since`` (a :func:`queue_token`)? Cheap
    enough to poll every second; None always counts as changed."""
    return since is None or queue_token(ctx, day, village) != since


# ------------------------------------------------------------------- figures


def day_figures(
    ctx: ServiceContext,
    day: dt.date | None = None,
    village: int | str | VillagePlace | None = None,
) -> DayFigures:
    """The queue's figures of one day, for a village or the whole town."""
    ctx.require(Perm.QUEUE)
    day = day or ctx.today()
    q = (
        Visit.select(
            Visit.status,
            Visit.outcome,
            Visit.arrived_at,
            Visit.called_at,
            Visit.finished_at,
            Visit.dispute_result,
        )
        .join(Village, on=Visit.village)
        .where((Visit.date == day) & (Village.town == ctx.town_id))
    )
    if village is not None:
        q = q.where(Visit.village == resolve_village(ctx, village).id)
    facts = (
        rules.VisitFact(
            status=v.status,
            outcome=v.outcome or None,
            arrived_at=v.arrived_at,
            called_at=v.called_at,
            finished_at=v.finished_at,
            dispute_result=v.dispute_result,
        )
        for v in q
    )
    return rules.day_figures(facts)
