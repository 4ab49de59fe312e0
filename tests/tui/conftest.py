"""A small town for the desk's UI tests: 3 villages, 120 households (more
than two pages of the archive), matters of every urgency, today's queue,
this month's roster, and two operators (admin / 1234, 小王 / 5678)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deskui.domain.search import resident_keys
from deskui.services import audit
from deskui.services.context import SYSTEM
from deskui.services.town import auth
from deskui.store.models import (
    DutyAssignment,
    DutyDay,
    Household,
    HouseholdTag,
    Matter,
    Official,
    Resident,
    SearchKey,
    Village,
    Visit,
)

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 30)
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ["建国", "秀英", "桂兰", "志强", "小红", "德明"]
TAGS = ["低保户", "留守老人", "产业发展大户", "防汛防滑重点户"]
HOUSEHOLDS = 120


def populate(ctx: Any) -> None:
    villages = [v.id for v in Village.select().order_by(Village.sort_order)]

    def work() -> None:
        town = ctx.town_id
        lead = audit.create(ctx, Official, town=town, name="刘书记", is_leader=True).id
        member = audit.create(ctx, Official, town=town, name="陈干事").id
        for i in range(HOUSEHOLDS):
            village = villages[i % 3]
            name = SURNAMES[i % 10] + GIVEN[i % 6]
            if i == 7:
                name = "曾国藩"
            h = audit.create(
                ctx,
                Household,
                village=village,
                group_no=1 + i % 4,
                code=f"H{i:04d}",
                head_name=name,
                size=1 + i % 5,
                liaison=member if i % 2 else None,
            )
            phone = f"139{i:08d}"
            r = audit.create(ctx, Resident, household=h, name=name, relation="户主", phone=phone)
            for kind, key in resident_keys(name, phone, None):
                SearchKey.create(key=key, kind=kind, resident=r, household=h, town=town)
            if i % 5 == 0:
                audit.create(ctx, HouseholdTag, household=h, tag=TAGS[i % 4])
        for seq, (days, state) in enumerate(
            [(-3, "待办"), (0, "办理中"), (2, "待办"), (-8, "已办结")], start=1
        ):
            audit.create(
                ctx,
                Matter,
                town=town,
                number=f"XH2026-{seq:04d}",
                year=2026,
                seq=seq,
                village=villages[seq % 3],
                applicant=f"申请人{seq}",
                content="村道硬化",
                level="镇",
                state=state,
                accepted_on=TODAY - dt.timedelta(days=10),
                due_on=TODAY + dt.timedelta(days=days),
                finished_on=TODAY - dt.timedelta(days=9) if state == "已办结" else None,
                first_receiver=member,
            )
        for ticket, (name, status) in enumerate([("王建国", "已办"), ("李秀英", "等候")], 1):
            audit.create(
                ctx,
                Visit,
                village=villages[0],
                date=TODAY,
                ticket=ticket,
                name=name,
                reason="咨询医保",
                status=status,
                arrived_at=NOW - dt.timedelta(minutes=40 - ticket * 10),
            )
        for day in (dt.date(2026, 11, 3), dt.date(2026, 11, 10), TODAY):
            for village in villages:
                d = audit.create(ctx, DutyDay, village=village, date=day, place="村委会")
                audit.create(ctx, DutyAssignment, duty_day=d, official=lead, role="组长")

    ctx.write(work)
    auth.add_operator(ctx, "admin", "管理员甲", "管理员", "1234")
    auth.add_operator(
        ctx.as_actor(auth.actor_for(ctx, "admin")), "xiaowang", "小王", "录入员", "5678"
    )
    ctx.actor = SYSTEM


@pytest.fixture
def desk_ctx(town_ctx: Any) -> Any:
    populate(town_ctx)
    return town_ctx
