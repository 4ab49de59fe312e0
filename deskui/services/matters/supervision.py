"""The Monday joint meeting (党政联席会) and its supervision orders (督办单).

The agenda of a meeting day lists the open matters accepted on the last
service day before it that need the town (level 镇 or 县), plus every open
matter overdue on that day (open and overdue as the domain's IS_OPEN and
IS_OVERDUE say, judged on the meeting day). Reading the agenda
(:func:`meeting_agenda`) and the orders (:func:`orders_of_day`) writes
nothing. Issuing is its own action, :func:`issue_orders` (the desk's I key,
``deskui supervision issue``): it turns the agenda items named (or every
item without an order from this meeting) into 督办单 naming the lead unit
(牵头单位), the responsible leader and person and the deadline, and records
a 督办 event on each matter (through
:func:`deskui.services.matters.cards.step`) — audited, all in one
transaction. An item is never ordered twice at one meeting: naming one that
already has an order is refused, and issuing "all" again adds orders only
for new items.

Deadlines: a matter from the service day keeps its own due date; an overdue
matter gets three working days from the meeting (the 镇 rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from peewee import JOIN, fn

from deskui.domain.deadlines import IS_OPEN, IS_OVERDUE, OVERDUE, Level, due_date, urgency_of
from deskui.domain.errors import RuleViolation, ValidationError
from deskui.domain.matter_flow import State, Step, normalise_number, printable
from deskui.domain.privacy import mask_phone
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.services.matters.card_view import official_names
from deskui.services.matters.cards import step
from deskui.services.rules_sql import matter_rule
from deskui.services.town.calendar import load_calendar
from deskui.store.models import DutyDay, Matter, Official, SupervisionOrder, Town, Village

TOWN_LEVELS = (Level.TOWN.value, Level.COUNTY.value)
SOURCE_SERVICE_DAY = "服务日"
SOURCE_MEETING = "会议"


@dataclass(frozen=True)
class AgendaItem:
    """A matter the meeting reviews."""

    matter_id: int
    number: str
    applicant: str
    phone: str  # masked unless the operator may see it
    village: str
    group_no: int | None
    content: str
    category: str
    level: str
    state: str
    accepted_on: dt.date
    due_on: dt.date | None
    overdue_days: int  # 0 when not overdue on the meeting day
    source: str  # 服务日 (from the last service day) / 会议 (an overdue matter)
    lead_unit: str
    leader: str
    responsible: str
    deadline: dt.date
    order_number: str  # '' until an order is issued on this meeting day


@dataclass(frozen=True)
class Agenda:
    meeting_day: dt.date
    service_day: dt.date | None
    items: tuple[AgendaItem, ...]
    issued: tuple[str, ...] = ()  # the order numbers :func:`issue_orders` just issued


def last_service_day(ctx: ServiceContext, meeting_day: dt.date) -> dt.date | None:
    """The last day before the meeting a village of the town held its service
    day (the roster), else the last day of the town's service weekday."""
    row = (
        DutyDay.select(fn.MAX(DutyDay.date))
        .join(Village, on=(DutyDay.village == Village.id))
        .where(
            (Village.town == ctx.town_id)
            & (DutyDay.date < meeting_day)
            & (DutyDay.status == "安排")
        )
        .scalar()
    )
    if row:
        return row if isinstance(row, dt.date) else dt.date.fromisoformat(str(row))
    town = Town.get_or_none(Town.id == ctx.town_id) if ctx.town_id else None
    if town is None:
        return None
    back = (meeting_day.isoweekday() - town.service_weekday - 1) % 7 + 1
    return meeting_day - dt.timedelta(days=back)


def _orders_of_day(ctx: ServiceContext, meeting_day: dt.date) -> dict[int, SupervisionOrder]:
    q = (
        SupervisionOrder.select()
        .join(Matter, on=(SupervisionOrder.matter == Matter.id))
        .where((Matter.town == ctx.town_id) & (SupervisionOrder.issued_on == meeting_day))
        .order_by(SupervisionOrder.id)
    )
    return {o.matter_id: o for o in q}


