"""Matter cards: numbers, deadlines, the loop, audit, permissions, races."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from deskui.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from deskui.domain.roles import Role
from deskui.services import audit
from deskui.services.context import Actor, ServiceContext
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import categories, open_matter, refuse_matter, step
from deskui.services.matters.lists import STATE_ALL, MatterFilter, list_matters_page
from deskui.store.models import (
    AuditLog,
    Household,
    Matter,
    MatterEvent,
    Official,
    Operator,
    Resident,
)
from deskui.store.models import Town as TownModel


def _actor(ctx: ServiceContext, username: str, role: Role, official_id: int | None) -> Actor:
    op = audit.create(
        ctx,
        Operator,
        username=username,
        display_name=username,
        role=role.value,
        official=official_id,
    )
    return Actor(op.id, username, username, role, official_id)


@pytest.fixture
def desk(town_ctx: ServiceContext) -> SimpleNamespace:
    """Officials 王强 (党政办) and 李娜 (leader), and desks acting as an
    official (wq), a leader (ln) and a clerk (lr)."""
    ctx = town_ctx

    def work() -> SimpleNamespace:
        wq = audit.create(ctx, Official, town=ctx.town_id, name="王强", unit="党政办")
        ln = audit.create(ctx, Official, town=ctx.town_id, name="李娜", is_leader=True)
        return SimpleNamespace(
            wq=wq.id,
            ln=ln.id,
            official=ctx.as_actor(_actor(ctx, "wq", Role.OFFICIAL, wq.id)),
            leader=ctx.as_actor(_actor(ctx, "ln", Role.LEADER, ln.id)),
            clerk=ctx.as_actor(_actor(ctx, "lr", Role.CLERK, None)),
            system=ctx,
        )

    made = ctx.write(work)
    categories(ctx)  # seeded up front, so a refusal below can be checked as "no change"
    return made


def _open(ctx: ServiceContext, **kw: Any) -> Any:
    values: dict[str, Any] = {
        "village": "桃园村",
        "name": "张三",
        "content": "办理残疾证",
        "level": "村",
        "phone": "13912345678",
    }
    values.update(kw)
    return open_matter(ctx, **values)


def _state_of_db() -> tuple[Any, ...]:
    """Everything a refused write must leave unchanged."""
    rows = [tuple(m.__data__.items()) for m in Matter.select().order_by(Matter.id)]
    return (rows, MatterEvent.select().count(), AuditLog.select().count())


def test_open_numbers_due_dates_and_first_event(desk: SimpleNamespace) -> None:
    a = _open(desk.official, level="村", group_no=3, category="证照代办")
    b = _open(desk.official, level="镇", name="李四")
    assert (a.number, b.number) == ("XH2026-0001", "XH2026-0002")
    assert a.due_on == dt.date(2026, 11, 25)  # Tuesday → Wednesday
    assert b.due_on == dt.date(2026, 11, 27)  # three working days → Friday
    assert a.state == "待办" and a.level == "村" and a.group_no == 3
    assert a.first_receiver == "王强" and a.handler == "王强"
    assert [e.kind for e in a.events] == ["受理"]
    assert a.events[0].operator == "wq" and a.events[0].on == dt.date(2026, 11, 24)
    assert a.urgency == "ok" and a.urgency_label == "剩 1 天"


def test_due_date_across_national_day(desk: SimpleNamespace) -> None:
    card = _open(desk.official, level="镇", accepted_on="2026-09-30")
    assert card.due_on == dt.date(2026, 10, 10)  # Saturday make-up working day
    assert card.accepted_on == dt.date(2026, 9, 30)
    assert card.urgency == "overdue" and card.urgency_days == 45


def test_county_level_needs_a_promised_date(desk: SimpleNamespace) -> None:
    before = _state_of_db()
    with pytest.raises(ValidationError, match="承诺办结日期") as err:
        _open(desk.official, level="县")
    assert err.value.field == "promised_on"
    with pytest.raises(ValidationError, match="不能早于受理日期"):
        _open(desk.official, level="县", promised_on="2026-11-20")
    with pytest.raises(ValidationError, match="2026年2月没有30日"):
        _open(desk.official, level="县", promised_on="2026-02-30")
    with pytest.raises(ValidationError, match="办理层级“省”不对"):
        _open(desk.official, level="省")
    assert _state_of_db() == before
    card = _open(desk.official, level="县", promised_on="2026年12月20日")
    assert card.due_on == card.promised_on == dt.date(2026, 12, 20)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"village": "不存在村"}, "village"),
        ({"name": ""}, "name"),
        ({"content": " "}, "content"),
        ({"phone": "12345"}, "phone"),
        ({"group_no": 7}, "group_no"),
        ({"category": "天气"}, "category"),
        ({"accepted_on": "2026-11-25"}, "accepted_on"),
        ({"origin": "微信群"}, "origin"),
        ({"first_receiver": "赵六"}, "first_receiver"),
    ],
)
def test_bad_input_changes_nothing(desk: SimpleNamespace, kw: dict[str, Any], field: str) -> None:
    before = _state_of_db()
    with pytest.raises((ValidationError, NotFound)) as err:
        _open(desk.official, **kw)
    assert err.value.field == field
    assert _state_of_db() == before


def test_first_receiver_required_when_operator_has_none(desk: SimpleNamespace) -> None:
    with pytest.raises(ValidationError, match="首办责任人") as err:
        _open(desk.system)
    assert err.value.field == "first_receiver"
    card = _open(desk.system, first_receiver="李娜")
    assert card.first_receiver == "李娜"
    assert card.events[0].operator == "系统"


def test_overdue_and_due_today_as_of_frozen_date(desk: SimpleNamespace) -> None:
    late = _open(desk.official, accepted_on="2026-11-20")  # Fri → due Mon 11-23
    today = _open(desk.official, accepted_on="2026-11-23")  # Mon → due Tue 11-24
    fine = _open(desk.official)
    assert (late.urgency, late.urgency_days, late.urgency_label) == ("overdue", 1, "超期 1 天")
    assert (today.urgency, today.urgency_label) == ("due_today", "今日到期")
    assert fine.urgency == "ok"
    overdue = list_matters_page(desk.official, MatterFilter(overdue=True))
    assert [r.number for r in overdue] == [late.number]
    rows = list_matters_page(desk.official, MatterFilter())
    assert [r.number for r in rows] == [late.number, today.number, fine.number]  # most urgent first
    assert rows[1].urgency == "due_today"
    step(desk.official, late.number, "办结", note="已办好")
    assert list_matters_page(desk.official, MatterFilter(overdue=True)) == []
    assert list_matters_page(desk.official, MatterFilter(state=STATE_ALL, overdue=True)) == []


def test_first_receiver_survives_transfer(desk: SimpleNamespace) -> None:
    card = _open(desk.official)
    card = step(desk.official, card.number, "转办", to="李娜", note="请李娜协调")
    assert card.state == "办理中"
    assert card.first_receiver == "王强" and card.handler == "李娜"
    card = step(desk.official, card.number, "转办", to="县民政局")
    assert card.first_receiver == "王强" and card.handler_unit == "县民政局"
    assert Matter.get(Matter.number == card.number).first_receiver_id == desk.wq
    assert [(e.kind, e.to_whom) for e in card.events[1:]] == [
        ("转办", "李娜"),
        ("转办", "县民政局"),
    ]
    with pytest.raises(ValidationError, match="转办须填写"):
        step(desk.official, card.number, "转办")


def test_whole_loop_with_audit_rows(desk: SimpleNamespace) -> None:
    card = _open(desk.official, level="镇")
    n = card.number
    step(desk.official, n, "转办", to="县残联")
    step(desk.leader, n, "督办", note="周一联席会督办")
    step(desk.official, n, "催办")
    step(desk.official, n, "进展", note="材料已报县残联")
    card = step(desk.official, n, "延期", note="等待评残", new_due="2026-12-04")
    assert card.due_on == dt.date(2026, 12, 4) and card.extensions == 1
    card = step(desk.official, n, "办结", note="残疾证已办好", demand_met=True, feedback="已告知")
    assert card.state == "已办结" and card.finished_on == dt.date(2026, 11, 24)
    assert card.result == "残疾证已办好" and card.demand_met is True
    card = step(desk.official, n, "签字确认")
    assert card.signed and card.signed_on == dt.date(2026, 11, 24)
    card = step(desk.official, n, "回访", satisfaction="不满意", note="嫌慢")
    assert card.satisfaction == "不满意" and card.return_visitor == "王强"
    with pytest.raises(RuleViolation, match="须重办后才能销号"):
        step(desk.official, n, "销号")
    card = step(desk.official, n, "重办", note="群众不满意，重办")
    assert card.state == "办理中" and card.reopened == 1
    assert card.finished_on is None and card.satisfaction == "" and not card.signed
    step(desk.official, n, "办结", note="补办完成")
    with pytest.raises(RuleViolation, match="请先签字确认再回访"):
        step(desk.official, n, "回访", satisfaction="满意", to="李娜")
    step(desk.official, n, "签字确认")
    step(desk.official, n, "回访", satisfaction="满意", to="李娜")
    card = step(desk.official, n, "销号")
    assert card.state == "已销号" and card.closed_on == dt.date(2026, 11, 24)
    assert card.return_visitor == "李娜" and card.first_receiver == "王强"
    kinds = [e.kind for e in card.events]
    assert kinds == [
        "受理", "转办", "督办", "催办", "进展", "延期", "办结", "签字确认",
        "回访", "重办", "办结", "签字确认", "回访", "销号",
    ]  # fmt: skip
    assert [e.operator for e in card.events].count("ln") == 1
    logged = list(AuditLog.select().where(AuditLog.table == "matter_event").order_by(AuditLog.id))
    assert len(logged) == len(kinds)
    assert [json.loads(r.changes)["kind"][1] for r in logged] == kinds
    assert [r.operator_name for r in logged] == ["ln" if k == "督办" else "wq" for k in kinds]
    matter_logs = AuditLog.select().where(AuditLog.table == "matter", AuditLog.record_id == card.id)
    assert {r.operator_name for r in matter_logs} == {"wq"}
    with pytest.raises(RuleViolation, match="已销号的事项不能再办理"):
        step(desk.leader, n, "进展", note="再看看")


def test_refused_steps_change_nothing(desk: SimpleNamespace) -> None:
    n = _open(desk.official).number
    before = _state_of_db()
    with pytest.raises(RuleViolation, match="还未办结，不能回访"):
        step(desk.official, n, "回访", satisfaction="满意")
    with pytest.raises(RuleViolation, match="未办结的事项不能销号"):
        step(desk.official, n, "销号")
    with pytest.raises(ValidationError, match="群众满意度“很好”不对"):
        step(desk.official, n, "回访", satisfaction="很好")
    with pytest.raises(ValidationError, match="2026年2月没有30日"):
        step(desk.official, n, "进展", note="x", on="2026-02-30")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        step(desk.official, n, "进展", note="x", on="2026-11-25")
    with pytest.raises(ValidationError, match="不能早于受理日期"):
        step(desk.official, n, "进展", note="x", on="2026-11-23")
    with pytest.raises(ValidationError, match="请填写办理进展"):
        step(desk.official, n, "进展")
    with pytest.raises(ValidationError, match="办结须填写办理结果"):
        step(desk.official, n, "办结")
    with pytest.raises(ValidationError, match="延期须写明原因"):
        step(desk.official, n, "延期", new_due="2026-12-01")
    with pytest.raises(ValidationError, match="须晚于现在的时限"):
        step(desk.official, n, "延期", note="等审批", new_due="2026-11-25")
    with pytest.raises(ValidationError, match="办理环节“完成”不对"):
        step(desk.official, n, "完成")
    with pytest.raises(NotFound, match="没有编号为“XH2026-0999”的事项"):
        step(desk.official, "XH2026-0999", "催办")
    assert _state_of_db() == before


def test_permissions(desk: SimpleNamespace) -> None:
    n = _open(desk.official).number
    before = _state_of_db()
    with pytest.raises(PermissionDenied):
        _open(desk.clerk, first_receiver="王强")
    with pytest.raises(PermissionDenied):
        step(desk.clerk, n, "进展", note="x")
    with pytest.raises(PermissionDenied):
        refuse_matter(desk.clerk, village="桃园村", name="张三", content="x", explanation="y")
    with pytest.raises(PermissionDenied):
        step(desk.official, n, "督办")  # 督办 is the leaders' (SUPERVISE)
    assert _state_of_db() == before
    assert get_matter(desk.clerk, n).number == n  # a clerk may still look


def test_masking_by_role(desk: SimpleNamespace) -> None:
    ctx = desk.system

    def work() -> int:
        hh = audit.create(ctx, Household, village=1, code="T-001", group_no=2, address="桃园村2组")
        who = audit.create(
            ctx,
            Resident,
            household=hh,
            name="张三",
            relation="户主",
            id_number="61090219650315001X",
        )
        return int(who.id)

    resident = ctx.write(work)
    card = _open(desk.official, resident_id=resident, phone="")
    assert card.group_no == 2 and card.address == "桃园村2组"
    assert card.id_number == "61090219650315001X"
    shown = get_matter(desk.clerk, card.number.lower())
    assert shown.id_number == "610902********001X"
    assert shown.phone == ""
    assert get_matter(desk.clerk, _open(desk.official).number).phone == "139****5678"
    with pytest.raises(NotFound, match="居民"):
        _open(desk.official, resident_id=99999)


def test_refuse_matter(desk: SimpleNamespace) -> None:
    with pytest.raises(ValidationError, match="不予受理须记录"):
        refuse_matter(
            desk.official, village="石门", name="王五", content="要求补贴", explanation=""
        )
    card = refuse_matter(
        desk.official,
        village="石门",
        name="王五",
        content="要求补贴",
        explanation="不符合政策，已解释",
    )
    assert card.state == "不予受理" and card.refused_reason == "不符合政策，已解释"
    assert card.due_on is None and card.level == "" and card.number == "XH2026-0001"
    assert [e.kind for e in card.events] == ["不予受理"]
    with pytest.raises(RuleViolation, match="不予受理的事项不在办理流程中"):
        step(desk.official, card.number, "办结", note="x")
    everything = MatterFilter(state=STATE_ALL, overdue=True)
    assert list_matters_page(desk.official, everything) == []
    refused = list_matters_page(desk.official, MatterFilter(state="不予受理"))
    assert [(r.number, r.urgency) for r in refused] == [(card.number, "done")]


def test_close_without_return_visit_when_town_allows(desk: SimpleNamespace) -> None:
    n = _open(desk.official).number
    step(desk.official, n, "办结", note="已办好")
    with pytest.raises(RuleViolation, match="签字确认后才能销号"):
        step(desk.official, n, "销号")
    step(desk.official, n, "签字确认")
    with pytest.raises(RuleViolation, match="本镇规定回访后才能销号"):
        step(desk.official, n, "销号")
    TownModel.update(require_return_visit=False).execute()
    assert step(desk.official, n, "销号").state == "已销号"


def test_redo_with_new_due_date(desk: SimpleNamespace) -> None:
    n = _open(desk.official).number
    step(desk.official, n, "办结", note="已办")
    step(desk.official, n, "签字确认")
    step(desk.official, n, "回访", satisfaction="不满意")
    with pytest.raises(ValidationError, match="不能早于重办日期"):
        step(desk.official, n, "重办", new_due="2026-11-23")
    card = step(desk.official, n, "重办", new_due="2026-11-30")
    assert card.due_on == dt.date(2026, 11, 30) and card.state == "办理中"


def test_categories_seeded_once(town_ctx: ServiceContext) -> None:
    from deskui.store.models import Category

    assert Category.select().count() == 0
    names = categories(town_ctx)
    assert names[0] == "政策咨询" and "土地林权与宅基地" in names and len(names) == 10
    assert categories(town_ctx) == names
    assert Category.select().count() == 10


def test_numbers_sequential_across_threads(desk: SimpleNamespace) -> None:
    numbers: list[str] = []
    errors: list[BaseException] = []

    def desk_thread() -> None:
        try:
            for _ in range(5):
                numbers.append(_open(desk.official).number)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            desk.official.db.close()

    threads = [threading.Thread(target=desk_thread) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(numbers) == [f"XH2026-{i:04d}" for i in range(1, 16)]


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from deskui.config import load_settings
    from deskui.services.context import open_context
    from deskui.services.matters.cards import open_matter

    db, go, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    ctx = open_context(load_settings(db))
    while not go.exists():
        time.sleep(0.01)
    for i in range(count):
        card = open_matter(ctx, village="桃园村", name="张三", content=f"事项{i}",
                           level="村", first_receiver="王强")
        print(card.number, flush=True)
    ctx.close()
    """
)


