"""The visitor queue service: intake, tickets, calls, outcomes, figures, polls."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from deskui.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import Actor
from deskui.services.queue import rows as queue_rows
from deskui.services.queue import visits as q
from deskui.store.models import AuditLog, DutyDay, Household, Official, Resident, Visit

TODAY = dt.date(2026, 11, 24)


def add_official(ctx: Any, name: str) -> int:
    return int(ctx.write(lambda: audit.create(ctx, Official, town=ctx.town_id, name=name).id))


def add_duty_day(ctx: Any, village: str, day: dt.date = TODAY, status: str = "安排") -> int:
    vid = queue_rows.resolve_village(ctx, village).id
    return int(
        ctx.write(lambda: audit.create(ctx, DutyDay, village=vid, date=day, status=status).id)
    )


def register(ctx: Any, name: str = "张三", village: str = "桃园村", **kw: Any) -> queue_rows.Ticket:
    kw.setdefault("reason", "咨询低保")
    return q.register_visit(ctx, village=village, name=name, **kw)


@pytest.fixture
def desk(town_ctx: Any) -> Any:
    add_official(town_ctx, "王干部")
    add_official(town_ctx, "李干部")
    return town_ctx


# ------------------------------------------------------------------ intake


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": ""}, "name", "请填写姓名"),
        ({"name": "  "}, "name", "请填写姓名"),
        (
            {"village": "桃花村"},
            "village",
            "没有名为“桃花村”的村。本镇的村有：桃园村、李家湾村、石门村",
        ),
        ({"phone": "1391234567"}, "phone", "手机号码应为 11 位，现在输入了 10 位"),
        ({"phone": "139123456789"}, "phone", "手机号码应为 11 位，现在输入了 12 位"),
        ({"name": "张" * 500}, "name", "姓名不能超过 20 个字（现在 500 个字）"),
        ({"name": "张三反映村里的路坏了\n已经很久没人修，请帮忙协调"}, "name", "姓名只能填一行"),
        ({"name": "张\x00三"}, "name", "姓名中含有不可见的控制字符"),
        ({"name": "张\u202e三"}, "name", "改变文字方向"),
        ({"reason": "路" * 201}, "reason", "事由不能超过 200 个字（现在 201 个字）"),
        ({"reason": "修路\x1b[31m"}, "reason", "事由中含有不可见的控制字符"),
        ({"group_no": "9"}, "group_no", "桃园村的村民小组应为 1 到 6 组"),
    ],
)
def test_intake_refusals_write_nothing(
    town_ctx: Any, kwargs: dict[str, Any], field: str, message: str
) -> None:
    before = AuditLog.select().count()
    with pytest.raises((ValidationError, NotFound)) as err:
        register(town_ctx, **kwargs)
    assert message in str(err.value)
    assert err.value.field == field
    assert Visit.select().count() == 0
    assert AuditLog.select().count() == before


def test_future_day_refused(town_ctx: Any) -> None:
    with pytest.raises(RuleViolation, match="以后的日期"):
        register(town_ctx, day=TODAY + dt.timedelta(days=1))
    assert Visit.select().count() == 0


def test_clean_values_are_stored(town_ctx: Any) -> None:
    ticket = register(
        town_ctx,
        name=" 曾国藩 ",
        phone="+86 139-1234-5678",
        group_no="3组",
        reason=" 低保\n续办 ",
        desk="1号窗口",
    )
    visit = Visit.get_by_id(ticket.id)
    assert (visit.name, visit.phone, visit.group_no, visit.reason) == (
        "曾国藩",
        "13912345678",
        3,
        "低保\n续办",
    )
    assert (visit.status, visit.desk, visit.arrived_at) == (
        "等候",
        "1号窗口",
        dt.datetime(2026, 11, 24, 9, 30),
    )
    logged = AuditLog.get((AuditLog.table == "visit") & (AuditLog.record_id == ticket.id))
    assert logged.action == "新增" and "139****5678" in logged.changes


def test_non_service_day_is_marked(town_ctx: Any) -> None:
    add_duty_day(town_ctx, "石门村", status="取消")
    duty = add_duty_day(town_ctx, "桃园村")
    served = register(town_ctx, village="桃园")
    other = register(town_ctx, village="石门村")
    assert (served.service_day, served.duty_day_id) == (True, duty)
    assert (other.service_day, other.duty_day_id) == (False, None)
    assert queue_rows.ticket_line(served) == "桃园村 1号 张三 09:30 登记"
    assert queue_rows.ticket_line(other) == "石门村 1号 张三 09:30 登记（非服务日）"


def test_afternoon_shift_is_linked_after_noon(town_ctx: Any) -> None:
    vid = queue_rows.resolve_village(town_ctx, "桃园村").id

    def shifts() -> tuple[int, int]:
        am = audit.create(town_ctx, DutyDay, village=vid, date=TODAY, shift="上午")
        pm = audit.create(town_ctx, DutyDay, village=vid, date=TODAY, shift="下午")
        return int(am.id), int(pm.id)

    am, pm = town_ctx.write(shifts)
    assert register(town_ctx).duty_day_id == am
    later = dataclasses.replace(
        town_ctx.settings,
        clock=dataclasses.replace(town_ctx.clock, fixed_now=dt.datetime(2026, 11, 24, 14, 5)),
    )
    town_ctx.settings = later
    assert register(town_ctx).duty_day_id == pm


def test_tickets_count_per_village_and_day(town_ctx: Any) -> None:
    numbers = [register(town_ctx, name=f"村民{i}").ticket for i in range(1, 13)]
    assert numbers == list(range(1, 13))
    assert register(town_ctx, village="李家湾村").ticket == 1
    earlier = register(town_ctx, day=TODAY - dt.timedelta(days=7))
    assert earlier.ticket == 1 and earlier.arrived_at == dt.datetime(2026, 11, 17, 9, 30)


def test_archive_links(town_ctx: Any) -> None:
    vid = queue_rows.resolve_village(town_ctx, "桃园村").id

    def person() -> tuple[int, int]:
        hh = audit.create(town_ctx, Household, village=vid, code="001", head_name="张三")
        res = audit.create(town_ctx, Resident, household=hh, name="张三", relation="户主")
        return int(hh.id), int(res.id)

    hh, res = town_ctx.write(person)
    ticket = register(town_ctx, resident_id=res)
    row = queue_rows.get_visit(town_ctx, ticket.id)
    assert (row.resident_id, row.household_id) == (res, hh)
    with pytest.raises(NotFound, match="没有编号为 999 的居民"):
        register(town_ctx, resident_id=999)


def test_a_clerk_sees_masked_phones(town_ctx: Any) -> None:
    register(town_ctx, phone="13912345678")
    clerk = town_ctx.as_actor(
        Actor(id=None, username="clerk", display_name="录入", role=Role.CLERK)
    )
    assert queue_rows.list_day(clerk)[0].phone == "139****5678"
    assert queue_rows.list_day(town_ctx)[0].phone == "13912345678"


# -------------------------------------------------------------------- call


def test_call_next_in_ticket_order_and_one_at_a_time(desk: Any) -> None:
    for name in ("张三", "李四", "王五"):
        register(desk, name=name)
    first = q.call_next(desk, village="桃园村", official="王干部", desk="1号窗口")
    assert first is not None
    assert (first.ticket, first.name, first.status, first.official) == (
        1,
        "张三",
        "接待中",
        "王干部",
    )
    with pytest.raises(RuleViolation) as err:
        q.call_next(desk, village="桃园村", official="王干部")
    assert str(err.value) == "还有一位群众正在接待（1号 张三），请先记录办理结果"
    second = q.call_next(desk, village="桃园村", official="李干部")
    assert second is not None and second.ticket == 2
    q.record_outcome(desk, first.id, "当场答复", note="已答复")
    third = q.call_next(desk, village="桃园村", official="王干部")
    assert third is not None and third.ticket == 3
    q.record_outcome(desk, third.id, "受理代办")
    assert q.call_next(desk, village="桃园村", official="王干部") is None
    note = AuditLog.get((AuditLog.record_id == first.id) & (AuditLog.action == "修改")).note
    assert note == "叫号窗口：1号窗口"


def test_serving_elsewhere_is_named(desk: Any) -> None:
    register(desk, village="石门村", name="赵六")
    register(desk, name="张三")
    q.call_next(desk, village="石门村", official="王干部")
    with pytest.raises(RuleViolation, match="（石门村 1号 赵六）"):
        q.call_next(desk, village="桃园村", official="王干部")


def test_the_official_defaults_to_the_operator(desk: Any) -> None:
    register(desk)
    with pytest.raises(RuleViolation, match="请指明由哪位干部接待"):
        q.call_next(desk, village="桃园村")
    oid = Official.get(Official.name == "李干部").id
    me = desk.as_actor(
        Actor(id=None, username="li", display_name="李", role=Role.OFFICIAL, official_id=oid)
    )
    row = q.call_next(me, village="桃园村")
    assert row is not None and row.official == "李干部"
    with pytest.raises(NotFound, match="没有名为“孙干部”的干部"):
        q.call_next(desk, village="桃园村", official="孙干部")


def test_call_a_chosen_visitor(desk: Any) -> None:
    register(desk, name="张三")
    chosen = register(desk, name="李四")
    row = q.call_visitor(desk, chosen.id, official="王干部")
    assert (row.ticket, row.status) == (2, "接待中")
    with pytest.raises(RuleViolation, match="2号 李四 不在等候中（现在：接待中）"):
        q.call_visitor(desk, chosen.id, official="李干部")
    nxt = q.call_next(desk, village="桃园村", official="李干部")
    assert nxt is not None and nxt.ticket == 1
    with pytest.raises(NotFound, match="没有编号为 99 的来访登记"):
        q.call_visitor(desk, 99, official="李干部")


def test_waiting_minutes_move_with_the_clock(desk: Any) -> None:
    ticket = register(desk)
    desk.settings = dataclasses.replace(
        desk.settings,
        clock=dataclasses.replace(desk.clock, fixed_now=dt.datetime(2026, 11, 24, 9, 47)),
    )
    assert queue_rows.list_day(desk)[0].wait_minutes == 17
    row = q.call_next(desk, village="桃园村", official="王干部")
    assert row is not None and row.id == ticket.id and row.wait_minutes == 17


# ----------------------------------------------------------------- outcome


def served(ctx: Any, name: str = "张三") -> int:
    register(ctx, name=name)
    row = q.call_next(ctx, village="桃园村", official="王干部")
    assert row is not None
    return row.id


@pytest.mark.parametrize(
    ("outcome", "kwargs", "status"),
    [
        ("当场答复", {"note": "已说明办理流程"}, "已办"),
        ("政策咨询", {"note": "讲解新农合政策"}, "已办"),
        ("受理代办", {}, "已办"),
        ("调处纠纷", {"parties": "张三、李四", "result": "成功", "note": "宅基地边界"}, "已办"),
        ("不予受理", {"note": "不符合低保条件，已解释"}, "已办"),
        ("离开未办", {}, "离开"),
    ],
)
def test_each_outcome(desk: Any, outcome: str, kwargs: dict[str, str], status: str) -> None:
    visit_id = served(desk)
    row = q.record_outcome(desk, visit_id, outcome, **kwargs)
    assert (row.status, row.outcome, row.finished_at) == (
        status,
        outcome,
        dt.datetime(2026, 11, 24, 9, 30),
    )
    assert row.note == kwargs.get("note", "")
    assert (row.parties, row.result) == (kwargs.get("parties", ""), kwargs.get("result", ""))
    with pytest.raises(RuleViolation, match="不能再记录办理结果"):
        q.record_outcome(desk, visit_id, "受理代办")
    changes = [a.changes for a in AuditLog.select().where(AuditLog.record_id == visit_id)]
    assert any(outcome in c for c in changes)


def test_matter_outcome_returns_what_the_card_needs(desk: Any) -> None:
    register(desk, name="张三", phone="13912345678", group_no=2, reason="残疾证代办")
    row = q.call_next(desk, village="桃园村", official="王干部")
    assert row is not None
    done = q.record_outcome(desk, row.id, "受理代办")
    assert (done.name, done.phone, done.village, done.group_no, done.reason, done.official) == (
        "张三",
        "13912345678",
        "桃园村",
        2,
        "残疾证代办",
        "王干部",
    )


def test_outcome_refusals_write_nothing(desk: Any) -> None:
    waiting = register(desk).id
    with pytest.raises(RuleViolation, match="还没有叫号接待"):
        q.record_outcome(desk, waiting, "当场答复", note="好")
    visit_id = served(desk, "李四")
    before = AuditLog.select().count()
    with pytest.raises(ValidationError, match="请填写解释说明"):
        q.record_outcome(desk, visit_id, "不予受理")
    with pytest.raises(ValidationError, match="请填写纠纷当事人"):
        q.record_outcome(desk, visit_id, "调处纠纷", result="成功")
    with pytest.raises(ValidationError, match="办理结果“结束”无效"):
        q.record_outcome(desk, visit_id, "结束")
    assert AuditLog.select().count() == before
    assert Visit.get_by_id(visit_id).status == "接待中"


def test_mark_left_from_the_queue(desk: Any) -> None:
    ticket = register(desk)
    row = q.mark_left(desk, ticket.id, note="等不及先走了")
    assert (row.status, row.outcome, row.called_at, row.note) == (
        "离开",
        "离开未办",
        None,
        "等不及先走了",
    )
    assert q.call_next(desk, village="桃园村", official="王干部") is None


def test_find_by_ticket(desk: Any) -> None:
    register(desk, name="张三")
    register(desk, name="李四")
    assert queue_rows.find_visit(desk, "桃园村", 2).name == "李四"
    with pytest.raises(NotFound, match="桃园村 2026-11-24 没有 5 号来访登记"):
        queue_rows.find_visit(desk, "桃园村", 5)


# --------------------------------------------------------- lists and figures


def test_list_day_order_and_figures(desk: Any) -> None:
    for name in ("甲", "乙", "丙", "丁", "戊"):
        register(desk, name=name)
    register(desk, village="石门村", name="己")
    a = q.call_next(desk, village="桃园村", official="王干部")
    assert a is not None
    q.record_outcome(desk, a.id, "调处纠纷", parties="甲、乙", result="成功")
    b = q.call_next(desk, village="桃园村", official="王干部")
    assert b is not None
    q.record_outcome(desk, b.id, "政策咨询", note="讲解")
    q.mark_left(desk, queue_rows.find_visit(desk, "桃园村", 5).id)
    c = q.call_next(desk, village="桃园村", official="李干部")
    assert c is not None

    rows = queue_rows.list_day(desk, TODAY, "桃园村")
    assert [(r.ticket, r.status) for r in rows] == [
        (4, "等候"),
        (3, "接待中"),
        (1, "已办"),
        (2, "已办"),
        (5, "离开"),
    ]
    assert rows[1].official == "李干部" and rows[0].official == ""
    assert [r.name for r in queue_rows.list_day(desk)][:2] == ["丁", "己"]

    figures = queue_rows.day_figures(desk, TODAY, "桃园村")
    assert (figures.registered, figures.waiting, figures.serving, figures.received) == (5, 1, 1, 3)
    assert (figures.answered, figures.disputes, figures.disputes_settled, figures.left) == (
        1,
        1,
        1,
        1,
    )
    assert figures.avg_wait_minutes == 0.0
    assert queue_rows.day_figures(desk).registered == 6
    assert queue_rows.day_figures(desk, TODAY - dt.timedelta(days=1)).registered == 0


def test_last_visit_place_per_desk(town_ctx: Any) -> None:
    assert queue_rows.last_visit_place(town_ctx, "1号窗口") is None
    register(town_ctx, village="石门村", group_no=4, desk="1号窗口")
    register(town_ctx, village="李家湾村", group_no=2, desk="2号窗口")
    register(town_ctx, village="桃园村", desk="2号窗口")
    place = queue_rows.last_visit_place(town_ctx, "1号窗口")
    assert place is not None and (place.village, place.group_no) == ("石门村", 4)
    place = queue_rows.last_visit_place(town_ctx, "2号窗口")
    assert place is not None and (place.village, place.group_no) == ("桃园村", None)


def test_poll_token_changes_on_every_step(desk: Any) -> None:
    token = queue_rows.queue_token(desk, TODAY, "桃园村")
    assert queue_rows.waiting_since(desk, "桃园村", TODAY, None)
    assert not queue_rows.waiting_since(desk, "桃园村", TODAY, token)
    steps = [
        lambda: register(desk),
        lambda: q.call_next(desk, village="桃园村", official="王干部"),
        lambda: q.record_outcome(desk, queue_rows.find_visit(desk, "桃园村", 1).id, "受理代办"),
    ]
    for step in steps:
        step()
        assert queue_rows.waiting_since(desk, "桃园村", TODAY, token)
        token = queue_rows.queue_token(desk, TODAY, "桃园村")
        assert not queue_rows.waiting_since(desk, "桃园村", TODAY, token)
    register(desk, village="石门村")
    assert not queue_rows.waiting_since(desk, "桃园村", TODAY, token)
    assert queue_rows.waiting_since(
        desk, None, TODAY, queue_rows.queue_token(desk, TODAY - dt.timedelta(days=1))
    )


def test_operators_without_queue_permission_are_refused(
    town_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskui.domain import roles

    monkeypatch.setitem(roles.PERMISSIONS, Role.CLERK, frozenset())
    clerk = town_ctx.as_actor(Actor(id=None, username="x", display_name="x", role=Role.CLERK))
    with pytest.raises(PermissionDenied):
        register(clerk)
    with pytest.raises(PermissionDenied):
        queue_rows.list_day(clerk)
    assert Visit.select().count() == 0


def test_a_visit_changed_by_another_desk_meanwhile(
    desk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conditional UPDATE finds the visit no longer in the state read
    (another desk won the race): a clear refusal, nothing written."""
    from deskui.services.queue import visits as module

    real = module._visit_for_update
    stale: list[Visit] = []

    def first_stale(ctx: Any, visit_id: int) -> Visit:
        return stale.pop() if stale else real(ctx, visit_id)

    monkeypatch.setattr(module, "_visit_for_update", first_stale)
    waiting = register(desk, name="李四")
    stale.append(Visit.get_by_id(waiting.id))
    q.call_next(desk, village="桃园村", official="李干部")
    before = AuditLog.select().count()
    with pytest.raises(RuleViolation, match="1号 李四 刚被其他窗口处理过"):
        q.call_visitor(desk, waiting.id, official="王干部")

    serving = Visit.get_by_id(waiting.id)
    q.record_outcome(desk, waiting.id, "受理代办")
    stale.append(serving)  # read while still 接待中, updated after the outcome
    after_outcome = AuditLog.select().count()
    with pytest.raises(RuleViolation, match="1号 李四 的来访已记录为“已办”"):
        q.mark_left(desk, waiting.id)
    assert AuditLog.select().count() == after_outcome == before + 1
    row = queue_rows.get_visit(desk, waiting.id)
    assert (row.official, row.outcome) == ("李干部", "受理代办")