def meeting_agenda(ctx: ServiceContext, meeting_day: dt.date) -> Agenda:
    """What the meeting of ``meeting_day`` reviews (see the module doc)."""
    ctx.require(Perm.VIEW_ARCHIVE)
    service_day = last_service_day(ctx, meeting_day)
    orders = _orders_of_day(ctx, meeting_day)
    from_day = (
        (Matter.accepted_on == service_day) & Matter.level.in_(TOWN_LEVELS)
        if service_day
        else (Matter.id < 0)
    )
    is_open = matter_rule(IS_OPEN, as_of=meeting_day)
    overdue = matter_rule(IS_OVERDUE, as_of=meeting_day)
    q = (
        Matter.select(Matter, Village.name)
        .join(Village, on=(Matter.village == Village.id))
        .where(
            (Matter.town == ctx.town_id)
            & (Matter.accepted_on <= meeting_day)
            & ((is_open & (from_day | overdue)) | Matter.id.in_(list(orders) or [0]))
        )
        .order_by(Matter.due_on.asc(nulls="LAST"), Matter.id)
    )
    matters = list(q)
    ids = {m.handler_id or m.first_receiver_id for m in matters} | {
        m.leader_id for m in matters if m.leader_id
    }
    for o in orders.values():
        ids |= {i for i in (o.leader_id, o.responsible_id) if i}
    names = official_names(ids)
    units = {
        o.id: o.unit for o in Official.select(Official.id, Official.unit).where(Official.id << ids)
    }
    calendar = load_calendar(ctx)
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    items = []
    for m in matters:
        order = orders.get(m.id)
        person = m.handler_id or m.first_receiver_id
        u = urgency_of(m, meeting_day)
        late = u.days if u is not None and u.state == OVERDUE else 0
        fresh = service_day is not None and m.accepted_on == service_day and not late
        deadline = m.due_on if fresh and m.due_on else due_date(Level.TOWN, meeting_day, calendar)
        items.append(
            AgendaItem(
                matter_id=m.id,
                number=m.number,
                applicant=m.applicant,
                phone=m.phone if full else mask_phone(m.phone),
                village=m.village.name,
                group_no=m.group_no,
                content=m.content,
                category=m.category,
                level=m.level,
                state=m.state,
                accepted_on=m.accepted_on,
                due_on=m.due_on,
                overdue_days=late,
                source=order.source if order else (SOURCE_SERVICE_DAY if fresh else SOURCE_MEETING),
                lead_unit=order.lead_unit if order else (m.handler_unit or units.get(person, "")),
                leader=names.get((order.leader_id if order else m.leader_id) or 0, ""),
                responsible=names.get((order.responsible_id if order else person) or 0, ""),
                deadline=order.deadline if order else deadline,
                order_number=order.number if order else "",
            )
        )
    return Agenda(meeting_day, service_day, tuple(items))


def _next_seq(ctx: ServiceContext, prefix: str) -> int:
    rows = SupervisionOrder.select(SupervisionOrder.number).where(
        SupervisionOrder.number.startswith(prefix)
    )
    seqs = [int(r.number[len(prefix) :]) for r in rows if r.number[len(prefix) :].isdigit()]
    return max(seqs, default=0) + 1


def _chosen(agenda: Agenda, numbers: Sequence[str]) -> list[AgendaItem]:
    """The agenda items to order: those named (each must be on the agenda
    and have no order from this meeting), else every item without one whose
    matter is still being handled."""
    if not numbers:
        return [i for i in agenda.items if not i.order_number and State(i.state).open]
    by_number = {i.number: i for i in agenda.items}
    day = agenda.meeting_day.isoformat()
    out: list[AgendaItem] = []
    for raw in dict.fromkeys(numbers):
        number = normalise_number(raw)
        item = by_number.get(number)
        if item is None:
            raise ValidationError(
                t("supervision.not_on_agenda", number=number or printable(raw), day=day),
                field="matter",
            )
        if item.order_number:
            raise RuleViolation(
                t("supervision.already_issued", number=number, order=item.order_number, day=day),
                field="matter",
            )
        out.append(item)
    return out