def test_two_desks_on_one_file_never_collide(desk: SimpleNamespace, tmp_path: Path) -> None:
    if desk.system.postgres:
        pytest.skip("the two-process race is about one SQLite file")
    first = _open(desk.official).number
    script = tmp_path / "desk_child.py"
    script.write_text(CHILD, encoding="utf-8")
    go = tmp_path / "go"
    db = desk.system.settings.db
    children = [
        subprocess.Popen(
            [sys.executable, str(script), db, str(go), "8"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    go.write_text("go")
    outputs = [c.communicate(timeout=120) for c in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in outputs]
    numbers = [line for out, _ in outputs for line in out.split()]
    assert first == "XH2026-0001"
    assert sorted(numbers) == [f"XH2026-{i:04d}" for i in range(2, 18)]
    seqs = [m.seq for m in Matter.select(Matter.seq).order_by(Matter.seq)]
    assert seqs == list(range(1, 18))


ID_OK = "110101201001011237"


def test_a_card_takes_the_applicants_id_number_and_its_origin(desk: SimpleNamespace) -> None:
    card = _open(
        desk.official, id_number="１１0101 20100101 1237", origin="电话"
    )  # full-width, spaced
    m = Matter.get(Matter.number == card.number)
    assert (m.id_number, m.origin) == (ID_OK, "电话")


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"id_number": "110101201001011238"}, "id_number", "校验位"),  # wrong check character
        ({"id_number": "11010120100101123"}, "id_number", "17"),  # one digit short
        ({"origin": "信访"}, "origin", "服务日接待"),  # not a 来源 of the card
        ({"handler": "张无忌"}, "handler", "张无忌"),  # no such official
    ],
)
def test_a_bad_id_number_origin_or_official_is_refused_next_to_its_field(
    desk: SimpleNamespace, kw: dict[str, Any], field: str, words: str
) -> None:
    before = Matter.select().count()
    with pytest.raises((ValidationError, NotFound)) as caught:
        _open(desk.official, **kw)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert Matter.select().count() == before