# ------------------------------------------------------------- the tab's view


def test_queue_view_is_the_first_village_in_arrival_order(desk: Any) -> None:
    from deskui.services.queue.view import queue_view

    register(desk, "张三")
    register(desk, "李四")
    register(desk, "王五", village="石门村")
    first = queue_view(desk, None)
    assert first.villages and first.day is not None
    village = first.villages[0]
    assert first.day.village_id == village.id
    assert [r.ticket for r in first.rows] == sorted(r.ticket for r in first.rows)
    assert all(r.village == village.name for r in first.rows)
    assert first.figures == queue_rows.day_figures(desk, village=village.id)
    assert first.token == queue_rows.queue_token(desk, village=village.id)
    assert first.team  # the town's officials when the day has no team
    unknown = queue_view(desk, -1)  # an unknown village: the first one
    assert unknown.day is not None and unknown.day.village_id == village.id
    shimen = next(v for v in first.villages if v.name == "石门村")
    assert [r.name for r in queue_view(desk, shimen.id).rows] == ["王五"]


def test_tickets_need_no_retry_when_desks_race(
    town_ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six desks registering visitors in one village at once: each ticket
    given once, in turn, no desk losing a race and trying again (retries
    are switched off here, so a lost race would be an error)."""
    import threading

    from deskui.services import context
    from deskui.store.database import write_retrying

    monkeypatch.setattr(
        context,
        "write_retrying",
        lambda db, fn, unique_race=False: write_retrying(db, fn, unique_race=False, attempts=1),
    )
    tickets: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def desk_thread(n: int) -> None:
        try:
            start.wait(30)
            for i in range(5):
                tickets.append(register(town_ctx, name=f"村民{n}-{i}").ticket)
        except BaseException as exc:
            errors.append(exc)
        finally:
            town_ctx.db.close()

    threads = [threading.Thread(target=desk_thread, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(tickets) == list(range(1, 31))


def test_the_desks_villages_are_one_round_trip(town_ctx: Any) -> None:
    """The queue tab's village list (with who holds a service day today) is
    one statement, reading the town's own villages only."""
    from deskui.services.queue.intake import desk_villages
    from tests.statements import statements

    add_duty_day(town_ctx, "石门村")
    with statements() as sent:
        found = desk_villages(town_ctx)
    assert len(sent) == 1
    assert [(v.name, v.service_today) for v in found] == [
        ("石门村", True), ("桃园村", False), ("李家湾村", False),
    ]  # fmt: skip