def issue_orders(
    ctx: ServiceContext,
    meeting_day: dt.date,
    *,
    numbers: Sequence[str] = (),
    requirements: str = "",
) -> Agenda:
    """Issue a 督办单 for each agenda item named by its matter number in
    ``numbers`` (none named: every item that has no order from this meeting),
    and record the 督办 step on its matter. Returns the agenda with the order
    numbers, ``issued`` listing those just made. One transaction: a refusal
    (a matter not on the agenda, one already ordered at this meeting, a
    meeting day still to come) leaves nothing written."""
    ctx.require(Perm.SUPERVISE)
    if meeting_day > ctx.today():
        raise ValidationError(
            t("supervision.future", day=meeting_day.isoformat(), today=ctx.today().isoformat()),
            field="date",
        )
    town = Town.get_by_id(ctx.town_id)
    prefix = f"{town.code}DB{meeting_day.year}-"
    need = requirements.strip() or t("supervision.default_requirements")

    def work() -> list[str]:
        chosen = _chosen(meeting_agenda(ctx, meeting_day), numbers)
        seq = _next_seq(ctx, prefix)
        ids = {o.id: o.name for o in Official.select().where(Official.town == ctx.town_id)}
        by_name = {name: i for i, name in ids.items()}
        issued: list[str] = []
        for item in chosen:
            number = f"{prefix}{seq:04d}"
            seq += 1
            audit.create(
                ctx,
                SupervisionOrder,
                audit_note=item.number,
                matter=item.matter_id,
                number=number,
                issued_on=meeting_day,
                source=item.source,
                lead_unit=item.lead_unit,
                leader=by_name.get(item.leader),
                responsible=by_name.get(item.responsible),
                deadline=item.deadline,
                requirements=need,
                issuer=ctx.actor.display_name[:20],
            )
            whom = "、".join(x for x in (item.lead_unit, item.responsible) if x)
            note = t("supervision.event_note", number=number, deadline=item.deadline.isoformat())
            step(ctx, item.number, Step.SUPERVISE, to=whom[:60], note=note, on=meeting_day)
            issued.append(number)
        return issued

    issued = ctx.write(work)
    return replace(meeting_agenda(ctx, meeting_day), issued=tuple(issued))


@dataclass(frozen=True)
class OrderRow:
    """A 督办单 as printed."""

    number: str
    issued_on: dt.date
    source: str
    matter_number: str
    content: str
    applicant: str
    phone: str
    village: str
    lead_unit: str
    leader: str
    responsible: str
    deadline: dt.date
    requirements: str
    issuer: str
    progress: str
    closed: bool


def orders_of_day(ctx: ServiceContext, meeting_day: dt.date) -> list[OrderRow]:
    """The orders issued at the meeting of ``meeting_day``, in number order."""
    ctx.require(Perm.VIEW_ARCHIVE)
    q = (
        SupervisionOrder.select(SupervisionOrder, Matter, Village.name)
        .join(Matter, on=(SupervisionOrder.matter == Matter.id))
        .join(Village, JOIN.INNER, on=(Matter.village == Village.id))
        .where((Matter.town == ctx.town_id) & (SupervisionOrder.issued_on == meeting_day))
        .order_by(SupervisionOrder.number)
    )
    orders = list(q)
    names = official_names(
        {i for o in orders for i in (o.leader_id, o.responsible_id) if i is not None}
    )
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    return [
        OrderRow(
            number=o.number,
            issued_on=o.issued_on,
            source=o.source,
            matter_number=o.matter.number,
            content=o.matter.content,
            applicant=o.matter.applicant,
            phone=o.matter.phone if full else mask_phone(o.matter.phone),
            village=o.matter.village.name
            + (t("matter.group", group=o.matter.group_no) if o.matter.group_no else ""),
            lead_unit=o.lead_unit,
            leader=names.get(o.leader_id or 0, ""),
            responsible=names.get(o.responsible_id or 0, ""),
            deadline=o.deadline,
            requirements=o.requirements,
            issuer=o.issuer,
            progress=o.matter.progress,
            closed=o.matter.state == State.CLOSED.value,
        )
        for o in orders
    ]
