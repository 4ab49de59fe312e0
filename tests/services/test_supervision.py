"""The Monday joint meeting: its agenda, the 督办单 and the 督办 events."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from deskui.domain.errors import PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import Actor, ServiceContext
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import open_matter, step
from deskui.services.matters.supervision import (
    issue_orders,
    last_service_day,
    meeting_agenda,
    orders_of_day,
)
from deskui.store.models import AuditLog, DutyDay, MatterEvent, Official, SupervisionOrder, Village

MONDAY = dt.date(2026, 11, 23)
SERVICE_DAY = dt.date(2026, 11, 17)


@pytest.fixture
def meeting(town_ctx: ServiceContext) -> SimpleNamespace:
    ctx = town_ctx

    def work() -> None:
        audit.create(
            ctx, Official, town=ctx.town_id, name="王强", unit="党政办", phone="13900000001"
        )
        audit.create(ctx, Official, town=ctx.town_id, name="李娜", is_leader=True)
        village = Village.get(Village.name == "桃园村")
        audit.create(ctx, DutyDay, village=village.id, date=SERVICE_DAY, place="村委会")

    ctx.write(work)

    def new(level: str, on: dt.date, **kw: Any) -> str:
        card = open_matter(
            ctx, village="桃园村", name="张三", content=f"{level}级事项", level=level,
            accepted_on=on, first_receiver="王强", phone="13912345678", **kw,
        )  # fmt: skip
        return card.number

    town = new("镇", SERVICE_DAY, leader="李娜")  # due 11-20: overdue on Monday
    county = new("县", SERVICE_DAY, promised_on="2026-12-20")  # from the service day
    village = new("村", SERVICE_DAY)  # due 11-18: overdue
    done = new("镇", SERVICE_DAY)
    step(ctx, done, "办结", note="已办好", on=SERVICE_DAY)
    fresh = new("村", dt.date(2026, 11, 20))  # due on the meeting day: not overdue
    return SimpleNamespace(
        ctx=ctx, town=town, county=county, village=village, done=done, fresh=fresh
    )


def test_last_service_day_from_the_roster_and_the_weekday(meeting: SimpleNamespace) -> None:
    assert last_service_day(meeting.ctx, MONDAY) == SERVICE_DAY
    # Before any roster: the town's service weekday (Tuesday).
    assert last_service_day(meeting.ctx, dt.date(2026, 11, 9)) == dt.date(2026, 11, 3)


def test_agenda_lists_town_matters_of_the_day_and_every_overdue(meeting: SimpleNamespace) -> None:
    agenda = meeting_agenda(meeting.ctx, MONDAY)
    assert agenda.service_day == SERVICE_DAY
    by_number = {i.number: i for i in agenda.items}
    assert set(by_number) == {meeting.town, meeting.county, meeting.village}
    county = by_number[meeting.county]
    assert county.source == "服务日" and county.deadline == dt.date(2026, 12, 20)
    assert county.overdue_days == 0
    town = by_number[meeting.town]
    assert town.source == "会议" and town.overdue_days == 3
    assert town.deadline == dt.date(2026, 11, 26)  # three working days from the meeting
    assert town.lead_unit == "党政办" and town.responsible == "王强" and town.leader == "李娜"
    assert town.phone == "13912345678"  # the system admin may see it
    assert all(i.order_number == "" for i in agenda.items)


def test_issue_orders_records_supervision_once(meeting: SimpleNamespace) -> None:
    ctx = meeting.ctx
    agenda = issue_orders(ctx, MONDAY)
    numbers = sorted(i.order_number for i in agenda.items)
    assert numbers == ["XHDB2026-0001", "XHDB2026-0002", "XHDB2026-0003"]
    for number in (meeting.town, meeting.county, meeting.village):
        events = get_matter(ctx, number).events
        assert [e.kind for e in events] == ["受理", "督办"]
        assert events[-1].on == MONDAY and "XHDB2026-" in events[-1].note
    assert [e.kind for e in get_matter(ctx, meeting.done).events] == ["受理", "办结"]
    orders = orders_of_day(ctx, MONDAY)
    assert [o.number for o in orders] == numbers
    county = next(o for o in orders if o.matter_number == meeting.county)
    assert county.deadline == dt.date(2026, 12, 20) and county.lead_unit == "党政办"
    # Issuing again for the same meeting adds nothing.
    before = (SupervisionOrder.select().count(), MatterEvent.select().count())
    assert issue_orders(ctx, MONDAY).issued == ()
    assert (SupervisionOrder.select().count(), MatterEvent.select().count()) == before
    assert agenda.issued == tuple(numbers)


def test_issue_named_matters_only_once_a_meeting(meeting: SimpleNamespace) -> None:
    ctx = meeting.ctx
    agenda = issue_orders(ctx, MONDAY, numbers=[meeting.county.lower()])
    assert agenda.issued == ("XHDB2026-0001",)
    ordered = {i.number: i.order_number for i in agenda.items}
    assert ordered[meeting.county] == "XHDB2026-0001" and ordered[meeting.town] == ""
    logged = AuditLog.select().count()
    with pytest.raises(RuleViolation, match="已在 2026-11-23 的联席会议交办督办单 XHDB2026-0001"):
        issue_orders(ctx, MONDAY, numbers=[meeting.town, meeting.county])
    with pytest.raises(ValidationError, match="不在 2026-11-23 联席会议的议题中"):
        issue_orders(ctx, MONDAY, numbers=[meeting.done])
    assert SupervisionOrder.select().count() == 1  # a refusal writes nothing
    assert AuditLog.select().count() == logged
    assert set(issue_orders(ctx, MONDAY).issued) == {"XHDB2026-0002", "XHDB2026-0003"}


def test_refusals_change_nothing(meeting: SimpleNamespace) -> None:
    ctx = meeting.ctx
    logged = AuditLog.select().count()
    with pytest.raises(ValidationError) as exc:
        issue_orders(ctx, dt.date(2026, 11, 30))
    assert "晚于今天" in str(exc.value) and exc.value.field == "date"
    clerk = ctx.as_actor(Actor(None, "lr", "小刘", Role.CLERK, None))
    with pytest.raises(PermissionDenied):
        issue_orders(clerk, MONDAY)
    assert SupervisionOrder.select().count() == 0
    assert AuditLog.select().count() == logged
    # The clerk still sees the agenda, with phones masked.
    items = meeting_agenda(clerk, MONDAY).items
    assert items and all("*" in i.phone for i in items)