def test_an_official_who_has_left_is_not_named_on_a_new_card(desk: SimpleNamespace) -> None:
    desk.system.write(
        lambda: Official.update(archived=True).where(Official.id == desk.ln).execute()
    )
    for value in (desk.ln, "李娜"):
        with pytest.raises(ValidationError) as caught:
            _open(desk.official, leader=value)
        assert caught.value.field == "leader"
        assert "离岗" in str(caught.value)


def test_no_id_typed_keeps_the_residents_on_file(desk: SimpleNamespace) -> None:
    ctx = desk.system
    h = ctx.write(lambda: audit.create(ctx, Household, village=1, head_name="张三", code="H1"))
    r = ctx.write(
        lambda: audit.create(
            ctx, Resident, household=h, name="张三", relation="户主", id_number=ID_OK
        )
    )
    card = _open(desk.official, resident_id=r.id)
    assert Matter.get(Matter.number == card.number).id_number == ID_OK


def test_numbers_need_no_retry_when_desks_race(
    desk: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six desks accepting matters at once on one town: every number is
    given once, in turn, without a desk losing a race and trying again (a
    retry is switched off here, so a lost race would be an error)."""
    from deskui.services import context
    from deskui.store.database import write_retrying

    monkeypatch.setattr(
        context,
        "write_retrying",
        lambda db, fn, unique_race=False: write_retrying(db, fn, unique_race=False, attempts=1),
    )
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def desk_thread() -> None:
        try:
            start.wait(30)
            for _ in range(5):
                numbers.append(_open(desk.official).number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            desk.official.db.close()

    threads = [threading.Thread(target=desk_thread) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(numbers) == [f"XH2026-{i:04d}" for i in range(1, 31)]


def test_the_next_number_follows_cards_numbered_elsewhere(desk: SimpleNamespace) -> None:
    """Cards written with numbers of their own (an import, a database from
    before the counters): the next card starts after the highest."""
    from deskui.services.matters.cards import forget_numbers
    from deskui.store.models import MatterCounter

    first = _open(desk.official)
    assert first.number == "XH2026-0001"
    ctx = desk.system
    ctx.write(lambda: Matter.update(seq=40, number="XH2026-0040").execute())
    ctx.write(lambda: forget_numbers(int(ctx.town_id)))
    assert MatterCounter.select().count() == 0
    assert _open(desk.official).number == "XH2026-0041"
    assert _open(desk.official).number == "XH2026-0042"
