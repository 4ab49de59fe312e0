"""Reading a matter card: the full card with its timeline.

Rows are frozen dataclasses; ID numbers and phones are masked unless the
operator may see them (Perm.SEE_FULL_ID). Urgency is computed as of
``ctx.today()``: overdue (超期) and due today (临期) are what lists flag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskui.domain.deadlines import DONE, urgency_of
from deskui.domain.errors import NotFound
from deskui.domain.matter_flow import State, normalise_number, printable
from deskui.domain.privacy import mask_id, mask_phone
from deskui.domain.roles import Perm
from deskui.i18n import t
from deskui.services.context import ServiceContext
from deskui.store.models import Matter, MatterEvent, Official, Operator, Town, Village


@dataclass(frozen=True)
class EventRow:
    """One step of the timeline."""

    kind: str
    on: dt.date
    at: dt.datetime
    operator: str
    official: str
    to_whom: str
    new_due: dt.date | None
    satisfaction: str
    note: str


@dataclass(frozen=True)
class MatterCard:
    """A matter card (代办事项受理卡) as the desk shows and prints it."""

    id: int
    number: str
    state: str
    origin: str
    village: str
    group_no: int | None
    applicant: str
    id_number: str
    phone: str
    address: str
    content: str
    materials: str
    category: str
    level: str
    accepted_on: dt.date
    due_on: dt.date | None
    promised_on: dt.date | None
    first_receiver: str
    handler: str
    handler_unit: str
    leader: str
    progress: str
    result: str
    demand_met: bool | None
    feedback: str
    finished_on: dt.date | None
    signed: bool
    signed_on: dt.date | None
    return_visit_on: dt.date | None
    return_visitor: str
    satisfaction: str
    closed_on: dt.date | None
    refused_reason: str
    extensions: int
    reopened: int
    urgency: str  # overdue / due_today / ok / done
    urgency_days: int
    urgency_label: str
    events: tuple[EventRow, ...]
    due_provisional: bool = False  # counted through a year whose holidays are not set
    original_number: str = ""  # 原编号: the number in the town's own old ledger
    sign_before_visit: bool = True  # the town's loop rule: 签字确认 before 回访


def _urgency(ctx: ServiceContext, m: Matter) -> tuple[str, int, str]:
    """The card's urgency today (:func:`deskui.domain.deadlines.urgency_of`);
    a card no longer open, or open without a due date, reads as its state."""
    u = urgency_of(m, ctx.today())
    if u is None or u.state == DONE:
        label = t("urgency.done") if m.state == State.FINISHED.value else m.state
        return DONE, 0, label
    return u.state, u.days, u.label


def official_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    q = Official.select(Official.id, Official.name).where(Official.id.in_(list(ids)))
    return {o.id: o.name for o in q}


def _sign_before_visit(town_id: int) -> bool:
    town = Town.get_or_none(Town.id == town_id)
    return True if town is None else bool(town.sign_before_visit)


def find_matter(ctx: ServiceContext, number: str) -> Matter:
    """The model row of a card by its number (case and spaces ignored), or
    by its 原编号 (the town's own number in an imported ledger)."""
    text = normalise_number(number)
    row = Matter.get_or_none(Matter.number == text) if text else None
    original = "".join((number or "").split())
    if not original.isprintable():  # a NUL or control character is no one's number
        original = ""
    if row is None and original and ctx.town_id is not None:
        row = Matter.get_or_none(
            (Matter.town == ctx.town_id) & (Matter.original_number == original)
        )
    if row is None or (ctx.town_id is not None and row.town_id != ctx.town_id):
        raise NotFound(t("matter.unknown_number", number=text or printable(number)), field="number")
    return row


def _events(matter_id: int) -> tuple[EventRow, ...]:
    events = list(
        MatterEvent.select()
        .where(MatterEvent.matter == matter_id)
        .order_by(MatterEvent.at, MatterEvent.id)
    )
    names = official_names({e.official_id for e in events if e.official_id})
    op_ids = list({e.operator_id for e in events if e.operator_id})
    ops = (
        {
            o.id: o.display_name
            for o in Operator.select(Operator.id, Operator.display_name).where(
                Operator.id.in_(op_ids)
            )
        }
        if op_ids
        else {}
    )
    return tuple(
        EventRow(
            kind=e.kind,
            on=e.on,
            at=e.at,
            operator=ops.get(e.operator_id, "") if e.operator_id else t("matter.system_operator"),
            official=names.get(e.official_id, "") if e.official_id else "",
            to_whom=e.to_whom,
            new_due=e.new_due,
            satisfaction=e.satisfaction,
            note=e.note,
        )
        for e in events
    )


def card_of(ctx: ServiceContext, m: Matter) -> MatterCard:
    """The dataclass of a model row (masked as the operator's role requires)."""
    full = ctx.actor.can(Perm.SEE_FULL_ID)
    names = official_names(
        {i for i in (m.first_receiver_id, m.handler_id, m.leader_id, m.return_visitor_id) if i}
    )
    kind, days, label = _urgency(ctx, m)
    return MatterCard(
        id=m.id,
        number=m.number,
        state=m.state,
        origin=m.origin,
        village=Village.get_by_id(m.village_id).name,
        group_no=m.group_no,
        applicant=m.applicant,
        id_number=m.id_number if full else mask_id(m.id_number),
        phone=m.phone if full else mask_phone(m.phone),
        address=m.address,
        content=m.content,
        materials=m.materials,
        category=m.category,
        level=m.level,
        accepted_on=m.accepted_on,
        due_on=m.due_on,
        promised_on=m.promised_on,
        first_receiver=names.get(m.first_receiver_id, ""),
        handler=names.get(m.handler_id, "") if m.handler_id else "",
        handler_unit=m.handler_unit,
        leader=names.get(m.leader_id, "") if m.leader_id else "",
        progress=m.progress,
        result=m.result,
        demand_met=m.demand_met,
        feedback=m.feedback,
        finished_on=m.finished_on,
        signed=bool(m.signed),
        signed_on=m.signed_on,
        return_visit_on=m.return_visit_on,
        return_visitor=names.get(m.return_visitor_id, "") if m.return_visitor_id else "",
        satisfaction=m.satisfaction,
        closed_on=m.closed_on,
        refused_reason=m.refused_reason,
        extensions=m.extensions,
        reopened=m.reopened,
        urgency=kind,
        urgency_days=days,
        urgency_label=label,
        events=_events(m.id),
        due_provisional=bool(m.due_provisional),
        original_number=m.original_number,
        sign_before_visit=_sign_before_visit(m.town_id),
    )


def get_matter(ctx: ServiceContext, number: str) -> MatterCard:
    """One card with its event timeline."""
    ctx.require(Perm.VIEW_ARCHIVE)
    return card_of(ctx, find_matter(ctx, number))
